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
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from simulator.world.identities import PHONE_PLAN

if TYPE_CHECKING:
    from simulator.observers.base import WorldView

__all__ = [
    "DEFAULT_PROVIDERS",
    "Person",
    "ProviderRef",
    "details",
    "details_in_slices",
    "details_of",
    "event_details_at",
    "first_seen",
    "number_country",
    "persons",
    "place_countries",
    "place_positions",
    "provider_for",
    "providers_of",
    "text",
    "texts",
    "view_details",
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
# The same table as a dict, and the code lengths to try, longest first: a number's leading digits
# can match at most one code of each length, so trying lengths in this order finds the same code
# as scanning _CODES in order, with three dict look-ups instead of ~80 prefix tests.
_CODE_COUNTRY: dict[str, str] = dict(_CODES)
_CODE_LENGTHS: tuple[int, ...] = tuple(sorted({len(code) for code in _CODE_COUNTRY}, reverse=True))


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
    # Most cells are plain strings: answer those before the missing-value tests.
    if type(value) is str:
        return value.strip()
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value).strip()


def texts(values: pd.Series) -> list[str]:
    """:func:`text` of every value of a column, each distinct value cleaned once.

    >>> texts(pd.Series([" a", None, "b", " a"], dtype="str"))
    ['a', '', 'b', 'a']
    """
    if not isinstance(values.dtype, pd.StringDtype):
        # Only strings are grouped: in other columns equal values can print differently
        # (1 and 1.0, 0.0 and -0.0), so each is cleaned on its own.
        return [text(value) for value in values.tolist()]
    codes, uniques = pd.factorize(values)
    # Missing values get code -1: the last entry, the empty string.
    cleaned = np.array([text(value) for value in uniques.tolist()] + [""], dtype=object)
    return cleaned[codes].tolist()


