"""Observers: one module per data source, each a lens on the same event log.

Every module named in :data:`OBSERVER_MODULES` exposes ``TABLES`` (its
:class:`simulator.catalog.TableSpec` list) and ``observe(view) -> dict[str, DataFrame]``.
:func:`observe_all` runs them in a fixed order and files each table under its spec's tier.

>>> sorted({spec.tier for spec in all_specs()}) == ["open", "provider", "seized"]
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import partial
from types import ModuleType
from typing import Any

import pyarrow as pa

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


#: CPU seconds of each observer on channel x5 (4,000 migrants, 247k events; measured after the
#: speed-ups of issue 7), only used to spread observers over worker processes.
OBSERVER_COSTS: dict[str, float] = {
    "platforms": 9.9,
    "telecom": 0.9,
    "messenger": 0.65,
    "devices": 0.25,
    "blockchain": 0.16,
    "hawala": 0.15,
    "exchange": 0.13,
    "transfers": 0.12,
    "marketplace": 0.06,
}


def observe_all(
    view: WorldView,
    *,
    workers: int = 1,
    extra_tasks: Mapping[str, tuple[float, Callable[[], Mapping[str, Any]]]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every observer on ``view`` and return ``{tier: {table name: table}}``.

    Tables are pandas DataFrames when ``workers`` is 1; with more workers, observers run in forked
    processes (:func:`simulator.forked.run_forked`) and the tables of those come back as pyarrow
    Tables with the same content. ``extra_tasks`` (``{name: (cost, callable)}``) run in the same
    pool (the answer key reads only the truth); their results are filed under the tier
    ``"extra"``, one entry per task.

    Raises ``ValueError`` when an observer returns a table it did not declare, misses one it
    declared, or returns columns that differ from its spec: a silent drift would break the data
    dictionary and the request rules.
    """
    from simulator.forked import run_forked

    modules = {module.__name__.rsplit(".", 1)[1]: module for module in observer_modules()}
    tasks: dict[str, Callable[[], Mapping[str, Any]]] = {
        name: partial(module.observe, view) for name, module in modules.items()
    }
    costs = {name: OBSERVER_COSTS.get(name, 1.0) for name in tasks}
    for name, (cost, task) in (extra_tasks or {}).items():
        tasks[f"extra:{name}"] = task
        costs[f"extra:{name}"] = cost
    results = run_forked(tasks, workers=workers, costs=costs)
    tiers: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for name in OBSERVER_MODULES:
        module = modules[name]
        specs = {spec.name: spec for spec in module.TABLES}
        produced = results[name]
        if set(produced) != set(specs):
            raise ValueError(
                f"observer {module.__name__} declared {sorted(specs)} "
                f"but returned {sorted(produced)}"
            )
        for table_name in sorted(produced):
            spec, frame = specs[table_name], produced[table_name]
            columns = frame.schema.names if isinstance(frame, pa.Table) else list(frame.columns)
            if tuple(columns) != spec.column_names():
                raise ValueError(
                    f"{module.__name__} table {table_name}: columns {columns} differ from "
                    f"its spec {list(spec.column_names())}"
                )
            if table_name in seen:
                raise ValueError(f"two observers write a table named {table_name}")
            seen.add(table_name)
            tiers.setdefault(spec.tier, {})[table_name] = frame
    if extra_tasks:
        tiers["extra"] = {name: results[f"extra:{name}"] for name in sorted(extra_tasks)}
    return tiers
