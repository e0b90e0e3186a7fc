"""The rules of a meeting: pure Python, no pygame, no sqlite, no files."""
