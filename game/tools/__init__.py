"""Tools run by hand: ``python -m game.tools.<name>``. font_subset and make_sounds (re)build the game's
assets (developers); speech renders a track's speech into the cache ahead of time (operators of a kiosk).

Nothing here is imported by the game at runtime.
"""
