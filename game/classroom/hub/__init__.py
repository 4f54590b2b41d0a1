"""The live classroom hub: a small web server on the teacher's machine (server.py) that stores the
devices' rows as they play (intake.py checks them; game/store/sessionfile.py merges them) and serves
a live board to the teacher's browser (board.py works out its figures; static/ holds the page).

Importing this package is cheap: the web stack (Starlette, uvicorn, segno: the `classroom` extra)
is imported only when a hub starts.
"""
