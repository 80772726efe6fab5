"""Read and write notebooks as plain data, byte for byte the way Jupyter itself writes them.

Notebooks are JSON (nbformat 4). Writing follows nbformat's own file style (sorted keys, one-space
indent, multi-line text split into lists of lines, a final newline) so a file we write and a file
Jupyter saves look the same and diff cleanly, and the same notebook always gives the same bytes.
This module needs only the standard library: ``tracelab course`` works without Jupyter installed
(the tests compare with ``nbformat`` where it is).

>>> nb = new_notebook([{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# T\\nx"}])
>>> print(dumps_notebook(nb).splitlines()[5])
   "metadata": {},
>>> loads_notebook(dumps_notebook(nb))["cells"][0]["source"]
'# T\\nx'
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

__all__ = [
    "KERNELSPEC",
    "NotebookError",
    "cell_source",
    "dumps_notebook",
    "loads_notebook",
    "new_notebook",
    "read_notebook",
    "write_notebook",
]

#: The kernel every course notebook runs on (nbval's ``--nbval-current-env`` ignores it).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

_SPLIT_MIMES = {"application/javascript", "image/svg+xml"}


class NotebookError(ValueError):
    """A file that is not a readable nbformat 4 notebook."""


def _join(value: Any) -> Any:
    return "".join(value) if isinstance(value, list) else value


def _join_bundle(bundle: dict[str, Any]) -> None:
    for key, value in list(bundle.items()):
        if isinstance(value, list) and (key.startswith("text/") or key in _SPLIT_MIMES):
            bundle[key] = "".join(value)


def _split_bundle(bundle: dict[str, Any]) -> None:
    for key, value in list(bundle.items()):
        if isinstance(value, str) and (key.startswith("text/") or key in _SPLIT_MIMES):
            bundle[key] = value.splitlines(True)


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string, whether stored as text or as a list of lines.

    >>> cell_source({"source": ["a\\n", "b"]})
    'a\\nb'
    """
    return _join(cell.get("source", "")) or ""


def loads_notebook(text: str, *, name: str = "notebook") -> dict[str, Any]:
    """Parse notebook JSON; sources and text outputs become single strings.

    >>> try:
    ...     loads_notebook("[]")
    ... except NotebookError as error:
    ...     print(error)
    notebook: not a notebook (no list of cells)
    """
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"{name}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise NotebookError(f"{name}: not a notebook (no list of cells)")
    if nb.get("nbformat") != 4:
        raise NotebookError(f"{name}: nbformat {nb.get('nbformat')!r} (allowed: 4)")
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            raise NotebookError(f"{name}: a cell is not a code, markdown or raw cell")
        cell["source"] = cell_source(cell)
        cell.setdefault("metadata", {})
        for attachment in (cell.get("attachments") or {}).values():
            _join_bundle(attachment)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = _join(output.get("text", ""))
            _join_bundle(output.get("data", {}))
    nb.setdefault("metadata", {})
    return nb


def read_notebook(path: Path | str) -> dict[str, Any]:
    """Read the notebook at ``path`` (see :func:`loads_notebook`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NotebookError(f"{path}: cannot read ({error.__class__.__name__})") from None
    return loads_notebook(text, name=str(path))


def dumps_notebook(nb: dict[str, Any]) -> str:
    """The notebook as nbformat writes it: sorted keys, indent 1, split lines, final newline."""
    nb = copy.deepcopy(nb)
    for key in ("orig_nbformat", "orig_nbformat_minor", "signature"):
        nb.get("metadata", {}).pop(key, None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("trusted", None)
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(True)
        for attachment in (cell.get("attachments") or {}).values():
            _split_bundle(attachment)
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("execute_result", "display_data"):
                _split_bundle(output.get("data", {}))
            elif output.get("output_type") == "stream" and isinstance(output.get("text"), str):
                output["text"] = output["text"].splitlines(True)
    text = json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)
    return text + "\n"


def write_notebook(nb: dict[str, Any], path: Path | str) -> None:
    """Write the notebook to ``path`` (UTF-8, ``\\n`` line ends on every platform)."""
    Path(path).write_bytes(dumps_notebook(nb).encode("utf-8"))


def new_notebook(cells: list[dict[str, Any]], metadata: dict[str, Any] | None = None) -> dict:
    """A notebook (nbformat 4.5) holding ``cells``, with the Python 3 kernel by default.

    >>> new_notebook([])["metadata"]["kernelspec"]["name"]
    'python3'
    """
    base = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return {
        "cells": cells,
        "metadata": {**base, **(metadata or {})},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
