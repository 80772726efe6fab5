"""Fields of the truth's JSON ``detail`` texts, read in bulk.

A large case has hundreds of thousands of adverts, and ``json.loads`` on each one's ``detail``
takes seconds per pass. :func:`detail_fields` gives what ``json.loads(text).get(field)`` gives
for the few fields an answer needs, reading all texts at once with pyarrow's JSON reader when that
is certain to agree, and with ``json.loads`` otherwise.

>>> detail_fields(['{"language": "ar", "price": 5}', None, '{"language": null}'], ("language",))
[{'language': 'ar'}, {}, {'language': None}]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.json as pa_json

from simulator.exercises.memo import per_truth

__all__ = ["ADVERT_FIELDS", "advert_details", "advert_rows", "detail_fields"]

#: The fields of an advert's ``detail`` that questions read (episodes 01 and 02).
ADVERT_FIELDS = ("language", "contact_phone")

#: Adverts whose texts :func:`advert_details` reads at once.
DETAIL_SLICE = 5_000


def detail_fields(texts: Iterable[object], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """``{field: json.loads(text).get(field)}`` for each text, ``{}`` for one that is not a string.

    Raises what ``json.loads`` raises on a text that is not a JSON object.
    """
    texts = list(texts)
    strings = [text for text in texts if isinstance(text, str)]
    parsed = _read_in_bulk(strings, fields)
    if parsed is None:
        parsed = [_read_one(text, fields) for text in strings]
    found = iter(parsed)
    return [next(found) if isinstance(text, str) else {} for text in texts]


def _read_one(text: str, fields: tuple[str, ...]) -> dict[str, Any]:
    document = json.loads(text)
    return {field: document.get(field) for field in fields}


def _read_in_bulk(texts: list[str], fields: tuple[str, ...]) -> list[dict[str, Any]] | None:
    """The fields of every text via pyarrow, or None when its reading could differ from json's.

    The texts become one line each; none may be blank or hold a line break, so exactly one row
    per text means one object per text. The fields are read as strings: pyarrow refuses anything
    else (a number, a list, a key given twice, a lone surrogate), and any refusal falls back to
    ``json.loads``.
    """
    if not texts or any("\n" in text or "\r" in text or not text.strip() for text in texts):
        return None
    try:
        data = "\n".join(texts).encode("utf-8")
        # A block must hold the longest line (4 bytes a character at most in UTF-8).
        block = max(1 << 22, 8 * max(map(len, texts)))
        table = pa_json.read_json(
            pa.py_buffer(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=block),
            parse_options=pa_json.ParseOptions(
                explicit_schema=pa.schema([(field, pa.string()) for field in fields]),
                unexpected_field_behavior="ignore",
            ),
        )
    except (UnicodeEncodeError, pa.ArrowException):
        return None
    if table.num_rows != len(texts):
        return None
    columns = [table.column(field).to_pylist() for field in fields]
    return [dict(zip(fields, values, strict=True)) for values in zip(*columns, strict=True)]


@per_truth
def _is_advert(truth: Mapping[str, pd.DataFrame]) -> np.ndarray:
    """Whether each event of the truth is an ``advert_posted`` (one pass over the log's kinds,
    shared by :func:`advert_rows` and :func:`advert_details`)."""
    return (truth["events"]["kind"] == "advert_posted").to_numpy()


@per_truth
def advert_rows(truth: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The ``advert_posted`` events of the truth, in order, without their ``detail`` texts.

    Selecting rows copies every column, and the texts are most of an advert's row (60 % at
    x25): questions read them through :func:`advert_details`, a slice at a time.

    >>> events = pd.DataFrame({"kind": ["advert_posted", "call"], "actor": ["P1", "P2"],
    ...                        "detail": ['{"contact_phone": "+00 1"}', None]})
    >>> advert_rows({"events": events}).to_dict("records")
    [{'kind': 'advert_posted', 'actor': 'P1'}]
    """
    events = truth["events"]
    return events.loc[
        _is_advert(truth), [column for column in events.columns if column != "detail"]
    ]


@per_truth
def advert_details(truth: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """:func:`detail_fields` (:data:`ADVERT_FIELDS`) of every ``advert_posted`` event, in order.

    Read once per answer key: episodes 01 and 02 both start from the adverts' contact numbers,
    and reading the texts is most of their cost in a large case. Adverts with the same fields
    share one dict (a seller repeats the same number in every advert): read them, never edit.

    >>> events = pd.DataFrame({"kind": ["advert_posted", "call"],
    ...                        "detail": ['{"contact_phone": "+00 1"}', None]})
    >>> advert_details({"events": events})
    [{'language': None, 'contact_phone': '+00 1'}]
    """
    texts = truth["events"]["detail"]
    positions = np.flatnonzero(_is_advert(truth))
    # A slice at a time: the texts as Python strings and the JSON reader's buffers would
    # otherwise be held for every advert at once (over 1 GB for the 400,000 adverts of x125).
    fields: list[dict[str, Any]] = []
    # One dict per distinct set of fields: 400,000 adverts at x125 held one dict and two
    # strings each (over 200 MB) for a few thousand distinct numbers.
    shared: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
    for start in range(0, len(positions), DETAIL_SLICE):
        chosen = texts.iloc[positions[start : start + DETAIL_SLICE]].tolist()
        for found in detail_fields(chosen, ADVERT_FIELDS):
            try:
                fields.append(shared.setdefault(tuple(found.items()), found))
            except TypeError:  # a field that is not text (a list, from json.loads): not shared
                fields.append(found)
    return fields
