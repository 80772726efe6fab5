"""Deterministic, streaming Parquet writing of one table, marked synthetic in its metadata.

A table may arrive whole (a pandas ``DataFrame`` or a pyarrow ``Table``) or as an iterable of chunks
(``RecordBatch``, ``Table`` or ``DataFrame``); chunks are written as row groups as they come, so a
table of millions of rows never has to sit in memory. Writer options are fixed and the footer holds
no timestamps (only pyarrow's ``created_by`` version string, which the pinned version fixes), so the
same input gives the same bytes.

>>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "t.parquet"
...     written = write_parquet(path, pa.table({"x": [1, 2]}), {"tracelab.tier": "open"})
...     meta = pq.read_schema(path).metadata
>>> written.rows, meta[b"tracelab.synthetic"], meta[b"tracelab.tier"]
(2, b'true', b'open')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from simulator import SYNTHETIC_NOTICE

__all__ = [
    "ROW_GROUP_ROWS",
    "WRITER_OPTIONS",
    "TableLike",
    "TableStream",
    "WrittenTable",
    "read_back",
    "synthetic_metadata",
    "write_in_turn",
    "write_parquet",
]

# At most this many rows per row group: big enough for fast scans, small enough that readers
# (DuckDB, pandas with filters) can skip groups of a multi-million-row table.
ROW_GROUP_ROWS = 262_144

# Every option that changes the bytes is fixed here rather than left to pyarrow defaults, which may
# change between versions. zstd level 1, not 3: on the large case's four biggest tables (payments,
# events, ledger, transfers: 13.8 million rows) level 3 took 23.7 CPU s and level 1 17.0, for
# files 2 % larger.
WRITER_OPTIONS: dict[str, Any] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 1,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_size": 1 << 20,
    "data_page_version": "1.0",
    "write_page_index": False,
    "write_page_checksum": False,
    "use_byte_stream_split": False,
    "store_schema": True,
}


@dataclass(frozen=True)
class TableStream:
    """Chunks of one table with their schema declared up front.

    Use it when a stream may be empty, or when its first chunk cannot show every column's type
    (e.g. a column that is all null at first).
    """

    schema: pa.Schema
    chunks: Iterable[Any]


type TableLike = pd.DataFrame | pa.Table | pa.RecordBatch | TableStream | Iterable[Any]


@dataclass(frozen=True)
class WrittenTable:
    """What :func:`write_parquet` wrote: the row count and the schema (without metadata)."""

    rows: int
    schema: pa.Schema


def synthetic_metadata(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Parquet key-value metadata marking a file as synthetic, plus ``extra`` keys.

    >>> synthetic_metadata({"tracelab.table": "persons"})["tracelab.synthetic"]
    'true'
    """
    metadata = {"tracelab.synthetic": "true", "tracelab.notice": SYNTHETIC_NOTICE}
    metadata.update(extra or {})
    return dict(sorted(metadata.items()))


def _as_table(chunk: Any) -> pa.Table:
    if isinstance(chunk, pa.Table):
        table = chunk
    elif isinstance(chunk, pa.RecordBatch):
        table = pa.Table.from_batches([chunk])
    elif isinstance(chunk, pd.DataFrame):
        # The index carries no meaning in our tables; the pandas metadata would tie the bytes to the
        # pandas version, so both are left out (the Arrow types still round-trip dtypes).
        table = pa.Table.from_pandas(chunk, preserve_index=False)
    else:
        raise TypeError(
            f"a table chunk must be a pandas DataFrame, pyarrow Table or RecordBatch, "
            f"not {type(chunk).__name__}"
        )
    return table.replace_schema_metadata(None)


def _chunks(data: TableLike) -> tuple[pa.Schema | None, Iterator[Any]]:
    if isinstance(data, TableStream):
        return data.schema.remove_metadata(), iter(data.chunks)
    if isinstance(data, pd.DataFrame | pa.Table | pa.RecordBatch):
        return None, iter([data])
    if isinstance(data, str | bytes | Mapping) or not isinstance(data, Iterable):
        raise TypeError(
            "a table must be a DataFrame, a pyarrow Table or RecordBatch, a TableStream, or an "
            f"iterable of those; got {type(data).__name__}"
        )
    return None, iter(data)


def _conform(table: pa.Table, schema: pa.Schema, index: int) -> pa.Table:
    if table.schema.equals(schema):
        return table
    if table.schema.names != schema.names:
        raise ValueError(
            f"chunk {index} has columns {table.schema.names}, but the table has {schema.names}"
        )
    try:
        return table.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise ValueError(f"chunk {index} does not fit the table's schema: {error}") from None


def write_parquet(
    path: Path | str,
    data: TableLike,
    metadata: Mapping[str, str] | None = None,
    *,
    on_chunk: Any = None,
) -> WrittenTable:
    """Write ``data`` to ``path`` as Parquet with fixed options, chunk by chunk, then fsync it.

    Parameters
    ----------
    path
        The file to create.
    data
        A whole table, or an iterable of chunks (each written as one or more row groups).
    metadata
        Extra key-value metadata; the synthetic marker is always added.
    on_chunk
        Optional callable ``on_chunk(rows_so_far)`` called after every chunk (for progress bars).
    """
    report = None if on_chunk is None else (lambda _, rows: on_chunk(rows))
    return write_in_turn([(path, data, metadata)], on_chunk=report)[0]


