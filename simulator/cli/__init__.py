"""The ``tracelab`` command line: a thin shell over the library, one module per command.

Each command module exposes ``add_parser(subparsers)`` (declares its arguments, with ``--help``) and
``run(args) -> int`` (the exit code). User mistakes are raised as :class:`UserError` and printed as
one clear line; they never show a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

__all__ = ["COMMANDS", "UserError", "build_parser", "main"]

# Command name -> module under simulator.cli. Order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "schema": "schema",
    "generate": "generate",
    "verify": "verify",
    "release": "release",
    "course": "course",
    "bench": "bench",
}


class UserError(Exception):
    """A mistake of the person running the command: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one sub-command per entry of :data:`COMMANDS`.

    >>> parser = build_parser()
    >>> parser.prog
    'tracelab'
    """
    from simulator import __version__

    parser = argparse.ArgumentParser(
        prog="tracelab",
        description="Smuggling Trace Lab: scenarios, synthetic cases and courses.",
    )
    parser.add_argument("--version", action="version", version=f"tracelab {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module_name in COMMANDS.values():
        module = importlib.import_module(f"simulator.cli.{module_name}")
        module.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``tracelab`` with ``argv`` and return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except UserError as error:
        print(f"tracelab {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"tracelab {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: not an error of ours, and no traceback.
        # Point stdout at devnull so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
