"""Look up what the schema says about a key: its type, unit, bounds, default and meaning.

Error messages use it to say what is allowed, and the authoring guide to write the key reference,
so both always agree with :mod:`simulator.scenario.schema`.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

__all__ = [
    "FieldView",
    "allowed_text",
    "choices",
    "keys_of",
    "kinds",
    "lookup",
    "type_text",
    "view_of",
]

CONSTRAINTS = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern")


@dataclass(frozen=True)
class FieldView:
    """What the schema says about one key (or one list item, or one dictionary value)."""

    annotation: Any
    constraints: dict[str, Any] = field(default_factory=dict)
    meaning: str = ""
    hints: dict[str, Any] = field(default_factory=dict)
    default: Any = PydanticUndefined

    @property
    def unit(self) -> str:
        """The unit, or an empty string."""
        return str(self.hints.get("unit", ""))

    @property
    def required(self) -> bool:
        """True when the key has no default."""
        return self.default is PydanticUndefined


def _collect(metadata: list[Any], into: dict[str, Any], hints: dict[str, Any]) -> None:
    for item in metadata:
        if isinstance(item, FieldInfo):
            _collect(item.metadata, into, hints)
            if isinstance(item.json_schema_extra, dict):
                hints.update(item.json_schema_extra)
            continue
        for name in CONSTRAINTS:
            value = getattr(item, name, None)
            if value is not None:
                into[name] = value


def _unwrap(annotation: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """Strip ``Annotated`` layers, gathering their constraints and hints."""
    constraints: dict[str, Any] = {}
    hints: dict[str, Any] = {}
    while typing.get_origin(annotation) is Annotated:
        base, *metadata = typing.get_args(annotation)
        _collect(metadata, constraints, hints)
        annotation = base
    return annotation, constraints, hints


def view_of(model: type[BaseModel], name: str) -> FieldView:
    """The view of field ``name`` of ``model``.

    >>> from simulator.scenario.schema import Period
    >>> view = view_of(Period, "days")
    >>> view.unit, view.constraints, view.default
    ('days', {'ge': 1, 'le': 730}, 60)
    """
    info = model.model_fields[name]
    annotation, constraints, hints = _unwrap(info.annotation)
    _collect(info.metadata, constraints, hints)
    if isinstance(info.json_schema_extra, dict):
        hints.update(info.json_schema_extra)
    default = info.get_default(call_default_factory=True) if not info.is_required() else None
    return FieldView(
        annotation,
        constraints,
        info.description or "",
        hints,
        PydanticUndefined if info.is_required() else default,
    )


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _variants(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [_unwrap(arg)[0] for arg in typing.get_args(annotation)]
    return []


def keys_of(model: type[BaseModel]) -> dict[str, str]:
    """Key as written in YAML -> attribute name, in declaration order.

    >>> from simulator.scenario.schema import Leg
    >>> list(keys_of(Leg))[:3]
    ['from', 'to', 'mode']
    """
    return {(info.alias or name): name for name, info in model.model_fields.items()}


def _step(view: FieldView, part: str | int) -> FieldView | None:
    annotation = view.annotation
    if _is_model(annotation) and isinstance(part, str):
        name = keys_of(annotation).get(part)
        return view_of(annotation, name) if name else None
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(part, int):
        item, constraints, hints = _unwrap(typing.get_args(annotation)[0])
        return FieldView(item, constraints, view.meaning, {**view.hints, **hints})
    if origin is dict and isinstance(part, str):
        item, constraints, hints = _unwrap(typing.get_args(annotation)[1])
        return FieldView(item, constraints, view.meaning, {**view.hints, **hints})
    for variant in _variants(annotation):
        if _is_model(variant) and part in choices(variant.model_fields["kind"].annotation):
            return FieldView(variant, {}, view.meaning, view.hints)
    return None


def lookup(root: type[BaseModel], path: tuple[str | int, ...]) -> FieldView | None:
    """The view of the key at ``path`` below the model ``root``, or ``None`` when unknown.

    Union members may be named by their ``kind`` tag, as in pydantic's error locations.

    >>> from simulator.scenario.schema import Scenario
    >>> lookup(Scenario, ("routes", 0, "legs", 0, "price", "min")).constraints
    {'ge': 0, 'le': 1000000.0}
    >>> lookup(Scenario, ("interventions", 0, "takedown", "platform")).meaning
    'platform name (from online.platforms)'
    >>> lookup(Scenario, ("nowhere",)) is None
    True
    """
    view: FieldView | None = FieldView(root)
    for part in path:
        if view is None:
            return None
        view = _step(view, part)
    return view


def choices(annotation: Any) -> list[str]:
    """The allowed values of an enumeration or ``Literal``, else an empty list.

    >>> from simulator.scenario.schema import Opsec
    >>> choices(Opsec)
    ['low', 'medium', 'high']
    """
    annotation = _unwrap(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return []


def kinds(annotation: Any) -> list[str]:
    """The ``kind`` tags of a union of sections, else an empty list.

    >>> from simulator.scenario.schema import Intervention
    >>> kinds(Intervention)
    ['takedown', 'arrest', 'seizure']
    """
    tags: list[str] = []
    for variant in _variants(_unwrap(annotation)[0]):
        if _is_model(variant) and "kind" in variant.model_fields:
            tags += choices(variant.model_fields["kind"].annotation)
    return tags


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


def _bounds(constraints: dict[str, Any], unit: str) -> str:
    low = constraints.get("ge", constraints.get("gt"))
    high = constraints.get("le", constraints.get("lt"))
    suffix = f" {unit}" if unit else ""
    if low is not None and high is not None:
        above = "more than " if "gt" in constraints else ""
        below = "less than " if "lt" in constraints else ""
        return f"{above}{_number(low)} to {below}{_number(high)}{suffix}"
    if low is not None:
        word = "more than" if "gt" in constraints else "at least"
        return f"{word} {_number(low)}{suffix}"
    if high is not None:
        return f"at most {_number(high)}{suffix}"
    return ""


def _lengths(constraints: dict[str, Any], noun: str) -> str:
    low, high = constraints.get("min_length"), constraints.get("max_length")
    plural = f"{noun}s"
    if low is not None and high is not None:
        return f"{low} to {high} {plural}"
    if low is not None:
        return f"at least {low} {noun if low == 1 else plural}"
    if high is not None:
        return f"at most {high} {plural}"
    return ""


def type_text(annotation: Any) -> str:
    """A short name for a type, as the guide shows it.

    >>> from simulator.scenario.schema import Leg
    >>> type_text(list[Leg]), type_text(int), type_text(dict[str, list[str]])
    ('list of mappings', 'integer', 'mapping of text to list of text')
    """
    annotation = _unwrap(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is list:
        return f"list of {type_text(typing.get_args(annotation)[0])}s".replace("texts", "text")
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {type_text(key)} to {type_text(value)}"
    if choices(annotation):
        return "choice"
    if _variants(annotation) or _is_model(annotation):
        return "mapping"
    names = {bool: "true/false", int: "integer", float: "number", str: "text", dt.date: "date"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def allowed_text(view: FieldView) -> str:
    """In words, what the key accepts (values, bounds, lengths), or an empty string.

    >>> from simulator.scenario.schema import Scenario
    >>> allowed_text(lookup(Scenario, ("migrants", "count")))
    'whole numbers 1 to 1000000 people'
    >>> allowed_text(lookup(Scenario, ("network", "opsec")))
    'low, medium, high'
    >>> allowed_text(lookup(Scenario, ("places",)))
    'at least 2 items'
    """
    annotation, constraints = view.annotation, view.constraints
    options = choices(annotation)
    if options:
        return ", ".join(options)
    if view.hints.get("allowed"):
        return str(view.hints["allowed"])
    if annotation is bool:
        return "true, false"
    if annotation is dt.date:
        return "a date written YYYY-MM-DD"
    if annotation in (int, float):
        whole = "whole numbers " if annotation is int else ""
        bounds = _bounds(constraints, view.unit)
        return f"{whole}{bounds}".strip() if bounds else ("whole numbers" if whole else "numbers")
    if annotation is str:
        if "pattern" in constraints:
            return f"text matching {constraints['pattern']}"
        return _lengths(constraints, "character")
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation)
        keys, values = (
            choices(key),
            choices(typing.get_args(value)[0] if typing.get_args(value) else value),
        )
        if keys and values:
            return f"keys {', '.join(keys)}; each a list of {', '.join(values)}"
    if typing.get_origin(annotation) in (list, dict):
        return _lengths(constraints, "item")
    if _is_model(annotation):
        return "keys " + ", ".join(keys_of(annotation))
    return ""