def write_in_turn(
    files: Sequence[tuple[Path | str, TableLike, Mapping[str, str] | None]],
    *,
    on_chunk: Any = None,
) -> list[WrittenTable]:
    """Write several tables at once, a chunk of each in turn, as :func:`write_parquet` would.

    ``files`` holds ``(path, data, metadata)``; ``on_chunk(index, rows_so_far)`` follows each
    chunk of file ``index``. Taking the tables' chunks in step lets streams that replay one source
    (the ordinary customers' days) share each piece of it and then drop it. Every file gets the
    same bytes as it would alone: each chunk is its own row groups.

    >>> import tempfile, pyarrow as pa, pyarrow.parquet as pq
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = [Path(folder) / "a.parquet", Path(folder) / "b.parquet"]
    ...     chunks = [pa.table({"x": [1]}), pa.table({"x": [2, 3]})]
    ...     written = write_in_turn([(paths[0], chunks, None), (paths[1], chunks[:1], None)])
    ...     alone = write_parquet(Path(folder) / "c.parquet", chunks)
    ...     same = paths[0].read_bytes() == (Path(folder) / "c.parquet").read_bytes()
    >>> [w.rows for w in written], same
    ([3, 1], True)
    """
    sinks = [_Sink(path, data, metadata) for path, data, metadata in files]
    try:
        waiting = list(range(len(sinks)))
        while waiting:
            for index in list(waiting):
                if not sinks[index].step():
                    waiting.remove(index)
                elif on_chunk is not None:
                    on_chunk(index, sinks[index].rows)
        return [sink.finish() for sink in sinks]
    finally:
        for sink in sinks:
            sink.close()


class _Sink:
    """One Parquet file being written, a chunk per :meth:`step`."""

    def __init__(self, path: Path | str, data: TableLike, metadata: Mapping[str, str] | None):
        self.path = path
        self.schema, self.chunks = _chunks(data)
        self.metadata = synthetic_metadata(metadata)
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0
        self.index = 0

    def _open(self) -> pq.ParquetWriter:
        assert self.schema is not None
        schema = self.schema.with_metadata(self.metadata)
        return pq.ParquetWriter(self.path, schema, **WRITER_OPTIONS)

    def step(self) -> bool:
        """Write the next chunk; False once the chunks are exhausted."""
        chunk = next(self.chunks, _END)
        if chunk is _END:
            return False
        table = _as_table(chunk)
        if self.schema is None:
            self.schema = table.schema
        table = _conform(table, self.schema, self.index)
        if self.writer is None:
            self.writer = self._open()
        self.writer.write_table(
            table.replace_schema_metadata(self.metadata), row_group_size=ROW_GROUP_ROWS
        )
        self.rows += table.num_rows
        self.index += 1
        return True

    def finish(self) -> WrittenTable:
        """Close the file (an empty table if no chunk came) and fsync it."""
        if self.writer is None:
            if self.schema is None:
                raise ValueError(
                    "the table stream yielded no chunks and declares no schema; pass a "
                    "TableStream(schema, chunks) or an empty pyarrow Table"
                )
            self.writer = self._open()
        self.close()
        # Durable before the case folder is renamed into place, so a crash cannot publish empty
        # files.
        with open(self.path, "rb") as handle:
            os.fsync(handle.fileno())
        return WrittenTable(rows=self.rows, schema=self.schema)

    def close(self) -> None:
        """Close the Parquet writer if open (also after an error)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None


_END = object()


def _stored_type(field: pa.Field) -> pa.Field:
    # Parquet has no second-resolution timestamp: the writer stores them in milliseconds.
    if pa.types.is_timestamp(field.type) and field.type.unit == "s":
        return pa.field(field.name, pa.timestamp("ms", field.type.tz), field.nullable)
    return field


def read_back(data: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """The DataFrame ``pd.read_parquet`` gives for ``data`` once written, computed in memory.

    Whatever reads a table in memory at generation time (the exercises' answer functions) must
    see it exactly as the case files give it back later, with the same types and the same values.

    A DataFrame's columns that come back as they are (numpy numbers and booleans, ``str``) are
    shared with it, not copied: for the truth of a large case that is hundreds of megabytes.

    >>> frame = pd.DataFrame({"t": pd.to_datetime(["2024-06-01"]).as_unit("s"), "n": [1.5]})
    >>> back = read_back(frame)
    >>> str(back["t"].dtype)
    'datetime64[ms]'
    >>> np.shares_memory(back["n"].to_numpy(), frame["n"].to_numpy())
    True
    """
    if isinstance(data, pd.DataFrame) and _plain_columns(data):
        columns = {
            name: data[name]
            if _comes_back_as_is(data[name].dtype)
            else _converted(data[[name]])[name]
            for name in data.columns
        }
        return pd.DataFrame(columns, copy=False)
    return _converted(data)


def _converted(data: pd.DataFrame | pa.Table) -> pd.DataFrame:
    table = _as_table(data)
    schema = pa.schema([_stored_type(field) for field in table.schema])
    return table.cast(schema).to_pandas()


def _plain_columns(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` has the index and column names a table read back has (0 to n - 1;
    distinct text names), so that its columns can be reused as they are."""
    index = frame.index
    return (
        isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
        and frame.columns.is_unique
        and all(isinstance(name, str) for name in frame.columns)
    )


def _comes_back_as_is(dtype: Any) -> bool:
    """Whether a column of ``dtype`` comes back from Parquet with the same dtype and values:
    numpy numbers and booleans (a float NaN is stored as null and read as NaN) and Arrow text."""
    if isinstance(dtype, np.dtype):
        return dtype.kind in "biuf"
    return (
        isinstance(dtype, pd.StringDtype)
        and dtype.storage == "pyarrow"
        and dtype.na_value is not pd.NA  # "string[pyarrow]" comes back as "str"
    )
