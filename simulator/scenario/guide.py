"""Generate the key reference of the authoring guide (``scenarios/README.md``) from the schema.

The reference lists every key a scenario may hold with its type, unit, allowed values, default and
one-line meaning. It sits in the README between two marker lines; everything else in the README is
written by hand. Regenerate it after changing the schema::

    python -m simulator.scenario.guide --write scenarios/README.md

``--check`` exits 1 when the README is stale (the test suite does the same).
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from simulator.scenario.introspect import (
    FieldView,
    allowed_text,
    keys_of,
    kinds,
    type_text,
    view_of,
)
from simulator.scenario.schema import Scenario

__all__ = ["BEGIN", "END", "REGENERATE", "main", "render_reference", "update_readme"]

BEGIN = "<!-- BEGIN KEY REFERENCE: generated from simulator/scenario/schema.py, do not edit -->"
END = "<!-- END KEY REFERENCE -->"
REGENERATE = "python -m simulator.scenario.guide --write scenarios/README.md"
HEADER = "| key | type | unit | allowed | default | meaning |\n|---|---|---|---|---|---|"


def _flow(value: Any) -> str:
    """A default written the way YAML's flow style would write it."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return value if value else '""'
    return json.dumps(value)


def _default(view: FieldView) -> str:
    if view.required:
        return "**required**"
    if isinstance(view.default, BaseModel) and len(_flow(view.default)) > 60:
        return "see keys below"
    return _flow(view.default)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(path: str, view: FieldView) -> str:
    nested = isinstance(view.annotation, type) and issubclass(view.annotation, BaseModel)
    allowed = "" if nested else allowed_text(view)
    cells = (f"`{path}`", type_text(view.annotation), view.unit, allowed, _default(view))
    return "| " + " | ".join(_cell(cell) for cell in (*cells, view.meaning)) + " |"


def _members(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    """Models below a field: itself, its list items, or each kind of a list of unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [("", annotation)]
    if typing.get_origin(annotation) is list:
        item = typing.get_args(annotation)[0]
        tags = kinds(item)
        if tags:
            variants = typing.get_args(typing.get_args(item)[0])
            return [(f"[] (kind: {tag})", model) for tag, model in zip(tags, variants, strict=True)]
        base = typing.get_origin(item) or item
        if isinstance(base, type) and issubclass(base, BaseModel):
            return [("[]", item)]
    return []


def _rows(model: type[BaseModel], prefix: str) -> Iterator[str]:
    for key, name in keys_of(model).items():
        view = view_of(model, name)
        path = f"{prefix}.{key}" if prefix else key
        if not (prefix.endswith(")") and key == "kind"):
            yield _row(path, view)
        yield from _nested(path, view)


def _nested(path: str, view: FieldView) -> Iterator[str]:
    members = _members(view.annotation)
    if members and members[0][0].startswith("[] (kind:"):
        tags = ", ".join(kinds(typing.get_args(view.annotation)[0]))
        yield f"| `{path}[].kind` | choice |  | {tags} | **required** | what kind of entry it is |"
    for suffix, member in members:
        yield from _rows(member, path + suffix)


def render_reference() -> str:
    """The generated key reference, markers included.

    >>> text = render_reference()
    >>> text.startswith(BEGIN) and text.endswith(END)
    True
    >>> "| `routes[].legs[].from` | text |" in text
    True
    """
    parts = [BEGIN, "", "### Top-level keys", "", HEADER]
    parts.append(
        "| `extends` | text |  | a path relative to this file, inside scenarios/ |  "
        "| base scenario merged first |"
    )
    parts.append(
        "| `include` | list of text |  | paths relative to this file, inside scenarios/ | [] "
        "| packs merged in order after the base |"
    )
    nested: list[str] = []
    for key, name in keys_of(Scenario).items():
        view = view_of(Scenario, name)
        parts.append(_row(key, view))
        if _members(view.annotation):
            nested.append(key)
    for key in nested:
        view = view_of(Scenario, keys_of(Scenario)[key])
        parts += ["", f"### `{key}`", "", view.meaning[:1].upper() + view.meaning[1:] + ".", ""]
        parts.append(HEADER)
        parts.extend(_nested(key, view))
    parts += ["", END]
    return "\n".join(parts)


def update_readme(text: str) -> str:
    """``text`` with the part between the markers replaced by :func:`render_reference`.

    >>> updated = update_readme(f"intro\\n{BEGIN}\\nold\\n{END}\\noutro\\n")
    >>> updated.startswith("intro\\n" + BEGIN) and updated.endswith(END + "\\noutro\\n")
    True
    """
    if BEGIN not in text or END not in text:
        raise ValueError(f"the README lacks the marker lines {BEGIN!r} and {END!r}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + render_reference() + tail


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or ``--write`` / ``--check`` it in a README; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m simulator.scenario.guide")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", metavar="README", help="rewrite the reference in README")
    group.add_argument("--check", metavar="README", help="exit 1 when README's reference is stale")
    args = parser.parse_args(argv)
    if not (args.write or args.check):
        print(render_reference())
        return 0
    path = Path(args.write or args.check)
    current = path.read_text(encoding="utf-8")
    fresh = update_readme(current)
    if args.check:
        if fresh != current:
            print(f"{path}: key reference is stale; run: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
