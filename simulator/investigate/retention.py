"""Retention windows and preservation holds: which provider records still exist at a request date.

A provider deletes records older than its retention window. A preservation order freezes what the
provider holds on the day it is served (everything from ``date - retention_days``) for
``preservation_days``; a further preservation served while a hold runs extends it, keeping the
original start. Records newer than the request date do not exist yet.

>>> from datetime import date
>>> holds = [date(2024, 1, 10), date(2024, 3, 1)]
>>> preserved_since(holds, date(2024, 4, 15), retention_days=30, hold_days=60)
datetime.date(2023, 12, 11)
>>> preserved_since(holds, date(2024, 9, 1), retention_days=30, hold_days=60) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

__all__ = ["available_mask", "preserved_since", "to_utc_naive"]


def preserved_since(
    preservation_dates: Iterable[date], request_date: date, *, retention_days: int, hold_days: int
) -> date | None:
    """The earliest record date a running preservation hold keeps at ``request_date``, or None.

    Holds are chained: a preservation served before the previous hold expired extends it and
    keeps its start. Preservations served after ``request_date`` do not count.
    """
    chain_start: date | None = None
    hold_until: date | None = None
    result: date | None = None
    for served in sorted(preservation_dates):
        if served > request_date:
            break
        if hold_until is None or served > hold_until:
            chain_start = served - timedelta(days=retention_days)
        hold_until = served + timedelta(days=hold_days)
        result = chain_start if request_date <= hold_until else None
    return result


def to_utc_naive(values: pd.Series) -> pd.Series:
    """Parse a time column to naive UTC timestamps (unparseable values become NaT).

    >>> to_utc_naive(pd.Series(["2024-01-01T10:00:00+02:00"])).iloc[0]
    Timestamp('2024-01-01 08:00:00')
    """
    parsed = pd.to_datetime(values, utc=True, errors="coerce", format="mixed")
    return parsed.dt.tz_localize(None)


def available_mask(
    times: pd.Series, request_date: date, *, retention_days: int, preserved_from: date | None
) -> pd.Series:
    """Which records exist at the provider on ``request_date``.

    A record is there if it is not newer than the request date and either still inside the
    retention window or covered by a running preservation hold. Records with no time are kept
    (the provider cannot age them out).

    >>> times = pd.Series(["2024-01-01", "2024-05-20", "2024-07-02"])
    >>> available_mask(times, date(2024, 6, 30), retention_days=60, preserved_from=None).tolist()
    [False, True, False]
    """
    stamps = to_utc_naive(times)
    day_end = pd.Timestamp(request_date) + pd.Timedelta(days=1)
    oldest = pd.Timestamp(request_date) - pd.Timedelta(days=retention_days)
    if preserved_from is not None:
        oldest = min(oldest, pd.Timestamp(preserved_from))
    inside = (stamps >= oldest) & (stamps < day_end)
    return (inside | stamps.isna()).astype(bool)
