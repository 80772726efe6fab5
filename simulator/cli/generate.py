"""``tracelab generate``: simulate a scenario and write its case folder.

Exit codes: 0 written; 1 the scenario has problems (printed as findings, like ``validate``);
2 a usage mistake (e.g. the case exists and ``--force`` was not given).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from simulator.cli import UserError

__all__ = ["add_parser", "run"]


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("seed must be zero or positive")
    return value


#: More rings than this would only add processes waiting for a core; each ring also draws about
#: as many identifiers as there are rings for every one it keeps (simulator.world.rings).
MAX_RINGS = 16


def _rings(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"rings must be a whole number, not {text!r}") from None
    if not 1 <= value <= MAX_RINGS:
        raise argparse.ArgumentTypeError(f"rings must be between 1 and {MAX_RINGS}, got {value}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Declare ``tracelab generate`` and its options."""
    parser = subparsers.add_parser(
        "generate",
        help="simulate a scenario and write a synthetic case folder",
        description=(
            "Simulate SCENARIO with a seed and write its case folder (Parquet tables per access "
            "tier and manifest.json). The folder appears only once complete. The default folder "
            "is datasets/<scenario-id>/seed-<n> under $TRACELAB_DATASETS or the current folder."
        ),
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    parser.add_argument("--seed", type=_seed, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", metavar="DIR", help="case folder to write")
    parser.add_argument("--force", action="store_true", help="replace an existing case folder")
    parser.add_argument(
        "--rings",
        type=_rings,
        default=1,
        help=(
            "independent rings that each play the scenario, simulated side by side on the "
            "usable cores; the case holds them all (default: 1, the scenario as written)"
        ),
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    parser.set_defaults(run=run)
    return parser


def _report_findings(error: Exception, scenario: str, as_json: bool) -> int:
    """Print the loader's findings in ``validate``'s line format (stderr: nothing was generated)."""
    findings = list(getattr(error, "findings", []) or [])
    lines = [str(finding) for finding in findings] or [str(error)]
    if as_json:
        payload = {
            "ok": False,
            "file": scenario,
            "findings": [finding.as_dict() for finding in findings if hasattr(finding, "as_dict")],
        }
        print(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))
    for line in lines:
        print(line, file=sys.stderr)
    count = len(lines)
    print(f"{scenario}: {count} problem{'s' * (count > 1)}; no case generated", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Load, simulate, observe and write; see the module docstring for exit codes."""
    from simulator.case import CaseExistsError
    from simulator.cli.pipeline import default_case_folder, generate_case
    from simulator.cli.progress import ProgressBar

    try:
        from simulator.scenario.errors import ScenarioError
        from simulator.scenario.loader import load_scenario
    except ImportError as error:  # pragma: no cover - only while the loader is being written
        raise UserError(f"the scenario loader is not available ({error})") from None

    try:
        scenario = load_scenario(Path(args.scenario))
    except ScenarioError as error:
        return _report_findings(error, args.scenario, args.json)
    out = Path(args.out) if args.out else default_case_folder(scenario.id, args.seed)
    bar = ProgressBar.for_stderr()
    started = time.perf_counter()
    try:
        manifest = generate_case(
            scenario,
            seed=args.seed,
            out=out,
            force=args.force,
            rings=args.rings,
            simulate_progress=bar.phase("simulating"),
            observe_progress=bar.tasks("observing"),
            write_progress=bar.tables("writing"),
        )
    except CaseExistsError as error:
        raise UserError(str(error)) from None
    finally:
        bar.finish()
    seconds = time.perf_counter() - started
    summary = {"path": str(out), **manifest.summary(), "seconds": round(seconds, 3)}
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(
            f"wrote {out}: {len(manifest.tables)} tables, {summary['total_rows']:,} rows "
            f"in {seconds:.1f} s (scenario {scenario.id}, seed {args.seed})"
        )
        for key, rows in manifest.rows().items():
            print(f"  {key:<40} {rows:>12,}")
    return 0
