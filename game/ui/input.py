"""The one reader of pygame's event queue: raw keys, clicks and widget events become game actions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pygame

KEYS: Mapping[int, str] = MappingProxyType({
    pygame.K_UP: "up",
    pygame.K_DOWN: "down",
    pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right",
    pygame.K_RETURN: "confirm",
    pygame.K_KP_ENTER: "confirm",
    pygame.K_SPACE: "confirm",
    pygame.K_ESCAPE: "back",
    pygame.K_TAB: "next",
    pygame.K_PAGEUP: "page_up",
    pygame.K_PAGEDOWN: "page_down",
    pygame.K_HOME: "home",
    pygame.K_END: "end",
    pygame.K_F11: "fullscreen",
})
NUMBER_KEYS: Mapping[int, int] = MappingProxyType(
    {getattr(pygame, f"K_{n}"): n for n in range(1, 10)} | {getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)})


@dataclass(frozen=True)
class Action:
    """What the player meant: `kind` is one of quit, resize, up, down, left, right, confirm, back, next,
    previous, number (value 1-9), click (pos), point (pos), scroll (value: lines, + is down), letter (value),
    page_up, page_down, home, end, fullscreen, widget (the pygame_gui event in `raw`)."""

    kind: str
    value: Any = None
    pos: tuple[int, int] | None = None
    raw: pygame.event.Event | None = None


class InputAdapter:
    """Turns the queue into actions; raw events are kept too, for the active scene's pygame_gui manager."""

    def read(self) -> tuple[list[Action], list[pygame.event.Event]]:
        raw = pygame.event.get()
        return [a for a in (translate(e) for e in raw) if a is not None], raw


def translate(event: pygame.event.Event) -> Action | None:
    if event.type == pygame.QUIT:
        return Action("quit", raw=event)
    if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
        size = getattr(event, "size", None) or (event.x, event.y)
        return Action("resize", value=tuple(size), raw=event)
    if pygame.USEREVENT <= event.type < pygame.NUMEVENTS:
        # pygame_gui's events (UI_BUTTON_PRESSED, UI_TEXT_ENTRY_CHANGED, ...) are custom event types; telling them
        # apart is the scene's business, and not importing pygame_gui here keeps the first frame quick
        return Action("widget", raw=event)
    if event.type == pygame.KEYDOWN:
        if event.key in NUMBER_KEYS:
            return Action("number", value=NUMBER_KEYS[event.key], raw=event)
        if event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT:
            return Action("previous", raw=event)
        if event.key in KEYS:
            return Action(KEYS[event.key], raw=event)
        if pygame.K_a <= event.key <= pygame.K_z:  # by key, not by character: in 한글 mode S types ㄴ
            return Action("letter", value=chr(event.key), raw=event)
        return None
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return Action("click", pos=tuple(event.pos), raw=event)
    if event.type == pygame.MOUSEMOTION:
        return Action("point", pos=tuple(event.pos), raw=event)
    if event.type == pygame.MOUSEWHEEL:
        return Action("scroll", value=-event.y * 3, raw=event)
    return None


def key(key_code: int, unicode: str = "", mod: int = 0) -> pygame.event.Event:
    """A synthetic key press, as tests and demos post it."""
    return pygame.event.Event(pygame.KEYDOWN, key=key_code, unicode=unicode, mod=mod, scancode=0)
