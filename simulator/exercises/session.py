"""Exercises bound to an open case: check, hint, solution, and a local log of every attempt.

``lesson(name, case)`` returns a :class:`QuestionSet`; ``q[1]`` is its first exercise (numbered
from 1, as in the notebook). Attempts are appended to ``<work folder>/exercises/attempts.jsonl``
(time, exercise, action, status, the trainee's own answer) for the trainee and instructor to
review; nothing there comes from the answer key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from simulator.exercises.answers import Verdict, blank_verdict
from simulator.exercises.key import digester_for, read_answers
from simulator.exercises.question import Question
from simulator.exercises.registry import lesson_questions
from simulator.exercises.views import Feedback, HintView, PromptView, SolutionView

__all__ = ["AttemptLog", "Exercise", "QuestionSet", "lesson"]

_MAX_LOGGED = 200


def _loggable(answer: Any) -> Any:
    """The trainee's answer in a JSON-friendly, bounded form."""
    if hasattr(answer, "columns") and len(answer.columns) == 1:
        answer = answer.iloc[:, 0]
    if hasattr(answer, "tolist"):
        answer = answer.tolist()
    if isinstance(answer, set | frozenset):
        answer = sorted(map(str, answer))
    if isinstance(answer, list | tuple):
        return [_loggable(item) for item in list(answer)[:_MAX_LOGGED]]
    if isinstance(answer, str | int | float | bool) or answer is None:
        return answer
    return str(answer)[:2000]


class AttemptLog:
    """Append-only JSON Lines log of checks, hints and solutions viewed."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, record: dict[str, Any]) -> None:
        """Append one record (with a UTC time stamp)."""
        from simulator.investigate.hashing import utc_now

        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": utc_now(), **record}, ensure_ascii=False, default=str)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def records(self) -> list[dict[str, Any]]:
        """Every record, oldest first."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


class Exercise:
    """One question bound to a case's answer key, numbered within its lesson."""

    def __init__(
        self,
        question: Question,
        number: int,
        key: Mapping[str, Any] | None,
        log: AttemptLog,
        case: Any,
    ) -> None:
        self.question = question
        self.number = number
        self._key = key
        self._log = log
        self._case = case

    @property
    def id(self) -> str:
        """The question id."""
        return self.question.id

    def _record(self) -> tuple[dict[str, Any] | None, str]:
        if self._key is None:
            return None, "This case has no answer key (answers.json); regenerate it to check."
        record = self._key["questions"].get(self.id)
        if record is None:
            return None, "This case's answer key has no entry for this exercise; regenerate it."
        if record.get("spec") != self.question.answer.spec():
            return None, "The answer key was made for another version of this exercise."
        if record.get("unavailable"):
            return None, "This exercise has no answer in this case (the scenario lacks it)."
        return record, ""

    def _decide(self, answer: Any) -> Verdict:
        blank = blank_verdict(answer)
        if blank is not None:
            return blank
        record, problem = self._record()
        if record is None:
            return Verdict("unavailable", problem)
        assert self._key is not None
        return self.question.answer.judge(self.id, answer, record, digester_for(self._key))

    def check(self, answer: Any) -> Feedback:
        """Judge ``answer``: correct, incorrect, not attempted (or submitted, for free text)."""
        verdict = self._decide(answer)
        self._log.append(
            {"question": self.id, "action": "check", "status": verdict.status,
             "answer": _loggable(answer)}
        )  # fmt: skip
        return Feedback(self.number, self.id, verdict.status, verdict.message)

    def _hints_seen(self) -> int:
        return sum(
            1
            for record in self._log.records()
            if record.get("question") == self.id and record.get("action") == "hint"
        )

    def hint(self, level: int | None = None) -> HintView:
        """The next hint, or hint ``level`` (1 = gentlest)."""
        hints = self.question.hints
        if not hints:
            return HintView(self.number, 0, 0, "")
        if level is None:
            level = min(self._hints_seen() + 1, len(hints))
        level = max(1, min(int(level), len(hints)))
        self._log.append({"question": self.id, "action": "hint", "level": level})
        return HintView(self.number, level, len(hints), hints[level - 1])

    def solution(self) -> SolutionView:
        """The method and, on an instructor case, the answer. Trainees get a polite refusal."""
        if not getattr(self._case, "instructor", False):
            return SolutionView(
                self.number,
                False,
                "solutions are shown in instructor mode only "
                "(an instructor copy opened with instructor=True).",
            )
        self._log.append({"question": self.id, "action": "solution"})
        answer = ""
        if self.question.compute is not None:
            answer = repr(self.question.compute(self._case.truth_tables()))
        return SolutionView(
            self.number, True, self.question.solution or "(no solution text)", answer
        )

    def view(self) -> PromptView:
        """The prompt, what kind of answer is expected and how many hints there are."""
        q = self.question
        return PromptView(self.number, q.title, q.prompt, q.answer.expects(), len(q.hints))

    def __repr__(self) -> str:
        return str(self.view())

    def _repr_html_(self) -> str:
        return self.view()._repr_html_()


