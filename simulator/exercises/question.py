"""An exercise declared as data: prompt, answer type, answer function, tiered hints, solution.

The answer function runs on the truth tables when the case is generated (never on a trainee's
machine); only salted digests of its result reach the case. The solution is a method (text and
code working on visible data), never a clear answer, so it can ship in the package.

>>> from simulator.exercises.answers import Number
>>> q = Question(
...     id="demo.posts",
...     prompt="How many posts are in the case?",
...     answer=Number(),
...     compute=lambda truth: 4,
...     hints=("Look at case.posts.", "len() counts rows."),
...     solution="len(case.posts)",
... )
>>> q.answer.expects()
'the expected number (exactly)'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from simulator.exercises.answers import AnswerType, FreeText

__all__ = ["QUESTION_ID", "AnswerFunction", "Question"]

#: Question ids: lowercase, digits, ``.``, ``_``, ``-`` (conventionally ``<episode>.<name>``).
QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")

#: Computes the true answer from the truth tables (by name); ``None`` means "no answer in
#: this case" (the exercise is then shown as unavailable rather than failing generation).
AnswerFunction = Callable[[Mapping[str, pd.DataFrame]], Any]


@dataclass(frozen=True)
class Question:
    """One checked exercise.

    Parameters
    ----------
    id
        Unique across all lessons (keys ``answers.json``).
    prompt
        The question as shown to the trainee.
    answer
        How the answer is given and compared: :class:`Exact`, :class:`Number`,
        :class:`SetOf`, :class:`Ranked` or :class:`FreeText`.
    compute
        The answer function on the truth tables (not needed for free text).
    hints
        Tiered hints, gentlest first.
    solution
        The method (text and code) shown in instructor mode.
    title
        A short name for listings.
    """

    id: str
    prompt: str
    answer: AnswerType
    compute: AnswerFunction | None = None
    hints: tuple[str, ...] = ()
    solution: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if not QUESTION_ID.match(self.id):
            raise ValueError(
                f"question id {self.id!r}: use lowercase letters, digits, '.', '_' or '-'"
            )
        if self.compute is None and not isinstance(self.answer, FreeText):
            raise ValueError(f"question {self.id}: an answer function (compute=) is required")
        if isinstance(self.hints, str):
            raise ValueError(
                f"question {self.id}: hints must be a tuple of strings, not one string"
            )
