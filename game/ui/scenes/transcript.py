"""A meeting's full transcript, rebuilt from its events: what was said, what leaked, what was refused."""

from __future__ import annotations

import pygame

from game.engine.meeting import Meeting
from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header, log_entry
from game.ui.widgets import Scroll, more_marks, panel


class TranscriptScene(Scene):
    def __init__(self, app: App, meeting: Meeting, *, heading: str | None = None):
        super().__init__(app)
        self.meeting = meeting
        self.heading = heading
        self.scroll = Scroll()
        self.lines: list[tuple[str, str, bool]] = []  # (kind, text, bold)
        self.view = pygame.Rect(0, 0, 0, 0)

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, lang, (w, h) = self.app.theme, self.app.t, self.app.lang, size
        top = theme.line_height("big") + theme.line_height("small") + 34
        self.view = pygame.Rect(MARGIN, top, w - 2 * MARGIN, h - theme.line_height("small") - 24 - top)
        width = self.view.width - 40
        client = self.meeting.scenario.persona.name.get(lang)
        lines: list[tuple[str, str, bool]] = []
        turn = 0
        for event in self.meeting.events:
            entry = log_entry(event, t, lang, client)
            if entry is None:
                continue
            kind, speaker, text = entry
            if kind == "you":
                turn += 1
                speaker = f"{turn}. {speaker}"
            if speaker:
                lines.append((kind, speaker, True))
            lines += [(kind, line, kind in ("leak", "refusal", "end")) for line in theme.wrap(text, width - 12)]
            lines.append((kind, "", False))
        self.lines = lines
        self.scroll.resize(len(lines) * theme.line_height(), self.view.height - 20)

    def handle(self, action: Action) -> bool:
        if action.kind in ("back", "confirm"):
            self.app.pop()
            return True
        line = self.app.theme.line_height()
        if action.kind in ("up", "down"):
            self.scroll.offset = max(0, min(self.scroll.limit, self.scroll.offset + (line if action.kind == "down"
                                                                                      else -line) * 2))
            return True
        return self.scroll.handle(action, line)

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        m = self.meeting
        header(surface, theme, self.heading or t("window.transcript.title", title=m.scenario.title.get(lang)),
               t("window.transcript.meta", seed=m.seed, turns=len(m.turns), minutes=m.minutes))
        panel(surface, theme, self.view, alt=True)
        inner = self.view.inflate(-40, -20)
        clip = surface.get_clip()
        surface.set_clip(inner)
        colours = {"you": p.you, "client": p.client, "leak": p.leak, "refusal": p.refusal, "mood": p.muted,
                   "end": p.accent}
        line = theme.line_height()
        first = self.scroll.offset // line
        y = inner.y - self.scroll.offset % line
        for kind, text, bold in self.lines[first:first + inner.height // line + 2]:
            if text:
                surface.blit(theme.text(text, colours[kind], "body", bold), (inner.x, y))
            y += line
        surface.set_clip(clip)
        more_marks(surface, theme, self.view, self.scroll)
        footer(surface, theme, t("window.hint.transcript"))
