"""The audit log: every lawful request and preservation, granted or refused, in a hash chain.

The log lives in the trainee's work folder (``audit_log.jsonl`` plus ``audit_log.head``). It has no
method to edit or delete an entry; entries come back as read-only mappings. :meth:`AuditLog.verify`
recomputes the chain and re-hashes the data files granted requests saved, naming anything changed.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     log = AuditLog(pathlib.Path(folder))
...     _ = log.append({"action": "request", "request_id": "REQ-0001", "granted": False})
...     (len(log), log[0]["request_id"], bool(log.verify()))
(1, 'REQ-0001', True)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from simulator.investigate.chain import HashChain
from simulator.investigate.hashing import sha256_file
from simulator.investigate.report import VerifyReport

__all__ = ["AUDIT_COLUMNS", "AuditLog"]

#: Columns of :meth:`AuditLog.to_frame`, in order.
AUDIT_COLUMNS = (
    "seq", "request_id", "action", "at", "handler", "provider", "kind", "targets", "basis",
    "justification", "date", "granted", "decision", "rows",
)  # fmt: skip


class AuditLog:
    """Append-only log of the lawful requests made on one case (in ``work_dir``)."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = Path(work_dir)
        self._chain = HashChain(self.work_dir / "audit_log.jsonl", "audit log")

    @property
    def path(self) -> Path:
        """The JSON Lines file."""
        return self._chain.path

    def append(self, record: dict[str, Any]) -> Mapping[str, Any]:
        """Append one entry (the toolkit calls this for every request; there is no undo)."""
        return MappingProxyType(self._chain.append(record))

    def entries(self) -> tuple[Mapping[str, Any], ...]:
        """Every entry, oldest first, as read-only mappings."""
        return tuple(MappingProxyType(entry) for entry in self._chain.entries())

    def head(self) -> dict[str, Any]:
        """Sequence number and hash of the last entry (printed in every evidence export)."""
        return self._chain.head()

    def __len__(self) -> int:
        return len(self._chain.entries())

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self.entries())

    def __getitem__(self, index: int) -> Mapping[str, Any]:
        return self.entries()[index]

    def to_frame(self) -> pd.DataFrame:
        """The log as a DataFrame, one row per entry."""
        rows = []
        for entry in self._chain.entries():
            row = {column: entry.get(column) for column in AUDIT_COLUMNS}
            row["targets"] = ", ".join(entry.get("targets", []))
            row["basis"] = " + ".join(entry.get("basis", []))
            row["rows"] = sum(part["rows"] for part in entry.get("data", {}).values())
            rows.append(row)
        return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))

    def verify(self) -> VerifyReport:
        """Check the chain and the hash of every data file a granted request saved."""
        chain = self._chain.verify()
        problems = list(chain.problems)
        for entry in self._chain.entries():
            for table, part in sorted(entry.get("data", {}).items()):
                path = self.work_dir / part["file"]
                label = f"{entry.get('request_id')} {table}"
                if not path.exists():
                    problems.append(f"{label}: data file {part['file']} is missing")
                elif sha256_file(path) != part["sha256"]:
                    problems.append(f"{label}: data file {part['file']} changed")
        return VerifyReport("audit log", chain.checked, tuple(problems))

    def __repr__(self) -> str:
        entries = self._chain.entries()
        granted = sum(1 for entry in entries if entry.get("granted"))
        lines = [f"AuditLog({len(entries)} entries, {granted} granted) at {self.path}"]
        for entry in entries:
            verdict = "granted" if entry.get("granted") else "REFUSED"
            lines.append(
                f"  {entry.get('request_id')} {entry.get('action')} {entry.get('provider')} "
                f"{entry.get('kind', '')} {', '.join(entry.get('targets', []))}: {verdict}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        title = f"<p><b>Audit log</b>: {len(frame)} entries (append-only, hash-chained)</p>"
        if frame.empty:
            return title
        shown = frame.drop(columns=["at", "handler"])
        return title + shown.to_html(index=False, escape=True)
