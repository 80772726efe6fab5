"""How exercise feedback looks: plain text anywhere, HTML in notebooks (learntools' split).

Checking decides (:mod:`answers`); these classes only render. Texts are deterministic (no times,
no counters), so notebook validation can compare the printed result of a check.

>>> print(Feedback(3, "demo.count", "incorrect", "2 of the 5 are right."))
Exercise 3: incorrect. 2 of the 5 are right.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["Feedback", "HintView", "PromptView", "SolutionView"]

_LOOK = {
    "correct": ("#1b5e20", "#e8f5e9", "&#10004; Correct"),
    "incorrect": ("#b71c1c", "#ffebee", "&#10008; Incorrect"),
    "not_attempted": ("#5d4037", "#fff8e1", "Not attempted"),
    "submitted": ("#0d47a1", "#e3f2fd", "Submitted"),
    "unavailable": ("#424242", "#f5f5f5", "Unavailable"),
}

_LABEL = {
    "correct": "correct",
    "incorrect": "incorrect",
    "not_attempted": "not attempted",
    "submitted": "submitted",
    "unavailable": "unavailable",
}


def _box(status: str, title: str, body: str) -> str:
    colour, background, _ = _LOOK.get(status, _LOOK["unavailable"])
    return (
        f'<div style="border-left:4px solid {colour};background:{background};padding:6px 10px">'
        f'<b style="color:{colour}">{title}</b> {body}</div>'
    )


@dataclass(frozen=True, slots=True)
class Feedback:
    """The result of ``check``: ``status`` is correct, incorrect, not_attempted, submitted or
    unavailable; ``message`` never contains the answer."""

    number: int
    question_id: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        """True only when the answer was judged correct."""
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        message = f" {self.message}" if self.message else ""
        return f"Exercise {self.number}: {_LABEL.get(self.status, self.status)}.{message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        title = f"Exercise {self.number}: {_LOOK.get(self.status, _LOOK['unavailable'])[2]}."
        return _box(self.status, title, html.escape(self.message))


@dataclass(frozen=True, slots=True)
class HintView:
    """One hint (``level`` of ``total``)."""

    number: int
    level: int
    total: int
    text: str

    def __str__(self) -> str:
        if self.total == 0:
            return f"Exercise {self.number}: no hints for this one."
        return f"Exercise {self.number}, hint {self.level} of {self.total}: {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        if self.total == 0:
            return _box("unavailable", f"Exercise {self.number}:", "no hints for this one.")
        title = f"Hint {self.level} of {self.total}:"
        return _box("submitted", title, html.escape(self.text))


@dataclass(frozen=True, slots=True)
class SolutionView:
    """The solution (instructor mode), or why it is not shown."""

    number: int
    allowed: bool
    text: str
    answer: str = ""

    def __str__(self) -> str:
        if not self.allowed:
            return f"Exercise {self.number}: {self.text}"
        answer = f"\nAnswer in this case: {self.answer}" if self.answer else ""
        return f"Exercise {self.number}, solution:\n{self.text}{answer}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        if not self.allowed:
            return _box("unavailable", f"Exercise {self.number}:", html.escape(self.text))
        answer = (
            f"<p><b>Answer in this case:</b> <code>{html.escape(self.answer)}</code></p>"
            if self.answer
            else ""
        )
        return (
            _box(
                "correct",
                f"Exercise {self.number}, solution",
                f"<pre>{html.escape(self.text)}</pre>",
            )
            + answer
        )


@dataclass(frozen=True, slots=True)
class PromptView:
    """The exercise as shown before answering."""

    number: int
    title: str
    prompt: str
    expects: str
    hints: int

    def __str__(self) -> str:
        title = f" ({self.title})" if self.title else ""
        return (
            f"Exercise {self.number}{title}: {self.prompt}\n"
            f"  Answer with {self.expects}. {self.hints} hint(s) available."
        )

    __repr__ = __str__

    def _repr_html_(self) -> str:
        title = f" — {html.escape(self.title)}" if self.title else ""
        return _box(
            "not_attempted",
            f"Exercise {self.number}{title}",
            f"{html.escape(self.prompt)}<br><i>Answer with {html.escape(self.expects)}; "
            f"{self.hints} hint(s).</i>",
        )
