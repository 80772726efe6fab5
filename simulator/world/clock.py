"""Simulated time: Mesa time is in days; events are stamped in whole seconds from the period start.

Times of day are drawn from daily activity profiles (people message in the evening, boats leave at
night, offices work by day), so traces have the rhythm a real source shows.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> 0 <= time_of_day(rng, "night") < 86_400
True
>>> seconds(2.5)
216000
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from simulator.world.events import DAY

__all__ = ["PROFILES", "at", "seconds", "time_of_day", "times_of_day"]

#: Hour weights per profile (24 values). Modelling choice: smooth, plausible daily rhythms.
PROFILES: dict[str, np.ndarray] = {
    # Awake people: little at night, peaks late morning and evening.
    "waking": np.array(
        [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 6, 4, 2],
        dtype=float,
    ),
    # Sea departures and border walks: dusk to early morning.
    "night": np.array(
        [6, 6, 5, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 6, 7, 7], dtype=float
    ),
    # Offices, brokers, money-transfer counters.
    "office": np.array(
        [0, 0, 0, 0, 0, 0, 0, 0.5, 2, 4, 4, 4, 3, 3, 4, 4, 4, 3, 2, 1, 0.5, 0, 0, 0], dtype=float
    ),
    # Road legs leave at any hour, a little more at dawn.
    "road": np.array(
        [2, 2, 2, 2, 3, 4, 4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], dtype=float
    ),
}
_CUMULATIVE = {name: np.cumsum(weights) / weights.sum() for name, weights in PROFILES.items()}
#: The same bounds as Python floats: bisecting the list finds what ``searchsorted(side="right")``
#: finds (the same doubles compared; no NaN), for a tenth of numpy's cost for one value.
_BOUNDS = {name: bounds.tolist() for name, bounds in _CUMULATIVE.items()}


def time_of_day(rng: np.random.Generator, profile: str = "waking") -> int:
    """Seconds after midnight drawn from a daily profile."""
    hour = bisect_right(_BOUNDS[profile], rng.random())
    return min(hour, 23) * 3600 + int(rng.integers(3600))


def times_of_day(rng: np.random.Generator, n: int, profile: str = "waking") -> np.ndarray:
    """``n`` seconds-after-midnight drawn at once (for bulk records).

    >>> times_of_day(np.random.default_rng(0), 3).shape
    (3,)
    """
    hours = np.minimum(_CUMULATIVE[profile].searchsorted(rng.random(n), side="right"), 23)
    return hours * 3600 + rng.integers(0, 3600, size=n)


def at(day: int, second_of_day: int) -> float:
    """Mesa time (days) of a second within a day.

    >>> at(3, 43_200)
    3.5
    """
    return day + second_of_day / DAY


def seconds(model_time: float) -> int:
    """Whole seconds since the period start for a Mesa time in days."""
    return round(model_time * DAY)
