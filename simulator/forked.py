"""Run independent tasks on several cores by forking, and bring their tables back as Arrow.

Generation has parts that read the same finished world and never talk to each other: every observer
draws from its own random stream, and the answer key reads only the truth. :func:`run_forked` runs
such tasks in forked child processes (the world is shared copy-on-write, never pickled) and the
parent runs one group itself. A child hands its tables back as Arrow IPC files in a scratch folder,
which the parent memory-maps: a multi-million-row table crosses between processes without a copy.
Other results cross as JSON.

Because each task's output depends only on its inputs, never on which process ran it, the results
are the same for any number of workers; ``workers=1`` runs everything here, in order.

Tasks are grouped by an estimated cost (longest first, each to the least loaded group), so the two
heavy observers do not end up on the same core. For phases whose working memory is large
(``in_children``: simulating rings, observing), each task runs instead in a child of its own, a
few at a time and the costliest first, and this process runs none: what a task allocates is given
back when its child exits, where this process would keep it in its heap.

>>> results = run_forked({"a": lambda: {"n": 1}, "b": lambda: {"n": 2}}, workers=2)
>>> results["a"]["n"], results["b"]["n"]
(1, 2)
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

__all__ = [
    "WORKERS_ENV",
    "TableFile",
    "TaskProgress",
    "as_arrow",
    "default_workers",
    "forks",
    "keeping_dtypes",
    "plan_groups",
    "read_columns",
    "run_forked",
    "usable_cores",
]

#: Environment variable that sets the number of worker processes (``1`` turns forking off).
WORKERS_ENV = "TRACELAB_WORKERS"

type Task = Callable[[], Mapping[str, Any]]

#: ``progress(done, total, running)``: tasks finished, tasks in all, names of those running now.
type TaskProgress = Callable[[int, int, tuple[str, ...]], None]


def default_workers() -> int:
    """Worker processes to use: ``$TRACELAB_WORKERS`` if set, else the usable cores (at most 4).

    >>> default_workers() >= 1
    True
    """
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} must be a whole number, got {value!r}") from None
    return min(4, usable_cores())


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count).

    >>> usable_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def plan_groups(costs: Mapping[str, float], workers: int) -> list[list[str]]:
    """Split task names into ``workers`` groups of about equal estimated cost.

    Longest task first, each to the group with the least cost so far (ties to the lower index),
    so the plan depends only on the costs, never on dictionary order.

    >>> plan_groups({"big": 5, "a": 2, "b": 2, "c": 1}, 2)
    [['big'], ['a', 'b', 'c']]
    """
    groups: list[list[str]] = [[] for _ in range(max(1, workers))]
    loads = [0.0] * len(groups)
    for name in sorted(costs, key=lambda n: (-costs[n], n)):
        index = min(range(len(groups)), key=lambda i: (loads[i], i))
        groups[index].append(name)
        loads[index] += costs[name]
    return [sorted(group) for group in groups if group]


def as_arrow(table: pd.DataFrame | pa.Table) -> pa.Table:
    """``table`` as a worker hands it over: an Arrow table without index or pandas metadata.

    >>> as_arrow(pd.DataFrame({"x": [1, 2]}, index=[5, 6])).to_pydict()
    {'x': [1, 2]}
    """
    if isinstance(table, pa.Table):
        return table
    return pa.Table.from_pandas(table, preserve_index=False).replace_schema_metadata(None)


def keeping_dtypes(frame: pd.DataFrame) -> pa.Table:
    """``frame`` as Arrow with its pandas metadata, for a task whose DataFrame must come back
    with the same dtypes: ``to_pandas()`` of the result restores them, where :func:`as_arrow`
    (the default hand-over) gives Arrow's own (an all-missing ``Int64`` column would come back
    as float).

    >>> frame = pd.DataFrame({"n": pd.array([None, None], dtype="Int64")})
    >>> kept, plain = keeping_dtypes(frame).to_pandas(), as_arrow(frame).to_pandas()
    >>> str(kept["n"].dtype), str(plain["n"].dtype)
    ('Int64', 'float64')
    """
    return pa.Table.from_pandas(frame, preserve_index=False)


def _save(folder: Path, name: str, result: Mapping[str, Any]) -> None:
    """Write one task's result: tables as Arrow IPC files, everything else as JSON."""
    plain: dict[str, Any] = {}
    tables: list[str] = []
    for key, value in result.items():
        if isinstance(value, pd.DataFrame):
            value = as_arrow(value)
        if isinstance(value, pa.Table):
            path = folder / f"{name}.{len(tables)}.arrow"
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, value.schema) as out:
                out.write_table(value)
            tables.append(key)
        else:
            plain[key] = value
    document = {"tables": tables, "plain": plain}
    (folder / f"{name}.json").write_text(json.dumps(document), encoding="utf-8")


