"""The debrief: pass or fail and why, satisfaction against the 40-point line, intel by tier, skills, key moments."""

from __future__ import annotations

import pygame

from game.engine.meeting import Meeting
from game.engine.scoring import FAIL_LINE, Debrief, debrief
from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header, reason_text
from game.ui.widgets import Button, ButtonRow, Scroll, bar, label, more_marks, panel, radar, text_block


class DebriefScene(Scene):
    def __init__(self, app: App, meeting: Meeting, *, pack_id: str, trainee_id: str | None = None,
                 attempt_id: int | None = None):
        super().__init__(app)
        self.meeting = meeting
        self.result: Debrief = debrief(meeting)
        self.pack_id = pack_id
        self.trainee_id = trainee_id
        self.attempt_id = attempt_id
        self.buttons = ButtonRow()
        self.scroll = Scroll()
        self.scroll_left = Scroll()
        self.rects: dict[str, pygame.Rect] = {}

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        top = theme.line_height("big") + theme.line_height("small") + 34
        foot = h - theme.line_height("small") - 12
        button_h = theme.line_height() + 18
        y = foot - 12 - button_h
        labels = [(t("window.debrief.retry"), "retry"), (t("window.debrief.transcript"), "transcript"),
                  (t("window.debrief.map"), "map")]
        width = (w - 2 * MARGIN - 2 * 16) // 3
        self.buttons.set([Button(text, action, pygame.Rect(MARGIN + i * (width + 16), y, width, button_h))
                          for i, (text, action) in enumerate(labels)])
        left_w = int((w - 2 * MARGIN - 16) * 0.46)
        self.rects = {
            "left": pygame.Rect(MARGIN, top, left_w, y - 12 - top),
            "right": pygame.Rect(MARGIN + left_w + 16, top, w - 2 * MARGIN - left_w - 16, y - 12 - top),
        }

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.to_map()
            return True
        line = self.app.theme.line_height()
        if action.kind == "scroll" and self.rects["left"].collidepoint(pygame.mouse.get_pos()):
            return self.scroll_left.handle(action, line)
        if action.kind in ("scroll", "page_up", "page_down", "home", "end"):
            moved = self.scroll.handle(action, line)
            return self.scroll_left.handle(action, line) if action.kind != "scroll" else moved
        pressed = self.buttons.handle(action)
        if pressed == "retry":
            from game.ui.scenes.meeting import MeetingScene

            self.app.replace(MeetingScene.start(self.app, self.pack_id, self.meeting.scenario.stage,
                                                trainee_id=self.trainee_id))
        elif pressed == "transcript":
            from game.ui.scenes.transcript import TranscriptScene

            self.app.push(TranscriptScene(self.app, self.meeting))
        elif pressed == "map":
            self.to_map()
        return pressed is not None

    def to_map(self) -> None:
        from game.ui.scenes.journey import JourneyScene

        if any(isinstance(scene, JourneyScene) for scene in self.app.stack):
            self.app.pop_to(JourneyScene)
        else:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        app, theme, t, lang = self.app, self.app.theme, self.app.t, self.app.lang
        p, r, scenario = theme.palette, self.result, self.meeting.scenario
        stage = app.curriculum.program.stage(scenario.stage) if app.program_problem() is None else None
        header(surface, theme, t("window.debrief.title", stage=scenario.stage, title=scenario.title.get(lang)),
               t(f"ending.{r.ending}"))
        self._draw_left(surface, stage.passing.min_satisfaction if stage else None)
        self._draw_right(surface)
        self.buttons.draw(surface, theme)
        footer(surface, theme, t("window.hint.debrief"))

    def _draw_left(self, surface: pygame.Surface, needed: int | None) -> None:
        theme, t, lang, p, r = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette, self.result
        box = self.rects["left"]
        panel(surface, theme, box)
        clip = surface.get_clip()
        surface.set_clip(box)
        x, width, y = box.x + 16, box.width - 32, box.y + 10 - self.scroll_left.offset
        start = y
        verdict = t("window.debrief.passed") if r.passed else t("window.debrief.failed")
        label(surface, theme, verdict, (x, y), p.good if r.passed else p.bad, "title", bold=True)
        y += theme.line_height("title")
        if r.reasons:
            for reason in r.reasons:
                y = text_block(surface, theme, "· " + reason_text(reason, t, lang), (x, y), width, p.bad, "small")
        else:
            y = text_block(surface, theme, t("window.debrief.all_good"), (x, y), width, p.good, "small")
        y += 10
        # the satisfaction gauge, with the 40-point fail line and the stage's pass mark drawn on it
        label(surface, theme, f"{t('window.debrief.satisfaction')}: {r.satisfaction}/100", (x, y), p.text, "body",
              bold=True)
        y += theme.line_height() + 4
        gauge = pygame.Rect(x, y, width, 22)
        colour = p.bad if r.satisfaction <= FAIL_LINE else (p.good if needed is None or r.satisfaction >= needed
                                                            else p.warn)
        bar(surface, theme, gauge, r.satisfaction / 100, colour)
        marks = [(FAIL_LINE, p.bad, t("window.debrief.fail_line", line=FAIL_LINE))]
        if needed is not None:
            marks.append((needed, p.accent, t("window.debrief.needed", needed=needed)))
        for index, (value, mark_colour, text) in enumerate(marks):
            mx = gauge.x + round(gauge.width * value / 100)
            pygame.draw.line(surface, mark_colour, (mx, gauge.y - 4), (mx, gauge.bottom + 4), 3)
            # the fail line's words end at its mark, the pass mark's start at it: they never overlap
            label(surface, theme, text, (mx - 4 if index == 0 else mx + 4, gauge.bottom + 4), mark_colour, "small",
                  align="right" if index == 0 else "left")
        y = gauge.bottom + theme.line_height("small") + 14
        label(surface, theme, t("window.debrief.intel"), (x, y), p.text, "body", bold=True)
        y += theme.line_height() + 2
        name_w = max(theme.width(t("debrief.tier", tier=tier, name=t(f"tier.{tier}"), got=0, of=0).strip(), "small")
                     for tier in r.intel) if r.intel else 0
        name_w = min(name_w, width // 2)
        for tier, (got, of) in r.intel.items():
            text = f"{tier} · {t(f'tier.{tier}')}"
            label(surface, theme, text, (x, y), p.muted, "small")
            bar(surface, theme, pygame.Rect(x + name_w, y + 3, width - name_w - 60, 14), got / of if of else 0,
                p.leak)
            label(surface, theme, f"{got} / {of}", (x + width, y), p.text, "small", align="right")
            y += theme.line_height("small") + 4
        if r.coverage:
            y += 6
            label(surface, theme, t("window.debrief.coverage"), (x, y), p.text, "body", bold=True)
            y += theme.line_height() + 2
            # a no-break space keeps each mark with its name when the line wraps
            items = [("●\u00a0" if covered else "○\u00a0") + t(f"fact.{fact}") for fact, covered in r.coverage.items()]
            y = text_block(surface, theme, "   ".join(items), (x, y), width, p.muted, "small")
        surface.set_clip(clip)
        self.scroll_left.resize(y - start + 20, box.height)
        more_marks(surface, theme, box, self.scroll_left)

    def _draw_right(self, surface: pygame.Surface) -> None:
        theme, t, lang, p, r = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette, self.result
        box = self.rects["right"]
        panel(surface, theme, box)
        clip = surface.get_clip()
        inner = box.inflate(-32, -20)
        surface.set_clip(inner)
        x, width = inner.x, inner.width
        y = inner.y - self.scroll.offset
        start = y
        label(surface, theme, t("window.debrief.skills"), (x, y), p.text, "body", bold=True)
        y += theme.line_height() + 2
        # a radar for the shape of the profile, and beside it each skill by number, with its bar and score
        skills = list(r.skills.items())
        row = theme.line_height("small") + 4
        size = max(120, min(200, width // 3, len(skills) * row))
        radar(surface, theme, pygame.Rect(x, y, size, size), [score for _, score in skills])
        left = x + size + 20
        name_w = min((width - size - 20) // 2,
                     max(theme.width(f"{n}  {t(f'skill.{s}')}", "small") for n, (s, _) in enumerate(skills, 1)) + 12)
        top = y + max(0, (size - len(skills) * row) // 2)
        for number, (skill, score) in enumerate(skills, 1):
            ly = top + (number - 1) * row
            label(surface, theme, f"{number}  {t(f'skill.{skill}')}", (left, ly), p.muted if score is None else p.text,
                  "small")
            if score is None:
                label(surface, theme, t("debrief.not_shown"), (left + name_w, ly), p.muted, "small")
            else:
                tone = p.good if score >= 70 else (p.warn if score >= 40 else p.bad)
                bar(surface, theme, pygame.Rect(left + name_w, ly + 3, x + width - left - name_w - 44, 14),
                    score / 100, tone)
                label(surface, theme, str(score), (x + width, ly), p.text, "small", align="right")
        y += max(size, len(skills) * row) + 4
        y += 10
        label(surface, theme, t("window.debrief.moments"), (x, y), p.text, "body", bold=True)
        y += theme.line_height() + 4
        if not r.gains and not r.losses:
            y = text_block(surface, theme, t("window.debrief.no_moments"), (x, y), width, p.muted, "small")
        for moment in [*r.gains, *r.losses]:
            gain = moment.delta > 0
            key = "window.debrief.gain" if gain else "window.debrief.loss"
            label(surface, theme, t(key, turn=moment.turn, delta=moment.delta), (x, y), p.good if gain else p.bad,
                  "small", bold=True)
            y += theme.line_height("small")
            y = text_block(surface, theme, f"“{moment.said.get(lang)}”", (x + 10, y), width - 10, p.you, "small")
            y = text_block(surface, theme, moment.feedback.get(lang), (x + 10, y), width - 10, p.text, "small")
            if moment.better is not None and not gain:
                y = text_block(surface, theme, t("window.debrief.better", text=moment.better.get(lang)),
                               (x + 10, y), width - 10, p.accent, "small")
            y += 8
        surface.set_clip(clip)
        self.scroll.resize(y - start, inner.height)
        more_marks(surface, theme, box, self.scroll)
