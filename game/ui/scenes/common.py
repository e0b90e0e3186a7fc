"""What several scenes draw the same way: the header, the key hints at the bottom, and event texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.engine.events import ChoiceMade, ClientLine, Event, IntelLeaked, IntelRefused, MeetingEnded, StateChanged
from game.i18n import Strings
from game.ui.theme import Theme
from game.ui.widgets import label

if TYPE_CHECKING:
    from game.engine.scoring import Reason

MARGIN = 24
TERMINAL = ("agreed", "walked_out", "out_of_time")


def header(surface: pygame.Surface, theme: Theme, title: str, subtitle: str = "") -> int:
    """Draws the scene's title bar; returns the y where content starts."""
    p = theme.palette
    surface.fill(p.background)
    height = theme.line_height("big") + (theme.line_height("small") if subtitle else 0) + 20
    pygame.draw.rect(surface, p.panel, (0, 0, surface.get_width(), height))
    pygame.draw.line(surface, p.border, (0, height), (surface.get_width(), height))
    label(surface, theme, title, (MARGIN, 10), p.accent, "big", bold=True)
    if subtitle:
        label(surface, theme, subtitle, (MARGIN, 10 + theme.line_height("big")), p.muted, "small")
    return height + 14


def footer(surface: pygame.Surface, theme: Theme, hints: str) -> int:
    """Draws the key hints along the bottom; returns the y where the footer starts."""
    p = theme.palette
    height = theme.line_height("small") + 12
    top = surface.get_height() - height
    pygame.draw.rect(surface, p.panel, (0, top, surface.get_width(), height))
    label(surface, theme, hints, (MARGIN, top + 6), p.muted, "small")
    return top


def log_entry(event: Event, t: Strings, lang: str, client: str) -> tuple[str, str, str] | None:
    """(kind, speaker, text) for one event in a conversation log, or None for events the log does not show."""
    if isinstance(event, ClientLine):
        return "client", client, event.text.get(lang)
    if isinstance(event, ChoiceMade):
        return "you", t("play.you"), event.text.get(lang)
    if isinstance(event, IntelLeaked):
        key = "window.log.volunteered" if event.volunteered else "window.log.leak"
        return "leak", "", t(key, tier=event.tier, title=event.title.get(lang))
    if isinstance(event, IntelRefused):
        return "refusal", "", t("window.log.refused", tier=event.tier, title=event.title.get(lang),
                                penalty=event.penalty)
    if isinstance(event, StateChanged) and event.after not in TERMINAL:
        return "mood", "", t("window.log.mood", mood=t(f"state.{event.after}"))
    if isinstance(event, MeetingEnded):
        return "end", "", t(f"ending.{event.ending}")
    return None


def reason_text(reason: Reason, t: Strings, lang: str) -> str:
    """A pass/fail reason in the trainee's language (the engine gives a code and figures)."""
    params = dict(reason.params)
    if "title" in params and isinstance(params["title"], dict):
        params["title"] = params["title"].get(lang) or params["title"].get("en")
    if reason.code == "ending":
        params["ending_text"] = t(f"state.{params['ending']}")
    return t("reason." + reason.code, **params)
