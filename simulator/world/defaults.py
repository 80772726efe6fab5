"""A small built-in scenario, so ``SmugglingModel()`` builds and runs with no arguments.

It is a toy version of the course case (Sfax → Lampedusa → Sicily; 40 migrants, 20 days), good
for smoke tests and examples. Shipped scenarios live in ``scenarios/*.yaml``.

Examples
--------
>>> scenario = default_scenario()
>>> scenario.id, scenario.migrants.count, scenario.period.days
('default-toy', 40, 20)
>>> tiny_scenario({"migrants": {"count": 5}}).migrants.count
5
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from simulator.scenario.schema import Scenario

__all__ = ["DEFAULT_SCENARIO", "TINY_SCENARIO", "default_scenario", "merge", "tiny_scenario"]

DEFAULT_SCENARIO: dict = {
    "id": "default-toy",
    "title": "Toy crossing (built-in default)",
    "summary": "A small Central Mediterranean crossing used when no scenario is given.",
    "period": {"start": "2024-05-01", "days": 20},
    "places": [
        {"name": "Sfax", "country": "TN", "lat": 34.74, "lon": 10.76, "kind": "departure"},
        {"name": "Lampedusa", "country": "IT", "lat": 35.50, "lon": 12.60, "kind": "crossing"},
        {"name": "Agrigento", "country": "IT", "lat": 37.31, "lon": 13.58, "kind": "destination"},
    ],
    "routes": [
        {
            "name": "sfax-lampedusa",
            "share": 1.0,
            "legs": [
                {
                    "from": "Sfax",
                    "to": "Lampedusa",
                    "mode": "iron_boat",
                    "price": {"min": 1000, "max": 4000, "currency": "EUR"},
                    "duration_hours": {"min": 12, "max": 30},
                    "capacity": {"min": 5, "max": 40},
                    "departures_per_week": 4,
                    "interception": 0.3,
                    "incident": 0.05,
                    "death": 0.2,
                },
                {
                    "from": "Lampedusa",
                    "to": "Agrigento",
                    "mode": "car",
                    "stage": "Sicily",
                    "price": {"min": 150, "max": 400, "currency": "EUR"},
                    "duration_hours": {"min": 3, "max": 8},
                    "capacity": {"min": 1, "max": 6},
                    "departures_per_week": 7,
                    "interception": 0.05,
                    "incident": 0.0,
                    "death": 0.0,
                },
            ],
        }
    ],
    "network": {
        "structure": "cells",
        "roles": {
            "organiser": 2,
            "recruiter": 3,
            "coordinator": 2,
            "transporter": 3,
            "forger": 1,
            "money_broker": 2,
            "safe_house_keeper": 2,
            "cash_courier": 1,
            "corrupt_official": 1,
        },
        "opsec": "medium",
    },
    "migrants": {
        "count": 40,
        "arrival": "steady",
        "origins": [
            {"country": "GN", "share": 0.5, "languages": ["fr"]},
            {"country": "SD", "share": 0.5, "languages": ["ar"]},
        ],
        "budget": {"min": 1500, "max": 5000, "currency": "EUR"},
    },
    "online": {
        "platforms": [
            {"name": "Facegroup", "kind": "social_network", "share": 0.6},
            {"name": "Clipstream", "kind": "short_video", "share": 0.4},
            {"name": "Tradepost", "kind": "marketplace", "share": 0.0},
        ],
        "languages": ["ar", "fr"],
        "vocabulary": [
            {"language": "ar", "words": ["harga", "رحلة", "مضمونة 100%"], "emoji": ["🚤🌊🇮🇹"]},
            {"language": "fr", "words": ["boza", "départ chaque jour", "100% sûr"], "emoji": []},
        ],
        "benign": [
            {"kind": "ngo", "count": 2, "posts_per_week": 2},
            {"kind": "crypto_user", "count": 3, "posts_per_week": 2},
            {"kind": "hawala_customer", "count": 3, "posts_per_week": 1},
        ],
    },
    "interventions": [
        {"kind": "takedown", "day": 8, "platform": "Facegroup", "accounts": 2},
        {"kind": "arrest", "day": 12, "role": "transporter", "count": 1},
        {"kind": "seizure", "day": 15, "role": "money_broker", "what": "hawala_ledger"},
    ],
}


@cache
def default_scenario() -> Scenario:
    """The built-in toy scenario, validated."""
    return Scenario.model_validate(DEFAULT_SCENARIO)


#: The smallest complete world: one leg, one of each working role, no haystack, no interventions.
#: Tests override parts of it with :func:`tiny_scenario`.
TINY_SCENARIO: dict = {
    "id": "tiny",
    "title": "Tiny hand-made world",
    "period": {"start": "2024-01-01", "days": 20},
    "places": [
        {"name": "Port", "country": "TN", "lat": 34.7, "lon": 10.7, "kind": "departure"},
        {"name": "Island", "country": "IT", "lat": 35.5, "lon": 12.6, "kind": "destination"},
    ],
    "routes": [
        {
            "name": "crossing",
            "legs": [
                {
                    "from": "Port",
                    "to": "Island",
                    "mode": "small_boat",
                    "price": {"min": 1000, "max": 2000, "currency": "EUR"},
                    "duration_hours": {"min": 10, "max": 20},
                    "capacity": {"min": 1, "max": 10},
                    "departures_per_week": 70,
                    "interception": 0.0,
                    "incident": 0.0,
                    "death": 0.0,
                }
            ],
        }
    ],
    "network": {
        "structure": "cells",
        "opsec": "low",
        "roles": {
            "organiser": 1,
            "recruiter": 1,
            "coordinator": 1,
            "transporter": 1,
            "forger": 0,
            "money_broker": 1,
            "safe_house_keeper": 1,
            "cash_courier": 0,
            "corrupt_official": 0,
        },
    },
    "migrants": {
        "count": 2,
        "origins": [{"country": "GN", "share": 1.0, "languages": ["fr"]}],
        "budget": {"min": 5000, "max": 6000, "currency": "EUR"},
        "family_payers": 0.0,
        "word_of_mouth": 0.0,
        "retry": 0.0,
    },
    "online": {
        "platforms": [{"name": "Facegroup", "kind": "social_network", "share": 1.0}],
        "languages": ["fr"],
        "vocabulary": [{"language": "fr", "words": ["boza"], "emoji": []}],
        "adverts": {"per_recruiter_per_week": 14},
    },
    "money": {"channels": {"hawala": 0.0, "crypto": 0.0, "money_transfer": 0.0, "cash": 1.0}},
}


def merge(base: dict, overrides: dict) -> dict:
    """A deep copy of ``base`` with ``overrides`` merged in (dicts merge, everything else replaces).

    >>> merge({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}})
    {'a': {'b': 1, 'c': 3}}
    """
    result = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def tiny_scenario(overrides: dict[str, Any] | None = None) -> Scenario:
    """:data:`TINY_SCENARIO` with ``overrides`` merged in, validated."""
    return Scenario.model_validate(merge(TINY_SCENARIO, overrides or {}))
