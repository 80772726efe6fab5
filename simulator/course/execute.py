"""Run an instructor notebook top to bottom and store its outputs, as nbval will compare them.

Instructors normally "Restart kernel and run all" in JupyterLab and save; this does the same from
the command line (``tracelab course execute``) with the Python that runs it, in the notebook's
folder, and without per-cell timing metadata, so re-running an unchanged notebook on the same case
changes nothing but what the code prints. It needs Jupyter (``nbclient``, ``ipykernel``), which
the ``lab`` and ``test`` extras install.

>>> DEFAULT_TIMEOUT
60
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from simulator.course.notebook import loads_notebook, read_notebook, write_notebook

__all__ = ["DEFAULT_TIMEOUT", "ExecuteError", "execute_notebook"]

#: Seconds a cell may run, as in ``--nbval-cell-timeout`` (the issue asks for under 10 s).
DEFAULT_TIMEOUT = 60


class ExecuteError(RuntimeError):
    """A cell raised, timed out, or Jupyter is not installed."""


def execute_notebook(
    path: Path | str, *, timeout: int = DEFAULT_TIMEOUT, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Execute the notebook at ``path`` in its own folder, save it with outputs, return it.

    ``env`` adds environment variables for the kernel (e.g. ``TRACELAB_CASE``).
    """
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError
    except ImportError:
        raise ExecuteError("needs Jupyter: pip install -e '.[lab]' (or make setup)") from None
    path = Path(path)
    nb = nbformat.from_dict(read_notebook(path))
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})  # the kernel inherits this process's environment
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        raise ExecuteError(f"{path}: {str(error).strip().splitlines()[-1]}") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    result = loads_notebook(json.dumps(nb), name=str(path))
    for cell in result["cells"]:
        cell.get("metadata", {}).pop("execution", None)
    write_notebook(result, path)
    return result
