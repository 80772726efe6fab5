"""Answer types: how a true answer is stored as digests, and how a trainee's answer is judged.

Each type does two things and nothing else: :meth:`encode` turns the true answer (computed from the
truth when the case is generated) into a JSON record of salted digests, and :meth:`judge` decides a
trainee's answer against that record, returning a :class:`Verdict` whose message never contains
the answer. Rendering is the views' job.

>>> from simulator.exercises.digest import Digester
>>> digester = Digester(b"salt" * 4, iterations=100)
>>> kind = SetOf(normalise="handle")
>>> record = kind.encode("q", ["eagle1", "eagle2", "wolf"], digester)
>>> kind.judge("q", ["@Eagle1", "wolf", "lion"], record, digester).message
'2 of the 3 are right; 1 of yours is not part of the answer.'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from simulator.exercises.digest import Digester
from simulator.exercises.normalise import is_blank, normalise

__all__ = [
    "STATUSES",
    "AnswerType",
    "Exact",
    "FreeText",
    "Number",
    "Ranked",
    "SetOf",
    "Verdict",
    "blank_verdict",
]

#: Possible outcomes of a check.
STATUSES = ("correct", "incorrect", "not_attempted", "submitted", "unavailable")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision on one answer: a status and a message safe to show a trainee."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True only for a correct answer."""
        return self.status == "correct"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _members(answer: Any) -> list[Any] | None:
    """The values of a collection answer (a list, set, Series, one-column DataFrame...)."""
    if hasattr(answer, "columns"):
        if len(answer.columns) != 1:
            return None
        answer = answer.iloc[:, 0]
    if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        return None
    return list(answer)


