"""How real records go wrong: typos, spelling variants, blanks, duplicates, clock skew, time zones.

Every data source keeps its records a little differently from the truth. A clerk at a transfer
office misspells a name, a telecom writes times in local time with a zone, a server clock runs a
few seconds late, an export duplicates rows, a field is left empty. The helpers here apply such
imperfections to observer output; each takes the observer's own ``numpy.random.Generator`` (from
:meth:`simulator.observers.base.WorldView.rng`), so they are deterministic and one observer's
draws never shift another's. They know nothing about smuggling: any observer can use them.

The module also shapes output to a :class:`simulator.catalog.TableSpec` (:func:`conform`), because
every observer must return exactly its spec's columns with stable dtypes.

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
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simulator.catalog import TableSpec

__all__ = [
    "DTYPES",
    "ZONES",
    "blank",
    "clock_skew",
    "conform",
    "duplicate_rows",
    "local_time",
    "misspell",
    "stable_id",
    "stable_unit",
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
    frame: pd.DataFrame | dict[str, Any], spec: TableSpec, sort_by: Iterable[str] = ()
) -> pd.DataFrame:
    """``frame`` with exactly ``spec``'s columns, in order, cast to their dtypes, sorted stably.

    Missing columns are added empty, so an observer of an empty world still returns its tables.

    >>> from simulator.catalog import Column, TableSpec
    >>> columns = (Column("a", "string", ""), Column("n", "int64", ""))
    >>> spec = TableSpec("t", "open", "d", "i", columns)
    >>> out = conform({"n": [2, 1], "a": ["y", "x"], "extra": [0, 0]}, spec, sort_by=["n"])
    >>> list(out.columns), out["a"].tolist()
    (['a', 'n'], ['x', 'y'])
    """
    frame = pd.DataFrame(frame)
    columns: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name in frame.columns:
            values = frame[column.name]
        else:
            values = pd.Series([None] * len(frame), index=frame.index, dtype=object)
            if DTYPES.get(column.dtype, column.dtype) in ("int64", "bool"):
                values = values.fillna(0)
        columns[column.name] = _cast(values, column.dtype)
    out = pd.DataFrame(columns, index=frame.index)
    keys = [key for key in sort_by if key in out.columns]
    if keys:
        out = out.sort_values(keys, kind="stable", na_position="last")
    return out.reset_index(drop=True)
