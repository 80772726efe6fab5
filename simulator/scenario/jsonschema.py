"""The JSON Schema of a scenario file, for editors that autocomplete and underline YAML.

It is pydantic's schema of :class:`~simulator.scenario.schema.Scenario` (keys as written in YAML,
e.g. ``from``), plus the two composition keys the loader accepts at the top level.
"""

from __future__ import annotations

from typing import Any

from simulator.scenario.schema import Scenario

__all__ = ["DIALECT", "scenario_json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file.

    >>> schema = scenario_json_schema()
    >>> schema["title"], "extends" in schema["properties"]
    ('Scenario', True)
    >>> "from" in schema["$defs"]["Leg"]["properties"]
    True
    """
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    composition = {
        "extends": {
            "type": "string",
            "description": "base scenario this file extends (a path relative to this file)",
        },
        "include": {
            "type": "array",
            "items": {"type": "string"},
            "description": "packs merged in order after the base (paths relative to this file)",
        },
    }
    return {"$schema": DIALECT, **schema, "properties": {**composition, **schema["properties"]}}
