"""Parsing event details in bulk gives what parsing each one alone gives, errors included."""

import json

import pandas as pd
import pytest

from simulator.observers.lookup import _parse, _parse_slice, details


def test_bulk_parsing_equals_one_by_one():
    raws = ['{"a": 1, "b": [1, {"c": null}]}', None, "", "not json", ' {"a": "x"} ', '{"a": 1}']
    assert _parse_slice(raws) == [_parse(raw) for raw in raws]
    parsed = details(pd.DataFrame({"detail": raws}))
    assert parsed == [_parse(raw) for raw in raws]
    assert parsed[0] is not parsed[5]  # equal texts still give dicts of their own


@pytest.mark.parametrize(
    "raws",
    [
        ['{"a": 1},{"b": 2}', '{"c": 3}'],  # two objects in one text: the count tells
        ['{"a": 1}', '{"b": '],  # a broken text
        ['{"a": 1} trailing'],
    ],
)
def test_a_text_that_is_not_one_object_raises_as_alone(raws):
    with pytest.raises(json.JSONDecodeError):
        [_parse(raw) for raw in raws]
    with pytest.raises(json.JSONDecodeError):
        _parse_slice(raws)
