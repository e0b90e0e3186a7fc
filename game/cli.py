"""Every command a user types: argument parsing and dispatch only; each command calls one library function."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from game.content.findings import ContentError
from game.content.loader import Curriculum, NotFoundError, scenarios_root
from game.engine.meeting import IllegalMove

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


def _stage(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 7:
        raise argparse.ArgumentTypeError(f"stage must be 1-7, got {text!r}")
    return int(text)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seed must be 0 or more, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="starpath",
        description="Starpath: a role-play simulator that trains new salespeople. "
        "With no command, the game window opens.",
    )
    parser.add_argument("--scenarios", metavar="DIR",
                        help="scenario folder (default: $STARPATH_SCENARIOS, else the shipped scenarios/)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    _add_play(commands)
    _add_trainer_commands(commands)
    _add_progress_commands(commands)
    return parser


# -- trainee: play ---------------------------------------------------------------------------------

def _add_play(commands: argparse._SubParsersAction) -> None:
    play = commands.add_parser("play", help="play one stage of a pack",
                               description="Play one stage. --text plays in the terminal; without it the window opens.")
    play.add_argument("--text", action="store_true", help="play in the terminal instead of the window")
    play.add_argument("--pack", required=True, help="pack id, e.g. finance")
    play.add_argument("--stage", type=_stage, default=1, help="stage number 1-7 (default 1)")
    play.add_argument("--seed", type=_seed, help="seed for the small variations (default: random, and shown)")
    play.add_argument("--lang", choices=["en", "ko"], default="en", help="language (default en)")
    play.add_argument("--moves", help="comma-separated choice numbers (from 1) or choice ids; no stdin is read")
    play.add_argument("--json", action="store_true", help="one JSON object per event, the debrief last")
    play.set_defaults(handler=_play)


# -- trainer: validate, graph, playtest, new, schema -----------------------------------------------

def _add_trainer_commands(commands: argparse._SubParsersAction) -> None:
    """The trainer's toolchain: validate, graph, playtest, new, schema (game/trainer.py does the work)."""
    validate = commands.add_parser(
        "validate", help="check scenario files: schema, references, reachability, winnability",
        description="Check scenario files and print every finding as path:line:col: severity: message [code]. "
        "Exit 0 when there are no errors, 1 when there are, 2 on a usage problem.")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="files or folders to check (default: the whole scenario folder)")
    validate.add_argument("--strict", action="store_true", help="count warnings as errors")
    validate.add_argument("--format", choices=["text", "json"], default="text", help="output format (default text)")
    validate.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    from pathlib import Path  # imported here to keep edits inside this region

    from game import trainer

    return trainer.run_validate([Path(p) for p in args.paths], scenarios_root(args.scenarios),
                                strict=args.strict, fmt=args.format, out=sys.stdout)


# -- manager and progress: trainee, transcript, note, verify, report, export, demo-data ------------

def _add_progress_commands(commands: argparse._SubParsersAction) -> None:
    """The progress store's commands (filled in by the progress work)."""


def _curriculum(args: argparse.Namespace) -> Curriculum:
    return Curriculum(scenarios_root(args.scenarios))


def _play(args: argparse.Namespace) -> int:
    if not args.text:
        raise UsageError("the game window is not built yet: add --text to play in the terminal")
    from game import text_ui

    return text_ui.play(_curriculum(args), args.pack, args.stage, seed=args.seed, lang=args.lang,
                        moves=args.moves, as_json=args.json, stdin=sys.stdin, out=sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    return run(handler, args)


def run(handler: Handler, args: argparse.Namespace) -> int:
    """Turns every error a user can cause into one clear message and a non-zero exit."""
    from game.text_ui import MoveError, Stopped

    try:
        return handler(args)
    except ContentError as exc:
        for finding in exc.findings:
            print(finding, file=sys.stderr)
        return 1
    except (NotFoundError, UsageError, MoveError, IllegalMove) as exc:
        print(f"starpath: error: {exc}", file=sys.stderr)
        return 2
    except Stopped as exc:
        print(f"starpath: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("starpath: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
