"""Findings: one problem in a scenario file, located by file, line, column and key path.

A finding prints as ``FILE:LINE:COL key.path: what is wrong (allowed: …)``, the shape editors and
terminals turn into a clickable link. Problems that concern a whole file (it is empty, it is not
YAML) have no key path; problems that have no place at all (the file does not exist) have line 0
and print as ``FILE: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

__all__ = ["Finding", "ScenarioError", "format_path"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a scenario file.

    Attributes
    ----------
    file : str
        The file as the user named it (included files: joined to the including file's folder).
    line, col : int
        1-based position of the offending key or value; 0 when the problem has no position.
    path : str
        Dotted key path such as ``routes[0].legs[1].from``; empty for the whole document.
    message : str
        What is wrong and, where it helps, what is allowed.

    Examples
    --------
    >>> print(Finding("a.yaml", 3, 1, "netwrok", "unknown key netwrok — did you mean network?"))
    a.yaml:3:1 netwrok: unknown key netwrok — did you mean network?
    >>> print(Finding("gone.yaml", 0, 0, "", "no such file"))
    gone.yaml: no such file
    """

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        """The finding as a JSON-ready dictionary (what ``tracelab validate --json`` prints).

        >>> Finding("a.yaml", 1, 1, "id", "missing").as_dict()["path"]
        'id'
        """
        return asdict(self)


class ScenarioError(ValueError):
    """A scenario file that cannot be loaded; ``findings`` lists every problem found.

    >>> error = ScenarioError([Finding("a.yaml", 1, 1, "", "the file is empty")])
    >>> str(error)
    'a.yaml:1:1: the file is empty'
    """

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings: list[Finding] = list(findings)
        super().__init__("\n".join(str(finding) for finding in self.findings))


def format_path(parts: Iterable[str | int]) -> str:
    """Dotted key path with list indices in brackets.

    >>> format_path(("routes", 0, "legs", 1, "from"))
    'routes[0].legs[1].from'
    >>> format_path(())
    ''
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
