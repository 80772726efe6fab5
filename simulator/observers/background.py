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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from simulator.observers.blockchain import LEDGER
from simulator.observers.imperfection import DTYPES, DrawReplay, typo, zone_for
from simulator.observers.lookup import provider_for
from simulator.observers.transfers import TRANSFERS, payout_currency, payout_rate

__all__ = ["TransferOffices", "ledger_rows", "transfer_rows"]

#: Same rates as the network's records (:mod:`simulator.observers.transfers`).
NAME_TYPO_RATE = 0.1
DOCUMENT_BLANK_RATE = 0.05
PHONE_BLANK_RATE = 0.2


def _rng(seed: int, table: str, day: int) -> np.random.Generator:
    label = int.from_bytes(hashlib.sha256(f"background:{table}".encode()).digest()[:8], "big")
    return np.random.default_rng(np.random.SeedSequence([int(seed), label, int(day)]))


def ledger_rows(payments: pd.DataFrame, *, seed: int, day: int, asset: str) -> pd.DataFrame:
    """The public ledger's rows for one day of ordinary payments (its crypto ones)."""
    rows = np.flatnonzero((payments["channel"] == "crypto").to_numpy(dtype=bool))
    rng = _rng(seed, "ledger", day)
    count = len(rows)
    # The detail is '{"asset":"...","tx_hash":"<64 hex>"}': read the hash without parsing JSON.
    tx_id = pc.utf8_slice_codeunits(_arrow(payments["detail"]).take(rows), -66, -2)
    block_time = _utc_seconds(payments["time"])[rows] + rng.integers(15, 900, size=count)
    fee = np.round(rng.uniform(0.01, 0.6, size=count), 2)
    # The ledger's order (block time, then hash), as conform's stable sort would give it.
    order = _stable_order(block_time, tx_id)
    rows = rows[order]
    columns = {
        "tx_id": tx_id.take(order),
        "block_time": _utc_times(block_time[order]),
        "from_address": _arrow(payments["payer_instrument"]).take(rows),
        "to_address": _arrow(payments["payee_instrument"]).take(rows),
        "amount": np.round(payments["amount"].to_numpy(dtype=float)[rows], 2),
        "asset": _texts([asset]).take(np.zeros(count, np.int64)),
        "fee": fee[order],
    }
    return _frame(columns, LEDGER)


def transfer_rows(
    payments: pd.DataFrame, office: TransferOffices, *, seed: int, day: int
) -> pd.DataFrame:
    """The money-transfer operators' rows for one day of ordinary remittances.

    ``office`` is :meth:`TransferOffices.of` the customers who pay, built once for every day.
    """
    rows = np.flatnonzero((payments["channel"] == "money_transfer").to_numpy(dtype=bool))
    rng = _rng(seed, "money_transfers", day)
    count = len(rows)
    payer = _numbers(_arrow(payments["payer"]).take(rows))
    payee = _numbers(_arrow(payments["payee"]).take(rows))
    currency = _arrow(payments["currency"]).take(rows)
    rate, paid_in = office.rates(payee, currency)
    amount = payments["amount"].to_numpy(dtype=float)[rows]
    sender_names = office.names.take(payer)
    typos = np.flatnonzero(rng.random(count) < NAME_TYPO_RATE)
    if typos.size:
        names = sender_names.take(typos).to_pylist()
        with DrawReplay(rng) as fast:  # the same draws, without a numpy call each
            written = [typo(name, fast) for name in names]
        mask = np.zeros(count, bool)
        mask[typos] = True
        sender_names = pc.replace_with_mask(sender_names, pa.array(mask), _texts(written))
    no_document = rng.random(count) < DOCUMENT_BLANK_RATE
    no_phone = rng.random(count) < PHONE_BLANK_RATE
    time = office.local_seconds(_utc_seconds(payments["time"])[rows], payer)
    ids = _texts(_transfer_ids(_arrow(payments["payment_id"]).take(rows).to_pylist()))
    # The operator's order (provider, local time, control number), as conform's stable sort.
    order = _stable_order(office.provider_rank[payer], time, ids)
    payer, payee, amount, rate = payer[order], payee[order], amount[order], rate[order]
    columns = {
        "provider": office.providers.take(payer),
        "transfer_id": ids.take(order),
        "time": time[order].astype("datetime64[s]"),
        "timezone": office.zones.take(payer),
        "sender_name": sender_names.take(order),
        "sender_id_document": _blanked(office.documents, payer, no_document[order]),
        "sender_phone": office.phones.take(payer),
        "receiver_name": office.names.take(payee),
        "receiver_id_document": office.documents.take(payee),
        "receiver_phone": _blanked(office.phones, payee, no_phone[order]),
        "send_amount": np.round(amount, 2),
        "send_currency": currency.take(order),
        "fee": np.round(np.maximum(4.0, amount * 0.035), 2),
        "receive_amount": np.round(amount * rate, 2),
        "receive_currency": paid_in.take(order),
        "send_office": office.offices.take(payer),
        "receive_office": office.offices.take(payee),
    }
    return _frame(columns, TRANSFERS)


