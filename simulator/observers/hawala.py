"""Hawala ledgers: a broker's notebook, readable only once police seize it.

A hawaladar keeps a private notebook of what came in, what went out, what he owes other brokers
and what they owe him, under code names and code words, not real names. Nothing of it reaches any
provider; a trainee sees a ledger only if the scenario seizes it (a ``seizure`` event with
``what == "hawala_ledger"``), and then only the entries written before the seizure.

Each entry is one line of the notebook: the date (no time), the direction (``in``, ``out``,
``owe`` when another broker paid out for him, ``due`` when he paid out for another broker,
``fee`` for his commission), the amount in whole units as written, the currency as written, the
customer as the broker calls him (a first name, "family of ..."), the counterparty broker's code
name, the code word that releases the money, and a short note.

Imperfections: handwriting rounds amounts to whole units, writes currencies three ways (``EUR``,
``€``, ``euro``), sometimes leaves out the code word, and abbreviates names.

Example
-------
>>> [spec.name for spec in TABLES]
['hawala_ledgers']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform, local_time, stable_id, zone_for
from simulator.observers.lookup import Person, details, persons, place_countries, text

__all__ = ["TABLES", "observe"]

LEDGERS = TableSpec(
    name="hawala_ledgers",
    tier="seized",
    description="Entries of seized hawala notebooks: amounts, counterparty brokers, code words.",
    imitates="a hawaladar's handwritten ledger, transcribed after a search",
    columns=(
        Column("ledger_id", "string", "the seized notebook (see the seizures table)"),
        Column("broker_code", "string", "code name of the broker who kept the notebook"),
        Column("entry_no", "int64", "line number in the notebook"),
        Column("entry_date", "string", "date written beside the entry (YYYY-MM-DD, local)"),
        Column("direction", "string", "in, out, owe, due or fee"),
        Column("amount", "int64", "amount as written (whole units)"),
        Column("currency", "string", "currency as written"),
        Column("customer", "string", "customer as the broker calls them"),
        Column("counterparty_broker", "string", "code name of the other broker involved"),
        Column("code_word", "string", "code word that releases the money"),
        Column("note", "string", "the broker's short note"),
    ),
    notes=("Only notebooks seized in the scenario exist, with entries up to the seizure.",),
)

TABLES: tuple[TableSpec, ...] = (LEDGERS,)

#: Purposes of a pay-out against a deposit (a smuggler's fee, or an ordinary family remittance).
_PAYOUTS = ("hawala_release", "benign_remittance")

_CURRENCY_FORMS = {"EUR": ("EUR", "€", "euro"), "USD": ("USD", "$", "dollar")}


def _codes(view: WorldView) -> dict[str, str]:
    """person -> hawala code name."""
    ownership = view.truth.get("ownership")
    if ownership is None or ownership.empty:
        return {}
    rows = ownership[ownership["identifier_kind"].astype(str) == "hawala_code_name"]
    return dict(zip(rows["person_id"].astype(str), rows["identifier"].astype(str), strict=True))


def _alias(person: Person | None, migrant: Person | None) -> str:
    """How a broker names a customer: a first name, or the family of a traveller."""
    if migrant is not None and (person is None or migrant.person_id != person.person_id):
        return f"family of {migrant.first_name}"
    if person is None:
        return ""
    parts = person.name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else parts[0]


def _entries(view: WorldView, code: str, until: pd.Timestamp) -> list[dict[str, object]]:
    """The notebook lines of the broker known as ``code`` up to ``until``."""
    people = persons(view.truth)
    codes = _codes(view)
    payments = view.of_kind("payment")
    info = details(payments)
    rows_and_details = list(zip(payments.itertuples(index=False), info, strict=True))
    by_id = {text(row.payment_id): (row, d) for row, d in rows_and_details}
    children: dict[str, list[tuple[object, dict[str, object]]]] = {}
    for row, d in zip(payments.itertuples(index=False), info, strict=True):
        if d.get("parent"):
            children.setdefault(str(d["parent"]), []).append((row, d))
    lines: list[dict[str, object]] = []
    for row, d in zip(payments.itertuples(index=False), info, strict=True):
        if row.time > until:
            break
        purpose = text(d.get("purpose"))
        payer, payee = text(row.actor_wallet), text(row.target_wallet)
        migrant = people.get(text(d.get("migrant")))
        base = {"time": row.time, "amount": row.amount, "currency": text(row.currency),
                "code_word": text(d.get("code_word"))}  # fmt: skip
        if payee == code and payer == code:
            lines.append({**base, "direction": "fee", "note": "commission"})
        elif payee == code and purpose == "broker_settlement":
            parent = by_id.get(text(d.get("parent")))
            other = text(parent[0].actor_wallet) if parent else ""
            lines.append({**base, "direction": "in", "counterparty_broker": other,
                          "note": "settlement received"})  # fmt: skip
        elif payee == code:
            customer = _alias(people.get(text(row.actor)), migrant)
            note = (
                f"deposit for {migrant.first_name}, release on code"
                if migrant is not None
                else "to pay out"
            )
            lines.append({**base, "direction": "in", "customer": customer, "note": note})
            # Another broker paid this deposit out: the notebook records the debt.
            for child, cd in children.get(text(row.payment_id), []):
                releaser = text(child.actor_wallet)
                if (
                    text(cd.get("purpose")) in _PAYOUTS
                    and releaser
                    and releaser != code
                    and child.time <= until
                ):
                    lines.append(
                        {"time": child.time, "amount": child.amount,
                         "currency": text(child.currency), "code_word": text(cd.get("code_word")),
                         "direction": "owe", "counterparty_broker": releaser,
                         "note": "paid out by partner, to settle"}
                    )  # fmt: skip
        elif payer == code:
            receiver = people.get(text(row.target))
            entry = {**base, "direction": "out", "customer": _alias(receiver, None)}
            if purpose in _PAYOUTS:
                parent = by_id.get(text(d.get("parent")))
                home = text(parent[0].target_wallet) if parent else ""
                if home and home != code:
                    entry.update(direction="due", counterparty_broker=home,
                                 note=f"paid for {home}")  # fmt: skip
                else:
                    entry["note"] = "released, code OK" if entry["code_word"] else "paid"
            elif purpose == "refund":
                entry["note"] = "returned"
            elif purpose in ("courier_pickup", "broker_settlement"):
                delivered = [c for c, cd in children.get(text(row.payment_id), [])]
                partner = (
                    text(delivered[0].target_wallet)
                    if delivered
                    else codes.get(text(row.target), "")
                )
                entry.update(customer="", counterparty_broker=partner,
                             note="settlement" + (" by courier" if delivered else ""))  # fmt: skip
            else:
                entry["note"] = "paid"
            lines.append(entry)
    return lines


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The seized ledgers (see :data:`TABLES`).

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("payment", 60, "F1", "B1", amount_cents=50_040, currency="EUR",
    ...             channel="hawala", target_wallet="the tailor", payment_id="PAY1",
    ...             detail={"purpose": "hawala_deposit", "code_word": "olive-12"})
    >>> _ = log.add("seizure", 3600, "B1", actor_wallet="the tailor",
    ...             detail={"what": "hawala_ledger"})
    >>> out = observe(WorldView(log.to_frame(), {}, None, 7))["hawala_ledgers"]
    >>> out[["direction", "amount", "code_word"]].values.tolist()
    [['in', 500, 'olive-12']]
    """
    rng = view.rng("hawala")
    countries = place_countries(view.scenario)
    seizures = view.of_kind("seizure")
    rows: list[dict[str, object]] = []
    for seizure, info in zip(seizures.itertuples(index=False), details(seizures), strict=True):
        code = text(seizure.actor_wallet)
        if info.get("what") != "hawala_ledger" or not code:
            continue
        ledger_id = ledger_id_for(code, int(seizure.event_id))
        zone = zone_for(countries.get(text(seizure.place), ""))
        lines = sorted(_entries(view, code, seizure.time), key=lambda line: line["time"])
        for number, line in enumerate(lines, start=1):
            currency = str(line["currency"])
            forms = _CURRENCY_FORMS.get(currency, (currency,))
            rows.append(
                {
                    "ledger_id": ledger_id,
                    "broker_code": code,
                    "entry_no": number,
                    "time": line["time"],
                    "zone": zone,
                    "direction": line["direction"],
                    "amount": int(np.floor(float(line["amount"]) + 0.5)),
                    "currency": forms[int(rng.integers(len(forms)))],
                    "customer": line.get("customer") or None,
                    "counterparty_broker": line.get("counterparty_broker") or None,
                    "code_word": (line.get("code_word") or None) if rng.random() > 0.05 else None,
                    "note": line.get("note") or None,
                }
            )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        local = pd.concat(
            [local_time(part["time"], str(zone)) for zone, part in frame.groupby("zone", sort=True)]
        ).sort_index()
        frame["entry_date"] = local.dt.strftime("%Y-%m-%d")
    return {LEDGERS.name: conform(frame, LEDGERS, ["ledger_id", "entry_no"])}


def ledger_id_for(code: str, seizure_event: int) -> str:
    """The id of the notebook of broker ``code`` seized by event ``seizure_event``.

    >>> ledger_id_for("the tailor", 12).startswith("HL-")
    True
    """
    return stable_id("HL", code, seizure_event, length=8).upper()
