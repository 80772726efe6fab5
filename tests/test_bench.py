"""Smoke test of the benchmark harness on a tiny configuration: keys and sane values, no timings."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from simulator.bench import BenchConfig, run_benchmarks, scale_scenario
from simulator.bench.iolimit import io_limit, random_block
from simulator.bench.plain_loop import plain_loop
from simulator.cli import main
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "scenarios" / "central-med.yaml"
REQUIRED = (
    "course_case_seconds",
    "rows_per_second",
    "limit_rows_per_second",
    "peak_rss_mb",
    "rows_per_second_vs_limit",
    "model_events_per_second",
    "plain_loop_seconds",
    "large_case_seconds",
    "large_case_peak_rss_mb",
    "money_events",
    "notebook_suite_seconds",
    "machine",
)


@pytest.fixture(scope="module")
def report() -> dict:
    tiny = BenchConfig(
        course_scenario=str(COURSE),
        course_runs=1,
        course_scale=0.1,
        large_scenario=str(COURSE),
        large_scale=0.15,
        notebooks=False,
        in_process=True,
    )
    lines: list[str] = []
    result = run_benchmarks(tiny, progress=lines.append)
    result["_progress"] = lines
    return result


def test_report_has_every_figure_with_sane_values(report: dict) -> None:
    assert all(key in report for key in REQUIRED)
    for key in ("course_case_seconds", "rows_per_second", "limit_rows_per_second", "peak_rss_mb"):
        assert report[key] > 0 and math.isfinite(report[key]), key
    # A Python process with pandas and pyarrow loaded holds tens of MiB; none needs 4 GiB here.
    assert 20 < report["peak_rss_mb"] < 4096
    assert report["large_case_rows"] == sum(report["large_case_table_rows"].values())
    assert report["rows_per_second_vs_limit"] == pytest.approx(
        report["rows_per_second"] / report["limit_rows_per_second"]
    )
    assert report["model_events"] == report["large_case_table_rows"]["truth/events"] > 0
    assert report["money_events"] == report["large_case_table_rows"]["truth/payments"] > 0
    assert report["plain_loop_agents"] == report["large_case_table_rows"]["truth/persons"]
    assert report["large_case_migrants"] == 30  # 200 x 0.15, in two rings of 15
    assert report["large_case_rings"] == 2
    assert report["notebook_suite_seconds"] is None
    assert report["notebook_suite_reason"] == "not requested"
    assert report["machine"]["nproc"] >= 1
    assert any("I/O limit" in line for line in report["_progress"])
    # Where the peak was: each sampled phase's peak, the largest of them at most the run's peak.
    by_phase = report["large_case_peak_by_phase_mb"]
    assert by_phase and set(by_phase) <= {"simulate", "observe", "write"}
    assert 0 < max(by_phase.values()) <= report["large_case_peak_tree_pss_mb"]
    json.dumps(report)  # --json must be able to print it


def test_scale_multiplies_volume_and_stays_valid() -> None:
    base = load_scenario(COURSE)
    big = scale_scenario(base, 500)
    assert big.migrants.count == 100_000
    assert sum(big.network.roles.model_dump().values()) <= 4000
    assert big.network.roles.organiser > base.network.roles.organiser
    small = scale_scenario(base, 0.1)
    assert small.migrants.count == 20 and small.network == base.network
    with pytest.raises(ValueError, match="greater than 0"):
        scale_scenario(base, 0)


def test_random_block_matches_schema_and_text_length() -> None:
    schema = pa.schema(
        [
            ("n", pa.int32()),
            ("when", pa.timestamp("s", tz="UTC")),
            ("who", pa.string()),
            ("x", pa.float64()),
            ("ok", pa.bool_()),
        ]
    )
    block = random_block(schema, 100, np.random.default_rng(3), {"who": (9.4, 0.1)})
    assert block.schema.equals(schema)
    assert {len(v) for v in block["who"].to_pylist()} == {9}
    assert 1 < len(set(block["who"].to_pylist())) <= 10  # a pool of 10% distinct values
    assert block["n"].null_count == 0


def test_io_limit_writes_as_many_rows_as_the_case(tmp_path: Path) -> None:
    (tmp_path / "truth").mkdir()
    pq.write_table(
        pa.table({"a": list(range(1000)), "b": ["xy"] * 1000}), tmp_path / "truth/t.parquet"
    )
    result = io_limit(tmp_path)
    assert result["rows"] == 1000 and result["rows_per_second"] > 0
    assert result["null_filled"] == []


def test_plain_loop_visits_every_agent_every_tick() -> None:
    result = plain_loop(agents=30, days=4, ticks_per_day=2)
    assert result["agent_steps"] == 240
    assert 0 < result["actions"] <= 240


def test_cli_refuses_a_bad_scale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--scale", "0"]) == 2
    assert "--scale must be greater than 0" in capsys.readouterr().err


def test_the_memory_sampler_waits_longer_when_a_sample_costs_much(monkeypatch) -> None:
    import time

    from simulator.bench import memory

    def costly_sample(pid: int) -> float:
        started = time.thread_time()
        while time.thread_time() - started < 0.02:  # 20 ms of CPU, as for a large tree
            pass
        return 1.0

    monkeypatch.setattr(memory, "tree_pss_mb", costly_sample)
    with memory.TreeMemory(0, interval=0.01) as sampler:
        time.sleep(0.3)
    # 20 ms at most 5 % of a core: 0.4 s (not 10 ms) before the next sample.
    assert sampler.longest_wait >= 0.02 / memory.MAX_SHARE
    assert sampler.samples == 1


def test_the_memory_sampler_keeps_each_phase_peak(monkeypatch) -> None:
    import time

    from simulator.bench import memory

    calls = [0]

    def sample(pid: int) -> float:
        calls[0] += 1
        return 10.0 if calls[0] <= 2 else 4.0

    def phase() -> str:  # read before each sample: two samples in "simulate", then "write"
        return "simulate" if calls[0] < 2 else "write"

    monkeypatch.setattr(memory, "tree_pss_mb", sample)
    with memory.TreeMemory(0, interval=0.01, phase=phase) as sampler:
        while sampler.samples < 4:
            time.sleep(0.01)
    assert sampler.peak_by_phase == {"simulate": 10.0, "write": 4.0}
    assert sampler.peak_mb == 10.0


def test_the_child_names_each_phase_in_its_phase_file(tmp_path: Path) -> None:
    from simulator.bench.child import _Phases
    from simulator.bench.memory import phase_in_file

    path = tmp_path / "phase"
    read = phase_in_file(path)
    assert read() == ""
    phases = _Phases(lambda _text: None, str(path))
    assert read() == "simulate"
    phases.simulate(3, 10)
    assert read() == "simulate"
    phases.simulate(1, 1)  # the pipeline closes the simulation so
    assert read() == "observe"
    phases.write(0, 5, "truth/events")
    assert read() == "write"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["phase"]  # no partial file left