@dataclass(frozen=True)
class TransferOffices:
    """What the offices know of each customer, derived once per background (indexed by number).

    The days of one background all ask about the same customers: their name, papers, provider,
    zone and office are looked up here instead of being rebuilt every day.
    """

    names: pa.Array
    documents: pa.Array
    phones: pa.Array
    country_rank: np.ndarray
    country_names: list[str]
    providers: pa.Array
    provider_rank: np.ndarray
    zones: pa.Array
    zone_rank: np.ndarray
    zone_names: list[str]
    offices: pa.Array

    @classmethod
    def of(cls, customers: pd.DataFrame, scenario: Any) -> TransferOffices:
        """The offices' view of ``customers`` (:meth:`simulator.world.background.Background.plan`
        draws them), with the providers of ``scenario``."""
        countries = [str(c) for c in customers["country"].tolist()]
        towns = customers["town"].tolist()
        provider_of = {
            c: provider_for(scenario, "money_transfer", country=c).name for c in set(countries)
        }
        zone_of = {c: zone_for(c) for c in set(countries)}
        providers = [provider_of[c] for c in countries]
        zones = [zone_of[c] for c in countries]
        return cls(
            names=_texts(customers["name"].tolist()),
            documents=_texts(customers["id_document"].tolist()),
            phones=_texts(customers["phone"].tolist()),
            country_rank=_ranks(countries),
            country_names=sorted(set(countries)),
            providers=_texts(providers),
            provider_rank=_ranks(providers),
            zones=_texts(zones),
            zone_rank=_ranks(zones),
            zone_names=sorted(set(zones)),
            offices=_texts(
                [
                    f"{town}, {country}" if town else country
                    for town, country in zip(towns, countries, strict=True)
                ]
            ),
        )

    def rates(self, payee: np.ndarray, currency: pa.Array) -> tuple[np.ndarray, pa.Array]:
        """Exchange rate and pay-out currency of each transfer (with the operator's spread).

        Few countries and currencies: each combination is worked out once.
        """
        encoded = pc.dictionary_encode(currency)
        sent_in = encoded.dictionary.to_pylist()
        kinds = max(len(sent_in), 1)
        key = self.country_rank[payee] * kinds + encoded.indices.to_numpy(zero_copy_only=False)
        pairs, at = np.unique(key, return_inverse=True)
        sent = [sent_in[pair % kinds] for pair in pairs.tolist()]
        paid = [
            payout_currency(self.country_names[pair // kinds], currency)
            for pair, currency in zip(pairs.tolist(), sent, strict=True)
        ]
        rate = payout_rate(np.array(sent, dtype=object), np.array(paid, dtype=object))
        return rate[at], _texts(paid).take(at)

    def local_seconds(self, utc: np.ndarray, payer: np.ndarray) -> np.ndarray:
        """Local wall-clock seconds of UTC ``utc`` in each sending office's zone."""
        out = np.zeros(len(utc), dtype=np.int64)
        rank = self.zone_rank[payer]
        for at, zone in enumerate(self.zone_names):
            rows = np.flatnonzero(rank == at)
            if rows.size:
                stamps = pd.DatetimeIndex(utc[rows].astype("datetime64[s]")).tz_localize("UTC")
                out[rows] = stamps.tz_convert(zone).tz_localize(None).as_unit("s").asi8
        return out


def _texts(values: list[Any]) -> pa.Array:
    """Python strings (or None) as an Arrow ``large_string`` array, the type of ``str`` columns."""
    return pa.array(values, pa.large_string())


def _ranks(values: list[str]) -> np.ndarray:
    """Each value's place among the distinct values in sorted order (a sort key)."""
    distinct = {value: at for at, value in enumerate(sorted(set(values)))}
    return np.array([distinct[v] for v in values], dtype=np.int64)


def _blanked(values: pa.Array, numbers: np.ndarray, blank: np.ndarray) -> pa.Array:
    """``values`` of customers ``numbers``, missing where ``blank``."""
    taken = values.take(numbers)
    return pc.if_else(pa.array(blank), pa.nulls(len(taken), taken.type), taken)


def _utc_seconds(times: pd.Series) -> np.ndarray:
    """UTC ``times`` as whole seconds since the epoch."""
    return pd.DatetimeIndex(pd.to_datetime(times, utc=True)).as_unit("s").asi8


def _utc_times(seconds: np.ndarray) -> pd.DatetimeIndex:
    """Seconds since the epoch as UTC times (``datetime64[s, UTC]``)."""
    return pd.DatetimeIndex(seconds.astype("datetime64[s]")).tz_localize("UTC")


def _stable_order(*keys: Any) -> np.ndarray:
    """The order sorting rows by ``keys`` in turn, ties kept in place.

    Arrow's sort is stable and compares strings by their UTF-8 bytes (code point order), as
    pandas' stable ``sort_values`` in :func:`conform` does.

    >>> _stable_order(np.array([2, 1, 1]), pa.array(["a", "c", "b"])).tolist()
    [2, 1, 0]
    """
    table = pa.table({str(at): key for at, key in enumerate(keys)})
    sort_keys = [(name, "ascending") for name in table.column_names]
    return pc.sort_indices(table, sort_keys=sort_keys).to_numpy()


def _arrow(values: pd.Series) -> pa.Array:
    """A text column as one Arrow ``large_string`` array (zero-copy for pandas' ``str`` columns).

    >>> _arrow(pd.Series([None, None], dtype=object)).to_pylist()
    [None, None]
    """
    array = pa.array(values)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    # An object column (all missing, or no rows) comes as another Arrow type.
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def _numbers(ids: pa.Array) -> np.ndarray:
    """Customer numbers of customer ids ("C" and seven digits, numbered from 1 in order)."""
    return pc.cast(pc.utf8_slice_codeunits(ids, 1), pa.int64()).to_numpy() - 1


def _frame(columns: dict[str, Any], spec: Any) -> pd.DataFrame:
    """``columns`` as ``spec``'s table, with the dtypes :func:`conform` gives (rows in order)."""
    out = {}
    for column in spec.columns:
        values = columns[column.name]
        if DTYPES.get(column.dtype) == "str":
            values = pd.array(values, dtype="str")
        out[column.name] = values
    return pd.DataFrame(out)


def _transfer_ids(payment_ids: list[str]) -> list[str]:
    """Transfer control numbers, as :func:`stable_id` ``("MTCN", payment id)`` gives them.

    >>> from simulator.observers.imperfection import stable_id
    >>> _transfer_ids(["PAYB00000001"]) == [stable_id("MTCN", "PAYB00000001").upper()]
    True
    """
    sha = hashlib.sha256
    return ["MTCN-" + sha(f"MTCN\x1f{p}".encode()).hexdigest()[:10].upper() for p in payment_ids]
