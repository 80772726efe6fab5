"""Episode 03 (following the money): every answer function agrees with the method on visible data.

For each question: the answer function on a generated case's truth gives an answer; the
solution path of the notebook, run on what a trainee sees (open ledger, seized notebook, granted
requests), is judged correct against it; and a wrong answer is judged incorrect. The course case
(central-med, seed 7) is generated if missing; the second scenario (channel, seed 3) is checked
too when its case is in the datasets folder (the notebook suite runs on it either way).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from simulator.exercises import lesson_questions
from simulator.exercises.answers import Number, SetOf
from simulator.exercises.digest import Digester
from simulator.exercises.sets import following_the_money as money
from simulator.investigate import open_case

ROOT = Path(__file__).resolve().parents[1]
COURSE_CASE = ROOT / "datasets" / "central-med" / "seed-7"
SECOND_CASE = ROOT / "datasets" / "channel" / "seed-3"


def _course_case() -> Path:
    from simulator.course.validate import ensure_case

    return ensure_case(ROOT / "scenarios" / "central-med.yaml", 7, COURSE_CASE)


def _second_case() -> Path:
    """The second scenario the course must work on (generated when missing, as CI starts clean)."""
    from simulator.course.validate import ensure_case

    return ensure_case(ROOT / "scenarios" / "channel.yaml", 3, SECOND_CASE)


def _cases() -> list[Any]:
    return [pytest.param(None, id="central-med-7"), pytest.param("second", id="channel-3")]


# ---------------------------------------------------------------------- the notebook's method


def _basis(providers: pd.DataFrame, name: str) -> str:
    abroad = providers.at[name, "cross_border"]
    return "production_order" + (f" + {abroad}" if abroad else "")


def visible_answers(case: Any) -> dict[str, Any]:
    """The notebook's solutions, on what a trainee sees (no truth tier)."""
    out: dict[str, Any] = {}
    notebooks = case.seizures.query("what == 'hawala_ledger'").sort_values("seizure_id")
    book = case.ledger(notebooks.ledger_id.iloc[0]).hawala_ledgers
    escrow = book[(book.direction == "in") & book.note.str.startswith("deposit for", na=False)]
    out["money.escrow-deposits"] = len(escrow)
    currency = book.currency.str.strip().replace({"€": "EUR", "euro": "EUR"}).str.upper()
    out["money.euros-in"] = book.loc[(book.direction == "in") & (currency == "EUR"), "amount"].sum()
    out["money.counterparty-brokers"] = set(book.counterparty_broker.dropna())

    chain = case.ledger_transactions
    hot = chain.from_address.value_counts().idxmax()
    addresses = set(chain.loc[chain.to_address == hot, "from_address"])
    largest = chain[chain.to_address.isin(addresses)].sort_values("amount").iloc[-1]

    def splits(wallet: str) -> bool:
        sent = chain[chain.from_address == wallet]
        return len(sent) == 2 and sent.block_time.max() - sent.block_time.min() <= pd.Timedelta(
            "1h"
        )

    current, hops = largest.from_address, 0
    while True:
        funding = chain[chain.to_address == current]
        if len(funding) != 1 or not splits(funding.from_address.iloc[0]):
            break
        current, hops = funding.from_address.iloc[0], hops + 1
    out["money.peel-hops"] = hops
    out["money.feeding-wallets"] = set(chain.loc[chain.to_address == current, "from_address"])
    out["money.deposit-total"] = chain.loc[chain.to_address == largest.to_address, "amount"].sum()

    providers = case.providers().set_index("name")
    exchange = providers.index[providers.kind == "exchange"][0]
    reason = "peel chain deposit address of a smuggling network"
    moves = case.request(
        exchange, "transactions", largest.to_address, basis=_basis(providers, exchange),
        reason=reason,
    )  # fmt: skip
    assert moves.granted, moves.reason
    kyc = case.request(
        exchange, "kyc", moves.data.account.iloc[0], basis=_basis(providers, exchange),
        reason=reason,
    )  # fmt: skip
    assert kyc.granted, kyc.reason
    out["money.mule-name"] = kyc.data.name.iloc[0]

    received = []
    for operator in providers.index[providers.kind == "money_transfer"]:
        result = case.request(
            operator, "transactions", kyc.data.id_document.iloc[0],
            basis=_basis(providers, operator), reason="transfers to a suspected money mule",
        )  # fmt: skip
        assert result.granted, result.reason
        received.append(result.data)
    transfers = pd.concat(received, ignore_index=True).drop_duplicates("transfer_id")
    main = transfers.send_currency.value_counts().idxmax()
    out["money.mule-total"] = transfers.loc[transfers.send_currency == main, "send_amount"].sum()
    per_sender = transfers.groupby("sender_phone").size()
    out["money.split-senders"] = set(per_sender[per_sender >= 2].index)
    return out


def _wrong(value: Any) -> Any:
    """A plausible but wrong answer of the same kind."""
    if isinstance(value, set):
        return set(sorted(value)[1:]) | {"not-in-the-answer"}
    if isinstance(value, str):
        return value + " JUNIOR"
    return float(value) * 1.2 + 3


# ---------------------------------------------------------------------- tests on a case


@pytest.fixture(scope="module")
def course_case() -> Path:
    return _course_case()


