"""Window settings are changed with the keyboard, saved at once, and read back by the next window."""

from __future__ import annotations

import json

import pygame

from game.ui.scenes.settings import SettingsScene
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.theme import TEXT_SIZES
from tests.ui.conftest import press


def test_settings_changed_by_keyboard_are_there_when_the_window_opens_again(make_app, store, tmp_path):
    app = make_app(store)
    app.push(SettingsScene(app))
    press(app, pygame.K_RIGHT)  # language: English -> 한국어
    press(app, pygame.K_DOWN, pygame.K_RIGHT)  # text size: medium -> large
    press(app, pygame.K_DOWN, pygame.K_RETURN)  # high contrast on
    press(app, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)  # sound off
    press(app, pygame.K_DOWN, pygame.K_RETURN)  # coach mode on
    app.close()

    again = make_app(store)
    assert again.settings == Settings(lang="ko", text_size="large", high_contrast=True, fullscreen=False,
                                      sound=False, coach=True)
    assert again.t("window.settings.title") == "설정"
    assert again.theme.base == TEXT_SIZES["large"]
    assert again.theme.palette.background == (0, 0, 0)


def test_larger_text_makes_every_font_larger(make_app, store):
    app = make_app(store)
    before = app.theme.font("body").get_height()
    app.change_settings(text_size="large")
    assert app.theme.font("body").get_height() > before


def test_a_damaged_settings_file_gives_defaults_not_an_error(tmp_path):
    path = tmp_path / "window.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()
    path.write_text(json.dumps({"lang": "fr", "text_size": "huge", "sound": "yes", "coach": True}), encoding="utf-8")
    assert load_settings(path) == Settings(coach=True)


def test_settings_round_trip_through_the_file(tmp_path):
    path = tmp_path / "deep" / "window.json"
    chosen = Settings(lang="ko", text_size="small", high_contrast=True, fullscreen=True, sound=False, coach=True,
                      last_trainee="kim")
    save_settings(path, chosen)
    assert load_settings(path) == chosen


def test_turning_sound_off_silences_the_cues_at_once(make_app, store):
    app = make_app(store)
    assert app.cues.enabled
    app.change_settings(sound=False)
    assert not app.cues.enabled
