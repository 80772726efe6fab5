"""Forked tasks: the same results wherever they run, failures reported, the parent kept light."""

from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pytest

from simulator.forked import run_forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _tasks() -> dict:
    def table(n: int) -> dict:
        return {"rows": pd.DataFrame({"n": list(range(n)), "text": [f"t{i}" for i in range(n)]})}

    tasks = {f"t{n}": (lambda n=n: {**table(n), "pid": os.getpid(), "n": n}) for n in range(5)}
    return tasks


def _plain(result: dict) -> dict:
    rows = result["rows"]
    rows = rows.to_pandas() if isinstance(rows, pa.Table) else rows
    return {"n": result["n"], "rows": rows.to_dict("list")}


@pytest.mark.parametrize("in_children", [False, True])
def test_results_do_not_depend_on_where_tasks_run(in_children):
    here = run_forked(_tasks(), workers=1)
    forked = run_forked(_tasks(), workers=2, in_children=in_children)
    assert list(forked) == list(here) == [f"t{n}" for n in range(5)]
    assert [_plain(result) for result in forked.values()] == [
        _plain(result) for result in here.values()
    ]


def test_in_children_runs_nothing_in_this_process():
    results = run_forked(_tasks(), workers=2, in_children=True)
    pids = {result["pid"] for result in results.values()}
    assert os.getpid() not in pids
    # A child per task: each one's memory is given back when it ends.
    assert len(pids) == len(results)


def test_in_children_with_one_task_still_forks():
    results = run_forked({"only": lambda: {"pid": os.getpid()}}, workers=2, in_children=True)
    assert results["only"]["pid"] != os.getpid()


def test_while_waiting_is_called_until_the_children_end(tmp_path):
    calls = []

    def slow() -> dict:
        import time

        time.sleep(0.4)
        return {"done": True}

    results = run_forked(
        {"a": slow, "b": slow}, workers=2, in_children=True, while_waiting=lambda: calls.append(1)
    )
    assert results["a"]["done"] and results["b"]["done"]
    assert len(calls) >= 2  # polled while waiting, and once more at the end


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_names_the_running_tasks_until_all_are_done(workers):
    told = []
    run_forked(
        _tasks(),
        workers=workers,
        in_children=True,
        progress=lambda done, total, running: told.append((done, total, running)),
    )
    assert {total for _, total, _ in told} == {5}
    done = [count for count, _, _ in told]
    assert done == sorted(done) and done[0] == 0 and told[-1] == (5, 5, ())
    # Every task is named as running at some point, never more at once than the workers.
    assert {name for _, _, running in told for name in running} == set(_tasks())
    assert max(len(running) for _, _, running in told) == workers


@pytest.mark.parametrize("in_children", [False, True])
def test_a_failing_child_raises_with_its_traceback(in_children):
    def boom() -> dict:
        raise ValueError("the observer broke")

    with pytest.raises(RuntimeError, match="the observer broke"):
        run_forked(
            {"a": lambda: {"x": 1}, "b": boom, "c": lambda: {"x": 2}},  # b runs in a child
            workers=2,
            in_children=in_children,
        )


def test_tables_read_column_by_column_equal_the_mapped_ones():
    mapped = run_forked(_tasks(), workers=2, in_children=True)
    copied = run_forked(_tasks(), workers=2, in_children=True, mapped=False)
    for name, result in mapped.items():
        assert copied[name]["rows"].equals(result["rows"], check_metadata=True)
