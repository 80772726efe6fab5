"""Long columns read a slice at a time.

Turning a column of millions of texts into Python strings (to parse, hash or read fields) holds
them all at once; a slice at a time, only one slice's worth lives. The observers parse event
details this way and the answer key hashes and reads the truth this way.

>>> import pandas as pd
>>> [part.tolist() for part in column_slices(pd.Series(list("abcde")), 2)]
[['a', 'b'], ['c', 'd'], ['e']]
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

__all__ = ["column_slices"]


def column_slices(
    column: pd.Series, rows: int, *, at: np.ndarray | None = None
) -> Iterator[pd.Series]:
    """``column``, or its values at the positions ``at`` in that order, ``rows`` values at a time.

    >>> column = pd.Series(list("abcde"))
    >>> [part.tolist() for part in column_slices(column, 2, at=np.array([4, 0, 2]))]
    [['e', 'a'], ['c']]
    """
    count = len(column) if at is None else len(at)
    for start in range(0, count, rows):
        chosen = slice(start, start + rows) if at is None else at[start : start + rows]
        yield column.iloc[chosen]
