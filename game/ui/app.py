"""The game window: the loop, the scene stack, and what every scene shares (curriculum, store, settings, theme)."""

from __future__ import annotations

import os

import secrets
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # the version banner is noise in a terminal
import pygame  # noqa: E402

from game.content.findings import ContentError
from game.i18n import Strings
from game.ui.input import Action, InputAdapter
from game.ui.settings import load_settings, save_settings, settings_path
from game.ui.sound import Cues
from game.ui.theme import Theme
from game.ui.widgets import title_backdrop

# The content models, the engine and the store (pydantic, NumPy, sqlite3) are imported once the first frame is
# on screen: a window that appears at once is worth the lazy imports below.
if TYPE_CHECKING:
    from game.content.loader import Curriculum
    from game.content.model import Pack
    from progress.store import Store

MIN_SIZE = (1024, 640)
DEFAULT_SIZE = (1280, 720)
FPS = 60


class Scene:
    """One screen. The app calls `layout` when the window size or theme changes, `handle` for each action
    (True when used), `update` once a frame, and `draw`, which never changes state."""

    manager: Any = None  # a pygame_gui UIManager, for scenes with text fields

    def __init__(self, app: App):
        self.app = app

    def layout(self, size: tuple[int, int]) -> None:
        """Place widgets for this window size."""

    def resume(self) -> None:
        """Called when the scene above this one is popped (refresh what may have changed)."""

    def handle(self, action: Action) -> bool:
        return False

    def update(self, dt: float) -> None:
        """Advance timers by `dt` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Called when the scene leaves the stack."""


@dataclass(frozen=True)
class PackEntry:
    """A pack under the scenario root: loaded, or broken with the reason (the other packs stay playable)."""

    id: str
    pack: Pack | None
    problem: str | None

    def name(self, lang: str) -> str:
        return self.pack.name.get(lang) if self.pack else self.id


