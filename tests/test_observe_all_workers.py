"""``observe_all`` gives the same tables for any number of worker processes.

With several workers the observers run in forked processes and the platforms lens runs in parts,
one per platform, put together in the parent (:func:`simulator.observers.platforms.merge_parts`);
with one worker everything runs whole, here. The written bytes depend only on the tables' Arrow
form, so that form must be equal, table by table.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from simulator.forked import as_arrow
from simulator.observers import WorldView, observe_all
from simulator.observers import platforms as platforms_lens
from simulator.scenario.loader import load_scenario
from simulator.world import simulate


def _arrow(table) -> pa.Table:
    return as_arrow(table).combine_chunks()


@pytest.fixture(scope="module")
def view():
    scenario = load_scenario("scenarios/channel.yaml")
    world = simulate(scenario, seed=5)
    return WorldView(world.tables["events"], dict(world.tables), scenario, 5)


def test_the_platforms_lens_runs_in_one_part_per_platform(view):
    plan = platforms_lens.parts(view)
    assert len(plan) >= 2
    assert [names for names, _share in plan] == sorted(names for names, _share in plan)
    assert sum(share for _names, share in plan) == pytest.approx(1.0)


@pytest.mark.parametrize("workers", [2, 3])
def test_tables_do_not_depend_on_the_worker_count(view, workers):
    alone = observe_all(view, workers=1)
    spread = observe_all(view, workers=workers)
    assert sorted(alone) == sorted(spread)
    for tier, tables in alone.items():
        assert sorted(tables) == sorted(spread[tier])
        for name, table in tables.items():
            one, many = _arrow(table), _arrow(spread[tier][name])
            assert one.num_rows > 0 or name in {"takedown_notices", "listings"}, name
            assert one.equals(many), f"{tier}/{name} differs with {workers} workers"
