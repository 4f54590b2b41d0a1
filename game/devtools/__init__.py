"""Tools for the people who build the game, never needed to play it: the benchmarks
(`python main.py bench ...`), the scripted player that drives the real App through whole tracks,
`python main.py simulate` (plausible play data for demos, tests and benchmarks) and a throwaway
PostgreSQL server for the district tests.

This package sits on top of the house: it imports what it measures or drives, and nothing in the
runtime package imports it (tests/test_architecture.py checks both).
"""
