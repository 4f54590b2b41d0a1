"""The helper process behind OsVoiceEngine: pyttsx3 in its own process's main thread.

Protocol: one JSON request a line on stdin, one JSON answer a line on stdout.
  {"op": "voices"}  ->  {"voices": [{"id": ..., "name": ..., "languages": [...]}, ...]}
  {"op": "render", "text": ..., "voice": ..., "rate": WPM, "out": PATH}  ->  {"ok": true}
Anything wrong -> {"error": "..."}. The process ends when its stdin closes.

Why a process: SAPI5 wants COM set up in the thread that uses it, NSSpeechSynthesizer wants the
main thread's run loop, and a driver that crashes takes only this helper with it. Whatever the
drivers print goes to stderr, so stdout carries nothing but answers.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _voices(engine: Any) -> list[dict[str, Any]]:
    out = []
    for voice in engine.getProperty("voices") or ():
        languages = []
        for language in getattr(voice, "languages", None) or ():
            if isinstance(language, bytes):
                language = language.decode("utf-8", "replace").lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t")
            languages.append(str(language))
        out.append({"id": str(voice.id), "name": str(getattr(voice, "name", "") or ""), "languages": languages})
    return out


def _render(engine: Any, request: dict[str, Any]) -> dict[str, Any]:
    engine.setProperty("voice", request["voice"])
    engine.setProperty("rate", int(request.get("rate", 165)))
    engine.save_to_file(str(request["text"]), str(request["out"]))
    engine.runAndWait()
    return {"ok": True}


def main() -> int:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the drivers' own prints go to stderr, never into the answers
    sys.stdout = sys.stderr
    try:
        import pyttsx3

        engine = pyttsx3.init()
    except Exception as exc:  # noqa: BLE001 - reported to the game, which falls back to another engine
        engine, failure = None, f"pyttsx3 could not start: {type(exc).__name__}: {exc}"
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if engine is None:
                answer: dict[str, Any] = {"error": failure}
            elif request.get("op") == "voices":
                answer = {"voices": _voices(engine)}
            elif request.get("op") == "render":
                answer = _render(engine, request)
            else:
                answer = {"error": f"unknown op {request.get('op')!r}"}
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the helper
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
