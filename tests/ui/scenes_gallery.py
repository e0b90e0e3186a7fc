"""Every scene of the window in a state worth looking at, for the screenshot test (and for people to look at)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pygame

from game.ui.app import App, Scene
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.dashboard import DashboardScene, TraineeScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.journey import JourneyScene
from game.ui.scenes.meeting import MeetingScene
from game.ui.scenes.roster import EnrolScene, RosterScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.title import TitleScene
from game.ui.scenes.transcript import TranscriptScene
from progress.store import Store, Trainee


def populate(store: Store, app: App) -> None:
    """Two trainees: one passed stage 1 (and has a coaching note), one failed it and left a meeting unfinished."""
    store.enrol(Trainee("kim", "김민지", "영업1팀", "Lee", "finance", date(2026, 3, 2)))
    store.enrol(Trainee("park", "Jamie Park", "Retail", "Cho", "finance", date(2025, 4, 15)))
    passed = MeetingScene.start(app, "tiny", 1, trainee_id="kim")
    for move in ("warm", "listen", "ask-meeting"):
        passed.choose(move)
    failed = MeetingScene.start(app, "tiny", 1, trainee_id="park")
    for move in ("push", "insult", "insult"):
        if not failed.meeting.ended:
            failed.choose(move)
    unfinished = MeetingScene.start(app, "tiny", 1, trainee_id="park")
    unfinished.choose("warm")
    attempt = store.attempts("kim")[0]
    store.add_note(attempt.id, "Lee", "discovery", "다음에는 예산을 묻기 전에 문제부터 물어보세요.")


def scenes(app: App, store: Store) -> Iterator[tuple[str, Scene]]:
    """(name, scene) for every scene; each is pushed on the app before it is yielded."""
    app.change_settings(last_trainee="kim")
    yield "title", TitleScene(app)
    yield "roster", RosterScene(app)
    enrol = EnrolScene(app)
    yield "enrol", enrol
    yield "settings", SettingsScene(app)
    yield "journey", JourneyScene(app, "kim")
    yield "briefing", BriefingScene(app, "park", "tiny", 1)
    meeting = MeetingScene.start(app, "tiny", 1, trainee_id="kim")
    meeting.choose("warm")
    yield "meeting-leak", meeting
    refused = MeetingScene.start(app, "tiny", 1)
    refused.choose("push")
    refused.choose("budget")
    yield "meeting-refusal", refused
    failed = MeetingScene.start(app, "tiny", 1)
    for move in ("push", "insult", "insult", "insult"):
        if not failed.meeting.ended:
            failed.choose(move)
    yield "meeting-ended", failed
    yield "debrief-failed", DebriefScene(app, failed.meeting, pack_id="tiny")
    passed = MeetingScene.start(app, "tiny", 1)
    for move in ("warm", "listen", "ask-meeting"):
        passed.choose(move)
    yield "debrief-passed", DebriefScene(app, passed.meeting, pack_id="tiny")
    yield "transcript", TranscriptScene(app, failed.meeting)
    yield "dashboard", DashboardScene(app)
    detail = TraineeScene(app, "kim")
    yield "trainee", detail
    writing = TraineeScene(app, "kim")
    writing.writing = True
    yield "trainee-note", writing


def render_all(app: App, store: Store, out: Path, lang: str) -> tuple[list[Path], str]:
    """Renders every scene in `lang` to out/<scene>-<lang>.png; returns the files, and the text pygame_gui
    fields showed (drawn by pygame_gui with the same font, not through the theme)."""
    app.change_settings(lang=lang)
    files, shown = [], []
    for name, scene in scenes(app, store):
        app.push(scene)
        if isinstance(scene, EnrolScene):
            scene.entries["name"].set_text("홍길동 Hong")
            scene.entries["team"].set_text("Enterprise 2")
        for _ in range(2):
            app.step(1 / 60)
        shown += [entry.get_text() for entry in getattr(scene, "entries", {}).values()]
        path = out / f"{name}-{lang}.png"
        pygame.image.save(app.screen, str(path))
        files.append(path)
        app.pop()
    return files, "".join(shown)
