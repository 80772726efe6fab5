"""Episode 03, following the money: hawala escrow, a peel chain, a KYC name, structured transfers.

Every answer function reads the truth tier only (``payments``, ``events``, ``persons``) and picks
its subject the way the notebook tells the trainee to pick it from visible data, so both reach the
same thing in any case:

* the hawala notebook is the first one seized (lowest event number = lowest exhibit number);
* the peel chain is the one that ends in the largest single deposit into the exchange;
* the mule is the holder of the exchange account that deposit went to.

The questions avoid the notebook's imperfections or make cleaning them the lesson: escrow deposits
are recognised by the broker's note (code words are sometimes left out), euros are written three
ways, amounts are rounded to whole units (hence a tolerance), and money-transfer records come with
duplicates and variant names (hence dropping repeated transfer numbers and grouping by phone).
Operators stamp transfers in local time, so a transfer within hours of the case's end may or may
not reach a request: the transfer questions absorb that with a tolerance or are left out when it
changes the answer.

>>> [q.id for q in QUESTIONS][:3]
['money.escrow-deposits', 'money.euros-in', 'money.counterparty-brokers']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import pandas as pd

from simulator.exercises.answers import Exact, FreeText, Number, SetOf
from simulator.exercises.memo import events_of_kind, per_truth
from simulator.exercises.question import Question

__all__ = [
    "LESSON",
    "QUESTIONS",
    "case_end",
    "chain_hops",
    "counterparty_brokers",
    "deposit_address_total",
    "escrow_deposit_count",
    "euros_taken_in",
    "feeding_wallets",
    "first_seized_broker",
    "largest_exchange_deposit",
    "mule_name",
    "mule_total_received",
    "repeat_senders",
]

LESSON = "03-following-the-money"

Truth = Mapping[str, pd.DataFrame]

#: Pay-outs against a hawala deposit (a smuggler's fee released on a code word, or a remittance).
_PAYOUTS = ("hawala_release", "benign_remittance")


def _detail(frame: pd.DataFrame) -> pd.Series:
    """The JSON ``detail`` column parsed into dicts (empty dict for blanks)."""
    return frame["detail"].map(lambda text: json.loads(text) if isinstance(text, str) else {})


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _texts(values: pd.Series) -> pd.Series:
    """:func:`_text` of every value (a text column, blanks as "").

    >>> _texts(pd.Series(["a", None, float("nan")])).tolist()
    ['a', '', '']
    """
    return pd.Series([_text(value) for value in values], index=values.index, dtype=object)


# ---------------------------------------------------------------------- hawala notebook


@per_truth
def first_seized_broker(truth: Truth) -> tuple[str, pd.Timestamp] | None:
    """Code name of the broker whose notebook was seized first, and the seizure time.

    >>> events = pd.DataFrame({"event_id": [9, 4], "kind": ["seizure", "seizure"],
    ...     "time": pd.to_datetime(["2024-06-09", "2024-06-04"], utc=True),
    ...     "actor_wallet": ["the baker", "the tailor"],
    ...     "detail": ['{"what": "hawala_ledger"}', '{"what": "hawala_ledger"}']})
    >>> first_seized_broker({"events": events})[0]
    'the tailor'
    """
    seizures = events_of_kind(truth, "seizure")
    if seizures.empty:
        return None
    notebooks = seizures[_detail(seizures).map(lambda d: d.get("what") == "hawala_ledger")]
    notebooks = notebooks[notebooks["actor_wallet"].notna()].sort_values("event_id")
    if notebooks.empty:
        return None
    first = notebooks.iloc[0]
    return str(first["actor_wallet"]), first["time"]


@per_truth
def _broker_payments(truth: Truth) -> tuple[str, pd.DataFrame] | None:
    """The first seized broker's code name and the hawala payments up to the seizure."""
    seized = first_seized_broker(truth)
    if seized is None:
        return None
    code, until = seized
    payments = truth["payments"]
    return code, payments[payments["time"] <= until]


