"""Money-transfer offices: who sent how much to whom, from which office to which, with which ID.

Families at home wire the fees to mules in the transit country. The transfer operator records each
transfer at the counter: sender and receiver as the clerk wrote them (often another transliteration
of the name, sometimes a typo), the identity documents shown, amounts and currencies sent and paid
out, the fee, and both offices. Amounts above the reporting threshold get reported, so payers split
them into several transfers on different days just below it (structuring): here that shows as runs
of transfers from the same sender, to the same or related receivers, each a little under the
threshold.

Imperfections: names written as heard (variants, typos), identity numbers sometimes left out or
mistyped, local office time with a ``timezone`` column, a few duplicated records from a sync run
twice. All records are kept: the lawful-request engine applies retention at request time.

Example
-------
>>> payout_currency("TN"), payout_currency("IT"), payout_currency("ZZ", "USD")
('TND', 'EUR', 'USD')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import (
    DrawReplay,
    blank,
    clock_skew,
    columns_at,
    conform,
    duplicate_rows,
    each_distinct,
    local_time,
    misspell,
    persons_among,
    round_like_python,
    stable_id,
    text_array,
    variant_name,
    zone_for,
)
from simulator.observers.lookup import Person, place_countries, provider_for
from simulator.world.money import FX_TO_EUR

__all__ = ["CURRENCY_OF", "FX_SPREAD", "TABLES", "observe", "payout_currency", "payout_rate"]

#: The operator's margin on the exchange rate at payout. Modelling choice.
FX_SPREAD = 0.02

#: Local currency paid out in each country (the euro area shares one).
CURRENCY_OF: dict[str, str] = {
    "TN": "TND", "LY": "LYD", "DZ": "DZD", "MA": "MAD", "EG": "EGP", "TR": "TRY", "IQ": "IQD",
    "AF": "AFN", "PK": "PKR", "SY": "SYP", "GB": "GBP", "US": "USD",
    **dict.fromkeys(("CI", "SN", "ML", "BF", "NE", "GN"), "XOF"),
    **dict.fromkeys(
        ("IT", "GR", "DE", "AT", "FR", "ES", "NL", "BE", "IE", "MT", "LT", "PT", "FI", "SI",
         "SK", "HR", "CY", "LV", "EE", "LU"),
        "EUR",
    ),
}  # fmt: skip

TRANSFERS = TableSpec(
    name="money_transfers",
    tier="provider",
    description="Transfers sent through money-transfer offices, with names and ID documents.",
    imitates="a money-transfer operator's transaction records (send and pay-out forms)",
    columns=(
        Column("provider", "string", "money-transfer operator that holds the record"),
        Column("transfer_id", "string", "transfer control number"),
        Column("time", "local_timestamp", "when the money was sent, local office time"),
        Column("timezone", "string", "IANA time zone of the sending office"),
        Column("sender_name", "string", "sender's name as written by the clerk"),
        Column("sender_id_document", "string", "sender's identity document number"),
        Column("sender_phone", "string", "sender's phone number"),
        Column("receiver_name", "string", "receiver's name as written by the clerk"),
        Column("receiver_id_document", "string", "identity document shown at pay-out"),
        Column("receiver_phone", "string", "receiver's phone number"),
        Column("send_amount", "float64", "amount handed in, excluding the fee"),
        Column("send_currency", "string", "currency handed in"),
        Column("fee", "float64", "fee charged to the sender, in the send currency"),
        Column("receive_amount", "float64", "amount paid out"),
        Column("receive_currency", "string", "currency paid out"),
        Column("send_office", "string", "sending office (town, country)"),
        Column("receive_office", "string", "paying office (town, country)"),
    ),
    provider_kind="money_transfer",
    data_kind="transactions",
    target_columns=(
        "transfer_id",
        "sender_name",
        "sender_id_document",
        "sender_phone",
        "receiver_name",
        "receiver_id_document",
        "receiver_phone",
    ),
    time_column="time",
    notes=(
        "Transfers above the scenario's reporting threshold are reported: look for runs just "
        "below it (structuring).",
        "Records older than the operator's retention window at the request date are gone.",
    ),
)

TABLES: tuple[TableSpec, ...] = (TRANSFERS,)


def payout_currency(country: str, fallback: str = "EUR") -> str:
    """The currency an office in ``country`` pays out in (``fallback`` if unknown)."""
    return CURRENCY_OF.get(country, fallback)


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The money-transfer records (see :data:`TABLES`).

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("payment", 60, "F1", "P2", "Sfax", amount_cents=90_000, currency="EUR",
    ...             channel="money_transfer", payment_id="PAY1",
    ...             detail={"purpose": "journey_fee", "split": 1, "parts": 2})
    >>> observe(WorldView(log.to_frame(), {}, None, 7))["money_transfers"]["send_amount"].tolist()
    [900.0]
    """
    rng = view.rng("transfers")
    rows = view.kind_rows("payment")
    sent = columns_at(view.events, rows, ["channel"])["channel"] == "money_transfer"
    payments = columns_at(view.events, rows[sent.to_numpy(dtype=bool)], _PAYMENT_COLUMNS)
    if payments.empty:
        return {TRANSFERS.name: conform(pd.DataFrame([]), TRANSFERS)}
    senders, receivers = text_array(payments["actor"]), text_array(payments["target"])
    people = persons_among(view.truth, np.concatenate([senders, receivers]))
    frame = _undrawn(view, payments, senders, receivers, people)
    skews = _written(frame, payments, senders, receivers, people, rng)
    frame["utc"] = payments["time"] + pd.to_timedelta(
        pd.Series(frame["provider"]).map(skews).to_numpy(dtype=np.int64), unit="s"
    )
    frame = frame.assign(**_amounts(payments, frame))
    frame["sender_id_document"] = blank(frame["sender_id_document"].astype("str"), rng, 0.05)
    frame["receiver_phone"] = blank(frame["receiver_phone"].astype("str"), rng, 0.2)
    frame = duplicate_rows(frame, rng, 0.005)
    frame["time"] = local_time(frame["utc"], frame["timezone"])
    return {TRANSFERS.name: conform(frame, TRANSFERS, ["provider", "time", "transfer_id"])}


