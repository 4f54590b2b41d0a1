"""The district view: many kiosks and classrooms push their rows to one central PostgreSQL server
(sync.py), and the prevention centre prints one city-wide report from it (report.py).

Nothing here is imported by the game itself unless a sync or a district report is asked for; the
PostgreSQL driver (psycopg 3, the `district` extra) is imported only inside those calls.
"""
