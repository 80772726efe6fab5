"""Profile one case generation by CPU time and print the top costs as file:function and share.

Usage (from the repository root)::

    .venv/bin/python benchmarks/profile_case.py scenarios/central-med.yaml --seed 7
    .venv/bin/python benchmarks/profile_case.py scenarios/channel.yaml --scale 12.5 --top 30

cProfile runs with ``time.process_time`` as its clock, so the shares are CPU time of this process
and do not move when other programs load the machine (wall-clock profilers such as pyinstrument or
py-spy count the time spent waiting for a core too). cProfile's per-call overhead inflates code
that makes many tiny calls; read the shares as an order, not to the percent. Two tables: "self"
(time in the function's own lines) and "inclusive" (with everything it calls), the latter limited
to project functions so that phases such as ``observe`` of one observer stand out.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from simulator.forked import WORKERS_ENV


def _label(key: tuple[str, int, str]) -> str:
    file, line, name = key
    for marker in ("/simulator/", "/site-packages/"):
        if marker in file:
            file = file.split(marker, 1)[1]
            if marker == "/simulator/":
                file = "simulator/" + file
            break
    return f"{file}:{name}" if line else name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--stats", help="also save the raw pstats file here")
    args = parser.parse_args(argv)

    # cProfile sees only this process: run the observers here instead of in forked workers.
    os.environ[WORKERS_ENV] = "1"
    from simulator.bench.child import measure_generation

    profiler = cProfile.Profile(time.process_time)
    with tempfile.TemporaryDirectory(prefix="tracelab-profile-") as folder:
        profiler.enable()
        report = measure_generation(
            args.scenario, seed=args.seed, out=str(Path(folder) / "case"), scale=args.scale
        )
        profiler.disable()
    if args.stats:
        profiler.dump_stats(args.stats)
    stats = pstats.Stats(profiler).stats  # {key: (calls, primitive, tottime, cumtime, callers)}
    total = sum(entry[2] for entry in stats.values())
    print(f"# {args.scenario} x{args.scale:g} seed {args.seed}: {report['total_rows']:,} rows")
    print(f"# CPU seconds profiled: {total:.1f}; wall phases (with profiler overhead):")
    for phase, seconds in report["phase_seconds"].items():
        print(f"#   {phase:9s} {seconds:8.1f} s")
    print("\n## self time (top functions)")
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[: args.top]
    for key, (_, calls, tottime, _, _) in ranked:
        print(f"{100 * tottime / total:5.1f}%  {tottime:7.2f} s  {calls:>10,}  {_label(key)}")
    print("\n## inclusive time (project functions)")
    project = [item for item in stats.items() if "/simulator/" in item[0][0]]
    ranked = sorted(project, key=lambda item: -item[1][3])[: args.top]
    for key, (_, calls, _, cumtime, _) in ranked:
        print(f"{100 * cumtime / total:5.1f}%  {cumtime:7.2f} s  {calls:>10,}  {_label(key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
