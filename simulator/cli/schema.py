"""``tracelab schema``: print the JSON Schema of scenario files (for editor autocompletion)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.cli import UserError
from simulator.scenario.jsonschema import scenario_json_schema

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``tracelab schema``."""
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description=(
            "Print the JSON Schema (draft 2020-12) of scenario YAML files, so editors "
            "autocomplete keys and underline mistakes. With --out, write it to a file instead."
        ),
    )
    parser.add_argument("--out", metavar="FILE", help="write the schema to FILE instead")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the schema; exit code 0."""
    text = json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if not args.out:
        print(text, end="")
        return 0
    out = Path(args.out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror or error}") from error
    print(f"wrote {out}")
    return 0