@pytest.mark.parametrize("folder", _cases())
def test_solutions_on_visible_data_match_the_truth(
    folder: str | None, course_case: Path, tmp_path: Path
) -> None:
    folder = _second_case() if folder == "second" else course_case
    instructor = open_case(folder, instructor=True, work=tmp_path / "instructor")
    truth = instructor.truth_tables()
    trainee = open_case(folder, instructor=False, work=tmp_path / "trainee")
    assert not trainee.instructor
    seen = visible_answers(trainee)
    digester = Digester(b"test-salt-03" * 2, iterations=10)
    questions = lesson_questions(money.LESSON)
    checked = [q for q in questions if q.compute is not None]
    assert len(checked) >= 6 and {q.id for q in checked} == set(seen)
    for question in checked:
        value = question.compute(truth)
        assert value is not None, f"{question.id}: no answer in {folder.name}"
        record = question.answer.encode(question.id, value, digester)
        verdict = question.answer.judge(question.id, seen[question.id], record, digester)
        assert verdict.correct, (question.id, seen[question.id], value, verdict.message)
        wrong = question.answer.judge(question.id, _wrong(seen[question.id]), record, digester)
        assert not wrong.correct, (question.id, "a wrong answer passed")


def test_answers_json_of_the_course_case_knows_every_question(course_case: Path) -> None:
    key = json.loads((course_case / "answers.json").read_text(encoding="utf-8"))
    missing = [q.id for q in lesson_questions(money.LESSON) if q.id not in key["questions"]]
    assert not missing, f"regenerate the course case: answers.json lacks {missing}"


# ---------------------------------------------------------------------- unit tests, no case


def _events(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["time"] = pd.to_datetime(frame["time"], utc=True)
    return frame


def test_case_end_is_the_end_of_the_last_routine_day() -> None:
    events = _events(
        [
            {"kind": "benign_post", "day": 0, "time": "2024-06-01 09:00"},
            {"kind": "advert_posted", "day": 5, "time": "2024-06-06 23:59"},
            {"kind": "payment", "day": 40, "time": "2024-07-11 08:00"},
        ]
    )
    assert money.case_end({"events": events}) == pd.Timestamp("2024-06-07", tz="UTC")


def _transfer_truth(times: list[str], actors: list[str]) -> dict[str, pd.DataFrame]:
    """A mule U1 paid by a peel chain deposit, and money transfers to U1 at ``times``."""
    events = _events(
        [{"kind": "benign_post", "day": 9, "time": "2024-06-10 10:00", "channel": None,
          "target": None, "actor": None, "actor_phone": None, "amount": None,
          "currency": None}]
        + [
            {"kind": "payment", "day": 0, "time": t, "channel": "money_transfer", "target": "U1",
             "actor": a, "actor_phone": f"+216 8300{a[-1]}", "amount": 800.0, "currency": "EUR"}
            for t, a in zip(times, actors, strict=True)
        ]
    )  # fmt: skip
    payments = pd.DataFrame(
        {"purpose": ["exchange_deposit"], "amount": [900.0], "payee": ["U1"],
         "payee_instrument": ["Uaddr"], "time": pd.to_datetime(["2024-06-05"], utc=True),
         "detail": ['{"chain": "c1"}']}
    )  # fmt: skip
    return {"events": events, "payments": payments}


def test_repeat_senders_and_total_up_to_the_case_date() -> None:
    truth = _transfer_truth(
        ["2024-06-02 10:00", "2024-06-03 10:00", "2024-06-04 10:00", "2024-06-20 10:00"],
        ["F1", "F1", "F2", "F2"],
    )
    # F2's second transfer comes after the case's end (2024-06-11): not a split payment yet.
    assert money.repeat_senders(truth) == ["+216 83001"]
    assert money.mule_total_received(truth) == 2400.0


def test_a_transfer_at_the_edge_of_the_case_leaves_the_split_question_out() -> None:
    # Sent at 22:00 UTC on the last day: in local office time it may already be the next day.
    truth = _transfer_truth(["2024-06-02 10:00", "2024-06-10 22:00"], ["F1", "F1"])
    assert money.repeat_senders(truth) is None


def test_hops_and_feeding_wallets_of_a_small_chain() -> None:
    times = pd.to_datetime(
        ["2024-06-01 08:00", "2024-06-01 09:00", "2024-06-01 09:00", "2024-06-01 10:00",
         "2024-06-01 10:00", "2024-06-01 11:00"], utc=True,
    )  # fmt: skip
    chain = '{"chain": "c1"}'
    payments = pd.DataFrame(
        {
            "time": times,
            "purpose": ["consolidation", "peel", "peel_hop", "peel", "peel_hop",
                        "exchange_deposit"],
            "payer_instrument": ["D1", "H", "H", "A1", "A1", "A2"],
            "payee_instrument": ["H", "M1", "A1", "M2", "A2", "Uaddr"],
            "amount": [1000.0, 50.0, 950.0, 40.0, 910.0, 910.0],
            "payee": ["P1", "P2", "P1", "P3", "P1", "U1"],
            "detail": ["{}", chain, chain, chain, chain, chain],
        }
    )  # fmt: skip
    truth = {"payments": payments}
    assert money.chain_hops(truth) == 2
    assert money.feeding_wallets(truth) == ["D1"]
    assert money.deposit_address_total(truth) == 910.0


def test_answer_types_fit_the_questions() -> None:
    kinds = {q.id: q.answer for q in lesson_questions(money.LESSON)}
    assert isinstance(kinds["money.split-senders"], SetOf)
    assert kinds["money.split-senders"].normalise == "phone"
    assert isinstance(kinds["money.euros-in"], Number) and kinds["money.euros-in"].tolerance > 0
