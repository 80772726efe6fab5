"""``tracelab release``: write the trainee copy of a case (no truth tier, no clear answers)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli import UserError

if TYPE_CHECKING:
    from simulator.case import AnswerStep

__all__ = ["add_parser", "answer_step", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Declare ``tracelab release`` and its options."""
    parser = subparsers.add_parser(
        "release",
        help="write the trainee copy of a case (no truth tier)",
        description=(
            "Verify CASE, then write its trainee release to DIR: every tier but truth, a manifest "
            "without truth entries, and answers only as salted digests. Written atomically."
        ),
    )
    parser.add_argument("case", metavar="CASE", help="case folder to release")
    parser.add_argument("--out", metavar="DIR", required=True, help="release folder to write")
    parser.add_argument("--force", action="store_true", help="replace an existing release")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    parser.set_defaults(run=run)
    return parser


def answer_step() -> AnswerStep | None:
    """The answers step used by releases; ``None`` until exercises provide salted digests.

    EXERCISES HOOK: return a callable ``(case_folder, manifest) -> mapping of salted digests``;
    ``release_case`` writes it to ``answers.json`` and lists it in the release manifest.

    >>> answer_step() is None
    True
    """
    return None


def run(args: argparse.Namespace) -> int:
    """Release the case; 0 on success (problems are one-line user errors, exit 2)."""
    from simulator.case import CaseExistsError, ReleaseError, release_case

    out = Path(args.out)
    try:
        manifest = release_case(args.case, out, force=args.force, answers=answer_step())
    except (CaseExistsError, ReleaseError) as error:
        raise UserError(str(error)) from None
    summary = {"path": str(out), **manifest.summary(), "answers": bool(manifest.files)}
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(
            f"released {args.case} to {out}: {len(manifest.tables)} tables in "
            f"{', '.join(manifest.tiers)} (truth left out)"
        )
    return 0
