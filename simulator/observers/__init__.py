"""Observers: one module per data source, each a lens on the same event log.

Every module named in :data:`OBSERVER_MODULES` exposes ``TABLES`` (its
:class:`simulator.catalog.TableSpec` list) and ``observe(view) -> dict[str, DataFrame]``.
:func:`observe_all` runs them in a fixed order and files each table under its spec's tier.
A module can also run in parts, one task each (see :func:`_part_tasks`): it then exposes
``parts(view)``, ``observe_part(view, part)`` and ``merge_parts(results)``.

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

__all__ = [
    "OBSERVER_MODULES",
    "WorldView",
    "all_specs",
    "observe_all",
    "observer_modules",
    "task_label",
]

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


#: Relative cost of each observer, only used to spread observers over worker processes, in the
#: unit of the answer key's 4.5 (:mod:`simulator.cli.pipeline`, which shares the pool): CPU
#: seconds on channel x25 with background (20,000 migrants; answer key 20.8 s) times 4.5 / 20.8.
#: The platforms lens grows faster than the rest (at x25 it costs 1.4 times the answer key and
#: the other observers together, 41.8 s; at x125 about 1.8 times), so its figure sits between
#: the two; it runs in parts (:func:`_part_tasks`) that share it out.
OBSERVER_COSTS: dict[str, float] = {
    "platforms": 10.5,
    "telecom": 0.84,
    "messenger": 0.76,
    "devices": 0.12,
    "blockchain": 0.093,
    "transfers": 0.071,
    "hawala": 0.065,
    "exchange": 0.063,
    "marketplace": 0.017,
}


def _part_tasks(
    name: str, module: ModuleType, view: WorldView
) -> list[tuple[str, float, Callable[[], Mapping[str, Any]]]]:
    """(task name, cost, task) of each part of an observer that runs in parts, else none.

    The observer's cost is shared out by each part's estimated share of the work, so that
    :func:`simulator.forked.plan_groups` can put parts of it beside the other observers.
    Task names are ``"<observer>:<part index>"``; the parts' results go back, in part order, to
    the module's ``merge_parts``, which returns the observer's whole tables.
    """
    if not hasattr(module, "parts"):
        return []
    plan = module.parts(view)
    if len(plan) < 2:
        return []
    cost = OBSERVER_COSTS.get(name, 1.0)
    return [
        (f"{name}:{index}", cost * share, partial(module.observe_part, view, part))
        for index, (part, share) in enumerate(plan)
    ]


def task_label(name: str) -> str:
    """How a task of :func:`observe_all` is named to a person watching it run.

    >>> [task_label(name) for name in ("telecom", "platforms:0", "extra:answers")]
    ['telecom', 'platforms (part 1)', 'answers']
    """
    observer, _, part = name.partition(":")
    if observer == "extra":
        return part
    return f"{observer} (part {int(part) + 1})" if part else observer


def _tell(
    progress: Callable[[int, int, str], None], done: int, total: int, running: tuple[str, ...]
) -> None:
    progress(done, total, ", ".join(task_label(name) for name in running))


def observe_all(
    view: WorldView,
    *,
    workers: int = 1,
    extra_tasks: Mapping[str, tuple[float, Callable[[], Mapping[str, Any]]]] | None = None,
    in_children: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every observer on ``view`` and return ``{tier: {table name: table}}``.

    Tables are pandas DataFrames when ``workers`` is 1; with more workers, observers run in forked
    processes (:func:`simulator.forked.run_forked`) and the tables of those come back as pyarrow
    Tables with the same content, as do those of an observer run in parts (the platforms lens:
    its parts are spread over the workers and their tables put together in the parent).
    ``extra_tasks`` (``{name: (cost, callable)}``) run in the same pool (the answer key reads only
    the truth); their results are filed under the tier ``"extra"``, one entry per task. With
    ``in_children``, every task runs in a child process and none here, so that their working
    memory is given back as each child exits (see :func:`simulator.forked.run_forked`).
    ``progress(done, total, label)`` is told as tasks start and end (one task per observer, per
    part of an observer run in parts, per extra task); ``label`` names the running ones.

    Raises ``ValueError`` when an observer returns a table it did not declare, misses one it
    declared, or returns columns that differ from its spec: a silent drift would break the data
    dictionary and the request rules.
    """
    from simulator.forked import run_forked

    modules = {module.__name__.rsplit(".", 1)[1]: module for module in observer_modules()}
    tasks: dict[str, Callable[[], Mapping[str, Any]]] = {}
    costs: dict[str, float] = {}
    split: dict[str, list[str]] = {}  # observer -> its part tasks, in part order
    for name, module in modules.items():
        parts = _part_tasks(name, module, view) if workers > 1 else []
        for task_name, cost, task in parts:
            tasks[task_name], costs[task_name] = task, cost
        if parts:
            split[name] = [task_name for task_name, _cost, _task in parts]
        else:
            tasks[name] = partial(module.observe, view)
            costs[name] = OBSERVER_COSTS.get(name, 1.0)
    for name, (cost, task) in (extra_tasks or {}).items():
        tasks[f"extra:{name}"] = task
        costs[f"extra:{name}"] = cost
    told = None if progress is None else partial(_tell, progress)
    results = run_forked(
        tasks, workers=workers, costs=costs, in_children=in_children, progress=told
    )
    for name, part_names in split.items():
        results[name] = modules[name].merge_parts([results.pop(part) for part in part_names])
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
