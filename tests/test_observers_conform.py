"""conform() from row dicts gives what it gives from pd.DataFrame(rows), and can consume them."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.imperfection import conform

SPEC = TableSpec(
    "t",
    "open",
    "a table of every kind of column",
    "nothing",
    (
        Column("name", "string", ""),
        Column("count", "Int64", ""),
        Column("when", "timestamp", ""),
        Column("score", "float64", ""),
        Column("flag", "bool", ""),
        Column("never", "string", "held by no row"),
    ),
)


def _rows() -> list[dict]:
    when = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    return [
        {"name": "b", "count": 2, "when": when, "score": 1.5, "flag": True, "extra": 1},
        {"name": None, "count": None, "when": None, "score": None},  # some keys missing
        {"name": "a", "count": 7, "when": when.replace(hour=9), "score": 0.25, "flag": False},
        {"name": "a", "count": 1, "when": when, "flag": None},
    ]


def test_rows_give_the_table_a_frame_of_them_gives():
    expected = conform(pd.DataFrame(_rows()), SPEC, sort_by=["name", "when"])
    got = conform(_rows(), SPEC, sort_by=["name", "when"])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert list(got.columns) == list(SPEC.column_names())
    assert got["name"].tolist()[:3] == ["a", "a", "b"]  # sorted, missing last


def test_consume_empties_the_rows_and_changes_nothing_else():
    rows = _rows()
    kept = conform(_rows(), SPEC, sort_by=["count"])
    consumed = conform(rows, SPEC, sort_by=["count"], consume=True)
    assert rows == []
    pd.testing.assert_frame_equal(consumed, kept, check_exact=True)


def test_without_consume_the_rows_stay():
    rows = _rows()
    conform(rows, SPEC)
    assert rows == _rows()