class AnswerType:
    """Base of the answer types (plain, frozen data: parameters only)."""

    kind: ClassVar[str] = ""

    def spec(self) -> dict[str, Any]:
        """The parameters, stored beside the digests so a changed exercise is detected."""
        return {"type": self.kind, **asdict(self)}  # type: ignore[call-overload]

    def expects(self) -> str:
        """What to give, in words (shown with the prompt)."""
        raise NotImplementedError

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        """Digest record of the true ``value``."""
        raise NotImplementedError

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        """Decide ``answer`` (already known not to be blank) against ``record``."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Exact(AnswerType):
    """One value, compared after normalising. The answer function may return a list of
    equally acceptable values (e.g. two spellings)."""

    normalise: str = "text"
    kind: ClassVar[str] = "exact"

    def expects(self) -> str:
        return "one value"

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        digests = {
            digester.digest(question_id, "value", normalise(v, self.normalise)) for v in values
        }
        return {"digests": sorted(digests)}

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        if _members(answer) is not None:
            return Verdict("incorrect", "Give one value, not a collection.")
        given = digester.digest(question_id, "value", normalise(answer, self.normalise))
        if given in record["digests"]:
            return Verdict("correct", "")
        return Verdict("incorrect", "Not the expected value. Check your filter and spelling.")


def _as_number(answer: Any) -> float | None:
    if isinstance(answer, bool):
        return None
    try:
        number = float(answer.item() if hasattr(answer, "item") else answer)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class Number(AnswerType):
    """A number, accepted within ``tolerance`` (absolute, or relative if ``relative``).

    The true value is stored only as the digest of its bucket on a grid of ``tolerance/steps``;
    an answer is accepted if its bucket is within ``steps`` of it. Every answer within the
    tolerance is accepted; answers up to ``tolerance * (1 + 1/steps)`` away may be too.
    """

    tolerance: float = 0.0
    relative: bool = False
    steps: int = 4
    kind: ClassVar[str] = "number"

    def expects(self) -> str:
        if self.tolerance == 0:
            return "the expected number (exactly)"
        if self.relative:
            return f"the expected number (within {self.tolerance:.0%})"
        return f"the expected number (within ±{self.tolerance:g})"

    def _bucket(self, number: float) -> tuple[str, int] | None:
        """Sign label and grid index, or None when tolerance is zero (exact match)."""
        if self.tolerance == 0:
            return None
        if self.relative:
            if number == 0:
                return ("zero", 0)
            width = math.log1p(self.tolerance) / self.steps
            return ("+" if number > 0 else "-", math.floor(math.log(abs(number)) / width))
        return ("", math.floor(number / (self.tolerance / self.steps)))

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        number = _as_number(value)
        if number is None:
            raise ValueError(f"{question_id}: the true answer {value!r} is not a finite number")
        bucket = self._bucket(number)
        text = normalise(number, "exact") if bucket is None else f"{bucket[0]}:{bucket[1]}"
        return {"digest": digester.digest(question_id, "number", text)}

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        number = _as_number(answer)
        if number is None:
            return Verdict("incorrect", f"Give a number (you gave {type(answer).__name__}).")
        bucket = self._bucket(number)
        if bucket is None:
            candidates = [normalise(number, "exact")]
        else:
            sign, index = bucket
            shifts = range(-self.steps, self.steps + 1) if sign != "zero" else [0]
            candidates = [f"{sign}:{index + shift}" for shift in shifts]
        for text in candidates:
            if digester.digest(question_id, "number", text) == record["digest"]:
                return Verdict("correct", "")
        return Verdict("incorrect", f"Not {self.expects()}. Check units and filters.")


@dataclass(frozen=True, slots=True)
class SetOf(AnswerType):
    """A set of values (order does not matter). Feedback says how many are right and how many
    of the given ones are not in the answer, never which."""

    normalise: str = "text"
    kind: ClassVar[str] = "set"

    def expects(self) -> str:
        return "a list or set of values (order does not matter)"

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        members = {normalise(v, self.normalise) for v in (_members(value) or [value])}
        digests = sorted(digester.digest(question_id, "member", m) for m in members)
        return {"size": len(digests), "members": digests}

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        values = _members(answer)
        if values is None:
            return Verdict("incorrect", "Give a list or set of values (or one column).")
        given = {normalise(v, self.normalise) for v in values}
        stored = set(record["members"])
        right = sum(digester.digest(question_id, "member", m) in stored for m in given)
        extra = len(given) - right
        size = record["size"]
        if right == size and extra == 0:
            # No count when right: a notebook's stored "correct" must read the same on any case.
            return Verdict("correct", "All of them are right.")
        message = f"{right} of the {size} are right"
        if extra:
            verb = _plural(extra, "is", "are")
            message += f"; {extra} of yours {verb} not part of the answer"
        return Verdict("incorrect", message + ".")


@dataclass(frozen=True, slots=True)
class Ranked(AnswerType):
    """An ordered list (a ranking). Only the first ``top`` items count when ``top`` is set."""

    normalise: str = "text"
    top: int | None = None
    kind: ClassVar[str] = "ranked"

    def expects(self) -> str:
        size = f"the top {self.top}" if self.top else "a list"
        return f"{size}, in order"

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        ordered = [normalise(v, self.normalise) for v in (_members(value) or [value])]
        if self.top:
            ordered = ordered[: self.top]
        members = sorted(digester.digest(question_id, "member", m) for m in ordered)
        positions = sorted(
            digester.digest(question_id, "position", f"{i}:{m}") for i, m in enumerate(ordered)
        )
        return {"size": len(ordered), "members": members, "positions": positions}

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        if isinstance(answer, set | frozenset):
            return Verdict("incorrect", "Order matters here: give a list, not a set.")
        values = _members(answer)
        if values is None:
            return Verdict("incorrect", "Give an ordered list of values.")
        ordered = [normalise(v, self.normalise) for v in values]
        if self.top:
            ordered = ordered[: self.top]
        size = record["size"]
        members = set(record["members"])
        positions = set(record["positions"])
        present = sum(digester.digest(question_id, "member", m) in members for m in set(ordered))
        placed = sum(
            digester.digest(question_id, "position", f"{i}:{m}") in positions
            for i, m in enumerate(ordered)
        )
        if placed == size and len(ordered) == size:
            return Verdict("correct", "All of them, in the right order.")
        return Verdict(
            "incorrect",
            f"{present} of the {size} belong in the list; {placed} "
            f"{_plural(placed, 'is', 'are')} in the right place.",
        )


@dataclass(frozen=True, slots=True)
class FreeText(AnswerType):
    """A written answer, recorded for the instructor and never auto-marked."""

    min_words: int = 1
    kind: ClassVar[str] = "free_text"

    def expects(self) -> str:
        return "a written answer (marked by your instructor)"

    def encode(self, question_id: str, value: Any, digester: Digester) -> dict[str, Any]:
        return {}

    def judge(
        self, question_id: str, answer: Any, record: dict[str, Any], digester: Digester
    ) -> Verdict:
        words = len(str(answer).split())
        if words < self.min_words:
            return Verdict("incorrect", f"Write at least {self.min_words} words.")
        return Verdict("submitted", "Recorded for your instructor (free text is marked by hand).")


def blank_verdict(answer: Any) -> Verdict | None:
    """``not_attempted`` for a blank answer, else None."""
    if is_blank(answer):
        return Verdict("not_attempted", "Replace the blank with your answer.")
    return None