def _load(folder: Path, name: str, mapped: bool = True) -> dict[str, Any]:
    document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = dict(document["plain"])
    for index, key in enumerate(document["tables"]):
        path = str(folder / f"{name}.{index}.arrow")
        if mapped:
            result[key] = pa.ipc.open_file(pa.memory_map(path, "r")).read_all()
        else:
            result[key] = read_columns(path)
    return result


def read_columns(path: str | Path) -> pa.Table:
    """The Arrow IPC file at ``path`` copied into memory, each column into one buffer of its own.

    Dropping one column then frees it at once, where the columns of a memory-mapped file stay
    in this process's memory until the last of them is dropped. (Reading a single field from a
    file that is not mapped does not help: the reader reads the whole record batch and the
    column keeps it.) A file written in several batches (:class:`TableFile`) comes back in one
    chunk per column, as a table written at once.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _save(Path(folder), "t", {"rows": pa.table({"n": [1, 2], "s": ["a", "b"]})})
    ...     read_columns(f"{folder}/t.0.arrow").to_pydict()
    {'n': [1, 2], 's': ['a', 'b']}
    """
    mapped = pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all()
    # Concatenating the chunks with an empty slice copies them into new buffers, even when there
    # is a single chunk.
    columns = [
        pa.chunked_array(
            [pa.concat_arrays([*column.chunks, column.chunks[0][:0]])] if column.chunks else [],
            column.type,
        )
        for column in mapped.columns
    ]
    return pa.Table.from_arrays(columns, schema=mapped.schema)


class TableFile:
    """One table written to an Arrow IPC file a chunk at a time, read back by
    :func:`read_columns`: for a child whose table would not fit beside its working memory.

    Each chunk is a DataFrame with the same columns and dtypes, stored with the pandas metadata
    (:func:`keeping_dtypes`), so ``to_pandas()`` of the file gives the dtypes back. Use it as a
    context manager; the file exists once a chunk (an empty one will do) was written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with TableFile(Path(folder) / "t.arrow") as file:
    ...         for part in (pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [2, 3]})):
    ...             file.write(part)
    ...     read_columns(file.path).to_pandas()["n"].tolist()
    [1, 2, 3]
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sink: pa.NativeFile | None = None
        self._writer: pa.ipc.RecordBatchFileWriter | None = None

    def write(self, frame: pd.DataFrame) -> None:
        """Add ``frame``'s rows to the file."""
        table = keeping_dtypes(frame)
        if self._writer is None:
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_file(self._sink, table.schema)
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None and self._sink is not None:
            self._writer.close()
            self._sink.close()
            self._writer = self._sink = None

    def __enter__(self) -> TableFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _child(folder: Path, names: list[str], tasks: Mapping[str, Task]) -> None:
    """Body of a forked child: run its tasks, save results, never return to the caller's code."""
    code = 0
    try:
        for name in names:
            _save(folder, name, tasks[name]())
    except BaseException:  # report everything, including KeyboardInterrupt, to the parent
        (folder / "error.txt").write_text(traceback.format_exc(), encoding="utf-8")
        code = 1
    finally:
        os._exit(code)  # skip the parent's atexit handlers and buffered output


def _fork(folder: Path, names: list[str], tasks: Mapping[str, Task]) -> int:
    """Start a child that runs ``names`` and saves their results in ``folder``; its pid."""
    folder.mkdir()
    # The objects this process holds now are left out of the child's garbage collections (the
    # way the gc module's documentation advises before a fork): collecting never writes to their
    # pages, so the child shares them instead of copying them, and a collection does not walk
    # the parent's whole heap.
    gc.freeze()
    try:
        with warnings.catch_warnings():
            # Python warns that forking a process with threads may deadlock; the child only
            # runs our own code and Arrow's pools, which re-create their threads.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except BaseException:
        gc.unfreeze()
        raise
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        _child(folder, names, tasks)
    gc.unfreeze()
    return pid


def _collect(
    folder: Path, names: list[str], status: int, mapped: bool = True
) -> dict[str, dict[str, Any]]:
    """The results a child saved, or the child's traceback as a ``RuntimeError``."""
    if os.waitstatus_to_exitcode(status) != 0:
        error = folder / "error.txt"
        detail = error.read_text(encoding="utf-8") if error.exists() else "killed"
        raise RuntimeError(f"a worker process failed:\n{detail}")
    return {name: _load(folder, name, mapped) for name in names}


