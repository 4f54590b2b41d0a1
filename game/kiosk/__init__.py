"""Kiosk mode: a game left running all day in an exhibition hall with nobody at the keyboard.

The parts, each small and testable without a window:
  config.py      the timings (attract after, idle reset after, countdown, retry) and settings keys
  ai.py          the attract-mode player: chooses actions for the chase logic, records nothing
  attract.py     the attract demo (a chase playing itself, then today's top 10) and "still there?"
  operator.py    the operator's PIN and menu; out_of_order.py: the screen while the database is out
  gesture.py     the operator's hidden gesture (long-press top-left, then top-right)
  controller.py  the App hook: idle watchdog, gesture, crash guard, out-of-order (game/scene.py AppHook)
  cli.py         `python main.py operator-pin` (set or clear the operator PIN)
Beside it: the nickname filter (game/content/nickname.py) and today's board (game/store/leaderboard.py),
which the game's own scenes use too.
The log file (rotating, in the data folder) is set up by game.app.run_app.
Nothing here imports pygame at module level.
"""
