"""Turn one pydantic validation error into a sentence an instructor understands.

Every sentence says what is wrong and, where the schema knows, what is allowed; enumerations and
unknown keys suggest the closest valid word.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.scenario.checks import suggest
from simulator.scenario.introspect import FieldView, allowed_text, choices, keys_of, kinds

__all__ = ["describe_value", "explain", "show"]

EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "date_type": "a date",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
}
BOUNDS = {
    "greater_than_equal": ("ge", "is below the minimum of"),
    "greater_than": ("gt", "is not more than"),
    "less_than_equal": ("le", "is above the maximum of"),
    "less_than": ("lt", "is not less than"),
}


def describe_value(value: Any) -> str:
    """A short phrase naming a value, for "expected X, got Y".

    >>> describe_value([1]), describe_value("x"), describe_value(None), describe_value(3)
    ('a list', "the text 'x'", 'an empty value', 'the number 3')
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {show(value)}"
    return f"the text {show(value)}"


def show(value: Any) -> str:
    """A value as written in a message: text quoted, numbers plain, long text cut.

    >>> show("abc"), show(2.0), show(1e20), show(True)
    ("'abc'", '2', '1e+20', 'true')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e15 or value != int(value) else str(int(value))
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, list | dict):
        return describe_value(value)
    return str(value)


def _tags(expected: str) -> list[str]:
    return re.findall(r"'([^']*)'", expected)


def _with(allowed: str, extra: str = "") -> str:
    parts = "; ".join(part for part in (allowed, extra) if part)
    return f" (allowed: {parts})" if parts else ""


def explain(
    error: dict[str, Any],
    view: FieldView | None,
    parent: FieldView | None,
    key: str | int | None,
    root_keys: tuple[str, ...] = (),
) -> str:
    """The message for one pydantic error dict about the key ``key`` (``view`` describes it).

    ``parent`` describes the mapping that holds the key (for unknown keys); ``root_keys`` are keys
    the loader accepts at the top level besides the schema's (``extends``, ``include``).

    >>> from simulator.scenario.introspect import lookup
    >>> from simulator.scenario.schema import Scenario
    >>> error = {"type": "extra_forbidden", "input": 1, "ctx": {}, "msg": ""}
    >>> explain(error, None, lookup(Scenario, ()), "netwrok")[:44]
    'unknown key netwrok — did you mean network? '
    """
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    allowed = allowed_text(view) if view else ""
    why = str(view.hints.get("why", "")) if view else ""
    if kind == "missing":
        meaning = f": {view.meaning}" if view and view.meaning else ""
        return f"required key is missing{meaning}{_with(allowed)}"
    if kind == "extra_forbidden":
        keys: list[str] = list(root_keys)
        if parent is not None and isinstance(parent.annotation, type):
            keys += list(keys_of(parent.annotation))
        return f"unknown key {key}{suggest(str(key), keys)}{_with(', '.join(keys))}"
    if kind in ("enum", "literal_error"):
        options = choices(view.annotation) if view else _tags(str(ctx.get("expected", "")))
        hint = suggest(value, options) if isinstance(value, str) else ""
        return f"{show(value)} is not allowed{hint}{_with(', '.join(options))}"
    tags = kinds(parent.annotation) if parent else []
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        return f"{tag!r} is not a known kind{suggest(tag, tags)}{_with(', '.join(tags))}"
    if kind == "union_tag_not_found":
        return f"required key is missing: what kind of entry this is{_with(', '.join(tags))}"
    if kind in BOUNDS:
        name, words = BOUNDS[kind]
        # The reason behind a sanity limit only helps when the value is above it.
        reason = why if name in ("le", "lt") else ""
        return f"{show(value)} {words} {show(ctx.get(name))}{_with(allowed, reason)}"
    if kind in ("date_parsing", "date_from_datetime_parsing"):
        reason = ctx.get("error", "not a date")
        return f"{show(value)} is not a valid date: {reason}{_with(allowed)}"
    if kind == "date_from_datetime_inexact":
        return f"{show(value)} has a time of day{_with(allowed)}"
    if kind in ("string_too_short", "string_too_long"):
        length = len(value) if isinstance(value, str) else 0
        what = "text is empty" if length == 0 else f"text has {length} characters"
        return f"{what}{_with(allowed)}"
    if kind in ("too_short", "too_long"):
        count = ctx.get("actual_length", len(value) if isinstance(value, list | dict) else 0)
        return f"has {count} item{'' if count == 1 else 's'}{_with(allowed)}"
    if kind == "string_pattern_mismatch":
        return f"{show(value)} is not in the expected form{_with(allowed)}"
    if kind == "finite_number":
        return f"{show(value)} is not a finite number{_with(allowed)}"
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, got {describe_value(value)}{_with(allowed)}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg", kind))
