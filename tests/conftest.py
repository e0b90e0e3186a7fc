"""Shared test set-up: no window, no sound, and the scenario roots the tests use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini_root() -> Path:
    """A complete, tiny scenario root: program.yaml and the `tiny` pack."""
    return MINI


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read a developer's own scenario folder, database or cache."""
    monkeypatch.delenv("STARPATH_SCENARIOS", raising=False)
    monkeypatch.setenv("STARPATH_DB", str(tmp_path / "starpath-test.db"))
    monkeypatch.setenv("STARPATH_CACHE", str(tmp_path / "cache"))