def _escrow_deposits(truth: Truth) -> pd.DataFrame | None:
    found = _broker_payments(truth)
    if found is None:
        return None
    code, payments = found
    return payments[
        (payments["purpose"] == "hawala_deposit") & (payments["payee_instrument"] == code)
    ]


def escrow_deposit_count(truth: Truth) -> int | None:
    """Deposits held in escrow for a traveller in the first seized notebook."""
    deposits = _escrow_deposits(truth)
    return None if deposits is None or deposits.empty else len(deposits)


def euros_taken_in(truth: Truth) -> float | None:
    """Euros the first seized broker took in (deposits, remittances, settlements received).

    The notebook's ``in`` lines are every payment made to his code name except his own
    commission (paid from himself to himself); each is rounded to whole units when written.
    """
    found = _broker_payments(truth)
    if found is None:
        return None
    code, payments = found
    taken = payments[
        (payments["payee_instrument"] == code)
        & (payments["payer_instrument"] != code)
        & (payments["currency"] == "EUR")
    ]
    return None if taken.empty else round(float(taken["amount"].sum()), 2)


def counterparty_brokers(truth: Truth) -> list[str] | None:
    """Other brokers the first seized broker dealt with, as his notebook can show them.

    A pay-out links two brokers when one paid out a deposit the other took; settlements link the
    payer to the partner paid. Only what happened before the seizure is in the notebook.
    """
    found = _broker_payments(truth)
    if found is None:
        return None
    code, payments = found
    # Each payment's parties, looked up by payment number (a parent outside these payments
    # has no parties: its blank text matches neither this broker nor another).
    ids = payments["payment_id"]
    payee_of = pd.Series(payments["payee_instrument"].to_numpy(), index=ids)
    payer_of = pd.Series(payments["payer_instrument"].to_numpy(), index=ids)
    brokers: set[str] = set()
    payouts = payments[payments["purpose"].isin(_PAYOUTS) & payments["parent"].notna()]
    home = _texts(payouts["parent"].map(payee_of))
    payer = _texts(payouts["payer_instrument"])
    brokers.update(home[(payer == code) & (home != "") & (home != code)])  # he paid out (due)
    brokers.update(payer[(home == code) & (payer != "") & (payer != code)])  # his deposit (owe)
    settled = payments[
        payments["purpose"].isin(["broker_settlement", "courier_pickup"])
        & (payments["payer_instrument"] == code)
    ]
    owners = truth.get("ownership")
    codes: dict[str, str] = {}
    if owners is not None and not owners.empty:
        rows = owners[owners["identifier_kind"] == "hawala_code_name"]
        codes = dict(zip(rows["person_id"], rows["identifier"], strict=True))
    children = payments[payments["parent"].isin(settled["payment_id"])]
    # A pickup's partner is the payee of its first delivery (in table order).
    first_child = children.drop_duplicates("parent")
    delivered = dict(
        zip(first_child["parent"], _texts(first_child["payee_instrument"]), strict=True)
    )
    for purpose, payment_id, payee in zip(
        settled["purpose"], settled["payment_id"], settled["payee"], strict=True
    ):
        if purpose == "courier_pickup":
            partner = delivered.get(payment_id, "")
        else:
            partner = codes.get(str(payee), "")
        if partner and partner != code:
            brokers.add(partner)
    received = payments[
        (payments["purpose"] == "broker_settlement") & (payments["payee_instrument"] == code)
    ]
    other = _texts(received["parent"].dropna().map(payer_of))
    brokers.update(other[(other != "") & (other != code)])
    return sorted(brokers) or None


# ---------------------------------------------------------------------- crypto


