"""The window's settings (language, text size, high contrast, full screen, sound, coach mode), kept as JSON."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

LANGUAGES = ("ko", "en")
TEXT_SIZES = ("small", "medium", "large")


@dataclass(frozen=True)
class Settings:
    lang: str = "en"
    text_size: str = "medium"
    high_contrast: bool = False
    fullscreen: bool = False
    sound: bool = True
    coach: bool = False  # show trust, patience and state as numbers
    last_trainee: str | None = None

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def settings_path(given: str | Path | None = None) -> Path:
    """`given`, else $STARPATH_CONFIG, else window.json in the user's config directory."""
    chosen = given or os.environ.get("STARPATH_CONFIG")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_config_dir("starpath", appauthor=False)) / "window.json"


def load_settings(path: Path) -> Settings:
    """The saved settings; defaults for a missing, unreadable or partly wrong file (settings are a comfort,
    never a reason the game will not open)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name, getattr(defaults, f.name))
        default = getattr(defaults, f.name)
        if isinstance(default, bool) and not isinstance(value, bool):
            value = default
        values[f.name] = value
    if values["lang"] not in LANGUAGES:
        values["lang"] = defaults.lang
    if values["text_size"] not in TEXT_SIZES:
        values["text_size"] = defaults.text_size
    if values["last_trainee"] is not None and not isinstance(values["last_trainee"], str):
        values["last_trainee"] = None
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    temporary.replace(path)  # a crash mid-write must not leave half a file
