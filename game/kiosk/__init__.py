"""Kiosk mode: a game left running all day in an exhibition hall with nobody at the keyboard.

The parts, each small and testable without a window:
  config.py      the timings (attract after, idle reset after, countdown, retry) and settings keys
  nickname.py    the nickname filter (NFKC, allowed characters, the YAML block-list)
  leaderboard.py today's window (daily reset time, local) and the top-10 rows from the store
  ai.py          the attract-mode player: chooses actions for the chase logic, records nothing
  gesture.py     the operator's hidden gesture (long-press top-left, then top-right)
  controller.py  what the App asks each frame: idle watchdog, gesture, crash guard, out-of-order
  cli.py         `python main.py operator-pin` (set or clear the operator PIN)
The log file (rotating, in the data folder) is set up by game.app.run_app.
Nothing here imports pygame at module level.
"""
