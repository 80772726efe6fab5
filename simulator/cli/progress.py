"""A plain text progress bar for long commands, drawn on stderr only when it is a terminal.

No dependency: one line redrawn with ``\\r``. It is drawn only when the text changes, so a
callback fired for every event costs a string comparison, not a terminal write.

>>> import io
>>> stream = io.StringIO()
>>> bar = ProgressBar(stream, enabled=True, width=10)
>>> bar.draw("writing", 0.5, "1/2 open/posts")
>>> stream.getvalue()
'\\rwriting     [#####     ]  50% 1/2 open/posts'
"""

from __future__ import annotations

import shutil
import sys
from numbers import Real
from typing import Any, TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """One progress line on ``stream``; silent when ``enabled`` is false.

    Use :meth:`for_stderr` to enable it only on a terminal. :meth:`phase` and :meth:`tables`
    and :meth:`tasks` return callbacks for the simulator, for
    :func:`simulator.case.write_case` and for the observers.
    """

    def __init__(self, stream: TextIO, *, enabled: bool, width: int = 30) -> None:
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self._shown = ""

    @classmethod
    def for_stderr(cls) -> ProgressBar:
        """A bar on ``sys.stderr``, enabled only if stderr is a terminal."""
        stream = sys.stderr
        return cls(stream, enabled=bool(getattr(stream, "isatty", lambda: False)()))

    def draw(self, title: str, fraction: float | None, label: str = "") -> None:
        """Redraw the line: ``title [####    ]  40% label`` (no bar when ``fraction`` is None)."""
        if not self.enabled:
            return
        if fraction is None:
            text = f"{title:<11} {label}"
        else:
            fraction = min(max(float(fraction), 0.0), 1.0)
            filled = round(fraction * self.width)
            bar = "#" * filled + " " * (self.width - filled)
            text = f"{title:<11} [{bar}] {fraction:>4.0%} {label}".rstrip()
        columns = shutil.get_terminal_size((100, 20)).columns
        text = text[: max(columns - 1, 10)]
        if text == self._shown:
            return
        padding = " " * max(len(self._shown) - len(text), 0)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._shown = text

    def finish(self) -> None:
        """End the current line so the next output starts on a fresh one."""
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = ""

    def phase(self, title: str) -> Any:
        """A forgiving callback for a phase whose progress arrives as a fraction or counts.

        It accepts ``cb(fraction)``, ``cb(done, total)`` or ``cb(done, total, label)`` (and the
        keywords ``fraction``, ``done``, ``total``, ``label``), so the simulator may report in
        whichever form is natural to it.
        """

        def callback(*args: Any, **kwargs: Any) -> None:
            numbers = [value for value in args if isinstance(value, Real)]
            texts = [value for value in args if isinstance(value, str)]
            label = str(kwargs.get("label", texts[0] if texts else ""))
            fraction = kwargs.get("fraction")
            done = kwargs.get("done", numbers[0] if len(numbers) >= 2 else None)
            total = kwargs.get("total", numbers[1] if len(numbers) >= 2 else None)
            if fraction is None and done is not None and total:
                fraction = float(done) / float(total)
            elif fraction is None and len(numbers) == 1:
                fraction = float(numbers[0])
            self.draw(title, fraction, label)

        return callback

    def tasks(self, title: str) -> Any:
        """A callback for tasks that run side by side: ``cb(done, total, running)``.

        >>> import io
        >>> stream = io.StringIO()
        >>> ProgressBar(stream, enabled=True, width=4).tasks("observing")(1, 4, "telecom")
        >>> stream.getvalue()
        '\\robserving   [#   ]  25% 1/4 done, running telecom'
        """

        def callback(done: int, total: int, running: str) -> None:
            label = f"{done}/{total} done"
            if running:
                label += f", running {running}"
            self.draw(title, done / total if total else 1.0, label)

        return callback

    def tables(self, title: str) -> Any:
        """A callback for :func:`simulator.case.write_case`: ``cb(done, total, label)``."""

        def callback(done: int, total: int, label: str) -> None:
            fraction = done / total if total else 1.0
            self.draw(title, fraction, f"{min(done + 1, total)}/{total} {label}")

        return callback
