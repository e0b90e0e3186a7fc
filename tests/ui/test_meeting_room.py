"""The meeting room: store before show, mouse and keys, leak and refusal cues, numbers only in coach mode."""

from __future__ import annotations

import pygame

from game.ui.scenes.meeting import LEAK_GLOW, MeetingScene
from progress.store import Trainee
from tests.ui.conftest import TODAY, press


def enrolled(store) -> str:
    store.enrol(Trainee("kim", "Kim", "Alpha", "Lee", "finance", TODAY))
    return "kim"


def test_each_move_is_in_the_store_before_its_result_is_on_screen(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1, trainee_id=enrolled(store))
    app.push(scene)
    app.step(1 / 60)
    seen_when_saved: list[int] = []
    save = store.save_move

    def spying_save(attempt_id, number, choice_id, at=None):
        seen_when_saved.append(len(scene.log))
        save(attempt_id, number, choice_id, at)

    store.save_move = spying_save
    shown_before = len(scene.log)
    press(app, pygame.K_1)
    assert seen_when_saved == [shown_before]
    assert len(scene.log) > shown_before
    assert store.moves(scene.attempt_id) == ["warm"]


def test_a_click_on_a_choice_plays_it(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    app.step(1 / 60)
    second = scene.choices.buttons[1]
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=second.rect.center))
    app.step(1 / 60)
    assert scene.meeting.moves == ["push"]


def test_a_leak_is_highlighted_for_a_moment_and_a_refusal_is_cued(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    press(app, pygame.K_1)  # warm: asks for public intel, which leaks
    assert "head" in scene.glow and scene.refusal == 0
    for _ in range(int(LEAK_GLOW * 60) + 2):
        app.step(1 / 60)
    assert scene.glow == {}

    other = MeetingScene.start(app, "tiny", 1)
    app.push(other)
    press(app, pygame.K_2)  # push: asks for the budget while guarded
    assert other.refusal > 0
    assert app.theme.has_drawn(app.t("window.meeting.refused_cue"))
    assert any(line.kind == "refusal" for line in other.log)


def test_trust_shows_as_numbers_only_in_coach_mode(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    coach = app.t("window.meeting.coach", trust=scene.meeting.trust, patience=scene.meeting.patience,
                  state=scene.meeting.state)
    app.step(1 / 60)
    assert not app.theme.has_drawn(coach)
    app.change_settings(coach=True)
    app.step(1 / 60)
    assert app.theme.has_drawn(coach)


def test_the_mood_word_and_body_language_follow_the_clients_state(make_app, store):
    app = make_app(store)
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    app.step(1 / 60)
    assert app.theme.has_drawn(app.t("window.body.guarded")[:12])  # its first words: the line may wrap
    press(app, pygame.K_1, pygame.K_1)  # warm, listen: the client opens up
    assert scene.meeting.state == "open"
    assert app.theme.has_drawn(app.t("window.body.open")[:12])
    assert app.theme.has_drawn(app.t("state.open"))


def test_a_pack_portrait_is_used_when_the_pack_has_one(make_app, store, mini_root, tmp_path):
    import shutil

    root = tmp_path / "scenarios"
    shutil.copytree(mini_root, root)
    stage = root / "tiny" / "stage-1.yaml"
    text = stage.read_text(encoding="utf-8")
    stage.write_text(text.replace("  personality:", "  portrait: face.png\n  personality:", 1), encoding="utf-8")
    app = make_app(store, root=root)
    face = pygame.Surface((64, 64))
    face.fill((10, 200, 30))
    pygame.image.save(face, str(root / "tiny" / "face.png"))
    scene = MeetingScene.start(app, "tiny", 1)
    app.push(scene)
    app.step(1 / 60)
    frame = scene.rects["left"]
    assert scene._image is not None
    column = {tuple(app.screen.get_at((frame.centerx, y)))[:3] for y in range(frame.y, frame.y + 200, 10)}
    assert (10, 200, 30) in column
