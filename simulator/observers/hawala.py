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

from typing import Any

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
    local_time,
    persons_among,
    stable_id,
    text_array,
    text_equals,
    zone_for,
)
from simulator.observers.lookup import Person, place_countries, text

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


class _Book:
    """The payment log as the notebooks read it, column by column.

    Who paid and who received each payment (code names, for brokers) and its id are cleaned for
    the whole log once; the ``detail`` of a payment is read only for the payments a notebook
    lists (and, once, the parent named by every payment that names one).
    """

    def __init__(self, view: WorldView) -> None:
        self.events = view.events
        self.rows = view.kind_rows("payment")
        log = columns_at(view.events, self.rows, ["time", "actor_wallet", "target_wallet"])
        self.time = log["time"]
        # Wallet columns as written: a broker's lines are found by comparing them to his code.
        self.payer_written, self.payee_written = log["actor_wallet"], log["target_wallet"]
        self.children = _children(columns_at(view.events, self.rows, ["detail"]))
        self._ids: np.ndarray | None = None

    def of_broker(self, code: str, stop: int) -> np.ndarray:
        """The payments before ``stop`` that ``code`` paid or received."""
        paid = text_equals(self.payer_written.iloc[:stop], code)
        received = text_equals(self.payee_written.iloc[:stop], code)
        return np.flatnonzero(paid | received)

    def payment_ids(self) -> np.ndarray:
        """Every payment's id, cleaned (read on first use)."""
        if self._ids is None:
            self._ids = text_array(columns_at(self.events, self.rows, ["payment_id"])["payment_id"])
        return self._ids

    def wallets(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The payer's and payee's wallet (code name) of the payments at ``rows``, cleaned."""
        return (
            text_array(self.payer_written.iloc[rows]),
            text_array(self.payee_written.iloc[rows]),
        )

    def read(self, rows: np.ndarray) -> dict[str, Any]:
        """Everything a line needs of the payments at ``rows`` (texts cleaned)."""
        part = columns_at(self.events, self.rows[rows], _PAYMENT_COLUMNS)
        fields = detail_fields(part, ["purpose", "code_word", "migrant", "parent"])
        return {
            "row": rows,
            "time": part["time"],
            "amount": part["amount"].to_numpy(dtype=float),
            **{key: text_array(part[key]) for key in ("currency", "actor", "target", "payment_id")},
            "payer": text_array(part["actor_wallet"]),
            "payee": text_array(part["target_wallet"]),
            **{key: text_array(values) for key, values in fields.items()},
        }

    def last_row_of(self, ids: np.ndarray) -> np.ndarray:
        """The row of the last payment with each of ``ids`` (-1 where there is none)."""
        every = self.payment_ids()
        hits = np.flatnonzero(pd.Series(every).isin(pd.unique(ids)).to_numpy())
        found = pd.Series(hits, index=every[hits])
        found = found[~found.index.duplicated(keep="last")]
        return found.reindex(ids).fillna(-1).to_numpy(dtype=np.int64)

    def children_of(self, ids: np.ndarray) -> pd.DataFrame:
        """Every (``asked``: position in ``ids``, ``child``: row) pair, in that order."""
        asked = pd.DataFrame({"parent": ids, "asked": np.arange(len(ids))})
        pairs = asked.merge(self.children, on="parent")
        return pairs.sort_values(["asked", "child"], kind="stable").reset_index(drop=True)

    def first_child(self, ids: np.ndarray) -> np.ndarray:
        """The row of the first payment naming each of ``ids`` as parent (-1 where none)."""
        first = self.children.drop_duplicates("parent").set_index("parent")["child"]
        return first.reindex(ids).fillna(-1).to_numpy(dtype=np.int64)


def _children(payments: pd.DataFrame) -> pd.DataFrame:
    """``parent`` (the id as the child writes it) and ``child`` (row) of every payment that names
    a parent, in log order.

    Only a payment whose detail mentions ``"parent"`` (or escapes a character, which could hide
    it) can name one, so only those are parsed.
    """
    detail = payments["detail"]
    if isinstance(detail.dtype, pd.StringDtype):
        maybe = detail.str.contains('"parent"', regex=False) | detail.str.contains(
            "\\", regex=False
        )
        rows = np.flatnonzero(maybe.to_numpy(dtype=bool, na_value=False))
    else:
        rows = np.arange(len(payments))
    parent = detail_fields(payments.iloc[rows], ["parent"])["parent"]
    if isinstance(parent.dtype, pd.StringDtype):
        named = (parent.notna() & (parent != "")).to_numpy(dtype=bool)
        keys = parent[named].to_numpy(dtype=object)
    else:
        # A parent of another type (a number) counts if truthy, under its printed form.
        named = np.array([bool(value) for value in parent.tolist()], dtype=bool)
        keys = np.array([str(value) for value in parent[named].tolist()], dtype=object)
    return pd.DataFrame({"parent": keys, "child": rows[named]})


#: The payment columns a notebook line reads.
_PAYMENT_COLUMNS = (
    "time", "actor", "target", "amount", "currency", "actor_wallet", "target_wallet",
    "payment_id", "detail",
)  # fmt: skip

#: The columns of a notebook line before it is written by hand.
_LINE_COLUMNS = ("row", "sub", "time", "amount", "currency", "code_word", "direction", "customer",
                 "counterparty_broker", "note")  # fmt: skip


def _entries(
    book: _Book, code: str, until: pd.Timestamp, truth: dict[str, pd.DataFrame], codes: dict
) -> pd.DataFrame:
    """The notebook lines of the broker known as ``code`` up to ``until``, in time order.

    The broker reads the log until the first payment after ``until``; every payment he paid or
    received is a line, and a deposit another broker paid out adds an ``owe`` line after it.
    Lines at the same time keep that order (``row``, then ``sub``).
    """
    after = (book.time > until).to_numpy()
    stop = int(np.argmax(after)) if after.any() else len(after)
    log = book.read(book.of_broker(code, stop))
    received, paid = log["payee"] == code, log["payer"] == code
    fee = received & paid
    settled = received & ~paid & (log["purpose"] == "broker_settlement")
    deposit = received & ~paid & ~settled
    out = paid & ~received
    wanted = np.concatenate([log["actor"][deposit], log["migrant"][deposit], log["target"][out]])
    people = persons_among(truth, wanted)
    lines = pd.DataFrame(
        {key: log[key] for key in ("row", "time", "amount", "currency", "code_word")}
    )
    lines["sub"] = 0
    lines["direction"] = np.where(fee, "fee", np.where(out, "out", "in")).astype(object)
    lines["customer"] = lines["counterparty_broker"] = lines["note"] = ""
    lines.loc[fee, "note"] = "commission"
    parent = book.last_row_of(log["parent"])
    parent_payer, parent_payee = book.wallets(np.maximum(parent, 0))
    parent_payer[parent < 0] = parent_payee[parent < 0] = ""
    lines.loc[settled, "counterparty_broker"] = parent_payer[settled]
    lines.loc[settled, "note"] = "settlement received"
    _deposits(lines, log, deposit, people)
    _payouts(lines, book, log, out, parent_payee, code, codes, people)
    owed = _owed(book, log, deposit, code, until)
    lines = pd.concat([lines, owed], ignore_index=True)[list(_LINE_COLUMNS)]
    return lines.sort_values(["time", "row", "sub"], kind="stable").reset_index(drop=True)


def _deposits(
    lines: pd.DataFrame, log: dict[str, Any], deposit: np.ndarray, people: dict[str, Person]
) -> None:
    """Customer and note of the deposits the broker received (in place)."""
    actor, migrant = log["actor"][deposit], log["migrant"][deposit]
    lines.loc[deposit, "customer"] = each_distinct(
        (actor, migrant), lambda a, m: _alias(people.get(a), people.get(m))
    )
    lines.loc[deposit, "note"] = each_distinct(
        migrant,
        lambda key: (
            f"deposit for {people[key].first_name}, release on code"
            if key in people
            else "to pay out"
        ),
    )


def _payouts(
    lines: pd.DataFrame,
    book: _Book,
    log: dict[str, Any],
    out: np.ndarray,
    home: np.ndarray,
    code: str,
    codes: dict[str, str],
    people: dict[str, Person],
) -> None:
    """Direction, customer, counterparty and note of what the broker paid out (in place)."""
    purpose = log["purpose"]
    lines.loc[out, "customer"] = each_distinct(
        log["target"][out], lambda key: _alias(people.get(key), None)
    )
    # A pay-out against another broker's deposit is owed to that broker (his code received it):
    # ``home`` is who received the parent payment ("" for none).
    payout = out & pd.Series(purpose).isin(_PAYOUTS).to_numpy()
    due = payout & (home != "") & (home != code)
    lines.loc[due, "direction"] = "due"
    lines.loc[due, "counterparty_broker"] = home[due]
    lines.loc[due, "note"] = ("paid for " + pd.Series(home[due], dtype=object)).to_numpy()
    released = payout & ~due
    worded = log["code_word"][released] != ""
    lines.loc[released, "note"] = np.where(worded, "released, code OK", "paid")
    refund = out & (purpose == "refund")
    lines.loc[refund, "note"] = "returned"
    # A settlement carried by a courier is the courier's delivery to the partner broker.
    settle = out & pd.Series(purpose).isin(("courier_pickup", "broker_settlement")).to_numpy()
    child = book.first_child(log["payment_id"][settle])
    delivered = child >= 0
    known = each_distinct(log["target"][settle], lambda key: codes.get(key, ""))
    lines.loc[settle, "customer"] = ""
    lines.loc[settle, "counterparty_broker"] = np.where(
        delivered, book.wallets(np.maximum(child, 0))[1], known
    )
    lines.loc[settle, "note"] = np.where(delivered, "settlement by courier", "settlement")
    lines.loc[out & ~payout & ~refund & ~settle, "note"] = "paid"


def _owed(
    book: _Book, log: dict[str, Any], deposit: np.ndarray, code: str, until: pd.Timestamp
) -> pd.DataFrame:
    """One ``owe`` line per pay-out by another broker of a deposit, placed after the deposit."""
    pairs = book.children_of(log["payment_id"][deposit])
    child = book.read(pairs["child"].to_numpy())
    keep = (
        pd.Series(child["purpose"]).isin(_PAYOUTS).to_numpy()
        & (child["payer"] != "")
        & (child["payer"] != code)
        & (child["time"] <= until).to_numpy()
    )
    return pd.DataFrame(
        {
            "row": log["row"][deposit][pairs["asked"].to_numpy()][keep],
            "sub": 1 + pairs.groupby("asked").cumcount().to_numpy()[keep],
            "time": child["time"][keep].reset_index(drop=True),
            "amount": child["amount"][keep],
            "currency": child["currency"][keep],
            "code_word": child["code_word"][keep],
            "direction": "owe",
            "customer": "",
            "counterparty_broker": child["payer"][keep],
            "note": "paid out by partner, to settle",
        }
    )


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
    what = detail_fields(seizures, ["what"])["what"].tolist()
    notebooks: list[pd.DataFrame] = []
    book: _Book | None = None
    codes = _codes(view)
    for seizure, seized in zip(seizures.itertuples(index=False), what, strict=True):
        code = text(seizure.actor_wallet)
        if seized != "hawala_ledger" or not code:
            continue
        if book is None:
            book = _Book(view)
        lines = _entries(book, code, seizure.time, view.truth, codes)
        lines["ledger_id"] = ledger_id_for(code, int(seizure.event_id))
        lines["broker_code"] = code
        lines["entry_no"] = np.arange(1, len(lines) + 1)
        lines["zone"] = zone_for(countries.get(text(seizure.place), ""))
        notebooks.append(lines)
    if not notebooks or not sum(len(lines) for lines in notebooks):
        return {LEDGERS.name: conform(pd.DataFrame([]), LEDGERS, ["ledger_id", "entry_no"])}
    frame = _written(pd.concat(notebooks, ignore_index=True), rng)
    local = pd.concat(
        [local_time(part["time"], str(zone)) for zone, part in frame.groupby("zone", sort=True)]
    ).sort_index()
    frame["entry_date"] = local.dt.strftime("%Y-%m-%d")
    return {LEDGERS.name: conform(frame, LEDGERS, ["ledger_id", "entry_no"])}


def _written(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The lines as written by hand: whole amounts, a currency spelling, a code word left out.

    Each line takes two draws, the spelling of its currency and whether the code word is
    written, in line order: :func:`draws_in_order` makes them all at once.
    """
    currency = frame["currency"].to_numpy(dtype=object)
    count = each_distinct(currency, lambda name: len(_CURRENCY_FORMS.get(name, (name,)))).astype(
        float
    )
    n = len(frame)
    values = draws_in_order(
        rng,
        np.tile([True, False], n),
        np.zeros(2 * n),
        np.ravel(np.column_stack([count, np.ones(n)])),
    )
    pick, keep = values[0::2].astype(np.int64), values[1::2] > 0.05
    written = currency.copy()
    for name, forms in _CURRENCY_FORMS.items():
        rows = currency == name
        written[rows] = np.array(forms, dtype=object)[pick[rows]]
    return frame.assign(
        amount=np.floor(frame["amount"].to_numpy(dtype=float) + 0.5).astype(np.int64),
        currency=written,
        customer=_or_none(frame["customer"]),
        counterparty_broker=_or_none(frame["counterparty_broker"]),
        code_word=np.where(keep, _or_none(frame["code_word"]), None),
        note=_or_none(frame["note"]),
    )


def _or_none(values: pd.Series) -> np.ndarray:
    """``value or None`` of every value of a text column."""
    values = values.to_numpy(dtype=object)
    return np.where(values == "", None, values)


def ledger_id_for(code: str, seizure_event: int) -> str:
    """The id of the notebook of broker ``code`` seized by event ``seizure_event``.

    >>> ledger_id_for("the tailor", 12).startswith("HL-")
    True
    """
    return stable_id("HL", code, seizure_event, length=8).upper()
