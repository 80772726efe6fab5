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

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from numpy.random.bit_generator import ISpawnableSeedSequence

from simulator.observers.base import WorldView
from simulator.observers.imperfection import zone_for
from simulator.observers.lookup import details, provider_for, text

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
    "local_date",
    "messenger_name",
    "platform_zone",
    "public_accounts",
    "scenario_places",
]


def item_rng(view: WorldView, *parts: str) -> np.random.Generator:
    """A generator for one item (a post, an account), from the seed and the item's key only."""
    return view.rng("platforms/" + "/".join(parts))


# numpy's SeedSequence hash (a pool of four 32-bit words; see ``numpy.random.SeedSequence``):
# the constants of its hashmix and mix steps.
_MASK32 = 0xFFFF_FFFF
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4


def _hash_keys(start: int, mult: int, count: int) -> tuple[tuple[int, int], ...]:
    """(xor, multiplier) of each successive hashmix: the hash constant never depends on data."""
    keys = []
    const = start
    for _ in range(count):
        following = (const * mult) & _MASK32
        keys.append((const, following))
        const = following
    return tuple(keys)


# Filling the pool, then mixing every pool word into every other: 4 + 12 hashmixes.
_MIX_KEYS = _hash_keys(_INIT_A, _MULT_A, _POOL + _POOL * (_POOL - 1))
_OUT_KEYS = _hash_keys(_INIT_B, _MULT_B, 2 * _POOL)


def _pcg64_seeds(entropy: np.ndarray) -> np.ndarray:
    """``SeedSequence(row).generate_state(4, numpy.uint64)`` for every row of ``entropy``.

    ``entropy`` is an (n, 4) array of 32-bit words (held as uint64 so that products do not
    overflow); a row shorter than the pool is padded with zeros, which SeedSequence's hash does
    itself. Computed for all rows at once: numpy's own path costs tens of microseconds per item,
    mostly in Python-level bookkeeping around a few dozen multiplications.
    """
    mask, shift = np.uint64(_MASK32), np.uint64(16)

    def hashmix(values: np.ndarray, key: tuple[int, int]) -> np.ndarray:
        mixed = ((values ^ np.uint64(key[0])) * np.uint64(key[1])) & mask
        return mixed ^ (mixed >> shift)

    keys = iter(_MIX_KEYS)
    pool = [hashmix(entropy[:, index], next(keys)) for index in range(_POOL)]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                hashed = hashmix(pool[src], next(keys))
                mixed = (np.uint64(_MIX_L) * pool[dst] - np.uint64(_MIX_R) * hashed) & mask
                pool[dst] = mixed ^ (mixed >> shift)
    out = [hashmix(pool[index % _POOL], key) for index, key in enumerate(_OUT_KEYS)]
    # 32-bit words read as little-endian 64-bit words, as generate_state does.
    pairs = [out[index] | (out[index + 1] << np.uint64(32)) for index in range(0, len(out), 2)]
    return np.stack(pairs, axis=1)


class _ItemSeed(ISpawnableSeedSequence):
    """``SeedSequence([seed, salt])`` with the four words PCG64 seeds itself from precomputed.

    ``numpy.random.PCG64`` only asks for ``generate_state(4, numpy.uint64)``; any other request
    (other sizes, ``spawn``) is answered by the real ``SeedSequence([seed, salt])``.
    """

    def __init__(self, seed: int, salt: int, words: np.ndarray) -> None:
        self.entropy = [seed, salt]
        self._words = words
        self._sequence: np.random.SeedSequence | None = None

    def _full(self) -> np.random.SeedSequence:
        if self._sequence is None:
            self._sequence = np.random.SeedSequence(self.entropy)
        return self._sequence

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        """The seed words (precomputed for PCG64's request, else from the full sequence)."""
        if n_words == _POOL and (dtype is np.uint64 or np.dtype(dtype) == np.uint64):
            return self._words.copy()
        return self._full().generate_state(n_words, dtype)

    def spawn(self, n_children: int) -> list[np.random.SeedSequence]:
        """Children as the full sequence spawns them."""
        return self._full().spawn(n_children)


def _seed_words(seed: Any) -> list[int] | None:
    """The case seed as SeedSequence splits it (32-bit words, least significant first).

    ``None`` when the seed is not a non-negative integer of at most 64 bits, which leaves no
    room for the salt's two words in the pool (such seeds take the plain path).
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        return None
    value = int(seed)
    if not 0 <= value < 2**64:
        return None
    return [value & _MASK32, value >> 32] if value >> 32 else [value]


class ItemStreams:
    """:func:`item_rng` for many items, with the seeding hash of all their keys done at once.

    ``streams.rng(*key)`` is exactly ``item_rng(view, *key)`` (same draws), built several times
    faster for the keys given up front; any other key falls back to :func:`item_rng`.

    >>> import pandas as pd
    >>> from simulator.observers.base import WorldView
    >>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
    >>> keys = [("post", f"AD{i}") for i in range(300)] + [("name", "Kinfold", "x" * 40)]
    >>> streams = ItemStreams(view, keys)
    >>> all(
    ...     streams.rng(*key).random(3).tolist() == item_rng(view, *key).random(3).tolist()
    ...     for key in [*keys, ("not", "given")]
    ... )
    True
    """

    def __init__(self, view: WorldView, keys: Iterable[tuple[str, ...]]) -> None:
        self._view = view
        self._index: dict[tuple[str, ...], int] = {}
        self._salts: list[int] = []
        seed = _seed_words(view.seed)
        if seed is None:
            self._words = np.zeros((0, _POOL), dtype=np.uint64)
            return
        for key in keys:
            if key not in self._index:
                self._index[key] = len(self._salts)
                name = "platforms/" + "/".join(key)
                # The salt view.rng derives from the generator's name.
                digest = hashlib.sha256(name.encode("utf-8")).digest()
                self._salts.append(int.from_bytes(digest[:8], "big"))
        salts = np.array(self._salts, dtype=np.uint64)
        entropy = np.zeros((len(salts), _POOL), dtype=np.uint64)
        entropy[:, : len(seed)] = seed
        entropy[:, len(seed)] = salts & np.uint64(_MASK32)
        entropy[:, len(seed) + 1] = salts >> np.uint64(32)
        self._words = _pcg64_seeds(entropy)

    def rng(self, *parts: str) -> np.random.Generator:
        """The generator of the item ``parts`` (as :func:`item_rng`)."""
        index = self._index.get(parts)
        if index is None:
            return item_rng(self._view, *parts)
        seed = _ItemSeed(int(self._view.seed), self._salts[index], self._words[index])
        return np.random.Generator(np.random.PCG64(seed))


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
        values.append(cells)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


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


def event_rows(view: WorldView, *kinds: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(row, parsed detail) of every event of ``kinds``, in log order (none if the log is empty).

    A row holds the :data:`EVENT_COLUMNS` of the event (fewer, smaller dicts: tens of thousands
    of them stay alive while a lens runs).
    """
    events = view.events
    if events is None or events.empty or "kind" not in events.columns:
        return []
    return event_rows_at(view, view.kind_rows(*kinds))


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
    if not parse or "detail" not in events.columns:
        return [(row, {}) for row in rows]
    return list(zip(rows, details(events[["detail"]].iloc[positions]), strict=True))


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
    return pd.Timestamp(when).tz_convert(zone).strftime(fmt)


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
    events: list[tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> dict[tuple[str, str], AccountRecord]:
    """Every account on a public platform that was created, posted, listed or was taken down.

    Keyed by (platform, handle), in order of first appearance in the log. ``events``: the
    ``event_rows`` of the account kinds when the caller has parsed them already.
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
