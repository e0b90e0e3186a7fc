"""The client's face: the pack's image if it has one, else a drawn avatar whose expression follows the mood."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pygame

from game.ui.theme import Palette

SKIN = ((241, 204, 170), (224, 180, 140), (198, 150, 110), (160, 115, 80))
HAIR = ((40, 32, 28), (70, 50, 35), (25, 25, 30), (110, 90, 70), (150, 150, 150))
SUIT = ((48, 62, 96), (70, 70, 78), (96, 52, 60), (44, 80, 72))

# (mouth curve -1 frown .. 1 smile, brow tilt -1 angry .. 1 raised, eyes open 0-1, arms crossed, lean)
EXPRESSIONS: Mapping[str, tuple[float, float, float, bool, int]] = MappingProxyType({
    "guarded": (0.0, 0.0, 0.8, True, 0),
    "warming": (0.4, 0.2, 0.9, False, 0),
    "open": (0.7, 0.5, 1.0, False, 2),
    "confiding": (1.0, 0.6, 1.0, False, 5),
    "annoyed": (-0.8, -1.0, 0.6, True, -3),
    "walked_out": (-1.0, -0.8, 0.4, True, -6),
    "agreed": (1.0, 0.7, 1.0, False, 4),
    "out_of_time": (-0.2, 0.3, 0.8, False, -2),
})


def load_portrait(path: Path | None) -> pygame.Surface | None:
    """The pack's portrait image, or None when there is none or it cannot be read (the drawn one is used)."""
    if path is None or not path.is_file():
        return None
    try:
        return pygame.image.load(str(path)).convert_alpha()
    except (pygame.error, FileNotFoundError):
        return None


def draw_avatar(size: int, name: str, state: str, palette: Palette) -> pygame.Surface:
    """A bust of the client on a transparent square; the same name always gets the same looks."""
    digest = hashlib.sha256(name.encode()).digest()
    skin, hair, suit = SKIN[digest[0] % len(SKIN)], HAIR[digest[1] % len(HAIR)], SUIT[digest[2] % len(SUIT)]
    long_hair = digest[3] % 2 == 0
    mouth, brow, eyes, crossed, lean = EXPRESSIONS.get(state, EXPRESSIONS["guarded"])
    s = size / 200  # drawn on a 200-unit grid
    surface = pygame.Surface((size, size), pygame.SRCALPHA)

    def p(x: float, y: float) -> tuple[int, int]:
        return round((x + lean) * s), round(y * s)

    def r(x: float, y: float, w: float, h: float) -> pygame.Rect:
        return pygame.Rect(round((x + lean) * s), round(y * s), round(w * s), round(h * s))

    pygame.draw.ellipse(surface, suit, r(30, 140, 140, 110))  # shoulders
    pygame.draw.polygon(surface, (235, 235, 240), [p(85, 142), p(100, 175), p(115, 142)])  # collar
    if long_hair:
        pygame.draw.ellipse(surface, hair, r(52, 30, 96, 120))
    pygame.draw.rect(surface, skin, r(88, 118, 24, 26))  # neck
    pygame.draw.ellipse(surface, skin, r(58, 40, 84, 96))  # face
    pygame.draw.ellipse(surface, hair, r(54, 30, 92, 44))  # hair top
    pygame.draw.rect(surface, skin, r(62, 58, 76, 20))
    eye_h = max(2, round(10 * eyes * s))
    for x in (80, 112):
        pygame.draw.ellipse(surface, (40, 40, 48), pygame.Rect(round((x + lean) * s), round((84 - 5 * eyes) * s),
                                                              round(9 * s), eye_h))
    for x, side in ((76, -1), (108, 1)):  # brows: tilted down to the middle when angry
        inner = 72 - 6 * brow if side == 1 else 72 + 6 * min(brow, 0) - 2 * max(brow, 0)
        outer = 72 - 4 * brow
        a, b = (p(x, outer), p(x + 16, inner)) if side == -1 else (p(x, inner), p(x + 16, outer))
        pygame.draw.line(surface, hair, a, b, max(2, round(4 * s)))
    # the mouth: a curve through three points, bent by the mood
    left, right, middle = p(86, 112), p(114, 112), p(100, 112 + 9 * mouth)
    pygame.draw.lines(surface, (150, 60, 60), False, [left, middle, right], max(2, round(4 * s)))
    if state == "annoyed" or state == "walked_out":
        pygame.draw.circle(surface, (220, 120, 120), p(68, 100), round(7 * s))
        pygame.draw.circle(surface, (220, 120, 120), p(132, 100), round(7 * s))
    if crossed:  # arms folded across the chest
        pygame.draw.line(surface, tuple(max(0, c - 25) for c in suit), p(50, 185), p(150, 170), round(18 * s))
        pygame.draw.line(surface, tuple(max(0, c - 15) for c in suit), p(50, 170), p(150, 185), round(18 * s))
    if state == "out_of_time":  # glancing at a watch
        pygame.draw.circle(surface, palette.accent, p(150, 178), round(9 * s), max(1, round(3 * s)))
    return surface
