"""How real records go wrong: typos, spelling variants, blanks, duplicates, clock skew, time zones.

Every data source keeps its records a little differently from the truth. A clerk at a transfer
office misspells a name, a telecom writes times in local time with a zone, a server clock runs a
few seconds late, an export duplicates rows, a field is left empty. The helpers here apply such
imperfections to observer output; each takes the observer's own ``numpy.random.Generator`` (from
:meth:`simulator.observers.base.WorldView.rng`), so they are deterministic and one observer's
draws never shift another's. They know nothing about smuggling: any observer can use them.

The module also shapes output to a :class:`simulator.catalog.TableSpec` (:func:`conform`), because
every observer must return exactly its spec's columns with stable dtypes, and offers column-wise
twins of per-row steps for observers that read millions of events: :func:`text_array` (the cleaned
text of every cell), :func:`detail_fields` (chosen keys of every event's ``detail`` JSON),
:func:`round_like_python` (Python's ``round`` of every value) and :func:`draws_in_order` (the
values of a sequence of scalar draws, made in one go). Each gives exactly what its per-row
counterpart gives, so switching to it changes no output byte.

Example
-------
>>> import numpy as np
>>> rng = np.random.default_rng(1)
>>> typo("Mohamed", rng) != "Mohamed"
True
>>> stable_id("TX", "PAY1", length=8)
'TX-c158ccf7'
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from simulator.catalog import TableSpec
from simulator.memory import give_back
from simulator.observers.lookup import Person, persons, text

__all__ = [
    "DTYPES",
    "ZONES",
    "DrawReplay",
    "blank",
    "clock_skew",
    "columns_at",
    "conform",
    "detail_fields",
    "draws_in_order",
    "duplicate_rows",
    "each_distinct",
    "kind_rows",
    "local_time",
    "may_mention",
    "misspell",
    "persons_among",
    "round_like_python",
    "stable_id",
    "stable_unit",
    "text_array",
    "text_equals",
    "typo",
    "variant_name",
    "zone_for",
]

#: Logical column types used in observer specs, and the pandas dtype each becomes.
#: ``timestamp`` is UTC; ``local_timestamp`` is a wall-clock time without zone (the zone is
#: then given in its own column, as telecom and shop records do).
DTYPES: dict[str, str] = {
    "string": "str",
    "int64": "int64",
    "Int64": "Int64",
    "float64": "float64",
    "bool": "bool",
    "timestamp": "datetime64[s, UTC]",
    "local_timestamp": "datetime64[s]",
}

#: IANA time zone per country (the zone a local record keeper writes in). Countries with several
#: zones get their most populous one; unknown countries fall back to UTC.
ZONES: dict[str, str] = {
    "TN": "Africa/Tunis", "LY": "Africa/Tripoli", "DZ": "Africa/Algiers", "MA": "Africa/Casablanca",
    "EG": "Africa/Cairo", "SD": "Africa/Khartoum", "IT": "Europe/Rome", "MT": "Europe/Malta",
    "GR": "Europe/Athens", "TR": "Europe/Istanbul", "MK": "Europe/Skopje", "RS": "Europe/Belgrade",
    "HU": "Europe/Budapest", "AT": "Europe/Vienna", "DE": "Europe/Berlin", "FR": "Europe/Paris",
    "ES": "Europe/Madrid", "GB": "Europe/London", "IE": "Europe/Dublin", "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels", "LT": "Europe/Vilnius", "AL": "Europe/Tirane", "BA": "Europe/Sarajevo",
    "HR": "Europe/Zagreb", "SI": "Europe/Ljubljana", "BG": "Europe/Sofia", "CI": "Africa/Abidjan",
    "GN": "Africa/Conakry", "CM": "Africa/Douala", "SN": "Africa/Dakar", "ML": "Africa/Bamako",
    "NE": "Africa/Niamey", "NG": "Africa/Lagos", "AF": "Asia/Kabul", "PK": "Asia/Karachi",
    "IQ": "Asia/Baghdad", "SY": "Asia/Damascus", "IR": "Asia/Tehran", "AE": "Asia/Dubai",
    "BD": "Asia/Dhaka", "ER": "Africa/Asmara", "ET": "Africa/Addis_Ababa", "SO": "Africa/Mogadishu",
    "US": "America/New_York",
}  # fmt: skip

# Keys next to each other on a QWERTY/AZERTY keyboard: the letter a hurried clerk hits instead.
_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "rz", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "wa", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "ax",
}  # fmt: skip


def stable_id(prefix: str, *parts: object, length: int = 10) -> str:
    """A short, deterministic identifier made from ``parts`` (no randomness, no clock).

    Used for record ids a source assigns itself (transfer numbers, record ids): the same world
    always gets the same ids, and ids never collide across prefixes.

    >>> stable_id("MT", "PAY7", 0) == stable_id("MT", "PAY7", 0)
    True
    >>> stable_id("MT", "PAY7", 0) != stable_id("MT", "PAY7", 1)
    True
    """
    text = "\x1f".join(str(part) for part in (prefix, *parts))
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:length]}"


def stable_unit(*parts: object) -> float:
    """A deterministic number in [0, 1) from ``parts``: a draw tied to a thing, not to an order.

    Use it where a property must not change when other records are added (a handset's model, a
    cell's azimuth).

    >>> 0 <= stable_unit("imei", "350000000000001") < 1
    True
    """
    text = "\x1f".join(str(part) for part in parts)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def typo(text: str, rng: np.random.Generator) -> str:
    """One clerical slip: two letters swapped, one dropped, doubled or replaced by a neighbour key.

    Text too short to damage is returned unchanged.

    >>> import numpy as np
    >>> typo("Traore", np.random.default_rng(0))
    'Traoree'
    """
    spots = [i for i in range(1, len(text)) if text[i].isalpha() and text[i - 1].isalpha()]
    if len(text) < 4 or not spots:
        return text
    i = spots[int(rng.integers(len(spots)))]
    kind = int(rng.integers(4))
    if kind == 0 and text[i] != text[i - 1]:
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    keys = _NEIGHBOURS.get(text[i].lower(), "")
    if not keys:
        return text[:i] + text[i] + text[i:]
    key = keys[int(rng.integers(len(keys)))]
    return text[:i] + (key.upper() if text[i].isupper() else key) + text[i + 1 :]


def misspell(text: str, rng: np.random.Generator, rate: float) -> str:
    """``text`` with a typo with probability ``rate`` (always one draw, so streams stay aligned).

    >>> import numpy as np
    >>> misspell("Kelibia", np.random.default_rng(0), 0.0)
    'Kelibia'
    """
    hit = rng.random() < rate
    return typo(text, rng) if hit else text


def variant_name(
    name: str,
    rng: np.random.Generator,
    variants: Sequence[str] = (),
    *,
    variant_rate: float = 0.4,
    typo_rate: float = 0.05,
    case: str = "as_is",
) -> str:
    """How a record keeper wrote ``name``: maybe another spelling, maybe a typo, maybe upper case.

    Parameters
    ----------
    name
        The canonical name.
    rng
        The observer's generator.
    variants
        Known other spellings (transliteration variants) of the whole name.
    variant_rate, typo_rate
        Chance of using a variant, and of one typo on top.
    case
        ``"upper"`` for sources that write names in capitals (ID-document style), else as is.

    >>> import numpy as np
    >>> variant_name("Mohamed Trabelsi", np.random.default_rng(2), ["Muhammad Trabulsi"],
    ...              variant_rate=1.0, typo_rate=0.0)
    'Muhammad Trabulsi'
    """
    chosen = name
    if variants and rng.random() < variant_rate:
        chosen = variants[int(rng.integers(len(variants)))]
    chosen = misspell(chosen, rng, typo_rate)
    return chosen.upper() if case == "upper" else chosen


def blank(values: pd.Series, rng: np.random.Generator, rate: float) -> pd.Series:
    """``values`` with a share ``rate`` of entries left empty (missing), chosen at random.

    >>> import numpy as np
    >>> out = blank(pd.Series(["a", "b", "c", "d"], dtype="str"), np.random.default_rng(0), 0.5)
    >>> int(out.isna().sum()) in (1, 2, 3)
    True
    """
    if len(values) == 0 or rate <= 0:
        return values
    mask = rng.random(len(values)) < rate
    out = values.copy()
    out[mask] = pd.NA if str(out.dtype) not in ("float64",) else np.nan
    return out


def duplicate_rows(frame: pd.DataFrame, rng: np.random.Generator, rate: float) -> pd.DataFrame:
    """``frame`` plus a share ``rate`` of its rows repeated (an export or sync run twice).

    The copies are appended; callers sort afterwards, so a duplicate sits next to its original.

    >>> import numpy as np
    >>> len(duplicate_rows(pd.DataFrame({"x": range(100)}), np.random.default_rng(0), 0.1)) > 100
    True
    """
    if frame.empty or rate <= 0:
        return frame
    picked = np.flatnonzero(rng.random(len(frame)) < rate)
    if picked.size == 0:
        return frame
    return pd.concat([frame, frame.iloc[picked]], ignore_index=True)


def clock_skew(rng: np.random.Generator, max_seconds: int) -> pd.Timedelta:
    """A constant offset for one source's clock, between ``-max_seconds`` and ``+max_seconds``.

    >>> import numpy as np
    >>> abs(clock_skew(np.random.default_rng(0), 90).total_seconds()) <= 90
    True
    """
    return pd.Timedelta(seconds=int(rng.integers(-max_seconds, max_seconds + 1)))


def zone_for(country: str) -> str:
    """The IANA time zone a record keeper in ``country`` writes in (``UTC`` if unknown).

    >>> zone_for("TN"), zone_for("ZZ")
    ('Africa/Tunis', 'UTC')
    """
    return ZONES.get(str(country).upper(), "UTC")


def local_time(times: pd.Series, zones: pd.Series | str) -> pd.Series:
    """Wall-clock local times (no zone attached) of UTC ``times`` in each row's zone.

    >>> t = pd.Series(pd.to_datetime(["2024-06-01 10:00:00"], utc=True))
    >>> str(local_time(t, "Europe/Rome").iloc[0])
    '2024-06-01 12:00:00'
    """
    utc = pd.to_datetime(times, utc=True)
    if isinstance(zones, str):
        return utc.dt.tz_convert(zones).dt.tz_localize(None).astype("datetime64[s]")
    zones = pd.Series(zones, index=utc.index).astype("str")
    out = pd.Series(pd.NaT, index=utc.index, dtype="datetime64[s]")
    for zone in sorted(zones.dropna().unique()):
        rows = zones == zone
        out[rows] = utc[rows].dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[s]")
    return out


def _cast(values: pd.Series, logical: str) -> pd.Series:
    dtype = DTYPES.get(logical, logical)
    if dtype == "str":
        cleaned = values.astype(object).where(values.notna(), None)
        return pd.Series(cleaned, index=values.index, dtype="str")
    if dtype == "datetime64[s, UTC]":
        return pd.to_datetime(values, utc=True).astype(dtype)
    if dtype == "datetime64[s]":
        return pd.to_datetime(values).astype(dtype)
    if dtype == "bool":
        return values.fillna(False).astype(bool)
    return values.astype(dtype)


def conform(
    frame: pd.DataFrame | dict[str, Any] | list[dict[str, Any]],
    spec: TableSpec,
    sort_by: Iterable[str] = (),
    *,
    consume: bool = False,
) -> pd.DataFrame:
    """``frame`` with exactly ``spec``'s columns, in order, cast to their dtypes, sorted stably.

    ``frame`` is a DataFrame, a mapping of columns or a list of row dicts. Missing columns are
    added empty, so an observer of an empty world still returns its tables. With ``consume``, a
    list of rows is emptied once its columns are read, so that the rows are given back before
    the table is built (a lens's largest table holds a million row dicts at x125).

    >>> from simulator.catalog import Column, TableSpec
    >>> columns = (Column("a", "string", ""), Column("n", "int64", ""))
    >>> spec = TableSpec("t", "open", "d", "i", columns)
    >>> out = conform({"n": [2, 1], "a": ["y", "x"], "extra": [0, 0]}, spec, sort_by=["n"])
    >>> list(out.columns), out["a"].tolist()
    (['a', 'n'], ['x', 'y'])
    >>> rows = [{"a": "y", "n": 2}, {"a": "x", "n": 1}]
    >>> conform(rows, spec, sort_by=["n"], consume=True).equals(out), rows
    (True, [])
    """
    source: dict[str, Any]
    if isinstance(frame, list):
        length, index = len(frame), pd.RangeIndex(len(frame))
        source = _row_columns(frame, spec)
        if consume:
            frame.clear()
            give_back(collect=False)  # the rows' dicts: freed to the C heap, handed back
    else:
        table = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
        length, index = len(table), table.index
        source = {name: table[name] for name in spec.column_names() if name in table.columns}
        del table
    columns: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name in source:
            values = source.pop(column.name)  # each list of values goes once cast
            if not isinstance(values, pd.Series):
                values = pd.Series(values, index=index)
        else:
            values = pd.Series([None] * length, index=index, dtype=object)
            if DTYPES.get(column.dtype, column.dtype) in ("int64", "bool"):
                values = values.fillna(0)
        columns[column.name] = _cast(values, column.dtype).reset_index(drop=True)
    keys = [key for key in sort_by if key in columns]
    if keys:
        # The order from the key columns alone, then each column put in it one at a time: a
        # sorted copy of the whole table never sits beside the unsorted one.
        ordered = pd.DataFrame({key: columns[key] for key in keys}, copy=False)
        order = ordered.sort_values(keys, kind="stable", na_position="last").index.to_numpy()
        del ordered
        for name, values in columns.items():
            columns[name] = values.take(order).reset_index(drop=True)
    return pd.DataFrame(columns, copy=False)


def _row_columns(rows: list[dict[str, Any]], spec: TableSpec) -> dict[str, list[Any]]:
    """The values of each of ``spec``'s columns that some row holds, in row order (``None``
    where a row lacks it), as ``pd.DataFrame(rows)`` would give them."""
    held = set().union(*rows) if rows else set()
    return {
        column.name: [row.get(column.name) for row in rows]
        for column in spec.columns
        if column.name in held
    }


# --- Column-wise twins of per-row steps ------------------------------------------------------
# Observers of money read every payment; a world can hold millions. These helpers give, for a
# whole column at once, exactly what the per-row code gives for one cell (same strings, same
# floats, same random draws), so an observer can drop its row loop without changing a byte.


def text_array(values: pd.Series) -> np.ndarray:
    """:func:`simulator.observers.lookup.text` of every cell, as an object array of ``str``.

    String columns are handled column-wise: only cells that start or end with whitespace (as
    Python's ``str.strip`` sees it) are stripped one by one.

    >>> text_array(pd.Series([" a ", None, "b"], dtype="str")).tolist()
    ['a', '', 'b']
    >>> text_array(pd.Series([1, None, " c"], dtype=object)).tolist()
    ['1', '', 'c']
    """
    series = pd.Series(values)
    if not isinstance(series.dtype, pd.StringDtype):
        return np.array([text(value) for value in series.tolist()], dtype=object)
    filled = series.fillna("")
    out = filled.to_numpy(dtype=object)
    first, last = filled.str[:1], filled.str[-1:]
    spaces = [char for char in {*first.unique(), *last.unique()} if char.isspace()]
    if spaces:
        padded = (first.isin(spaces) | last.isin(spaces)).to_numpy()
        for i in np.flatnonzero(padded):
            out[i] = out[i].strip()
    return out


def detail_fields(events: pd.DataFrame, keys: Sequence[str]) -> dict[str, pd.Series]:
    """``detail.get(key)`` of every event for each of ``keys`` (missing where absent).

    The same values as :func:`simulator.observers.lookup.details` followed by ``.get(key)``, read
    with pyarrow's JSON reader instead of one ``json.loads`` per row. Rows the reader might read
    differently (not starting with ``{``, on several lines, with lone surrogate escapes) and any
    table where a wanted key is not a string everywhere are parsed with ``json.loads`` as before.
    Each column comes back positionally indexed: of dtype ``str`` when every value is a string or
    absent (absent is then missing), else of dtype ``object`` with ``None`` where absent.

    >>> frame = pd.DataFrame({"detail": ['{"a":"x","b":[1]}', None, '{"b":2}']}, dtype="str")
    >>> detail_fields(frame, ["a"])["a"].tolist(), detail_fields(frame, ["b"])["b"].tolist()
    (['x', nan, nan], [[1], None, 2])
    """
    n = len(events)
    if n == 0 or "detail" not in events.columns:
        return {key: pd.Series([None] * n, dtype="str") for key in keys}
    raw = events["detail"]
    if isinstance(raw.dtype, pd.StringDtype):
        filled = raw.fillna("").reset_index(drop=True)
        risky = filled.str.contains(r"[\n\r]|\\u[dD][89a-fA-F]", regex=True)
        fast = (filled.str.startswith("{") & ~risky).to_numpy()
        slow = ~fast & (filled != "").to_numpy()
        if fast.all():
            read = _read_json_fields(filled, keys)
            if read is not None:
                return read
        parsed = _read_json_fields(filled[fast], keys) if fast.any() else None
        if parsed is None:
            slow |= fast
    else:
        slow, parsed = np.ones(n, dtype=bool), None
    out = {key: np.full(n, None, dtype=object) for key in keys}
    if parsed is not None:
        for key in keys:
            out[key][fast] = parsed[key].to_numpy(dtype=object, na_value=None)
    for i, value in zip(np.flatnonzero(slow), raw.to_numpy(dtype=object)[slow], strict=True):
        cleaned = text(value)
        detail = json.loads(cleaned) if cleaned.startswith("{") else {}
        for key in keys:
            out[key][i] = detail.get(key)
    return {key: _typed(values) for key, values in out.items()}


def may_mention(events: pd.DataFrame, words: Sequence[str]) -> np.ndarray:
    """Which events' ``detail`` could hold one of ``words`` as a text value.

    A JSON string holds a word only if the raw text shows it, or escapes a character (with a
    backslash) that could spell it; so the other events can be skipped before any parsing.

    >>> frame = pd.DataFrame({"detail": ['{"p":"on_ramp"}', '{"p":"peel"}', None]}, dtype="str")
    >>> may_mention(frame, ["on_ramp"]).tolist()
    [True, False, False]
    """
    if "detail" not in events.columns:
        return np.zeros(len(events), dtype=bool)
    raw = events["detail"]
    if not isinstance(raw.dtype, pd.StringDtype):
        return np.ones(len(events), dtype=bool)
    pattern = "|".join([*(re.escape(word) for word in words), r"\\"])
    return raw.str.contains(pattern, regex=True).to_numpy(dtype=bool, na_value=False)


def _typed(values: np.ndarray) -> pd.Series:
    """``values`` as a ``str`` column if they are all strings or ``None``, else as objects."""
    if all(value is None or type(value) is str for value in values.tolist()):
        try:
            return pd.Series(values, dtype="str")
        except UnicodeEncodeError:  # a lone surrogate (from a JSON escape) has no UTF-8 form
            pass
    return pd.Series(values, dtype=object)


def _read_json_fields(lines: pd.Series, keys: Sequence[str]) -> dict[str, pd.Series] | None:
    """``keys`` of the JSON objects ``lines`` (one per cell) as ``str`` columns; None if pyarrow
    cannot read them all as strings."""
    if not len(lines):
        return None
    schema = pa.schema([(key, pa.string()) for key in keys])
    try:
        table = pa_json.read_json(
            pa.BufferReader(_joined_lines(lines)),
            read_options=pa_json.ReadOptions(use_threads=False),
            parse_options=pa_json.ParseOptions(
                explicit_schema=schema, unexpected_field_behavior="ignore"
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != len(lines):
        return None
    return {key: pd.Series(pd.array(table.column(key), dtype="str")) for key in keys}


def _joined_lines(lines: pd.Series) -> pa.Buffer:
    """The cells of a text column joined by newlines, as one buffer (built by pyarrow)."""
    cells = pa.array(lines)
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    cells = cells.cast(pa.large_string())
    whole = pa.LargeListArray.from_arrays(pa.array([0, len(cells)], pa.int64()), cells)
    return pc.binary_join(whole, pa.scalar("\n", pa.large_string()))[0].as_buffer()


def round_like_python(values: Any, digits: int) -> np.ndarray:
    """Python's ``round(value, digits)`` of every value, column-wise.

    ``numpy.round`` scales, rounds and unscales, so it can disagree with Python's correctly
    rounded result when the scaled value lies within rounding error of a half; those few values
    are rounded by Python itself.

    >>> round_like_python([2.675, 0.125, 1.0049999999999999], 2).tolist()
    [2.67, 0.12, 1.0]
    """
    x = np.asarray(values, dtype=float)
    scale = 10.0**digits
    out = np.round(x, digits)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = x * scale
        margin = np.abs(scaled - np.floor(scaled) - 0.5)
        doubtful = ~(margin > np.maximum(1e-9, np.abs(scaled) * 1e-13)) | ~(np.abs(scaled) < 2**50)
    for i in np.flatnonzero(doubtful):
        out[i] = round(float(x[i]), digits)
    return out


def draws_in_order(rng: np.random.Generator, integer: Any, low: Any, high: Any) -> np.ndarray:
    """The values of scalar draws made one after another, computed in one go.

    Draw ``i`` is ``rng.integers(low[i], high[i])`` where ``integer[i]``, else
    ``rng.uniform(low[i], high[i])`` (``rng.random()`` is ``uniform(0, 1)``). The values, as
    floats, and the generator's state afterwards are exactly those of the loop of single calls,
    which numpy cannot batch itself when kinds or bounds vary from draw to draw. The draws are
    replayed from the generator's raw 64-bit words (numpy's PCG64, its buffered 32-bit halves and
    Lemire's bounded integers); a replay that numpy's own draws do not confirm on a test sequence
    (another numpy, another bit generator) falls back to the loop.

    >>> a, b = np.random.default_rng(3), np.random.default_rng(3)
    >>> batch = draws_in_order(a, [True, False, True], [15, 0.01, 0], [900, 0.6, 3])
    >>> loop = [b.integers(15, 900), b.uniform(0.01, 0.6), b.integers(0, 3)]
    >>> batch.tolist() == [float(v) for v in loop], a.random() == b.random()
    (True, True)
    """
    integer = np.asarray(integer, dtype=bool)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    if not (_replayable(rng, integer, low, high) and _replay_is_exact()):
        return _draw_one_by_one(rng, integer, low, high)
    return _replay(rng, integer, low, high)


_UNIT = 1.0 / 9007199254740992.0  # 2**-53: numpy turns a 64-bit word into a double with it
_HALF = np.uint64(32)
_LOW_BITS = np.uint64(0xFFFFFFFF)


def _draw_one_by_one(
    rng: np.random.Generator, integer: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """The reference: one numpy call per draw."""
    out = np.empty(len(integer))
    for i, (whole, lo, hi) in enumerate(
        zip(integer.tolist(), low.tolist(), high.tolist(), strict=True)
    ):
        out[i] = rng.integers(int(lo), int(hi)) if whole else rng.uniform(lo, hi)
    return out


def _replayable(
    rng: np.random.Generator, integer: np.ndarray, low: np.ndarray, high: np.ndarray
) -> bool:
    """Whether every draw is one the replay models (PCG64; integer spans of 1 to 2**32)."""
    if type(rng.bit_generator) is not np.random.PCG64:
        return False
    if not integer.any():
        return True
    lo, hi = low[integer], high[integer]
    span = hi - lo
    return bool(
        np.all(lo == np.floor(lo))
        and np.all(hi == np.floor(hi))
        and np.all(np.abs(lo) < 2**52)
        and np.all(np.abs(hi) < 2**52)
        and np.all((span >= 1) & (span <= 2**32))
    )


def _replay(
    rng: np.random.Generator, integer: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Replay the draws in stretches; a draw that Lemire's method would redo is made by numpy."""
    out = np.empty(len(integer))
    start = 0
    while start < len(integer):
        start += _replay_stretch(rng, integer[start:], low[start:], high[start:], out[start:])
        if start < len(integer):
            out[start] = rng.integers(int(low[start]), int(high[start]))
            start += 1
    return out


def _replay_stretch(
    rng: np.random.Generator,
    integer: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    out: np.ndarray,
) -> int:
    """Fill ``out`` up to the first draw numpy would reject and redo; return how many were filled.

    numpy's PCG64 makes a double from one 64-bit word (top 53 bits) and a bounded integer below
    2**32 from one 32-bit half: the low half of a fresh word, keeping the high half for the next
    32-bit draw (doubles do not touch that buffer). Integers use Lemire's multiply-and-reject; an
    integer over a single value takes no draw.
    """
    bits = rng.bit_generator
    state = bits.state
    buffered, kept = int(state["has_uint32"]), int(state["uinteger"])
    span = np.where(integer, high - low, 0).astype(np.uint64)
    halves = integer & (span > 1)
    order = np.cumsum(halves) - halves  # index of each 32-bit draw among them
    fresh = halves & ((order + buffered) % 2 == 0)
    takes_word = ~integer | fresh
    word_at = np.cumsum(takes_word) - takes_word
    reader = np.random.PCG64()
    reader.state = state
    words = reader.random_raw(int(takes_word.sum()))
    doubles = ~integer
    unit = (words[word_at[doubles]] >> np.uint64(11)).astype(float) * _UNIT
    out[doubles] = low[doubles] + (high[doubles] - low[doubles]) * unit
    out[integer & ~halves] = low[integer & ~halves]
    at = np.flatnonzero(halves)
    word = np.zeros(len(at), dtype=np.uint64)
    word[fresh[at]] = words[word_at[at[fresh[at]]]]
    top = word >> _HALF
    previous_top = np.concatenate([np.array([kept], dtype=np.uint64), top[:-1]])
    half = np.where(fresh[at], word & _LOW_BITS, previous_top)
    bound = span[at]
    product = half * bound
    threshold = (np.uint64(2**32) - bound) % bound
    redo = np.flatnonzero((product & _LOW_BITS) < threshold)
    done = len(at) if redo.size == 0 else int(redo[0])
    stop = len(integer) if done == len(at) else int(at[done])
    out[at[:done]] = low[at[:done]] + (product[:done] >> _HALF).astype(float)
    # Move the real generator past the replayed draws, with the 32-bit buffer they leave.
    bits.random_raw(int(takes_word[:stop].sum()), output=False)
    fresh_done = np.flatnonzero(fresh[at[:done]])
    after = bits.state
    after["has_uint32"] = (buffered + done) % 2
    after["uinteger"] = int(top[fresh_done[-1]]) if fresh_done.size else kept
    bits.state = after
    return stop


class DrawReplay:
    """Stands in for a generator's scalar ``random()`` and ``integers()`` calls, made in Python.

    A row loop whose draws depend on earlier draws (a typo only if a coin falls, at a place that
    depends on the word) cannot be batched, but each numpy scalar call costs about a microsecond.
    Inside ``with DrawReplay(rng) as fast:`` the loop calls ``fast`` instead of ``rng``: the values
    are those ``rng`` would give (replayed from its raw words, as :func:`draws_in_order` does), and
    on leaving the block ``rng`` is moved past them, as if the calls had been made on it. Where
    the replay does not match numpy (see :func:`draws_in_order`), ``fast`` simply forwards each
    call to ``rng``.

    >>> a, b = np.random.default_rng(4), np.random.default_rng(4)
    >>> with DrawReplay(a) as fast:
    ...     ours = [fast.random(), int(fast.integers(10)), int(fast.integers(-5, 5))]
    >>> ours == [b.random(), int(b.integers(10)), int(b.integers(-5, 5))], a.random() == b.random()
    (True, True)
    """

    _CHUNK = 4096  # raw words read ahead at a time

    def __init__(self, rng: np.random.Generator, *, replay: bool | None = None) -> None:
        # ``replay`` forces the replay on or off; by default it is used where it was checked.
        self._rng = rng
        if replay is None:
            replay = type(rng.bit_generator) is np.random.PCG64 and _replay_is_exact()
        self._exact = replay

    def __enter__(self) -> DrawReplay:
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sync()

    def _start(self) -> None:
        """Read ahead from the generator's current state (the generator itself is untouched)."""
        state = self._rng.bit_generator.state
        self._reader = np.random.PCG64()
        self._reader.state = state
        self._words: list[int] = []
        self._at = 0
        self._used = 0
        self._buffered, self._kept = int(state["has_uint32"]), int(state["uinteger"])

    def _sync(self) -> None:
        """Move the generator past the words used, with the 32-bit half left in its buffer."""
        if not self._exact:
            return
        bits = self._rng.bit_generator
        bits.random_raw(self._used, output=False)
        state = bits.state
        state["has_uint32"], state["uinteger"] = self._buffered, self._kept
        bits.state = state

    def _word(self) -> int:
        if self._at == len(self._words):
            self._words = self._reader.random_raw(self._CHUNK).tolist()
            self._at = 0
        word = self._words[self._at]
        self._at += 1
        self._used += 1
        return word

    def _half(self) -> int:
        if self._buffered:
            self._buffered = 0
            return self._kept
        word = self._word()
        self._buffered, self._kept = 1, word >> 32
        return word & 0xFFFFFFFF

    def random(self) -> float:
        """``rng.random()``."""
        if not self._exact:
            return self._rng.random()
        # _word() inlined: this is the call a row loop makes most.
        if self._at == len(self._words):
            return (self._word() >> 11) * _UNIT
        word = self._words[self._at]
        self._at += 1
        self._used += 1
        return (word >> 11) * _UNIT

    def integers(self, low: int, high: int | None = None) -> int:
        """``rng.integers(low)`` or ``rng.integers(low, high)``, as a Python int."""
        if high is None:
            low, high = 0, low
        span = int(high) - int(low)
        if not self._exact or not 1 <= span <= 2**32:
            # Not modelled (another generator, or a span numpy draws from 64 bits): let numpy
            # draw it, then read ahead again from where it left the generator.
            self._sync()
            value = int(self._rng.integers(low, high))
            self._start()
            return value
        if span == 1:
            return int(low)
        product = self._half() * span
        if (product & 0xFFFFFFFF) < span:
            threshold = (2**32 - span) % span
            while (product & 0xFFFFFFFF) < threshold:
                product = self._half() * span
        return int(low) + (product >> 32)


@cache
def _replay_is_exact() -> bool:
    """Whether the replay matches numpy's own draws and state on a mixed test sequence."""
    pick = np.random.default_rng(0)
    kinds = pick.choice(5, size=240, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    # The last bound makes a quarter of its draws redo (Lemire's rejection), as a few must.
    bounds = [(0.01, 0.6), (15, 900), (0, 3), (0, 1), (0, 3 * 2**30)]
    integer = kinds > 0
    low = np.array([bounds[kind][0] for kind in kinds], dtype=float)
    high = np.array([bounds[kind][1] for kind in kinds], dtype=float)
    for seed, skip in ((1, 0), (2, 1)):
        replayed, looped = np.random.default_rng(seed), np.random.default_rng(seed)
        for generator in (replayed, looped):
            generator.integers(7, size=skip)  # start once with a buffered 32-bit half
        ours = _replay(replayed, integer, low, high)
        theirs = _draw_one_by_one(looped, integer, low, high)
        if ours.tolist() != theirs.tolist() or replayed.bit_generator.state != (
            looped.bit_generator.state
        ):
            return False
        if not _scalar_replay_matches(seed, integer, low, high, theirs):
            return False
    return True


def _scalar_replay_matches(
    seed: int, integer: np.ndarray, low: np.ndarray, high: np.ndarray, expected: np.ndarray
) -> bool:
    """Whether :class:`DrawReplay` gives ``expected`` (numpy's values) and numpy's end state."""
    replayed, looped = np.random.default_rng(seed), np.random.default_rng(seed)
    for generator in (replayed, looped):
        generator.integers(7, size=seed - 1)  # the same start as the batch check
    _draw_one_by_one(looped, integer, low, high)
    with DrawReplay(replayed, replay=True) as fast:
        ours = [
            fast.integers(int(lo), int(hi)) if whole else lo + (hi - lo) * fast.random()
            for whole, lo, hi in zip(integer.tolist(), low.tolist(), high.tolist(), strict=True)
        ]
    return ours == expected.tolist() and replayed.bit_generator.state == looped.bit_generator.state


def each_distinct(values: np.ndarray | tuple[np.ndarray, ...], function: Any) -> np.ndarray:
    """``function(value)`` for every value, computed once per distinct value (an object array).

    ``values`` may also be a tuple of equally long arrays: ``function`` then takes one value of
    each, once per distinct combination.

    >>> each_distinct(np.array(["a", "b", "a"], dtype=object), str.upper).tolist()
    ['A', 'B', 'A']
    >>> each_distinct((np.array(["a", "a"]), np.array(["x", "y"])), lambda a, b: a + b).tolist()
    ['ax', 'ay']
    """
    if isinstance(values, tuple):
        codes, distinct = pd.MultiIndex.from_arrays(list(values)).factorize()
        call = [function(*key) for key in distinct]
    else:
        codes, distinct = pd.factorize(values)
        call = [function(value) for value in distinct]
    results = np.empty(len(distinct), dtype=object)
    results[:] = call
    return results[codes]


def kind_rows(events: pd.DataFrame, kinds: Sequence[str]) -> np.ndarray:
    """Positions of the ``events`` of ``kinds``, in log order (the rows of ``view.of_kind``).

    With :func:`columns_at`, an observer copies only the columns it reads, and only for the
    rows that need them (a payment log can hold millions of rows).

    >>> frame = pd.DataFrame({"kind": ["a", "b", "a"], "x": [1, 2, 3], "y": [4, 5, 6]})
    >>> columns_at(frame, kind_rows(frame, ["a"]), ["x"]).to_dict("list")
    {'x': [1, 3]}
    """
    return np.flatnonzero(events["kind"].isin(kinds).to_numpy())


def columns_at(events: pd.DataFrame, rows: np.ndarray, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` of ``events`` at positions ``rows``, positionally indexed."""
    return events[list(columns)].iloc[rows].reset_index(drop=True)


def text_equals(values: pd.Series, word: str) -> np.ndarray:
    """Which cells read ``word`` once cleaned (``text(cell) == word``), column-wise.

    Faster than comparing :func:`text_array` for a long string column: a cell can only clean
    to ``word`` if it contains it, and only those that are not already equal are cleaned.

    >>> text_equals(pd.Series(["crypto", " crypto", "cryptos", None], dtype="str"), "crypto")
    array([ True,  True, False, False])
    """
    if not word or word != word.strip() or not isinstance(values.dtype, pd.StringDtype):
        return text_array(values) == word
    same = (values == word).to_numpy(dtype=bool, na_value=False).copy()
    near = values.str.contains(word, regex=False).to_numpy(dtype=bool, na_value=False) & ~same
    rows = np.flatnonzero(near)
    same[rows] = text_array(values.iloc[rows]) == word
    return same


def persons_among(truth: dict[str, pd.DataFrame], ids: Iterable[str]) -> dict[str, Person]:
    """:func:`simulator.observers.lookup.persons`, built only for the persons in ``ids``.

    The same :class:`~simulator.observers.lookup.Person` records for those ids (rows of other
    persons are skipped before any per-row work), so an observer that needs a few names does not
    pay for a census of every migrant.

    >>> frame = pd.DataFrame({"person_id": ["P1", "P2"], "name": ["Ali Saidi", "Sara Ben"]})
    >>> sorted(persons_among({"persons": frame}, ["P2", "P9"]))
    ['P2']
    """
    frame = truth.get("persons")
    if frame is None or frame.empty:
        return {}
    wanted = pd.unique(np.asarray(list(ids), dtype=object))
    if "person_id" not in frame.columns:
        return persons({"persons": frame}) if "" in set(wanted) else {}
    keep = pd.Series(text_array(frame["person_id"])).isin(wanted).to_numpy()
    return persons({"persons": frame[keep]})