@per_truth
def largest_exchange_deposit(truth: Truth) -> pd.Series | None:
    """The payment of the largest single deposit into the exchange (the end of a peel chain).

    >>> payments = pd.DataFrame({"purpose": ["exchange_deposit", "peel", "exchange_deposit"],
    ...     "amount": [500.0, 9000.0, 750.5], "payee": ["U1", "P2", "U2"]})
    >>> largest_exchange_deposit({"payments": payments})["payee"]
    'U2'
    """
    payments = truth["payments"]
    deposits = payments[payments["purpose"] == "exchange_deposit"]
    if deposits.empty:
        return None
    return deposits.loc[deposits["amount"].idxmax()]


@per_truth
def _chain_payments(truth: Truth) -> pd.DataFrame | None:
    deposit = largest_exchange_deposit(truth)
    if deposit is None:
        return None
    chain = json.loads(deposit["detail"]).get("chain")
    payments = truth["payments"]
    crypto = payments[payments["purpose"].isin(["peel", "peel_hop"])]
    return crypto[_detail(crypto).map(lambda d: d.get("chain") == chain)]


def chain_hops(truth: Truth) -> int | None:
    """How many times the coins were split (a peel off, the rest on) before the exchange."""
    chain = _chain_payments(truth)
    if chain is None:
        return None
    return int((chain["purpose"] == "peel_hop").sum())


def feeding_wallets(truth: Truth) -> list[str] | None:
    """The wallets swept into the consolidation wallet where that chain starts."""
    chain = _chain_payments(truth)
    if chain is None or chain.empty:
        return None
    hops = chain[chain["purpose"] == "peel_hop"].sort_values("time")
    hub = hops["payer_instrument"].iloc[0]
    payments = truth["payments"]
    fed = payments[(payments["purpose"] == "consolidation") & (payments["payee_instrument"] == hub)]
    return sorted(fed["payer_instrument"].astype(str).unique()) or None


def deposit_address_total(truth: Truth) -> float | None:
    """Everything deposited to the exchange deposit address at the end of that chain."""
    deposit = largest_exchange_deposit(truth)
    if deposit is None:
        return None
    payments = truth["payments"]
    into = payments[
        (payments["purpose"] == "exchange_deposit")
        & (payments["payee_instrument"] == deposit["payee_instrument"])
    ]
    return round(float(into["amount"].sum()), 2)


def mule_name(truth: Truth) -> str | None:
    """The exchange customer who received that deposit (the mule), by name.

    None when the exchange holds no deposit to that address by the case date: a request on the
    case date could not name the account then.
    """
    deposit = largest_exchange_deposit(truth)
    end = case_end(truth)
    if deposit is None or end is None:
        return None
    payments = truth["payments"]
    known = payments[
        (payments["purpose"] == "exchange_deposit")
        & (payments["payee_instrument"] == deposit["payee_instrument"])
        & (payments["time"] < end)
    ]
    if known.empty:
        return None
    persons = truth["persons"].set_index("person_id")
    return str(persons.at[deposit["payee"], "name"])


# ---------------------------------------------------------------------- money transfers

#: How far a transfer's recorded time may be from UTC: operators write local office time (the
#: senders' zones lie between UTC and UTC+6: Dakar to Dhaka) with a clock off by up to two
#: minutes. A request on the case date holds transfers whose local time falls before its end, so
#: one sent up to ``_AHEAD`` before the end (UTC) may be missing, and one up to ``_BEHIND`` after
#: it may be there.
_AHEAD = pd.Timedelta(hours=7)
_BEHIND = pd.Timedelta(minutes=5)

#: Kinds the morning routine writes inside the day it plans them, so the last of them falls on
#: the last day of the case (payments and journeys run on past it).
_DAILY_KINDS = ("benign_post", "advert_posted")


