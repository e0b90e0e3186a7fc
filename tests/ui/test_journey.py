"""The journey map: stages unlock in order, the status comes from the progress window, stage 1 briefs the account."""

from __future__ import annotations

from datetime import date

import pygame

from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.journey import JourneyScene
from game.ui.scenes.meeting import MeetingScene
from progress.store import Trainee
from tests.ui.conftest import TODAY, press


def test_a_locked_stage_says_which_stage_to_pass_first_and_does_not_open(make_app, store):
    store.enrol(Trainee("kim", "Kim", "Alpha", "Lee", "finance", date(2026, 10, 1)))
    app = make_app(store)
    journey = JourneyScene(app, "kim")
    app.push(journey)
    assert journey.selected == 0
    press(app, pygame.K_RIGHT, pygame.K_RETURN)
    assert app.top is journey
    assert journey.message == app.t("window.journey.locked_help", stage=1)
    assert [journey.stage_state(n) for n in (1, 2, 7)] == ["open", "locked", "locked"]
    assert journey.standing.status.value == "on_track"
    assert app.theme.has_drawn(app.t("window.journey.stage_status", stage=1, total=7,
                                     days=journey.standing.days_remaining, status=app.t("window.status.on_track")))


def test_passing_stage_one_and_going_back_to_the_map_opens_stage_two_with_the_best_score(make_app, store):
    store.enrol(Trainee("kim", "Kim", "Alpha", "Lee", "finance", date(2026, 10, 1)))
    app = make_app(store)
    journey = JourneyScene(app, "kim")
    app.push(journey)
    press(app, pygame.K_RETURN)
    briefing = app.top
    assert isinstance(briefing, BriefingScene)
    assert app.theme.has_drawn(app.t("window.briefing.account"))  # before stage 1, the account briefing
    press(app, pygame.K_RETURN, pygame.K_1, pygame.K_1, pygame.K_1, pygame.K_RETURN)
    debriefed = app.top
    assert isinstance(debriefed, DebriefScene) and debriefed.result.passed
    press(app, pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_RETURN)  # "Back to the map"
    assert app.top is journey
    assert journey.stage_state(1) == "passed"
    assert journey.stage_state(2) == "open"
    assert journey.best[1] == debriefed.result.satisfaction
    assert journey.passed[1] == TODAY
    assert journey.selected == 1  # the newly opened stage 2 is selected
    press(app, pygame.K_LEFT)
    last = app.t("window.journey.last", date=TODAY.isoformat(), outcome=app.t("window.detail.passed"),
                 satisfaction=debriefed.result.satisfaction, ending=app.t("state.agreed"))
    assert app.theme.has_drawn(last)
    assert not any(isinstance(scene, MeetingScene) for scene in app.stack)
