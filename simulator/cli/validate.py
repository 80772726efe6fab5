"""``tracelab validate FILE...``: report every problem in scenario files.

Prints one line per problem, ``FILE:LINE:COL key.path: what is wrong (allowed: …)``, and
``FILE: valid`` for a file without problems. Exit code 1 when any file is invalid (a missing file
counts as invalid), 0 otherwise. ``--json`` prints exactly
:func:`simulator.scenario.loader.validation_report`.
"""

from __future__ import annotations

import argparse
import json

from simulator.scenario.errors import Finding
from simulator.scenario.loader import validation_report

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``tracelab validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files and report every problem",
        description=(
            "Check scenario YAML files (with their extends/include) and report every problem as "
            "FILE:LINE:COL key.path: what is wrong (allowed: ...). Exit code 1 when any file is "
            "invalid or missing, 0 when all are valid."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files to check")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of {file, valid, findings} instead of text",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate ``args.files``; 1 when anything is invalid, else 0."""
    report = validation_report(args.files)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for entry in report:
            if entry["valid"]:
                print(f"{entry['file']}: valid")
            for finding in entry["findings"]:
                print(Finding(**finding))
        invalid = sum(not entry["valid"] for entry in report)
        problems = sum(len(entry["findings"]) for entry in report)
        if invalid:
            print(f"{invalid} of {len(report)} files invalid, {problems} problems")
    return 1 if any(not entry["valid"] for entry in report) else 0
