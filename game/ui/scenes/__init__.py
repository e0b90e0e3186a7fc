"""The window's scenes, one module each (common.py holds what several draw alike)."""
