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

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.blockchain import ON_RAMP
from simulator.observers.imperfection import (
    columns_at,
    conform,
    detail_fields,
    may_mention,
    persons_among,
    text_array,
)
from simulator.observers.lookup import provider_for

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


def _phones_at(holdings: pd.DataFrame, people: list[str], whens: list[pd.Timestamp]) -> list[str]:
    """The number each of ``people`` held at the matching ``whens`` ("" if they held none).

    A person's first number (in ownership order) held at that moment, else their first number
    at all: found for every account at once by joining accounts to numbers on the person.
    """
    numbers = holdings[holdings["identifier_kind"].astype(str) == "phone_number"]
    asked = pd.DataFrame(
        {
            "asked": np.arange(len(people)),
            "person": pd.Series(people, dtype=object),
            "when": pd.Series(whens, dtype=object),
        }
    )
    held = pd.DataFrame(
        {
            "person": numbers["person_id"].astype(str).to_numpy(dtype=object),
            "rank": np.arange(len(numbers)),
            "identifier": numbers["identifier"].to_numpy(dtype=object),
            "from": numbers["from"].reset_index(drop=True),
            "to": numbers["to"].reset_index(drop=True),
        }
    )
    pairs = asked.merge(held, on="person").sort_values(["asked", "rank"], kind="stable")
    when = pd.to_datetime(pairs["when"], utc=True)
    now = ((pairs["from"] <= when) & (pairs["to"].isna() | (pairs["to"] > when))).to_numpy()
    out = [""] * len(people)
    chosen = pd.concat([pairs[now], pairs]).drop_duplicates("asked")
    for asked_row, identifier in zip(
        chosen["asked"].tolist(), chosen["identifier"].tolist(), strict=True
    ):
        out[asked_row] = str(identifier)
    return out


def _accounts(view: WorldView, holdings: pd.DataFrame) -> dict[str, tuple[str, pd.Timestamp]]:
    """Exchange account -> (holder, opened): from ownership, else from the opening event."""
    accounts: dict[str, tuple[str, pd.Timestamp]] = {}
    rows = holdings[holdings["identifier_kind"].astype(str) == "exchange_account"]
    for ident, person, start in zip(
        rows["identifier"].tolist(), rows["person_id"].tolist(), list(rows["from"]), strict=True
    ):
        accounts.setdefault(str(ident), (str(person), start))
    created = view.kind_rows("account_created")
    # Only an opening whose detail mentions the exchange can be one: read just those.
    created = created[may_mention(columns_at(view.events, created, ["detail"]), ["exchange"])]
    created = columns_at(view.events, created, ["time", "actor", "actor_account", "detail"])
    purpose = detail_fields(created, ["purpose"])["purpose"]
    handle = text_array(created["actor_account"])
    opened = np.flatnonzero((purpose == "exchange").to_numpy(dtype=bool) & (handle != ""))
    actors = text_array(created["actor"].iloc[opened])
    for account, person, when in zip(
        handle[opened].tolist(), actors.tolist(), list(created["time"].iloc[opened]), strict=True
    ):
        accounts.setdefault(account, (person, when))
    return accounts


def _kyc(view: WorldView, provider: str) -> pd.DataFrame:
    """One KYC record per exchange account, in account order."""
    holdings = _holdings(view)
    accounts = _accounts(view, holdings)
    names = sorted(accounts)
    if not names:
        return pd.DataFrame([])
    holders = [accounts[account][0] for account in names]
    opened = [accounts[account][1] for account in names]
    people = persons_among(view.truth, holders)
    documents = _first_of(holdings, "id_document")
    emails = _first_of(holdings, "email")
    found = [people.get(person_id) for person_id in holders]
    phones = _phones_at(holdings, holders, opened)
    return pd.DataFrame(
        {
            "provider": provider,
            "account": names,
            "name": [person.name.upper() if person else None for person in found],
            "nationality": [person.nationality if person else None for person in found],
            "id_document": [documents.get(person_id) for person_id in holders],
            "phone": [phone or None for phone in phones],
            "email": [
                emails.get(person_id) or f"{account.lower()}@mail.example.com"
                for person_id, account in zip(holders, names, strict=True)
            ],
            "created": opened,
        }
    )


def _transfers(view: WorldView, provider: str) -> pd.DataFrame:
    """Deposits, coin withdrawals (bought coins) and fiat cash-outs, in log order."""
    payments = view.kind_rows("payment")
    # Only payments whose detail mentions a booked purpose can be one: parse just those.
    payments = payments[may_mention(columns_at(view.events, payments, ["detail"]), _BOOKED)]
    fields = detail_fields(
        columns_at(view.events, payments, ["detail"]),
        ["purpose", "asset", "exchange_account", "tx_hash"],
    )
    purpose = text_array(fields["purpose"])
    booked = np.flatnonzero(pd.Series(purpose).isin(_BOOKED).to_numpy())
    if booked.size == 0:
        return pd.DataFrame([])
    rows = columns_at(view.events, payments[booked], _PAYMENT_COLUMNS)
    purpose = purpose[booked]
    deposit, bought, cashed = (purpose == kind for kind in _BOOKED)
    fields = {key: values.iloc[booked].reset_index(drop=True) for key, values in fields.items()}
    amount = rows["amount"].astype(float).to_numpy()
    payer_wallet, target_wallet = (
        text_array(rows["actor_wallet"]),
        text_array(rows["target_wallet"]),
    )
    deposited_to = text_array(fields["exchange_account"])
    account = np.where(
        deposit, np.where(deposited_to == "", target_wallet, deposited_to), payer_wallet
    )
    tx = np.where(deposit, text_array(fields["tx_hash"]), None)
    # Hashes are made one by one (no column-wise SHA-256), for the exchange's own payouts.
    ids = rows["payment_id"].to_numpy(dtype=object)
    for i in np.flatnonzero(bought).tolist():
        tx[i] = hashlib.sha256(f"on-ramp\x1f{ids[i]}".encode()).hexdigest()
    banks = _first_of(_holdings(view), "bank_account")
    coins = ~cashed
    return pd.DataFrame(
        {
            "provider": provider,
            "time": rows["time"],
            "account": account,
            "direction": np.select([deposit, bought], ["crypto_deposit", "crypto_withdrawal"],
                                   "fiat_withdrawal").astype(object),
            "asset": np.where(coins, text_array(fields["asset"]), None),
            "amount": np.where(coins, amount, np.nan),
            "address": np.where(coins, target_wallet, None),
            "tx_id": tx,
            "fiat_amount": np.where(deposit, np.nan, amount),
            "fiat_currency": np.where(deposit, None, text_array(rows["currency"])),
            "bank_account": np.where(
                cashed, pd.Series(text_array(rows["actor"])).map(banks).to_numpy(dtype=object), None
            ),
        }
    )  # fmt: skip


#: Payment purposes the exchange books: a customer deposit, bought coins, a fiat cash-out.
_BOOKED = ("exchange_deposit", ON_RAMP, "cash_out")

#: The columns the exchange reads of a payment it booked.
_PAYMENT_COLUMNS = (
    "time", "actor", "amount", "currency", "actor_wallet", "target_wallet", "payment_id",
)  # fmt: skip


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
