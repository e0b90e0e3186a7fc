"""The input adapter turns raw keys, clicks and widget events into the game's actions."""

from __future__ import annotations

import pygame

from game.ui.input import InputAdapter, key, translate


def test_number_keys_and_keypad_numbers_both_choose_by_number():
    assert translate(key(pygame.K_3)).value == 3
    assert translate(key(pygame.K_KP7)).kind == "number"
    assert translate(key(pygame.K_KP7)).value == 7


def test_enter_keypad_enter_and_space_confirm_and_escape_goes_back():
    for code in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
        assert translate(key(code)).kind == "confirm"
    assert translate(key(pygame.K_ESCAPE)).kind == "back"


def test_tab_moves_forward_and_shift_tab_backward():
    assert translate(key(pygame.K_TAB)).kind == "next"
    assert translate(key(pygame.K_TAB, mod=pygame.KMOD_LSHIFT)).kind == "previous"


def test_clicks_wheel_and_letters_become_actions_with_their_values():
    click = translate(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(10, 20)))
    assert (click.kind, click.pos) == ("click", (10, 20))
    assert translate(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=3, pos=(10, 20))) is None
    assert translate(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1)).value > 0  # wheel down scrolls down
    assert translate(key(pygame.K_s, unicode="s")).value == "s"
    assert translate(key(pygame.K_s, unicode="ㄴ")).value == "s"  # the same key in 한글 input mode


def test_widget_events_pass_through_as_widget_actions():
    import pygame_gui

    event = pygame.event.Event(pygame_gui.UI_TEXT_ENTRY_CHANGED, text="x")
    action = translate(event)
    assert action.kind == "widget"
    assert action.raw is event


def test_the_adapter_empties_the_queue_and_keeps_the_raw_events():
    pygame.init()
    pygame.display.set_mode((200, 100))
    pygame.event.clear()
    pygame.event.post(key(pygame.K_1))
    pygame.event.post(key(pygame.K_F1))  # not a game key: raw only
    actions, raw = InputAdapter().read()
    assert [a.kind for a in actions] == ["number"]
    assert len([e for e in raw if e.type == pygame.KEYDOWN]) == 2
    assert InputAdapter().read()[0] == []
    pygame.quit()