@per_truth
def case_end(truth: Truth) -> pd.Timestamp | None:
    """The end of the case's last day (UTC): a request on the case date sees nothing later.

    >>> events = pd.DataFrame({"kind": ["benign_post", "payment"], "day": [1, 9],
    ...     "time": pd.to_datetime(["2024-06-02 10:00", "2024-06-10 08:00"], utc=True)})
    >>> case_end({"events": events})
    Timestamp('2024-06-03 00:00:00+0000', tz='UTC')
    """
    events = truth["events"]
    # Only the two columns used: selecting rows copies every selected column.
    daily = events.loc[events["kind"].isin(_DAILY_KINDS), ["time", "day"]]
    if daily.empty:
        return None
    start = daily["time"].iloc[0].floor("D") - pd.Timedelta(days=int(daily["day"].iloc[0]))
    return start + pd.Timedelta(days=int(daily["day"].max()) + 1)


@per_truth
def _mule_transfers(truth: Truth) -> pd.DataFrame | None:
    """Money transfers to the mule (the holder of the largest deposit's exchange account)."""
    deposit = largest_exchange_deposit(truth)
    if deposit is None:
        return None
    events = truth["events"]
    return events[
        (events["kind"] == "payment")
        & (events["channel"] == "money_transfer")
        & (events["target"] == deposit["payee"])
    ]


def _as_of_case_date(truth: Truth, answer: Callable[[pd.DataFrame], object]) -> object:
    """``answer`` of the mule's transfers the operators hold on the case date.

    Operators stamp transfers in local office time, so a transfer within hours of the case's
    end may or may not be in a request's answer. When that changes the answer, the exercise has
    no single right answer in this case and is left out (None).
    """
    transfers = _mule_transfers(truth)
    end = case_end(truth)
    if transfers is None or end is None:
        return None
    surely = answer(transfers[transfers["time"] < end - _AHEAD])
    maybe = answer(transfers[transfers["time"] < end + _BEHIND])
    return surely if surely == maybe else None


def _total_sent(transfers: pd.DataFrame) -> float | None:
    """Amount sent in the currency most transfers were sent in (None on a tie)."""
    counts = transfers["currency"].value_counts()
    if counts.empty or (len(counts) > 1 and counts.iloc[0] == counts.iloc[1]):
        return None
    sent = transfers[transfers["currency"] == counts.index[0]]
    return round(float(sent["amount"].sum()), 2)


def _repeat_phones(transfers: pd.DataFrame) -> list[str] | None:
    counts = transfers.groupby("actor").size()
    repeat = transfers[transfers["actor"].isin(counts[counts >= 2].index)]
    return sorted(repeat["actor_phone"].dropna().astype(str).unique()) or None


def mule_total_received(truth: Truth) -> float | None:
    """What the senders paid in for the mule, up to the case date (one currency).

    A transfer near the case's end may or may not be in the operators' answer; the stored value
    is the middle of the two totals, which the check's 5% tolerance covers when they are close.
    """
    transfers = _mule_transfers(truth)
    end = case_end(truth)
    if transfers is None or end is None:
        return None
    surely = _total_sent(transfers[transfers["time"] < end - _AHEAD])
    maybe = _total_sent(transfers[transfers["time"] < end + _BEHIND])
    if surely is None or maybe is None or maybe - surely > 0.04 * maybe:
        return None
    return round((surely + maybe) / 2, 2)


def repeat_senders(truth: Truth) -> list[str] | None:
    """Phone numbers of the senders who sent the mule two or more transfers (split payments)."""
    return _as_of_case_date(truth, _repeat_phones)  # type: ignore[return-value]


# ---------------------------------------------------------------------- the questions

