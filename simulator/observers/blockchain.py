"""The public blockchain: every transfer of the lab's fictional stablecoin, for anyone to read.

A block explorer shows each transaction's id, block time, sending and receiving address, amount,
asset and network fee, and nothing about who holds an address. Investigators follow the money by
clustering addresses: deposits into a recruiter's wallets, the weekly consolidation into a fresh
wallet, the peel chain (each hop peels a small amount off and moves the rest on), and the final
deposit to an exchange, whose records (:mod:`simulator.observers.exchange`) need a lawful request.

What the chain adds to the world's payments: the exchange's own movements. When a user buys coins
the exchange pays them from its hot wallet; a few hours after a customer deposit the exchange
sweeps the deposit address into its hot wallet. Block times trail the moment a payment was sent by
a confirmation delay of a few seconds to minutes.

Modelling choice: one coin is worth one unit of the payment's currency, so on-chain amounts equal
the world's payment amounts (REALISM.md: which coins are used is not documented; the chain is
generic). The fee is paid on top by the sender.

Example
-------
>>> hot_wallet("Coinmoor") == hot_wallet("Coinmoor")
True
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform
from simulator.observers.lookup import details, text
from simulator.world.identities import lab_chain_address

__all__ = ["TABLES", "fictional_address", "hot_wallet", "observe", "sending_address"]

LEDGER = TableSpec(
    name="ledger_transactions",
    tier="open",
    description="Public ledger of the fictional stablecoin chain: every transfer between addresses",
    imitates="a public blockchain as read through a block explorer",
    columns=(
        Column("tx_id", "string", "transaction hash"),
        Column("block_time", "timestamp", "time of the block that confirmed it (UTC)"),
        Column("from_address", "string", "sending address"),
        Column("to_address", "string", "receiving address"),
        Column("amount", "float64", "amount transferred, in coins"),
        Column("asset", "string", "token ticker"),
        Column("fee", "float64", "network fee paid by the sender, in coins"),
    ),
    notes=("One coin is worth one unit of the payment currency (modelling choice).",),
)

TABLES: tuple[TableSpec, ...] = (LEDGER,)

#: Payment purposes that move coins on-chain (``channel == "crypto"``), plus the exchange's
#: payout of bought coins (``on_ramp``, recorded by the world on the ``exchange`` channel).
ON_RAMP = "on_ramp"


def fictional_address(*parts: object) -> str:
    """A lab-chain address made from ``parts``, with a deliberately wrong checksum.

    >>> len(fictional_address("hot", "Coinmoor")) > 25
    True
    """
    seed = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    # The world's own address scheme, so exchange wallets look like (and fail like) the others.
    return lab_chain_address(seed[:20], 1 + seed[20] % 255)


def hot_wallet(exchange: str) -> str:
    """The exchange's hot wallet (pays out bought coins, receives swept deposits)."""
    return fictional_address("hot-wallet", exchange)


def _tx_id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _wallets(view: WorldView) -> tuple[set[str], dict[str, str]]:
    """Known wallet addresses, and each person's first wallet."""
    ownership = view.truth.get("ownership")
    if ownership is None or ownership.empty:
        return set(), {}
    rows = ownership[ownership["identifier_kind"].astype(str) == "wallet"]
    first: dict[str, str] = {}
    for ident, person in zip(rows["identifier"].tolist(), rows["person_id"].tolist(), strict=True):
        first.setdefault(str(person), str(ident))
    return set(rows["identifier"].astype(str)), first


def sending_address(instrument: str, person: str, wallets: set[str], first: dict[str, str]) -> str:
    """The address a payment left from: its instrument if that is a wallet, else the payer's.

    A payer instrument can be a hawala code name (a broker settling in crypto): the coins then
    leave from the broker's own wallet.

    >>> sending_address("the tailor", "P9", {"Uabc"}, {"P9": "Uabc"})
    'Uabc'
    """
    if instrument in wallets or (instrument and " " not in instrument and len(instrument) >= 25):
        return instrument
    return first.get(person) or fictional_address("wallet", person)


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The public ledger (see :data:`TABLES`).

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("payment", 60, "P1", "P2", amount_cents=12_500, currency="EUR",
    ...             channel="crypto", actor_wallet="U" * 30, target_wallet="V" * 30,
    ...             detail={"purpose": "journey_fee", "tx_hash": "ab" * 32, "asset": "TLUSD"})
    >>> observe(WorldView(log.to_frame(), {}, None, 7))["ledger_transactions"]["amount"].tolist()
    [125.0]
    """
    rng = view.rng("blockchain")
    money = getattr(view.scenario, "money", None)
    crypto = getattr(money, "crypto", None)
    default_asset = getattr(crypto, "asset", "TLUSD")
    payments = view.of_kind("payment")
    info = details(payments)
    wallets, first = _wallets(view)
    rows: list[dict[str, object]] = []
    for event, detail in zip(payments.itertuples(index=False), info, strict=True):
        channel = text(event.channel)
        purpose = text(detail.get("purpose"))
        if channel != "crypto" and purpose != ON_RAMP:
            continue
        amount = float(event.amount)
        asset = text(detail.get("asset")) or default_asset
        delay = pd.Timedelta(seconds=int(rng.integers(15, 900)))
        fee = round(float(rng.uniform(0.01, 0.6)), 2)
        if purpose == ON_RAMP:
            exchange = text(event.platform) or getattr(crypto, "exchange", "exchange")
            source = hot_wallet(exchange)
            tx = _tx_id("on-ramp", event.payment_id)
        else:
            source = sending_address(text(event.actor_wallet), text(event.actor), wallets, first)
            tx = text(detail.get("tx_hash")) or _tx_id("payment", event.payment_id)
        target = text(event.target_wallet) or first.get(text(event.target), "")
        if not target:
            target = fictional_address("wallet", text(event.target))
        rows.append(
            {"tx_id": tx, "block_time": event.time + delay, "from_address": source,
             "to_address": target, "amount": amount, "asset": asset, "fee": fee}
        )  # fmt: skip
        if purpose == "exchange_deposit":
            # The exchange sweeps the customer's deposit address into its hot wallet.
            exchange = text(event.platform) or getattr(crypto, "exchange", "exchange")
            later = pd.Timedelta(seconds=int(rng.integers(1800, 8 * 3600)))
            sweep_fee = round(float(rng.uniform(0.01, 0.2)), 2)
            rows.append(
                {"tx_id": _tx_id("sweep", event.payment_id), "block_time": event.time + later,
                 "from_address": target, "to_address": hot_wallet(exchange),
                 "amount": round(amount - sweep_fee, 2), "asset": asset, "fee": sweep_fee}
            )  # fmt: skip
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["amount"] = np.round(frame["amount"].astype(float), 2)
    return {LEDGER.name: conform(frame, LEDGER, ["block_time", "tx_id"])}