#: The payment columns the operator reads.
_PAYMENT_COLUMNS = (
    "time", "actor", "target", "place", "amount", "currency", "platform",
    "actor_phone", "target_phone", "actor_wallet", "target_wallet", "payment_id",
)  # fmt: skip


def _undrawn(
    view: WorldView,
    payments: pd.DataFrame,
    senders: np.ndarray,
    receivers: np.ndarray,
    people: dict[str, Person],
) -> pd.DataFrame:
    """What the records say without a draw: operator, ids, zone, phones, offices (and the
    countries, for the amounts)."""
    countries = place_countries(view.scenario)
    sender_home = _attribute(senders, people, "base_place")
    sender_nation = _attribute(senders, people, "nationality")
    send_place = text_array(payments["place"])
    send_place = np.where(send_place == "", sender_home, send_place)
    send_country = _country(send_place, countries, sender_nation)
    receive_place = _attribute(receivers, people, "base_place")
    receive_country = _country(
        receive_place, countries, _attribute(receivers, people, "nationality")
    )
    operators = each_distinct(
        (text_array(payments["platform"]), send_country),
        lambda name, country: (
            provider_for(view.scenario, "money_transfer", name=name, country=country).name
        ),
    )
    # Control numbers are hashes, made one by one (there is no column-wise SHA-256).
    ids = payments["payment_id"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "provider": operators,
            "transfer_id": [stable_id("MTCN", value, length=10).upper() for value in ids],
            "timezone": each_distinct(send_country, zone_for),
            "sender_phone": _or_none(text_array(payments["actor_phone"])),
            "receiver_id_document": _or_none(text_array(payments["target_wallet"])),
            "receiver_phone": _or_none(text_array(payments["target_phone"])),
            "send_office": _office_names(send_place, send_country),
            "receive_office": _office_names(receive_place, receive_country),
            "send_country": send_country,
            "receive_country": receive_country,
        }
    )


