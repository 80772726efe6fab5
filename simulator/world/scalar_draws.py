"""Cheap scalar draws for code that makes many small random choices one at a time.

A numpy ``Generator`` spends one to three microseconds parsing the arguments of every scalar
call (``rng.integers(10)``, ``rng.bytes(16)``), far more than the draw itself. An identifier is
a handful of such draws, and a large world draws millions of identifiers. :class:`ScalarDraws`
makes the same kinds of draws from Python's Mersenne Twister, seeded once from the numpy stream
it replaces, at a fraction of the cost (ten digits: 8.8 us -> 1.2 us).

Every draw is built on ``getrandbits`` alone (the generator's raw 32-bit words), never on
``random.randrange``, ``choice`` or ``shuffle``: Python promises the same ``random()`` sequence
for the same seed in every version, and ``random()`` is made of those same words, but the
helpers' ways of turning words into values have changed between versions.

>>> import numpy as np
>>> draws = ScalarDraws(np.random.default_rng(7))
>>> again = ScalarDraws(np.random.default_rng(7))
>>> [draws.below(6) for _ in range(5)] == [again.below(6) for _ in range(5)]
True
>>> len(draws.digits(12)), draws.digits(12).isdigit()
(12, True)
>>> 10 <= draws.between(10, 20) < 20
True
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

__all__ = ["ScalarDraws"]

#: 2 ** 53: a double has 53 bits of mantissa.
_DOUBLE_STEPS = float(1 << 53)


class ScalarDraws:
    """Uniform integers, doubles, digit strings, bytes, picks and shuffles, one at a time.

    Parameters
    ----------
    rng
        The numpy stream these draws stand in for; 32 bytes of it seed the generator, so the
        draws are as reproducible as the stream (same seed, same draws, on every machine).
    """

    __slots__ = ("_bits",)

    def __init__(self, rng: np.random.Generator) -> None:
        self._bits = random.Random(int.from_bytes(rng.bytes(32), "big")).getrandbits

    def below(self, n: int) -> int:
        """A whole number in ``[0, n)``, each equally likely (``n`` >= 1).

        >>> import numpy as np
        >>> draws = ScalarDraws(np.random.default_rng(1))
        >>> sorted({draws.below(3) for _ in range(200)})
        [0, 1, 2]
        """
        if n <= 0:
            raise ValueError(f"below() needs a positive bound, got {n}")
        # Rejection on the bound's bit length: unbiased, and fewer than two tries on average.
        width = n.bit_length()
        value = self._bits(width)
        while value >= n:
            value = self._bits(width)
        return value

    def between(self, low: int, high: int) -> int:
        """A whole number in ``[low, high)``, like ``rng.integers(low, high)``."""
        return low + self.below(high - low)

    def random(self) -> float:
        """A double in ``[0, 1)`` from 53 random bits."""
        return self._bits(53) / _DOUBLE_STEPS

    def digits(self, count: int) -> str:
        """``count`` random decimal digits (leading zeros kept), in one draw.

        >>> import numpy as np
        >>> len(ScalarDraws(np.random.default_rng(2)).digits(4))
        4
        """
        return f"{self.below(10**count):0{count}d}"

    def bytes(self, count: int) -> bytes:
        """``count`` random bytes."""
        return self._bits(8 * count).to_bytes(count, "little")

    def pick[T](self, items: Sequence[T]) -> T:
        """One of ``items``, each equally likely."""
        return items[self.below(len(items))]

    def shuffled_range(self, n: int) -> list[int]:
        """``0 .. n-1`` in random order (Fisher-Yates).

        >>> import numpy as np
        >>> sorted(ScalarDraws(np.random.default_rng(3)).shuffled_range(5))
        [0, 1, 2, 3, 4]
        """
        order = list(range(n))
        for i in range(n - 1, 0, -1):
            j = self.below(i + 1)
            order[i], order[j] = order[j], order[i]
        return order
