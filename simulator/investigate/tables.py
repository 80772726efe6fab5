"""The tables of a case folder: their catalogue entries, files and row counts.

The catalogue (``catalog.json``, a list of :class:`simulator.catalog.TableSpec` dicts) says what
each table is; the tier folders say what is on disk. Only tables whose Parquet file exists are
listed; a file missing from the catalogue is still listed with a minimal spec (nothing is hidden).

>>> import tempfile, pathlib, pandas as pd
>>> with tempfile.TemporaryDirectory() as folder:
...     case = pathlib.Path(folder)
...     (case / "open").mkdir()
...     pd.DataFrame({"a": [1, 2]}).to_parquet(case / "open" / "posts.parquet")
...     found = discover_tables(case)
...     (sorted(found), found["posts"].spec.tier, found["posts"].rows())
(['posts'], 'open', 2)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from simulator.catalog import TIERS, Column, TableSpec
from simulator.investigate.errors import CaseError

__all__ = ["CaseTable", "discover_tables", "read_json"]


@dataclass(frozen=True, slots=True)
class CaseTable:
    """One table of a case: its spec and its Parquet file."""

    spec: TableSpec
    path: Path

    @property
    def name(self) -> str:
        """The table name (unique within a case)."""
        return self.spec.name

    @property
    def tier(self) -> str:
        """``open``, ``provider``, ``seized`` or ``truth``."""
        return self.spec.tier

    def rows(self) -> int:
        """Row count from the Parquet footer (the data is not read)."""
        return int(pq.ParquetFile(self.path).metadata.num_rows)

    def column_names(self) -> list[str]:
        """Column names as stored in the file."""
        return list(pq.read_schema(self.path).names)


def read_json(path: Path, default: Any) -> Any:
    """Parse a JSON file, or return ``default`` when it is absent.

    >>> read_json(Path("/nonexistent.json"), {})
    {}
    """
    if not path.exists():
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise CaseError(f"{path} is not valid JSON: {error}") from error


def _catalog_specs(case: Path) -> dict[tuple[str, str], TableSpec]:
    raw = read_json(case / "catalog.json", [])
    if isinstance(raw, dict):  # tolerate {"tables": [...]} as well as a bare list
        raw = raw.get("tables", [])
    specs: dict[tuple[str, str], TableSpec] = {}
    for entry in raw:
        try:
            spec = TableSpec.from_dict(entry)
        except TypeError:
            # Keys this toolkit does not know (a newer catalogue): keep the ones it does.
            known = {key: entry[key] for key in TableSpec.__dataclass_fields__ if key in entry}
            spec = TableSpec.from_dict(known)
        specs[(spec.tier, spec.name)] = spec
    return specs


def _minimal_spec(tier: str, name: str, path: Path) -> TableSpec:
    names = pq.read_schema(path).names
    columns = tuple(Column(column, "", "") for column in names)
    return TableSpec(name=name, tier=tier, description="(not in the catalogue)", imitates="",
                     columns=columns)  # fmt: skip


def discover_tables(case: Path) -> dict[str, CaseTable]:
    """Every table on disk in ``case``, by name, in tier order then catalogue/name order."""
    specs = _catalog_specs(case)
    found: dict[str, CaseTable] = {}
    for tier in TIERS:
        folder = case / tier
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        by_name = {path.stem: path for path in files}
        listed = [name for (spec_tier, name) in specs if spec_tier == tier and name in by_name]
        unlisted = [name for name in by_name if (tier, name) not in specs]
        for name in listed + unlisted:
            spec = specs.get((tier, name)) or _minimal_spec(tier, name, by_name[name])
            if name in found:
                raise CaseError(f"table {name!r} appears in two tiers ({found[name].tier}, {tier})")
            found[name] = CaseTable(spec, by_name[name])
    return found
