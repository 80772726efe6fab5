"""Trip outcomes happen at the rates the scenario's leg risks say (a statistical test).

Tolerance: each observed rate must lie within 4 binomial standard errors of the leg's probability
(a false alarm about once in 16,000 runs; the seed is fixed, so the test is also repeatable).
"""

from __future__ import annotations

import json
import math

import pytest

from simulator.world import simulate
from simulator.world.defaults import tiny_scenario

LEG = {
    "from": "Port",
    "to": "Island",
    "mode": "small_boat",
    "price": {"min": 1000, "max": 2000},
    "duration_hours": {"min": 1, "max": 2},
    "capacity": {"min": 1, "max": 3},
    "departures_per_week": 100,
    "interception": 0.3,
    "incident": 0.2,
    "death": 0.25,
}
MANY = {
    "period": {"days": 30},
    "routes": [{"name": "crossing", "legs": [LEG]}],
    "network": {"roles": {"transporter": 10}},
    "migrants": {"count": 1500, "retry": 0.0},
    "online": {"adverts": {"per_recruiter_per_week": 0}},
}


def within(successes: int, trials: int, p: float, sigmas: float = 4.0) -> bool:
    """True when successes/trials is within ``sigmas`` binomial standard errors of ``p``."""
    if trials == 0:
        return False
    se = math.sqrt(p * (1 - p) / trials)
    return abs(successes / trials - p) <= sigmas * se


@pytest.fixture(scope="module")
def world():
    return simulate(tiny_scenario(MANY), seed=31)


def test_interceptions_incidents_and_deaths_follow_the_leg_risks(world):
    events = world.tables["events"]
    departures = events[events.kind == "departure"]
    trips = departures.groupby("trip_id").size()
    intercepted = set(events[events.kind == "interception"].trip_id)
    incidents = events[events.kind == "incident"]
    n_trips = len(trips)
    assert n_trips > 250
    assert within(len(intercepted), n_trips, LEG["interception"])
    assert within(len(incidents), n_trips - len(intercepted), LEG["incident"])
    aboard = int(trips[incidents.trip_id].sum())
    deaths = sum(json.loads(d)["deaths"] for d in incidents.detail)
    assert within(deaths, aboard, LEG["death"])
    assert deaths == (events.kind == "death").sum()


def test_every_trip_ends_one_way(world):
    events = world.tables["events"]
    ended = events[events.kind.isin({"leg_arrival", "death"})].groupby("trip_id").size()
    intercepted = set(events[events.kind == "interception"].trip_id)
    departed = events[events.kind == "departure"].groupby("trip_id").size()
    for trip, size in departed.items():
        if trip in intercepted:
            assert trip not in ended.index
        else:
            assert ended.get(trip, 0) == size or trip in set(
                world.tables["journeys"].query("outcome == 'in_transit'").trip_id
            )


def test_the_statistic_can_fail():
    assert not within(50, 100, 0.3)
    assert within(31, 100, 0.3)
