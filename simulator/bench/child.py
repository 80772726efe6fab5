"""Generate one case in a child process and report its time, phases, rows and peak memory.

Run as ``python -m simulator.bench.child SCENARIO --seed N --out DIR [--scale F]``; it prints one
JSON object on stdout and progress lines on stderr. A child process of its own is the honest way to
read peak memory: ``ru_maxrss`` of the process is the peak of exactly this generation, with no
earlier run in the same interpreter inflating it. ``simulator.bench.spawn`` starts it and reads it
(and this module is not imported by ``simulator.bench``, so ``-m`` runs it cleanly).

>>> report = {"rows": {"truth/payments": 3, "open/posts": 2}}
>>> total_rows(report["rows"])
5
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["main", "measure_generation", "peak_rss_mb", "total_rows"]


def total_rows(rows: Mapping[str, int]) -> int:
    """All rows of every table of a case (``{tier/table: rows}``)."""
    return sum(rows.values())


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (``ru_maxrss`` is KiB on Linux).

    >>> peak_rss_mb() > 0
    True
    """
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    # Worker processes forked by the generation count too (they are waited for, so their
    # usage lands in RUSAGE_CHILDREN).
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


class _Phases:
    """Marks the end of simulation and the start of writing from the pipeline's progress calls."""

    def __init__(self, say: Callable[[str], None], phase_file: str | None = None) -> None:
        self.start = time.perf_counter()
        self.simulated: float | None = None
        self.writing: float | None = None
        self.say = say
        self._phase_file = Path(phase_file) if phase_file else None
        self._last_day = -1
        self._last_done = -1
        self._mark("simulate")

    def _mark(self, phase: str) -> None:
        """Name the phase now running in the phase file, for the memory sampler outside."""
        if self._phase_file is not None:
            # Written whole then renamed: the sampler never reads half a name.
            partial = self._phase_file.with_suffix(".partial")
            partial.write_text(phase)
            partial.replace(self._phase_file)

    def simulate(self, day: int, total: int) -> None:
        if (day, total) == (1, 1):  # the pipeline closes the phase with (1, 1)
            self.simulated = time.perf_counter()
            self._mark("observe")
            self.say(f"simulated in {self.simulated - self.start:.1f} s")
        elif day // 10 != self._last_day // 10:
            self.say(f"simulating day {day}/{total}")
        self._last_day = day

    def observe(self, done: int, total: int, running: str) -> None:
        if done < total:
            self.say(f"observing: {done}/{total} tasks done, running {running}")

    def write(self, done: int, total: int, label: str) -> None:
        if self.writing is None:
            self.writing = time.perf_counter()
            self._mark("write")
            self.say(f"observed in {self.writing - (self.simulated or self.start):.1f} s")
        # Tables written in turn report chunk by chunk under the first one's number: one line
        # per number, not one per chunk.
        if done < total and done != self._last_done:
            self.say(f"writing table {done + 1}/{total}: {label.split(' ', 1)[0]}")
            self._last_done = done


def measure_generation(
    scenario_path: str,
    *,
    seed: int,
    out: str,
    scale: float = 1.0,
    quiet: bool = False,
    background: dict[str, float] | None = None,
    rings: int = 1,
    phase_file: str | None = None,
) -> dict[str, Any]:
    """Generate one case here and now; return seconds (total and per phase), rows and memory.

    Phases: ``simulate`` (the model), ``observe`` (observers and answer key up to the first table
    written) and ``write`` (Parquet, including observers that yield their chunks lazily). With
    ``rings`` above one the scaled volume is shared between that many rings simulated side by
    side (:func:`simulator.bench.scale.scale_scenario`). With ``phase_file``, the name of the
    phase running is written there as each begins (:func:`simulator.bench.memory.phase_in_file`).
    """
    from simulator.bench.scale import scale_scenario, with_background
    from simulator.cli.pipeline import generate_case
    from simulator.forked import default_workers
    from simulator.scenario.loader import load_scenario

    def say(text: str) -> None:
        if not quiet:
            print(f"  [{Path(scenario_path).stem} x{scale:g}] {text}", file=sys.stderr, flush=True)

    base = with_background(load_scenario(scenario_path), background)
    scenario = scale_scenario(base, scale, rings=rings)
    cpu0, rss0 = _cpu_seconds(), peak_rss_mb()
    phases = _Phases(say, phase_file)
    manifest = generate_case(
        scenario,
        seed=seed,
        out=out,
        force=True,
        rings=rings,
        simulate_progress=phases.simulate,
        observe_progress=phases.observe,
        write_progress=phases.write,
    )
    end = time.perf_counter()
    simulated = phases.simulated or end
    writing = phases.writing or end
    rows = manifest.rows()
    return {
        "scenario": scenario.id,
        "scale": scale,
        "migrants": scenario.migrants.count * rings,
        "rings": rings,
        "seed": seed,
        "seconds": end - phases.start,
        "cpu_seconds": _cpu_seconds() - cpu0,
        "phase_seconds": {
            "simulate": simulated - phases.start,
            "observe": writing - simulated,
            "write": end - writing,
        },
        "peak_rss_mb": peak_rss_mb(),
        "workers": default_workers(),
        "import_rss_mb": rss0,
        "rows": rows,
        "total_rows": total_rows(rows),
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry of the child: print the report of one generation as JSON."""
    parser = argparse.ArgumentParser(prog="python -m simulator.bench.child")
    parser.add_argument("scenario")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--background", help="ordinary traffic to add, as JSON (money.background)")
    parser.add_argument("--rings", type=int, default=1, help="rings sharing the scaled volume")
    parser.add_argument("--phase-file", help="file to write the name of the running phase to")
    args = parser.parse_args(argv)
    report = measure_generation(
        args.scenario,
        seed=args.seed,
        out=args.out,
        scale=args.scale,
        quiet=args.quiet,
        background=json.loads(args.background) if args.background else None,
        rings=args.rings,
        phase_file=args.phase_file,
    )
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
