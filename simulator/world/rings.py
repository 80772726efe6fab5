"""Independent rings: one world made of several networks working the same routes.

A large case is not one network of 100,000 migrants: the Channel's small-boat crossings are run by
competing crews, each able to launch a handful of boats a day (REALISM.md, routes and networks).
A world of ``count`` rings plays the scenario ``count`` times, each ring with its own random
streams, and joins the results into one set of truth tables. Rings never interact, so each can be
simulated in its own process (:func:`simulate_rings`): this is how a large case uses every core.

Two things keep the joined world a single, consistent world:

* numbers (person, trip, payment, post and thread ids) are dealt round-robin: ring ``i`` of ``n``
  gets ``i + 1``, ``i + 1 + n``, ``i + 1 + 2n``..., so ids keep their shape and never collide;
* random identifiers (phones, SIMs, handsets, handles, wallets, accounts, documents...) are split
  by a stable hash: a ring keeps only the identifiers whose CRC-32 modulo ``n`` is its index and
  draws again otherwise, so no identifier is ever held in two rings.

With one ring (the default) nothing changes: numbers and identifiers are exactly those of a plain
world.

>>> ring = Ring(index=1, count=3)
>>> [ring.number(local) for local in (1, 2, 3)]
[2, 5, 8]
>>> Ring().number(4), Ring().owns("+44 7700900123"), Ring().seed(7)
(4, True, 7)
>>> sum(Ring(i, 2).owns("+44 7700900123") for i in range(2))
1
"""

from __future__ import annotations

import mmap
import os
import tempfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.memory import give_back

__all__ = ["TRUTH_ORDER", "Ring", "join_rings", "simulate_rings"]

#: How each truth table is sorted (the world's own ``to_frame`` functions sort the same way), so
#: rings joined and sorted again give a table ordered like a single world's.
TRUTH_ORDER: dict[str, tuple[str, ...]] = {
    "persons": ("person_id",),
    "ties": ("source", "target"),
    "ownership": ("identifier_kind", "identifier", "from"),
    "journeys": ("migrant", "leg_index", "attempt"),
    "payments": ("time", "payment_id"),
    "events": ("time",),
}


#: The key under which a ring's result names the file its events were written to.
EVENTS_FILE = "events_file"


@dataclass(frozen=True)
class Ring:
    """Which of ``count`` independent rings a world is (``index`` from 0)."""

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1 or not 0 <= self.index < self.count:
            raise ValueError(f"ring {self.index} of {self.count} does not exist")

    def number(self, local: int) -> int:
        """The world-wide number of this ring's ``local``-th item (both counted from 1)."""
        return (local - 1) * self.count + self.index + 1

    def owns(self, identifier: str) -> bool:
        """Whether this ring may hand out ``identifier`` (every identifier belongs to one ring)."""
        return self.count == 1 or zlib.crc32(identifier.encode()) % self.count == self.index

    def seed(self, seed: int) -> int:
        """The seed of this ring's random streams: ``seed`` itself for a single ring."""
        if self.count == 1:
            return int(seed)
        state = np.random.SeedSequence([int(seed), self.count, self.index]).generate_state(1)
        return int(state[0])


