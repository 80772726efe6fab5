"""How the chain and the transfer offices record the ordinary traffic, a day at a time, in bulk.

The ordinary customers' payments (:mod:`simulator.world.background`) run to millions of rows, so
they are not observed event by event like the network's payments: each day's payments become rows
of the public ledger and of the money-transfer records column by column, with the same fields,
formats and imperfections as :mod:`simulator.observers.blockchain` and
:mod:`simulator.observers.transfers` give the network's own (confirmation delay and network fee;
names as the clerk wrote them, missing document numbers and phones, local office time). Each day
draws from its own generator (seed, table, day), so a day's rows never depend on other days.

Simplification: the offices' clock skew is applied to the network's records only.

>>> import numpy as np, pandas as pd
>>> day = pd.DataFrame({"payment_id": ["PAYB00000001"], "amount": [10.0],
...     "time": pd.to_datetime(["2024-06-01 10:00"], utc=True).as_unit("s"),
...     "payer_instrument": ["Ua"], "payee_instrument": ["Ub"],
...     "detail": ['{"asset":"TLUSD","tx_hash":"' + "ab" * 32 + '"}'], "channel": ["crypto"]})
>>> rows = ledger_rows(day, seed=1, day=0, asset="TLUSD")
>>> rows[["from_address", "to_address", "amount", "asset"]].values.tolist()
[['Ua', 'Ub', 10.0, 'TLUSD']]
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from simulator.observers.blockchain import LEDGER
from simulator.observers.imperfection import conform, local_time, typo, zone_for
from simulator.observers.lookup import provider_for
from simulator.observers.transfers import FX_SPREAD, TRANSFERS, payout_currency
from simulator.world.money import FX_TO_EUR

__all__ = ["ledger_rows", "transfer_rows"]

#: Same rates as the network's records (:mod:`simulator.observers.transfers`).
NAME_TYPO_RATE = 0.1
DOCUMENT_BLANK_RATE = 0.05
PHONE_BLANK_RATE = 0.2


def _rng(seed: int, table: str, day: int) -> np.random.Generator:
    label = int.from_bytes(hashlib.sha256(f"background:{table}".encode()).digest()[:8], "big")
    return np.random.default_rng(np.random.SeedSequence([int(seed), label, int(day)]))


def ledger_rows(payments: pd.DataFrame, *, seed: int, day: int, asset: str) -> pd.DataFrame:
    """The public ledger's rows for one day of ordinary payments (its crypto ones)."""
    chain = payments[payments["channel"] == "crypto"]
    rng = _rng(seed, "ledger", day)
    count = len(chain)
    # The detail is '{"asset":"...","tx_hash":"<64 hex>"}': read the hash without parsing JSON.
    detail = chain["detail"].astype(str)
    frame = {
        "tx_id": detail.str[-66:-2].to_numpy(),
        "block_time": chain["time"].reset_index(drop=True)
        + pd.to_timedelta(rng.integers(15, 900, size=count), unit="s"),
        "from_address": chain["payer_instrument"].to_numpy(),
        "to_address": chain["payee_instrument"].to_numpy(),
        "amount": np.round(chain["amount"].to_numpy(dtype=float), 2),
        "asset": asset,
        "fee": np.round(rng.uniform(0.01, 0.6, size=count), 2),
    }
    return conform(pd.DataFrame(frame), LEDGER, ["block_time", "tx_id"])


def transfer_rows(
    payments: pd.DataFrame, customers: pd.DataFrame, scenario: Any, *, seed: int, day: int
) -> pd.DataFrame:
    """The money-transfer operators' rows for one day of ordinary remittances."""
    sent = payments[payments["channel"] == "money_transfer"]
    rng = _rng(seed, "money_transfers", day)
    count = len(sent)
    # Customer ids are "C" and seven digits, numbered from 1 in the customers' order.
    payer = sent["payer"].str[1:].astype(int).to_numpy() - 1
    payee = sent["payee"].str[1:].astype(int).to_numpy() - 1
    country = customers["country"].to_numpy()
    town = customers["town"].to_numpy()
    send_country, receive_country = country[payer], country[payee]
    providers = {
        c: provider_for(scenario, "money_transfer", country=c).name
        for c in sorted(set(send_country.tolist()))
    }
    currency = sent["currency"].astype(str).to_numpy()
    # Few distinct countries and currencies: look each combination up once.
    pairs = pd.Series(list(zip(receive_country.tolist(), currency.tolist(), strict=True)))
    paid_in = pairs.map({pair: payout_currency(*pair) for pair in sorted(set(pairs))}).to_numpy()
    to_eur = pd.Series([*currency, *paid_in]).map(FX_TO_EUR).fillna(1.0).to_numpy()
    rate = to_eur[:count] / to_eur[count:]
    rate = np.where(paid_in != currency, rate * (1 - FX_SPREAD), rate)
    amount = sent["amount"].to_numpy(dtype=float)
    names = customers["name"].to_numpy()
    sender_names = names[payer].copy()
    for row in np.flatnonzero(rng.random(count) < NAME_TYPO_RATE).tolist():
        sender_names[row] = typo(sender_names[row], rng)
    documents = customers["id_document"].to_numpy()
    phones = customers["phone"].to_numpy()
    zones = pd.Series(send_country).map({c: zone_for(c) for c in providers}).to_numpy()
    frame = pd.DataFrame(
        {
            "provider": [providers[c] for c in send_country.tolist()],
            "transfer_id": _transfer_ids(sent["payment_id"].tolist()),
            "timezone": zones,
            "sender_name": sender_names,
            "sender_id_document": np.where(
                rng.random(count) < DOCUMENT_BLANK_RATE, None, documents[payer]
            ),
            "sender_phone": phones[payer],
            "receiver_name": names[payee],
            "receiver_id_document": documents[payee],
            "receiver_phone": np.where(rng.random(count) < PHONE_BLANK_RATE, None, phones[payee]),
            "send_amount": np.round(amount, 2),
            "send_currency": currency,
            "fee": np.round(np.maximum(4.0, amount * 0.035), 2),
            "receive_amount": np.round(amount * rate, 2),
            "receive_currency": paid_in,
            "send_office": _offices(town[payer], send_country),
            "receive_office": _offices(town[payee], receive_country),
        }
    )
    frame["time"] = local_time(sent["time"].reset_index(drop=True), frame["timezone"])
    return conform(frame, TRANSFERS, ["provider", "time", "transfer_id"])


def _transfer_ids(payment_ids: list[str]) -> list[str]:
    """Transfer control numbers, as :func:`stable_id` ``("MTCN", payment id)`` gives them.

    >>> from simulator.observers.imperfection import stable_id
    >>> _transfer_ids(["PAYB00000001"]) == [stable_id("MTCN", "PAYB00000001").upper()]
    True
    """
    sha = hashlib.sha256
    return ["MTCN-" + sha(f"MTCN\x1f{p}".encode()).hexdigest()[:10].upper() for p in payment_ids]


def _offices(towns: np.ndarray, countries: np.ndarray) -> list[str]:
    pairs = zip(towns.tolist(), countries.tolist(), strict=True)
    return [f"{town}, {country}" if town else country for town, country in pairs]
