"""Speech: the game reads its text aloud, offline, in Mandarin and English.

- engines.py: the voices, chosen at run time: eSpeak NG's own program (its `cmn` voice for
  Mandarin), the operating system's voices through pyttsx3 (SAPI5 on Windows, NSSpeechSynthesizer
  on macOS, eSpeak NG on Linux; an optional extra, run in a helper process: osvoice.py), and
  "none" (silent; everything else still works).
- cache.py: rendered speech on disk, keyed by (engine, voice, rate, text), so a kiosk speaks at
  once after the first time (`python -m game.tools.speech` renders a whole track ahead).
- service.py: Speech, the service the App owns: say() and stop() from the frame, synthesis and
  decoding in a worker thread, playback through the game's mixer (game.audio: volume, mute, ducking).

Importing this package imports nothing heavy (no pygame, no subprocess is started).
"""

from __future__ import annotations

from game.speech.cache import Private
from game.speech.service import Speech, build_speech

__all__ = ["Private", "Speech", "build_speech"]
