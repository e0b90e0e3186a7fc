"""Settings: language, text size, high contrast, full screen, sound and coach mode; saved as soon as changed."""

from __future__ import annotations

import pygame

from game.ui.app import App, Scene
from game.ui.input import Action
from game.ui.scenes.common import MARGIN, footer, header
from game.ui.settings import TEXT_SIZES
from game.ui.widgets import Button, ButtonRow

ROWS = ("lang", "text_size", "high_contrast", "fullscreen", "sound", "coach")


class SettingsScene(Scene):
    def __init__(self, app: App):
        super().__init__(app)
        self.buttons = ButtonRow()

    def value(self, name: str) -> str:
        settings, t = self.app.settings, self.app.t
        if name == "lang":
            return "한국어" if settings.lang == "ko" else "English"
        if name == "text_size":
            return t(f"window.settings.size.{settings.text_size}")
        return t("window.settings.on") if getattr(settings, name) else t("window.settings.off")

    def layout(self, size: tuple[int, int]) -> None:
        theme, t, (w, h) = self.app.theme, self.app.t, size
        width = min(640, w - 2 * MARGIN)
        height = theme.line_height() + 16
        top = theme.line_height("big") + 40
        self.buttons.set([
            Button(f"{t('window.settings.' + name)}:  ◀ {self.value(name)} ▶", name,
                   pygame.Rect((w - width) // 2, top + i * (height + 10), width, height))
            for i, name in enumerate(ROWS)])

    def change(self, name: str, step: int) -> None:
        settings = self.app.settings
        if name == "lang":
            self.app.change_settings(lang="en" if settings.lang == "ko" else "ko")
        elif name == "text_size":
            index = (TEXT_SIZES.index(settings.text_size) + step) % len(TEXT_SIZES)
            self.app.change_settings(text_size=TEXT_SIZES[index])
        else:
            self.app.change_settings(**{name: not getattr(settings, name)})

    def handle(self, action: Action) -> bool:
        if action.kind == "back":
            self.app.pop()
            return True
        focused = self.buttons.focused
        if action.kind in ("left", "right") and focused is not None:
            self.change(focused.action, -1 if action.kind == "left" else 1)
            return True
        if action.kind in ("up", "down", "next", "previous", "point"):
            return bool(self.buttons.handle(action))
        pressed = self.buttons.handle(action)
        if isinstance(pressed, str):
            self.change(pressed, 1)
            return True
        return bool(pressed)

    def draw(self, surface: pygame.Surface) -> None:
        theme, t = self.app.theme, self.app.t
        header(surface, theme, t("window.settings.title"))
        self.buttons.draw(surface, theme)
        footer(surface, theme, t("window.hint.settings"))
