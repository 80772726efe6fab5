"""The manifest of a case folder: what was generated, from what, and the SHA-256 of every file.

``manifest.json`` is written with sorted keys and no wall-clock time, so the same scenario, seed and
generator version give a byte-identical manifest. It marks the case as synthetic in two places
(``synthetic`` and ``notice``), lists every table with its tier, rows, columns and hash, and any
other file (``files``, e.g. the salted answer digests of a trainee release).

>>> info = CaseInfo("demo", "0" * 64, seed=7, generator_version="0.1.0")
>>> manifest = Manifest(info=info, tables=())
>>> Manifest.from_json(manifest.to_json()) == manifest
True
>>> manifest.to_dict()["synthetic"]
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from simulator import SYNTHETIC_NOTICE, __version__
from simulator.case.tiers import TIERS, TRAINEE_TIERS, table_key, table_path, tier_rank

__all__ = [
    "AUDIENCES",
    "CATALOG_NAME",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "CaseInfo",
    "Column",
    "FileEntry",
    "Manifest",
    "ManifestError",
    "TableEntry",
    "canonical_json",
    "file_sha256",
    "scenario_digest",
]

MANIFEST_NAME = "manifest.json"
# The table catalogue (one spec per table: meaning, columns, provider...) read by the toolkit.
CATALOG_NAME = "catalog.json"
FORMAT = "tracelab-case"
FORMAT_VERSION = 1
KINDS = ("case", "release")
AUDIENCES = ("instructor", "trainee")


class ManifestError(ValueError):
    """A manifest is missing, not JSON, or does not follow the format."""


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, two-space indent and a final newline: stable bytes for hashing.

    >>> canonical_json({"b": 1, "a": [True, None]})
    '{\\n  "a": [\\n    true,\\n    null\\n  ],\\n  "b": 1\\n}\\n'
    """
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file, read in blocks so a large table never sits in memory.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = Path(folder) / "x"
    ...     _ = target.write_bytes(b"abc")
    ...     file_sha256(target)[:16]
    'ba7816bf8f01cfea'
    """
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def scenario_digest(scenario: Any) -> str:
    """SHA-256 of the canonical JSON dump of a validated scenario (a pydantic model).

    The dump uses field aliases (``from`` rather than ``from_``) and sorted keys, so the hash
    depends on the scenario's meaning, not on YAML formatting, comments or key order.

    >>> from pydantic import BaseModel
    >>> class Tiny(BaseModel):
    ...     id: str
    >>> scenario_digest(Tiny(id="a")) == scenario_digest(Tiny(id="a"))
    True
    >>> len(scenario_digest(Tiny(id="a")))
    64
    """
    dumped = scenario.model_dump(mode="json", by_alias=True)
    text = json.dumps(dumped, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CaseInfo:
    """Where a case came from: the scenario (id and hash), the seed and the generator version.

    ``rings`` is how many independent rings played the scenario (``tracelab generate --rings``);
    it is written only when more than one, so a one-ring case's manifest is as before.
    """

    scenario_id: str
    scenario_sha256: str
    seed: int
    generator_version: str = __version__
    rings: int = 1


@dataclass(frozen=True)
class Column:
    """One column of a table: its name and Arrow type as text (e.g. ``timestamp[us, tz=UTC]``)."""

    name: str
    type: str


@dataclass(frozen=True)
class TableEntry:
    """One table of a case: tier, name, file path, rows, columns, size and SHA-256 of the file."""

    tier: str
    name: str
    rows: int
    columns: tuple[Column, ...]
    sha256: str
    bytes: int

    @property
    def key(self) -> str:
        """``tier/name``, the name reports use for this table."""
        return table_key(self.tier, self.name)

    @property
    def path(self) -> str:
        """The file's POSIX path relative to the case folder."""
        return table_path(self.tier, self.name)


