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
from collections.abc import Callable, Sequence
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

    def of_kind(self, *kinds: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The events of the given kinds, in log order.

        With ``columns``, only those of them the log has (same rows, index and dtypes): copying
        the few columns an observer reads is much cheaper than copying all of them.

        >>> log = pd.DataFrame({"kind": ["a", "b", "a"], "x": [1, 2, 3], "y": [4, 5, 6]})
        >>> view = WorldView(events=log, truth={}, scenario=None, seed=7)
        >>> view.of_kind("a", columns=["y", "z"]).equals(view.of_kind("a")[["y"]])
        True
        """
        rows = self.kind_rows(*kinds)
        if columns is None:
            return self.events.iloc[rows]
        return self.events[[name for name in columns if name in self.events.columns]].iloc[rows]

    def kind_rows(self, *kinds: str) -> np.ndarray:
        """Positions of the events of the given kinds, ascending (the rows of :meth:`of_kind`).

        The same as ``np.flatnonzero(events["kind"].isin(kinds))``, but the kind column (a
        string per event) is numbered once per view: each later filter compares small integers.

        >>> log = pd.DataFrame({"kind": ["a", "b", None, "a", "c"]})
        >>> WorldView(events=log, truth={}, scenario=None, seed=7).kind_rows("a", "c").tolist()
        [0, 3, 4]
        """
        codes, names = self.memo("base.kind_codes", self._kind_codes)
        # Whether each number is wanted; the extra last entry answers code -1 (no kind).
        wanted = np.append(names.isin(list(kinds)), False)
        return np.flatnonzero(wanted[codes])

    def _kind_codes(self) -> tuple[np.ndarray, pd.Index]:
        """Each event's kind as a number (-1 where missing) and the kinds by number."""
        codes, names = pd.factorize(self.events["kind"])
        # A few dozen kinds: small integers keep the numbering cheap next to the log.
        return codes.astype(np.int16 if len(names) < 2**15 else np.int64), pd.Index(names)