def _written(
    frame: pd.DataFrame,
    payments: pd.DataFrame,
    senders: np.ndarray,
    receivers: np.ndarray,
    people: dict[str, Person],
    rng: np.random.Generator,
) -> dict[str, int]:
    """Fill in the names and sender documents as the clerks wrote them; return each operator's
    clock skew in seconds.

    The one per-row loop left: a name's draws depend on earlier draws (whether a variant is used,
    whether and where a typo falls) and on the name itself, so they are made one transfer after
    another, in log order, with each operator's skew drawn at its first transfer. The draws are
    replayed in Python (:class:`DrawReplay`: the same values, without a numpy call each).
    """
    skews: dict[str, int] = {}
    sender_names, documents, receiver_names = [], [], []
    wallets = text_array(payments["actor_wallet"]).tolist()
    rows = zip(
        frame["provider"].tolist(), senders.tolist(), wallets, receivers.tolist(), strict=True
    )
    with DrawReplay(rng) as fast:
        for provider, sender, wallet, receiver in rows:
            if provider not in skews:
                skews[provider] = int(clock_skew(fast, 120).total_seconds())
            sender_names.append(_name(people.get(sender), fast))
            documents.append(misspell(wallet, fast, 0.03) or None)
            receiver_names.append(_name(people.get(receiver), fast))
    frame["sender_name"] = sender_names
    frame["sender_id_document"] = documents
    frame["receiver_name"] = receiver_names
    return skews


def _amounts(payments: pd.DataFrame, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Amounts and currencies sent, the fee, and what was paid out at the operator's rate."""
    amount = payments["amount"].astype(float).to_numpy()
    currency = text_array(payments["currency"])
    currency = np.where(currency == "", "EUR", currency)
    # payout_currency of every receiving country, the sent currency where none is known.
    paid_in = pd.Series(frame["receive_country"], dtype=object).map(CURRENCY_OF).to_numpy(object)
    paid_in = np.where(pd.isna(paid_in), currency, paid_in)
    rate = payout_rate(currency, paid_in)
    fee = amount * 0.035
    return {
        "send_amount": round_like_python(amount, 2),
        "send_currency": currency,
        # max(4.0, fee) as Python takes it: 4.0 unless the fee is larger (so also for NaN).
        "fee": round_like_python(np.where(fee > 4.0, fee, 4.0), 2),
        "receive_amount": round_like_python(amount * rate, 2),
        "receive_currency": paid_in,
    }


def payout_rate(currency: np.ndarray, paid_in: np.ndarray) -> np.ndarray:
    """Units of ``paid_in`` per unit of ``currency`` sent, less the operator's spread where the
    two differ.

    >>> sent, paid = np.array(["EUR", "EUR"], dtype=object), np.array(["EUR", "GBP"], dtype=object)
    >>> float(payout_rate(sent, paid)[0])
    1.0
    """
    rate = _to_eur(currency) / _to_eur(paid_in)
    return np.where(paid_in != currency, rate * (1 - FX_SPREAD), rate)


def _to_eur(currencies: np.ndarray) -> np.ndarray:
    """``FX_TO_EUR.get(currency, 1.0)`` of every currency."""
    return pd.Series(currencies, dtype=object).map(FX_TO_EUR).fillna(1.0).to_numpy(dtype=float)


def _attribute(ids: np.ndarray, people: dict[str, Person], name: str) -> np.ndarray:
    """Each person's ``name`` attribute ("" for ids that are nobody known)."""
    return each_distinct(
        ids, lambda person_id: getattr(people[person_id], name) if person_id in people else ""
    )


def _country(places: np.ndarray, countries: dict[str, str], fallback: np.ndarray) -> np.ndarray:
    """The scenario country of each place, else ``fallback``."""
    found = each_distinct(places, lambda place: countries.get(place) or "")
    return np.where(found == "", fallback, found)


def _office_names(places: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """How an office is named: "town, country", or the country where the town is unknown."""
    joined = pd.Series(places, dtype=object) + ", " + pd.Series(countries, dtype=object)
    return np.where(places == "", countries, joined.to_numpy(dtype=object))


def _or_none(values: np.ndarray) -> np.ndarray:
    """``value or None`` of every value."""
    return np.where(values == "", None, values)


def _name(person: Person | None, rng: np.random.Generator) -> str | None:
    """The name as the clerk wrote it: often another spelling, sometimes a typo."""
    if person is None:
        return None
    return variant_name(person.name, rng, person.variants, variant_rate=0.5, typo_rate=0.1)
