"""Small drawn widgets shared by the scenes: buttons with keyboard focus, panels, wrapped text, bars, a scroll view."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from game.ui.input import Action
from game.ui.theme import Colour, Theme


@dataclass
class Button:
    label: str
    action: str
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    enabled: bool = True
    number: int | None = None  # shown as "1." and pressed with that key
    size: str = "body"


class ButtonRow:
    """A group of buttons one of which has keyboard focus; arrows move it, Enter presses it, a click presses
    the button under the pointer. `handle` returns the pressed button's action, else None."""

    def __init__(self, buttons: list[Button] | None = None, *, numbered: bool = False):
        self.buttons: list[Button] = buttons or []
        self.focus = 0
        self.numbered = numbered

    def set(self, buttons: list[Button]) -> None:
        self.buttons = buttons
        self.focus = min(self.focus, max(0, len(buttons) - 1))
        if buttons and not buttons[self.focus].enabled:
            self._move(1)

    @property
    def focused(self) -> Button | None:
        return self.buttons[self.focus] if self.buttons else None

    def _move(self, step: int) -> None:
        if not self.buttons:
            return
        for _ in range(len(self.buttons)):
            self.focus = (self.focus + step) % len(self.buttons)
            if self.buttons[self.focus].enabled:
                return

    def handle(self, action: Action) -> str | None | bool:
        """The pressed button's action; True if the action only moved focus; None if it was not ours."""
        if not self.buttons:
            return None
        if action.kind in ("up", "left", "previous"):
            self._move(-1)
            return True
        if action.kind in ("down", "right", "next"):
            self._move(1)
            return True
        if action.kind == "confirm" and self.focused and self.focused.enabled:
            return self.focused.action
        if action.kind == "number" and self.numbered:
            for button in self.buttons:
                if button.number == action.value and button.enabled:
                    return button.action
            return True  # a number with no button here is swallowed, not passed on
        if action.kind in ("click", "point") and action.pos is not None:
            for index, button in enumerate(self.buttons):
                if button.enabled and button.rect.collidepoint(action.pos):
                    self.focus = index
                    return button.action if action.kind == "click" else True
        return None

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        for index, button in enumerate(self.buttons):
            draw_button(surface, theme, button, focused=index == self.focus)


def draw_button(surface: pygame.Surface, theme: Theme, button: Button, *, focused: bool) -> None:
    p = theme.palette
    fill = p.button_hover if focused else p.button
    pygame.draw.rect(surface, fill, button.rect, border_radius=8)
    pygame.draw.rect(surface, p.focus if focused else p.border, button.rect, width=3 if focused else 1,
                     border_radius=8)
    colour = p.text if button.enabled else p.locked
    label = f"{button.number}. {button.label}" if button.number is not None else button.label
    pad = 12
    lines = theme.wrap(label, button.rect.width - 2 * pad, button.size)
    height = theme.line_height(button.size)
    top = button.rect.centery - len(lines) * height // 2
    for number, line in enumerate(lines):
        image = theme.text(line, colour, button.size, bold=focused)
        if button.number is None and len(lines) == 1:
            x = button.rect.centerx - image.get_width() // 2
        else:
            x = button.rect.x + pad
        surface.blit(image, (x, top + number * height))


def button_height(theme: Theme, label: str, width: int, size: str = "body") -> int:
    """How tall a button must be to hold its label wrapped to `width`."""
    lines = len(theme.wrap(label, width - 24, size))
    return max(theme.line_height(size) + 16, lines * theme.line_height(size) + 14)


def panel(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, *, alt: bool = False,
          border: Colour | None = None) -> None:
    p = theme.palette
    pygame.draw.rect(surface, p.panel_alt if alt else p.panel, rect, border_radius=10)
    pygame.draw.rect(surface, border or p.border, rect, width=1, border_radius=10)


def text_block(surface: pygame.Surface, theme: Theme, text: str, pos: tuple[int, int], width: int,
               colour: Colour, size: str = "body", bold: bool = False, max_lines: int | None = None) -> int:
    """Draws wrapped text; returns the y just below it."""
    x, y = pos
    lines = theme.wrap(text, width, size, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, len(lines[-1]) - 2)] + "…"
    height = theme.line_height(size)
    for line in lines:
        surface.blit(theme.text(line, colour, size, bold), (x, y))
        y += height
    return y


def label(surface: pygame.Surface, theme: Theme, text: str, pos: tuple[int, int], colour: Colour,
          size: str = "body", bold: bool = False, align: str = "left") -> pygame.Rect:
    image = theme.text(text, colour, size, bold)
    rect = image.get_rect()
    setattr(rect, {"left": "topleft", "center": "midtop", "right": "topright"}[align], pos)
    surface.blit(image, rect)
    return rect


