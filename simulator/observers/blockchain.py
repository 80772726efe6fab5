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
from simulator.observers.imperfection import (
    columns_at,
    conform,
    detail_fields,
    draws_in_order,
    each_distinct,
    may_mention,
    round_like_python,
    text_array,
    text_equals,
)
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
    crypto = getattr(getattr(view.scenario, "money", None), "crypto", None)
    rows = view.kind_rows("payment")
    payments = columns_at(view.events, rows, ["channel", "detail"])
    # Coins move for crypto payments and for the exchange's payout of bought coins (whose detail
    # must mention it: the others need no parsing).
    crypto_channel = text_equals(payments["channel"], "crypto")
    maybe = np.flatnonzero(crypto_channel | may_mention(payments, [ON_RAMP]))
    fields = detail_fields(payments.iloc[maybe], ["purpose", "asset", "tx_hash"])
    purpose = text_array(fields["purpose"])
    moved = np.flatnonzero(crypto_channel[maybe] | (purpose == ON_RAMP))
    if moved.size == 0:
        return {LEDGER.name: conform(pd.DataFrame([]), LEDGER, ["block_time", "tx_id"])}
    coins = columns_at(view.events, rows[maybe[moved]], _PAYMENT_COLUMNS)
    purpose = purpose[moved]
    deposit = purpose == "exchange_deposit"
    delay, fee, later, sweep_fee = _draws(rng, deposit)
    asset, tx = (text_array(fields[key])[moved] for key in ("asset", "tx_hash"))
    main = _transactions(view, coins, purpose, asset, tx, crypto)
    main["block_time"] = coins["time"] + pd.to_timedelta(delay, unit="s")
    main["fee"] = fee
    sweeps = _sweeps(coins, main, deposit, later, sweep_fee, crypto)
    # Each sweep follows its deposit, as the exchange's own movement after the customer's.
    frame = pd.concat([main, sweeps], ignore_index=True)
    order = np.argsort(
        np.concatenate([np.arange(len(main)), np.flatnonzero(deposit)]), kind="stable"
    )
    frame = frame.iloc[order].reset_index(drop=True)
    frame["amount"] = np.round(frame["amount"].astype(float), 2)
    return {LEDGER.name: conform(frame, LEDGER, ["block_time", "tx_id"])}


#: The columns the ledger reads of a payment that moved coins.
_PAYMENT_COLUMNS = (
    "time", "actor", "target", "amount", "platform", "actor_wallet", "target_wallet", "payment_id",
)  # fmt: skip


def _draws(
    rng: np.random.Generator, deposit: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Confirmation delay and fee of each transaction; sweep delay and fee after each deposit.

    The draws come in the order a loop over the payments makes them: delay, fee, and for a
    deposit sweep delay and sweep fee; :func:`draws_in_order` makes them in one go.
    """
    per_row = np.where(deposit, 4, 2)
    starts = np.repeat(np.cumsum(per_row) - per_row, per_row)
    slot = np.arange(len(starts)) - starts  # 0 delay, 1 fee, 2 sweep delay, 3 sweep fee
    low = np.array([15, 0.01, 1800, 0.01])[slot]
    high = np.array([900, 0.6, 8 * 3600, 0.2])[slot]
    values = draws_in_order(rng, slot % 2 == 0, low, high)
    delay = values[slot == 0].astype(np.int64)
    fee = round_like_python(values[slot == 1], 2)
    later = values[slot == 2].astype(np.int64)
    sweep_fee = round_like_python(values[slot == 3], 2)
    return delay, fee, later, sweep_fee


def _transactions(
    view: WorldView,
    coins: pd.DataFrame,
    purpose: np.ndarray,
    asset: np.ndarray,
    tx: np.ndarray,
    crypto: object,
) -> pd.DataFrame:
    """One ledger row per payment that moved coins: id, addresses, amount and asset.

    ``asset`` and ``tx`` are the payments' own (cleaned, empty where none).
    """
    on_ramp = purpose == ON_RAMP
    default_asset = getattr(crypto, "asset", "TLUSD")
    payment_ids = coins["payment_id"].to_numpy(dtype=object)
    # Hashes are made one by one (no column-wise SHA-256), only where the payment has none.
    for i in np.flatnonzero(on_ramp | (tx == "")).tolist():
        tx[i] = _tx_id("on-ramp" if on_ramp[i] else "payment", payment_ids[i])
    wallets, first = _wallets(view)
    source = _sending_addresses(
        text_array(coins["actor_wallet"]), text_array(coins["actor"]), wallets, first
    )
    exchanges = _exchanges(coins, crypto)
    source[on_ramp] = each_distinct(exchanges[on_ramp], hot_wallet)
    return pd.DataFrame(
        {
            "tx_id": tx,
            "from_address": source,
            "to_address": _receiving_addresses(coins, first),
            "amount": coins["amount"].astype(float).to_numpy(),
            "asset": np.where(asset == "", default_asset, asset),
        }
    )


def _sweeps(
    coins: pd.DataFrame,
    main: pd.DataFrame,
    deposit: np.ndarray,
    later: np.ndarray,
    sweep_fee: np.ndarray,
    crypto: object,
) -> pd.DataFrame:
    """The exchange sweeping each customer deposit address into its hot wallet."""
    rows = np.flatnonzero(deposit)
    amount = main["amount"].to_numpy()[rows]
    return pd.DataFrame(
        {
            "tx_id": [
                _tx_id("sweep", value) for value in coins["payment_id"].to_numpy(object)[rows]
            ],
            "block_time": coins["time"].iloc[rows].reset_index(drop=True)
            + pd.to_timedelta(later, unit="s"),
            "from_address": main["to_address"].to_numpy()[rows],
            "to_address": each_distinct(_exchanges(coins, crypto)[rows], hot_wallet),
            "amount": round_like_python(amount - sweep_fee, 2),
            "asset": main["asset"].to_numpy()[rows],
            "fee": sweep_fee,
        }
    )


def _exchanges(coins: pd.DataFrame, crypto: object) -> np.ndarray:
    """The exchange named on each payment, else the scenario's."""
    named = text_array(coins["platform"])
    return np.where(named == "", getattr(crypto, "exchange", "exchange"), named)


def _sending_addresses(
    instruments: np.ndarray, payers: np.ndarray, wallets: set[str], first: dict[str, str]
) -> np.ndarray:
    """:func:`sending_address` of every payment, column-wise."""
    column = pd.Series(instruments, dtype="str")
    own = (
        column.isin(list(wallets))
        | ((column != "") & ~column.str.contains(" ", regex=False) & (column.str.len() >= 25))
    ).to_numpy()
    out = instruments.copy()
    out[~own] = each_distinct(
        payers[~own], lambda person: first.get(person) or fictional_address("wallet", person)
    )
    return out


def _receiving_addresses(coins: pd.DataFrame, first: dict[str, str]) -> np.ndarray:
    """The target wallet, else the payee's first wallet, else a made-up one."""
    out = text_array(coins["target_wallet"])
    missing = out == ""
    out[missing] = each_distinct(
        text_array(coins["target"])[missing],
        lambda person: first.get(person, "") or fictional_address("wallet", person),
    )
    return out
