"""The meeting room: the client, the conversation, the choices, the client's mood, the account notebook, the clock."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING
import pygame

from game.engine.events import Event, IntelLeaked, IntelRefused, MeetingEnded
from game.engine.meeting import Meeting, Playbook
from game.engine.scoring import debrief
from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.portrait import draw_avatar, load_portrait
from game.ui.scenes.common import MARGIN, footer, header, log_entry
from game.ui.widgets import Button, ButtonRow, Scroll, bar, button_height, label, panel, text_block

if TYPE_CHECKING:
    from progress.store import Attempt

LEAK_GLOW = 2.5  # seconds a newly leaked notebook item stays highlighted
REFUSAL_FLASH = 1.2  # seconds the refusal cue shows around the portrait


@dataclass
class LogLine:
    kind: str  # you, client, leak, refusal, mood, end
    speaker: str
    text: str


class MeetingScene(Scene):
    """Plays one meeting; with an attempt id every move goes to the store before its result is shown."""

    manager = None

    def __init__(self, app: App, meeting: Meeting, *, pack_id: str, trainee_id: str | None = None,
                 attempt_id: int | None = None):
        self.app = app
        self.meeting = meeting
        self.pack_id = pack_id
        self.trainee_id = trainee_id
        self.attempt_id = attempt_id
        self.log: list[LogLine] = []
        self.glow: dict[str, float] = {}
        self.refusal = 0.0
        self.scroll = Scroll()
        self.scroll.stick_to_end = True
        self.choices = ButtonRow(numbered=True)
        self._flow: list[tuple[int, LogLine, list[str]]] = []  # (top, entry, wrapped lines)
        self._flow_width: tuple[int, int] = (-1, -1)
        self._flow_end = 0
        self._flow_tops: list[int] = []
        self._portraits: dict[tuple[str, int], pygame.Surface] = {}
        self._chrome: pygame.Surface | None = None
        self._chrome_for: tuple = ()
        self._portraits_theme: object = None
        self._image = self._pack_portrait()
        self.rects: dict[str, pygame.Rect] = {}
        for event in meeting.events:  # a resumed meeting shows everything said so far, without the cues
            self._show(event, cues=False)

    # -- starting and resuming ------------------------------------------------------------------

    @classmethod
    def start(cls, app: App, pack_id: str, stage: int, *, trainee_id: str | None = None,
              seed: int | None = None) -> MeetingScene:
        program = app.curriculum.program
        playbook = Playbook(program, app.curriculum.scenario(pack_id, stage))
        seed = app.new_seed() if seed is None else seed
        attempt_id = None
        if app.store is not None and trainee_id is not None:
            attempt_id = app.store.start_attempt(trainee_id, pack_id, playbook, program, seed, at=app.moment())
        return cls(app, Meeting.start(playbook, seed), pack_id=pack_id, trainee_id=trainee_id, attempt_id=attempt_id)

    @classmethod
    def from_attempt(cls, app: App, attempt: Attempt) -> MeetingScene:
        """The unfinished attempt exactly where it was left: its stored moves replayed on its stored content."""
        assert app.store is not None
        meeting = app.store.replay(attempt)
        return cls(app, meeting, pack_id=attempt.pack, trainee_id=attempt.trainee, attempt_id=attempt.id)

    def _pack_portrait(self) -> pygame.Surface | None:
        name = self.meeting.scenario.persona.portrait
        if not name:
            return None
        return load_portrait(self.app.curriculum.root / self.pack_id / name)

    # -- playing --------------------------------------------------------------------------------

    def choose(self, choice_id: str) -> None:
        before = len(self.meeting.events)
        self.meeting.choose(choice_id)
        events = self.meeting.events[before:]
        if self.attempt_id is not None and self.app.store is not None:
            # saved before anything of its result is shown: closing the window now loses nothing
            self.app.store.save_move(self.attempt_id, len(self.meeting.moves), choice_id, at=self.app.moment())
            if self.meeting.ended:
                self.app.store.finish_attempt(self.attempt_id, debrief(self.meeting), at=self.app.moment())
        for event in events:
            self._show(event, cues=True)
        self.scroll.to_end()
        self.choices.focus = 0
        self.layout(self.app.size)

    def _show(self, event: Event, *, cues: bool) -> None:
        persona = self.meeting.scenario.persona
        entry = log_entry(event, self.app.t, self.app.lang, persona.name.get(self.app.lang))
        if entry is not None:
            self.log.append(LogLine(*entry))
        if not cues:
            return
        if isinstance(event, IntelLeaked):
            self.glow[event.intel] = LEAK_GLOW
            self.app.cues.play("leak")
        elif isinstance(event, IntelRefused):
            self.refusal = REFUSAL_FLASH
            self.app.cues.play("refusal")
        elif isinstance(event, MeetingEnded):
            self.app.cues.play("end")

    def open_debrief(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        self.app.replace(DebriefScene(self.app, self.meeting, pack_id=self.pack_id, trainee_id=self.trainee_id,
                                      attempt_id=self.attempt_id))

    # -- scene ----------------------------------------------------------------------------------

    def layout(self, size: tuple[int, int]) -> None:
        theme, (w, h) = self.app.theme, size
        top = theme.line_height("big") + theme.line_height("small") + 34
        bottom = h - theme.line_height("small") - 12 - 10
        side = max(230, min(300, int(w * 0.22)))
        left = pygame.Rect(MARGIN, top, side, bottom - top)
        right = pygame.Rect(w - MARGIN - side, top, side, bottom - top)
        centre = pygame.Rect(left.right + 16, top, right.left - left.right - 32, bottom - top)
        if self.meeting.ended:
            labels = [(self.app.t("window.meeting.to_debrief"), "debrief")]
        else:
            labels = [(c.text.get(self.app.lang), c.id) for c in self.meeting.choices()]
        size_name = "body"
        heights = [button_height(theme, f"9. {text}", centre.width, size_name) for text, _ in labels]
        if sum(heights) + 8 * len(heights) > centre.height * 0.55:  # many long choices: smaller type
            size_name = "small"
            heights = [button_height(theme, f"9. {text}", centre.width, size_name) for text, _ in labels]
        y = centre.bottom - sum(heights) - 8 * (len(heights) - 1)
        buttons = []
        for number, ((text, action), height) in enumerate(zip(labels, heights), 1):
            buttons.append(Button(text, action, pygame.Rect(centre.x, y, centre.width, height),
                                  number=number if not self.meeting.ended else None, size=size_name))
            y += height + 8
        self.choices.set(buttons)
        choices_top = buttons[0].rect.top if buttons else centre.bottom
        self.rects = {"left": left, "right": right, "log": pygame.Rect(centre.x, centre.y, centre.width,
                                                                       choices_top - centre.y - 12)}
        if self._portraits_theme is not theme:  # the drawn face uses the palette's colours
            self._portraits.clear()
            self._portraits_theme = theme
        self._reflow()

    def _reflow(self) -> None:
        """Wraps the log for the log's width: everything when the width changed, else only new entries
        (a long meeting must not re-wrap hundreds of lines on every move)."""
        theme, view = self.app.theme, self.rects["log"]
        width = (view.width - 32, theme.base)  # a new text size re-wraps too
        if width != self._flow_width:
            self._flow, self._flow_width, self._flow_end = [], width, 0
            self._flow_tops: list[int] = []
        line = theme.line_height("body")
        for entry in self.log[len(self._flow):]:
            indent = 0 if entry.kind in ("you", "client") else 12
            lines = theme.wrap(entry.text, width[0] - indent)
            self._flow.append((self._flow_end, entry, lines))
            self._flow_tops.append(self._flow_end)
            self._flow_end += (line if entry.speaker else 0) + line * len(lines) + 10
        self.scroll.resize(self._flow_end, view.height - 20)

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.pop()  # unfinished: the attempt stays resumable from the briefing
            return True
        if self.scroll.handle(action, self.app.theme.line_height()):
            return True
        pressed = self.choices.handle(action)
        if pressed == "debrief":
            self.open_debrief()
            return True
        if isinstance(pressed, str):
            self.choose(pressed)
            return True
        return bool(pressed)

    def update(self, dt: float) -> None:
        self.glow = {key: left - dt for key, left in self.glow.items() if left - dt > 0}
        self.refusal = max(0.0, self.refusal - dt)
        # what does not change from frame to frame is painted once: rounded panels cost ~0.1 ms each
        key = self._chrome_key()
        if self._chrome is None or key != self._chrome_for:
            self._chrome = pygame.Surface(self.app.size)
            self._paint_chrome(self._chrome)
            self._chrome_for = key
        key = self._portrait_key()
        if key not in self._portraits:
            self._portraits[key] = self._portrait(*key)

    def _chrome_key(self) -> tuple:
        """Everything the painted background depends on; a move that leaves it alone does not repaint it."""
        rects = tuple(tuple(self.rects[name]) for name in ("left", "log", "right"))
        return self.app.size, rects, id(self.app.theme), self.app.lang, self.meeting.ended

    def _paint_chrome(self, surface: pygame.Surface) -> None:
        app, theme, t, lang = self.app, self.app.theme, self.app.t, self.app.lang
        scenario = self.meeting.scenario
        stage_name = app.curriculum.program.stage(scenario.stage).name.get(lang)
        title = f"{stage_name} · {scenario.title.get(lang)}"
        header(surface, theme, t("play.header", stage=scenario.stage, title=title),
               t("play.objective", text=scenario.objective.get(lang)))
        panel(surface, theme, self.rects["left"])
        panel(surface, theme, self.rects["log"], alt=True)
        panel(surface, theme, self.rects["right"])
        hint = "window.hint.meeting_end" if self.meeting.ended else "window.hint.meeting"
        footer(surface, theme, t(hint))

    def _portrait_key(self) -> tuple[str, int]:
        box = self.rects["left"]
        return self.meeting.state, min(box.width - 40, int(box.height * 0.42))

    def _portrait(self, state: str, size: int) -> pygame.Surface:
        if self._image is not None:
            return pygame.transform.smoothscale(self._image, (size, size))
        return draw_avatar(size, self.meeting.scenario.persona.name.get("en"), state, self.app.theme.palette)

    def draw(self, surface: pygame.Surface) -> None:
        if self._chrome is not None and self._chrome_for == self._chrome_key():
            surface.blit(self._chrome, (0, 0))
        else:
            self._paint_chrome(surface)
        self._draw_client(surface)
        self._draw_log(surface)
        self.choices.draw(surface, self.app.theme)
        self._draw_notebook(surface)

    def _draw_client(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        box, persona, state = self.rects["left"], self.meeting.scenario.persona, self.meeting.state
        if self.refusal > 0:
            pygame.draw.rect(surface, p.refusal, box, width=2, border_radius=10)
        key = self._portrait_key()
        size = key[1]
        frame = pygame.Rect(box.centerx - size // 2, box.y + 16, size, size)
        pygame.draw.rect(surface, p.panel_alt, frame, border_radius=8)
        surface.blit(self._portraits.get(key) or self._portrait(*key), frame)
        if self.refusal > 0:
            pygame.draw.rect(surface, p.refusal, frame.inflate(8, 8), width=4, border_radius=10)
            cue = theme.text(t("window.meeting.refused_cue"), p.background, "body", bold=True)
            pill = cue.get_rect(midbottom=(frame.centerx, frame.bottom - 8)).inflate(20, 6)
            pygame.draw.rect(surface, p.refusal, pill, border_radius=pill.height // 2)
            surface.blit(cue, cue.get_rect(center=pill.center))
        x, width, y = box.x + 16, box.width - 32, frame.bottom + 12
        y = text_block(surface, theme, persona.name.get(lang), (x, y), width, p.text, "big", bold=True, max_lines=1)
        y = text_block(surface, theme, f"{persona.role.get(lang)} · {persona.company.get(lang)}", (x, y), width,
                       p.muted, "small", max_lines=2) + 8
        mood_colour = {"annoyed": p.bad, "walked_out": p.bad, "agreed": p.good, "confiding": p.good,
                       "open": p.good}.get(state, p.accent)
        y = text_block(surface, theme, t(f"state.{state}"), (x, y), width, mood_colour, "body", bold=True)
        y = text_block(surface, theme, t(f"window.body.{state}"), (x, y), width, p.muted, "small", max_lines=3) + 6
        if self.app.settings.coach:
            y = text_block(surface, theme, t("window.meeting.coach", trust=self.meeting.trust,
                                             patience=self.meeting.patience, state=state),
                           (x, y), width, p.you, "small") + 4
        clock = t("play.clock", used=min(self.meeting.minutes, self.meeting.scenario.meeting_minutes),
                  total=self.meeting.scenario.meeting_minutes)
        bottom = box.bottom - 16 - 12
        label(surface, theme, f"{t('window.meeting.clock')}  {clock}", (x, bottom - theme.line_height("small") - 4),
              p.text, "small")
        share = self.meeting.minutes / self.meeting.scenario.meeting_minutes
        bar(surface, theme, pygame.Rect(x, bottom, width, 12), share, p.warn if share > 0.75 else p.accent)

    def _draw_log(self, surface: pygame.Surface) -> None:
        theme, p = self.app.theme, self.app.theme.palette
        view = self.rects["log"]
        line = theme.line_height("body")
        inner = view.inflate(-32, -20)
        clip = surface.get_clip()
        surface.set_clip(inner)
        colours = {"you": p.you, "client": p.client, "leak": p.leak, "refusal": p.refusal, "mood": p.muted,
                   "end": p.accent}
        offset = inner.y - self.scroll.offset
        first = max(0, bisect.bisect_right(self._flow_tops, self.scroll.offset) - 1)
        for y, entry, lines in self._flow[first:]:
            top = offset + y
            height = (line if entry.speaker else 0) + line * len(lines)
            if top + height < inner.y:
                continue
            if top > inner.bottom:
                break
            if entry.speaker:
                surface.blit(theme.text(entry.speaker, colours[entry.kind], "body", bold=True), (inner.x, top))
                top += line
            indent = 0 if entry.kind in ("you", "client") else 12
            bold = entry.kind in ("leak", "refusal", "end")
            for text in lines:
                surface.blit(theme.text(text, colours[entry.kind], "body", bold), (inner.x + indent, top))
                top += line
        surface.set_clip(clip)
        if self.scroll.limit:
            share = self.scroll.view / self.scroll.content
            track = pygame.Rect(view.right - 10, inner.y, 4, inner.height)
            thumb = pygame.Rect(track.x, track.y + int(track.height * self.scroll.offset / self.scroll.content),
                                4, max(20, int(track.height * share)))
            pygame.draw.rect(surface, p.border, thumb, border_radius=2)

    def _draw_notebook(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        box, scenario = self.rects["right"], self.meeting.scenario
        x, width, y = box.x + 14, box.width - 28, box.y + 12
        label(surface, theme, t("window.notebook.title"), (x, y), p.accent, "body", bold=True)
        y += theme.line_height("body") + 6
        known = [scenario.intel_item(i) for i in self.meeting.known]
        if not known:
            y = text_block(surface, theme, t("window.notebook.empty"), (x, y), width, p.muted, "small")
        for tier in (1, 2, 3, 4):
            items = [item for item in known if item.tier == tier]
            if not items:
                continue
            label(surface, theme, t("window.notebook.tier", tier=tier, name=t(f"tier.{tier}")), (x, y), p.muted,
                  "small", bold=True)
            y += theme.line_height("small") + 2
            for item in items:
                lines = theme.wrap(f"★ {item.title.get(lang)}", width - 12, "small")
                height = theme.line_height("small") * len(lines) + 6
                if y + height > box.bottom - 8:
                    label(surface, theme, "…", (x, y), p.muted, "small")
                    return
                glow = self.glow.get(item.id, 0.0)
                if glow > 0:
                    strength = min(1.0, glow / LEAK_GLOW * 1.5)
                    fill = tuple(int(a + (b - a) * strength * 0.6) for a, b in zip(p.panel, p.leak))
                    pygame.draw.rect(surface, fill, (x - 4, y - 2, width + 8, height), border_radius=6)
                colour = p.background if glow > LEAK_GLOW * 0.4 and p.leak != p.background else p.text
                for text in lines:
                    surface.blit(theme.text(text, colour if glow > 0 else p.text, "small"), (x + 4, y))
                    y += theme.line_height("small")
                y += 6
            y += 4

    def close(self) -> None:
        """Nothing to release: an unfinished attempt stays in the store, resumable."""
