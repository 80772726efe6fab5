"""The outcome of a verification: which records or files failed, named one by one.

>>> VerifyReport("audit log", 3, ())
VerifyReport(audit log: OK, 3 checked)
>>> bool(VerifyReport("evidence", 2, ("EV-0002: content changed",)))
False
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["VerifyReport"]


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What was verified, how many records were checked, and every problem found.

    Truthy when nothing is wrong, so ``assert case.evidence.verify()`` reads naturally.
    """

    what: str
    checked: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        if self.ok:
            return f"VerifyReport({self.what}: OK, {self.checked} checked)"
        listed = "; ".join(self.problems)
        return f"VerifyReport({self.what}: {len(self.problems)} problem(s): {listed})"

    def _repr_html_(self) -> str:
        what = html.escape(self.what)
        if self.ok:
            return f"<p>&#10004; <b>{what}</b>: intact ({self.checked} checked)</p>"
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in self.problems)
        return f"<p>&#10008; <b>{what}</b>: {len(self.problems)} problem(s)</p><ul>{items}</ul>"
