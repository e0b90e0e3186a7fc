"""How the window looks: colour palettes (normal and high contrast), the shipped font, text rendering and wrapping."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    import pygame_gui

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONT_REGULAR = ASSETS / "fonts" / "NanumGothic.ttf"
FONT_BOLD = ASSETS / "fonts" / "NanumGothicBold.ttf"
THEME_FILE = ASSETS / "theme.json"

Colour = tuple[int, int, int]

# Base point sizes per text-size setting; every other size is a multiple of the base.
TEXT_SIZES: Mapping[str, int] = MappingProxyType({"small": 16, "medium": 18, "large": 22})
SCALES: Mapping[str, float] = MappingProxyType({"small": 0.85, "body": 1.0, "big": 1.35, "title": 2.4,
                                                 "huge": 3.2})
CACHE_LIMIT = 1500  # rendered strings kept; a long meeting log fits many times over


@dataclass(frozen=True)
class Palette:
    background: Colour
    panel: Colour
    panel_alt: Colour
    border: Colour
    text: Colour
    muted: Colour
    accent: Colour
    button: Colour
    button_hover: Colour
    focus: Colour
    good: Colour
    warn: Colour
    bad: Colour
    locked: Colour
    leak: Colour
    refusal: Colour
    you: Colour
    client: Colour


NORMAL = Palette(
    background=(22, 27, 41), panel=(34, 41, 60), panel_alt=(44, 52, 75), border=(70, 82, 112),
    text=(236, 239, 245), muted=(160, 170, 192), accent=(255, 204, 92), button=(52, 62, 90),
    button_hover=(68, 81, 116), focus=(255, 204, 92), good=(96, 200, 130), warn=(245, 145, 60),
    bad=(235, 96, 96), locked=(92, 100, 120), leak=(255, 214, 110), refusal=(235, 96, 96),
    you=(150, 200, 255), client=(236, 239, 245),
)
HIGH_CONTRAST = Palette(
    background=(0, 0, 0), panel=(0, 0, 0), panel_alt=(20, 20, 20), border=(255, 255, 255),
    text=(255, 255, 255), muted=(225, 225, 225), accent=(255, 255, 0), button=(0, 0, 0),
    button_hover=(40, 40, 40), focus=(255, 255, 0), good=(0, 255, 120), warn=(255, 200, 0),
    bad=(255, 90, 90), locked=(170, 170, 170), leak=(255, 255, 0), refusal=(255, 90, 90),
    you=(120, 220, 255), client=(255, 255, 255),
)


class Theme:
    """The palette and the fonts for the current settings; renders text through a bounded cache.

    Every character it renders is remembered in `drawn`, so a test can check each one exists in the font.
    """

    def __init__(self, text_size: str = "medium", high_contrast: bool = False):
        self.palette = HIGH_CONTRAST if high_contrast else NORMAL
        self.base = TEXT_SIZES.get(text_size, TEXT_SIZES["medium"])
        self._fonts: dict[tuple[str, bool], pygame.font.Font] = {}
        self._cache: OrderedDict[tuple[str, str, bool, Colour], pygame.Surface] = OrderedDict()
        self._wraps: OrderedDict[tuple[str, int, str, bool], list[str]] = OrderedDict()
        self._advances: dict[tuple[str, bool], dict[str, int]] = {}
        self.drawn: set[str] = set()

    def font(self, size: str = "body", bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        if key not in self._fonts:
            points = max(10, round(self.base * SCALES[size]))
            self._fonts[key] = pygame.font.Font(FONT_BOLD if bold else FONT_REGULAR, points)
        return self._fonts[key]

    def line_height(self, size: str = "body") -> int:
        return self.font(size).get_linesize()

    def text(self, text: str, colour: Colour, size: str = "body", bold: bool = False) -> pygame.Surface:
        key = (text, size, bold, colour)
        surface = self._cache.get(key)
        if surface is not None:
            self._cache.move_to_end(key)
            return surface
        self.drawn.update(text)
        surface = self.font(size, bold).render(text, True, colour)
        self._cache[key] = surface
        if len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)
        return surface

    def has_drawn(self, fragment: str) -> bool:
        """Whether a recently drawn text contains `fragment` (lets tests check what a scene showed)."""
        return any(fragment in key[0] for key in self._cache)

    def width(self, text: str, size: str = "body", bold: bool = False) -> int:
        """The drawn width of `text`: the sum of its characters' advances (the same as Font.size for this font,
        which has no kerning), each character measured once; Font.size on long Korean text costs ~0.2 ms."""
        advances = self._advances.setdefault((size, bold), {})
        total = 0
        for char in text:
            advance = advances.get(char)
            if advance is None:
                metrics = self.font(size, bold).metrics(char)
                advance = advances[char] = metrics[0][4] if metrics and metrics[0] else 0
            total += advance
        return total

    def wrap(self, text: str, width: int, size: str = "body", bold: bool = False) -> list[str]:
        """Lines no wider than `width`: breaks at spaces, and inside a word only when it alone is too wide
        (Korean sentences have spaces, but a long compound or URL may not). Cached: scenes wrap every frame."""
        key = (text, width, size, bold)
        lines = self._wraps.get(key)
        if lines is None:
            lines = self._wrap(text, width, size, bold)
            self._wraps[key] = lines
            if len(self._wraps) > CACHE_LIMIT * 4:
                self._wraps.popitem(last=False)
        return lines

    def _wrap(self, text: str, width: int, size: str, bold: bool) -> list[str]:
        space = self.width(" ", size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current, used = "", 0
            for word in paragraph.split(" "):
                wide = self.width(word, size, bold)
                if current and used + space + wide <= width:
                    current, used = f"{current} {word}", used + space + wide
                    continue
                if not current and wide <= width:
                    current, used = word, wide
                    continue
                if current:
                    lines.append(current)
                current, used = "", 0
                for char in word:  # a word wider than the line: break it between characters
                    step = self.width(char, size, bold)
                    if current and used + step > width:
                        lines.append(current)
                        current, used = "", 0
                    current, used = current + char, used + step
            lines.append(current)
        return lines


def missing_glyphs(font: pygame.font.Font, characters: set[str] | str) -> set[str]:
    """Characters the font has no glyph for. FreeType hands back the font's 'notdef' box instead of None for
    most missing glyphs, so a character whose rendering equals a private-use character's counts as missing."""
    notdef = pygame.image.tobytes(font.render("\ue000", True, (255, 255, 255)), "RGBA")
    missing = set()
    for char in set(characters):
        if char.isspace():
            continue
        metrics = font.metrics(char)
        if not metrics or metrics[0] is None:
            missing.add(char)
        elif pygame.image.tobytes(font.render(char, True, (255, 255, 255)), "RGBA") == notdef:
            missing.add(char)
    return missing


