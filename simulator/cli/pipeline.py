"""The generation pipeline: scenario -> world -> observers -> case folder.

This is the one place where the stages meet. :func:`build_tables` turns a simulated world into the
tables of each tier: the observers (platforms, telecom, money, seized devices...) file theirs under
``open``, ``provider`` and ``seized``, and the world's own tables are the ``truth`` tier. The case
also carries its request rules (``legal.json``) and the exercises' salted answer key
(``answers.json``), both shared with trainees.

>>> sorted({spec.tier for spec in case_specs()})
['open', 'provider', 'seized', 'truth']
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pyarrow as pa

from simulator import __version__
from simulator.case import (
    CaseInfo,
    InTurn,
    Manifest,
    TableLike,
    scenario_digest,
    write_case,
)
from simulator.case.atomic import check_target
from simulator.forked import default_workers, keeping_dtypes
from simulator.memory import give_back, system_allocator

__all__ = [
    "DATASETS_ENV",
    "answer_key",
    "build_tables",
    "case_specs",
    "default_case_folder",
    "generate_case",
    "legal_document",
]

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


def build_tables(
    scenario: Any,
    world: Any,
    *,
    workers: int = 1,
    with_answers: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, dict[str, TableLike]]:
    """The tables of every tier for one simulated world.

    Every observer reads the same event log and files its tables under its own tier
    (:func:`simulator.observers.observe_all`); the world's own tables are the truth tier.

    Parameters
    ----------
    scenario
        The validated scenario (observers read platforms, providers and vocabulary from it).
    world
        The simulated world; ``world.tables`` maps table names to the truth tables.
    workers
        Processes to spread the observers (and the answer key) over; the tables are the same
        for any number.
    with_answers
        Also compute the answer key (:func:`answer_key`) in the same pool; it is returned as
        ``tables["extra"]["answers"]``.
    progress
        Optional ``progress(tasks_done, tasks_total, running)`` callback, told as each observer
        (or part, or the answer key) starts and ends; ``running`` names those under way.

    Returns
    -------
    dict
        ``{tier: {table name: table}}`` ready for :func:`simulator.case.write_case` (after
        removing ``"extra"``).
    """
    from simulator.observers import WorldView, observe_all

    truth = dict(world.tables)
    view = WorldView(events=truth["events"], truth=truth, scenario=scenario, seed=world.seed)
    # The answer key (4.5 CPU s on channel x5, mostly PBKDF2 digests) reads only the truth, so it
    # shares the observers' pool instead of running after them; so does drawing the ordinary
    # customers (6 CPU s at x125), which only needs the world's identifiers.
    extra = {"answers": (4.5, partial(answer_key, truth))} if with_answers else {}
    background = scenario is not None and scenario.money.background.customers
    if background:
        extra["background"] = (0.3, partial(_plan_background, scenario, world.seed, truth))
    tiers = observe_all(
        view, workers=workers, extra_tasks=extra, in_children=True, progress=progress
    )
    tables: dict[str, dict[str, TableLike]] = dict(tiers)
    tables["truth"] = truth
    if background:
        planned = tables["extra"].pop("background")
        frames = {name: table.to_pandas() for name, table in planned.items()}
        _add_background(tables, scenario, world.seed, frames)
    if not with_answers:
        tables.pop("extra", None)
    return tables


def _plan_background(scenario: Any, seed: int, truth: dict[str, Any]) -> dict[str, pa.Table]:
    """Draw the ordinary customers; their tables as Arrow with the pandas metadata, so that they
    come back from a worker process with the same dtypes."""
    from simulator.world.background import Background

    taken = frozenset(truth["ownership"]["identifier"].astype(str).tolist())
    frames = Background.plan(scenario, seed=seed, taken=taken).frames()
    return {name: keeping_dtypes(frame) for name, frame in frames.items()}


def _add_background(
    tables: dict[str, dict[str, TableLike]],
    scenario: Any,
    seed: int,
    frames: dict[str, pd.DataFrame],
) -> None:
    """Add the ordinary customers and their payments (:mod:`simulator.world.background`).

    Customers join ``truth/persons`` and ``truth/ownership``; their payments follow the world's
    own rows in ``truth/payments``, ``open/ledger_transactions`` and ``provider/money_transfers``,
    a day per row group. Those are streams, replayed from the seed as the tables are written
    (:class:`simulator.case.InTurn`), so millions of payments never sit in memory. The answer
    key is computed from the network's world (it was started before): no exercise asks about
    ordinary customers.
    """
    from simulator.observers.background import TransferOffices, ledger_rows, transfer_rows
    from simulator.world.background import Background

    truth = tables["truth"]
    haystack = Background.of(scenario, seed, frames)  # planned by _plan_background
    truth["persons"] = pd.concat([truth["persons"], haystack.persons], ignore_index=True)
    truth["ownership"] = pd.concat([truth["ownership"], haystack.ownership], ignore_index=True)
    asset = scenario.money.crypto.asset
    offices = TransferOffices.of(haystack.customers, scenario)  # once, for every day

    def after(
        world_rows: Any, days: Iterator[pd.DataFrame], observe: Callable[[int, pd.DataFrame], Any]
    ) -> Iterator[Any]:
        yield world_rows
        for day, paid in enumerate(days):
            yield observe(day, paid)

    # Each table replays the days as it is written. The payments and the transfer records (the
    # two costliest to write and to build) share one replay in a forked child that writes them
    # meanwhile; the ledger has its own replay here, beside the other tables. At x125 that
    # splits the writing about evenly between two cores: 26 to 28 CPU s each.
    paid_days, transfer_days = haystack.shared_days(2)
    tables["open"]["ledger_transactions"] = InTurn(
        after(
            tables["open"]["ledger_transactions"],
            haystack.days(),
            lambda day, paid: ledger_rows(paid, seed=seed, day=day, asset=asset),
        )
    )
    truth["payments"] = InTurn(
        after(truth["payments"], paid_days, lambda day, paid: paid), forked=True
    )
    tables["provider"]["money_transfers"] = InTurn(
        after(
            tables["provider"]["money_transfers"],
            transfer_days,
            lambda day, paid: transfer_rows(paid, offices, seed=seed, day=day),
        ),
        forked=True,
    )


def case_specs() -> list[Any]:
    """Specs of every table a case can hold: the observers' and the truth tier's."""
    from simulator.observers import all_specs
    from simulator.observers.truth_specs import TABLES as TRUTH_SPECS

    return [*all_specs(), *TRUTH_SPECS]


def legal_document(scenario: Any) -> dict[str, Any]:
    """The request rules a trainee's case carries (``legal.json``), from the scenario's sources.

    A messenger, or a provider named after an end-to-end encrypted platform, holds no content.
    The case date (the default date of a request) is the last simulated day.
    """
    sources = scenario.sources
    encrypted = {p.name for p in scenario.online.platforms if p.end_to_end_encrypted}
    encrypted.add(scenario.online.messenger)
    providers = [
        {
            "name": provider.name,
            "kind": provider.kind.value,
            "country": provider.country,
            "retention_days": provider.retention_days,
            "end_to_end_encrypted": (
                provider.kind.value == "messenger" or provider.name in encrypted
            ),
        }
        for provider in sources.providers
    ]
    return {
        "investigating_country": sources.investigating_country,
        "preservation_days": sources.preservation_days,
        "legal_bases": {
            kind: [basis.value for basis in bases] for kind, bases in sources.legal_bases.items()
        },
        "providers": providers,
        "case_date": scenario.period.end.isoformat(),
    }


def answer_key(truth: dict[str, Any]) -> dict[str, Any]:
    """The exercises' answer key for this truth: salted digests only, never a clear answer.

    It is computed in memory, from the truth tables as the case files will give them back
    (:func:`simulator.case.parquet.read_back`), so answer functions see the same types as an
    instructor reading ``truth/`` later, and :func:`simulator.exercises.write_answers` run on the
    written case gives the same key.
    """
    from simulator.case.parquet import read_back
    from simulator.exercises.key import compute_answers, derive_salt
    from simulator.exercises.registry import all_questions

    stored = {name: read_back(table) for name, table in truth.items()}
    salt = derive_salt(stored)
    # The salt hashes its tables' columns on a few threads, whose freed buffers glibc keeps in
    # the threads' own heaps, kept through every question otherwise.
    give_back(collect=False)
    return compute_answers(all_questions(), stored, salt, before_digests=give_back)


def json_text(document: dict[str, Any]) -> str:
    """Canonical JSON text (sorted keys, fixed indent) so the same case hashes the same."""
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate_case(
    scenario: Any,
    *,
    seed: int,
    out: Path | str,
    force: bool = False,
    rings: int = 1,
    simulate_progress: Callable[..., None] | None = None,
    write_progress: Callable[[int, int, str], None] | None = None,
    observe_progress: Callable[[int, int, str], None] | None = None,
) -> Manifest:
    """Simulate ``scenario`` with ``seed``, observe it, and write the case folder ``out``.

    An existing case at ``out`` is refused (``CaseExistsError``) before any simulation unless
    ``force`` is true. With ``rings`` above one, that many independent rings each play the
    scenario, side by side on the usable cores (:mod:`simulator.world.rings`), and the case
    holds them all. Each phase reports to its own callback: ``simulate_progress(days, total)``,
    ``observe_progress(tasks_done, tasks_total, running)`` (see :func:`build_tables`) and
    ``write_progress(tables_done, tables_total, label)``. Returns the manifest written.
    """
    check_target(out, force=force)
    progress = SimpleNamespace(
        simulate=simulate_progress, observe=observe_progress, write=write_progress
    )
    # Arrow's bundled allocator keeps more of a large case's memory than malloc does (see
    # simulator.memory); every phase, and every child forked for it, allocates from malloc.
    with system_allocator():
        return _generate(scenario, seed, out, force, rings, progress)


def _generate(
    scenario: Any,
    seed: int,
    out: Path | str,
    force: bool,
    rings: int,
    progress: SimpleNamespace,
) -> Manifest:
    """The body of :func:`generate_case`, once the target is checked; ``progress`` holds the
    phases' callbacks (``simulate``, ``observe``, ``write``)."""
    from simulator.world import simulate
    from simulator.world.rings import simulate_rings

    if rings > 1:
        truth = simulate_rings(
            scenario, seed, rings, workers=default_workers(), progress=progress.simulate
        )
    else:
        truth = simulate(scenario, seed=seed, progress=progress.simulate).tables
    if progress.simulate is not None:
        progress.simulate(1, 1)  # the model reports each morning, so close the phase at 100 %
    info = CaseInfo(
        scenario_id=scenario.id,
        scenario_sha256=scenario_digest(scenario),
        seed=seed,
        generator_version=__version__,
        rings=rings,
    )
    # Keep only the truth tables: the model's agents are not needed any more, and freeing them
    # before the observers fork keeps the workers' copy-on-write pages few.
    world = SimpleNamespace(tables=truth, seed=seed)
    del truth
    give_back()
    tables = build_tables(
        scenario, world, workers=default_workers(), with_answers=True, progress=progress.observe
    )
    del world  # the tables hold the truth now: write_case gives each back once written
    answers = tables.pop("extra")["answers"]
    # A forked child writes the heaviest stream while this process writes the rest: the ordinary
    # customers' payments and transfer records if there are any, else the event log.
    if not any(isinstance(table, InTurn) and table.forked for table in tables["truth"].values()):
        tables["truth"]["events"] = InTurn(tables["truth"]["events"], forked=True)
    shared = {
        "legal.json": json_text(legal_document(scenario)),
        "answers.json": json_text(answers),
    }
    return write_case(
        out,
        tables,
        info,
        force=force,
        progress=progress.write,
        shared_files=shared,
        specs=case_specs(),
        release=True,
    )