def join_rings(rings: list[Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """One world's truth tables from the truth tables of its rings, in ring order.

    Each table is concatenated and sorted again by :data:`TRUTH_ORDER` (stable, so equal keys
    keep ring order); events are numbered again from 0 in their new order.

    >>> a = {"ties": pd.DataFrame({"source": ["P2"], "target": ["P4"], "kind": ["cell"]})}
    >>> b = {"ties": pd.DataFrame({"source": ["P1"], "target": ["P3"], "kind": ["cell"]})}
    >>> join_rings([a, b])["ties"]["source"].tolist()
    ['P1', 'P2']
    """
    if len(rings) == 1:
        return dict(rings[0])
    joined: dict[str, pd.DataFrame] = {}
    for name in rings[0]:
        parts = [ring[name] for ring in rings]
        order = _order(parts, TRUTH_ORDER.get(name, ()))
        columns: dict[str, Any] = {}
        for column in parts[0].columns:
            # Column by column, each ring's column dropped once taken: the peak is the rings
            # plus one joined column, not twice the table.
            whole = pd.concat([part.pop(column) for part in parts], ignore_index=True)
            if order is not None:
                whole = whole.take(order).reset_index(drop=True)
            columns[column] = whole
        frame = pd.DataFrame(columns, copy=False)
        if name == "events":
            frame["event_id"] = np.arange(len(frame), dtype=np.int64)
        joined[name] = frame
    return joined


def _order(parts: list[pd.DataFrame], keys: tuple[str, ...]) -> np.ndarray | None:
    """Row order of the concatenated ``parts`` sorted by ``keys`` (stable), ``None`` to keep."""
    if not keys:
        return None
    frame = pd.concat([part[list(keys)] for part in parts], ignore_index=True)
    order = frame.sort_values(list(keys), kind="stable").index.to_numpy()
    return None if np.array_equal(order, np.arange(len(order))) else order


def simulate_rings(
    scenario: Any,
    seed: int,
    count: int,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """The truth tables of a world of ``count`` rings, each playing ``scenario``.

    Rings run in up to ``workers`` child processes (:func:`simulator.forked.run_forked`), none in
    this one, so that a model's working memory leaves with its process; the tables do not depend
    on how many. ``progress(days, total)`` counts the days every ring has played.
    """
    from simulator.forked import read_columns, run_forked

    # Each ring writes the day it reached into memory shared with this process (an anonymous
    # mapping is shared across fork), which reports the sum while it waits.
    played = np.frombuffer(mmap.mmap(-1, 8 * (count + 1)), dtype=np.int64)
    shown = [-1]

    def report() -> None:
        days, total = int(played[:count].sum()), int(played[count])
        if progress is not None and total and days != shown[0]:
            shown[0] = days
            progress(days, count * total)

    parent = os.getpid()

    def played_day(index: int, day: int, total: int) -> None:
        played[index], played[count] = day, total
        if os.getpid() == parent:  # rings run here when there is one worker
            report()

    with tempfile.TemporaryDirectory(prefix="tracelab-rings-") as folder:
        tasks = {
            f"ring-{index:03d}": partial(
                _ring_tables, scenario, seed, Ring(index, count), played_day, Path(folder)
            )
            for index in range(count)
        }
        # Read column by column, not memory-mapped: join_rings drops each ring's column once
        # joined, and a mapped file would stay whole in memory until its last column went (at
        # x125 the join's peak was twice the truth, 4 GB).
        results = run_forked(
            tasks, workers=workers, in_children=True, while_waiting=report, mapped=False
        )
        # Each ring's tables are Arrow (:func:`_ring_tables`), wherever it ran; each Arrow table
        # is dropped once converted (its numbers are copied, its texts shared).
        rings = []
        for name in sorted(results):
            ring = results.pop(name)
            ring["events"] = read_columns(ring.pop(EVENTS_FILE))
            rings.append({table: ring.pop(table).to_pandas() for table in sorted(ring)})
    joined = join_rings(rings)
    del rings
    give_back()  # the rings' columns, freed as they were joined, before observers fork
    return joined


def _ring_tables(
    scenario: Any,
    seed: int,
    ring: Ring,
    played_day: Callable[[int, int, int], None],
    folder: Path,
) -> dict[str, Any]:
    """Simulate one ring; its tables go back as Arrow with the pandas metadata, so that the
    parent gets the same dtypes, and its events as the name of the file in ``folder`` they were
    written to while the ring ran (:data:`EVENTS_FILE`)."""
    from simulator.forked import TableFile, keeping_dtypes
    from simulator.world.model import SmugglingModel
    from simulator.world.truth import place_positions, truth_tables

    model = SmugglingModel(scenario, seed=seed, progress=partial(played_day, ring.index), ring=ring)
    # The event log is most of a ring's memory at its end (1.2 of 1.9 GB at x125): each week's
    # settled events go to the file instead of staying in the log.
    path = folder / f"events-{ring.index:03d}.arrow"
    with TableFile(path) as events:
        model.log.spill_to(events.write)
        model.run()
        events.write(model.log.drain(places=place_positions(model)))
    tables = truth_tables(model, events=False)
    # The model's agents refer to each other: only a collection frees them, and it must come
    # before the hand-over allocates the tables' Arrow copies.
    del model
    give_back()
    handed: dict[str, Any] = {name: keeping_dtypes(tables.pop(name)) for name in sorted(tables)}
    handed[EVENTS_FILE] = str(path)
    return handed
