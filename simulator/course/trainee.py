"""Turn an instructor notebook into its trainee copy (the notebook only; files are in release).

Instructor cells go, solution cells become ``answer`` placeholders (see
:func:`simulator.course.roles.placeholder_source`), check cells stay and become read-only, every
output and execution count is cleared, cell ids are renumbered and metadata is reduced to what
Jupyter needs. The result depends on the input only, so a release is reproducible.

>>> nb = {"cells": [
...     {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "a = 1", "outputs": []},
...     {"cell_type": "code", "metadata": {"tags": ["check"]}, "source": "q[1].check(a)",
...      "outputs": [{"output_type": "stream", "name": "stdout", "text": "ok"}],
...      "execution_count": 4},
...     {"cell_type": "markdown", "metadata": {"tags": ["instructor"]}, "source": "psst"},
... ], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
>>> out = trainee_notebook(nb, "01-demo")
>>> [cell["source"].splitlines()[-1] for cell in out["cells"]]
['a = ...  # your answer here', 'q[1].check(a)']
>>> out["cells"][1]["outputs"], out["cells"][1]["execution_count"]
([], None)
"""

from __future__ import annotations

from typing import Any

from simulator.course.notebook import cell_source, new_notebook
from simulator.course.roles import (
    ANSWER,
    CHECK,
    INSTRUCTOR,
    KEPT_TAGS,
    SOLUTION,
    cell_tags,
    placeholder_source,
    role_of,
)
from simulator.course.source import check_calls, parse_cell

__all__ = ["answer_names", "next_visible", "trainee_notebook"]


def next_visible(cells: list[dict[str, Any]], index: int) -> int | None:
    """Index of the first cell after ``index`` that the trainee sees (skips instructor cells).

    >>> next_visible([{}, {"metadata": {"tags": ["instructor"]}}, {}], 0)
    2
    """
    for later in range(index + 1, len(cells)):
        if role_of(cells[later]) != INSTRUCTOR:
            return later
    return None


def answer_names(cells: list[dict[str, Any]], index: int) -> list[str]:
    """The names the placeholder for solution cell ``index`` must set.

    ``metadata.tracelab.answers`` on the solution cell wins; otherwise they are the plain names
    passed to ``.check(...)`` in the check cell that follows, in order, without repeats.

    >>> cells = [{"metadata": {}}, {"metadata": {"tags": ["check"]},
    ...           "source": "q[1].check(hits)\\nq[2].check(hits)"}]
    >>> answer_names(cells, 0)
    ['hits']
    """
    declared = cells[index].get("metadata", {}).get("tracelab", {})
    if isinstance(declared, dict) and isinstance(declared.get("answers"), list):
        return [str(name) for name in declared["answers"]]
    after = next_visible(cells, index)
    if after is None or role_of(cells[after]) != CHECK:
        return []
    tree = parse_cell(cell_source(cells[after]))
    names: list[str] = []
    for call in check_calls(tree) if tree is not None else []:
        if call.is_name and call.argument not in names:
            names.append(call.argument)
    return names


def _code(source: str, tags: list[str], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"tags": tags} if tags else {}
    metadata.update(extra or {})
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata,
        "outputs": [],
        "source": source,
    }


def _kept(cell: dict[str, Any]) -> dict[str, Any]:
    tags = [tag for tag in cell_tags(cell) if tag in KEPT_TAGS]
    if cell["cell_type"] == "code":
        # Check cells are the judge, not the trainee's work: JupyterLab will not let them be
        # edited or deleted by accident (they can still be run).
        extra = {"deletable": False, "editable": False} if role_of(cell) == CHECK else None
        return _code(cell_source(cell), tags, extra)
    kept: dict[str, Any] = {
        "cell_type": cell["cell_type"],
        "metadata": {"tags": tags} if tags else {},
        "source": cell_source(cell),
    }
    if cell.get("attachments"):
        kept["attachments"] = cell["attachments"]
    return kept


def trainee_notebook(nb: dict[str, Any], slug: str) -> dict[str, Any]:
    """The trainee copy of instructor notebook ``nb`` (a new object; ``nb`` is not changed)."""
    cells: list[dict[str, Any]] = nb["cells"]
    out: list[dict[str, Any]] = []
    for index, cell in enumerate(cells):
        role = role_of(cell)
        if role == INSTRUCTOR or (role == SOLUTION and cell["cell_type"] != "code"):
            continue
        if role == SOLUTION:
            out.append(_code(placeholder_source(answer_names(cells, index)), [ANSWER]))
        else:
            out.append(_kept(cell))
    for number, cell in enumerate(out, start=1):
        # Fresh ids by position: deterministic, and they say nothing about the instructor copy.
        cell["id"] = f"cell-{number:03d}"
    return new_notebook(out, {"tracelab": {"copy": "trainee", "episode": slug}})
