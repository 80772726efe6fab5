"""The evidence locker: immutable, hashed copies of what the trainee collects, with custody.

Each item is stored once as a read-only file named by its id (``items/EV-0001.csv``) in the work
folder, and registered in a hash-chained register (``evidence/register.jsonl``) with its SHA-256,
the UTC acquisition time, the handler, the source (a table, a seized item, a URL, or the id of a
granted request) and whether it is an observed **fact** or an **inference** (with a confidence and
the items it rests on). Nothing can be changed through the API; :meth:`EvidenceLocker.verify`
re-hashes everything and names what changed.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     locker = EvidenceLocker(pathlib.Path(folder), handler="trainee-01")
...     item = locker.add("advert text ...", source="open/posts post_id=42",
...                       description="advert offering a crossing")
...     (item.id, item.kind, bool(locker.verify()))
('EV-0001', 'fact', True)
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.investigate.chain import HashChain
from simulator.investigate.errors import EvidenceError
from simulator.investigate.hashing import sha256_file, sha256_hex, utc_now
from simulator.investigate.report import VerifyReport
from simulator.investigate.requests import RequestResult
from simulator.investigate.serialise import deserialise, serialise

__all__ = ["CONFIDENCE_WORDS", "EvidenceItem", "EvidenceLocker"]

#: Words accepted as a confidence, besides a number between 0 and 1.
CONFIDENCE_WORDS = ("low", "medium", "high")

_REQUEST_ID = re.compile(r"^REQ-\d{4,}$")


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One registered item (a record of the register; the content is in ``path``)."""

    id: str
    kind: str
    description: str
    source: str
    confidence: str | None
    based_on: tuple[str, ...]
    when: str | None
    handler: str
    acquired_at: str
    sha256: str
    size: int
    media_type: str
    type_label: str
    file: str
    path: Path

    def load(self) -> Any:
        """The stored content (a DataFrame, text, parsed JSON or bytes)."""
        return deserialise(self.path.read_bytes(), self.media_type)

    def record(self) -> dict[str, Any]:
        """The register fields as a JSON-ready dict (no absolute path)."""
        values = asdict(self)
        values.pop("path")
        values["based_on"] = list(self.based_on)
        return values

    def label(self) -> str:
        """``FACT`` or ``INFERENCE (confidence)``, as shown in every view and export."""
        if self.kind == "inference":
            return f"INFERENCE (confidence {self.confidence})"
        return "FACT"

    def __repr__(self) -> str:
        digest = self.sha256[:12]
        return f"{self.id} [{self.label()}] {self.description} <- {self.source} sha256:{digest}"


def _confidence(kind: str, confidence: object) -> str | None:
    if confidence is None:
        if kind == "inference":
            raise EvidenceError(
                "an inference needs a confidence (a number from 0 to 1, or low/medium/high)"
            )
        return None
    if isinstance(confidence, str) and confidence.strip().casefold() in CONFIDENCE_WORDS:
        return confidence.strip().casefold()
    try:
        value = float(confidence)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = -1.0
    if not 0.0 <= value <= 1.0 or isinstance(confidence, bool):
        raise EvidenceError(
            f"confidence {confidence!r} is not a number from 0 to 1 nor one of "
            f"{', '.join(CONFIDENCE_WORDS)}"
        )
    return f"{value:g}"


def _when(value: object) -> str | None:
    if value is None:
        return None
    try:
        return pd.Timestamp(value).isoformat()
    except (TypeError, ValueError) as error:
        raise EvidenceError(f"when={value!r} is not a date or time: {error}") from error


