"""Random draws of one item (a post, a comment, an account): cheap streams keyed by name.

The public lenses draw for every post, comment and account from a stream of its own, so adding
one advert never changes another. A numpy ``Generator`` costs about 8 microseconds to build and a
few more for every scalar call, and a post needs four streams of a dozen scalar draws each: at
100,000 migrants that was a fifth of the platforms lens. :class:`ItemRandom` draws from SplitMix64
(Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the
generator of Java's ``SplittableRandom``), whose whole state is one 64-bit integer. A stream
starts from a hash of the item's name; many names are hashed, and their streams' first draws
computed, at once (:func:`item_states`, :func:`first_doubles`).

It answers the ``numpy.random.Generator`` calls the lenses make (``random``, ``integers``,
``uniform``, ``exponential``, ``normal``, ``lognormal``, ``poisson``, ``shuffle``; one draw a
call), with the same meaning but its own values.

>>> rng = item_random(7, "post", "AD000001")
>>> again = item_random(7, "post", "AD000001")
>>> [rng.integers(10) for _ in range(5)] == [again.integers(10) for _ in range(5)]
True
>>> item_random(7, "post", "AD000002").random() != item_random(7, "post", "AD000001").random()
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Draws", "ItemRandom", "first_doubles", "item_random", "item_state", "item_states"]

_MASK64 = (1 << 64) - 1
_GAMMA = 0x9E37_79B9_7F4A_7C15  # SplitMix64's increment: 2**64 over the golden ratio, odd
_MIX_A, _MIX_B = 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB
_UNIT = 2.0**-53  # a double from the top 53 bits of an output
_TWO_PI = 2.0 * math.pi
_TWO_53 = float(2**53)
_SMALL_BOUND = 2**32
#: Below this mean a Poisson count is drawn by multiplying uniforms (expected mean + 1 draws);
#: from it on, by transformed rejection (about 1.2 pairs of draws whatever the mean).
_POISSON_SMALL = 10.0


def item_states(seed: int | None, keys: Iterable[tuple[str, ...]]) -> np.ndarray:
    """The 64-bit starts of the streams named by ``keys`` under the case ``seed``.

    A start is pandas' SipHash of the name (``pandas.util.hash_array``, with its fixed key;
    pandas is pinned, and these hashes are part of what a seed means), for many names at once.

    >>> starts = item_states(7, [("post", "AD1"), ("post", "AD2")])
    >>> starts.dtype, len(set(starts.tolist()))
    (dtype('uint64'), 2)
    """
    prefix = f"{seed}\x1f"
    names = np.array([prefix + "\x1f".join(key) for key in keys], dtype=object)
    return pd.util.hash_array(names, categorize=False)


def item_state(seed: int | None, *parts: str) -> int:
    """The 64-bit start of the stream named ``parts`` under the case ``seed``.

    >>> item_state(7, "post", "AD1") == item_state(7, "post", "AD1") != item_state(8, "post", "AD1")
    True
    >>> item_state(7, "post", "AD1") == int(item_states(7, [("post", "AD1")])[0])
    True
    """
    return int(item_states(seed, [parts])[0])


def item_random(seed: int | None, *parts: str) -> ItemRandom:
    """The draws of the item named ``parts`` under the case ``seed``."""
    return ItemRandom(item_state(seed, *parts))


def first_doubles(states: np.ndarray, count: int) -> np.ndarray:
    """The first ``count`` doubles of the streams starting at ``states``, an (n, count) array.

    SplitMix64 in numpy's wrapping 64-bit arithmetic, for many streams at once: Python's own
    integers would cost about a microsecond a draw, being wider than a machine word.

    >>> row = first_doubles(np.array([item_state(7, "a")], dtype=np.uint64), 3)[0].tolist()
    >>> rng = item_random(7, "a")
    >>> row == [rng.random() for _ in range(3)]
    True
    """
    steps = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(_GAMMA)
    mixed = np.asarray(states, dtype=np.uint64)[:, None] + steps
    mixed = (mixed ^ (mixed >> np.uint64(30))) * np.uint64(_MIX_A)
    mixed = (mixed ^ (mixed >> np.uint64(27))) * np.uint64(_MIX_B)
    mixed ^= mixed >> np.uint64(31)
    return (mixed >> np.uint64(11)).astype(np.float64) * _UNIT


class ItemRandom:
    """SplitMix64 draws with the ``numpy.random.Generator`` methods the public lenses use.

    Every draw is made of the stream's doubles in turn (a double is the top 53 bits of an
    output); ``doubles`` may hand over the first ones, computed for many items at once by
    :func:`first_doubles`, and the stream is the same either way. Draws are one at a time and
    Python numbers (the lenses make no array draws).

    >>> rng = ItemRandom(2024)
    >>> 0.0 <= rng.random() < 1.0, 3 <= rng.integers(3, 9) < 9, rng.poisson(0.0)
    (True, True, 0)
    >>> deck = list(range(6)); rng.shuffle(deck); sorted(deck)
    [0, 1, 2, 3, 4, 5]
    """

    __slots__ = ("_doubles", "_start", "_taken")

    def __init__(self, state: int, doubles: list[float] | None = None) -> None:
        self._start = state & _MASK64
        self._doubles = doubles or []
        self._taken = 0

    def _double(self) -> float:
        """The stream's next double."""
        taken = self._taken
        self._taken = taken + 1
        if taken < len(self._doubles):
            return self._doubles[taken]
        # The output after taken + 1 steps of the state, made in Python (past the handed ones).
        state = (self._start + (taken + 1) * _GAMMA) & _MASK64
        state = ((state ^ (state >> 30)) * _MIX_A) & _MASK64
        state = ((state ^ (state >> 27)) * _MIX_B) & _MASK64
        return ((state ^ (state >> 31)) >> 11) * _UNIT

    def _below(self, bound: int) -> int:
        """A uniform integer in ``[0, bound)``.

        A double has 53 random bits: ``floor(u * bound)`` makes some values likelier than others
        by at most ``bound / 2**53`` (relative), below one in two million for a bound of at most
        2**32. Larger bounds take the top bits of two doubles (106 bits).
        """
        if bound <= _SMALL_BOUND:
            return int(self._double() * bound)
        bits = int(self._double() * _TWO_53) << 53 | int(self._double() * _TWO_53)
        return (bits * bound) >> 106

    def random(self) -> float:
        """A uniform double in ``[0, 1)``."""
        return self._double()

    def integers(self, low: int, high: int | None = None) -> int:
        """A uniform integer in ``[low, high)`` (in ``[0, low)`` when ``high`` is omitted)."""
        if high is None:
            low, high = 0, low
        low, bound = int(low), int(high) - int(low)
        if bound <= 0:
            raise ValueError(f"high <= low ({high} <= {low})")
        return low + self._below(bound)

    def uniform(self, low: float = 0.0, high: float = 1.0) -> float:
        """A uniform double in ``[low, high)``."""
        return low + (high - low) * self._double()

    def exponential(self, scale: float = 1.0) -> float:
        """An exponential draw of mean ``scale`` (by inversion)."""
        return -scale * math.log1p(-self._double())

    def normal(self, loc: float = 0.0, scale: float = 1.0) -> float:
        """A normal draw (Box-Muller; the pair's second value is not kept)."""
        radius = math.sqrt(-2.0 * math.log(1.0 - self._double()))  # 1 - u is in (0, 1]
        return loc + scale * radius * math.cos(_TWO_PI * self._double())

    def lognormal(self, mean: float = 0.0, sigma: float = 1.0) -> float:
        """``exp`` of a normal draw of ``mean`` and ``sigma``."""
        return math.exp(self.normal(mean, sigma))

    def poisson(self, lam: float = 1.0) -> int:
        """A Poisson count of mean ``lam``.

        Small means multiply uniforms until the product falls below ``exp(-lam)``; larger ones
        take Hörmann's transformed rejection with squeeze (PTRS; "The transformed rejection
        method for generating Poisson random variables", 1993), as numpy does.
        """
        if not lam >= 0.0:  # also refuses NaN
            raise ValueError(f"lam must be a non-negative number, not {lam}")
        if lam == 0.0:
            return 0
        if lam < _POISSON_SMALL:
            limit, product, count = math.exp(-lam), self._double(), 0
            while product > limit:
                product *= self._double()
                count += 1
            return count
        return self._poisson_ptrs(lam)

    def _poisson_ptrs(self, lam: float) -> int:
        root, log_lam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * root
        a = -0.059 + 0.02483 * b
        log_alpha = math.log(1.1239 + 1.1328 / (b - 3.4))
        accept_at = 0.9277 - 3.6224 / (b - 2.0)
        while True:
            u = self._double() - 0.5
            v = self._double()
            us = 0.5 - abs(u)
            k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= accept_at:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            left = math.log(v) + log_alpha - math.log(a / (us * us) + b)
            if left <= -lam + k * log_lam - math.lgamma(k + 1.0):
                return k

    def shuffle(self, x: list[Any]) -> None:
        """Shuffle a list in place (Fisher-Yates)."""
        for i in range(len(x) - 1, 0, -1):
            j = self._below(i + 1)
            x[i], x[j] = x[j], x[i]


#: What the writers of public text accept: an item's draws, or a numpy generator.
Draws = ItemRandom | np.random.Generator
