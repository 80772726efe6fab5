"""Cell roles of an instructor notebook, given as cell metadata tags (one role per cell).

An episode is one instructor notebook holding the solutions; the trainee copy is derived from it
(:mod:`simulator.course.release`). A cell's role says what happens to it on release:

==============  ========  =================================================================
tag             cell      in the trainee copy
==============  ========  =================================================================
front-matter    markdown  kept: title, questions, objectives, teaching/exercise minutes
parameters      code      kept: ``CASE = "central-med/seed-7"`` (``$TRACELAB_CASE`` wins)
instructor      any       removed: notes for the instructor only
solution        code      replaced by an ``answer`` placeholder (``name = ...``)
solution        markdown  removed: the model answer to a discussion question
check           code      kept, read-only: ``q[n].check(name)`` with ``# NBVAL_CHECK_OUTPUT``
key-points      markdown  kept: closing key points that mirror the objectives
(none)          any       kept: explanations, demonstrations, challenges
==============  ========  =================================================================

>>> role_of({"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ""})
'solution'
>>> placeholder_source(["answer_1"])
'# Your code here: set the answer, then run the check below.\\nanswer_1 = ...  # your answer here'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "ANSWER",
    "CHECK",
    "CHECK_MARKER",
    "FRONT_MATTER",
    "INSTRUCTOR",
    "KEPT_TAGS",
    "KEY_POINTS",
    "PARAMETERS",
    "PLACEHOLDER_HEAD",
    "ROLES",
    "SOLUTION",
    "cell_tags",
    "placeholder_source",
    "role_of",
    "roles_of",
]

FRONT_MATTER = "front-matter"
PARAMETERS = "parameters"
INSTRUCTOR = "instructor"
SOLUTION = "solution"
CHECK = "check"
KEY_POINTS = "key-points"
#: The tag of the placeholder cell that replaces a solution in the trainee copy.
ANSWER = "answer"

#: Every role tag an author may put on a cell (``answer`` is made by the release only).
ROLES: tuple[str, ...] = (FRONT_MATTER, PARAMETERS, INSTRUCTOR, SOLUTION, CHECK, KEY_POINTS)

#: The comment nbval looks for: the cell's output is compared even under ``--nbval-lax``.
CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"

#: Tags the trainee copy keeps: our roles, and nbval's own tags (a cell that is meant to raise
#: must still be marked so in the trainee run). Anything else is editor state and is dropped.
_NBVAL_TAGS = ("nbval-ignore-output", "nbval-check-output", "nbval-skip", "nbval-raises-exception")
KEPT_TAGS: frozenset[str] = frozenset(
    (FRONT_MATTER, PARAMETERS, CHECK, KEY_POINTS, ANSWER, *_NBVAL_TAGS, "raises-exception")
)

#: First line of every placeholder cell.
PLACEHOLDER_HEAD = "# Your code here: set the answer, then run the check below."


def cell_tags(cell: Mapping[str, Any]) -> list[str]:
    """The cell's metadata tags (an empty list when absent or malformed).

    >>> cell_tags({"metadata": {"tags": ["check", 3]}})
    ['check']
    """
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list):
        return []
    return [tag for tag in tags if isinstance(tag, str)]


def roles_of(cell: Mapping[str, Any]) -> list[str]:
    """Every role tag on the cell, in :data:`ROLES` order (more than one is an authoring error).

    >>> roles_of({"metadata": {"tags": ["check", "solution", "hide-input"]}})
    ['solution', 'check']
    """
    tags = set(cell_tags(cell))
    return [role for role in ROLES if role in tags]


def role_of(cell: Mapping[str, Any]) -> str | None:
    """The cell's role, or ``None`` for plain content. With several roles, the first wins.

    The order of :data:`ROLES` makes the safe choice: a cell tagged both ``instructor`` and
    ``check`` is treated as instructor-only, so nothing meant for instructors leaks.

    >>> role_of({"metadata": {}}) is None
    True
    """
    found = roles_of(cell)
    # Stripping roles first: a doubly-tagged cell must never leak into the trainee copy.
    for role in (INSTRUCTOR, SOLUTION):
        if role in found:
            return role
    return found[0] if found else None


def placeholder_source(names: Iterable[str]) -> str:
    """The code that replaces a solution cell: each answer name set to ``...`` (not attempted).

    ``...`` is what the exercises treat as "not attempted", so the trainee copy runs from top
    to bottom and every check says so until the trainee writes an answer.

    >>> print(placeholder_source(["suspects", "total"]))
    # Your code here: set the answer, then run the check below.
    suspects = ...  # your answer here
    total = ...  # your answer here
    """
    lines = [PLACEHOLDER_HEAD]
    lines += [f"{name} = ...  # your answer here" for name in names]
    return "\n".join(lines)
