"""The voices: speech engines behind one small interface, chosen at run time.

An engine says which of the game's languages it has a voice for (`voices()`) and renders one
text to an audio file (`render()`); both run in the speech worker thread, never in a frame.

- EspeakEngine runs eSpeak NG's own program (`espeak-ng -v cmn ... -w file`): Mandarin (`cmn`,
  Latin letters read as English: "K粉") and English (`en-us`) on any Linux with Debian's
  `espeak-ng` package, and on Windows or macOS where eSpeak NG is installed.
- OsVoiceEngine speaks with the operating system's voices through pyttsx3 (SAPI5 on Windows,
  where Chinese Windows has Mandarin voices such as Huihui; NSSpeechSynthesizer on macOS,
  Ting-Ting; eSpeak NG on Linux). pyttsx3 is an optional extra (`pip install -e ".[speech]"`).
  The drivers want their own thread's COM set-up (Windows) or the main thread's run loop
  (macOS), and a native crash there must not take the game down, so pyttsx3 runs in a helper
  process (`python -m game.speech.osvoice`) that this engine talks to by JSON lines.
- "none" is no engine at all: the game is silent and everything else works.

choose_engines("auto") orders what is installed: on Linux eSpeak NG first (its Mandarin voice is
there wherever the package is), elsewhere the system's voices first (better voices), then the other.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import subprocess

# subprocess, shutil, json and threading are imported where used: the game imports this module
# before its first frame, and runs an engine only after it (Speech.start()).

LANGS = ("zh-CN", "en")
KINDS = ("auto", "espeak", "os", "none")
RENDER_TIMEOUT_S = 60.0


class SpeechError(Exception):
    """An engine could not render (its program is missing, failed, or timed out)."""


class Engine(Protocol):
    name: str

    def voices(self) -> dict[str, str]:
        """{language: voice id} for the game's languages this engine can speak (may be slow: worker only)."""

    def render(self, text: str, lang: str, voice: str, rate: float, out: Path) -> None:
        """Write `text` spoken by `voice` at `rate` (1.0 = normal for a child) to the audio file `out`."""

    def close(self, timeout: float = 2.0) -> None:
        """Release what the engine holds (a helper process), waiting at most `timeout` seconds."""


def speakable(text: str) -> str:
    """The text as an engine should get it: one line, no bullets, no runs of spaces."""
    text = text.replace("•", " ").replace("\n", " ").replace("\r", " ").replace("\x00", "")
    return re.sub(r"\s+", " ", text).strip()


def _no_window() -> int:
    """Windows: start helper programs without flashing a console window."""
    import subprocess

    return getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


# -- eSpeak NG's program ----------------------------------------------------------------------------
ESPEAK_VOICES = {"zh-CN": ("cmn", "zh"), "en": ("en-us", "en-gb", "en")}
# words a minute at rate 1.0: a little slower than eSpeak's 175, for young listeners (a Mandarin "word"
# is about one syllable: 150 gives ~3 characters a second)
ESPEAK_WPM = {"zh-CN": 150, "en": 150}


