"""Observers: one module per data source, each a lens on the same event log.

Every module named in :data:`OBSERVER_MODULES` exposes ``TABLES`` (its
:class:`simulator.catalog.TableSpec` list) and ``observe(view) -> dict[str, DataFrame]``.
:func:`observe_all` runs them in a fixed order and files each table under its spec's tier.

>>> sorted({spec.tier for spec in all_specs()}) == ["open", "provider", "seized"]
True
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pandas as pd

from simulator.catalog import TableSpec
from simulator.observers.base import WorldView

__all__ = ["OBSERVER_MODULES", "WorldView", "all_specs", "observe_all", "observer_modules"]

#: Data sources in the order they run (the order never changes any table: each has its own rng).
OBSERVER_MODULES: tuple[str, ...] = (
    "platforms",
    "marketplace",
    "messenger",
    "telecom",
    "blockchain",
    "exchange",
    "transfers",
    "hawala",
    "devices",
)


def observer_modules() -> list[ModuleType]:
    """The observer modules, imported in :data:`OBSERVER_MODULES` order."""
    return [importlib.import_module(f"simulator.observers.{name}") for name in OBSERVER_MODULES]


def all_specs() -> list[TableSpec]:
    """Every table spec the observers can write, in observer order."""
    return [spec for module in observer_modules() for spec in module.TABLES]


def observe_all(view: WorldView) -> dict[str, dict[str, pd.DataFrame]]:
    """Run every observer on ``view`` and return ``{tier: {table name: DataFrame}}``.

    Raises ``ValueError`` when an observer returns a table it did not declare, misses one it
    declared, or returns columns that differ from its spec: a silent drift would break the data
    dictionary and the request rules.
    """
    tiers: dict[str, dict[str, pd.DataFrame]] = {}
    seen: set[str] = set()
    for module in observer_modules():
        specs = {spec.name: spec for spec in module.TABLES}
        produced = module.observe(view)
        if set(produced) != set(specs):
            raise ValueError(
                f"observer {module.__name__} declared {sorted(specs)} "
                f"but returned {sorted(produced)}"
            )
        for name in sorted(produced):
            spec, frame = specs[name], produced[name]
            if tuple(frame.columns) != spec.column_names():
                raise ValueError(
                    f"{module.__name__} table {name}: columns {list(frame.columns)} differ from "
                    f"its spec {list(spec.column_names())}"
                )
            if name in seen:
                raise ValueError(f"two observers write a table named {name}")
            seen.add(name)
            tiers.setdefault(spec.tier, {})[name] = frame
    return tiers
