"""Who owned which identifier, and when: the ``ownership`` truth table.

Every phone number (SIM), IMSI, handset (IMEI), device id, platform and messenger account, crypto
wallet, exchange account, bank account, e-mail, identity document and hawala code name is recorded
here when a person starts to hold it and closed when they stop (SIM swap, burner, takedown,
seizure).

Examples
--------
>>> registry = OwnershipRegistry()
>>> registry.acquire("+39 555 0100", IdentifierKind.PHONE_NUMBER, "P1", 0)
>>> registry.release("+39 555 0100", 86_400)
>>> registry.owner("+39 555 0100")
'P1'
>>> len(registry)
1
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import pandas as pd

from simulator.world.events import text_column

__all__ = ["IdentifierKind", "OwnershipRegistry"]


class IdentifierKind(StrEnum):
    """Kinds of identifier a person can hold."""

    PHONE_NUMBER = "phone_number"
    IMSI = "imsi"
    IMEI = "imei"
    DEVICE_ID = "device_id"
    PLATFORM_ACCOUNT = "platform_account"
    MESSENGER_ACCOUNT = "messenger_account"
    WALLET = "wallet"
    EXCHANGE_ACCOUNT = "exchange_account"
    BANK_ACCOUNT = "bank_account"
    EMAIL = "email"
    ID_DOCUMENT = "id_document"
    HAWALA_CODE_NAME = "hawala_code_name"


class OwnershipRegistry:
    """Append-only record of holdings; times are seconds from the period start."""

    def __init__(self) -> None:
        self._identifier: list[str] = []
        self._kind: list[str] = []
        self._person: list[str] = []
        self._platform: list[str | None] = []
        self._from: list[int] = []
        self._to: list[int | None] = []
        self._open: dict[str, int] = {}
        self._last_owner: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._identifier)

    def acquire(
        self,
        identifier: str,
        kind: IdentifierKind,
        person_id: str,
        t: int,
        platform: str | None = None,
    ) -> None:
        """``person_id`` starts holding ``identifier`` at ``t`` (a holder before them stops)."""
        if identifier in self._open:
            self.release(identifier, t)
        self._open[identifier] = len(self._identifier)
        self._last_owner[identifier] = person_id
        self._identifier.append(identifier)
        self._kind.append(str(kind))
        self._person.append(person_id)
        self._platform.append(platform)
        self._from.append(int(t))
        self._to.append(None)

    def release(self, identifier: str, t: int) -> None:
        """The current holder stops holding ``identifier`` at ``t`` (no-op if nobody holds it)."""
        row = self._open.pop(identifier, None)
        if row is not None:
            self._to[row] = int(t)

    def owner(self, identifier: str) -> str | None:
        """The latest holder of ``identifier`` (``None`` if never held)."""
        return self._last_owner.get(identifier)

    def to_frame(self, start: dt.date) -> pd.DataFrame:
        """The ownership table: identifier, identifier_kind, platform, person_id, from, to (UTC)."""
        origin = pd.Timestamp(start, tz="UTC")
        to = pd.array(self._to, dtype="Int64")
        frame = pd.DataFrame(
            {
                "identifier": text_column(self._identifier),
                "identifier_kind": text_column(self._kind),
                "platform": text_column(self._platform),
                "person_id": text_column(self._person),
                "from": (origin + pd.to_timedelta(self._from, unit="s")).as_unit("s"),
                "to": (
                    origin
                    + pd.to_timedelta(to.to_numpy(dtype="float64", na_value=float("nan")), unit="s")
                ).as_unit("s"),
            }
        )
        return frame.sort_values(
            ["identifier_kind", "identifier", "from"], kind="stable", ignore_index=True
        )
