"""Screens of the game: title, player entry, track select, level runner, results."""