def find_espeak() -> str | None:
    """The eSpeak NG program: on the PATH, or where its Windows installer puts it."""
    import shutil

    for name in ("espeak-ng", "espeak-ng.exe"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for base in (os.environ.get("ProgramFiles"), os.environ.get("ProgramFiles(x86)")):
            if base and (Path(base) / "eSpeak NG" / "espeak-ng.exe").is_file():
                return str(Path(base) / "eSpeak NG" / "espeak-ng.exe")
    return None


class EspeakEngine:
    name = "espeak"

    def __init__(self, program: str | None = None):
        self.program = program or find_espeak()

    @property
    def installed(self) -> bool:
        return self.program is not None

    def voices(self) -> dict[str, str]:
        import subprocess

        if self.program is None:
            return {}
        try:
            listing = subprocess.run(
                [self.program, "--voices"], capture_output=True, timeout=20, creationflags=_no_window()
            ).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError):
            return {}
        have = set()
        for line in listing.splitlines()[1:]:  # "Pty Language Age/Gender VoiceName File Other Languages"
            parts = line.split()
            if len(parts) >= 2:
                have.add(parts[1].lower())
        found = {}
        for lang, wanted in ESPEAK_VOICES.items():
            voice = next((v for v in wanted if v in have), None)
            if voice is not None:
                found[lang] = voice
        return found

    def words_per_minute(self, lang: str, rate: float) -> int:
        return max(80, min(450, round(ESPEAK_WPM.get(lang, 150) * rate)))

    def render(self, text: str, lang: str, voice: str, rate: float, out: Path) -> None:
        import subprocess

        if self.program is None:
            raise SpeechError("espeak-ng is not installed")
        # the text goes in on stdin (-b 1: UTF-8), never as an argument a leading "-" could turn into an option
        command = [
            self.program,
            "-v",
            voice,
            "-s",
            str(self.words_per_minute(lang, rate)),
            "-b",
            "1",
            "-w",
            str(out),
            "--stdin",
        ]
        try:
            done = subprocess.run(
                command,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT_S,
                creationflags=_no_window(),
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(f"espeak-ng: {exc}") from exc
        if done.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            message = done.stderr.decode("utf-8", "replace").strip()[:200]
            raise SpeechError(f"espeak-ng exited {done.returncode}: {message or 'no audio written'}")

    def close(self, timeout: float = 2.0) -> None:
        pass


# -- the system's voices, through pyttsx3 in a helper process --------------------------------------
# pyttsx3's rate is words a minute too (its default is 200)
OS_WPM = {"zh-CN": 170, "en": 160}
ZH_NAMES = ("chinese", "mandarin", "huihui", "yaoyao", "kangkang", "xiaoxiao", "ting-ting", "tingting", "lili")
ZH_OTHER = ("zh-tw", "zh-hk", "yue", "cantonese", "taiwan", "hong kong", "sin-ji", "mei-jia")


def _norm(language: Any) -> str:
    if isinstance(language, bytes):
        language = language.decode("utf-8", "replace")
    return re.sub(r"[^a-z0-9-]", "", str(language).lower().replace("_", "-"))


def pick_voice(lang: str, voices: list[dict[str, Any]]) -> str | None:
    """The best of the system's voices for one of the game's languages (None: it has none).

    Mandarin: a voice tagged zh-CN / cmn / zh-Hans, else one named like a Mandarin voice; never a
    Cantonese or Taiwanese one. English: en-US, then en-GB, then any English."""

    def score(voice: dict[str, Any]) -> int:
        languages = [_norm(x) for x in voice.get("languages") or ()]
        label = f"{voice.get('name', '')} {voice.get('id', '')}".lower()
        if lang == "zh-CN":
            if any(x.startswith(o) for x in languages for o in ZH_OTHER) or any(o in label for o in ZH_OTHER):
                return 0
            if any(x in ("zh-cn", "cmn", "zh-hans", "zh-hans-cn") for x in languages):
                return 4
            if any(x.startswith(("zh-cn", "cmn", "zh-hans")) for x in languages):  # e.g. eSpeak's cmn-latn-pinyin
                return 3
            if "zh" in languages:
                return 2
            return 1 if any(n in label for n in ZH_NAMES) else 0
        if any(x == "en-us" for x in languages):
            return 4
        if any(x.startswith("en-us") for x in languages):
            return 3
        if any(x.startswith("en-gb") for x in languages):
            return 2
        if any(x == "en" or x.startswith("en-") for x in languages) or "english" in label:
            return 1
        return 0

    ranked = sorted(((score(v), i) for i, v in enumerate(voices)), key=lambda s: (-s[0], s[1]))
    if not ranked or ranked[0][0] == 0:
        return None
    return str(voices[ranked[0][1]]["id"])


def pyttsx3_installed() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("pyttsx3") is not None
    except (ImportError, ValueError):
        return False


class OsVoiceEngine:
    """The system's voices via pyttsx3, in `python -m game.speech.osvoice` (started on first use)."""

    name = "os"

    def __init__(self, python: str | None = None):
        import threading

        self.python = python or sys.executable
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.last_voices: list[dict[str, Any]] = []

    def _start(self) -> subprocess.Popen[bytes]:
        import subprocess

        if self._proc is None or self._proc.poll() is not None:
            root = str(Path(__file__).resolve().parents[2])
            env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
            self._proc = subprocess.Popen(
                [self.python, "-m", "game.speech.osvoice"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                creationflags=_no_window(),
            )
        return self._proc

    def ask(self, request: dict[str, Any], timeout: float = RENDER_TIMEOUT_S) -> dict[str, Any]:
        """One request to the helper, one JSON answer; a helper that hangs past `timeout` is killed."""
        import json
        import threading

        with self._lock:
            try:
                proc = self._start()
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
                proc.stdin.flush()
                watchdog = threading.Timer(timeout, proc.kill)
                watchdog.start()
                try:
                    line = proc.stdout.readline()
                finally:
                    watchdog.cancel()
            except (OSError, ValueError) as exc:
                raise SpeechError(f"system voices: {exc}") from exc
            if not line:
                self._proc = None
                raise SpeechError("system voices: the helper stopped (is pyttsx3 installed and working?)")
            try:
                answer = json.loads(line)
            except ValueError as exc:
                raise SpeechError(f"system voices: unreadable answer {line[:80]!r}") from exc
            if "error" in answer:
                raise SpeechError(f"system voices: {answer['error']}")
            return answer

    def voices(self) -> dict[str, str]:
        if not pyttsx3_installed():
            return {}
        try:
            self.last_voices = self.ask({"op": "voices"}, timeout=30).get("voices", [])
        except SpeechError:
            return {}
        found = {}
        for lang in LANGS:
            voice = pick_voice(lang, self.last_voices)
            if voice is not None:
                found[lang] = voice
        return found

    def render(self, text: str, lang: str, voice: str, rate: float, out: Path) -> None:
        wpm = max(80, min(450, round(OS_WPM.get(lang, 165) * rate)))
        self.ask({"op": "render", "text": text, "voice": voice, "rate": wpm, "out": str(out)})
        if not out.is_file() or out.stat().st_size <= 44:
            raise SpeechError("system voices: no audio written")

    def close(self, timeout: float = 2.0) -> None:
        import subprocess

        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # the helper ends at the end of its input
            proc.wait(timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            proc.kill()


def choose_engines(kind: str = "auto") -> list[Any]:
    """The engines to try, best first: "auto" (what is installed, in this system's order), "espeak",
    "os" (pyttsx3) or "none" (silent)."""
    if kind not in KINDS:
        raise ValueError(f"speech engine must be one of {', '.join(KINDS)}; got {kind!r}")
    if kind == "none":
        return []
    espeak = EspeakEngine()
    system = OsVoiceEngine()
    have_espeak, have_os = espeak.installed, pyttsx3_installed()
    if kind == "espeak":
        return [espeak] if have_espeak else []
    if kind == "os":
        return [system] if have_os else []
    found = [e for e, ok in ((espeak, have_espeak), (system, have_os)) if ok]
    if sys.platform in ("win32", "darwin"):
        found.reverse()  # the system's own voices first where they are good
    return found
