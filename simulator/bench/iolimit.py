"""The I/O limit: how fast the same rows could be written if producing them cost nothing.

For every table of a written case, a block of random rows with the table's exact Arrow schema is
made with numpy before the clock starts (strings: random hexadecimal words of the column's mean
length, drawn from a pool sized to the column's share of distinct values in the case). Then the
clock runs while :func:`simulator.case.parquet.write_parquet` (the case writer's own function:
same options, row groups and fsync) writes as many rows as the case holds, the block repeated.

>>> import pyarrow as pa, numpy as np
>>> schema = pa.schema([("id", pa.int64()), ("who", pa.string()), ("amount", pa.float64())])
>>> block = random_block(schema, 4, np.random.default_rng(0), {"who": (6.0, 0.5)})
>>> block.num_rows, block.schema.equals(schema), len(block["who"][0].as_py())
(4, True, 6)
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from simulator.case.parquet import ROW_GROUP_ROWS, TableStream, write_parquet

__all__ = ["io_limit", "random_block", "random_column"]

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _random_text(n: int, length: int, distinct: float, rng: np.random.Generator) -> pa.Array:
    # A pool of random words as large as the column's share of distinct values, drawn with
    # replacement: all-distinct random text would defeat Parquet's dictionary encoding and make the
    # "limit" slower than writing the real tables.
    pool_size = max(1, min(n, round(distinct * n)))
    if length <= 0:
        pool = pa.array([""], type=pa.string())
    else:
        codes = _HEX[rng.integers(0, 16, size=(pool_size, length))]
        pool = pa.array(codes.view(f"S{length}").ravel()).cast(pa.string())
    return pool.take(pa.array(rng.integers(0, len(pool), size=n)))


def random_column(
    field: pa.Field,
    n: int,
    rng: np.random.Generator,
    text: tuple[float, float] = (12.0, 1.0),
) -> pa.Array:
    """``n`` random values of ``field``'s type (nulls for types this does not fill).

    ``text`` is (mean length, share of distinct values) used for string columns.

    >>> random_column(pa.field("x", pa.int32()), 3, np.random.default_rng(1)).type
    DataType(int32)
    """
    kind = field.type
    if pa.types.is_integer(kind):
        high = min(np.iinfo(kind.to_pandas_dtype()).max, 1 << 40)
        return pa.array(rng.integers(0, high, size=n)).cast(kind)
    if pa.types.is_floating(kind):
        return pa.array(rng.random(n) * 1e4).cast(kind)
    if pa.types.is_boolean(kind):
        return pa.array(rng.random(n) < 0.5)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _random_text(n, round(text[0]), text[1], rng).cast(kind)
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        base = pa.int64() if pa.types.is_timestamp(kind) or kind == pa.date64() else pa.int32()
        span = 365 if pa.types.is_date32(kind) else 365 * 86_400
        if pa.types.is_timestamp(kind) and kind.unit != "s":
            span *= {"ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[kind.unit]
        return pa.array(rng.integers(1_700_000_000, 1_700_000_000 + span, size=n)).cast(
            base
        ).cast(kind)  # fmt: skip
    return pa.nulls(n, type=kind)


def random_block(
    schema: pa.Schema,
    n: int,
    rng: np.random.Generator,
    texts: Mapping[str, tuple[float, float]],
) -> pa.Table:
    """``n`` random rows with exactly ``schema``; ``texts`` as in :func:`random_column`."""
    columns = [random_column(f, n, rng, texts.get(f.name, (12.0, 1.0))) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _text_profile(path: Path) -> dict[str, tuple[float, float]]:
    """(mean length, share of distinct values) of each string column in a table's first group."""
    file = pq.ParquetFile(path)
    if file.metadata.num_row_groups == 0:
        return {}
    strings = [f.name for f in file.schema_arrow if _is_text(f.type)]
    if not strings:
        return {}
    group = file.read_row_group(0, columns=strings)
    lengths = {}
    for name in strings:
        column = group[name]
        mean = pc.mean(pc.utf8_length(column)).as_py()
        distinct = pc.count_distinct(column).as_py() / max(1, len(column))
        lengths[name] = (float(mean or 0.0), float(distinct))
    return lengths


def _repeat(block: pa.Table, rows: int) -> Iterator[pa.Table]:
    left = rows
    while left > 0:
        piece = block.slice(0, min(left, block.num_rows))
        left -= piece.num_rows
        yield piece


def io_limit(
    case: Path | str,
    *,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Write random tables shaped like the case at ``case`` and time only the writing.

    Returns
    -------
    dict
        ``rows``, ``seconds`` (writing only), ``rows_per_second`` and ``null_filled`` (columns of a
        type this does not fill with random values, written as nulls).
    """
    rng = np.random.default_rng(seed)
    tables = sorted(Path(case).glob("*/*.parquet"))
    rows = seconds = 0.0
    null_filled: list[str] = []
    with tempfile.TemporaryDirectory(prefix="tracelab-iolimit-") as folder:
        for index, path in enumerate(tables):
            file = pq.ParquetFile(path)
            schema = file.schema_arrow.remove_metadata()
            count = file.metadata.num_rows
            block = random_block(
                schema, min(max(count, 1), ROW_GROUP_ROWS), rng, _text_profile(path)
            )
            null_filled += [
                f"{path.parent.name}/{path.stem}.{f.name}"
                for f, column in zip(schema, block.columns, strict=True)
                if column.null_count == column.length() and column.length() > 0
            ]
            if progress is not None:
                progress(f"I/O limit: table {index + 1}/{len(tables)} ({count:,} rows)")
            target = Path(folder) / f"{index:03d}.parquet"
            start = time.perf_counter()
            write_parquet(target, TableStream(schema, _repeat(block, count)))
            seconds += time.perf_counter() - start
            rows += count
            target.unlink()
    return {
        "rows": int(rows),
        "seconds": seconds,
        "rows_per_second": rows / seconds if seconds else None,
        "null_filled": null_filled,
    }
