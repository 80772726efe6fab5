"""Check a case folder against its manifest: every changed, missing or extra file is named.

>>> import tempfile, pandas as pd
>>> from simulator.case.manifest import CaseInfo
>>> from simulator.case.writer import write_case
>>> info = CaseInfo("demo", "0" * 64, seed=1, generator_version="0.1.0")
>>> with tempfile.TemporaryDirectory() as folder:
...     case = Path(folder) / "case"
...     _ = write_case(case, {"open": {"posts": pd.DataFrame({"id": [1]})}}, info)
...     intact = verify_case(case).ok
...     (case / "open" / "posts.parquet").unlink()
...     report = verify_case(case)
>>> intact, report.ok, [(p.kind, p.table) for p in report.problems]
(True, False, [('missing', 'open/posts')])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.case.manifest import MANIFEST_NAME, Manifest, ManifestError, file_sha256

__all__ = ["PROBLEM_KINDS", "Problem", "VerifyReport", "verify_case"]

PROBLEM_KINDS = ("manifest", "missing", "changed", "extra")


@dataclass(frozen=True)
class Problem:
    """One finding: its kind, the file's path in the case, the table it holds, and a message."""

    kind: str
    path: str
    message: str
    table: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "path": self.path, "table": self.table, "message": self.message}


@dataclass(frozen=True)
class VerifyReport:
    """The result of :func:`verify_case`; ``ok`` is true only when nothing was found."""

    case: str
    checked: int
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the case matches its manifest exactly."""
        return not self.problems

    def of_kind(self, kind: str) -> list[Problem]:
        """The problems of one kind (``manifest``, ``missing``, ``changed`` or ``extra``)."""
        return [problem for problem in self.problems if problem.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``tracelab verify --json`` prints exactly this."""
        return {
            "case": self.case,
            "ok": self.ok,
            "checked": self.checked,
            "problems": [problem.to_dict() for problem in self.problems],
        }


def _files_on_disk(case: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(case):
        dirs.sort()
        for name in sorted(files):
            found.append((Path(root) / name).relative_to(case).as_posix())
    return sorted(found)


def verify_case(path: Path | str) -> VerifyReport:
    """Re-hash every file of the case at ``path`` and compare with its ``manifest.json``.

    Returns a :class:`VerifyReport` whose problems name each file that is missing, whose SHA-256
    changed, or that the manifest does not list (``extra``), with the table it belongs to. A
    missing or broken manifest is reported as a single ``manifest`` problem.
    """
    case = Path(path)
    if not case.is_dir():
        problem = Problem("manifest", MANIFEST_NAME, f"no case folder at {case}")
        return VerifyReport(case=str(case), checked=0, problems=(problem,))
    try:
        manifest = Manifest.read(case)
    except ManifestError as error:
        problem = Problem("manifest", MANIFEST_NAME, str(error))
        return VerifyReport(case=str(case), checked=0, problems=(problem,))

    tables = {entry.path: entry.key for entry in manifest.tables}
    expected = manifest.expected_files()
    problems: list[Problem] = []
    for relative, digest in sorted(expected.items()):
        table = tables.get(relative)
        what = f"table {table}" if table else relative
        file = case / relative
        if not file.is_file():
            problems.append(Problem("missing", relative, f"{what} is missing", table))
        elif file_sha256(file) != digest:
            problems.append(
                Problem("changed", relative, f"{what} changed (SHA-256 differs)", table)
            )
    for relative in _files_on_disk(case):
        if relative != MANIFEST_NAME and relative not in expected:
            problems.append(Problem("extra", relative, f"{relative} is not listed in the manifest"))
    order = {kind: rank for rank, kind in enumerate(PROBLEM_KINDS)}
    problems.sort(key=lambda problem: (order[problem.kind], problem.path))
    return VerifyReport(case=str(case), checked=len(expected), problems=tuple(problems))
