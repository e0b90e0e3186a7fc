"""Every scene renders in both languages, with every character it draws present in the shipped font."""

from __future__ import annotations

import pygame
import pytest

from game.ui.theme import missing_glyphs
from tests.ui.conftest import press
from tests.ui.scenes_gallery import populate, render_all, scenes

SCENE_COUNT = 15


@pytest.mark.parametrize("size", [(1280, 720), (1024, 640)])
def test_every_scene_renders_in_both_languages_without_missing_glyphs(make_app, store, tmp_path, size):
    app = make_app(store, size=size)
    populate(store, app)
    drawn_by_widgets = ""
    files = []
    for lang in ("en", "ko"):
        rendered, shown = render_all(app, store, tmp_path, lang)
        files += rendered
        drawn_by_widgets += shown
    assert len(files) == 2 * SCENE_COUNT
    for path in files:
        image = pygame.image.load(str(path))
        assert image.get_size() == size
        # a scene that drew nothing would be one flat colour
        assert len(set(pygame.image.tobytes(image, "RGB")[::997])) > 3, path.name
    drawn = app.theme.drawn | set(drawn_by_widgets)
    assert any("\uac00" <= char <= "\ud7a3" for char in drawn), "no Korean was drawn at all"
    for bold in (False, True):
        for size_name in ("small", "body", "big", "title", "huge"):
            assert missing_glyphs(app.theme.font(size_name, bold), drawn) == set()


def test_the_glyph_check_spots_a_character_the_font_lacks(make_app, store):
    app = make_app(store)
    assert missing_glyphs(app.theme.font(), {"\u2717", "\U0001f600"}) == {"\u2717", "\U0001f600"}
    assert missing_glyphs(app.theme.font(), set("가나다 abc ★")) == set()


def test_korean_setting_changes_the_words_on_screen(make_app, store):
    app = make_app(store)
    app.change_settings(lang="ko")
    from game.ui.scenes.title import TitleScene

    app.push(TitleScene(app))
    app.step(1 / 60)
    assert "교육생 선택" in [button.label for button in app.top.buttons.buttons]
    for _ in range(len(app.top.buttons.buttons)):
        if app.top.buttons.focused.action == "language":
            break
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert app.lang == "en"
    assert "Choose a trainee" in [button.label for button in app.top.buttons.buttons]


def test_the_gallery_covers_every_scene_module(make_app, store):
    app = make_app(store)
    populate(store, app)
    kinds = {type(scene).__module__ for _, scene in scenes(app, store)}
    import pkgutil

    import game.ui.scenes as package

    modules = {f"game.ui.scenes.{m.name}" for m in pkgutil.iter_modules(package.__path__)} - {"game.ui.scenes.common"}
    assert modules <= kinds
