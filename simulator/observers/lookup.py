"""What several observers need to look up: who holds a record, who a person is, where a place is.

Small read-only helpers over a :class:`~simulator.observers.base.WorldView`: the provider that keeps
a source's records (from ``scenario.sources.providers``), persons and their spelling variants,
places and their countries, the country of a phone number, and the parsed ``detail`` of events.
None of them draws randomness.

Example
-------
>>> number_country("+216 83123456"), number_country("+39 9012345678")
('TN', 'IT')
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from simulator.world.identities import PHONE_PLAN

__all__ = [
    "DEFAULT_PROVIDERS",
    "Person",
    "ProviderRef",
    "details",
    "first_seen",
    "number_country",
    "persons",
    "place_countries",
    "place_positions",
    "provider_for",
    "providers_of",
    "text",
]

#: Fictional names used when a scenario lists no provider of a kind.
DEFAULT_PROVIDERS: dict[str, str] = {
    "messenger": "Whisperline",
    "telecom": "Fictel Mobile",
    "exchange": "Coinmoor",
    "money_transfer": "Swiftcash Money Transfer",
}

# Calling code -> country, longest codes first so "+216" is not read as "+21".
_CODES = sorted(
    {
        str(code): country for country, (code, _prefix, _length) in reversed(PHONE_PLAN.items())
    }.items(),
    key=lambda item: -len(item[0]),
)


@dataclass(frozen=True, slots=True)
class ProviderRef:
    """A company that keeps records: its name, kind and seat."""

    name: str
    kind: str
    country: str


@dataclass(frozen=True, slots=True)
class Person:
    """What the truth knows of one person (used to write names as sources would)."""

    person_id: str
    name: str
    variants: tuple[str, ...]
    nationality: str
    languages: tuple[str, ...]
    role: str
    base_place: str

    @property
    def first_name(self) -> str:
        """The first word of the name."""
        return self.name.split()[0] if self.name else ""


def text(value: Any) -> str:
    """A cell as a clean string: empty for missing values.

    >>> text(None), text(float("nan")), text(" a ")
    ('', '', 'a')
    """
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value).strip()


def details(events: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``detail`` JSON of each event row, parsed (an empty dict where there is none).

    >>> details(pd.DataFrame({"detail": ['{"a":1}', None]}))
    [{'a': 1}, {}]
    """
    if "detail" not in events.columns:
        return [{} for _ in range(len(events))]
    out: list[dict[str, Any]] = []
    for raw in events["detail"].tolist():
        raw = text(raw)
        out.append(json.loads(raw) if raw.startswith("{") else {})
    return out


def number_country(number: str) -> str:
    """The country whose calling code starts ``number`` (``ZZ`` when unknown).

    >>> number_country("+999 123"), number_country("")
    ('ZZ', 'ZZ')
    """
    digits = "".join(char for char in text(number) if char.isdigit())
    if not text(number).startswith("+") or not digits:
        return "ZZ"
    for code, country in _CODES:
        if digits.startswith(code):
            return country
    return "ZZ"


def providers_of(scenario: Any, kind: str) -> list[ProviderRef]:
    """The scenario's providers of ``kind``, in scenario order (a fictional default if none).

    >>> [p.name for p in providers_of(None, "telecom")]
    ['Fictel Mobile']
    """
    listed = []
    sources = getattr(scenario, "sources", None)
    for provider in getattr(sources, "providers", []) or []:
        if str(provider.kind) == kind:
            listed.append(ProviderRef(provider.name, kind, provider.country))
    if not listed:
        country = getattr(sources, "investigating_country", "") if sources else ""
        listed.append(ProviderRef(DEFAULT_PROVIDERS.get(kind, f"Fictional {kind}"), kind, country))
    return listed


def provider_for(scenario: Any, kind: str, *, name: str = "", country: str = "") -> ProviderRef:
    """The provider of ``kind`` called ``name``, else seated in ``country``, else the first listed.

    >>> provider_for(None, "exchange", name="Coinmoor").name
    'Coinmoor'
    """
    listed = providers_of(scenario, kind)
    for provider in listed:
        if name and provider.name.casefold() == name.casefold():
            return provider
    for provider in listed:
        if country and provider.country == country:
            return provider
    return listed[0]


def persons(truth: dict[str, pd.DataFrame]) -> dict[str, Person]:
    """Every person of the ``persons`` truth table by id (empty if the table is missing).

    >>> frame = pd.DataFrame({"person_id": ["P1"], "name": ["Ali Saidi"],
    ...                       "name_variants": ["Aly Saidi|Ali Al-Saidi"]})
    >>> persons({"persons": frame})["P1"].variants
    ('Aly Saidi', 'Ali Al-Saidi')
    """
    frame = truth.get("persons")
    if frame is None or frame.empty:
        return {}
    out: dict[str, Person] = {}
    columns = set(frame.columns)

    def column(name: str) -> list[Any]:
        return frame[name].tolist() if name in columns else [None] * len(frame)

    for pid, name, variants, nationality, languages, role, base in zip(
        column("person_id"),
        column("name"),
        column("name_variants"),
        column("nationality"),
        column("languages"),
        column("role"),
        column("base_place"),
        strict=True,
    ):
        out[text(pid)] = Person(
            person_id=text(pid),
            name=text(name),
            variants=_split(variants),
            nationality=text(nationality),
            languages=_split(languages),
            role=text(role),
            base_place=text(base),
        )
    return out


def _split(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(text(item) for item in value if text(item))
    return tuple(part.strip() for part in text(value).split("|") if part.strip())


def place_positions(scenario: Any) -> dict[str, tuple[float, float]]:
    """Scenario place name -> (lat, lon).

    >>> place_positions(None)
    {}
    """
    return {place.name: (place.lat, place.lon) for place in getattr(scenario, "places", []) or []}


def place_countries(scenario: Any) -> dict[str, str]:
    """Scenario place name -> ISO country code."""
    return {place.name: place.country for place in getattr(scenario, "places", []) or []}


def first_seen(events: pd.DataFrame, columns: Iterable[str]) -> dict[str, pd.Timestamp]:
    """The earliest time each value of ``columns`` appears in ``events``."""
    seen: dict[str, pd.Timestamp] = {}
    for column in columns:
        if column not in events.columns:
            continue
        frame = events[["time", column]].dropna()
        for value, when in zip(frame[column].tolist(), frame["time"].tolist(), strict=True):
            key = text(value)
            if key and (key not in seen or when < seen[key]):
                seen[key] = when
    return seen
