"""The rules of the house that code can check: the engine and the content stay pure."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PURE = ["game/engine", "game/content"]
FORBIDDEN = ("pygame", "pygame_gui", "sqlite3", "game.ui", "progress")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_no_pygame_sqlite_ui_or_progress(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert offenders == set()


def test_importing_every_pure_module_loads_neither_pygame_nor_sqlite3() -> None:
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in PURE for path in (ROOT / package).rglob("*.py")
    ]
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('pygame', 'sqlite3', '_sqlite3')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_only_one_module_reads_the_pygame_event_queue() -> None:
    readers = [
        str(path.relative_to(ROOT)) for path in (ROOT / "game").rglob("*.py")
        if "pygame.event.get(" in path.read_text(encoding="utf-8")
    ]
    assert len(readers) <= 1, readers