@dataclass(frozen=True)
class FileEntry:
    """A file of a case that is not a table: path, SHA-256, size and audience.

    ``audience`` is ``"trainee"`` for files a release carries (``catalog.json``, legal settings,
    salted ``answers.json``) and ``"instructor"`` for files it keeps back (an answer key).
    """

    path: str
    sha256: str
    bytes: int
    audience: str = "instructor"

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ManifestError(
                f"file {self.path}: audience {self.audience!r} is not one of {', '.join(AUDIENCES)}"
            )


@dataclass(frozen=True)
class Manifest:
    """Everything ``manifest.json`` records; :meth:`to_json` and :meth:`from_json` round-trip it."""

    info: CaseInfo
    tables: tuple[TableEntry, ...]
    files: tuple[FileEntry, ...] = ()
    kind: str = "case"
    tiers: tuple[str, ...] = field(default=TIERS)

    def __post_init__(self) -> None:
        # Canonical order, whatever order the tables were written in: tier order, then name.
        ordered = tuple(sorted(self.tables, key=lambda entry: (tier_rank(entry.tier), entry.name)))
        object.__setattr__(self, "tables", ordered)
        object.__setattr__(self, "files", tuple(sorted(self.files, key=lambda entry: entry.path)))
        if self.kind not in KINDS:
            raise ManifestError(f"manifest kind {self.kind!r} is not one of {', '.join(KINDS)}")

    def table(self, key: str) -> TableEntry:
        """The entry of table ``tier/name``; ``KeyError`` if the case has no such table."""
        for entry in self.tables:
            if entry.key == key:
                return entry
        raise KeyError(key)

    def rows(self) -> dict[str, int]:
        """Rows per table, keyed ``tier/name`` in manifest order."""
        return {entry.key: entry.rows for entry in self.tables}

    def expected_files(self) -> dict[str, str]:
        """Every file the manifest vouches for (relative POSIX path -> SHA-256)."""
        listed = {entry.path: entry.sha256 for entry in self.tables}
        listed.update({entry.path: entry.sha256 for entry in self.files})
        return listed

    def summary(self) -> dict[str, Any]:
        """A short, JSON-ready overview: scenario, seed, version, tables with rows, total rows."""
        rows = self.rows()
        return {
            "kind": self.kind,
            "scenario": self.info.scenario_id,
            "seed": self.info.seed,
            "generator_version": self.info.generator_version,
            **({"rings": self.info.rings} if self.info.rings != 1 else {}),
            "tables": rows,
            "total_rows": sum(rows.values()),
        }

    def _scenario(self) -> dict[str, Any]:
        info = self.info
        scenario: dict[str, Any] = {"id": info.scenario_id, "sha256": info.scenario_sha256}
        if info.rings != 1:
            scenario["rings"] = info.rings
        return scenario

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form written to ``manifest.json``."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kind": self.kind,
            "synthetic": True,
            "notice": SYNTHETIC_NOTICE,
            "scenario": self._scenario(),
            "seed": self.info.seed,
            "generator": {"name": "tracelab", "version": self.info.generator_version},
            "tiers": list(self.tiers),
            "tables": [
                {
                    "tier": entry.tier,
                    "name": entry.name,
                    "path": entry.path,
                    "rows": entry.rows,
                    "columns": [{"name": col.name, "type": col.type} for col in entry.columns],
                    "sha256": entry.sha256,
                    "bytes": entry.bytes,
                }
                for entry in self.tables
            ],
            "files": [
                {
                    "path": entry.path,
                    "sha256": entry.sha256,
                    "bytes": entry.bytes,
                    "audience": entry.audience,
                }
                for entry in self.files
            ],
        }

    def to_json(self) -> str:
        """``manifest.json`` text: canonical JSON (sorted keys, final newline)."""
        return canonical_json(self.to_dict())

    def trainee_view(self) -> Manifest:
        """The same manifest without the truth tier (tables and tier list), as a release."""
        return Manifest(
            info=self.info,
            tables=tuple(entry for entry in self.tables if entry.tier in TRAINEE_TIERS),
            files=(),
            kind="release",
            tiers=tuple(tier for tier in self.tiers if tier in TRAINEE_TIERS),
        )

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        """Parse a manifest's JSON object; raise :class:`ManifestError` naming what is wrong."""
        try:
            return _parse(data)
        except ManifestError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ManifestError(f"manifest does not follow the {FORMAT} format: {error}") from None

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse ``manifest.json`` text; raise :class:`ManifestError` if it is not a manifest."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ManifestError(
                f"manifest is not valid JSON "
                f"(line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        return cls.from_dict(data)

    @classmethod
    def read(cls, case: Path | str) -> Manifest:
        """Read ``<case>/manifest.json``; raise :class:`ManifestError` if missing or broken."""
        path = Path(case) / MANIFEST_NAME
        if not path.is_file():
            raise ManifestError(f"no {MANIFEST_NAME} in {case}: not a case folder")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ManifestError(f"{MANIFEST_NAME} is not UTF-8 text") from None
        return cls.from_json(text)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ManifestError(f"manifest does not follow the {FORMAT} format: {message}")


