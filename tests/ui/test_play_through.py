"""A whole stage played through the window with the keyboard alone, and a meeting resumed after closing."""

from __future__ import annotations

import pygame

from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.journey import JourneyScene
from game.ui.scenes.meeting import MeetingScene
from game.ui.scenes.roster import EnrolScene
from game.ui.scenes.title import TitleScene
from tests.ui.conftest import TODAY, press, type_text


def enrol_by_keyboard(app, name: str = "Kim") -> None:
    press(app, pygame.K_RETURN)  # nobody is enrolled yet: the title's focus starts on "Enrol a new trainee"
    assert isinstance(app.top, EnrolScene)
    type_text(app, name)
    press(app, pygame.K_TAB)
    type_text(app, "Alpha")
    press(app, pygame.K_TAB)
    type_text(app, "Lee")
    press(app, pygame.K_TAB, pygame.K_TAB, pygame.K_TAB)  # the vertical (one pack), the date (today), submit
    press(app, pygame.K_RETURN)


def one_move_into_stage_1(make_app, store):
    """A new window: enrol by keyboard, open stage 1's briefing, start the meeting and play its first choice."""
    app = make_app(store)
    app.push(TitleScene(app))
    app.step(1 / 60)
    enrol_by_keyboard(app)
    press(app, pygame.K_RETURN, pygame.K_RETURN, pygame.K_1)  # briefing, start, first move
    return app


def test_a_stage_played_with_keys_only_is_stored_and_debriefed(make_app, store):
    app = make_app(store)
    app.push(TitleScene(app))
    app.step(1 / 60)
    enrol_by_keyboard(app)
    assert isinstance(app.top, JourneyScene)
    [trainee] = store.trainees()
    assert (trainee.name, trainee.team, trainee.manager, trainee.enrolled) == ("Kim", "Alpha", "Lee", TODAY)

    press(app, pygame.K_RETURN)  # stage 1 is open and selected
    assert isinstance(app.top, BriefingScene)
    press(app, pygame.K_RETURN)  # start the meeting
    assert isinstance(app.top, MeetingScene)
    press(app, pygame.K_1)  # warm
    press(app, pygame.K_DOWN, pygame.K_DOWN, pygame.K_UP, pygame.K_RETURN)  # arrows and Enter: the second choice
    meeting = app.top.meeting
    assert meeting.moves == ["warm", "budget"]

    assert not meeting.ended
    press(app, pygame.K_1)  # ask for the meeting
    assert meeting.ended
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, DebriefScene)
    shown = app.top.result
    verdict = app.t("window.debrief.passed" if shown.passed else "window.debrief.failed")
    assert app.theme.has_drawn(verdict)
    assert app.theme.has_drawn(f"{app.t('window.debrief.satisfaction')}: {shown.satisfaction}/100")

    [attempt] = store.attempts(trainee.id)
    assert store.moves(attempt.id) == ["warm", "budget", "ask-meeting"]
    assert attempt.outcome == ("passed" if shown.passed else "failed")
    assert attempt.satisfaction == shown.satisfaction
    assert attempt.ending == shown.ending


def test_closing_mid_meeting_and_coming_back_resumes_at_the_same_move(make_app, store):
    app = one_move_into_stage_1(make_app, store)
    before = [event.as_dict() for event in app.top.meeting.events]
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.step(1 / 60)
    assert not app.running
    app.close()

    again = make_app(store)
    again.push(TitleScene(again))
    again.step(1 / 60)
    press(again, pygame.K_RETURN)  # "Continue as Kim" is first and focused
    assert isinstance(again.top, JourneyScene)
    press(again, pygame.K_RETURN)
    assert again.top.buttons.focused.action == "resume"
    press(again, pygame.K_RETURN)
    resumed = again.top
    assert isinstance(resumed, MeetingScene)
    assert resumed.meeting.moves == ["warm"]
    assert [event.as_dict() for event in resumed.meeting.events] == before
    press(again, pygame.K_1, pygame.K_1)
    assert resumed.meeting.ended
    [attempt] = store.attempts(store.trainees()[0].id)
    assert store.moves(attempt.id) == ["warm", "listen", "ask-meeting"]
    assert attempt.outcome == "passed"


def test_start_over_in_the_briefing_abandons_the_left_meeting_and_offers_the_new_one_next_time(make_app, store):
    app = one_move_into_stage_1(make_app, store)
    press(app, pygame.K_ESCAPE)  # leave the meeting: it stays resumable
    assert isinstance(app.top, BriefingScene) and app.top.buttons.focused.action == "resume"
    press(app, pygame.K_RIGHT)
    assert app.top.buttons.focused.action == "start"
    press(app, pygame.K_RETURN, pygame.K_2)  # start over, and play one move there
    assert isinstance(app.top, MeetingScene) and len(app.top.meeting.moves) == 1  # a new meeting, one move in
    first, second = store.attempts(store.trainees()[0].id)
    assert first.abandoned and not second.abandoned
    assert store.moves(first.id) == ["warm"]  # kept as it was played
    assert store.unfinished_attempt(second.trainee).id == second.id
