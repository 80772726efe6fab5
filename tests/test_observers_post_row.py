"""PostRow behaves as the dict it replaces, for every way the platforms lens reads a row."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest

from simulator.observers.imperfection import conform
from simulator.observers.platforms import POSTS
from simulator.observers.post_row import POST_FIELDS, PostRow

WHEN = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


def _fields(number: int) -> dict:
    """A post row's fields in the order the lens builds them (the counts last)."""
    return {
        "post_id": str(1000 + number),
        "platform": "Kinfold",
        "handle": f"seller{number % 3}",
        "display_name": "Safe Trips ✈️",
        "time": WHEN.replace(minute=number % 60),
        "language": "ar",
        "text": "سفر آمن 🇪🇺" if number % 2 else "plain text",
        "media": "image",
        "image_text": None,
        "logo": None,
        "watermark": "wm" if number % 4 == 0 else None,
        "group_name": None,
        "repost_of": None,
        "url": f"https://kinfold.example/seller/posts/{1000 + number}",
        "collected": WHEN.replace(hour=18),
        "_source": f"E{number}",
        "_kind": "advert_posted",
        "_actor_kind": "smuggler",
        "_purpose": "advertising",
        "likes": number,
        "shares": 0,
        "comments": None,
        "views": number * 10,
    }


def test_a_row_reads_like_its_dict():
    fields = _fields(5)
    row = PostRow(**fields)
    assert dict(row) == fields
    assert list(row) == list(fields)  # same keys, same order
    assert len(row) == len(fields)
    assert row["text"] == fields["text"] and row.get("text") == fields["text"]
    assert row.get("_group_id") is None and row.get("_group_id", "none") == "none"
    assert "_group_id" not in row and "post_id" in row and 3 not in row
    with pytest.raises(KeyError):
        row["_group_id"]
    # A row's methods and class attributes are not keys.
    assert row.get("keys") is None and row.get("__slots__", "none") == "none"
    assert "keys" not in row
    with pytest.raises(KeyError):
        row["items"]


def test_setting_and_deleting_keys():
    row = PostRow(**_fields(1))
    row["_group_id"], row["group_name"] = "G7", "Travellers"
    assert row["_group_id"] == "G7" and list(row)[-1] == "_group_id"
    del row["_group_id"]
    assert "_group_id" not in row
    with pytest.raises(KeyError):
        del row["_group_id"]
    with pytest.raises(KeyError, match="not a post row field"):
        row["colour"] = "red"
    assert "colour" not in dict(row)


def test_a_copy_is_a_row_of_its_own():
    row = PostRow(**_fields(2))
    copy = PostRow(**row)
    copy["likes"] = 99
    assert row["likes"] == 2 and dict(copy) == {**dict(row), "likes": 99}


def test_conform_gives_the_same_table_from_rows_as_from_dicts():
    dicts = [_fields(number) for number in range(40)]
    for number in (3, 8):  # some rows placed in a group, as place_in_groups does
        dicts[number] = {**dicts[number], "_group_id": "G1", "group_name": "Travellers"}
    rows = [PostRow(**fields) for fields in dicts]
    order = ["platform", "time", "post_id", "collected"]
    expected = conform(dicts, POSTS, sort_by=order)
    got = conform(rows, POSTS, sort_by=order, consume=True)
    assert got.equals(expected)
    assert rows == []  # consumed


def test_every_post_column_is_a_field():
    assert {column.name for column in POSTS.columns} <= set(POST_FIELDS)


def test_a_row_is_smaller_than_its_dict():
    fields = {**_fields(9), "_group_id": "G1"}
    assert sys.getsizeof(PostRow(**fields)) * 3 < sys.getsizeof(fields)
