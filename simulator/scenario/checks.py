"""Cross-section checks of a scenario: names that must be unique, references that must resolve.

Each check needs only some top-level sections and runs whenever those are valid, even if other
sections are broken, so one run reports every problem. A problem is a key path plus a message; the
loader turns the path into a file and line, :class:`~simulator.scenario.schema.Scenario` turns the
list into one ``ValueError`` when built from Python.

This module reads sections by attribute only and imports nothing from the schema, which imports it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["SHARE_TOLERANCE", "SLUG", "Problem", "check_shares", "cross_checks", "suggest"]

#: A safe slug: lowercase letters and digits in words joined by single hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Shares may miss 1 by a millionth (rounding in hand-written decimals).
SHARE_TOLERANCE = 1e-6

Problem = tuple[tuple[str | int, ...], str]


def check_shares(items: list[Any] | dict[str, float], what: str) -> None:
    """Raise ``ValueError`` unless the shares add up to 1 (within a millionth).

    >>> check_shares({"a": 0.25, "b": 0.75}, "channel shares")
    >>> check_shares({"a": 0.5}, "channel shares")
    Traceback (most recent call last):
    ...
    ValueError: channel shares add up to 0.5, they must add up to 1
    """
    values = list(items.values()) if isinstance(items, dict) else [item.share for item in items]
    total = math.fsum(values)
    if values and abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"{what} add up to {total:g}, they must add up to 1")


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean X?`` when a choice is close to ``word``, else an empty string.

    >>> suggest("netwrok", ["network", "money"])
    ' — did you mean network?'
    >>> suggest("zzz", ["network"])
    ''
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]}?" if close else ""


def _repeated(items: list[Any], attribute: str, where: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        name = getattr(item, attribute)
        if name in first:
            problems.append(
                (
                    (*where.split("."), index, attribute),
                    f"{name!r} is already used by {where}[{first[name]}] "
                    f"(allowed: each {attribute} once)",
                )
            )
        else:
            first[name] = index
    return problems


def _id(s: Mapping[str, Any]) -> list[Problem]:
    if SLUG.match(s["id"]):
        return []
    message = (
        f"{s['id']!r} is not a safe slug (allowed: lowercase letters, digits and single hyphens, "
        f"e.g. central-med)"
    )
    return [(("id",), message)]


def _places(s: Mapping[str, Any]) -> list[Problem]:
    return _repeated(s["places"], "name", "places")


def _routes(s: Mapping[str, Any]) -> list[Problem]:
    problems = _repeated(s["routes"], "name", "routes")
    try:
        check_shares(s["routes"], "route shares")
    except ValueError as error:
        problems.append((("routes",), str(error)))
    return problems


def _legs(s: Mapping[str, Any]) -> list[Problem]:
    known = list(dict.fromkeys(place.name for place in s["places"]))
    problems: list[Problem] = []
    for r, route in enumerate(s["routes"]):
        for index, leg in enumerate(route.legs):
            for key, end in (("from", leg.from_), ("to", leg.to)):
                if end not in known:
                    problems.append(
                        (
                            ("routes", r, "legs", index, key),
                            f"{end!r} is not a place{suggest(end, known)} "
                            f"(allowed: names in places: {', '.join(known)})",
                        )
                    )
    return problems


def _platforms(s: Mapping[str, Any]) -> list[Problem]:
    return _repeated(list(s["online"].platforms), "name", "online.platforms")


def _providers(s: Mapping[str, Any]) -> list[Problem]:
    return _repeated(list(s["sources"].providers), "name", "sources.providers")


def _surge(s: Mapping[str, Any]) -> list[Problem]:
    migrants, days = s["migrants"], s["period"].days
    if migrants.arrival == "steady" or migrants.surge_day < days:
        return []
    return [
        (
            ("migrants", "surge_day"),
            f"day {migrants.surge_day} is after the period, which has {days} days "
            f"(allowed: 0 to {days - 1})",
        )
    ]


def _interventions_in_period(s: Mapping[str, Any]) -> list[Problem]:
    days = s["period"].days
    return [
        (
            ("interventions", index, "day"),
            f"day {item.day} is after the period, which has {days} days (allowed: 0 to {days - 1})",
        )
        for index, item in enumerate(s["interventions"])
        if item.day >= days
    ]


def _takedown_platforms(s: Mapping[str, Any]) -> list[Problem]:
    names = [platform.name for platform in s["online"].platforms]
    return [
        (
            ("interventions", index, "platform"),
            f"{item.platform!r} is not a platform{suggest(item.platform, names)} "
            f"(allowed: names in online.platforms: {', '.join(names)})",
        )
        for index, item in enumerate(s["interventions"])
        if item.kind == "takedown" and item.platform not in names
    ]


def _roles_present(s: Mapping[str, Any]) -> list[Problem]:
    roles = s["network"].roles
    problems: list[Problem] = []
    for index, item in enumerate(s["interventions"]):
        if item.kind == "takedown":
            continue
        role = str(getattr(item.role, "value", item.role))
        have = getattr(roles, role)
        if have == 0:
            present = [name for name, count in roles if count > 0]
            problems.append(
                (
                    ("interventions", index, "role"),
                    f"the network has no {role} (network.roles.{role} is 0) "
                    f"(allowed: a role with people: {', '.join(present)})",
                )
            )
        elif item.kind == "arrest" and item.count > have:
            problems.append(
                (
                    ("interventions", index, "count"),
                    f"arrests {item.count} but network.roles.{role} is {have} "
                    f"(allowed: 1 to {have})",
                )
            )
    return problems


# Each check with the sections it needs; it runs only when all of them are valid.
CHECKS: tuple[tuple[tuple[str, ...], Callable[[Mapping[str, Any]], list[Problem]]], ...] = (
    (("id",), _id),
    (("places",), _places),
    (("routes",), _routes),
    (("places", "routes"), _legs),
    (("online",), _platforms),
    (("sources",), _providers),
    (("migrants", "period"), _surge),
    (("interventions", "period"), _interventions_in_period),
    (("interventions", "online"), _takedown_platforms),
    (("interventions", "network"), _roles_present),
)


def cross_checks(sections: Mapping[str, Any]) -> list[Problem]:
    """Every cross-section problem among the valid ``sections`` (top-level name -> validated value).

    >>> [(path, text[:32]) for path, text in cross_checks({"id": "Central Med"})]
    [(('id',), "'Central Med' is not a safe slug")]
    >>> cross_checks({"id": "central-med"})
    []
    """
    problems: list[Problem] = []
    for needs, check in CHECKS:
        if all(name in sections for name in needs):
            problems.extend(check(sections))
    return problems