def gui_theme(theme: Theme) -> dict[str, dict]:
    """assets/theme.json for pygame_gui, with the text size and (in high contrast) the colours of the settings."""
    import json

    data = json.loads(THEME_FILE.read_text(encoding="utf-8"))
    points = str(round(theme.base * SCALES["body"]))
    for block in data.values():
        if "font" in block:
            block["font"]["size"] = points
    if theme.palette is HIGH_CONTRAST:
        hexed = {name: "#{:02X}{:02X}{:02X}".format(*value) for name, value in vars(theme.palette).items()}
        data["defaults"]["colours"].update({
            "normal_bg": hexed["panel"], "dark_bg": hexed["panel"], "normal_text": hexed["text"],
            "normal_border": hexed["border"], "text_cursor": hexed["accent"],
        })
    return data


def gui_manager(size: tuple[int, int], theme: Theme) -> pygame_gui.UIManager:
    """A pygame_gui manager drawing with the shipped font (imported here, not at startup: it takes ~70 ms)."""
    import pygame_gui

    manager = pygame_gui.UIManager(size, enable_live_theme_updates=False)
    manager.add_font_paths("nanum", str(FONT_REGULAR), str(FONT_BOLD))
    manager.get_theme().load_theme(gui_theme(theme))
    return manager
