"""ItemRandom: one stream per item name, and each kind of draw distributed as its numpy namesake."""

from __future__ import annotations

import math
from collections import Counter
from itertools import permutations

import numpy as np
import pytest

from simulator.observers.item_random import ItemRandom, item_random, item_state


def chi_square(counts: Counter, categories: list, total: int) -> float:
    expected = total / len(categories)
    return sum((counts.get(k, 0) - expected) ** 2 / expected for k in categories)


def limit(df: int) -> float:
    """Above the 99.9 % quantile of chi-square with ``df`` degrees of freedom (roughly)."""
    return df + 5 * df**0.5 + 10


def test_a_name_gives_one_stream_and_other_names_or_seeds_other_streams():
    first = [item_random(7, "post", "AD1").integers(1000) for _ in range(3)]
    assert len(set(first)) == 1  # a fresh stream each time, the same first draw
    again = item_random(7, "post", "AD1")
    draws = [again.integers(10**6) for _ in range(20)]
    assert draws == [r.integers(10**6) for r in [item_random(7, "post", "AD1")] for _ in range(20)]
    assert item_state(7, "post", "AD1") != item_state(7, "post", "AD2")
    assert item_state(7, "post", "AD1") != item_state(8, "post", "AD1")
    # The parts are kept apart: ("ab", "c") is not ("a", "bc").
    assert item_state(7, "ab", "c") != item_state(7, "a", "bc")


@pytest.mark.parametrize("bound", [2, 3, 7, 37, 1000])
def test_integers_are_uniform_and_in_range(bound):
    rng, total = ItemRandom(11), 20_000
    values = [rng.integers(5, 5 + bound) for _ in range(total)]
    assert min(values) >= 5 and max(values) < 5 + bound
    assert chi_square(Counter(values), list(range(5, 5 + bound)), total) < limit(bound - 1)


def test_a_bound_above_32_bits_stays_uniform():
    # Drawn from two doubles' bits; one double's 53 bits would leave most values unreachable.
    bound, rng, total = 3 * 2**62, ItemRandom(3), 30_000
    values = [rng.integers(bound) for _ in range(total)]
    thirds = Counter(v // 2**62 for v in values)
    assert set(thirds) == {0, 1, 2}
    assert chi_square(thirds, [0, 1, 2], total) < limit(2)
    # Fine structure too: with too few bits, some residues would come up more often.
    assert chi_square(Counter(v % 3 for v in values), [0, 1, 2], total) < limit(2)


def test_scalars_and_refusals():
    rng = ItemRandom(5)
    assert isinstance(rng.integers(4), int) and isinstance(rng.random(), float)
    with pytest.raises(ValueError, match="high <= low"):
        rng.integers(4, 4)
    with pytest.raises(ValueError, match="non-negative"):
        rng.poisson(-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        rng.poisson(float("nan"))


def test_doubles_uniform_and_exponential_means():
    rng, total = ItemRandom(8), 40_000
    doubles = [rng.random() for _ in range(total)]
    assert min(doubles) >= 0.0 and max(doubles) < 1.0
    deciles = Counter(int(d * 10) for d in doubles)
    assert chi_square(deciles, list(range(10)), total) < limit(9)
    spread = [rng.uniform(1.0, 1.6) for _ in range(total)]
    assert min(spread) >= 1.0 and max(spread) < 1.6
    assert abs(sum(spread) / total - 1.3) < 0.005
    waits = [rng.exponential(3.0) for _ in range(total)]
    assert min(waits) >= 0 and abs(sum(waits) / total - 3.0) < 4 * 3.0 / total**0.5


def test_normal_and_lognormal_moments():
    rng, total = ItemRandom(21), 40_000
    values = np.array([rng.normal(2.0, 3.0) for _ in range(total)])
    assert abs(values.mean() - 2.0) < 4 * 3.0 / total**0.5
    assert abs(values.std() - 3.0) < 0.06
    logs = np.log([rng.lognormal(-2.5, 0.9) for _ in range(total)])
    assert abs(logs.mean() + 2.5) < 4 * 0.9 / total**0.5
    assert abs(logs.std() - 0.9) < 0.02


@pytest.mark.parametrize("lam", [0.05, 0.4, 3.0, 9.99, 10.0, 47.5, 900.0])
def test_poisson_counts_have_the_mean_and_variance_of_lam(lam):
    # Both methods: multiplying uniforms below 10, transformed rejection from 10 on.
    rng, total = ItemRandom(int(lam * 100)), 40_000
    counts = np.array([rng.poisson(lam) for _ in range(total)])
    assert counts.min() >= 0 and all(isinstance(c, int) for c in counts.tolist()[:5])
    assert abs(counts.mean() - lam) < 4.5 * math.sqrt(lam / total)
    assert abs(counts.var() / lam - 1.0) < 0.05
    assert ItemRandom(1).poisson(0.0) == 0


def test_poisson_probabilities_match_the_distribution_for_a_large_mean():
    lam, rng, total = 20.0, ItemRandom(4), 40_000
    counts = Counter(rng.poisson(lam) for _ in range(total))
    # Cells from 12 to 28 each hold more than 1 % of the mass; the tails are pooled.
    cells = list(range(12, 29))
    expected = {k: total * math.exp(-lam + k * math.log(lam) - math.lgamma(k + 1)) for k in cells}
    statistic = sum((counts.get(k, 0) - e) ** 2 / e for k, e in expected.items())
    assert statistic < limit(len(cells) - 1)


def test_shuffles_give_every_order_alike():
    rng, total = ItemRandom(13), 30_000
    orders = []
    for _ in range(total):
        deck = ["a", "b", "c"]
        rng.shuffle(deck)
        orders.append(tuple(deck))
    assert chi_square(Counter(orders), list(permutations("abc")), total) < limit(5)
