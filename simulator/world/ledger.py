"""Double-entry ledger in integer cents: the ``payments`` truth table and every balance.

Each payment moves an exact number of cents from one account of the payer to one account of the
payee, so money is conserved by construction: per currency, all balances add up to zero, where a
person's ``cash`` account may go below zero (money that came from outside the simulated world: a
family's savings, a smuggler's reserves). Every other account (hawala escrow, crypto wallets,
exchange accounts) is an instrument that can only spend what it received; an overdraft raises
:class:`Overdraft`, because it would be a bug in the flows.

Examples
--------
>>> ledger = Ledger()
>>> pid = ledger.record(
...     10, "F1", "B1", 250_000, "EUR", "hawala", "hawala_deposit", to_account="escrow"
... )
>>> ledger.balance("B1", "escrow", "EUR")
250000
>>> ledger.record(20, "B1", "P1", 300_000, "EUR", "hawala", "hawala_release", from_account="escrow")
Traceback (most recent call last):
...
simulator.world.ledger.Overdraft: B1 escrow EUR would go to -50000 cents
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from enum import StrEnum
from typing import Any

import pandas as pd

from simulator.world.events import dump_detail, text_column

__all__ = ["FREE_ACCOUNTS", "Ledger", "Overdraft", "Purpose", "cents"]

#: Accounts allowed below zero: money from, or back to, the world outside the simulation.
FREE_ACCOUNTS = frozenset({"cash"})


class Overdraft(ValueError):
    """An instrument account would go below zero."""


class Purpose(StrEnum):
    """Why money moved."""

    JOURNEY_FEE = "journey_fee"
    HAWALA_DEPOSIT = "hawala_deposit"
    BROKER_FEE = "broker_fee"
    HAWALA_RELEASE = "hawala_release"
    REFUND = "refund"
    BROKER_SETTLEMENT = "broker_settlement"
    COURIER_PICKUP = "courier_pickup"
    COURIER_DELIVERY = "courier_delivery"
    ON_RAMP = "on_ramp"
    CONSOLIDATION = "consolidation"
    PEEL = "peel"
    PEEL_HOP = "peel_hop"
    EXCHANGE_DEPOSIT = "exchange_deposit"
    CASH_OUT = "cash_out"
    MULE_HANDOVER = "mule_handover"
    DRIVER_PAY = "driver_pay"
    SAFE_HOUSE_PAY = "safe_house_pay"
    BRIBE = "bribe"
    DOCUMENT_FEE = "document_fee"
    BOAT_PURCHASE = "boat_purchase"
    OPERATING_FLOAT = "operating_float"
    LAUNDERING = "laundering"
    BENIGN_REMITTANCE = "benign_remittance"
    BENIGN_TRANSFER = "benign_transfer"


def cents(amount: float) -> int:
    """Whole cents of an amount in currency units (half away from zero).

    >>> cents(12.345), cents(1000)
    (1235, 100000)
    """
    scaled = abs(amount) * 100
    whole = int(scaled + 0.5 + 1e-9)
    return whole if amount >= 0 else -whole


class Ledger:
    """All payments, in columns, with running balances per (person, account, currency)."""

    COLUMNS = (
        "payment_id",
        "t",
        "payer",
        "payee",
        "channel",
        "amount_cents",
        "currency",
        "purpose",
        "from_account",
        "to_account",
        "payer_instrument",
        "payee_instrument",
        "migrant",
        "leg_index",
        "trip_id",
        "parent",
        "place",
        "detail",
    )

    def __init__(self, number: Callable[[int], int] = int) -> None:
        self._rows: dict[str, list[Any]] = {name: [] for name in self.COLUMNS}
        # The same lists in column order, for appending a row without a look-up per column.
        self._columns = tuple(self._rows[name] for name in self.COLUMNS)
        self._balances: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self._last_in: dict[tuple[str, str, str], int] = {}
        # Payment numbers from the record count (a ring of several deals them round-robin).
        self._number = number

    def __len__(self) -> int:
        return len(self._rows["payment_id"])

    def record(
        self,
        t: int,
        payer: str,
        payee: str,
        amount_cents: int,
        currency: str,
        channel: str,
        purpose: str,
        *,
        from_account: str = "cash",
        to_account: str = "cash",
        payer_instrument: str | None = None,
        payee_instrument: str | None = None,
        migrant: str | None = None,
        leg_index: int | None = None,
        trip_id: str | None = None,
        parent: str | None = None,
        place: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> str:
        """Move ``amount_cents`` (> 0) and return the new payment id (``PAY`` + number)."""
        if not isinstance(amount_cents, int) or amount_cents <= 0:
            raise ValueError(
                f"a payment moves a positive whole number of cents, not {amount_cents!r}"
            )
        source = (payer, from_account, currency)
        if from_account not in FREE_ACCOUNTS and self._balances[source] < amount_cents:
            after = self._balances[source] - amount_cents
            raise Overdraft(f"{payer} {from_account} {currency} would go to {after} cents")
        self._balances[source] -= amount_cents
        self._balances[(payee, to_account, currency)] += amount_cents
        key = (payee, to_account, currency)
        self._last_in[key] = max(self._last_in.get(key, t), t)
        payment_id = f"PAY{self._number(len(self) + 1):07d}"
        values = (
            payment_id,
            int(t),
            payer,
            payee,
            channel,
            amount_cents,
            currency,
            str(purpose),
            from_account,
            to_account,
            payer_instrument,
            payee_instrument,
            migrant,
            leg_index,
            trip_id,
            parent,
            place,
            dump_detail(detail),
        )
        for column, value in zip(self._columns, values, strict=True):
            column.append(value)
        return payment_id

    def balance(self, person: str, account: str = "cash", currency: str = "EUR") -> int:
        """Current balance in cents of one account."""
        return self._balances.get((person, account, currency), 0)

    def last_in(self, person: str, account: str = "cash", currency: str = "EUR") -> int:
        """Time of the latest payment into an account (a spender must act after it).

        Flows are emitted when decided, sometimes stamped hours ahead; periodic flows that spend a
        whole balance use this so that, in time order, no money is spent before it arrived.
        """
        return self._last_in.get((person, account, currency), -(10**12))

    def balances(self) -> dict[tuple[str, str, str], int]:
        """Every non-zero balance, keyed by (person, account, currency), in sorted order."""
        return {key: value for key, value in sorted(self._balances.items()) if value}

    def to_frame(self, start: dt.date) -> pd.DataFrame:
        """The payments truth table (time in UTC seconds, amounts exact in cents and as floats)."""
        rows = self._rows
        origin = pd.Timestamp(start, tz="UTC")
        frame = pd.DataFrame(
            {
                "payment_id": text_column(rows["payment_id"]),
                "time": (origin + pd.to_timedelta(rows["t"], unit="s")).as_unit("s"),
                "payer": text_column(rows["payer"]),
                "payee": text_column(rows["payee"]),
                "channel": text_column(rows["channel"]),
                "amount": pd.array(rows["amount_cents"], dtype="int64") / 100.0,
                "amount_cents": pd.array(rows["amount_cents"], dtype="int64"),
                "currency": text_column(rows["currency"]),
                "purpose": text_column(rows["purpose"]),
                "from_account": text_column(rows["from_account"]),
                "to_account": text_column(rows["to_account"]),
                "payer_instrument": text_column(rows["payer_instrument"]),
                "payee_instrument": text_column(rows["payee_instrument"]),
                "migrant": text_column(rows["migrant"]),
                "leg_index": pd.array(rows["leg_index"], dtype="Int64"),
                "trip_id": text_column(rows["trip_id"]),
                "parent": text_column(rows["parent"]),
                "place": text_column(rows["place"]),
                "detail": text_column(rows["detail"]),
            }
        )
        return frame.sort_values(["time", "payment_id"], kind="stable", ignore_index=True)
