"""``tracelab course``: check the course structure, release trainee notebooks, execute episodes.

* ``tracelab course check [--course DIR] [--json]``: exit 0 if the course is sound, 1 with one
  ``FILE:cell N: message`` line per finding. ``--json`` prints
  :meth:`simulator.course.CheckReport.to_dict`.
* ``tracelab course release --out DIR [--course DIR] [--force] [--no-check] [--json]``: writes the
  trainee copies; ``--json`` prints :meth:`simulator.course.ReleaseReport.to_dict`.
* ``tracelab course execute [EPISODE ...] [--course DIR]``: runs instructor notebooks and saves
  their outputs (what nbval compares).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.cli import UserError

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Declare ``tracelab course`` and its three actions."""
    parser = subparsers.add_parser(
        "course",
        help="check, release or execute the course notebooks",
        description="Work on the course: instructor notebooks in courses/, one per episode.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    check = actions.add_parser(
        "check",
        help="validate the episode list and every notebook's structure",
        description=(
            "Check episodes.yaml and every episode: front matter, parameters cell, solutions "
            "followed by checks with stored correct results, key points, nothing that gives "
            "answers away. Exit 1 with one line per finding."
        ),
    )
    release = actions.add_parser(
        "release",
        help="write the trainee notebooks (no solutions, no instructor notes, no outputs)",
        description=(
            "Check the course, then write trainee copies of its episodes to DIR: solutions "
            "replaced by placeholders, instructor notes removed, check cells kept, outputs "
            "cleared. Same input, same bytes. Written atomically."
        ),
    )
    release.add_argument("--out", metavar="DIR", required=True, help="release folder to write")
    release.add_argument("--force", action="store_true", help="replace an earlier release")
    release.add_argument(
        "--no-check", action="store_true", help="release even if the checker finds problems"
    )
    execute = actions.add_parser(
        "execute",
        help="run instructor notebooks and save their outputs",
        description=(
            "Run each EPISODE (slug or notebook path; default: every episode) top to bottom "
            "in its folder and save it with outputs, as nbval will compare them."
        ),
    )
    execute.add_argument("episodes", nargs="*", metavar="EPISODE", help="slug or .ipynb path")
    for sub in (check, release, execute):
        sub.add_argument(
            "--course", metavar="DIR", default="courses", help="course folder (default: courses)"
        )
        sub.set_defaults(run=run)
    for sub in (check, release):
        sub.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=run)
    return parser


def _dump(data: object) -> None:
    print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def _check(args: argparse.Namespace) -> int:
    from simulator.course import check_course

    report = check_course(args.course)
    if args.json:
        _dump(report.to_dict())
    else:
        for finding in report.findings:
            print(finding)
        count = len(report.findings)
        state = "sound" if report.ok else f"{count} problem{'s' * (count != 1)}"
        print(f"{args.course}: {len(report.episodes)} episode(s), {state}")
    return 0 if report.ok else 1


def _release(args: argparse.Namespace) -> int:
    from simulator.course import CourseReleaseError, release_course

    try:
        report = release_course(args.course, args.out, force=args.force, check=not args.no_check)
    except CourseReleaseError as error:
        for finding in error.findings:
            print(finding)
        raise UserError(str(error)) from None
    if args.json:
        _dump(report.to_dict())
    else:
        print(f"released {len(report.episodes)} episode(s) of {args.course} to {report.path}")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from simulator.course import load_config
    from simulator.course.execute import ExecuteError, execute_notebook

    course = Path(args.course)
    if args.episodes:
        paths = [Path(e) if e.endswith(".ipynb") else course / f"{e}.ipynb" for e in args.episodes]
    else:
        config, _ = load_config(course)
        paths = [course / episode.filename for episode in config.episodes]
    for path in paths:
        if not path.is_file():
            raise UserError(f"no notebook {path}")
        try:
            execute_notebook(path)
        except ExecuteError as error:
            raise UserError(str(error)) from None
        print(f"executed {path}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch to the action; 0 on success, 1 when the checker finds problems."""
    return {"check": _check, "release": _release, "execute": _execute}[args.action](args)
