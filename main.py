"""Starpath: `python main.py [command]`; with no command, the game window opens."""

from game.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
