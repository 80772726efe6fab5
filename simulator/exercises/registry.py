"""Question sets by episode: ``lesson("01-online-monitoring", case)`` finds them here.

Episodes register their questions in one of two ways: a module in
:mod:`simulator.exercises.sets` defining ``LESSON`` (the episode name) and ``QUESTIONS`` (a tuple
of :class:`Question`), discovered automatically; or a call to :func:`register_lesson`.

>>> from simulator.exercises.answers import Number
>>> q = Question(id="doc.count", prompt="How many?", answer=Number(), compute=lambda t: 1)
>>> register_lesson("doc-demo", [q])
>>> [question.id for question in lesson_questions("doc-demo")]
['doc.count']
>>> unregister_lesson("doc-demo")
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from simulator.exercises.question import Question

__all__ = [
    "all_questions",
    "lesson_questions",
    "lessons",
    "register_lesson",
    "unregister_lesson",
]

_LESSONS: dict[str, tuple[Question, ...]] = {}
_discovered = False


def _discover() -> None:
    """Import every module of :mod:`simulator.exercises.sets` once (sorted, so order is fixed)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    from simulator.exercises import sets

    for module_info in sorted(pkgutil.iter_modules(sets.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{sets.__name__}.{module_info.name}")
        name = getattr(module, "LESSON", None)
        questions = getattr(module, "QUESTIONS", None)
        if name and questions is not None and name not in _LESSONS:
            register_lesson(name, questions)


def register_lesson(name: str, questions: Iterable[Question], *, replace: bool = False) -> None:
    """Register the questions of episode ``name`` (ids must be unique across all lessons)."""
    questions = tuple(questions)
    if name in _LESSONS and not replace:
        raise ValueError(f"lesson {name!r} is already registered")
    taken = {q.id for other, listed in _LESSONS.items() if other != name for q in listed}
    ids = [q.id for q in questions]
    repeated = sorted({i for i in ids if ids.count(i) > 1} | (set(ids) & taken))
    if repeated:
        raise ValueError(f"lesson {name!r}: question ids used twice: {', '.join(repeated)}")
    _LESSONS[name] = questions


def unregister_lesson(name: str) -> None:
    """Forget a lesson (for tests and interactive authoring)."""
    _LESSONS.pop(name, None)


def lessons() -> list[str]:
    """Names of every registered lesson, sorted."""
    _discover()
    return sorted(_LESSONS)


def lesson_questions(name: str) -> tuple[Question, ...]:
    """The questions of lesson ``name``."""
    _discover()
    if name not in _LESSONS:
        known = ", ".join(sorted(_LESSONS)) or "none"
        raise KeyError(f"no lesson {name!r}; registered lessons: {known}")
    return _LESSONS[name]


def all_questions() -> list[Question]:
    """Every registered question, lesson by lesson (what the generator digests)."""
    _discover()
    return [question for name in sorted(_LESSONS) for question in _LESSONS[name]]
