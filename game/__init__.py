"""A youth drug-prevention game: quiz, chase and scenario levels loaded from YAML.

Importing this package is cheap and does nothing: no pygame, no database, no folders.
"""

__version__ = "0.1.0"
