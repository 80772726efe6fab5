"""``tracelab bench``: measure generation speed and memory against honest references (issue 7).

>>> import argparse
>>> sub = argparse.ArgumentParser().add_subparsers()
>>> add_parser(sub).parse_args(["--quick", "--json"]).quick
True
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from simulator.cli import UserError
from simulator.cli.generate import MAX_RINGS

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Declare ``tracelab bench`` and its options."""
    parser = subparsers.add_parser(
        "bench",
        help="measure generation speed and memory (course case, large case, I/O limit)",
        description=(
            "Generate the course case several times and a large case once (each in a child "
            "process), write random tables of the same shapes to find the I/O limit, run a "
            "plain every-agent-every-tick Mesa loop of the same size, and time the notebook "
            "suite. Progress goes to stderr; the figures to stdout. The full run generates "
            "100,000 migrants and takes long; --quick takes a few minutes."
        ),
    )
    parser.add_argument("--quick", action="store_true", help="3 course runs and a small large case")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--scale", type=float, default=None,
        help="large case = the large scenario times this (default 125, or 2.5 with --quick)",
    )  # fmt: skip
    parser.add_argument(
        "--large-scenario", default="scenarios/channel.yaml",
        help="shipped scenario the large case scales (default scenarios/channel.yaml)",
    )  # fmt: skip
    parser.add_argument(
        "--rings", type=int, default=None,
        help="independent rings that share the large case's volume (default 2)",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=None, help="course case runs (median)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook suite")
    parser.set_defaults(run=run)
    return parser


def _config(args: argparse.Namespace) -> Any:
    from simulator.bench import BenchConfig

    overrides: dict[str, Any] = {"large_scenario": args.large_scenario}
    if args.scale is not None:
        if not args.scale > 0:
            raise UserError(f"--scale must be greater than 0, got {args.scale:g}")
        overrides["large_scale"] = args.scale
    if args.rings is not None:
        if not 1 <= args.rings <= MAX_RINGS:
            raise UserError(f"--rings must be between 1 and {MAX_RINGS}, got {args.rings}")
        overrides["large_rings"] = args.rings
    if args.runs is not None:
        if args.runs < 1:
            raise UserError(f"--runs must be at least 1, got {args.runs}")
        overrides["course_runs"] = args.runs
    if args.no_notebooks:
        overrides["notebooks"] = False
    config = BenchConfig.quick(**overrides) if args.quick else BenchConfig(**overrides)
    for path in (config.large_scenario, config.course_scenario):
        if not Path(path).is_file():
            raise UserError(f"{path}: no such scenario file (run from the repository root)")
    return config


def _figure(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def run(args: argparse.Namespace) -> int:
    """Run the benchmarks and print the figures (a table, or JSON with ``--json``)."""
    from simulator.bench.runner import print_progress, run_benchmarks

    report = run_benchmarks(_config(args), progress=print_progress)
    if args.json:
        print(json.dumps(report, indent=1, sort_keys=True))
        return 0
    for key, value in report.items():
        if not isinstance(value, dict | list):
            print(f"{key:40s} {_figure(value)}")
    return 0