def bar(surface: pygame.Surface, theme: Theme, rect: pygame.Rect, share: float, colour: Colour) -> None:
    """A horizontal bar filled to `share` (0-1)."""
    pygame.draw.rect(surface, theme.palette.panel_alt, rect, border_radius=4)
    filled = rect.copy()
    filled.width = round(rect.width * max(0.0, min(1.0, share)))
    if filled.width:
        pygame.draw.rect(surface, colour, filled, border_radius=4)
    pygame.draw.rect(surface, theme.palette.border, rect, width=1, border_radius=4)


def star(surface: pygame.Surface, centre: tuple[int, int], radius: int, colour: Colour, *,
         outline: Colour | None = None, width: int = 0) -> None:
    import math

    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    pygame.draw.polygon(surface, colour, points, width)
    if outline is not None:
        pygame.draw.polygon(surface, outline, points, 2)


class Scroll:
    """An offset into content taller than its view; keys and the wheel move it, clamped to the content."""

    def __init__(self) -> None:
        self.offset = 0
        self.content = 0
        self.view = 0
        self.stick_to_end = False

    def resize(self, content: int, view: int) -> None:
        at_end = self.offset >= self.content - self.view - 2
        self.content, self.view = content, view
        if self.stick_to_end and at_end:
            self.offset = self.limit
        self.offset = max(0, min(self.offset, self.limit))

    @property
    def limit(self) -> int:
        return max(0, self.content - self.view)

    def to_end(self) -> None:
        self.offset = self.limit

    def handle(self, action: Action, line: int) -> bool:
        step = {"scroll": (action.value or 0) * line, "page_up": -self.view + line, "page_down": self.view - line,
                "home": -self.content, "end": self.content}.get(action.kind)
        if step is None:
            return False
        self.offset = max(0, min(self.limit, self.offset + step))
        return True


def title_backdrop(surface: pygame.Surface, theme: Theme, title: str, tagline: str) -> None:
    """The title screen's sky, name and tagline (also the window's very first frame, before anything loads)."""
    import random

    p = theme.palette
    w, h = surface.get_size()
    surface.fill(p.background)
    rng = random.Random(7)  # the same sky every time, scaled to the window
    for _ in range(140):
        pygame.draw.circle(surface, p.muted, (int(rng.random() * w), int(rng.random() * h)), rng.randint(1, 2))
    label(surface, theme, title, (w // 2, 28), p.accent, "huge", bold=True, align="center")
    label(surface, theme, tagline, (w // 2, 28 + theme.line_height("huge")), p.text, "body", align="center")


def more_marks(surface: pygame.Surface, theme: Theme, box: pygame.Rect, scroll: Scroll) -> None:
    """▲ / ▼ at a panel's corner when there is more above or below (PgUp/PgDn and the wheel scroll it)."""
    colour = theme.palette.accent
    if scroll.offset > 0:
        label(surface, theme, "▲", (box.right - 8, box.y + 4), colour, "small", align="right")
    if scroll.offset < scroll.limit:
        label(surface, theme, "▼", (box.right - 8, box.bottom - theme.line_height("small") - 4), colour, "small",
              align="right")


def radar(surface: pygame.Surface, theme: Theme, box: pygame.Rect, values: list[int | None]) -> None:
    """A radar of 0-100 scores, one spoke per value (numbered from 1 at the top, clockwise); spokes without a
    score are drawn dimmed and count as 0 in the shape."""
    import math

    p = theme.palette
    count = len(values)
    if count < 3:
        return
    centre = box.center
    radius = min(box.width, box.height) // 2 - theme.line_height("small")

    def point(index: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return centre[0] + radius * share * math.cos(angle), centre[1] + radius * share * math.sin(angle)

    shape = [point(i, (value or 0) / 100) for i, value in enumerate(values)]
    if any(values):
        pygame.draw.polygon(surface, p.panel_alt, shape, 0)
    # the grid over the fill, so the rings still read through it
    for ring in (0.25, 0.5, 0.75, 1.0):
        pygame.draw.polygon(surface, p.border, [point(i, ring) for i in range(count)], 1)
    for index, value in enumerate(values):
        pygame.draw.line(surface, p.border, centre, point(index, 1.0), 1)
        lx, ly = point(index, 1.0 + 0.18 * 40 / max(40, radius))
        label(surface, theme, str(index + 1), (round(lx), round(ly - theme.line_height("small") / 2)),
              p.muted if value is None else p.text, "small", align="center")
    if any(values):
        pygame.draw.polygon(surface, p.accent, shape, 3)
