"""Interface strings in every language the game shows (game/locales/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LOCALES = Path(__file__).resolve().parent / "locales"


class Strings:
    """The interface words of one language, falling back to English for any key it lacks."""

    def __init__(self, lang: str, table: dict[str, str], fallback: dict[str, str] | None = None):
        self.lang = lang
        self._table = table
        self._fallback = fallback or {}

    @classmethod
    def load(cls, lang: str) -> Strings:
        english = _read("en")
        return cls(lang, _read(lang) if lang != "en" else english, english)

    def __call__(self, key: str, **params: Any) -> str:
        template = self._table.get(key) or self._fallback.get(key) or key
        return template.format(**params) if params else template


def _read(lang: str) -> dict[str, str]:
    path = LOCALES / f"{lang}.yaml"
    if not path.is_file():
        raise ValueError(f"no interface language {lang!r} (have: {', '.join(available())})")
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def available() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yaml"))