def _stop(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _in_groups(
    tasks: Mapping[str, Task], groups: list[list[str]], scratch: Path
) -> dict[str, dict[str, Any]]:
    """The first group here, each other group in a child of its own, all at once."""
    children: list[tuple[int, Path, list[str]]] = []
    results: dict[str, dict[str, Any]] = {}
    try:
        for index, group in enumerate(groups[1:], start=1):
            folder = scratch / f"group-{index}"
            children.append((_fork(folder, group, tasks), folder, group))
        for name in groups[0]:
            results[name] = dict(tasks[name]())
        for pid, folder, group in children:
            _, status = os.waitpid(pid, 0)
            results.update(_collect(folder, group, status))
    except BaseException:
        _stop([pid for pid, _, _ in children])
        raise
    return results


def _each_in_a_child(
    tasks: Mapping[str, Task],
    order: list[str],
    workers: int,
    scratch: Path,
    while_waiting: Callable[[], None] | None,
    mapped: bool,
    progress: TaskProgress | None = None,
) -> dict[str, dict[str, Any]]:
    """Every task in a child of its own, ``workers`` at a time, in ``order``: a new child starts
    as soon as one ends, and each child's memory is given back when it exits."""
    waiting = list(order)
    running: dict[int, tuple[Path, str]] = {}
    results: dict[str, dict[str, Any]] = {}
    changed = False  # a task started or ended since progress was last told
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                name = waiting.pop(0)
                folder = scratch / f"task-{len(results) + len(running)}"
                running[_fork(folder, [name], tasks)] = (folder, name)
                changed = True
            if changed and progress is not None:
                progress(len(results), len(order), tuple(name for _, name in running.values()))
            changed = False
            for pid in sorted(running):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    folder, name = running.pop(pid)
                    results.update(_collect(folder, [name], status, mapped))
                    changed = True
            if not changed:
                if while_waiting is not None:
                    while_waiting()
                time.sleep(0.05)
    except BaseException:
        _stop(sorted(running))
        raise
    if while_waiting is not None:
        while_waiting()
    if progress is not None:
        progress(len(results), len(order), ())
    return results


def _one_by_one(
    tasks: Mapping[str, Task], names: list[str], progress: TaskProgress | None
) -> dict[str, dict[str, Any]]:
    """Every task here, one after another, in ``names`` order."""
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        if progress is not None:
            progress(len(results), len(names), (name,))
        results[name] = dict(tasks[name]())
    if progress is not None:
        progress(len(results), len(names), ())
    return results


def forks(count: int, workers: int | None = None, *, in_children: bool = False) -> bool:
    """Whether :func:`run_forked` runs ``count`` tasks in child processes with these arguments.

    >>> forks(2, workers=1), forks(1, workers=2), forks(1, workers=2, in_children=True)
    (False, False, True)
    """
    workers = default_workers() if workers is None else max(1, workers)
    return workers > 1 and count >= (1 if in_children else 2) and hasattr(os, "fork")


def run_forked(
    tasks: Mapping[str, Task],
    workers: int | None = None,
    costs: Mapping[str, float] | None = None,
    *,
    in_children: bool = False,
    while_waiting: Callable[[], None] | None = None,
    mapped: bool = True,
    progress: TaskProgress | None = None,
) -> dict[str, dict[str, Any]]:
    """Run every task and return ``{task name: its result}``.

    Parameters
    ----------
    tasks
        ``{name: callable}``; each callable returns a mapping whose values are pandas DataFrames,
        pyarrow Tables, or JSON-serialisable values. Tables from a child come back as pyarrow
        Tables (memory-mapped), those of tasks run here as they were returned.
    workers
        Processes to use, this one included (default :func:`default_workers`). With ``1``, or
        where ``os.fork`` does not exist, tasks run here one after another.
    costs
        Estimated relative cost of each task (default 1 each), for :func:`plan_groups`.
    in_children
        Run each task in a child process of its own, ``workers`` at a time and the costliest
        first, none here. What a task allocates leaves with its child, so this process keeps
        only what it held before plus the results: for phases whose working memory is large
        (simulating rings, observing).
    while_waiting
        With ``in_children``, called about every 50 ms while this process waits for its
        children (to show their progress, for instance).
    mapped
        With ``in_children``: ``False`` reads the children's tables into memory a column at a
        time instead of memory-mapping them, for a caller that consumes them column by column
        and must see each column's memory go as it drops it.

    Raises
    ------
    RuntimeError
        A task failed in a child; the message holds the child's traceback.
    """
    workers = default_workers() if workers is None else max(1, workers)
    names = sorted(tasks)
    if not forks(len(names), workers, in_children=in_children):
        return _one_by_one(tasks, names, progress)
    cost = {name: float((costs or {}).get(name, 1.0)) for name in names}
    with tempfile.TemporaryDirectory(prefix="tracelab-forked-") as scratch:
        if in_children:
            order = sorted(names, key=lambda name: (-cost[name], name))
            results = _each_in_a_child(
                tasks, order, workers, Path(scratch), while_waiting, mapped, progress
            )
        else:
            results = _in_groups(tasks, plan_groups(cost, workers), Path(scratch))
    return {name: results[name] for name in names}