def _safe_relative(path: str) -> str:
    """Refuse paths that could reach outside the case folder (a tampered manifest)."""
    pure = PurePosixPath(path)
    _expect(
        isinstance(path, str) and bool(path) and not pure.is_absolute() and ".." not in pure.parts,
        f"file path {path!r} must be relative and stay inside the case folder",
    )
    return path


def _hex64(value: Any, what: str) -> str:
    _expect(
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value),
        f"{what} must be 64 lowercase hex digits",
    )
    return value


def _rings(value: Any) -> int:
    _expect(
        isinstance(value, int) and not isinstance(value, bool) and value >= 1,
        f"'scenario.rings' must be a whole number of at least 1, got {value!r}",
    )
    return value


def _parse(data: Any) -> Manifest:
    _expect(isinstance(data, Mapping), "top level must be a JSON object")
    _expect(data.get("format") == FORMAT, f"'format' must be {FORMAT!r}")
    _expect(
        data.get("format_version") == FORMAT_VERSION,
        f"'format_version' {data.get('format_version')!r} is not supported "
        f"(expected {FORMAT_VERSION})",
    )
    _expect(data.get("synthetic") is True, "'synthetic' must be true")
    scenario, generator = data["scenario"], data["generator"]
    seed = data["seed"]
    _expect(isinstance(seed, int) and not isinstance(seed, bool), "'seed' must be an integer")
    info = CaseInfo(
        scenario_id=str(scenario["id"]),
        scenario_sha256=_hex64(scenario["sha256"], "scenario.sha256"),
        seed=seed,
        generator_version=str(generator["version"]),
        rings=_rings(scenario.get("rings", 1)),
    )
    tables = []
    for raw in data["tables"]:
        entry = TableEntry(
            tier=raw["tier"],
            name=raw["name"],
            rows=int(raw["rows"]),
            columns=tuple(Column(str(col["name"]), str(col["type"])) for col in raw["columns"]),
            sha256=_hex64(raw["sha256"], f"sha256 of {raw.get('path')}"),
            bytes=int(raw["bytes"]),
        )
        _expect(raw["path"] == entry.path, f"table {entry.key} must live at {entry.path}")
        tables.append(entry)
    files = [
        FileEntry(
            path=_safe_relative(raw["path"]),
            sha256=_hex64(raw["sha256"], f"sha256 of {raw.get('path')}"),
            bytes=int(raw["bytes"]),
            audience=raw["audience"],
        )
        for raw in data.get("files", [])
    ]
    tiers = tuple(data["tiers"])
    for tier in tiers:
        _expect(tier in TIERS, f"unknown tier {tier!r}")
    for entry in tables:
        _expect(entry.tier in tiers, f"table {entry.key} is in a tier the manifest does not list")
    return Manifest(
        info=info, tables=tuple(tables), files=tuple(files), kind=data["kind"], tiers=tiers
    )
