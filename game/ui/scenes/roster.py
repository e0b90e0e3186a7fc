"""The roster of enrolled trainees, and the enrolment form (name, team, manager, vertical, enrolment date)."""

from __future__ import annotations

import re
from datetime import date

import pygame
import pygame_gui

from game.ui.app import App, PackEntry, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header
from game.ui.theme import gui_manager
from game.ui.widgets import Button, ButtonRow, draw_button, label, text_block
from progress.store import ProgressError, Trainee


class RosterScene(Scene):
    def __init__(self, app: App):
        super().__init__(app)
        self.buttons = ButtonRow()
        self.shift = 0  # how far the list is scrolled so that the focused row stays on screen
        self.top = 0
        self.view_h = 0

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        assert self.app.store is not None
        trainees = self.app.store.trainees()
        width = min(760, w - 2 * MARGIN)
        height = theme.line_height() + 16
        self.top = theme.line_height("big") + 34 + (0 if trainees else theme.line_height() + 12)
        items = [(t("window.roster.row", name=tr.name, team=tr.team, vertical=self._pack_name(tr.vertical),
                    enrolled=tr.enrolled.isoformat()), tr.id) for tr in trainees]
        items.append((t("window.title.enrol"), "__enrol__"))
        focus = self.buttons.focus
        self.buttons.set([Button(text, action, pygame.Rect((w - width) // 2, self.top + i * (height + 8), width,
                                                           height))
                          for i, (text, action) in enumerate(items)])
        self.buttons.focus = min(focus, len(items) - 1)
        self.view_h = h - theme.line_height("small") - 12 - self.top - 10
        self._follow_focus()

    def _follow_focus(self) -> None:
        focused = self.buttons.focused
        if focused is None:
            return
        bottom, top = focused.rect.bottom - self.shift, focused.rect.top - self.shift
        if bottom > self.top + self.view_h:
            self.shift += bottom - (self.top + self.view_h)
        elif top < self.top:
            self.shift -= self.top - top

    def _pack_name(self, vertical: str) -> str:
        entry = self.app.pack_for(vertical)
        return entry.name(self.app.lang) if entry else vertical

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.pop()
            return True
        if action.pos is not None:  # the pointer is over the scrolled list: rows sit `shift` higher on screen
            action = Action(action.kind, action.value, (action.pos[0], action.pos[1] + self.shift), action.raw)
        pressed = self.buttons.handle(action)
        self._follow_focus()
        if pressed == "__enrol__":
            self.app.push(EnrolScene(self.app))
        elif isinstance(pressed, str):
            from game.ui.scenes.journey import JourneyScene

            self.app.change_settings(last_trainee=pressed)
            self.app.push(JourneyScene(self.app, pressed))
        return pressed is not None

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, p = self.app.theme, self.app.t, self.app.theme.palette
        top = header(surface, theme, t("window.roster.title"))
        if len(self.buttons.buttons) == 1:
            label(surface, theme, t("window.roster.empty"), (surface.get_width() // 2, top), p.muted, align="center")
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(0, self.top - 4, surface.get_width(), self.view_h + 8))
        for index, button in enumerate(self.buttons.buttons):
            moved = Button(button.label, button.action, button.rect.move(0, -self.shift))
            draw_button(surface, theme, moved, focused=index == self.buttons.focus)
        surface.set_clip(clip)
        footer(surface, theme, t("window.hint.menu"))


FIELDS = ("name", "team", "manager", "vertical", "date", "submit")
TEXT_FIELDS = ("name", "team", "manager", "date")


class EnrolScene(Scene):
    """Enrolment: text fields are pygame_gui entries (they handle typing and Korean input methods)."""

    def __init__(self, app: App):
        super().__init__(app)
        self.focus = 0
        self.pack_index = 0
        self.error = ""
        self.entries: dict[str, pygame_gui.elements.UITextEntryLine] = {}
        self.rects: dict[str, pygame.Rect] = {}
        self.values = {"date": app.today().isoformat()}

    @property
    def playable(self) -> list[PackEntry]:
        return [entry for entry in self.app.packs() if entry.pack is not None]

    def layout(self, size: tuple[int, int]) -> None:
        for name, entry in self.entries.items():
            self.values[name] = entry.get_text()
        theme, (w, h) = self.app.theme, size
        self.manager = gui_manager(size, theme)
        width = min(560, w - 2 * MARGIN)
        x = (w - width) // 2
        y = theme.line_height("big") + 40
        field_h = theme.line_height() + 18
        self.entries = {}
        for name in FIELDS:
            y += theme.line_height("small") + 2
            self.rects[name] = pygame.Rect(x, y, width, field_h)
            if name in TEXT_FIELDS:
                entry = pygame_gui.elements.UITextEntryLine(self.rects[name], self.manager)
                entry.set_text(self.values.get(name, ""))
                self.entries[name] = entry
            y += field_h + 12
        self._focus(self.focus)

    def _focus(self, index: int) -> None:
        self.focus = index % len(FIELDS)
        name = FIELDS[self.focus]
        for other, entry in self.entries.items():
            if other != name and entry.is_focused:
                entry.unfocus()
        if name in self.entries and self.manager is not None:
            self.manager.set_focus_set(self.entries[name])
        elif self.manager is not None:
            self.manager.set_focus_set(None)

    def handle(self, action: Action) -> bool:
        name = FIELDS[self.focus]
        typing = name in self.entries
        if action.kind == "back":
            self.app.pop()
        elif action.kind == "next":
            self._focus(self.focus + 1)
        elif action.kind == "previous":
            self._focus(self.focus - 1)
        elif action.kind == "click" and action.pos is not None:
            for index, field in enumerate(FIELDS):
                if self.rects[field].collidepoint(action.pos):
                    self._focus(index)
                    if field == "submit":
                        self.submit()
                    elif field == "vertical":
                        self._cycle(1)
                    return True
            return False
        elif action.kind == "confirm":
            if typing and action.raw is not None and action.raw.key == pygame.K_SPACE:
                return False  # a space typed into a field
            if name == "submit":
                self.submit()
            else:
                self._focus(self.focus + 1)
        elif action.kind in ("up", "down"):  # single-line fields have no use for them: they move between fields
            self._focus(self.focus + (1 if action.kind == "down" else -1))
        elif action.kind in ("left", "right") and name == "vertical":
            self._cycle(1 if action.kind == "right" else -1)
        else:
            return False
        return True

    def _cycle(self, step: int) -> None:
        if self.playable:
            self.pack_index = (self.pack_index + step) % len(self.playable)

    def submit(self) -> None:
        t = self.app.t
        values = {name: entry.get_text().strip() for name, entry in self.entries.items()}
        for name in ("name", "team", "manager"):
            if not values[name]:
                self.error = t("window.enrol.missing", field=t(f"window.enrol.{name}"))
                self._focus(FIELDS.index(name))
                return
        try:
            enrolled = date.fromisoformat(values["date"])
        except ValueError:
            self.error = t("window.enrol.bad_date")
            self._focus(FIELDS.index("date"))
            return
        if not self.playable:
            self.error = t("window.enrol.no_pack")
            return
        entry = self.playable[self.pack_index % len(self.playable)]
        store = self.app.store
        assert store is not None and entry.pack is not None
        taken = {tr.id for tr in store.trainees()}
        base = re.sub(r"[^a-z0-9]+", "-", values["name"].lower()).strip("-") or "trainee"
        trainee_id, n = base, 2
        while trainee_id in taken:
            trainee_id, n = f"{base}-{n}", n + 1
        # the vertical is what the progress reports group by; the pack id is kept instead only when another
        # pack would be picked for that vertical (two packs of one vertical)
        vertical = entry.pack.vertical if self.app.pack_for(entry.pack.vertical) is entry else entry.id
        try:
            store.enrol(Trainee(trainee_id, values["name"], values["team"], values["manager"], vertical, enrolled))
        except ProgressError as exc:
            self.error = str(exc)
            return
        from game.ui.scenes.journey import JourneyScene

        self.app.change_settings(last_trainee=trainee_id)
        self.app.replace(JourneyScene(self.app, trainee_id))

    def update(self, dt: float) -> None:
        for index, name in enumerate(FIELDS):  # a click into a field moves the focus there too
            if name in self.entries and self.entries[name].is_focused and self.focus != index:
                self.focus = index

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        header(surface, theme, t("window.enrol.title"))
        for index, name in enumerate(FIELDS):
            rect = self.rects[name]
            focused = index == self.focus
            if name != "submit":
                label(surface, theme, t(f"window.enrol.{name}"), (rect.x, rect.y - theme.line_height("small") - 2),
                      p.accent if focused else p.muted, "small", bold=focused)
            if name == "vertical":
                entry = self.playable[self.pack_index % len(self.playable)] if self.playable else None
                text = f"◀  {entry.name(lang)}  ▶" if entry else t("window.enrol.no_pack")
                draw_button(surface, theme, Button(text, name, rect), focused=focused)
            elif name == "submit":
                draw_button(surface, theme, Button(t("window.enrol.submit"), name, rect), focused=focused)
            elif focused:
                pygame.draw.rect(surface, p.focus, rect.inflate(6, 6), width=2, border_radius=8)
        if self.error:
            bottom = self.rects["submit"].bottom + 10
            text_block(surface, theme, self.error, (self.rects["submit"].x, bottom), self.rects["submit"].width, p.bad,
                       "small")
        footer(surface, theme, t("window.hint.form"))
