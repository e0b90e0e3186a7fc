"""Window test set-up: a dummy-driver window over the tiny fixture pack, a fresh progress database, fixed dates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pygame
import pytest

from game.content.loader import Curriculum
from game.ui.app import App
from game.ui.input import key
from progress.store import Store

TODAY = date(2026, 11, 1)  # not the real date: everything the window stores must be dated by the app


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "progress.db") as opened:
        yield opened


@pytest.fixture
def make_app(mini_root: Path, tmp_path: Path) -> Iterator[Callable[..., App]]:
    """Builds apps sharing one settings file; every app is closed at the end."""
    made: list[App] = []
    pygame.init()

    def build(store: Store | None, root: Path = mini_root, size: tuple[int, int] = (1280, 720)) -> App:
        app = App(Curriculum(root), store, tmp_path / "window.json", size=size, today=lambda: TODAY,
                  new_seed=lambda: 5)
        made.append(app)
        return app

    yield build
    for app in made:
        app.close()
    pygame.quit()


def press(app: App, *keys: int, frames: int = 1) -> None:
    """Posts key presses one by one, each followed by a frame, as a player would type them."""
    for code in keys:
        pygame.event.post(key(code))
        for _ in range(frames):
            app.step(1 / 60)


def type_text(app: App, text: str) -> None:
    """Typing as the keyboard delivers it to text fields: one TEXTINPUT event per character."""
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        app.step(1 / 60)
