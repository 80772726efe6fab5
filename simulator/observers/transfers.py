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
    blank,
    clock_skew,
    conform,
    duplicate_rows,
    local_time,
    misspell,
    stable_id,
    variant_name,
    zone_for,
)
from simulator.observers.lookup import (
    Person,
    details,
    persons,
    place_countries,
    provider_for,
    text,
)
from simulator.world.money import FX_TO_EUR

__all__ = ["CURRENCY_OF", "FX_SPREAD", "TABLES", "observe", "payout_currency"]

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


def _office(place: str, country: str) -> str:
    return f"{place}, {country}" if place else country


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
    people = persons(view.truth)
    countries = place_countries(view.scenario)
    payments = view.of_kind("payment")
    payments = payments[payments["channel"] == "money_transfer"]
    skews: dict[str, pd.Timedelta] = {}
    rows: list[dict[str, object]] = []
    for event, info in zip(payments.itertuples(index=False), details(payments), strict=True):
        sender = people.get(text(event.actor))
        receiver = people.get(text(event.target))
        send_place = text(event.place) or (sender.base_place if sender else "")
        send_country = countries.get(send_place) or (sender.nationality if sender else "")
        receive_place = receiver.base_place if receiver else ""
        receive_country = countries.get(receive_place) or (receiver.nationality if receiver else "")
        provider = provider_for(
            view.scenario, "money_transfer", name=text(event.platform), country=send_country
        ).name
        if provider not in skews:
            skews[provider] = clock_skew(rng, 120)
        currency = text(event.currency) or "EUR"
        paid_in = payout_currency(receive_country, currency)
        rate = FX_TO_EUR.get(currency, 1.0) / FX_TO_EUR.get(paid_in, 1.0)
        if paid_in != currency:
            rate *= 1 - FX_SPREAD
        amount = float(event.amount)
        rows.append(
            {
                "provider": provider,
                "transfer_id": stable_id("MTCN", event.payment_id, length=10).upper(),
                "utc": event.time + skews[provider],
                "timezone": zone_for(send_country),
                "sender_name": _name(sender, rng),
                "sender_id_document": misspell(text(event.actor_wallet), rng, 0.03) or None,
                "sender_phone": text(event.actor_phone) or None,
                "receiver_name": _name(receiver, rng),
                "receiver_id_document": text(event.target_wallet) or None,
                "receiver_phone": text(event.target_phone) or None,
                "send_amount": round(amount, 2),
                "send_currency": currency,
                "fee": round(max(4.0, amount * 0.035), 2),
                "receive_amount": round(amount * rate, 2),
                "receive_currency": paid_in,
                "send_office": _office(send_place, send_country),
                "receive_office": _office(receive_place, receive_country),
                "split": info.get("split"),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return {TRANSFERS.name: conform(frame, TRANSFERS)}
    frame["sender_id_document"] = blank(frame["sender_id_document"].astype("str"), rng, 0.05)
    frame["receiver_phone"] = blank(frame["receiver_phone"].astype("str"), rng, 0.2)
    frame = duplicate_rows(frame, rng, 0.005)
    frame["time"] = local_time(frame["utc"], frame["timezone"])
    return {TRANSFERS.name: conform(frame, TRANSFERS, ["provider", "time", "transfer_id"])}


def _name(person: Person | None, rng: np.random.Generator) -> str | None:
    """The name as the clerk wrote it: often another spelling, sometimes a typo."""
    if person is None:
        return None
    return variant_name(person.name, rng, person.variants, variant_rate=0.5, typo_rate=0.1)
