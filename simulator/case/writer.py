"""Write a whole case folder: Parquet tables per tier plus ``manifest.json``, atomically.

>>> import tempfile, pandas as pd
>>> info = CaseInfo("demo", "0" * 64, seed=1, generator_version="0.1.0")
>>> tables = {"truth": {"persons": pd.DataFrame({"person_id": [1, 2]})}}
>>> with tempfile.TemporaryDirectory() as folder:
...     manifest = write_case(Path(folder) / "case", tables, info)
...     sorted(p.name for p in (Path(folder) / "case").iterdir())
['manifest.json', 'truth']
>>> manifest.rows()
{'truth/persons': 2}
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pyarrow as pa

from simulator.case.atomic import check_target, fsync_dir, publish, staging
from simulator.case.manifest import (
    CATALOG_NAME,
    MANIFEST_NAME,
    CaseInfo,
    Column,
    FileEntry,
    Manifest,
    TableEntry,
    canonical_json,
    file_sha256,
)
from simulator.case.parquet import TableLike, write_in_turn
from simulator.case.tiers import (
    TIERS,
    check_table_name,
    check_tier,
    table_key,
    table_path,
    tier_rank,
)
from simulator.forked import forks, run_forked
from simulator.memory import give_back

__all__ = ["InTurn", "Progress", "write_case", "write_text_durably"]

# progress(tables_done, tables_total, label): called before each table, after each chunk, and once
# at the end with tables_done == tables_total.
type Progress = Callable[[int, int, str], None]


def write_text_durably(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` and fsync it (used for manifests and answer files)."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_bytes_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _check_extra_path(path: str) -> str:
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or not pure.parts
        or any(part in ("", ".", "..") for part in pure.parts)
        or pure.as_posix() != path
        or path in (MANIFEST_NAME, CATALOG_NAME)
        or pure.parts[0] in TIERS
    ):
        raise ValueError(
            f"extra file path {path!r} must be a plain relative path outside the tier folders "
            f"and not {MANIFEST_NAME} or {CATALOG_NAME}"
        )
    return path


def _spec_dicts(specs: Iterable[Any] | None) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for spec in specs or ():
        data = spec.to_dict() if hasattr(spec, "to_dict") else dict(spec)
        # A JSON round trip turns tuples into lists, so the catalogue reads back as written.
        data = json.loads(canonical_json(data))
        found[(check_tier(data["tier"]), check_table_name(data["name"]))] = data
    return found


def _check_spec(spec: dict[str, Any] | None, key: str, names: list[str]) -> None:
    if spec is None:
        return
    expected = [column["name"] for column in spec.get("columns", [])]
    if expected != list(names):
        raise ValueError(f"table {key} has columns {list(names)}, but its spec lists {expected}")


def _file_metadata(info: CaseInfo, tier: str, name: str) -> dict[str, str]:
    metadata = {
        "tracelab.tier": tier,
        "tracelab.table": name,
        "tracelab.scenario": info.scenario_id,
        "tracelab.seed": str(info.seed),
        "tracelab.generator_version": info.generator_version,
    }
    if info.rings != 1:
        metadata["tracelab.rings"] = str(info.rings)
    return metadata


@dataclass(frozen=True)
class InTurn:
    """A table :func:`write_case` writes together with the other ``InTurn`` tables of the same
    ``forked`` flag, a chunk of each in turn.

    Use it for streams that replay one source (the ordinary customers' days), so that they can
    share each piece of it and then drop it. With ``forked``, those tables are written by a
    forked child process while this one writes the rest: for tables whose chunks cost much
    Python time to build. The files are the same whoever writes them, and in whatever turn;
    forked tables are written here where forking is off (``TRACELAB_WORKERS=1``) or impossible.
    """

    data: TableLike
    forked: bool = False


def _unwrap(data: TableLike | InTurn) -> TableLike:
    return data.data if isinstance(data, InTurn) else data


def _held_bytes(data: TableLike | InTurn | None) -> int:
    """Bytes a table holds in memory (shallow for object columns), ``-1`` for a stream.

    >>> _held_bytes(pd.DataFrame({"a": [1, 2]})), _held_bytes(InTurn(pd.DataFrame()))
    (16, -1)
    """
    if isinstance(data, pd.DataFrame):
        return int(data.memory_usage(index=False, deep=False).sum())
    if isinstance(data, pa.Table):
        return int(data.nbytes)
    return -1


def _write_tables(
    stage: Path,
    chosen: list[tuple[str, str, TableLike]],
    info: CaseInfo,
    on_chunk: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Write tables ``(tier, name, data)`` into the staging folder, a chunk of each in turn.

    Returns their manifest entries as plain data, so that entries made in a forked child cross
    back to the parent as JSON.
    """
    files = []
    for tier, name, data in chosen:
        path = stage / table_path(tier, name)
        path.parent.mkdir(exist_ok=True)
        files.append((path, data, _file_metadata(info, tier, name)))
    try:
        written = write_in_turn(files, on_chunk=on_chunk)
    except (TypeError, ValueError) as error:
        keys = ", ".join(table_key(tier, name) for tier, name, _ in chosen)
        raise type(error)(f"table {keys}: {error}") from error
    return [
        {
            "tier": tier,
            "name": name,
            "rows": table.rows,
            "columns": [[field.name, str(field.type)] for field in table.schema],
            "sha256": file_sha256(path),
            "bytes": path.stat().st_size,
        }
        for (tier, name, _), (path, _, _), table in zip(chosen, files, written, strict=True)
    ]


def _entry_from_dict(data: Mapping[str, Any]) -> TableEntry:
    return TableEntry(
        tier=data["tier"],
        name=data["name"],
        rows=data["rows"],
        columns=tuple(Column(name, kind) for name, kind in data["columns"]),
        sha256=data["sha256"],
        bytes=data["bytes"],
    )


def write_case(
    target: Path | str,
    tables: Mapping[str, Mapping[str, TableLike | InTurn]],
    info: CaseInfo,
    *,
    force: bool = False,
    progress: Progress | None = None,
    files: Mapping[str, str | bytes] | None = None,
    shared_files: Mapping[str, str | bytes] | None = None,
    specs: Iterable[Any] | None = None,
    release: bool = False,
) -> Manifest:
    """Write a case folder at ``target`` and return its manifest.

    Parameters
    ----------
    target
        The case folder to create, e.g. ``datasets/central-med/seed-7``.
    tables
        ``{tier: {table name: table}}``; a table is a DataFrame, a pyarrow Table, or an iterable
        of chunks (written as row groups, so memory stays flat), or an :class:`InTurn`
        (written together with others, maybe by a forked child process meanwhile). Tables are
        consumed in the mapping's order; the manifest lists them in tier order, then by name.
    info
        Scenario id and hash, seed and generator version, recorded in the manifest and in every
        file's Parquet metadata.
    force
        Replace an existing case folder at ``target`` (never a folder that is not a case).
    progress
        Optional ``progress(tables_done, tables_total, label)`` callback.
    files
        Instructor-only files, ``{relative POSIX path: text or bytes}`` (e.g. an answer key);
        listed with their SHA-256 under ``files`` in the manifest; a release never copies them.
        They may not sit in a tier folder.
    shared_files
        Files a trainee release carries as they are (e.g. ``legal.json``); same rules.
    specs
        Table specs (:class:`simulator.catalog.TableSpec` or their ``to_dict()`` form). The specs
        of the written tables become ``catalog.json``; a spec whose columns differ from its
        table's is an error. Specs of tables not written are ignored.
    release
        Remove each table from ``tables`` (whose tiers must then be mutable mappings) as soon as
        this process has written it, so that a large case gives its memory back while the rest
        is written; the caller must hold no other reference to the tables.

    Raises
    ------
    CaseExistsError
        ``target`` exists and ``force`` is false (checked before anything is written).
    ValueError, TypeError
        An unknown tier, a bad table name, or a table that cannot be written.
    RuntimeError
        A forked :class:`InTurn` table could not be written in the child (its traceback).

    Nothing appears at ``target`` until every file is written and flushed; an interrupted run
    leaves at most a hidden ``.tmp-*`` sibling that the next run removes.
    """
    target = Path(target)
    plan = [
        (check_tier(tier), check_table_name(name), data)
        for tier, group in tables.items()
        for name, data in group.items()
    ]
    extras = {
        _check_extra_path(path): (content, audience)
        for audience, group in (("instructor", files), ("trainee", shared_files))
        for path, content in sorted((group or {}).items())
    }
    if len(extras) < len(files or {}) + len(shared_files or {}):
        raise ValueError("a file path is given both in files and in shared_files")
    catalog = _spec_dicts(specs)
    check_target(target, force=force)
    total = len(plan)
    writer_pid = os.getpid()
    with staging(target) as stage:

        def reporting_chunks(first: int, keys: list[str]) -> Callable[[int, int], None] | None:
            """The chunk callback of tables ``keys`` written together: each chunk reports as
            table number ``first``, the first of them, so a bar does not jump."""
            if progress is None:
                return None
            report = progress

            def on_chunk(position: int, rows: int) -> None:
                report(first, total, f"{keys[position]} ({rows:,} rows)")

            return on_chunk

        def write_here(chosen: list[int]) -> dict[str, Any]:
            """Write the tables at ``chosen`` positions of the plan, in plan order, except that
            the ``InTurn`` ones are written together where the first of them comes.

            With ``release``, the tables held in memory come first, the largest first, and the
            streams (such as the ordinary customers' days) last: the memory of the largest is
            given back before the streams are replayed."""
            batches: list[list[int]] = []
            together: list[int] = []
            if release:
                held = {index: _held_bytes(plan[index][2]) for index in chosen}
                chosen = sorted(chosen, key=lambda index: (-held[index], index))
            done = 0
            for index in chosen:
                if isinstance(plan[index][2], InTurn):
                    if not together:
                        batches.append(together)
                    together.append(index)
                else:
                    batches.append([index])
            written = []
            for batch in batches:
                items = [(plan[i][0], plan[i][1], _unwrap(plan[i][2])) for i in batch]
                keys = [table_key(tier, name) for tier, name, _ in items]
                if progress is not None:
                    progress(done, total, ", ".join(keys))
                written += _write_tables(stage, items, info, reporting_chunks(done, keys))
                done += len(batch)
                del items
                if release:
                    forget(batch)
            if progress is not None and aside and forks(len(tasks)):
                # The rest is the forked writer's, which cannot draw: say what is left.
                left = ", ".join(table_key(plan[i][0], plan[i][1]) for i in aside)
                progress(done, total, f"{left} (second process)")
            return {"entries": written}

        def forget(indices: list[int]) -> None:
            for index in indices:
                tier, name, data = plan[index]
                if data is not None:
                    plan[index] = (tier, name, None)
                    del tables[tier][name]  # type: ignore[attr-defined]
            # To the system, not to this process's allocators (a table has no reference cycle:
            # no collection needed, and 31 of them cost the course case 2 s).
            give_back(collect=False)

        def write_aside(chosen: list[int]) -> dict[str, Any]:
            """Write the forked tables together, a chunk of each in turn (progress only when they
            are written here: a child's callback would draw over this process's)."""
            if release and os.getpid() != writer_pid:
                # A forked child holds its own copy of every table: it drops those the parent
                # writes, or it would keep them alive (in its copy-on-write pages) after the
                # parent gives them back.
                forget([index for index in range(total) if index not in chosen])
            items = [(plan[i][0], plan[i][1], _unwrap(plan[i][2])) for i in chosen]
            on_chunk = None
            if os.getpid() == writer_pid:  # not forked after all: this process may draw
                keys = [table_key(tier, name) for tier, name, _ in items]
                on_chunk = reporting_chunks(total - len(chosen), keys)
            return {"entries": _write_tables(stage, items, info, on_chunk)}

        # Forked InTurn tables are written by a forked child process while this one writes the
        # others (the files are the same whoever writes them); manifest order is fixed below.
        aside = [
            index
            for index, (_, _, data) in enumerate(plan)
            if isinstance(data, InTurn) and data.forked
        ]
        here = [index for index in range(total) if index not in aside]
        tasks = {"here": partial(write_here, here)}
        if aside:
            tasks["side"] = partial(write_aside, aside)
        results = run_forked(tasks, costs={"here": 2.0, "side": 1.0})
        entries: list[TableEntry] = [
            _entry_from_dict(entry) for result in results.values() for entry in result["entries"]
        ]
        for entry in entries:
            names = [column.name for column in entry.columns]
            _check_spec(catalog.get((entry.tier, entry.name)), entry.key, names)
        for tier in sorted({tier for tier, _, _ in plan}):
            fsync_dir(stage / tier)
        if specs is not None:
            written_specs = [
                catalog[(entry.tier, entry.name)]
                for entry in sorted(entries, key=lambda e: (tier_rank(e.tier), e.name))
                if (entry.tier, entry.name) in catalog
            ]
            extras[CATALOG_NAME] = (canonical_json(written_specs), "trainee")
        listed: list[FileEntry] = []
        for relative, (content, audience) in extras.items():
            path = stage / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
            _write_bytes_durably(path, data)
            listed.append(FileEntry(relative, file_sha256(path), len(data), audience))
        manifest = Manifest(info=info, tables=tuple(entries), files=tuple(listed))
        write_text_durably(stage / MANIFEST_NAME, manifest.to_json())
        publish(stage, target, force=force)
    if progress is not None:
        progress(total, total, "done")
    return manifest