class QuestionSet:
    """The exercises of one lesson on one case; ``q[1]`` is exercise 1 (ids work too)."""

    def __init__(self, name: str, exercises: list[Exercise]) -> None:
        self.name = name
        self._exercises = exercises

    def __len__(self) -> int:
        return len(self._exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._exercises)

    def __getitem__(self, key: int | str) -> Exercise:
        if isinstance(key, str):
            for exercise in self._exercises:
                if exercise.id == key:
                    return exercise
            raise KeyError(f"no exercise {key!r} in lesson {self.name!r}")
        if not 1 <= key <= len(self._exercises):
            raise IndexError(
                f"lesson {self.name!r} has exercises 1 to {len(self._exercises)} (numbered from 1)"
            )
        return self._exercises[key - 1]

    def __repr__(self) -> str:
        lines = [f"Lesson {self.name}: {len(self)} exercise(s)"]
        lines += [f"  {exercise.view()}" for exercise in self._exercises]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = f"<p><b>Lesson {self.name}</b>: {len(self)} exercise(s)</p>"
        return head + "".join(exercise._repr_html_() for exercise in self._exercises)


def lesson(name: str, case: Any) -> QuestionSet:
    """The exercises of lesson ``name`` bound to ``case`` (an open case, or a path/name).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from simulator.exercises import Number, Question, register_lesson, unregister_lesson
    >>> from simulator.exercises import write_answers
    >>> from simulator.investigate import open_case
    >>> from simulator.investigate.sample import write_sample_case
    >>> q = Question(id="doc.posts", prompt="How many posts?", answer=Number(),
    ...              compute=lambda truth: 4, hints=("Count rows.",), solution="len(case.posts)")
    >>> register_lesson("doc-lesson", [q])
    >>> with tempfile.TemporaryDirectory() as root:
    ...     folder = write_sample_case(pathlib.Path(root, "case"))
    ...     _ = write_answers(folder, [q], iterations=10)
    ...     exercises = lesson("doc-lesson", open_case(folder, work=pathlib.Path(root, "w")))
    ...     print(exercises[1].check(5))
    ...     print(exercises[1].check(4))
    Exercise 1: incorrect. Not the expected number (exactly). Check units and filters.
    Exercise 1: correct.
    >>> unregister_lesson("doc-lesson")
    """
    if isinstance(case, str | Path):
        from simulator.investigate import open_case

        case = open_case(case)
    questions = lesson_questions(name)
    key = read_answers(case.path)
    log = AttemptLog(Path(case.work_dir) / "exercises" / "attempts.jsonl")
    exercises = [Exercise(q, i, key, log, case) for i, q in enumerate(questions, start=1)]
    return QuestionSet(name, exercises)
