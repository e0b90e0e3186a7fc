"""The title screen: trainees, the dashboard, settings and language; and which scenario packs are usable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer
from game.ui.widgets import Button, ButtonRow, label, title_backdrop

if TYPE_CHECKING:
    from progress.store import Trainee


class TitleScene(Scene):
    def __init__(self, app: App):
        super().__init__(app)
        self.buttons = ButtonRow()
        self.menu_top = 0
        self._placed = False

    def _last_trainee(self) -> Trainee | None:
        store, last = self.app.store, self.app.settings.last_trainee
        if store is None or last is None:
            return None
        return next((t for t in store.trainees() if t.id == last), None)

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        items = []
        last = self._last_trainee()
        if last is not None:
            items.append((t("window.title.continue", name=last.name), "continue"))
        items += [(t("window.title.roster"), "roster"), (t("window.title.enrol"), "enrol"),
                  (t("window.title.dashboard"), "dashboard"), (t("window.title.settings"), "settings"),
                  (t("window.title.language"), "language"), (t("window.title.quit"), "quit")]
        # without a store (practice) or a readable program.yaml, only settings, language and quit make sense
        usable = self.app.store is not None and self.app.program_problem() is None
        self.status = self._status_lines(w - 2 * MARGIN)
        status_h = len(self.status) * theme.line_height("small") + 16
        foot = h - theme.line_height("small") - 12
        self.menu_top = theme.line_height("huge") + theme.line_height() + 50
        # the menu gives up height before the pack status does: a broken pack must always be on screen
        room = foot - status_h - self.menu_top
        count = len(items)
        height = max(theme.line_height() + 6, min(theme.line_height() + 16, (room - 4 * (count - 1)) // count))
        gap = max(4, min(10, (room - count * height) // max(1, count - 1)))
        width = min(520, w - 2 * MARGIN)
        self.buttons.set([Button(text, action, pygame.Rect((w - width) // 2, self.menu_top + i * (height + gap),
                                                           width, height),
                                 enabled=action in ("settings", "language", "quit") or usable)
                          for i, (text, action) in enumerate(items)])
        if not self._placed and usable and self.app.store is not None and not self.app.store.trainees():
            self.buttons.focus = [action for _, action in items].index("enrol")  # a first run starts by enrolling
        self._placed = True

    def _status_lines(self, width: int) -> list[tuple[str, tuple[int, int, int]]]:
        """The pack status under the menu, wrapped: broken packs first, each with its reason; then the ready ones."""
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        problem = self.app.program_problem()
        if problem is not None:
            return [(line, p.bad) for line in theme.wrap(problem, width, "small")[:3]]
        lines: list[tuple[str, tuple[int, int, int]]] = []
        if self.app.store is None:
            lines += [(line, p.warn) for line in theme.wrap(t("window.title.no_store"), width, "small")]
        entries = self.app.packs()
        for entry in entries:
            if entry.problem is not None:
                text = "● " + t("window.title.pack_broken", pack=entry.id, problem=entry.problem)
                lines += [(line, p.bad) for line in theme.wrap(text, width, "small")[:2]]
        ready = ", ".join(entry.name(lang) for entry in entries if entry.problem is None)
        text = f"{t('window.title.packs')} · " + (t("window.title.ready", names=ready) if ready else
                                                  t("window.enrol.no_pack"))
        lines += [(line, p.good if ready else p.bad) for line in theme.wrap(text, width, "small")[:2]]
        return lines

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.running = False
            return True
        pressed = self.buttons.handle(action)
        if not isinstance(pressed, str):
            return bool(pressed)
        app = self.app
        if pressed == "continue":
            from game.ui.scenes.journey import JourneyScene

            last = self._last_trainee()
            if last is not None:
                app.push(JourneyScene(app, last.id))
        elif pressed == "roster":
            from game.ui.scenes.roster import RosterScene

            app.push(RosterScene(app))
        elif pressed == "enrol":
            from game.ui.scenes.roster import EnrolScene

            app.push(EnrolScene(app))
        elif pressed == "dashboard":
            from game.ui.scenes.dashboard import DashboardScene

            app.push(DashboardScene(app))
        elif pressed == "settings":
            from game.ui.scenes.settings import SettingsScene

            app.push(SettingsScene(app))
        elif pressed == "language":
            app.change_settings(lang="en" if app.lang == "ko" else "ko")
        elif pressed == "quit":
            app.running = False
        return True

    def draw(self, surface: pygame.Surface) -> None:
        theme, t, lang, p = self.app.theme, self.app.t, self.app.lang, self.app.theme.palette
        w, h = surface.get_size()
        title_backdrop(surface, theme, t("app.title"), t("window.title.tagline"))
        self.buttons.draw(surface, theme)
        y = (self.buttons.buttons[-1].rect.bottom if self.buttons.buttons else self.menu_top) + 12
        if self.status:  # the sky stays behind the menu, not behind the small print
            line = theme.line_height("small")
            pygame.draw.rect(surface, p.background, (MARGIN - 8, y - 4, w - 2 * MARGIN + 16,
                                                     len(self.status) * line + 8), border_radius=6)
        for text, colour in self.status:
            label(surface, theme, text, (MARGIN, y), colour, "small")
            y += theme.line_height("small")
        footer(surface, theme, t("window.hint.menu"))
