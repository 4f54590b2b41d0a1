"""Developer tools that (re)build the game's assets: run them with ``python -m game.tools.<name>``.

Nothing here is imported by the game at runtime.
"""
