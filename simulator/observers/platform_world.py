"""What the public lenses need from a world view: platforms, places, accounts, per-item draws.

The social-platform and marketplace lenses both read account creations and takedowns, both write in
the scenario's places and both need draws tied to one item (a post, an account) rather than to the
order of a loop, so adding one advert never rewrites another. This module gathers that.

>>> import pandas as pd
>>> from simulator.observers.base import WorldView
>>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
>>> first = int(item_rng(view, "post", "AD1").integers(10**6))
>>> first == int(item_rng(view, "post", "AD1").integers(10**6))
True
>>> scenario_places(None)
([], [])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from simulator.observers.base import WorldView
from simulator.observers.imperfection import zone_for
from simulator.observers.item_random import ItemRandom, first_doubles, item_random, item_states
from simulator.observers.lookup import event_details_at, provider_for, text

__all__ = [
    "ACCOUNT_KINDS",
    "EVENT_COLUMNS",
    "AccountRecord",
    "ItemStreams",
    "event_rows",
    "event_rows_at",
    "floor_minute",
    "floor_second",
    "item_rng",
    "kind_positions",
    "local_date",
    "messenger_name",
    "platform_zone",
    "public_accounts",
    "scenario_places",
]


#: The first part of every public lens's stream name (its items' streams share the seed).
_STREAMS = "platforms"


def item_rng(view: WorldView, *parts: str) -> ItemRandom:
    """The draws of one item (a post, an account), from the seed and the item's key only."""
    return item_random(view.seed, _STREAMS, *parts)


class ItemStreams:
    """Draws of many items under one case seed: ``streams.rng(*key)`` is ``item_rng(view, *key)``.

    The first ``draws`` doubles of every key given up front are computed at once
    (:func:`~simulator.observers.item_random.first_doubles`); any other key, or any later draw,
    is computed when asked for, and gives the same values.

    >>> import pandas as pd
    >>> from simulator.observers.base import WorldView
    >>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
    >>> streams = ItemStreams(view, [("post", "AD1")], draws=2)
    >>> first = streams.rng("post", "AD1")
    >>> again = item_rng(view, "post", "AD1")
    >>> [first.random() for _ in range(4)] == [again.random() for _ in range(4)]
    True
    """

    def __init__(
        self, view: WorldView, keys: Iterable[tuple[str, ...]] = (), draws: int = 8
    ) -> None:
        self._seed = view.seed
        self._index: dict[tuple[str, ...], int] = {}
        for key in keys:
            self._index.setdefault(key, len(self._index))
        states = item_states(self._seed, ((_STREAMS, *key) for key in self._index))
        self._states = states.tolist()
        self._doubles = first_doubles(states, draws)

    def rng(self, *parts: str) -> ItemRandom:
        """The draws of the item ``parts`` (as :func:`item_rng`)."""
        index = self._index.get(parts)
        if index is None:
            return item_random(self._seed, _STREAMS, *parts)
        return ItemRandom(self._states[index], self._doubles[index].tolist())


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, read column by column (much faster on Arrow-backed columns).

    Values are the same objects ``to_dict`` gives: Python scalars and Timestamps, ``NaN`` in
    float and string columns, ``None`` for the ``NA`` of nullable columns (``to_dict`` boxes
    those). Object columns, whose cells ``to_dict`` boxes one by one, take the slow path.
    """
    dtypes = list(frame.dtypes)
    if not frame.columns.is_unique or any(map(pd.api.types.is_object_dtype, dtypes)):
        return frame.to_dict("records")
    columns = list(frame.columns)
    values = []
    for column, dtype in zip(columns, dtypes, strict=True):
        cells = frame[column].tolist()
        if getattr(dtype, "na_value", None) is pd.NA:
            cells = [None if cell is pd.NA else cell for cell in cells]
        elif isinstance(dtype, pd.StringDtype):
            # One object per distinct text: kinds, places and platforms repeat in most rows,
            # and the rows of a large case's lens are held all at once.
            cells = _one_of_each(cells)
        values.append(cells)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _one_of_each(cells: list[Any]) -> list[Any]:
    """``cells`` with equal texts made the same object (the others kept as they are).

    >>> a, b = _one_of_each(["".join(["x", "y"]), "".join(["x", "y"])])
    >>> a is b
    True
    """
    seen: dict[Any, Any] = {}
    return [seen.setdefault(cell, cell) if type(cell) is str else cell for cell in cells]


#: The event columns the public lenses read from a row (``detail`` comes parsed beside it). Rows
#: carry only these: a column read from a row must be listed here, or it reads as missing.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "time",
    "kind",
    "actor",
    "place",
    "amount",
    "currency",
    "channel",
    "platform",
    "actor_phone",
    "actor_account",
    "post_id",
)


def kind_positions(view: WorldView, *kinds: str) -> np.ndarray:
    """Positions in the log of the events of ``kinds``, ascending (none if the log is empty).

    >>> log = pd.DataFrame({"kind": ["a", "b", "a"]})
    >>> kind_positions(WorldView(events=log, truth={}, scenario=None, seed=7), "a").tolist()
    [0, 2]
    >>> kind_positions(WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)).size
    0
    """
    events = view.events
    if events is None or events.empty or "kind" not in events.columns:
        return np.zeros(0, dtype=np.intp)
    return view.kind_rows(*kinds)


def event_rows(view: WorldView, *kinds: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(row, parsed detail) of every event of ``kinds``, in log order (none if the log is empty).

    A row holds the :data:`EVENT_COLUMNS` of the event (fewer, smaller dicts: tens of thousands
    of them stay alive while a lens runs).
    """
    positions = kind_positions(view, *kinds)
    return event_rows_at(view, positions) if len(positions) else []


