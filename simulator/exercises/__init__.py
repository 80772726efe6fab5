"""Checked exercises: questions as data, answers as salted digests, feedback that never tells.

Declare questions with an answer type (:class:`Exact`, :class:`Number`, :class:`SetOf`,
:class:`Ranked`, :class:`FreeText`), an answer function on the truth, tiered hints and a solution;
the case generator calls :func:`write_answers`; a notebook calls :func:`lesson` and checks answers.
It reads case files only and never imports the simulator internals.
"""

from simulator.exercises.answers import (
    STATUSES,
    AnswerType,
    Exact,
    FreeText,
    Number,
    Ranked,
    SetOf,
    Verdict,
)
from simulator.exercises.key import (
    ANSWERS_FILE,
    ANSWERS_FORMAT,
    compute_answers,
    derive_salt,
    read_answers,
    write_answers,
)
from simulator.exercises.question import Question
from simulator.exercises.registry import (
    all_questions,
    lesson_questions,
    lessons,
    register_lesson,
    unregister_lesson,
)
from simulator.exercises.session import Exercise, QuestionSet, lesson
from simulator.exercises.views import Feedback, HintView, SolutionView

__all__ = [
    "ANSWERS_FILE",
    "ANSWERS_FORMAT",
    "STATUSES",
    "AnswerType",
    "Exact",
    "Exercise",
    "Feedback",
    "FreeText",
    "HintView",
    "Number",
    "Question",
    "QuestionSet",
    "Ranked",
    "SetOf",
    "SolutionView",
    "Verdict",
    "all_questions",
    "compute_answers",
    "derive_salt",
    "lesson",
    "lesson_questions",
    "lessons",
    "read_answers",
    "register_lesson",
    "unregister_lesson",
    "write_answers",
]