class App:
    """Owns the window and the scene stack; scenes get the app and reach everything through it."""

    def __init__(self, curriculum: Curriculum, store: Store | None, config: Path, *,
                 size: tuple[int, int] = DEFAULT_SIZE, today: Callable[[], date] | None = None,
                 new_seed: Callable[[], int] | None = None, screen: pygame.Surface | None = None):
        self.curriculum = curriculum
        self.store = store
        self.config = config
        self.settings = load_settings(config)
        self._fixed_day = today is not None  # --today, or a test: everything is dated as of that day
        self.today: Callable[[], date] = today or date.today
        self.new_seed = new_seed or (lambda: secrets.randbelow(2**31))
        self.input = InputAdapter()
        self.stack: list[Scene] = []
        self.running = True
        self.frames = 0
        self.clock = pygame.time.Clock()
        self.screen = screen or _open_display(size, self.settings.fullscreen)
        self.theme = Theme(self.settings.text_size, self.settings.high_contrast)
        self.t = Strings.load(self.settings.lang)
        self.cues = Cues(self.settings.sound)
        self._packs: list[PackEntry] | None = None

    # -- what scenes share ------------------------------------------------------------------------

    def moment(self) -> datetime:
        """When something happens, for the store: now, or the time of day now on the fixed day."""
        current = datetime.now(timezone.utc).replace(microsecond=0)
        if not self._fixed_day:
            return current
        return datetime.combine(self.today(), current.time(), tzinfo=timezone.utc)

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.get_size()

    def change_settings(self, **changes: Any) -> None:
        """Apply, save and redraw with new settings (theme, language, window mode)."""
        before = self.settings
        self.settings = before.with_(**changes)
        try:
            # the file gets what was changed here; a --lang given on the command line stays this session's
            save_settings(self.config, load_settings(self.config).with_(**changes))
        except OSError:
            pass  # an unwritable config folder costs the remembered settings, never the game
        if (before.text_size, before.high_contrast) != (self.settings.text_size, self.settings.high_contrast):
            self.theme = Theme(self.settings.text_size, self.settings.high_contrast)
        if before.lang != self.settings.lang:
            self.t = Strings.load(self.settings.lang)
        if before.fullscreen != self.settings.fullscreen:
            self.screen = _open_display(self.size if not before.fullscreen else DEFAULT_SIZE,
                                        self.settings.fullscreen)
        self.cues.enabled = self.settings.sound
        self.relayout()

    def packs(self) -> list[PackEntry]:
        """Every pack under the scenario root, each loaded or with the one-line reason it is broken."""
        from game.content.loader import NotFoundError

        if self._packs is None:
            entries = []
            try:
                ids = self.curriculum.pack_ids()
            except NotFoundError:
                ids = []
            for pack_id in ids:
                try:
                    entries.append(PackEntry(pack_id, self.curriculum.pack(pack_id), None))
                except ContentError as exc:
                    entries.append(PackEntry(pack_id, None, problem_text(exc)))
            self._packs = entries
        return self._packs

    def program_problem(self) -> str | None:
        """Why the program cannot be read (nothing is playable then), else None."""
        from game.content.loader import NotFoundError

        try:
            self.curriculum.program
        except (ContentError, NotFoundError) as exc:
            return problem_text(exc)
        return None

    def pack_for(self, vertical: str) -> PackEntry | None:
        """The pack a trainee of this vertical plays: the pack with that id, else one of that vertical."""
        entries = self.packs()
        for entry in entries:
            if entry.id == vertical:
                return entry
        for entry in entries:
            if entry.pack is not None and entry.pack.vertical == vertical:
                return entry
        return None

    # -- the stack --------------------------------------------------------------------------------

    def push(self, scene: Scene) -> None:
        scene.layout(self.size)
        self.stack.append(scene)

    def pop(self) -> None:
        if self.stack:
            self.stack.pop().close()
        if self.stack:
            self.stack[-1].resume()  # first: what it reloads may change its layout
            self.stack[-1].layout(self.size)
        else:
            self.running = False

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().close()
        self.push(scene)

    def pop_to(self, kind: type[Scene]) -> None:
        """Pops scenes until one of `kind` is on top (used by "back to the map")."""
        while len(self.stack) > 1 and not isinstance(self.stack[-1], kind):
            self.stack.pop().close()
        self.stack[-1].resume()
        self.stack[-1].layout(self.size)

    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def relayout(self) -> None:
        for scene in self.stack:
            scene.layout(self.size)

    # -- the loop ---------------------------------------------------------------------------------

    def step(self, dt: float) -> None:
        """One frame: input, update, draw. Tests call this with a fixed dt instead of `run`."""
        actions, raw = self.input.read()
        scene = self.top
        if scene is not None and scene.manager is not None:
            for event in raw:
                scene.manager.process_events(event)
        for action in actions:
            self.dispatch(action)
            if not self.running:
                return
        scene = self.top
        if scene is None:
            self.running = False
            return
        scene.update(dt)
        if scene.manager is not None:
            scene.manager.update(dt)
        self.draw()

    def dispatch(self, action: Action) -> None:
        if action.kind == "quit":
            self.running = False
            return
        if action.kind == "resize":
            size = (max(MIN_SIZE[0], self.screen.get_width()), max(MIN_SIZE[1], self.screen.get_height()))
            if size != self.screen.get_size():
                self.screen = _open_display(size, False)
            self.relayout()
            return
        if action.kind == "fullscreen":
            self.change_settings(fullscreen=not self.settings.fullscreen)
            return
        scene = self.top
        if scene is not None:
            scene.handle(action)

    def draw(self) -> None:
        scene = self.top
        if scene is None:
            return
        scene.draw(self.screen)
        if scene.manager is not None:
            scene.manager.draw_ui(self.screen)
        pygame.display.flip()
        self.frames += 1

    def run(self, frames: int | None = None) -> None:
        """The loop at 60 frames a second; clock.tick sleeps between frames rather than spinning."""
        while self.running and (frames is None or self.frames < frames):
            dt = self.clock.tick(FPS) / 1000
            self.step(dt)

    def close(self) -> None:
        while self.stack:
            self.stack.pop().close()


def problem_text(exc: Exception) -> str:
    """One line saying what is wrong, for a scene to show."""
    if isinstance(exc, ContentError):
        findings = exc.findings
        more = f" (+{len(findings) - 1} more)" if len(findings) > 1 else ""
        return f"{findings[0]}{more}" if findings else "content error"
    return str(exc)


