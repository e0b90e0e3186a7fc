"""The title screen: trainees, the dashboard, settings and language; and which scenario packs are usable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer
from game.ui.widgets import Button, ButtonRow, label, text_block, title_backdrop

if TYPE_CHECKING:
    from progress.store import Trainee


class TitleScene(Scene):
    def __init__(self, app: App):
        super().__init__(app)
        self.buttons = ButtonRow()
        self.menu_top = 0

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
        width = min(520, w - 2 * MARGIN)
        height = theme.line_height() + 16
        # without a store (practice) or a readable program.yaml, only settings, language and quit make sense
        usable = self.app.store is not None and self.app.program_problem() is None
        self.menu_top = theme.line_height("huge") + theme.line_height() + 60
        self.buttons.set([Button(text, action, pygame.Rect((w - width) // 2, self.menu_top + i * (height + 10),
                                                           width, height),
                                 enabled=action in ("settings", "language", "quit") or usable)
                          for i, (text, action) in enumerate(items)])

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
        y = (self.buttons.buttons[-1].rect.bottom if self.buttons.buttons else self.menu_top) + 18
        foot = footer(surface, theme, t("window.hint.menu"))
        width = w - 2 * MARGIN
        problem = self.app.program_problem()
        if problem is not None:
            text_block(surface, theme, problem, (MARGIN, y), width, p.bad, "small", max_lines=2)
            return
        label(surface, theme, t("window.title.packs"), (MARGIN, y), p.muted, "small", bold=True)
        y += theme.line_height("small")
        if self.app.store is None:
            y = text_block(surface, theme, t("window.title.no_store"), (MARGIN, y), width, p.warn, "small")
        for entry in self.app.packs():
            if y + theme.line_height("small") > foot:
                break
            if entry.problem is None:
                y = text_block(surface, theme, "● " + t("window.title.pack_ok", name=entry.name(lang)), (MARGIN, y),
                               width, p.good, "small", max_lines=1)
            else:
                y = text_block(surface, theme, "● " + t("window.title.pack_broken", pack=entry.id,
                                                        problem=entry.problem),
                               (MARGIN, y), width, p.bad, "small", max_lines=2)
