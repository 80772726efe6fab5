"""What every observer receives and returns.

An observer is one data source's lens on the event log: a module in ``simulator.observers`` with

- ``TABLES``: the :class:`simulator.catalog.TableSpec` of every table it writes, and
- ``observe(view: WorldView) -> dict[str, pandas.DataFrame]``: those tables, with exactly the
  columns of their spec, sorted deterministically.

Observers only read: they never change the world, the events or each other's output. Each draws
its imperfections (typos, missing fields, clock skew, duplicates) from its own generator, spawned
from the case seed and the observer's name, so adding an observer shifts no other table.

>>> import pandas as pd
>>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
>>> int(view.rng("telecom").integers(1000)) == int(view.rng("telecom").integers(1000))
True
>>> int(view.rng("telecom").integers(10**9)) != int(view.rng("platforms").integers(10**9))
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["WorldView"]


@dataclass(frozen=True)
class WorldView:
    """The read-only inputs of every observer.

    Attributes
    ----------
    events : pandas.DataFrame
        The world's event log (``world.tables["events"]``; columns in ``simulator.world.events``).
    truth : dict[str, pandas.DataFrame]
        Every truth table (persons, ties, ownership, journeys, payments, events...).
    scenario : simulator.scenario.schema.Scenario
        The validated scenario (places, platforms, providers, vocabulary...).
    seed : int
        The case seed.
    """

    events: pd.DataFrame
    truth: dict[str, pd.DataFrame]
    scenario: Any
    seed: int

    def rng(self, observer: str) -> np.random.Generator:
        """A generator for one observer, derived from the seed and the observer's name only."""
        digest = hashlib.sha256(observer.encode("utf-8")).digest()
        salt = int.from_bytes(digest[:8], "big")
        return np.random.default_rng(np.random.SeedSequence([self.seed, salt]))

    def of_kind(self, *kinds: str) -> pd.DataFrame:
        """The events of the given kinds, in log order."""
        return self.events[self.events["kind"].isin(kinds)]
