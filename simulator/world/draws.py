"""Small, fast random draws for per-event decisions (numpy's ``choice`` is slow for one item).

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> weights = cumulative([0.5, 0.3, 0.2])
>>> 0 <= pick(rng, weights) < 3
True
>>> picks = sample(rng, 10, 3)
>>> len(set(picks)) == 3 and picks == sorted(picks)
True
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import numpy as np

__all__ = ["cumulative", "pick", "sample"]


def cumulative(weights: Sequence[float]) -> np.ndarray:
    """Normalised cumulative weights, for :func:`pick`.

    >>> cumulative([1, 1, 2]).tolist()
    [0.25, 0.5, 1.0]
    """
    array = np.cumsum(np.asarray(weights, dtype=float))
    return array / array[-1]


def pick(rng: np.random.Generator, cumulative_weights: np.ndarray) -> int:
    """An index drawn with the weights behind ``cumulative_weights``."""
    draw = rng.random()
    last = len(cumulative_weights) - 1
    if cumulative_weights[last] == cumulative_weights[last]:
        # No NaN (a cumulative sum carries one to its end): bisect finds what searchsorted(side=
        # "right") finds, comparing the same doubles, without numpy's call overhead (the search
        # costs a fifth).
        index = bisect_right(cumulative_weights, draw)
    else:  # numpy sorts NaN last; bisect would not: keep numpy's answer
        index = int(cumulative_weights.searchsorted(draw, side="right"))
    return min(index, last)


def sample(rng: np.random.Generator, n: int, k: int) -> list[int]:
    """``k`` distinct indices below ``n`` (all of them, in order, if ``k >= n``), sorted."""
    if k >= n:
        return list(range(n))
    chosen: list[int] = []
    while len(chosen) < k:
        index = int(rng.integers(n))
        if index not in chosen:
            chosen.append(index)
    return sorted(chosen)
