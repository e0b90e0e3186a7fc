"""Before a meeting: the account briefing from pack.yaml (stage 1), the stage's objective and who you will meet."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.content.findings import ContentError
from game.content.loader import NotFoundError
from game.content.model import Scenario
from game.ui.app import App, Scene, problem_text
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header
from game.ui.widgets import Button, ButtonRow, Scroll, label, more_marks, panel, text_block


class BriefingScene(Scene):
    def __init__(self, app: App, trainee_id: str | None, pack_id: str, stage: int, *, seed: int | None = None):
        super().__init__(app)
        self.trainee_id = trainee_id
        self.pack_id = pack_id
        self.stage = stage
        self.seed = seed
        self.buttons = ButtonRow()
        self.scroll = Scroll()
        self.scroll_right = Scroll()
        self.scenario: Scenario | None = None
        self.problem: str | None = None
        self.unfinished = None
        self.rects: dict[str, pygame.Rect] = {}
        self._load()

    def _load(self) -> None:
        try:
            self.scenario = self.app.curriculum.scenario(self.pack_id, self.stage)
            self.pack = self.app.curriculum.pack(self.pack_id)
        except (ContentError, NotFoundError) as exc:
            self.scenario, self.problem = None, problem_text(exc)
        store = self.app.store
        if store is not None and self.trainee_id is not None and self.scenario is not None:
            self.unfinished = store.unfinished_attempt(self.trainee_id, self.pack_id, self.stage)

    def resume(self) -> None:
        self._load()

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        top = theme.line_height("big") + theme.line_height("small") + 34
        foot = h - theme.line_height("small") - 12
        button_h = theme.line_height() + 18
        y = foot - 12 - button_h
        if self.scenario is None:
            labels = [(t("window.briefing.back"), "back")]
        elif self.unfinished is not None:
            moves = len(self.app.store.moves(self.unfinished.id)) if self.app.store else 0
            labels = [(t("window.briefing.resume", moves=moves), "resume"), (t("window.briefing.restart"), "start"),
                      (t("window.briefing.back"), "back")]
        else:
            labels = [(t("window.briefing.start"), "start"), (t("window.briefing.back"), "back")]
        width = min(380, (w - 2 * MARGIN - 16 * (len(labels) - 1)) // len(labels))
        self.buttons.set([Button(text, action, pygame.Rect(MARGIN + i * (width + 16), y, width, button_h))
                          for i, (text, action) in enumerate(labels)])
        half = (w - 2 * MARGIN - 16) // 2
        self.rects = {"left": pygame.Rect(MARGIN, top, half, y - 12 - top),
                      "right": pygame.Rect(MARGIN + half + 16, top, half, y - 12 - top)}

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.pop()
            return True
        line = self.app.theme.line_height()
        if action.kind == "scroll":  # the wheel scrolls the panel under the pointer
            over_right = self.rects["right"].collidepoint(pygame.mouse.get_pos())
            return (self.scroll_right if over_right else self.scroll).handle(action, line)
        if action.kind in ("page_up", "page_down", "home", "end"):
            self.scroll_right.handle(action, line)
            return self.scroll.handle(action, line)
        pressed = self.buttons.handle(action)
        if pressed == "back":
            self.app.pop()
        elif pressed in ("start", "resume"):
            from game.ui.scenes.meeting import MeetingScene

            if pressed == "resume" and self.unfinished is not None:
                scene = MeetingScene.from_attempt(self.app, self.unfinished)
            else:
                scene = MeetingScene.start(self.app, self.pack_id, self.stage, trainee_id=self.trainee_id,
                                           seed=self.seed)
            self.app.push(scene)
        return pressed is not None

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        program_problem = self.app.program_problem()
        if self.scenario is None or program_problem:
            header(surface, theme, self.pack_id, "")
            text_block(surface, theme, t("window.journey.broken_stage", stage=self.stage, pack=self.pack_id,
                                         problem=self.problem or program_problem),
                       (MARGIN, self.rects["left"].y), surface.get_width() - 2 * MARGIN, p.bad)
        else:
            scenario, persona = self.scenario, self.scenario.persona
            stage = self.app.curriculum.program.stage(self.stage)
            header(surface, theme, t("play.header", stage=self.stage, title=f"{stage.name.get(lang)} · "
                                     f"{scenario.title.get(lang)}"), self.pack.name.get(lang))
            trains = stage.trains.get(lang)
            if self.stage == 1:  # the account briefing comes before the first meeting, beside the stage's own
                self._panel(surface, self.rects["left"], self.scroll,
                            lambda x, y, w: self._client(surface, x, self._stage(surface, x, y, w, trains), w))
                self._panel(surface, self.rects["right"], self.scroll_right,
                            lambda x, y, w: self._account(surface, x, y, w))
            else:
                self._panel(surface, self.rects["left"], self.scroll,
                            lambda x, y, w: self._stage(surface, x, y, w, trains))
                self._panel(surface, self.rects["right"], self.scroll_right,
                            lambda x, y, w: self._client(surface, x, y, w))
        self.buttons.draw(surface, theme)
        footer(surface, theme, t("window.hint.briefing"))

    def _panel(self, surface: pygame.Surface, box: pygame.Rect, scroll: Scroll,
               draw: Callable[[int, int, int], int]) -> None:
        """A panel whose content scrolls (PgUp/PgDn, the wheel) when it is taller than the panel."""
        theme = self.app.theme
        panel(surface, theme, box)
        clip = surface.get_clip()
        inner = box.inflate(-32, -20)
        surface.set_clip(inner)
        top = inner.y - scroll.offset
        bottom = draw(inner.x, top, inner.width)
        surface.set_clip(clip)
        scroll.resize(bottom - top, inner.height)
        more_marks(surface, theme, box, scroll)

    def _stage(self, surface: pygame.Surface, x: int, y: int, width: int, trains: str) -> int:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        assert self.scenario is not None
        y = self._field(surface, t("window.briefing.objective"), self.scenario.objective.get(lang), x, y, width,
                        colour=p.accent)
        y = self._field(surface, t("window.briefing.trains"), trains, x, y, width)
        return text_block(surface, theme, self.scenario.briefing.get(lang), (x, y), width, p.text) + 12

    def _client(self, surface: pygame.Surface, x: int, y: int, width: int) -> int:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        assert self.scenario is not None
        persona = self.scenario.persona
        label(surface, theme, t("window.briefing.client"), (x, y), p.accent, "body", bold=True)
        y += theme.line_height() + 4
        y = text_block(surface, theme, persona.name.get(lang), (x, y), width, p.text, "big", bold=True)
        y = text_block(surface, theme, f"{persona.role.get(lang)} · {persona.company.get(lang)}", (x, y), width,
                       p.muted) + 8
        y = self._field(surface, t("window.briefing.personality"), persona.personality.get(lang), x, y, width)
        if persona.priorities:
            y = self._field(surface, t("window.briefing.priorities"),
                            "\n".join("· " + item.get(lang) for item in persona.priorities), x, y, width)
        label(surface, theme, t("window.briefing.minutes", minutes=self.scenario.meeting_minutes), (x, y + 4),
              p.muted, "small")
        return y + theme.line_height("small") + 12

    def _account(self, surface: pygame.Surface, x: int, y: int, width: int) -> int:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        account = self.pack.account
        label(surface, theme, t("window.briefing.account"), (x, y), p.accent, "body", bold=True)
        y += theme.line_height() + 4
        if self.pack.seller is not None:
            y = self._field(surface, t("window.briefing.seller"), self.pack.seller.get(lang), x, y, width)
        for key, value in (("company", account.company), ("size", account.size),
                           ("provider", account.current_provider), ("opportunity", account.opportunity),
                           ("background", account.background)):
            y = self._field(surface, t(f"window.briefing.{key}"), value.get(lang), x, y, width)
        return y

    def _field(self, surface: pygame.Surface, name: str, value: str, x: int, y: int, width: int,
               colour: tuple[int, int, int] | None = None) -> int:
        theme, p = self.app.theme, self.app.theme.palette
        label(surface, theme, name, (x, y), p.muted, "small", bold=True)
        y += theme.line_height("small")
        return text_block(surface, theme, value, (x, y), width, colour or p.text) + 8