_NOTEBOOK = (
    "In the hawala notebook seized first (the lowest exhibit number among the seized notebooks)"
)
_CHAIN = (
    "Take the largest single deposit into the exchange on the public ledger (a transaction to an "
    "address that the exchange later sweeps into its hot wallet)."
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="money.escrow-deposits",
        title="Escrow deposits in the notebook",
        prompt=(
            f"{_NOTEBOOK}, how many entries are deposits held in escrow for a traveller, to be "
            "released on a code word?"
        ),
        answer=Number(),
        compute=escrow_deposit_count,
        hints=(
            "Open the notebook with case.ledger(ledger_id).hawala_ledgers; read the note column.",
            "The code_word column is sometimes left empty: the broker's note says "
            "'deposit for ..., release on code' for every escrow deposit.",
            "Keep direction == 'in' and notes starting with 'deposit for', then count the rows.",
        ),
        solution=(
            "book = case.ledger(first_id).hawala_ledgers\n"
            "escrow = book[(book.direction == 'in') & "
            "book.note.str.startswith('deposit for', na=False)]\n"
            "answer = len(escrow)"
        ),
    ),
    Question(
        id="money.euros-in",
        title="Euros taken in",
        prompt=(
            f"{_NOTEBOOK}, what is the total of the euro amounts the broker took in (the entries "
            "with direction 'in')? He writes the euro in three different ways."
        ),
        answer=Number(tolerance=0.005, relative=True),
        compute=euros_taken_in,
        hints=(
            "List the distinct values of the currency column first.",
            "'EUR', '€' and 'euro' are the same currency: map them to one code before you filter.",
            "Sum the amount of the 'in' entries whose cleaned currency is EUR (amounts are "
            "rounded to whole euros, so the check allows a small difference).",
        ),
        solution=(
            "currency = book.currency.str.strip().replace({'€': 'EUR', 'euro': 'EUR'})\n"
            "answer = book.loc[(book.direction == 'in') & (currency.str.upper() == 'EUR'), "
            "'amount'].sum()"
        ),
    ),
    Question(
        id="money.counterparty-brokers",
        title="Partner brokers",
        prompt=(
            f"{_NOTEBOOK}, which other brokers (code names) did its keeper pay out for, owe, or "
            "settle with? Give them as a set."
        ),
        answer=SetOf(normalise="text"),
        compute=counterparty_brokers,
        hints=(
            "The counterparty_broker column names the other broker of an entry.",
            "Take the distinct, non-empty values of counterparty_broker.",
        ),
        solution="answer = set(book.counterparty_broker.dropna())",
    ),
    Question(
        id="money.peel-hops",
        title="Hops of the peel chain",
        prompt=(
            f"{_CHAIN} Walk back from it to the consolidation wallet where the chain started. "
            "How many hops (splits into a small peel and a larger rest sent to a fresh wallet) "
            "did the coins make?"
        ),
        answer=Number(),
        compute=chain_hops,
        hints=(
            "The exchange's hot wallet sends coins to everyone who buys at the exchange: it is the "
            "busiest sender. Deposit addresses are the addresses that send to it.",
            "From the deposit, look at the one transaction that funded the sending wallet. A hop's "
            "sender made exactly two transactions within minutes: a small peel and the rest.",
            "Repeat until the funding transaction comes from a wallet that is not such a splitter "
            "(the consolidation wallet was funded by sweeps); count the splitters.",
        ),
        solution=(
            "current = deposit.from_address; hops = 0\n"
            "while True:\n"
            "    funding = chain[chain.to_address == current]\n"
            "    if len(funding) != 1: break\n"
            "    sender = funding.from_address.iloc[0]\n"
            "    out = chain[chain.from_address == sender]\n"
            "    if len(out) != 2 or out.block_time.max() - out.block_time.min() > 1h: break\n"
            "    hops += 1; current = sender\n"
            "answer = hops"
        ),
    ),
    Question(
        id="money.feeding-wallets",
        title="Wallets swept into the chain",
        prompt=(
            f"{_CHAIN} Which wallets swept their coins into the consolidation wallet where its "
            "peel chain started? Give the addresses as a set."
        ),
        answer=SetOf(normalise="exact"),
        compute=feeding_wallets,
        hints=(
            "Walk the chain back as in the previous exercise; the wallet you stop at is the "
            "consolidation wallet.",
            "The wallets that fed it are the senders of its incoming transactions.",
        ),
        solution="answer = set(chain.loc[chain.to_address == hub, 'from_address'])",
    ),
    Question(
        id="money.deposit-total",
        title="Coins reaching the exchange",
        prompt=(
            f"{_CHAIN} How many coins in total were deposited to that deposit address, over the "
            "whole ledger (every chain that ends there)?"
        ),
        answer=Number(tolerance=1.0),
        compute=deposit_address_total,
        hints=(
            "Several chains can end at the same deposit address: it belongs to one exchange "
            "account.",
            "Sum the amounts of all transactions whose to_address is the deposit address; do not "
            "count the exchange's sweep out of it.",
        ),
        solution=("answer = chain.loc[chain.to_address == deposit.to_address, 'amount'].sum()"),
    ),
    Question(
        id="money.mule-name",
        title="Who holds the exchange account",
        prompt=(
            f"{_CHAIN} Ask the exchange lawfully who holds the account behind that deposit "
            "address. What is the account holder's name?"
        ),
        answer=Exact(normalise="text"),
        compute=mule_name,
        hints=(
            "case.providers() lists the exchange; case.legal_bases() says which orders cover "
            "'transactions' and 'kyc' data; a provider abroad needs the order carried by the "
            "instrument in the cross_border column (basis='production_order + ...').",
            "KYC records are found by account, not by address: first request the exchange's "
            "'transactions' for the deposit address to learn the account.",
            "Then request 'kyc' data for that account and read the name.",
        ),
        solution=(
            "moves = case.request(exchange, 'transactions', target=address, basis=basis, "
            "reason=...)\n"
            "account = moves.data.account.iloc[0]\n"
            "kyc = case.request(exchange, 'kyc', target=account, basis=basis, reason=...)\n"
            "answer = kyc.data.name.iloc[0]"
        ),
    ),
    Question(
        id="money.mule-total",
        title="Money sent to the mule",
        prompt=(
            "Ask every money-transfer operator for the transfers paid out to the mule (the "
            "exchange account holder), using the identity document from the KYC record. How much "
            "money did senders hand in for the mule, counting the transfers sent in the currency "
            "most of them were sent in?"
        ),
        answer=Number(tolerance=0.05, relative=True),
        compute=mule_total_received,
        hints=(
            "case.providers() lists the money-transfer operators (kind 'money_transfer'); each "
            "holds only the transfers sent from its own offices, so ask each one.",
            "Request 'transactions' data with the KYC id_document as target, then put the "
            "answers together.",
            "Keep the send_currency that most transfers use, then sum send_amount (not "
            "receive_amount, which is paid out in local currency, nor the fee).",
        ),
        solution=(
            "main = transfers.send_currency.value_counts().idxmax()\n"
            "answer = transfers.loc[transfers.send_currency == main, 'send_amount'].sum()"
        ),
    ),
    Question(
        id="money.split-senders",
        title="Senders who split their payments",
        prompt=(
            "Among the transfers to the mule, which senders sent two or more transfers (one "
            "payment split into parts below the reporting threshold)? Give their phone numbers "
            "as a set."
        ),
        answer=SetOf(normalise="phone"),
        compute=repeat_senders,
        hints=(
            "Names are written by clerks and vary; the sender's phone number is a better key.",
            "Drop duplicated transfer_id rows first, then count transfers per sender_phone.",
        ),
        solution=(
            "per_sender = transfers.drop_duplicates('transfer_id').groupby('sender_phone').size()\n"
            "answer = set(per_sender[per_sender >= 2].index)"
        ),
    ),
    Question(
        id="money.facts-inferences",
        title="What the KYC name proves",
        prompt=(
            "The exchange names the holder of the account the chain ended in. Write down which "
            "of your findings are facts (what a record shows) and which are inferences (what you "
            "conclude), and what you would need to show that this person is more than a mule."
        ),
        answer=FreeText(min_words=20),
    ),
)
