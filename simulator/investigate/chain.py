"""An append-only, hash-chained JSON Lines file: the audit log and the evidence register.

Each entry carries the hash of the entry before it, and its own hash over everything else, so
editing, deleting or reordering any past entry breaks the chain. A small ``.head`` file keeps the
sequence number and hash of the last entry, so cutting entries off the end is caught too. (Someone
who rewrites the whole file *and* its head can still forge a history on their own disk; the head
hash printed in every evidence export is what pins the log to what was handed over.)

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     chain = HashChain(pathlib.Path(folder) / "log.jsonl", "demo log")
...     first = chain.append({"action": "note", "text": "hello"})
...     second = chain.append({"action": "note", "text": "world"})
...     (second["seq"], second["prev"] == first["hash"], bool(chain.verify()))
(2, True, True)
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from simulator.investigate.hashing import canonical_json, sha256_hex
from simulator.investigate.report import VerifyReport

__all__ = ["GENESIS", "HashChain", "entry_hash"]

#: The ``prev`` of the first entry.
GENESIS = "0" * 64


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of an entry: SHA-256 of its canonical JSON without the ``hash`` field.

    >>> entry_hash({"seq": 1, "prev": GENESIS, "hash": "ignored"}) == entry_hash(
    ...     {"seq": 1, "prev": GENESIS})
    True
    """
    body = {key: value for key, value in entry.items() if key != "hash"}
    return sha256_hex(canonical_json(body))


class HashChain:
    """A hash-chained JSON Lines file with a head file beside it.

    Parameters
    ----------
    path
        The ``.jsonl`` file (created on first append; its folder too).
    what
        A name used in verification reports ("audit log", "evidence register").
    """

    def __init__(self, path: Path, what: str) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_suffix(".head")
        self.what = what

    def entries(self) -> list[dict[str, Any]]:
        """Every entry in file order (an empty list before the first append)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def head(self) -> dict[str, Any]:
        """``{"seq": n, "hash": h}`` of the last entry as recorded in the head file."""
        if not self.head_path.exists():
            return {"seq": 0, "hash": GENESIS}
        return json.loads(self.head_path.read_text(encoding="utf-8"))

    def append(self, record: dict[str, Any]) -> dict[str, Any]:
        """Append ``record`` as the next entry and return the entry (with seq, prev, hash)."""
        existing = self.entries()
        last = existing[-1] if existing else {"seq": 0, "hash": GENESIS}
        entry = {**record, "seq": int(last["seq"]) + 1, "prev": last["hash"]}
        entry["hash"] = entry_hash(entry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(canonical_json(entry).decode("utf-8") + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._write_head({"seq": entry["seq"], "hash": entry["hash"]})
        return entry

    def _write_head(self, head: dict[str, Any]) -> None:
        # Write-then-rename so a crash never leaves a half-written head.
        temporary = self.head_path.with_suffix(".head.tmp")
        temporary.write_bytes(canonical_json(head))
        os.replace(temporary, self.head_path)

    def verify(self) -> VerifyReport:
        """Recompute the chain; name every entry whose content, link or order is wrong."""
        problems: list[str] = []
        try:
            entries = self.entries()
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            return VerifyReport(
                self.what, 0, (f"{self.path.name} is not valid JSON Lines: {error}",)
            )
        previous = GENESIS
        for position, entry in enumerate(entries, start=1):
            label = f"entry {position}"
            if entry.get("seq") != position:
                problems.append(
                    f"{label}: sequence number {entry.get('seq')!r}, expected {position}"
                )
            if entry.get("prev") != previous:
                problems.append(
                    f"{label}: not linked to the entry before it (deleted or reordered)"
                )
            if entry.get("hash") != entry_hash(entry):
                problems.append(f"{label}: content changed after it was written")
            previous = entry.get("hash", "")
        head = self.head()
        last_seq = entries[-1].get("seq") if entries else 0
        if head.get("seq") != last_seq or head.get("hash") != (previous if entries else GENESIS):
            problems.append(
                f"head records {head.get('seq')} entries but the file ends at {last_seq} "
                "(entries cut off or added outside the toolkit)"
            )
        return VerifyReport(self.what, len(entries), tuple(problems))
