"""Scale a scenario up (or down) by one factor: the large benchmark case without a second file.

A ``scenarios/large.yaml`` would be picked up by every test that globs ``scenarios/*.yaml`` (the
identifier scan simulates each shipped scenario in full), so the large case is a shipped scenario
times a factor instead. What grows with the factor is what sets the volume of a case: migrants,
the benign haystack and the trips the network can launch. For factors above one the network grows
too (role counts and cells per stage, by the same factor unless that passes the schema's cap on a
network's size, then by the largest factor that fits), as several rings working the same routes;
below one it is kept as it is, so a tiny test world still has every role.

>>> from simulator.world.defaults import default_scenario
>>> base = default_scenario()
>>> big = scale_scenario(base, 10)
>>> big.migrants.count == 10 * base.migrants.count
True
>>> scale_scenario(base, 1) == base
True
"""

from __future__ import annotations

import math
from typing import Any

from simulator.scenario.schema import MAX_MIGRANTS, MAX_ROLE_COUNT, Scenario

__all__ = ["LARGE_CASE_BACKGROUND", "scale_scenario", "scaled_count", "with_background"]

#: Schema limits the scaled values must respect (see ``simulator/scenario/schema.py``).
MAX_CELLS_PER_STAGE = 20
MAX_DEPARTURES_PER_WEEK = 100.0
MAX_BENIGN = 100_000
MAX_CUSTOMERS = 2_000_000

#: Ordinary customers' traffic the benchmark's large case adds to its base scenario before scaling
#: (``money.background``; shipped scenarios have none, so their exercises stay as taught): 600
#: payments a day beside channel.yaml's 800 migrants, about six times the network's own, so that at
#: x125 the case holds over 5 million payments, the size of IBM's AMLworld HI-Small set.
LARGE_CASE_BACKGROUND: dict[str, float] = {
    "customers": 2000,
    "chain_transfers_per_day": 400.0,
    "remittances_per_day": 200.0,
}
#: The schema's cap on a network's total size (``Network`` validator).
MAX_MEMBERS = 2 * MAX_ROLE_COUNT


def scaled_count(value: int, factor: float, *, low: int = 0, high: int | None = None) -> int:
    """``value`` times ``factor``, rounded, kept in ``[low, high]``; zero stays zero.

    >>> scaled_count(800, 125), scaled_count(3, 0.1, low=1), scaled_count(0, 50)
    (100000, 1, 0)
    """
    if value == 0:
        return 0
    result = max(low, round(value * factor))
    return result if high is None else min(high, result)


def _scaled_network(network: dict[str, Any], factor: float) -> None:
    # Only grown: a scaled-down network could lose a role the model needs.
    if factor <= 1:
        return
    roles = network["roles"]
    total = sum(roles.values())
    # Largest factor whose rounded counts still fit the cap (rounding may add one per role).
    factor = min(factor, (MAX_MEMBERS - len(roles)) / max(total, 1))
    for role, count in roles.items():
        roles[role] = scaled_count(count, factor, high=MAX_ROLE_COUNT)
    cells = network.get("cells_per_stage", 1)
    network["cells_per_stage"] = min(MAX_CELLS_PER_STAGE, math.ceil(cells * factor))


def with_background(scenario: Scenario, background: dict[str, float] | None) -> Scenario:
    """``scenario`` with ``money.background`` set to ``background`` (unchanged if ``None``).

    >>> from simulator.world.defaults import default_scenario
    >>> with_background(default_scenario(), LARGE_CASE_BACKGROUND).money.background.customers
    2000
    """
    if background is None:
        return scenario
    data = scenario.model_dump(mode="json", by_alias=True)
    data["money"]["background"] = dict(background)
    return Scenario.model_validate(data)


def scale_scenario(scenario: Scenario, factor: float, rings: int = 1) -> Scenario:
    """A copy of ``scenario`` with its volume multiplied by ``factor`` (validated again).

    With ``rings`` above one, the scenario one ring of a world of that many plays
    (``tracelab generate --rings``): the whole world is scaled first, caps included, then each
    ring gets its share of the migrants, benign actors, departures and network, so the rings
    together are as big as one scaled world. The ordinary customers belong to no ring and keep
    the whole volume.

    >>> from simulator.world.defaults import default_scenario
    >>> base = with_background(default_scenario(), LARGE_CASE_BACKGROUND)
    >>> whole, ring = scale_scenario(base, 10), scale_scenario(base, 10, rings=2)
    >>> ring.migrants.count * 2 == whole.migrants.count
    True
    >>> ring.money.background == whole.money.background
    True

    Parameters
    ----------
    scenario
        A validated scenario.
    factor
        Greater than zero; ``1`` returns the scenario unchanged.
    rings
        Rings the volume is shared between (at least 1).

    Returns
    -------
    Scenario
        Same id (the case folder names it), with migrants, benign actors, ordinary customers and
        their daily payments, and departures per week multiplied, and for ``factor > 1`` the
        network's role counts and cells per stage too.
    """
    if not factor > 0:
        raise ValueError(f"scale factor must be greater than 0, got {factor}")
    if rings < 1:
        raise ValueError(f"rings must be at least 1, got {rings}")
    if factor == 1 and rings == 1:
        return scenario
    data = scenario.model_dump(mode="json", by_alias=True)
    data["migrants"]["count"] = scaled_count(
        data["migrants"]["count"], factor, low=1, high=MAX_MIGRANTS
    )
    for actor in data["online"]["benign"]:
        actor["count"] = scaled_count(actor["count"], factor, high=MAX_BENIGN)
    background = data["money"]["background"]
    background["customers"] = scaled_count(background["customers"], factor, high=MAX_CUSTOMERS)
    for key in ("chain_transfers_per_day", "remittances_per_day"):
        background[key] = background[key] * factor
    for route in data["routes"]:
        for leg in route["legs"]:
            weekly = leg["departures_per_week"] * factor
            leg["departures_per_week"] = min(MAX_DEPARTURES_PER_WEEK, weekly)
    _scaled_network(data["network"], factor)
    if rings > 1:
        _ring_share(data, rings)
    return Scenario.model_validate(data)


def _ring_share(data: dict[str, Any], rings: int) -> None:
    """One ring's share of a scaled world (in place); every role a ring needs keeps one member."""
    data["migrants"]["count"] = scaled_count(data["migrants"]["count"], 1 / rings, low=1)
    for actor in data["online"]["benign"]:
        actor["count"] = scaled_count(actor["count"], 1 / rings)
    for route in data["routes"]:
        for leg in route["legs"]:
            leg["departures_per_week"] = leg["departures_per_week"] / rings
    network = data["network"]
    for role, count in network["roles"].items():
        network["roles"][role] = scaled_count(count, 1 / rings, low=1)
    network["cells_per_stage"] = math.ceil(network.get("cells_per_stage", 1) / rings)
