"""The manager's dashboard: report rows sorted and filtered by keyboard, a trainee's detail, transcripts, notes."""

from __future__ import annotations

import pygame

from game.ui.scenes.dashboard import DashboardScene, TraineeScene
from game.ui.scenes.title import TitleScene
from game.ui.scenes.transcript import TranscriptScene
from tests.ui.conftest import press, type_text
from tests.ui.scenes_gallery import populate


def open_dashboard(app):
    app.push(TitleScene(app))
    app.step(1 / 60)
    assert app.top.buttons.focused.action == "roster"  # people are enrolled: the focus starts at the top
    press(app, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN)  # roster, enrol, dashboard
    assert isinstance(app.top, DashboardScene)
    return app.top


def test_rows_start_with_the_most_worrying_status_and_sort_by_any_column(make_app, store):
    app = make_app(store)
    populate(store, app)
    dashboard = open_dashboard(app)
    assert [row.status for row in dashboard.rows] == ["overdue", "at_risk"]
    press(app, *[pygame.K_LEFT] * 4)  # to the name column
    assert [row.name for row in dashboard.rows] == ["Jamie Park", "김민지"]
    press(app, pygame.K_s)
    assert [row.name for row in dashboard.rows] == ["김민지", "Jamie Park"]
    header = dashboard.rects["table"].y + 4
    days = next(x for key, x, _ in dashboard.columns if key == "days")
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(days + 4, header + 4)))
    app.step(1 / 60)
    assert [row.days_remaining for row in dashboard.rows] == sorted(r.days_remaining for r in dashboard.rows)


def test_typing_in_the_filter_keeps_matching_rows_only(make_app, store):
    app = make_app(store)
    populate(store, app)
    dashboard = open_dashboard(app)
    press(app, pygame.K_TAB)
    type_text(app, "영업")
    assert [row.name for row in dashboard.rows] == ["김민지"]
    press(app, pygame.K_RETURN, pygame.K_RETURN)  # leave the filter, open the row
    assert isinstance(app.top, TraineeScene)
    assert app.top.trainee.name == "김민지"


def test_a_manager_reads_a_transcript_and_adds_a_coaching_note_by_keyboard(make_app, store):
    app = make_app(store)
    populate(store, app)
    dashboard = open_dashboard(app)
    press(app, pygame.K_DOWN, pygame.K_RETURN)  # the second row: 김민지 (at risk)
    detail = app.top
    assert isinstance(detail, TraineeScene)
    press(app, pygame.K_RETURN)
    assert isinstance(app.top, TranscriptScene)
    assert app.top.meeting.moves == ["warm", "listen", "ask-meeting"]
    press(app, pygame.K_ESCAPE)
    assert app.top is detail

    before = len(store.notes("kim"))
    press(app, pygame.K_n)
    assert detail.writing
    press(app, pygame.K_TAB, pygame.K_RIGHT, pygame.K_TAB)  # "by" is the manager already; skill: discovery
    type_text(app, "Ask about the outage before the budget")
    press(app, pygame.K_TAB, pygame.K_RETURN)
    notes = store.notes("kim")
    assert len(notes) == before + 1
    assert (notes[-1].by, notes[-1].skill, notes[-1].text) == ("Lee", "discovery",
                                                               "Ask about the outage before the budget")
    assert not detail.writing
    del dashboard
