"""Screens of the game: title, player entry, class code, track select, level runner, results, the
leaderboard, settings and the teacher area. The Scene protocol they implement is game/scene.py; the
kiosk's own screens are in game/kiosk/, a level type's in game/levels/<type>/scene.py."""
