"""ScalarDraws: reproducible from the numpy stream, and each kind of draw uniform over its range."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from simulator.world.scalar_draws import ScalarDraws


def draws(seed: int = 5) -> ScalarDraws:
    return ScalarDraws(np.random.default_rng(seed))


def chi_square(counts: Counter, categories: int, total: int) -> float:
    expected = total / categories
    return sum((counts.get(k, 0) - expected) ** 2 / expected for k in range(categories))


def test_same_stream_same_draws_other_stream_other_draws():
    a, b, c = draws(5), draws(5), draws(6)
    first = [a.below(1000) for _ in range(50)]
    assert first == [b.below(1000) for _ in range(50)]
    assert first != [c.below(1000) for _ in range(50)]


def test_seeding_takes_from_the_numpy_stream_once():
    rng, copy = np.random.default_rng(9), np.random.default_rng(9)
    ScalarDraws(rng)
    copy.bytes(32)
    assert rng.random() == copy.random()


@pytest.mark.parametrize("bound", [1, 3, 10, 37, 1000])
def test_below_is_uniform_and_in_range(bound):
    source, total = draws(), 20_000
    values = [source.below(bound) for _ in range(total)]
    assert min(values) >= 0 and max(values) < bound
    if bound > 1:
        # 99.9 % quantile of chi-square with bound - 1 degrees of freedom, roughly: df + 5 sqrt(df)
        df = bound - 1
        assert chi_square(Counter(values), bound, total) < df + 5 * df**0.5 + 10


def test_below_refuses_an_empty_range():
    with pytest.raises(ValueError, match="positive bound"):
        draws().below(0)


def test_between_random_bytes_digits_and_shuffles():
    source = draws()
    assert {source.between(-2, 3) for _ in range(500)} == {-2, -1, 0, 1, 2}
    doubles = [source.random() for _ in range(10_000)]
    assert min(doubles) >= 0.0 and max(doubles) < 1.0
    assert 0.48 < sum(doubles) / len(doubles) < 0.52
    assert all(len(source.bytes(k)) == k for k in (0, 1, 16, 20))
    numbers = [source.digits(6) for _ in range(2_000)]
    assert all(len(n) == 6 and n.isdigit() for n in numbers)
    # Leading zeros are kept: about a tenth of the numbers start with one.
    assert 120 < sum(n[0] == "0" for n in numbers) < 290
    order = source.shuffled_range(50)
    assert sorted(order) == list(range(50)) and order != list(range(50))
    assert source.pick(("a",)) == "a"
