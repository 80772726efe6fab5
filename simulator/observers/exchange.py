"""The crypto exchange: know-your-customer records and deposits, withdrawals and cash-outs.

An exchange links the public ledger to people. It verified each customer's identity document when
the account was opened (KYC), and it records every coin deposit (with the deposit address and the
transaction id that appears on the public ledger), every coin withdrawal bought with fiat money,
and every fiat cash-out to a bank account. Investigators reach these records only with a lawful
request naming an account, a deposit address, an e-mail or a phone number.

Quirks: KYC names are copied from the identity document in capitals and are exact (the document
was checked), but the phone number and e-mail are whatever the customer typed at sign-up; times
are the exchange's UTC clock. All records are kept: retention is applied by the lawful-request
engine at request time.

Example
-------
>>> [spec.name for spec in TABLES]
['exchange_kyc', 'exchange_transfers']
"""

from __future__ import annotations

import hashlib

import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.blockchain import ON_RAMP
from simulator.observers.imperfection import conform
from simulator.observers.lookup import details, persons, provider_for, text

__all__ = ["TABLES", "observe"]

_PROVIDER = Column("provider", "string", "the exchange that holds the record")
_RETENTION = "Records older than the exchange's retention window at the request date are gone."
_REGISTER = "Kept for the whole customer relationship: the retention window does not age it out."

KYC = TableSpec(
    name="exchange_kyc",
    tier="provider",
    description="Customers of the crypto exchange as identified at sign-up (know your customer).",
    imitates="a crypto exchange's KYC file returned to a production order",
    columns=(
        _PROVIDER,
        Column("account", "string", "exchange account id"),
        Column("name", "string", "name as on the identity document (capitals)"),
        Column("nationality", "string", "nationality on the identity document"),
        Column("id_document", "string", "identity document number"),
        Column("phone", "string", "phone number given at sign-up"),
        Column("email", "string", "e-mail address given at sign-up"),
        Column("created", "timestamp", "when the account was opened (UTC)"),
    ),
    provider_kind="exchange",
    data_kind="kyc",
    target_columns=("account", "id_document", "phone", "email"),
    # No time column: KYC files are kept for as long as the customer relationship (and the
    # record-keeping period after it), not counted from the day the account was opened.
    notes=(_REGISTER,),
)

TRANSFERS = TableSpec(
    name="exchange_transfers",
    tier="provider",
    description="Coin deposits and withdrawals and fiat cash-outs of exchange accounts.",
    imitates="a crypto exchange's deposit and withdrawal history per account",
    columns=(
        _PROVIDER,
        Column("account", "string", "exchange account id"),
        Column("time", "timestamp", "when the exchange booked it (UTC)"),
        Column("direction", "string", "crypto_deposit, crypto_withdrawal or fiat_withdrawal"),
        Column("asset", "string", "token ticker (empty for fiat)"),
        Column("amount", "float64", "coins deposited or withdrawn (empty for fiat)"),
        Column("address", "string", "deposit address, or the address coins were sent to"),
        Column("tx_id", "string", "transaction hash on the public ledger"),
        Column("fiat_amount", "float64", "fiat money paid in or out"),
        Column("fiat_currency", "string", "currency of the fiat amount"),
        Column("bank_account", "string", "bank account of a fiat cash-out"),
    ),
    provider_kind="exchange",
    data_kind="transactions",
    target_columns=("account", "address", "tx_id", "bank_account"),
    time_column="time",
    notes=(_RETENTION,),
)

TABLES: tuple[TableSpec, ...] = (KYC, TRANSFERS)


def _holdings(view: WorldView) -> pd.DataFrame:
    ownership = view.truth.get("ownership")
    if ownership is None or ownership.empty:
        return pd.DataFrame(columns=["identifier", "identifier_kind", "person_id", "from", "to"])
    return ownership


def _first_of(holdings: pd.DataFrame, kind: str) -> dict[str, str]:
    """person -> first identifier of ``kind`` they held."""
    rows = holdings[holdings["identifier_kind"].astype(str) == kind]
    out: dict[str, str] = {}
    for ident, person in zip(rows["identifier"].tolist(), rows["person_id"].tolist(), strict=True):
        out.setdefault(str(person), str(ident))
    return out


