"""Starpath: the game, its content and its rules."""
