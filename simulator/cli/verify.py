"""``tracelab verify``: re-hash a case folder and name every changed, missing or extra file.

Exit codes: 0 the case matches its manifest; 1 anything differs (or the manifest is missing or
broken). ``--json`` prints exactly :meth:`simulator.case.VerifyReport.to_dict`.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Declare ``tracelab verify`` and its options."""
    parser = subparsers.add_parser(
        "verify",
        help="check a case folder against its manifest",
        description=(
            "Re-hash every file of CASE and compare with manifest.json. Names every changed, "
            "missing or extra file and the table it holds; exit 1 if anything differs."
        ),
    )
    parser.add_argument("case", metavar="CASE", help="case folder (holding manifest.json)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Verify the case and print the report; 0 if intact, 1 otherwise."""
    from simulator.case import verify_case

    report = verify_case(args.case)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        for problem in report.problems:
            print(f"{problem.kind:<8} {problem.path}: {problem.message}")
        if report.ok:
            files = f"{report.checked} file{'s' * (report.checked != 1)}"
            print(f"{report.case}: intact ({files} match the manifest)")
        else:
            count = len(report.problems)
            print(f"{report.case}: {count} problem{'s' * (count > 1)}")
    return 0 if report.ok else 1
