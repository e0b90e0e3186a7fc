"""Broken packs are named while the others play; the window adapts to its size and paces on the clock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame

from game.ui.app import FPS, MIN_SIZE
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.meeting import MeetingScene
from game.ui.scenes.title import TitleScene
from tests.ui.conftest import press


def root_with_a_broken_pack(mini_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "scenarios"
    shutil.copytree(mini_root, root)
    (root / "broken").mkdir()
    (root / "broken" / "pack.yaml").write_text("id: broken\nvertical: retail_services\nname: Broken\n"
                                               "account: {company: X}\n", encoding="utf-8")
    return root


def test_a_broken_pack_is_named_with_its_reason_and_the_good_pack_still_plays(make_app, store, mini_root, tmp_path):
    app = make_app(store, root=root_with_a_broken_pack(mini_root, tmp_path))
    entries = {entry.id: entry for entry in app.packs()}
    assert entries["tiny"].problem is None
    assert entries["broken"].pack is None
    assert "broken/pack.yaml" in entries["broken"].problem
    assert "missing required field" in entries["broken"].problem
    app.push(TitleScene(app))
    app.step(1 / 60)
    assert app.theme.has_drawn("broken cannot be played: ")
    assert app.theme.has_drawn("ready: Tiny")

    app.push(BriefingScene(app, None, "tiny", 1))
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, MeetingScene)


def test_a_broken_stage_file_shows_its_error_on_the_briefing_instead_of_crashing(make_app, store, mini_root,
                                                                                 tmp_path):
    root = root_with_a_broken_pack(mini_root, tmp_path)
    (root / "tiny" / "stage-2.yaml").write_text("stage: 2\nid: tiny-2\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app(store, root=root)
    briefing = BriefingScene(app, None, "tiny", 2)
    app.push(briefing)
    app.step(1 / 60)
    assert briefing.scenario is None
    assert "stage-2.yaml" in briefing.problem
    assert [b.action for b in briefing.buttons.buttons] == ["back"]
    assert app.theme.has_drawn("stage-2.yaml")
    press(app, pygame.K_RETURN)  # "Back", the only button
    assert app.stack == []


def test_the_meeting_layout_follows_the_window_size(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    for size in ((1024, 640), (1600, 900)):
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        app.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        app.step(1 / 60)
        screen = pygame.Rect((0, 0), size)
        for button in scene.choices.buttons:
            assert screen.contains(button.rect)
        assert screen.contains(scene.rects["right"])
        assert scene.rects["log"].right < scene.rects["right"].left


def test_a_window_smaller_than_the_minimum_is_set_back_to_it(make_app, store):
    app = make_app(store)
    app.push(TitleScene(app))
    app.screen = pygame.display.set_mode((800, 500), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(800, 500), w=800, h=500))
    app.step(1 / 60)
    assert app.screen.get_size() == MIN_SIZE


def test_the_loop_waits_on_the_clock_at_sixty_frames_a_second(make_app, store):
    app = make_app(store)
    app.push(TitleScene(app))

    class Clock:
        def __init__(self) -> None:
            self.ticks: list[int] = []

        def tick(self, fps: int) -> int:
            self.ticks.append(fps)
            return 16

    app.clock = Clock()
    app.run(frames=5)
    assert app.clock.ticks == [FPS] * 5 and FPS == 60
    assert app.frames == 5


def test_a_broken_program_file_is_shown_on_the_title_and_only_settings_stay_open(make_app, store, mini_root,
                                                                                 tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(mini_root, root)
    (root / "program.yaml").write_text("id: star-program\nstages: []\n", encoding="utf-8")
    app = make_app(store, root=root)
    app.push(TitleScene(app))
    app.step(1 / 60)
    assert "program.yaml" in app.program_problem()
    enabled = [b.action for b in app.top.buttons.buttons if b.enabled]
    assert enabled == ["settings", "language", "quit"]
    assert app.theme.has_drawn("program.yaml")
    press(app, pygame.K_RETURN)  # the focus skipped to the first usable button
    from game.ui.scenes.settings import SettingsScene

    assert isinstance(app.top, SettingsScene)


def test_at_the_smallest_size_with_large_text_a_broken_pack_is_still_on_the_title(make_app, store, mini_root,
                                                                                   tmp_path):
    app = make_app(store, root=root_with_a_broken_pack(mini_root, tmp_path), size=MIN_SIZE)
    app.change_settings(text_size="large", last_trainee=None)
    title = TitleScene(app)
    app.push(title)
    app.step(1 / 60)
    line = app.theme.line_height("small")
    status_bottom = title.buttons.buttons[-1].rect.bottom + 12 + len(title.status) * line
    footer_top = MIN_SIZE[1] - line - 12
    assert status_bottom <= footer_top
    assert any(text.startswith("● broken") for text, _ in title.status)
