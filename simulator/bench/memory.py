"""Peak memory of a whole process tree: a generation and the workers it forks.

``ru_maxrss`` is the peak of one process. Generation forks worker processes that share the finished
world copy-on-write, so neither one process's peak nor the sum of their resident sizes is the
memory the machine needed: shared pages would be counted once per process. The proportional set
size (PSS, Linux ``/proc/<pid>/smaps_rollup``) splits every shared page between the processes that
map it, so the sum of PSS over the tree is the tree's real footprint. :class:`TreeMemory` samples
it on a background thread and keeps the peak.

Sampling can miss a spike shorter than the wait between two samples; the report gives the
longest wait. Reading ``smaps_rollup`` walks a process's page tables: during the 100,000-migrant
case one sample of the tree took about 30 ms of CPU on average and up to 0.26 s, and at one
sample every 100 ms the sampler used a third of a core of the 2-core machine whose generation it
measured. The wait therefore grows with a sample's cost, so that the sampler keeps to
:data:`MAX_SHARE` of one core (there, a sample about every 5 s at the peak).

>>> import os
>>> tree_pss_mb(os.getpid()) > 0
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["MAX_SHARE", "TreeMemory", "descendants", "phase_in_file", "tree_pss_mb"]

#: Largest share of one core the sampler's own reading may use.
MAX_SHARE = 0.05


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (children of all its threads), parents first."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        for task in sorted(Path(f"/proc/{current}/task").glob("*")):
            try:
                children = (task / "children").read_text().split()
            except OSError:  # the process or thread ended meanwhile
                continue
            queue.extend(int(child) for child in children)
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_mb(pid: int) -> float:
    """Summed proportional set size of ``pid`` and its descendants, in MiB (0 off Linux)."""
    return sum(_pss_kib(member) for member in descendants(pid)) / 1024


def phase_in_file(path: Path | str) -> Callable[[], str]:
    """A reader of the phase name a generation writes to ``path`` ("" before it writes one).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     read = phase_in_file(Path(folder) / "phase")
    ...     before = read()
    ...     _ = (Path(folder) / "phase").write_text("observe")
    ...     before, read()
    ('', 'observe')
    """
    path = Path(path)

    def read() -> str:
        try:
            return path.read_text().strip()
        except OSError:
            return ""

    return read


class TreeMemory:
    """Sample :func:`tree_pss_mb` of ``pid`` every ``interval`` seconds, or less often when a
    sample costs more than :data:`MAX_SHARE` of that, until stopped. ``longest_wait`` is the
    longest time between two samples (the shortest spike the peak is sure to include).

    With ``phase`` (a callable naming the generation's current phase, see
    :func:`phase_in_file`), ``peak_by_phase`` holds the peak of the samples taken in each named
    phase: where the peak is, for whoever works on memory next.

    >>> import os, time
    >>> with TreeMemory(os.getpid(), interval=0.01, phase=lambda: "simulate") as memory:
    ...     time.sleep(0.05)
    >>> memory.peak_mb > 0 and memory.samples > 0, list(memory.peak_by_phase)
    (True, ['simulate'])
    """

    def __init__(
        self, pid: int, interval: float = 0.1, phase: Callable[[], str] | None = None
    ) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_by_phase: dict[str, float] = {}
        self.samples = 0
        self.longest_wait = interval
        self._phase = phase
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-memory", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.thread_time()
            # The phase as the sample starts: a sample of a large tree takes a while.
            name = self._phase() if self._phase is not None else ""
            sample = tree_pss_mb(self.pid)
            self.peak_mb = max(self.peak_mb, sample)
            if name:
                self.peak_by_phase[name] = max(self.peak_by_phase.get(name, 0.0), sample)
            self.samples += 1
            wait = max(self.interval, (time.thread_time() - started) / MAX_SHARE)
            self.longest_wait = max(self.longest_wait, wait)
            self._stop.wait(wait)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
