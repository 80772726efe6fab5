"""What the course checker reports: one finding per problem, and the report of a whole course.

>>> print(CourseFinding("courses/01-online-monitoring.ipynb", "no parameters cell"))
courses/01-online-monitoring.ipynb: no parameters cell
>>> print(CourseFinding("courses/01-x.ipynb", "check cell has no stored output", cell=7))
courses/01-x.ipynb:cell 7: check cell has no stored output
>>> print(CourseFinding("courses/episodes.yaml", "unknown key", line=4, path="episodes[0].slg"))
courses/episodes.yaml:4 episodes[0].slg: unknown key
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["CheckReport", "CourseFinding"]


@dataclass(frozen=True, slots=True)
class CourseFinding:
    """One problem: the file, where in it (1-based cell number, or config line and key path)."""

    file: str
    message: str
    cell: int = 0
    line: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}:cell {self.cell}: {self.message}"
        if self.line:
            where = f"{self.file}:{self.line}"
            return (
                f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
            )
        return f"{self.file}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data.

        >>> CourseFinding("a.ipynb", "m", cell=2).to_dict()["cell"]
        2
        """
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """The result of checking a course: the episodes looked at and every finding."""

    course: str
    episodes: tuple[str, ...]
    findings: tuple[CourseFinding, ...] = field(default_factory=tuple)
    checks: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; ``tracelab course check --json`` prints exactly this.

        >>> CheckReport("courses", ("00-orientation",)).to_dict()["ok"]
        True
        """
        return {
            "course": self.course,
            "ok": self.ok,
            "episodes": list(self.episodes),
            "checks": dict(sorted(self.checks.items())),
            "findings": [finding.to_dict() for finding in self.findings],
        }
