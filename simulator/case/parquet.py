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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    "write_parquet",
]

# At most this many rows per row group: big enough for fast scans, small enough that readers
# (DuckDB, pandas with filters) can skip groups of a multi-million-row table.
ROW_GROUP_ROWS = 262_144

# Every option that changes the bytes is fixed here rather than left to pyarrow defaults, which may
# change between versions.
WRITER_OPTIONS: dict[str, Any] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 3,
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
    schema, chunks = _chunks(data)
    file_metadata = synthetic_metadata(metadata)
    writer: pq.ParquetWriter | None = None
    rows = 0
    try:
        for index, chunk in enumerate(chunks):
            table = _as_table(chunk)
            if schema is None:
                schema = table.schema
            table = _conform(table, schema, index)
            if writer is None:
                writer = pq.ParquetWriter(
                    path, schema.with_metadata(file_metadata), **WRITER_OPTIONS
                )
            writer.write_table(
                table.replace_schema_metadata(file_metadata), row_group_size=ROW_GROUP_ROWS
            )
            rows += table.num_rows
            if on_chunk is not None:
                on_chunk(rows)
        if writer is None:
            if schema is None:
                raise ValueError(
                    "the table stream yielded no chunks and declares no schema; pass a "
                    "TableStream(schema, chunks) or an empty pyarrow Table"
                )
            writer = pq.ParquetWriter(path, schema.with_metadata(file_metadata), **WRITER_OPTIONS)
    finally:
        if writer is not None:
            writer.close()
    # Durable before the case folder is renamed into place, so a crash cannot publish empty files.
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    return WrittenTable(rows=rows, schema=schema)


def _stored_type(field: pa.Field) -> pa.Field:
    # Parquet has no second-resolution timestamp: the writer stores them in milliseconds.
    if pa.types.is_timestamp(field.type) and field.type.unit == "s":
        return pa.field(field.name, pa.timestamp("ms", field.type.tz), field.nullable)
    return field


def read_back(data: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """The DataFrame ``pd.read_parquet`` gives for ``data`` once written, computed in memory.

    Whatever reads a table in memory at generation time (the exercises' answer functions) must
    see it exactly as the case files give it back later, with the same types and the same values.

    >>> frame = pd.DataFrame({"t": pd.to_datetime(["2024-06-01"]).as_unit("s")})
    >>> str(read_back(frame)["t"].dtype)
    'datetime64[ms]'
    """
    table = _as_table(data)
    schema = pa.schema([_stored_type(field) for field in table.schema])
    return table.cast(schema).to_pandas()
