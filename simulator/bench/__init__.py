"""Benchmarks of issue 7: speed of the course case and a large case, against honest references.

``run_benchmarks(BenchConfig.quick())`` (or ``tracelab bench --quick --json``) returns one flat
dict: ``course_case_seconds``, ``peak_rss_mb``, ``rows_per_second``, ``limit_rows_per_second``,
the model's ``model_events_per_second`` beside ``plain_loop_seconds``, the large case's time,
memory and money rows, ``notebook_suite_seconds`` and the ``machine``. The ``benchmarks/`` folder
at the top of the repository holds the README with how to run them and what each figure means.

>>> from simulator.bench import BenchConfig
>>> BenchConfig.quick().course_runs
3
"""

from __future__ import annotations

from simulator.bench.runner import BenchConfig, money_rows, run_benchmarks
from simulator.bench.scale import scale_scenario

__all__ = ["BenchConfig", "money_rows", "run_benchmarks", "scale_scenario"]
