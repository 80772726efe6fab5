"""Time the notebook suite: every ``courses/*.ipynb`` run through nbval, as ``make test`` does.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     notebook_suite(folder)["seconds"] is None
True
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

__all__ = ["notebook_suite"]


def notebook_suite(courses: Path | str = "courses") -> dict[str, Any]:
    """Run the course notebooks in nbval and time them; ``seconds`` is None when none can run.

    Returns
    -------
    dict
        ``notebooks`` (how many), ``seconds`` (wall time of the nbval run, including the course
        case being made ready if it is missing), ``passed`` and ``reason`` (why nothing was
        timed, or None).
    """
    paths = sorted(path.resolve() for path in Path(courses).glob("*.ipynb"))
    if not paths:
        reason = f"{courses}/ holds no notebooks yet"
        return {"notebooks": 0, "seconds": None, "passed": None, "reason": reason}
    try:
        from simulator.course.validate import run_nbval
    except ImportError as error:  # pragma: no cover - the course package ships with the project
        return {"notebooks": len(paths), "seconds": None, "passed": None, "reason": str(error)}
    start = time.perf_counter()
    done = run_nbval(paths)
    seconds = time.perf_counter() - start
    return {
        "notebooks": len(paths),
        "seconds": seconds,
        "passed": done.returncode == 0,
        "reason": None if done.returncode == 0 else "nbval failed: " + done.stdout[-300:],
    }