class EvidenceLocker:
    """The trainee's evidence for one case, kept in ``work_dir / "evidence"``.

    ``request_lookup`` (given by the case) tells whether a request id was granted, so data from
    a refused request can never become evidence.
    """

    def __init__(
        self,
        work_dir: Path,
        *,
        handler: str,
        request_lookup: Callable[[str], bool | None] | None = None,
        exporter: Callable[..., Path] | None = None,
    ) -> None:
        self.folder = Path(work_dir) / "evidence"
        self.handler = handler
        self._register = HashChain(self.folder / "register.jsonl", "evidence register")
        self._request_lookup = request_lookup
        self._exporter = exporter

    # ------------------------------------------------------------------ reading

    def _item(self, record: dict[str, Any]) -> EvidenceItem:
        fields = dict(record)
        fields["based_on"] = tuple(fields.get("based_on", ()))
        return EvidenceItem(**fields, path=self.folder / fields["file"])

    def register_entries(self) -> list[dict[str, Any]]:
        """Every register entry (acquisitions and exports), oldest first."""
        return self._register.entries()

    def register_head(self) -> dict[str, Any]:
        """Sequence number and hash of the last register entry."""
        return self._register.head()

    def items(self) -> list[EvidenceItem]:
        """Every item, in acquisition order."""
        return [
            self._item(entry["item"])
            for entry in self._register.entries()
            if entry.get("action") == "acquire"
        ]

    def __len__(self) -> int:
        return len(self.items())

    def __iter__(self) -> Iterator[EvidenceItem]:
        return iter(self.items())

    def __getitem__(self, item_id: str) -> EvidenceItem:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(f"no evidence item {item_id!r}")

    def to_frame(self) -> pd.DataFrame:
        """The register as a DataFrame, one row per item."""
        columns = ["id", "kind", "confidence", "description", "source", "based_on", "when",
                   "acquired_at", "handler", "sha256", "media_type"]  # fmt: skip
        rows = [{**item.record(), "based_on": ", ".join(item.based_on)} for item in self.items()]
        return pd.DataFrame(rows, columns=columns)

    # ------------------------------------------------------------------ writing

    def _check_source(self, source: str) -> None:
        if _REQUEST_ID.match(source) and self._request_lookup is not None:
            granted = self._request_lookup(source)
            if granted is None:
                raise EvidenceError(f"source {source} is not a request in this case's audit log")
            if not granted:
                raise EvidenceError(f"request {source} was refused: it produced no evidence")

    def add(
        self,
        item: Any,
        *,
        source: str | None = None,
        description: str,
        kind: str = "fact",
        confidence: float | str | None = None,
        based_on: Iterable[str] = (),
        when: object = None,
        handler: str | None = None,
    ) -> EvidenceItem:
        """Store an immutable copy of ``item`` and register it.

        Parameters
        ----------
        item
            A DataFrame, text, bytes, dict/list, matplotlib figure, networkx graph, or the result
            of a granted request (its data is kept and its id becomes the source).
        source
            Where it came from: a table and row (``"open/posts post_id=42"``), a seized item, a
            URL, or a request id (``"REQ-0003"``, which must have been granted).
        description
            What it is, in a sentence.
        kind
            ``"fact"`` (observed in a source) or ``"inference"`` (a conclusion you drew).
        confidence
            Required for inferences: a number from 0 to 1, or low/medium/high.
        based_on
            Ids of the items an inference rests on.
        when
            When the recorded event happened, in case time (for the timeline).
        """
        if isinstance(item, RequestResult):
            if not item.granted:
                raise EvidenceError(f"request {item.id} was refused: it produced no evidence")
            source = source or item.id
            item = item.data
        kind = str(kind).strip().casefold()
        if kind not in ("fact", "inference"):
            raise EvidenceError(f"kind must be 'fact' or 'inference', not {kind!r}")
        if not str(description or "").strip():
            raise EvidenceError("every item needs a description saying what it is")
        based = tuple(str(ref) for ref in based_on)
        known = {existing.id for existing in self.items()}
        missing = [ref for ref in based if ref not in known]
        if missing:
            raise EvidenceError(f"based_on names unknown items: {', '.join(missing)}")
        if not str(source or "").strip():
            if kind == "fact":
                raise EvidenceError("a fact needs a source (table, seized item, URL or request id)")
            if not based:
                raise EvidenceError("an inference needs a source or the items it is based_on")
            source = "inference from " + ", ".join(based)
        source = str(source).strip()
        self._check_source(source)
        rated = _confidence(kind, confidence)
        stored = serialise(item)
        item_id = f"EV-{len(known) + 1:04d}"
        relative = f"items/{item_id}.{stored.extension}"
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            raise EvidenceError(f"{path} already exists: the register and the files disagree")
        path.write_bytes(stored.data)
        # Read-only on disk: a reminder that evidence is never edited (verify() catches the rest).
        os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        record = {
            "id": item_id, "kind": kind, "description": str(description).strip(),
            "source": source, "confidence": rated, "based_on": list(based), "when": _when(when),
            "handler": handler or self.handler, "acquired_at": utc_now(),
            "sha256": sha256_hex(stored.data), "size": len(stored.data),
            "media_type": stored.media_type, "type_label": stored.type_label, "file": relative,
        }  # fmt: skip
        self._register.append({"action": "acquire", "at": record["acquired_at"], "item": record})
        return self._item(record)

    def record_export(self, destination: str, handler: str | None = None) -> dict[str, Any]:
        """Log a custody event: every item handed over in an export."""
        return self._register.append(
            {
                "action": "export",
                "at": utc_now(),
                "handler": handler or self.handler,
                "destination": destination,
                "items": [item.id for item in self.items()],
            }
        )

    # ------------------------------------------------------------------ checking and export

    def verify(self) -> VerifyReport:
        """Re-hash every item and check the register chain; name each item that changed."""
        chain = self._register.verify()
        problems = list(chain.problems)
        items = self.items()
        for item in items:
            if not item.path.exists():
                problems.append(f"{item.id}: file {item.file} is missing")
            elif sha256_file(item.path) != item.sha256:
                problems.append(f"{item.id}: content changed since acquisition ({item.file})")
        return VerifyReport("evidence", len(items), tuple(problems))

    def export(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the court-ready evidence file to folder ``path``; return the HTML report's path.

        Refused when verification fails: tampered evidence is reported, never exported.
        """
        if self._exporter is None:
            raise EvidenceError("this locker is not attached to a case; use case.evidence.export")
        return self._exporter(Path(path), overwrite=overwrite)

    def __repr__(self) -> str:
        lines = [f"EvidenceLocker({len(self)} items) at {self.folder}"]
        lines += [f"  {item!r}" for item in self.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        title = f"<p><b>Evidence locker</b>: {len(frame)} item(s)</p>"
        if frame.empty:
            return title
        frame["kind"] = [item.label() for item in self.items()]
        frame["sha256"] = frame["sha256"].str.slice(0, 16) + "…"
        return title + frame.drop(columns=["media_type"]).to_html(index=False, escape=True)
