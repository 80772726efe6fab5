"""Seized items: phone extractions and hawala ledgers, after the scenario's seizures.

Seized-tier tables carry a ``device_id`` (phone extractions: chats, contacts, call log, photos with
EXIF, notes) or a ``ledger_id`` (hawala notebooks). The register of seizures is the seized table
``seizures``, one row per exhibit as the seizure report has it (``seizure_id``, ``date``, ``place``,
``what``, ``seized_from``...), naming the item by the same ``device_id`` or ``ledger_id`` the
extraction tables use, so SQL joins on that column. A case without the register still lists the
ids found in the extraction tables.

>>> import pandas as pd
>>> item = Extraction("phone", "DEV-1", {"device_chats": pd.DataFrame({"device_id": ["DEV-1"]})})
>>> len(item.chats), item.names()
(1, ['chats'])
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from simulator.investigate.errors import CaseError

__all__ = ["ID_COLUMNS", "Extraction", "short_name"]

#: The column naming the seized item in extraction tables, by item type.
ID_COLUMNS: dict[str, str] = {"phone": "device_id", "ledger": "ledger_id"}

_PREFIXES = ("device_", "phone_", "extraction_", "seized_", "hawala_", "ledger_")

# Tables whose prefix-stripped name would not read well: a ledger's entries, not its "ledgers".
_SHORT_NAMES = {"hawala_ledgers": "entries"}


def short_name(table: str) -> str:
    """The attribute name of an extraction table: ``device_chats`` → ``chats``.

    >>> short_name("phone_call_log"), short_name("hawala_ledger_entries"), short_name("notes")
    ('call_log', 'entries', 'notes')
    >>> short_name("hawala_ledgers")
    'entries'
    """
    if table in _SHORT_NAMES:
        return _SHORT_NAMES[table]
    name = table
    stripped = True
    while stripped:
        stripped = False
        for prefix in _PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix) :]
                stripped = True
    return name


class Extraction:
    """What one seized item holds: one DataFrame per extraction table, filtered to the item.

    Reach a table as an attribute by its short name (``phone.chats``, ``phone.call_log``,
    ``phone.photos``) or with :meth:`table`.
    """

    def __init__(self, item_type: str, item_id: str, tables: Mapping[str, pd.DataFrame]) -> None:
        self.item_type = item_type
        self.item_id = item_id
        self._tables = {short_name(name): frame for name, frame in tables.items()}

    def names(self) -> list[str]:
        """The short names of the tables this item has."""
        return list(self._tables)

    def table(self, name: str) -> pd.DataFrame:
        """One table by short or full name (a copy, so the trainee cannot alter the extraction)."""
        key = short_name(name)
        if key not in self._tables:
            raise CaseError(
                f"{self.item_type} {self.item_id} has no table {name!r}; it has: "
                f"{', '.join(self._tables) or 'none'}"
            )
        return self._tables[key].copy()

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.table(name)
        except CaseError as error:
            raise AttributeError(str(error)) from None

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._tables))

    def __repr__(self) -> str:
        counts = ", ".join(f"{name} ({len(frame)})" for name, frame in self._tables.items())
        return f"{self.item_type} {self.item_id}: {counts or 'no records'}"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td><code>{html.escape(name)}</code></td><td>{len(frame)}</td></tr>"
            for name, frame in self._tables.items()
        )
        return (
            f"<p><b>{html.escape(self.item_type)} {html.escape(self.item_id)}</b> (seized)</p>"
            f"<table><tr><th>table</th><th>records</th></tr>{rows}</table>"
        )