def _phone_at(holdings: pd.DataFrame, person: str, when: pd.Timestamp) -> str:
    """The number ``person`` held at ``when`` (their first one if none was held then)."""
    rows = holdings[
        (holdings["identifier_kind"].astype(str) == "phone_number")
        & (holdings["person_id"].astype(str) == person)
    ]
    if rows.empty:
        return ""
    held = rows[(rows["from"] <= when) & (rows["to"].isna() | (rows["to"] > when))]
    return str((held if not held.empty else rows)["identifier"].iloc[0])


def _kyc(view: WorldView, provider: str) -> pd.DataFrame:
    holdings = _holdings(view)
    people = persons(view.truth)
    documents = _first_of(holdings, "id_document")
    emails = _first_of(holdings, "email")
    accounts: dict[str, tuple[str, pd.Timestamp]] = {}
    rows = holdings[holdings["identifier_kind"].astype(str) == "exchange_account"]
    for ident, person, start in zip(
        rows["identifier"], rows["person_id"], rows["from"], strict=True
    ):
        accounts.setdefault(str(ident), (str(person), start))
    created = view.of_kind("account_created")
    for event, info in zip(created.itertuples(index=False), details(created), strict=True):
        if info.get("purpose") == "exchange" and text(event.actor_account):
            accounts.setdefault(text(event.actor_account), (text(event.actor), event.time))
    out: list[dict[str, object]] = []
    for account in sorted(accounts):
        person_id, when = accounts[account]
        person = people.get(person_id)
        email = emails.get(person_id) or f"{account.lower()}@mail.example.com"
        out.append(
            {
                "provider": provider,
                "account": account,
                "name": person.name.upper() if person else None,
                "nationality": person.nationality if person else None,
                "id_document": documents.get(person_id),
                "phone": _phone_at(holdings, person_id, when) or None,
                "email": email,
                "created": when,
            }
        )
    return pd.DataFrame(out)


def _transfers(view: WorldView, provider: str) -> pd.DataFrame:
    payments = view.of_kind("payment")
    holdings = _holdings(view)
    banks = _first_of(holdings, "bank_account")
    rows: list[dict[str, object]] = []
    for event, info in zip(payments.itertuples(index=False), details(payments), strict=True):
        purpose = text(info.get("purpose"))
        asset = text(info.get("asset"))
        common = {"provider": provider, "time": event.time}
        if purpose == "exchange_deposit":
            account = text(info.get("exchange_account")) or text(event.target_wallet)
            rows.append(
                {**common, "account": account, "direction": "crypto_deposit", "asset": asset,
                 "amount": float(event.amount), "address": text(event.target_wallet),
                 "tx_id": text(info.get("tx_hash"))}
            )  # fmt: skip
        elif purpose == ON_RAMP:
            tx = hashlib.sha256(f"on-ramp\x1f{event.payment_id}".encode()).hexdigest()
            rows.append(
                {**common, "account": text(event.actor_wallet), "direction": "crypto_withdrawal",
                 "asset": asset, "amount": float(event.amount),
                 "address": text(event.target_wallet), "tx_id": tx,
                 "fiat_amount": float(event.amount), "fiat_currency": text(event.currency)}
            )  # fmt: skip
        elif purpose == "cash_out":
            rows.append(
                {**common, "account": text(event.actor_wallet), "direction": "fiat_withdrawal",
                 "fiat_amount": float(event.amount), "fiat_currency": text(event.currency),
                 "bank_account": banks.get(text(event.actor))}
            )  # fmt: skip
    return pd.DataFrame(rows)


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The exchange's tables (see :data:`TABLES`).

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("payment", 60, "P1", "P1", amount_cents=5_000, currency="EUR",
    ...             channel="exchange", actor_wallet="CM-1", target_wallet="U" * 30,
    ...             detail={"purpose": "on_ramp", "asset": "TLUSD"})
    >>> out = observe(WorldView(log.to_frame(), {}, None, 7))["exchange_transfers"]
    >>> out[["account", "direction", "amount"]].values.tolist()
    [['CM-1', 'crypto_withdrawal', 50.0]]
    """
    crypto = getattr(getattr(view.scenario, "money", None), "crypto", None)
    exchange = getattr(crypto, "exchange", "")
    provider = provider_for(view.scenario, "exchange", name=exchange).name
    return {
        KYC.name: conform(_kyc(view, provider), KYC, ["account"]),
        TRANSFERS.name: conform(
            _transfers(view, provider), TRANSFERS, ["time", "account", "direction"]
        ),
    }
