"""The manager's dashboard: report rows to sort and filter, and a trainee's attempts, transcripts and notes."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pygame
import pygame_gui

from game.content.model import Skill
from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header
from game.ui.theme import gui_manager
from game.ui.widgets import Button, ButtonRow, draw_button, label, panel, text_block
from progress.report import Row, build
from progress.store import ProgressError

# (column key, how to sort it, relative width)
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("name", "name", 2.0), ("team", "team", 1.2), ("vertical", "vertical", 1.3), ("stage", "passed", 0.8),
    ("status", "status", 1.1), ("days", "days_remaining", 0.9), ("attempts", "attempts", 0.8),
    ("satisfaction", "mean_satisfaction", 1.0), ("last", "last_activity", 1.2),
)
STATUS_ORDER: Mapping[str, int] = MappingProxyType({"overdue": 0, "at_risk": 1, "behind": 2, "on_track": 3,
                                                   "completed": 4})


def status_colour(palette: Any, status: str) -> tuple[int, int, int]:
    return {"completed": palette.good, "on_track": palette.text, "behind": palette.warn, "at_risk": palette.warn,
            "overdue": palette.bad}.get(status, palette.text)


class DashboardScene(Scene):
    def __init__(self, app: App):
        super().__init__(app)
        self.sort = 4  # by status: the worrying trainees first
        self.descending = False
        self.selected = 0
        self.first = 0
        self.filter = ""
        self.rows: list[Row] = []
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        self.rects: dict[str, pygame.Rect] = {}
        self.columns: list[tuple[str, int, int]] = []  # key, x, width
        self._load()

    def _load(self) -> None:
        assert self.app.store is not None
        self.report_rows = build(self.app.store, self.app.curriculum.program, self.app.today()).rows
        self._apply()

    def _apply(self) -> None:
        needle = self.filter.strip().lower()
        rows = [r for r in self.report_rows
                if not needle or any(needle in str(v).lower() for v in (r.name, r.team, r.vertical, r.status,
                                                                         r.manager, r.id))]
        attr = COLUMNS[self.sort][1]

        def key(row: Row) -> tuple:
            value = getattr(row, attr)
            if attr == "status":
                value = STATUS_ORDER.get(value, 9)
            return (value is None, value if value is not None else 0, row.name)

        self.rows = sorted(rows, key=key, reverse=self.descending)
        self.selected = min(self.selected, max(0, len(self.rows) - 1))

    def resume(self) -> None:
        self._load()

    def layout(self, size: tuple[int, int]) -> None:
        theme, (w, h) = self.app.theme, size
        if self.entry is not None:
            self.filter = self.entry.get_text()
        self.manager = gui_manager(size, theme)
        top = theme.line_height("big") + 34
        field_h = theme.line_height() + 16
        filter_x = MARGIN + theme.width(self.app.t("window.dashboard.filter"), "body", True) + 16
        self.rects["filter"] = pygame.Rect(filter_x, top, min(420, w - filter_x - MARGIN), field_h)
        self.entry = pygame_gui.elements.UITextEntryLine(self.rects["filter"], self.manager)
        self.entry.set_text(self.filter)
        table_top = top + field_h + 14
        self.rects["table"] = pygame.Rect(MARGIN, table_top, w - 2 * MARGIN,
                                          h - theme.line_height("small") - 12 - 12 - table_top)
        total = sum(c[2] for c in COLUMNS)
        x, usable = MARGIN + 12, w - 2 * MARGIN - 24
        self.columns = []
        for key, _, share in COLUMNS:
            width = int(usable * share / total)
            self.columns.append((key, x, width))
            x += width
        self.row_h = theme.line_height("small") + 12

    @property
    def visible(self) -> int:
        return max(1, (self.rects["table"].height - self.row_h - 8) // self.row_h)

    def handle(self, action: Action) -> bool:
        typing = self.entry is not None and self.entry.is_focused
        if action.kind == "widget" and action.raw is not None and action.raw.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            self.filter = self.entry.get_text() if self.entry else ""
            self._apply()
            return True
        if action.kind == "back":
            if typing:
                self.entry.unfocus()
            else:
                self.app.pop()
            return True
        if action.kind in ("next", "previous"):
            if typing:
                self.entry.unfocus()
            elif self.entry is not None:
                self.manager.set_focus_set(self.entry)
            return True
        if typing:
            if action.kind == "confirm" and action.raw is not None and action.raw.key != pygame.K_SPACE:
                self.entry.unfocus()
                return True
            return False  # the key is typing into the filter
        if action.kind in ("up", "down"):
            self.selected = max(0, min(len(self.rows) - 1, self.selected + (1 if action.kind == "down" else -1)))
        elif action.kind in ("left", "right"):
            self.sort = (self.sort + (1 if action.kind == "right" else -1)) % len(COLUMNS)
            self._apply()
        elif action.kind == "letter" and action.value == "s":
            self.descending = not self.descending
            self._apply()
        elif action.kind == "confirm" and self.rows:
            self.app.push(TraineeScene(self.app, self.rows[self.selected].id))
        elif action.kind == "click" and action.pos is not None:
            return self._click(action.pos)
        else:
            return False
        self.first = min(max(self.first, self.selected - self.visible + 1), self.selected)
        return True

    def _click(self, pos: tuple[int, int]) -> bool:
        table = self.rects["table"]
        if not table.collidepoint(pos):
            return False
        if pos[1] < table.y + self.row_h + 4:  # a header: sort by it (again: reverse)
            for index, (_, x, width) in enumerate(self.columns):
                if x <= pos[0] < x + width:
                    self.descending = not self.descending if index == self.sort else False
                    self.sort = index
                    self._apply()
            return True
        index = self.first + (pos[1] - table.y - self.row_h - 4) // self.row_h
        if 0 <= index < len(self.rows):
            if index == self.selected:
                self.app.push(TraineeScene(self.app, self.rows[index].id))
            self.selected = index
        return True

    def cell(self, row: Row, key: str) -> str:
        t = self.app.t
        if key == "name":
            return row.name
        if key == "team":
            return row.team
        if key == "vertical":
            entry = self.app.pack_for(row.vertical)
            return entry.name(self.app.lang) if entry else row.vertical
        if key == "stage":
            return f"{row.passed}/7"
        if key == "status":
            return t(f"window.status.{row.status}")
        if key == "days":
            return str(row.days_remaining)
        if key == "attempts":
            return str(row.attempts)
        if key == "satisfaction":
            return "-" if row.mean_satisfaction is None else f"{row.mean_satisfaction:.0f}"
        if key == "last":
            return "-" if row.last_activity is None else row.last_activity.isoformat()
        return ""

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, p = self.app.theme, self.app.t, self.app.theme.palette
        sorted_by = t(f"window.dashboard.col.{COLUMNS[self.sort][0]}") + (" ▼" if self.descending else " ▲")
        header(surface, theme, t("window.dashboard.title"))
        label(surface, theme, t("window.dashboard.filter"), (MARGIN, self.rects["filter"].y + 8), p.text, bold=True)
        label(surface, theme, t("window.dashboard.sorted", column=sorted_by),
              (surface.get_width() - MARGIN, self.rects["filter"].y + 8), p.muted, "small", align="right")
        table = self.rects["table"]
        panel(surface, theme, table)
        y = table.y + 6
        for index, (key, x, width) in enumerate(self.columns):
            text = t(f"window.dashboard.col.{key}")
            label(surface, theme, text, (x, y), p.accent if index == self.sort else p.muted, "small", bold=True)
        y += self.row_h
        pygame.draw.line(surface, p.border, (table.x + 8, y - 4), (table.right - 8, y - 4))
        if not self.rows:
            label(surface, theme, t("window.dashboard.empty"), (table.x + 16, y + 6), p.muted)
        for index in range(self.first, min(len(self.rows), self.first + self.visible)):
            row = self.rows[index]
            if index == self.selected:
                pygame.draw.rect(surface, p.button_hover, (table.x + 4, y - 2, table.width - 8, self.row_h),
                                 border_radius=6)
                pygame.draw.rect(surface, p.focus, (table.x + 4, y - 2, table.width - 8, self.row_h), width=2,
                                 border_radius=6)
            for key, x, width in self.columns:
                text = self.cell(row, key)
                while text and theme.width(text, "small") > width - 8:
                    text = text[:-2] + "…" if len(text) > 2 else ""
                colour = status_colour(p, row.status) if key == "status" else p.text
                label(surface, theme, text, (x, y + 4), colour, "small", bold=key == "status")
            y += self.row_h
        footer(surface, theme, t("window.hint.dashboard"))


NOTE_FIELDS = ("by", "skill", "text", "save")


class TraineeScene(Scene):
    """One trainee for their manager: standing, attempts (Enter opens a transcript), notes, and a new note."""

    def __init__(self, app: App, trainee_id: str):
        super().__init__(app)
        self.trainee_id = trainee_id
        self.attempts = ButtonRow()
        self.writing = False
        self.note_focus = 0
        self.skill_index = 0
        self.message = ""
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.values: dict[str, str] = {}
        self.rects: dict[str, pygame.Rect] = {}
        self._load()

    def _load(self) -> None:
        store = self.app.store
        assert store is not None
        self.trainee = store.trainee(self.trainee_id)
        self.records = list(reversed(store.attempts(self.trainee_id)))  # newest first
        self.notes = store.notes(self.trainee_id)
        row = next((r for r in build(store, self.app.curriculum.program, self.app.today()).rows
                    if r.id == self.trainee_id), None)
        self.row = row

    def resume(self) -> None:
        self._load()

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        for name, entry in self.entries.items():
            self.values[name] = entry.get_text()
        top = theme.line_height("big") + theme.line_height("small") + 34
        foot = h - theme.line_height("small") - 12 - 12
        half = (w - 2 * MARGIN - 16) // 2
        self.rects["attempts"] = pygame.Rect(MARGIN, top, half, foot - top)
        self.rects["notes"] = pygame.Rect(MARGIN + half + 16, top, half, foot - top)
        height = theme.line_height("small") + 14
        y = top + theme.line_height() + 16
        buttons = []
        for attempt in self.records:
            if y + height > self.rects["attempts"].bottom - 8:
                break
            outcome = t("window.detail." + ("abandoned" if attempt.abandoned else "unfinished"
                                            if attempt.outcome is None else attempt.outcome))
            text = t("window.detail.attempt", id=attempt.id, stage=attempt.stage, outcome=outcome,
                     satisfaction="-" if attempt.satisfaction is None else attempt.satisfaction,
                     date=(attempt.finished or attempt.started).date().isoformat())
            buttons.append(Button(text, str(attempt.id), pygame.Rect(MARGIN + 12, y, half - 24, height),
                                  size="small"))
            y += height + 6
        self.attempts.set(buttons)
        self.manager = gui_manager(size, theme) if self.writing else None
        self.entries = {}
        if self.writing:
            box = self.rects["notes"]
            field_h = theme.line_height() + 16
            y = box.bottom - 4 * (field_h + theme.line_height("small") + 10) - 6
            for name in NOTE_FIELDS:
                y += theme.line_height("small") + 2
                self.rects[name] = pygame.Rect(box.x + 12, y, box.width - 24, field_h)
                if name in ("by", "text"):
                    entry = pygame_gui.elements.UITextEntryLine(self.rects[name], self.manager)
                    entry.set_text(self.values.get(name, self.trainee.manager if name == "by" else ""))
                    self.entries[name] = entry
                y += field_h + 8
            self._note_focus(self.note_focus)

    def _note_focus(self, index: int) -> None:
        self.note_focus = index % len(NOTE_FIELDS)
        name = NOTE_FIELDS[self.note_focus]
        if self.manager is not None:
            self.manager.set_focus_set(self.entries.get(name))

    def handle(self, action: Action) -> bool:
        if self.writing:
            return self._handle_note(action)
        if action.kind == "back":
            self.app.pop()
            return True
        if action.kind == "letter" and action.value == "n":
            if not self.records:
                self.message = self.app.t("window.detail.no_attempt")
                return True
            self.writing, self.message, self.note_focus = True, "", 0
            self.layout(self.app.size)
            return True
        pressed = self.attempts.handle(action)
        if isinstance(pressed, str):
            from game.ui.scenes.transcript import TranscriptScene

            store = self.app.store
            assert store is not None
            attempt = store.attempt(int(pressed))
            self.app.push(TranscriptScene(self.app, store.replay(attempt)))
        return pressed is not None

    def _handle_note(self, action: Action) -> bool:
        name = NOTE_FIELDS[self.note_focus]
        typing = name in self.entries
        if action.kind == "back":
            self.writing = False
            self.layout(self.app.size)
        elif action.kind in ("next", "previous"):
            self._note_focus(self.note_focus + (1 if action.kind == "next" else -1))
        elif action.kind == "confirm":
            if typing and action.raw is not None and action.raw.key == pygame.K_SPACE:
                return False
            if name == "save":
                self.save_note()
            else:
                self._note_focus(self.note_focus + 1)
        elif action.kind in ("left", "right") and name == "skill":
            self.skill_index = (self.skill_index + (1 if action.kind == "right" else -1)) % len(Skill)
        elif action.kind == "click" and action.pos is not None:
            for index, field in enumerate(NOTE_FIELDS):
                if field in self.rects and self.rects[field].collidepoint(action.pos):
                    self._note_focus(index)
                    if field == "save":
                        self.save_note()
                    elif field == "skill":
                        self.skill_index = (self.skill_index + 1) % len(Skill)
            return True
        else:
            return False
        return True

    def save_note(self) -> None:
        store, t = self.app.store, self.app.t
        assert store is not None
        focused = self.attempts.focused
        attempt_id = int(focused.action) if focused else self.records[0].id
        skill = list(Skill)[self.skill_index].value
        try:
            store.add_note(attempt_id, self.entries["by"].get_text().strip(), skill,
                           self.entries["text"].get_text().strip(), at=self.app.moment())
        except ProgressError as exc:
            self.message = str(exc)
            return
        self.message = t("window.detail.note_saved")
        self.writing = False
        self.values.pop("text", None)
        self._load()
        self.layout(self.app.size)

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        trainee, row = self.trainee, self.row
        subtitle = ""
        if row is not None:
            parts = [t("window.status." + row.status), f"{row.passed}/7",
                     t("window.journey.deadline", date=row.deadline.isoformat())]
            if row.mean_satisfaction is not None:
                parts.append(t("window.detail.mean", score=f"{row.mean_satisfaction:.0f}"))
            if row.weakest_skill is not None:
                parts.append(t("window.detail.weakest", skill=t(f"skill.{row.weakest_skill}")))
            subtitle = " · ".join(parts)
        header(surface, theme, t("window.detail.title", name=trainee.name, team=trainee.team), subtitle)
        box = self.rects["attempts"]
        panel(surface, theme, box)
        label(surface, theme, t("window.detail.attempts"), (box.x + 12, box.y + 8), p.accent, bold=True)
        self.attempts.draw(surface, theme)
        box = self.rects["notes"]
        panel(surface, theme, box)
        x, width, y = box.x + 12, box.width - 24, box.y + 8
        label(surface, theme, t("window.detail.notes"), (x, y), p.accent, bold=True)
        y += theme.line_height() + 6
        limit = self.rects["by"].y - theme.line_height("small") - 8 if self.writing else box.bottom - 8
        if not self.notes:
            y = text_block(surface, theme, t("window.detail.no_notes"), (x, y), width, p.muted, "small")
        for note in reversed(self.notes):
            text = t("window.detail.note", date=note.created.date().isoformat(), by=note.by,
                     skill=t(f"skill.{note.skill}") if note.skill in {s.value for s in Skill} else note.skill,
                     text=note.text)
            lines = theme.wrap(f"#{note.attempt} · {text}", width, "small")
            if y + len(lines) * theme.line_height("small") > limit:
                break
            y = text_block(surface, theme, f"#{note.attempt} · {text}", (x, y), width, p.text, "small") + 6
        if self.writing:
            focused = self.attempts.focused
            label(surface, theme, t("window.detail.add_note") + (f" #{focused.action}" if focused else ""),
                  (x, self.rects["by"].y - 2 * theme.line_height("small") - 8), p.accent, "small", bold=True)
            for index, name in enumerate(NOTE_FIELDS):
                rect, active = self.rects[name], index == self.note_focus
                if name != "save":
                    label(surface, theme, t(f"window.detail.note_{name}"),
                          (rect.x, rect.y - theme.line_height("small") - 2), p.accent if active else p.muted, "small")
                if name == "skill":
                    skill = list(Skill)[self.skill_index].value
                    draw_button(surface, theme, Button(f"◀  {t('skill.' + skill)}  ▶", name, rect), focused=active)
                elif name == "save":
                    draw_button(surface, theme, Button(t("window.detail.save_note"), name, rect), focused=active)
                elif active:
                    pygame.draw.rect(surface, p.focus, rect.inflate(6, 6), width=2, border_radius=8)
        if self.message:
            text_block(surface, theme, self.message, (x, box.bottom - theme.line_height("small") - 8), width, p.warn,
                       "small", max_lines=1)
        footer(surface, theme, t("window.hint.form" if self.writing else "window.hint.detail"))
