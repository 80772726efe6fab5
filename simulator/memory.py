"""Give freed memory back to the system between phases of a large generation.

A process keeps what it freed for later use: Python's garbage (a finished model is a web of
objects that refer to each other, freed only by a collection), the C heap's free chunks
(numpy arrays, large Python objects) and Arrow's memory pool. Between phases that is the wrong
choice: what comes next allocates from another allocator, or forks children that would share
nothing of it. :func:`give_back` hands all three back, so that a phase's peak is its own
working set, not the sum of every phase before it.

>>> give_back() >= 0
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache

import pyarrow as pa

__all__ = ["give_back"]


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """glibc's ``malloc_trim``, or ``None`` on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> int:
    """Collect garbage and return free memory to the system; the objects collected.

    Costs a full collection and a walk of the C heap (a few milliseconds for a heap of
    gigabytes), so it belongs between phases, not in loops.
    """
    collected = gc.collect()
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    return collected