def details(events: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``detail`` JSON of each event row, parsed (an empty dict where there is none).

    >>> details(pd.DataFrame({"detail": ['{"a":1}', None]}))
    [{'a': 1}, {}]
    """
    if "detail" not in events.columns:
        return [{} for _ in range(len(events))]
    return list(details_in_slices(events["detail"]))


#: Details parsed in one call of the JSON scanner (:func:`details_in_slices`). A slice of post
#: details costs about 3 MB a thousand while it is parsed (the texts, their JSON array, the
#: dicts); 5,000 parse as fast as 20,000 did (0.68 s per 100,000 posts either way).
PARSE_SLICE = 5_000


def details_in_slices(
    column: pd.Series, rows: int = PARSE_SLICE, *, at: np.ndarray | None = None
) -> Iterator[dict[str, Any]]:
    """The parsed ``detail`` of each value of ``column`` (of those at the positions ``at``, in
    that order, when given), ``rows`` values at a time (:func:`_parse_slice`).

    Iterated in a single pass over many events (the messenger's messages, a platform's posts),
    nothing outlives its slice, unlike :func:`view_details`: the texts of millions of events are
    never held at once, parsed or not.

    >>> list(details_in_slices(pd.Series(['{"a":1}', None, '{"a":1}']), rows=2))
    [{'a': 1}, {}, {'a': 1}]
    >>> list(details_in_slices(pd.Series(['{"a":1}', None, '{"a":2}']), at=np.array([2, 0])))
    [{'a': 2}, {'a': 1}]
    """
    count = len(column) if at is None else len(at)
    for start in range(0, count, rows):
        chosen = slice(start, start + rows) if at is None else at[start : start + rows]
        yield from _parse_slice(column.iloc[chosen].tolist())


def event_details_at(view: WorldView, positions: np.ndarray) -> Iterator[dict[str, Any]]:
    """The parsed detail of the events at ``positions``, in that order, parsed a slice at a time
    as they are asked for (empty dicts when the log has no details).

    A caller that reads each detail once can let go of it before the next slice is parsed: the
    posts of a large platform are parsed while they are turned into rows, never all at once.

    >>> from simulator.observers.base import WorldView
    >>> log = pd.DataFrame({"kind": ["a", "b"], "detail": ['{"x":1}', ""]})
    >>> list(event_details_at(WorldView(events=log, truth={}, scenario=None, seed=7), [1, 0]))
    [{}, {'x': 1}]
    """
    positions = np.asarray(positions, dtype=np.intp)
    if "detail" not in view.events.columns:
        return ({} for _ in range(len(positions)))
    return details_in_slices(view.events["detail"], at=positions)


def _parse_slice(raws: list[Any]) -> list[dict[str, Any]]:
    """``[_parse(raw) for raw in raws]``, parsed as one JSON array.

    The scanner keeps one object per distinct key within a call: parsed apart, every dict had
    its own copies of its keys, about half the memory of a parsed advert (the platforms lens
    holds a million of them at x125). An object text that is valid alone is self-delimiting,
    so the array splits exactly between them; if the array does not parse into as many dicts
    as there are objects, each is parsed alone as before (and a bad one raises as before).

    >>> a, b = _parse_slice(['{"kind": 1}', None, '{"kind": 2}'])[::2]
    >>> a, b, next(iter(a)) is next(iter(b))
    ({'kind': 1}, {'kind': 2}, True)
    """
    cleaned = [text(raw) for raw in raws]
    objects = [value for value in cleaned if value.startswith("{")]
    if not objects:
        return [{} for _ in cleaned]
    joined = "[" + ",".join(objects) + "]"
    try:
        parsed, end = _SCAN(joined, 0)
    except (StopIteration, ValueError):
        parsed, end = [], -1
    if (
        end != len(joined)
        or len(parsed) != len(objects)
        or not all(type(d) is dict for d in parsed)
    ):
        return [_parse(raw) for raw in raws]
    found = iter(parsed)
    return [next(found) if value.startswith("{") else {} for value in cleaned]


def _parse(raw: Any) -> dict[str, Any]:
    """One ``detail`` cell parsed (a new dict each call: callers of :func:`details` may edit it)."""
    raw = text(raw)
    if not raw.startswith("{"):
        return {}
    # What json.loads does, minus its Python layers: ``raw`` is stripped and starts with "{",
    # so the C scanner can start at 0. Anything it does not take whole (bad or trailing text)
    # goes to json.loads, which raises exactly as before.
    try:
        parsed, end = _SCAN(raw, 0)
    except StopIteration:
        end = -1
    return parsed if end == len(raw) else json.loads(raw)


# The scanner of a default decoder: json.loads(text) with no options decodes with the same.
_SCAN = json.JSONDecoder().scan_once


def view_details(view: WorldView, events: pd.DataFrame) -> list[dict[str, Any]]:
    """Like :func:`details`, but each distinct ``detail`` text is parsed once per view.

    Observers parse the same events again and again (each payment by four money observers, each
    message by the messenger and by every seized phone); this keeps the parsed dicts with the view
    so that the JSON is decoded once. The dicts are shared between callers: read them, never
    change them (copy one first if you must).

    >>> import pandas as pd
    >>> from simulator.observers.base import WorldView
    >>> frame = pd.DataFrame({"detail": ['{"a":1}', None, '{"a":1}']})
    >>> view = WorldView(events=frame, truth={}, scenario=None, seed=7)
    >>> parsed = view_details(view, frame)
    >>> parsed, parsed[0] is parsed[2] is view_details(view, frame.iloc[2:])[0]
    ([{'a': 1}, {}, {'a': 1}], True)
    """
    if "detail" not in events.columns:
        return [{} for _ in range(len(events))]
    return details_of(view, events["detail"].tolist())


def details_of(view: WorldView, raws: Iterable[Any]) -> list[dict[str, Any]]:
    """:func:`view_details` of raw ``detail`` values (for callers that hold a column's values).

    >>> import pandas as pd
    >>> from simulator.observers.base import WorldView
    >>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
    >>> details_of(view, ['{"a":1}', None, "", float("nan")])
    [{'a': 1}, {}, {}, {}]
    """
    # Keyed by the raw text, not the row: the result cannot depend on where the values came from.
    cache: dict[str, dict[str, Any]] = view.memo("lookup.details", dict)
    out: list[dict[str, Any]] = []
    for raw in raws:
        parsed = cache.get(raw) if type(raw) is str else None
        if parsed is None:
            parsed = _parse(raw)
            if type(raw) is str:
                cache[raw] = parsed
        out.append(parsed)
    return out


def number_country(number: str) -> str:
    """The country whose calling code starts ``number`` (``ZZ`` when unknown).

    >>> number_country("+999 123"), number_country("")
    ('ZZ', 'ZZ')
    """
    return _number_country(text(number))


@lru_cache(maxsize=1 << 17)
def _number_country(number: str) -> str:
    """:func:`number_country` of a clean string (cached: observers ask for the same numbers)."""
    if not number.startswith("+"):
        return "ZZ"
    # Only the first few digits can name a code: collect no more than the longest code needs.
    digits = ""
    for char in number:
        if char.isdigit():
            digits += char
            if len(digits) == _CODE_LENGTHS[0]:
                break
    for length in _CODE_LENGTHS:
        country = _CODE_COUNTRY.get(digits[:length])
        if country is not None:
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

    Read once per table and kept while the table lives (truth tables are read-only): every
    observer asks, some once per record. Each call returns its own dict of the shared (frozen)
    :class:`Person` records.

    >>> frame = pd.DataFrame({"person_id": ["P1"], "name": ["Ali Saidi"],
    ...                       "name_variants": ["Aly Saidi|Ali Al-Saidi"]})
    >>> persons({"persons": frame})["P1"].variants
    ('Aly Saidi', 'Ali Al-Saidi')
    >>> persons({"persons": frame}) == persons({"persons": frame})
    True
    """
    frame = truth.get("persons")
    if frame is None or frame.empty:
        return {}
    key = id(frame)
    kept = _PERSONS.get(key)
    if kept is None or kept[0]() is not frame:
        kept = (weakref.ref(frame, _forget_persons(key)), _read_persons(frame))
        _PERSONS[key] = kept
    return dict(kept[1])


# id(persons frame) -> (weak reference to the frame, its persons). The weak reference tells a
# live table from a dead one whose id was reused, and its callback drops the entry.
_PERSONS: dict[int, tuple[weakref.ref[pd.DataFrame], dict[str, Person]]] = {}


def _forget_persons(key: int) -> Any:
    """The callback that drops the cached persons of a table when the table is freed."""

    def forget(ref: weakref.ref[pd.DataFrame]) -> None:
        kept = _PERSONS.get(key)
        if kept is not None and kept[0] is ref:
            del _PERSONS[key]

    return forget


def _read_persons(frame: pd.DataFrame) -> dict[str, Person]:
    """The persons of one ``persons`` table, by id (columns cleaned column-wise)."""
    size = len(frame)

    def cleaned(name: str) -> list[str]:
        return texts(frame[name]) if name in frame.columns else [""] * size

    def split(name: str) -> list[tuple[str, ...]]:
        if name not in frame.columns:
            return [()] * size
        values = frame[name]
        if not isinstance(values.dtype, pd.StringDtype):
            return [_split(value) for value in values.tolist()]
        # Strings split as their clean text does; each distinct text (a language list) once.
        parts: dict[str, tuple[str, ...]] = {}
        return [parts[value] if value in parts else parts.setdefault(value, _split(value))
                for value in texts(values)]  # fmt: skip

    return {
        pid: Person(
            person_id=pid, name=name, variants=variants, nationality=nationality,
            languages=languages, role=role, base_place=base,
        )
        for pid, name, variants, nationality, languages, role, base in zip(
            cleaned("person_id"), cleaned("name"), split("name_variants"),
            cleaned("nationality"), split("languages"), cleaned("role"), cleaned("base_place"),
            strict=True,
        )
    }  # fmt: skip


def _split(value: Any) -> tuple[str, ...]:
    """The non-empty cleaned parts of a list cell or of a ``|``-separated text.

    >>> _split(" Aly Saidi | |Ali Al-Saidi"), _split(["a", None, " b "]), _split(None)
    (('Aly Saidi', 'Ali Al-Saidi'), ('a', 'b'), ())
    """
    # filter(None, ...) keeps the non-empty parts, each cleaned once (no generator per call).
    if isinstance(value, list | tuple):
        return tuple(filter(None, map(text, value)))
    value = text(value)
    if "|" not in value:
        # One part (the usual case): what the split below would give, without building a list.
        return (value,) if value else ()
    return tuple(filter(None, map(str.strip, value.split("|"))))


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
