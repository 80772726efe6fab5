"""The table catalogue: what each case table is, who holds it and how a trainee may reach it.

Every table a case can contain is described once here by a :class:`TableSpec`. The observers fill
tables to these specs, the case writer copies each spec into ``manifest.json``, the trainee toolkit
reads the specs back from the manifest (it never imports the simulator internals), and the data
dictionary ``datasets/README.md`` is generated from them.

>>> spec = TableSpec(
...     name="calls",
...     tier="provider",
...     description="Call detail records kept by the mobile operator.",
...     imitates="a telecom operator's call detail records (CDR)",
...     columns=(Column("caller", "string", "calling number"),),
...     provider_kind="telecom",
...     data_kind="traffic",
...     target_columns=("caller",),
...     time_column="start",
... )
>>> spec.column_names()
('caller',)
>>> TableSpec.from_dict(spec.to_dict()) == spec
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["TIERS", "Column", "TableSpec", "Tier"]

Tier = Literal["open", "provider", "seized", "truth"]

#: Access tiers in the order a trainee meets them (DESIGN.md, access tiers).
TIERS: tuple[Tier, ...] = ("open", "provider", "seized", "truth")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a case table: its name, logical type and meaning."""

    name: str
    dtype: str
    meaning: str


@dataclass(frozen=True, slots=True)
class TableSpec:
    """Everything a trainee, an instructor and the request rules need to know about one table.

    ``provider_kind``/``data_kind`` (provider tier only) say which company holds the table and
    which kind of data it is (subscriber, traffic, content, kyc, transactions), so the lawful
    request rules can decide which legal basis unlocks it. ``target_columns`` are the columns a
    request names its target by (a phone number, a handle...); ``time_column`` is the column that
    retention windows are measured on.
    """

    name: str
    tier: Tier
    description: str
    imitates: str
    columns: tuple[Column, ...]
    provider_kind: str = ""
    data_kind: str = ""
    target_columns: tuple[str, ...] = ()
    time_column: str = ""
    notes: tuple[str, ...] = field(default=())

    def column_names(self) -> tuple[str, ...]:
        """The column names in order."""
        return tuple(column.name for column in self.columns)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (used in ``manifest.json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableSpec:
        """Rebuild a spec from :meth:`to_dict` output (as read back from a manifest)."""
        values = dict(data)
        values["columns"] = tuple(Column(**column) for column in values.get("columns", ()))
        for key in ("target_columns", "notes"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)
