"""Run every benchmark of issue 7 in one go and gather the figures in one flat report.

Steps: the course case generated several times (median seconds, peak memory), a large case (a
shipped scenario times a scale factor: rows per second end to end, the model's events per second),
the I/O limit on the large case's schemas and row counts, a plain every-agent-every-tick Mesa loop
of the same size, and the notebook suite. Each generation runs in a child process so that its
peak memory is its own. Timings are reported, never judged here.

>>> BenchConfig().large_scale, BenchConfig.quick().large_scale
(125.0, 2.5)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.bench.iolimit import io_limit
from simulator.bench.machine import machine_info
from simulator.bench.notebooks import notebook_suite
from simulator.bench.plain_loop import plain_loop
from simulator.bench.scale import LARGE_CASE_BACKGROUND
from simulator.bench.spawn import generate_in_child, with_memory

__all__ = [
    "FULL_LARGE_SCALE",
    "LARGE_RINGS",
    "MONEY_TABLES",
    "QUICK_LARGE_SCALE",
    "BenchConfig",
    "money_rows",
    "run_benchmarks",
]

#: channel.yaml has 800 migrants: x125 is the 100,000-migrant large case of issue 7.
FULL_LARGE_SCALE = 125.0
#: x2.5 = 2,000 migrants: big enough to show rates, small enough for a few minutes.
QUICK_LARGE_SCALE = 2.5
#: The large case's volume is played by this many independent rings (``tracelab generate
#: --rings``), simulated side by side: a fixed number, not the machine's cores, so the case is
#: the same on every machine. Two keep both cores of the reference machine busy.
LARGE_RINGS = 2

#: Tables whose rows are money movements. ``truth/payments`` is the world's ledger (every payment
#: once, benign ones included); the others are what sources saw of (some of) those payments.
MONEY_TABLES = (
    "truth/payments",
    "open/ledger_transactions",
    "provider/exchange_transfers",
    "provider/money_transfers",
    "seized/hawala_ledgers",
)


@dataclass(frozen=True)
class BenchConfig:
    """What to measure: scenarios, scale, repetitions; defaults are the full benchmark."""

    course_scenario: str = "scenarios/central-med.yaml"
    course_seed: int = 7
    course_runs: int = 5
    course_scale: float = 1.0
    large_scenario: str = "scenarios/channel.yaml"
    large_scale: float = FULL_LARGE_SCALE
    large_seed: int = 7
    large_rings: int = LARGE_RINGS
    #: Ordinary customers' traffic added to the large case's base before scaling (None: none).
    large_background: dict[str, float] | None = field(
        default_factory=lambda: dict(LARGE_CASE_BACKGROUND)
    )
    courses: str = "courses"
    notebooks: bool = True
    workdir: str | None = None
    #: Generate in this process instead of a child (tests: no interpreter start-up; the peak
    #: memory is then this process's, not the generation's alone).
    in_process: bool = False

    @classmethod
    def quick(cls, **overrides: Any) -> BenchConfig:
        """The ``--quick`` configuration: three course runs and a small large case."""
        settings: dict[str, Any] = {"course_runs": 3, "large_scale": QUICK_LARGE_SCALE}
        settings.update(overrides)
        return cls(**settings)


def money_rows(rows: dict[str, int]) -> dict[str, int]:
    """Rows of each money table present in a case's ``{tier/table: rows}``.

    >>> money_rows({"truth/payments": 5, "open/posts": 9})
    {'truth/payments': 5}
    """
    return {name: rows[name] for name in MONEY_TABLES if name in rows}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _generate(
    config: BenchConfig,
    scenario: str,
    *,
    seed: int,
    out: Path,
    scale: float,
    quiet: bool,
    background: dict[str, float] | None = None,
    rings: int = 1,
) -> dict[str, Any]:
    if config.in_process:
        import os

        from simulator.bench.child import measure_generation
        from simulator.bench.memory import TreeMemory, phase_in_file

        with tempfile.TemporaryDirectory(prefix="tracelab-bench-") as scratch:
            phase_file = Path(scratch) / "phase"
            with TreeMemory(os.getpid(), phase=phase_in_file(phase_file)) as memory:
                report = measure_generation(
                    scenario,
                    seed=seed,
                    out=str(out),
                    scale=scale,
                    quiet=quiet,
                    background=background,
                    rings=rings,
                    phase_file=str(phase_file),
                )
        return with_memory(report, memory)
    return generate_in_child(
        scenario, seed=seed, out=out, scale=scale, quiet=quiet, background=background, rings=rings
    )


def _course(config: BenchConfig, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    runs = []
    for run in range(config.course_runs):
        say(f"course case: run {run + 1}/{config.course_runs}")
        runs.append(
            _generate(
                config,
                config.course_scenario,
                seed=config.course_seed,
                out=work / "course",
                scale=config.course_scale,
                quiet=True,
            )
        )
    seconds = [r["seconds"] for r in runs]
    return {
        "course_case_seconds": statistics.median(seconds),
        "course_case_seconds_runs": seconds,
        "course_case_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "course_case_phase_seconds": runs[len(runs) // 2]["phase_seconds"],
        "course_case_rows": runs[0]["total_rows"],
        "peak_rss_mb": max(r["peak_memory_mb"] for r in runs),
        "course_case_peak_tree_pss_mb": max(r["peak_tree_pss_mb"] for r in runs),
        "course_case_main_process_peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def _large(config: BenchConfig, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    say(f"large case: {config.large_scenario} x{config.large_scale:g}, {config.large_rings} rings")
    large = _generate(
        config,
        config.large_scenario,
        seed=config.large_seed,
        out=work / "large",
        scale=config.large_scale,
        quiet=False,
        background=config.large_background,
        rings=config.large_rings,
    )
    simulate = large["phase_seconds"]["simulate"]
    events = large["rows"].get("truth/events", 0)
    persons = large["rows"].get("truth/persons", 0)
    money = money_rows(large["rows"])
    say("I/O limit: random tables of the same schemas and sizes")
    limit = io_limit(work / "large", progress=say)
    rows_per_second = large["total_rows"] / large["seconds"]
    days = _days(config)
    say(f"plain Mesa loop: {persons:,} agents x {days} days")
    plain = plain_loop(agents=persons, days=days)
    return {
        "large_case_migrants": large["migrants"],
        "large_case_scale": config.large_scale,
        "large_case_rings": config.large_rings,
        "large_case_seconds": large["seconds"],
        "large_case_cpu_seconds": large["cpu_seconds"],
        "large_case_phase_seconds": large["phase_seconds"],
        "large_case_peak_rss_mb": large["peak_memory_mb"],
        "large_case_peak_tree_pss_mb": large["peak_tree_pss_mb"],
        "large_case_peak_by_phase_mb": large["peak_tree_pss_by_phase_mb"],
        "large_case_memory_longest_wait_s": large["peak_tree_pss_longest_wait_s"],
        "large_case_main_process_peak_rss_mb": large["peak_rss_mb"],
        "workers": large.get("workers"),
        "large_case_rows": large["total_rows"],
        "large_case_table_rows": large["rows"],
        "rows_per_second": rows_per_second,
        "limit_rows_per_second": limit["rows_per_second"],
        "limit_seconds": limit["seconds"],
        "limit_null_filled_columns": limit["null_filled"],
        "rows_per_second_vs_limit": _ratio(rows_per_second, limit["rows_per_second"]),
        "money_events": money.get("truth/payments", 0),
        "money_table_rows": money,
        "money_rows_all_tables": sum(money.values()),
        "model_events": events,
        "model_seconds": simulate,
        "model_events_per_second": _ratio(events, simulate),
        "plain_loop_agents": plain["agents"],
        "plain_loop_days": plain["days"],
        "plain_loop_seconds": plain["seconds"],
        "plain_loop_agent_steps_per_second": plain["agent_steps_per_second"],
        "model_seconds_vs_plain_loop": _ratio(simulate, plain["seconds"]),
    }


def _days(config: BenchConfig) -> int:
    from simulator.scenario.loader import load_scenario

    return load_scenario(config.large_scenario).period.days


def run_benchmarks(
    config: BenchConfig | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Run every benchmark and return the flat report (``--json`` prints exactly this).

    Parameters
    ----------
    config
        What to run; the full benchmark when omitted.
    progress
        Called with a short line before each long step (the CLI prints them on stderr).
    """
    config = config or BenchConfig()

    def say(text: str) -> None:
        if progress is not None:
            progress(text)

    report: dict[str, Any] = {"machine": machine_info(), "config": config.__dict__.copy()}
    with tempfile.TemporaryDirectory(prefix="tracelab-bench-", dir=config.workdir) as folder:
        work = Path(folder)
        report |= _course(config, work, say)
        report |= _large(config, work, say)
    if config.notebooks:
        say("notebook suite")
        suite = notebook_suite(config.courses)
    else:
        suite = {"notebooks": None, "seconds": None, "passed": None, "reason": "not requested"}
    report |= {f"notebook_suite_{key}": value for key, value in suite.items()}
    return report


def print_progress(text: str) -> None:
    """Print a progress line on stderr (the default for the command line)."""
    print(f"tracelab bench: {text}", file=sys.stderr, flush=True)
