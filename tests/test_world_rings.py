"""A world of several independent rings (``tracelab generate --rings``) is one consistent world.

Rings are simulated apart (in other processes), so nothing but their numbering and identifier
shares keeps them from colliding: these tests check that no id or identifier is ever held in two
rings, that the joined tables are sorted and typed like a single world's, that the result does
not depend on the number of worker processes, and that the case records how many rings it holds.
Cross-table consistency of a two-ring world is checked with the course world's tests
(``tests/test_consistency.py``, parametrised over both).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import simulator.cli as cli
from simulator import __version__, open_case
from simulator.case import Manifest, verify_case
from simulator.scenario.loader import load_scenario
from simulator.world import simulate
from simulator.world.rings import TRUTH_ORDER, Ring, simulate_rings

SCENARIO = "scenarios/central-med.yaml"
SEED = 11


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def rings(scenario):
    """Each of two rings simulated on its own, as the worker processes do."""
    return [simulate(scenario, seed=SEED, ring=Ring(index, 2)).tables for index in range(2)]


@pytest.fixture(scope="module")
def joined(scenario):
    return simulate_rings(scenario, SEED, 2, workers=2)


def _ids(tables: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    events = tables["events"]
    threads = {
        json.loads(raw).get("thread")
        for raw in events.loc[events["kind"] == "message", "detail"].dropna()
    }
    return {
        "person": set(tables["persons"]["person_id"]),
        "payment": set(tables["payments"]["payment_id"]),
        "trip": set(events["trip_id"].dropna()),
        "post": set(events["post_id"].dropna()),
        "thread": threads - {None},
        "identifier": set(tables["ownership"]["identifier"]),
    }


def test_no_id_or_identifier_is_held_in_two_rings(rings):
    first, second = (_ids(tables) for tables in rings)
    for kind in first:
        assert first[kind], f"ring 0 has no {kind} ids: the check would prove nothing"
        assert second[kind], f"ring 1 has no {kind} ids"
        shared = first[kind] & second[kind]
        assert not shared, f"{kind} ids in both rings: {sorted(shared)[:5]}"


def test_rings_are_different_worlds(rings):
    # Different streams: the same scenario played twice gives other people and other events.
    names = [set(tables["persons"]["name"]) for tables in rings]
    times = [tables["events"]["time"] for tables in rings]
    assert names[0] != names[1]
    assert not times[0].equals(times[1])


def test_joined_world_holds_every_ring_row_sorted_and_typed_like_one_world(scenario, rings, joined):
    single = simulate(scenario, seed=SEED).tables
    assert sorted(joined) == sorted(single)
    for name, frame in joined.items():
        assert len(frame) == sum(len(ring[name]) for ring in rings), name
        assert list(frame.columns) == list(single[name].columns), name
        assert frame.dtypes.equals(single[name].dtypes), name
        keys = list(TRUTH_ORDER[name])
        assert frame.equals(frame.sort_values(keys, kind="stable", ignore_index=True)), name
    events = joined["events"]
    assert events["event_id"].tolist() == list(range(len(events)))
    assert events["time"].is_monotonic_increasing
    assert joined["persons"]["person_id"].is_unique
    assert joined["payments"]["payment_id"].is_unique


def test_joined_events_are_exactly_each_ring_log_in_time_order(rings, joined):
    # A ring's process writes its settled events to a file week by week (EventLog.spill_to);
    # the rings here kept their logs whole, so the two paths must give the same rows.
    whole = pd.concat([ring["events"] for ring in rings], ignore_index=True)
    whole = whole.sort_values("time", kind="stable", ignore_index=True)
    whole["event_id"] = np.arange(len(whole), dtype=np.int64)
    pd.testing.assert_frame_equal(joined["events"], whole, check_exact=True)


def test_members_are_numbered_round_robin_with_one_width(joined):
    members = joined["persons"].loc[joined["persons"]["kind"] == "member", "person_id"]
    assert members.str.len().nunique() == 1
    # P0001 is ring 0's first member, P0002 ring 1's: both rings start their networks there.
    assert {"P0001", "P0002"} <= set(members)


def test_joined_world_does_not_depend_on_the_worker_count(scenario, joined):
    alone = simulate_rings(scenario, SEED, 2, workers=1)
    for name, frame in joined.items():
        pd.testing.assert_frame_equal(frame, alone[name], check_exact=True, obj=name)


def test_one_ring_is_the_plain_world(scenario):
    plain = simulate(scenario, seed=SEED).tables
    ringed = simulate_rings(scenario, SEED, 1, workers=2)
    for name, frame in plain.items():
        pd.testing.assert_frame_equal(frame, ringed[name], check_exact=True, obj=name)


@pytest.mark.parametrize(("index", "count"), [(2, 2), (-1, 3), (0, 0)])
def test_a_ring_that_does_not_exist_is_refused(index, count):
    with pytest.raises(ValueError, match="does not exist"):
        Ring(index, count)


def test_generate_with_rings_records_them_and_verifies(tmp_path, capsys):
    out = tmp_path / "case"
    argv = ["generate", SCENARIO, "--seed", "3", "--rings", "2", "--out", str(out), "--json"]
    assert cli.main(argv) == 0
    summary = json.loads(capsys.readouterr().out)
    manifest = Manifest.read(out)
    assert summary["rings"] == 2 and manifest.info.rings == 2
    assert json.loads((out / "manifest.json").read_text())["scenario"]["rings"] == 2
    assert verify_case(out).ok
    # The trainee copy says so too: the scenario's hash alone would not reproduce the case.
    released = tmp_path / "release"
    assert cli.main(["release", str(out), "--out", str(released)]) == 0
    assert Manifest.read(released).info.rings == 2
    info = open_case(released).info()
    assert info["rings"] == 2 and info["generator_version"] == __version__


@pytest.mark.parametrize("value", ["0", "17", "two"])
def test_generate_refuses_a_bad_ring_count(tmp_path, capsys, value):
    out = tmp_path / "case"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["generate", SCENARIO, "--rings", value, "--out", str(out)])
    assert exit_info.value.code == 2
    assert "rings must be" in capsys.readouterr().err
    assert not out.exists()
