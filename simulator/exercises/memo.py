"""Work shared between answer functions while one answer key is computed.

Several questions start from the same derived data (the advertised numbers, the communication
graph, its communities, the events of one kind). :func:`compute_answers` hands every answer function
a :class:`TruthTables`: the same tables, read-only, plus a memo that lives as long as that one
call. Helpers decorated with :func:`per_truth` compute once per call and return the stored value
afterwards; given a plain dict (a doctest, a notebook), they simply compute every time.

Memoised values are shared between answer functions: callers must not modify them.

>>> calls = []
>>> @per_truth
... def rows(truth, table):
...     calls.append(table)
...     return len(truth[table])
>>> truth = TruthTables({"t": pd.DataFrame({"a": [1, 2]})})
>>> rows(truth, "t"), rows(truth, "t"), calls
(2, 2, ['t'])
>>> rows({"t": pd.DataFrame({"a": [1]})}, "t"), calls
(1, ['t', 't'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pandas as pd

__all__ = ["TruthTables", "events_of_kind", "per_truth"]


class TruthTables(Mapping[str, pd.DataFrame]):
    """The truth tables of one answer-key computation, with a memo for derived values."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]) -> None:
        self._tables = tables
        self.memo: dict[tuple[Any, ...], Any] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def per_truth[Result](function: Callable[..., Result]) -> Callable[..., Result]:
    """Memoise ``function(truth, *args)`` in the truth's memo (when it has one).

    The key is the function and its extra arguments (which must be hashable), so one memo
    serves every helper of every question set.
    """

    @functools.wraps(function)
    def memoised(truth: Mapping[str, pd.DataFrame], *args: Any) -> Result:
        memo = getattr(truth, "memo", None)
        if memo is None:
            return function(truth, *args)
        key = (function.__module__, function.__qualname__, *args)
        if key not in memo:
            memo[key] = function(truth, *args)
        return memo[key]

    return memoised


@per_truth
def events_of_kind(truth: Mapping[str, pd.DataFrame], *kinds: str) -> pd.DataFrame:
    """The rows of ``truth["events"]`` whose ``kind`` is one of ``kinds``, in table order.

    The event log of a large case has over a million rows: every question set filters it by kind,
    and selecting rows copies every column, so each selection is made once per answer key.

    >>> events = pd.DataFrame({"kind": ["call", "sms", "call"], "day": [1, 2, 3]})
    >>> events_of_kind({"events": events}, "call")["day"].tolist()
    [1, 3]
    """
    events = truth["events"]
    return events[events["kind"].isin(kinds)]
