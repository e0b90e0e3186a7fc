"""The roster: every enrolled trainee, reachable by keyboard even when the list is longer than the window."""

from __future__ import annotations

from datetime import date

import pygame

from game.ui.scenes.journey import JourneyScene
from game.ui.scenes.roster import RosterScene
from progress.store import Trainee
from tests.ui.conftest import press


def test_the_last_of_many_trainees_scrolls_into_view_and_opens_their_journey(make_app, store):
    for n in range(30):
        store.enrol(Trainee(f"t{n:02}", f"Trainee {n:02}", "Alpha", "Lee", "finance", date(2026, 1, 5)))
    app = make_app(store, size=(1024, 640))
    roster = RosterScene(app)
    app.push(roster)
    press(app, *[pygame.K_DOWN] * 29)
    focused = roster.buttons.focused
    assert focused.action == "t29"
    assert roster.top <= focused.rect.top - roster.shift
    assert focused.rect.bottom - roster.shift <= roster.top + roster.view_h
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1,
                                         pos=(focused.rect.centerx, focused.rect.centery - roster.shift)))
    app.step(1 / 60)
    assert isinstance(app.top, JourneyScene)
    assert app.top.trainee_id == "t29"
    assert app.settings.last_trainee == "t29"
