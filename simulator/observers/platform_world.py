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
from functools import lru_cache, partial
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from numpy.random.bit_generator import ISpawnableSeedSequence

from simulator.observers.base import WorldView
from simulator.observers.imperfection import zone_for
from simulator.observers.lookup import event_details_at, provider_for, text

__all__ = [
    "ACCOUNT_KINDS",
    "EVENT_COLUMNS",
    "AccountRecord",
    "ItemDraws",
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


# PCG64 (numpy's default bit generator): a 128-bit linear congruential state and an
# xor-shift-low, random-rotation output (see ``numpy.random.PCG64``).
_MASK64, _MASK128 = (1 << 64) - 1, (1 << 128) - 1
_PCG64_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_DOUBLE_UNIT = 1.0 / 9007199254740992.0  # 2**-53: a double from the top 53 bits of an output


def _pcg64_first_double(words: list[int]) -> float:
    """The first ``random()`` of ``Generator(PCG64(seed))`` whose seed words are ``words``.

    PCG64 seeds itself from four words: the initial state (high, low) and the stream (high,
    low). Its stream increment is the stream shifted left by one bit, plus one; seeding steps
    the state from zero, adds the initial state and steps again; each output steps once more
    and folds the state's two halves together, rotated by the state's top six bits. A double is
    the output's top 53 bits scaled by 2**-53.
    """
    high, low, stream_high, stream_low = words
    inc = ((((stream_high << 64) | stream_low) << 1) | 1) & _MASK128
    state = (inc + ((high << 64) | low)) & _MASK128
    state = (state * _PCG64_MULT + inc) & _MASK128
    state = (state * _PCG64_MULT + inc) & _MASK128
    folded = ((state >> 64) ^ state) & _MASK64
    turn = state >> 122
    output = ((folded >> turn) | (folded << (64 - turn))) & _MASK64
    return (output >> 11) * _DOUBLE_UNIT


class _ItemSeed(ISpawnableSeedSequence):
    """``SeedSequence([seed, salt])`` with the four words PCG64 seeds itself from precomputed.

    ``numpy.random.PCG64`` only asks for ``generate_state(4, numpy.uint64)``; any other request
    (other sizes, ``spawn``) is answered by the real ``SeedSequence([seed, salt])``. Kept small
    (slots, the entropy list made only when asked for): one is built per item generator.
    """

    __slots__ = ("_salt", "_seed", "_sequence", "_words")

    def __init__(self, seed: int, salt: int, words: np.ndarray) -> None:
        self._seed = seed
        self._salt = salt
        self._words = words
        self._sequence: np.random.SeedSequence | None = None

    @property
    def entropy(self) -> list[int]:
        """The entropy ``SeedSequence`` is given: the case seed and the item's salt."""
        return [self._seed, self._salt]

    def _full(self) -> np.random.SeedSequence:
        if self._sequence is None:
            self._sequence = np.random.SeedSequence(self.entropy)
        return self._sequence

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        """The seed words (precomputed for PCG64's request, else from the full sequence).

        PCG64 only reads the words it asks for, so they are handed over without a copy (a
        read-only view: nothing can change them through it).
        """
        if n_words == _POOL and (dtype is np.uint64 or np.dtype(dtype) == np.uint64):
            return self._words
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
        index, salts, sha256 = self._index, self._salts, hashlib.sha256
        for key in keys:
            if key not in index:
                index[key] = len(salts)
                # The salt view.rng derives from the generator's name.
                digest = sha256(("platforms/" + "/".join(key)).encode("utf-8")).digest()
                salts.append(int.from_bytes(digest[:8], "big"))
        salts = np.array(self._salts, dtype=np.uint64)
        entropy = np.zeros((len(salts), _POOL), dtype=np.uint64)
        entropy[:, : len(seed)] = seed
        entropy[:, len(seed)] = salts & np.uint64(_MASK32)
        entropy[:, len(seed) + 1] = salts >> np.uint64(32)
        self._words = _pcg64_seeds(entropy)
        # Contiguous and read-only: each generator is seeded from a view of its row.
        self._words = np.ascontiguousarray(self._words)
        self._words.flags.writeable = False
        self._seed = int(view.seed)

    def rng(self, *parts: str) -> np.random.Generator:
        """The generator of the item ``parts`` (as :func:`item_rng`)."""
        index = self._index.get(parts)
        if index is None:
            return item_rng(self._view, *parts)
        seed = _ItemSeed(self._seed, self._salts[index], self._words[index])
        return np.random.Generator(np.random.PCG64(seed))

    def first_random(self, *parts: str) -> float:
        """``self.rng(*parts).random()``: the item's first double, without building its generator.

        For items whose first draw decides whether any other is made (a page recaptured or
        not): PCG64 is seeded from the item's four words and stepped once in Python.

        >>> import pandas as pd
        >>> from simulator.observers.base import WorldView
        >>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
        >>> streams = ItemStreams(view, [("recapture", "1234")])
        >>> first = item_rng(view, "recapture", "1234").random()
        >>> streams.first_random("recapture", "1234") == first
        True
        """
        index = self._index.get(parts)
        if index is None or not _FAST_DRAWS:
            return float(self.rng(*parts).random())
        return _pcg64_first_double(self._words[index].tolist())

    def draws(self, *parts: str) -> ItemDraws | np.random.Generator:
        """The item's generator wrapped for fast small draws (see :class:`ItemDraws`).

        Same draws as :meth:`rng`, value for value (the plain generator itself should this numpy
        not draw as :class:`ItemDraws` assumes).
        """
        rng = self.rng(*parts)
        return ItemDraws(rng) if _FAST_DRAWS else rng


_U32 = 0xFFFF_FFFF
#: Generator methods that draw only whole 64-bit outputs (doubles, normals, Poisson counts) and
#: so never touch the 32-bit half an ``integers`` draw may leave behind: passed straight through.
_PASS_THROUGH = frozenset(
    ("random", "poisson", "lognormal", "exponential", "uniform", "normal", "standard_normal")
)


class ItemDraws:
    """An item's generator, with its scalar bounded integers and list shuffles drawn in Python.

    numpy spends a few microseconds on the arguments of every ``integers`` call, and the text of
    one post makes a dozen draws of small bounds. Here those draws are computed from the bit
    generator's raw 64-bit outputs the way numpy computes them: a 32-bit draw takes the low half
    of an output first and keeps the high half for the next 32-bit draw; a bound below 2**32
    takes Lemire's multiply-and-reject on 32-bit draws; a shuffle swaps with a masked-rejection
    draw at each step. Every value, and every later draw, is the plain generator's; only the
    type differs: a scalar ``integers`` draw is a Python ``int`` (callers take ``int()`` of it).

    Doubles, normals and Poisson counts come from numpy as they are (they use whole 64-bit
    outputs, never the kept half). Any other call (arrays of integers, ``choice``...) goes to
    numpy with the kept half handed back to the bit generator first; what numpy keeps in turn is
    taken back only if a later draw here needs it (it is often the item's last draw).
    Wrap a fresh generator (or one whose last 32-bit draw was made here), and draw only through
    the wrapper.

    >>> plain, wrapped = np.random.default_rng(5), ItemDraws(np.random.default_rng(5))
    >>> [int(plain.integers(6)) for _ in range(5)] == [wrapped.integers(6) for _ in range(5)]
    True
    >>> deck, other = list("abcdef"), list("abcdef")
    >>> plain.shuffle(deck); wrapped.shuffle(other); deck == other
    True
    >>> plain.integers(3, size=9).tolist() == wrapped.integers(3, size=9).tolist()
    True
    >>> int(plain.integers(1000)) == wrapped.integers(1000)
    True
    >>> float(plain.normal()) == float(wrapped.normal())
    True
    """

    # random, poisson, lognormal: the generator's own methods (the most frequent draws that
    # pass through), bound once.
    __slots__ = ("_half", "_raw", "_rng", "_stale", "lognormal", "poisson", "random")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._raw = rng.bit_generator.random_raw
        self._half: int | None = None  # the high half of the last output, not yet drawn
        self._stale = False  # whether numpy may hold a half (after a call made by numpy)
        self.random = rng.random
        self.poisson = rng.poisson
        self.lognormal = rng.lognormal

    def _take_back(self) -> None:
        """Take over the half numpy kept from its last call, if any."""
        self._stale = False
        bit_generator = self._rng.bit_generator
        state = bit_generator.state
        if state["has_uint32"]:
            self._half = int(state["uinteger"])
            state["has_uint32"] = 0
            bit_generator.state = state

    def _u32(self) -> int:
        """The next 32-bit draw (numpy's ``next_uint32``)."""
        if self._stale:
            self._take_back()
        half = self._half
        if half is not None:
            self._half = None
            return half
        word = self._raw()
        self._half = word >> 32
        return word & _U32

    def _upto(self, span: int) -> int:
        """A draw in ``[0, span]`` for ``span < 2**32 - 1`` (numpy's bounded 32-bit Lemire)."""
        if not span:
            return 0
        if self._stale:
            self._take_back()
        excl = span + 1
        half = self._half
        if half is None:
            word = self._raw()
            self._half = word >> 32
            scaled = (word & _U32) * excl
        else:
            self._half = None
            scaled = half * excl
        if scaled & _U32 < excl:
            # Rarely, a draw too close to the top is rejected (threshold below excl).
            threshold = (_U32 - span) % excl
            while scaled & _U32 < threshold:
                scaled = self._u32() * excl
        return scaled >> 32

    def integers(self, low: Any, high: Any = None, size: Any = None, **options: Any) -> Any:
        """``Generator.integers``: in Python for one draw between int bounds, else by numpy."""
        if high is None:
            low, high = 0, low
        if not options and type(low) is int and type(high) is int and 0 < high - low <= _U32:
            span = high - low - 1
            if size is None:
                return low + self._upto(span)
            if type(size) is int and size > 0 and self._half is not None and not self._stale:
                # numpy would start from the kept half: those draws are made here and numpy
                # makes the rest, instead of handing the half back (reading and rewriting the
                # bit generator's state costs more than a whole array of draws).
                head = [low + self._upto(span)]
                while self._half is not None and len(head) < size:
                    head.append(low + self._upto(span))
                rest = self._by_numpy("integers", low, high, size - len(head))
                return np.concatenate((np.array(head, dtype=np.int64), rest))
        return self._by_numpy("integers", low, high, size, **options)

    def shuffle(self, x: Any, axis: int = 0) -> None:
        """``Generator.shuffle``: in Python for a list (the same swaps, drawn the same way)."""
        if type(x) is not list or axis != 0:
            return self._by_numpy("shuffle", x, axis)
        if self._stale:
            self._take_back()
        half, raw = self._half, self._raw
        for i in range(len(x) - 1, 0, -1):
            mask = (1 << i.bit_length()) - 1  # below 2**32: the low half of a word, masked
            while True:
                if half is None:
                    word = raw()
                    half, j = word >> 32, word & mask
                else:
                    half, j = None, half & mask
                if j <= i:
                    break
            x[i], x[j] = x[j], x[i]
        self._half = half
        return None

    def _by_numpy(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """The generator's own ``name``, called with the kept half handed back to numpy first."""
        if self._half is not None:
            bit_generator = self._rng.bit_generator
            state = bit_generator.state
            state["has_uint32"], state["uinteger"] = 1, self._half
            bit_generator.state = state
            self._half = None
        self._stale = True
        return getattr(self._rng, name)(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        """Any other generator attribute; methods that may draw 32 bits go by :meth:`_by_numpy`."""
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._rng, name)
        if name in _PASS_THROUGH or not callable(value):
            return value
        return partial(self._by_numpy, name)


def _fast_draws_agree() -> bool:
    """Whether this numpy draws as :class:`ItemDraws` and :func:`_pcg64_first_double` assume.

    Checked once on import; should a numpy release ever change how it draws, the lenses fall
    back to its own generators (and their draws) instead of silently drawing differently.
    """
    seed = np.random.SeedSequence([7, 2024])

    def sample(rng: Any) -> list[Any]:
        deck = list(range(9))
        picks = [int(rng.integers(bound)) for bound in (2, 3, 7, 1000, 2**31 + 1, 3 * 2**30)]
        rng.shuffle(deck)
        spread = rng.integers(3, size=7).tolist()
        return [picks, deck, spread, int(rng.integers(5)), rng.random(), rng.poisson(4.0)]

    first = np.random.Generator(np.random.PCG64(seed)).random()
    if _pcg64_first_double(seed.generate_state(_POOL, np.uint64).tolist()) != first:
        return False
    plain = sample(np.random.Generator(np.random.PCG64(seed)))
    return plain == sample(ItemDraws(np.random.Generator(np.random.PCG64(seed))))


_FAST_DRAWS = _fast_draws_agree()


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