def _open_display(size: tuple[int, int], fullscreen: bool) -> pygame.Surface:
    if fullscreen:
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    # below the minimum size the resize handler sets the window back to it (dispatch, "resize")
    return pygame.display.set_mode((max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1])), pygame.RESIZABLE)


HEADLESS_DRIVERS = frozenset({"offscreen", "dummy"})


def open_window(scenarios: str | Path | None = None, db: str | Path | None = None, config: str | Path | None = None,
                *, pack: str | None = None, stage: int | None = None, lang: str | None = None,
                seed: int | None = None, trainee: str | None = None, today: date | None = None,
                frames: int | None = None) -> int:
    """`python main.py`: the game window, on the title screen.

    With `pack` (`play --pack P` without --text): that stage's briefing; for `trainee` the attempt is stored
    (and resumable), without one it is a practice meeting that stores nothing. Returns the exit code; a window,
    database, trainee or pack that cannot be used is one line on stderr.
    """
    store = None
    try:
        # display and fonts only: the mixer starts with the first sound cue (no audio device is no problem)
        pygame.display.init()
        if pygame.display.get_driver() in HEADLESS_DRIVERS and "SDL_VIDEODRIVER" not in os.environ:
            # SDL falls back to an invisible window when there is no screen: say so instead of running unseen
            return _fail("no display to open the game window on; play in the terminal instead: "
                         "python main.py play --text --pack finance", 1, store)
        pygame.font.init()
        pygame.display.set_caption("Starpath")
        screen = _splash(config, lang)
    except pygame.error as exc:
        return _fail(f"cannot open the game window: {exc}", 1, store)

    from game.content.loader import Curriculum, NotFoundError, scenarios_root
    from game.ui.scenes.briefing import BriefingScene
    from game.ui.scenes.title import TitleScene
    from progress.store import ProgressError, Store, StoreError

    try:
        if pack is None or trainee is not None:
            store = Store.open(db)
        app = App(Curriculum(scenarios_root(scenarios)), store, settings_path(config),
                  today=(lambda: today) if today is not None else None, screen=screen)
        if lang is not None:  # asked for on the command line: this session only, the saved choice stays
            app.settings = app.settings.with_(lang=lang)
            app.t = Strings.load(lang)
        app.push(TitleScene(app))
        if trainee is not None:
            from game.ui.scenes.journey import JourneyScene

            assert store is not None
            store.trainee(trainee)
            app.push(JourneyScene(app, trainee))
        if pack is not None:
            app.curriculum.scenario(pack, stage or 1)
            if trainee is not None:
                store.check_unlocked(trainee, stage or 1)
            app.push(BriefingScene(app, trainee, pack, stage or 1, seed=seed))
    except pygame.error as exc:
        return _fail(f"cannot open the game window: {exc}", 1, store)
    except (StoreError, ProgressError, NotFoundError) as exc:
        return _fail(str(exc), 2, store)
    except ContentError as exc:
        return _fail(problem_text(exc), 1, store)
    try:
        app.run(frames)
    except KeyboardInterrupt:
        return 130
    except (StoreError, sqlite3.Error) as exc:  # the database broke mid-game (disk full, file removed, ...)
        print(f"starpath: error: the progress database failed: {exc}", file=sys.stderr)
        return 3
    finally:
        app.close()
        if store is not None:
            store.close()
        pygame.quit()
    return 0


def _splash(config: str | Path | None, lang: str | None) -> pygame.Surface:
    """The first frame: the title screen's backdrop, drawn before the slow imports and the loading."""
    settings = load_settings(settings_path(config))
    screen = _open_display(DEFAULT_SIZE, settings.fullscreen)
    theme = Theme(settings.text_size, settings.high_contrast)
    t = Strings.load(lang or settings.lang)
    title_backdrop(screen, theme, t("app.title"), t("window.title.tagline"))
    pygame.display.flip()
    return screen


def _fail(message: str, code: int, store: Store | None) -> int:
    print(f"starpath: error: {message}", file=sys.stderr)
    if store is not None:
        store.close()
    pygame.quit()
    return code
