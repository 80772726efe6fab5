"""The smuggling world: a Mesa model that plays out a scenario and records what truly happened.

>>> from simulator.world import simulate
>>> world = simulate(seed=5)
>>> world.seed, sorted(world.tables)[:2]
(5, ['events', 'journeys'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from simulator.scenario.schema import Scenario
from simulator.world.events import EventKind, EventLog
from simulator.world.model import SmugglingModel
from simulator.world.rings import Ring
from simulator.world.truth import truth_tables

__all__ = ["EventKind", "EventLog", "Ring", "SmugglingModel", "World", "simulate"]


@dataclass
class World:
    """A finished simulation: the scenario, the seed, the truth tables and the model itself."""

    scenario: Scenario
    seed: int
    tables: dict[str, pd.DataFrame]
    model: SmugglingModel = field(repr=False)

    @property
    def events(self) -> pd.DataFrame:
        """The full event log (same as ``tables["events"]``)."""
        return self.tables["events"]


def simulate(
    scenario: Scenario | None = None,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
    ring: Ring | None = None,
) -> World:
    """Play out ``scenario`` with ``seed`` and return the :class:`World` with its truth tables.

    Parameters
    ----------
    scenario : Scenario, optional
        A validated scenario (``simulator.scenario.loader.load_scenario``); the built-in toy
        scenario when omitted.
    seed : int
        Same scenario and seed give an identical world.
    progress : callable, optional
        ``progress(day, total_days)``, called each simulated morning.
    ring : Ring, optional
        Which ring of a world of several to play (:mod:`simulator.world.rings`); the whole world
        by default.
    """
    model = SmugglingModel(scenario, seed=seed, progress=progress, ring=ring)
    model.run()
    return World(model.spec, int(seed), truth_tables(model), model)
