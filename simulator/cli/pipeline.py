"""The generation pipeline: scenario -> world -> observers -> case folder.

This is the one place where the stages meet. :func:`build_tables` turns a simulated world into the
tables of each tier; today it files the world's own tables under ``truth`` and is where the
observers (issue 4: platforms, telecom, banks, seized devices...) will add ``open``, ``provider``
and ``seized`` tables.

>>> class FakeWorld:
...     tables = {"persons": "a table"}
>>> build_tables(None, FakeWorld())
{'truth': {'persons': 'a table'}}
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.case import CaseInfo, Manifest, TableLike, scenario_digest, write_case
from simulator.case.atomic import check_target

__all__ = ["DATASETS_ENV", "build_tables", "default_case_folder", "generate_case"]

DATASETS_ENV = "TRACELAB_DATASETS"


def default_case_folder(scenario_id: str, seed: int) -> Path:
    """``<datasets>/<scenario-id>/seed-<n>``, where ``<datasets>`` is ``$TRACELAB_DATASETS`` if
    set, else ``datasets`` in the current folder.

    >>> folder = default_case_folder("central-med", 7)
    >>> folder.parent.name, folder.name
    ('central-med', 'seed-7')
    """
    base = os.environ.get(DATASETS_ENV) or "datasets"
    return Path(base) / scenario_id / f"seed-{seed}"


def build_tables(scenario: Any, world: Any) -> dict[str, dict[str, TableLike]]:
    """The tables of every tier for one simulated world.

    Parameters
    ----------
    scenario
        The validated scenario (observers read their settings from ``scenario.sources``).
    world
        The simulated world; ``world.tables`` maps table names to the truth tables.

    Returns
    -------
    dict
        ``{tier: {table name: table}}`` ready for :func:`simulator.case.write_case`.
    """
    tables: dict[str, dict[str, TableLike]] = {"truth": dict(world.tables)}
    # OBSERVERS HOOK (issue 4): each observer reads the world's events and adds its tables here,
    # e.g. tables.setdefault("open", {}).update(platform_observer(scenario, world)). Observers may
    # return iterables of chunks for large tables; write_case streams them.
    return tables


def generate_case(
    scenario: Any,
    *,
    seed: int,
    out: Path | str,
    force: bool = False,
    simulate_progress: Callable[..., None] | None = None,
    write_progress: Callable[[int, int, str], None] | None = None,
) -> Manifest:
    """Simulate ``scenario`` with ``seed``, observe it, and write the case folder ``out``.

    An existing case at ``out`` is refused (``CaseExistsError``) before any simulation unless
    ``force`` is true. Returns the manifest written.
    """
    from simulator.world import simulate  # the model is only needed once we really generate

    check_target(out, force=force)
    world = simulate(scenario, seed=seed, progress=simulate_progress)
    if simulate_progress is not None:
        simulate_progress(1, 1)  # the model reports each morning, so close the phase at 100 %
    info = CaseInfo(
        scenario_id=scenario.id,
        scenario_sha256=scenario_digest(scenario),
        seed=seed,
        generator_version=__version__,
    )
    tables = build_tables(scenario, world)
    return write_case(out, tables, info, force=force, progress=write_progress)
