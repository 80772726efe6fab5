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
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["WorldView"]

_T = TypeVar("_T")


@lru_cache(maxsize=256)
def _salt(observer: str) -> int:
    """The stream salt of an observer name (a pure function of the name, so kept)."""
    digest = hashlib.sha256(observer.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


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
        return np.random.default_rng(np.random.SeedSequence([self.seed, _salt(observer)]))

    def memo(self, key: str, build: Callable[[], _T]) -> _T:
        """A value derived from this view, built by ``build()`` on first use and then kept.

        For read-only look-ups that several observers (or one observer many times) derive from
        the same events and truth: parsed event details, lists of a column. Keep the ``key``
        unique to what ``build`` makes (prefix it with the module name), and never change the
        value you get: the next caller receives the same object.

        >>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
        >>> view.memo("doc.list", list) is view.memo("doc.list", list)
        True
        """
        # The view is frozen, so the cache is set past the dataclass guard; it is no field and
        # takes no part in equality or repr.
        cache: dict[str, Any] | None = self.__dict__.get("_memo")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_memo", cache)
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def of_kind(self, *kinds: str) -> pd.DataFrame:
        """The events of the given kinds, in log order."""
        return self.events[self.events["kind"].isin(kinds)]
