"""The journey map: the seven stages as a path of stars, and the 18-month window as a timeline."""

from __future__ import annotations

import math
from datetime import date

import pygame

from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header
from game.ui.widgets import label, panel, star, text_block
from progress.store import Attempt
from progress.window import Window, standing


class JourneyScene(Scene):
    def __init__(self, app: App, trainee_id: str):
        super().__init__(app)
        self.trainee_id = trainee_id
        self.selected = 0
        self.message = ""
        self.centres: list[tuple[int, int]] = []
        self.radius = 30
        self.rects: dict[str, pygame.Rect] = {}
        self._load()
        self.selected = min(self.unlocked[-1], len(self.stages)) - 1 if self.stages else 0

    def _load(self) -> None:
        app = self.app
        assert app.store is not None
        self.trainee = app.store.trainee(self.trainee_id)
        self.entry = app.pack_for(self.trainee.vertical)
        self.problem = app.program_problem()
        self.stages = app.curriculum.program.stages if self.problem is None else ()
        self.passed = app.store.passed_stages(self.trainee_id)
        self.unlocked = app.store.unlocked_stages(self.trainee_id)
        self.best: dict[int, int] = {}
        self.tries: dict[int, int] = {}
        self.last: dict[int, Attempt] = {}  # the latest finished attempt per stage
        for attempt in app.store.attempts(self.trainee_id):
            self.tries[attempt.stage] = self.tries.get(attempt.stage, 0) + 1
            if not attempt.unfinished:
                self.last[attempt.stage] = attempt
            if attempt.satisfaction is not None and attempt.passed:
                self.best[attempt.stage] = max(self.best.get(attempt.stage, 0), attempt.satisfaction)
        if self.problem is None:
            program = app.curriculum.program
            self.window = Window.for_program(program, self.trainee.enrolled)
            self.standing = standing(self.window, self.passed, app.today(), len(program.stages))

    def resume(self) -> None:
        before = list(self.unlocked)
        self._load()
        if self.unlocked != before and self.stages:  # a stage just opened: that is where the trainee goes next
            self.selected = min(self.unlocked[-1], len(self.stages)) - 1

    def layout(self, size: tuple[int, int]) -> None:
        theme, (w, h) = self.app.theme, size
        top = theme.line_height("big") + theme.line_height("small") + 34
        foot = h - theme.line_height("small") - 12
        timeline_h = 3 * theme.line_height("small") + 40
        self.rects["timeline"] = pygame.Rect(MARGIN, foot - 14 - timeline_h, w - 2 * MARGIN, timeline_h)
        path_h = int((self.rects["timeline"].top - top) * 0.52)
        self.rects["path"] = pygame.Rect(MARGIN, top, w - 2 * MARGIN, path_h)
        self.rects["detail"] = pygame.Rect(MARGIN, top + path_h + 12, w - 2 * MARGIN,
                                           self.rects["timeline"].top - 12 - top - path_h - 12)
        count = max(1, len(self.stages))
        box = self.rects["path"]
        self.radius = max(18, min(34, box.height // 6, box.width // (count * 4)))
        step = (box.width - 2 * 60) / max(1, count - 1)
        mid = box.y + box.height // 2 - theme.line_height("small")
        amplitude = box.height * 0.16
        self.centres = [(round(box.x + 60 + i * step), round(mid - amplitude * math.sin(i * math.pi / 3)))
                        for i in range(count)]

    def stage_state(self, number: int) -> str:
        if number in self.passed:
            return "passed"
        return "open" if number in self.unlocked else "locked"

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.pop()
            return True
        if not self.stages:
            return False
        if action.kind in ("left", "up", "previous"):
            self.selected = max(0, self.selected - 1)
            self.message = ""
        elif action.kind in ("right", "down", "next"):
            self.selected = min(len(self.stages) - 1, self.selected + 1)
            self.message = ""
        elif action.kind == "number" and 1 <= action.value <= len(self.stages):
            self.selected = action.value - 1
            self.open_stage()
        elif action.kind == "confirm":
            self.open_stage()
        elif action.kind == "click" and action.pos is not None:
            for index, centre in enumerate(self.centres):
                if math.dist(centre, action.pos) <= self.radius + 10:
                    self.selected = index
                    self.open_stage()
                    return True
            return False
        else:
            return False
        return True

    def open_stage(self) -> None:
        from game.ui.scenes.briefing import BriefingScene

        number = self.selected + 1
        t = self.app.t
        if self.stage_state(number) == "locked":
            self.message = t("window.journey.locked_help", stage=self.unlocked[-1])
            return
        if self.entry is None or self.entry.pack is None:
            self.message = t("window.journey.no_pack", vertical=self.trainee.vertical,
                             problem=self.entry.problem if self.entry else "-")
            return
        self.app.push(BriefingScene(self.app, self.trainee_id, self.entry.id, number))

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        pack_name = self.entry.name(lang) if self.entry else self.trainee.vertical
        if self.problem is not None:
            header(surface, theme, t("window.journey.title", name=self.trainee.name, pack=pack_name))
            text_block(surface, theme, self.problem, (MARGIN, self.rects["path"].y), surface.get_width() - 2 * MARGIN,
                       p.bad)
            footer(surface, theme, t("window.hint.journey"))
            return
        s = self.standing
        status = t(f"window.status.{s.status.value}")
        if s.current_stage is None:
            line = t("window.journey.completed", status=status)
        else:
            line = t("window.journey.stage_status", stage=s.current_stage, total=len(self.stages),
                     days=max(0, s.days_remaining), status=status)
        header(surface, theme, t("window.journey.title", name=self.trainee.name, pack=pack_name), line)
        self._draw_path(surface)
        self._draw_detail(surface)
        self._draw_timeline(surface)
        footer(surface, theme, t("window.hint.journey"))

    def _draw_path(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        if len(self.centres) > 1:
            pygame.draw.lines(surface, p.border, False, self.centres, 3)
        for index, (stage, centre) in enumerate(zip(self.stages, self.centres)):
            state = self.stage_state(stage.number)
            if index == self.selected:
                pygame.draw.circle(surface, p.focus, centre, self.radius + 10, 3)
            if state == "passed":
                star(surface, centre, self.radius, p.accent, outline=p.text)
            elif state == "open":
                star(surface, centre, self.radius, p.panel_alt, outline=p.accent)
            else:
                star(surface, centre, self.radius, p.panel, outline=p.locked)
            colour = p.text if state != "locked" else p.locked
            y = centre[1] + self.radius + 12
            label(surface, theme, f"{stage.number} · {stage.name.get(lang)}", (centre[0], y), colour, "body",
                  bold=index == self.selected, align="center")
            y += theme.line_height()
            if state == "passed":
                text = t("window.journey.passed", best=self.best.get(stage.number, "-"))
            else:
                text = t(f"window.journey.{state}")
            label(surface, theme, text, (centre[0], y), p.good if state == "passed" else colour, "small",
                  align="center")

    def _draw_detail(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        box = self.rects["detail"]
        panel(surface, theme, box)
        stage = self.stages[self.selected]
        x, width, y = box.x + 16, box.width - 32, box.y + 10
        label(surface, theme, t("play.header", stage=stage.number, title=stage.name.get(lang)), (x, y), p.accent,
              "body", bold=True)
        tries = self.tries.get(stage.number, 0)
        if tries:
            label(surface, theme, t("window.journey.attempts", count=tries), (box.right - 16, y), p.muted, "small",
                  align="right")
        y += theme.line_height() + 2
        y = text_block(surface, theme, stage.trains.get(lang), (x, y), width, p.text, max_lines=2) + 4
        facts = [t("window.journey.target_date", date=self.window.targets[self.selected].isoformat()),
                 t("window.journey.pass_rule", needed=stage.passing.min_satisfaction,
                   ending=t(f"state.{stage.passing.ending}"))]
        if stage.number in self.passed:
            facts.append(t("window.journey.passed_on", date=self.passed[stage.number].isoformat()))
        y = text_block(surface, theme, " · ".join(facts), (x, y), width, p.muted, "small", max_lines=2) + 4
        last = self.last.get(stage.number)
        if last is not None and last.finished is not None:
            text = t("window.journey.last", date=last.finished.date().isoformat(),
                     outcome=t(f"window.detail.{last.outcome}"), satisfaction=last.satisfaction,
                     ending=t(f"state.{last.ending}"))
            y = text_block(surface, theme, text, (x, y), width, p.good if last.passed else p.warn, "small",
                           max_lines=2) + 4
        if self.entry is not None and self.entry.problem:
            y = text_block(surface, theme, t("window.title.pack_broken", pack=self.entry.id,
                                             problem=self.entry.problem), (x, y), width, p.bad, "small", max_lines=2)
        if self.message:
            text_block(surface, theme, self.message, (x, y + 2), width, p.warn, "small", max_lines=2)

    def _draw_timeline(self, surface: pygame.Surface) -> None:
        theme, t, p = self.app.theme, self.app.t, self.app.theme.palette
        box, window, today = self.rects["timeline"], self.window, self.app.today()
        panel(surface, theme, box)
        line = theme.line_height("small")
        track = pygame.Rect(box.x + 24, box.y + line + 18, box.width - 48, 10)
        span = max(1, (window.deadline - window.enrolled).days)

        def x_of(day: date) -> int:
            share = (day - window.enrolled).days / span
            return track.x + round(track.width * max(0.0, min(1.0, share)))

        pygame.draw.rect(surface, p.panel_alt, track, border_radius=5)
        elapsed = track.copy()
        elapsed.width = x_of(today) - track.x
        pygame.draw.rect(surface, p.accent if self.standing.status.value in ("on_track", "completed") else p.warn,
                         elapsed, border_radius=5)
        for number, target in enumerate(window.targets, 1):
            tx = x_of(target)
            # passed: green; its target date gone by without a pass: red (the reason for "behind")
            tone = p.good if number in self.passed else (p.bad if number in self.standing.missed_targets else p.muted)
            pygame.draw.line(surface, tone, (tx, track.y - 6), (tx, track.bottom + 6), 2)
            label(surface, theme, t("window.journey.target", stage=number), (tx, track.bottom + 6), tone, "small",
                  align="center")
        tx = x_of(today)
        pygame.draw.polygon(surface, p.text, [(tx, track.y - 2), (tx - 7, track.y - 12), (tx + 7, track.y - 12)])
        label(surface, theme, f"{t('window.journey.today')} {today.isoformat()}", (tx, box.y + 6), p.text, "small",
              align="center" if track.x + 80 < tx < track.right - 80 else ("left" if tx < box.centerx else "right"))
        bottom = track.bottom + 8 + line
        label(surface, theme, t("window.journey.enrolled", date=window.enrolled.isoformat()), (track.x, bottom),
              p.muted, "small")
        label(surface, theme, t("window.journey.deadline", date=window.deadline.isoformat()), (track.right, bottom),
              p.bad if today > window.deadline else p.text, "small", align="right")