def event_rows_at(
    view: WorldView, positions: np.ndarray, *, parse: bool = True
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(row, parsed detail) of the events at ``positions`` (row numbers of the log), in that order.

    Rows and details as :func:`event_rows` gives them; ``parse=False`` leaves every detail empty,
    for callers that only look at the rows.

    >>> log = pd.DataFrame({"kind": ["a", "b"], "actor": ["P1", "P2"], "detail": ['{"x":1}', ""]})
    >>> event_rows_at(WorldView(events=log, truth={}, scenario=None, seed=7), np.array([1, 0]))
    [({'kind': 'b', 'actor': 'P2'}, {}), ({'kind': 'a', 'actor': 'P1'}, {'x': 1})]
    """
    events = view.events
    # Only the columns read are copied, not the whole log's rows.
    columns = [column for column in EVENT_COLUMNS if column in events.columns]
    rows = _records(events[columns].iloc[positions])
    if not parse:
        return [(row, {}) for row in rows]
    return list(zip(rows, event_details_at(view, positions), strict=True))


def floor_minute(when: pd.Timestamp) -> pd.Timestamp:
    """``when.floor("min")``, without its slow generic path for the usual UTC timestamps.

    ``replace`` keeps the unit of second- and microsecond-resolution timestamps (for UTC the wall
    clock is the instant, so no time-zone rule applies); anything else goes through ``floor``.

    >>> when = pd.Timestamp("2024-05-31 23:30:17", tz="UTC").as_unit("s")
    >>> floor_minute(when) == when.floor("min"), floor_minute(when).unit
    (True, 's')
    """
    if when.tzinfo is not UTC:
        return when.floor("min")
    unit = when.unit
    if unit == "s":
        return when.replace(second=0) if when.second else when
    if unit == "us":
        return when.replace(second=0, microsecond=0) if when.second or when.microsecond else when
    return when.floor("min")


def floor_second(when: pd.Timestamp | datetime) -> pd.Timestamp | datetime:
    """``when.floor("s")``, fast for UTC timestamps of second or microsecond resolution.

    A plain ``datetime`` (microsecond resolution) is floored the same way and stays a datetime.

    >>> when = pd.Timestamp("2024-05-31 23:30:17.25", tz="UTC")
    >>> floor_second(when) == when.floor("s"), floor_second(when).unit
    (True, 'us')
    >>> floor_second(when.to_pydatetime()) == when.floor("s")
    True
    """
    if type(when) is datetime:
        return when.replace(microsecond=0) if when.microsecond else when
    if when.tzinfo is not UTC:
        return when.floor("s")
    unit = when.unit
    if unit == "s":
        return when
    if unit == "us":
        return when.replace(microsecond=0) if when.microsecond else when
    return when.floor("s")


def messenger_name(scenario: Any) -> str:
    """The messenger adverts send people to (scenario ``online.messenger``).

    >>> messenger_name(None)
    'Whisperline'
    """
    online = getattr(scenario, "online", None)
    return str(getattr(online, "messenger", "") or "Whisperline")


def scenario_places(scenario: Any) -> tuple[list[str], list[str]]:
    """(places people leave from or gather in, destinations), in scenario order."""
    starts: list[str] = []
    ends: list[str] = []
    for place in getattr(scenario, "places", None) or []:
        kind = str(getattr(place.kind, "value", place.kind))
        (ends if kind == "destination" else starts).append(place.name)
    return starts, ends


def platform_zone(scenario: Any, platform: str) -> str:
    """The time zone a platform dates its pages in (its operator's seat; UTC if unknown)."""
    provider = provider_for(scenario, "platform", name=platform)
    if provider.name.casefold() != platform.casefold():
        return "UTC"
    return zone_for(provider.country)


def local_date(when: pd.Timestamp, zone: str, fmt: str) -> str:
    """``when`` (UTC) as the page shows it: a local date in ``fmt``.

    >>> local_date(pd.Timestamp("2024-05-31 23:30", tz="UTC"), "Europe/Rome", "%Y-%m-%d")
    '2024-06-01'
    """
    stamp = pd.Timestamp(when)
    if stamp.tzinfo is UTC and not stamp.nanosecond:
        # The same local date through datetime and zoneinfo (which pandas itself uses for a zone
        # named by a string), without building a converted Timestamp: several times faster.
        return stamp.to_pydatetime().astimezone(_zone(zone)).strftime(fmt)
    return stamp.tz_convert(zone).strftime(fmt)


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    """The ``zoneinfo`` zone called ``name`` (looked up once)."""
    return ZoneInfo(name)


@dataclass
class AccountRecord:
    """One public account as the events describe it (internal: never written as is)."""

    platform: str
    handle: str
    owner: str = ""
    display_name: str = ""
    created: pd.Timestamp | None = None
    backup_number: int = 0
    purpose: str = ""
    language: str = ""
    actor_kind: str = ""
    taken_down: pd.Timestamp | None = None
    logos: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    emoji: list[str] = field(default_factory=list)
    posts: int = 0


#: The event kinds :func:`public_accounts` reads.
ACCOUNT_KINDS: tuple[str, ...] = (
    "account_created",
    "account_taken_down",
    "advert_posted",
    "benign_post",
    "marketplace_listing",
)


def public_accounts(
    view: WorldView,
    platforms: dict[str, str],
    events: Iterable[tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> dict[tuple[str, str], AccountRecord]:
    """Every account on a public platform that was created, posted, listed or was taken down.

    Keyed by (platform, handle), in order of first appearance in the log. ``events``: the
    ``event_rows`` of the account kinds (or an iterator of them, read once) when the caller has
    them already.
    """
    accounts: dict[tuple[str, str], AccountRecord] = {}

    def get(row: dict[str, Any]) -> AccountRecord | None:
        platform, handle = text(row.get("platform")), text(row.get("actor_account"))
        if platform not in platforms or not handle:
            return None
        key = (platform, handle)
        if key not in accounts:
            accounts[key] = AccountRecord(platform, handle, owner=text(row.get("actor")))
        return accounts[key]

    if events is None:
        events = event_rows(view, *ACCOUNT_KINDS)
    for row, detail in events:
        record = get(row)
        if record is None:
            continue
        kind = row["kind"]
        if kind == "account_created":
            record.display_name = text(detail.get("display_name")) or record.display_name
            record.created = row["time"]
            record.backup_number = int(detail.get("backup_number") or 0)
            record.purpose = text(detail.get("purpose"))
            record.language = text(detail.get("bio_language")) or record.language
        elif kind == "account_taken_down":
            record.taken_down = row["time"] if record.taken_down is None else record.taken_down
        else:
            record.posts += 1
            record.language = record.language or text(detail.get("language"))
            if kind == "advert_posted":
                record.purpose = record.purpose or "advertising"
                record.backup_number = record.backup_number or int(detail.get("backup_number") or 0)
                for name, target in (("logo", record.logos), ("brand", record.brands)):
                    value = text(detail.get(name))
                    if value and value not in target:
                        target.append(value)
                for code in detail.get("emoji") or ():
                    if code not in record.emoji:
                        record.emoji.append(str(code))
            elif kind == "benign_post":
                record.purpose = record.purpose or "benign"
                record.actor_kind = record.actor_kind or text(detail.get("actor_kind"))
            else:
                record.purpose = record.purpose or "seller"
    return accounts
