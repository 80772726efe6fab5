"""Every answer type passes with the right answer and fails with a wrong or empty one."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.exercises import (
    Exact,
    FreeText,
    Number,
    Question,
    Ranked,
    SetOf,
    compute_answers,
)
from simulator.exercises.answers import blank_verdict
from simulator.exercises.digest import Digester
from simulator.exercises.key import digester_for

SALT = "ab" * 16
TRUTH = {
    "handles": pd.DataFrame(
        {"handle": ["eagle1", "eagle2", "wolf_x", "lion", "hawk"], "boss": [1, 1, 0, 0, 1]}
    )
}


def key_for(question: Question) -> dict:
    return compute_answers([question], TRUTH, SALT, iterations=50)


def decide(question: Question, answer, key: dict | None = None):
    key = key or key_for(question)
    blank = blank_verdict(answer)
    if blank is not None:
        return blank
    record = key["questions"][question.id]
    return question.answer.judge(question.id, answer, record, digester_for(key))


BLANKS = [None, ..., "", "   ", [], set(), float("nan"), pd.Series([], dtype=object)]


def question(answer, compute) -> Question:
    return Question(id="t.q", prompt="?", answer=answer, compute=compute)


# ------------------------------------------------------------------ exact


def test_exact_right_wrong_and_blank():
    q = question(Exact(normalise="handle"), lambda t: "Eagle1")
    key = key_for(q)
    assert decide(q, "@eagle1 ", key).correct
    assert decide(q, "eagle2", key).status == "incorrect"
    assert decide(q, ["eagle1"], key).message == "Give one value, not a collection."
    for blank in BLANKS:
        assert decide(q, blank, key).status == "not_attempted"


def test_exact_accepts_listed_alternatives_and_numpy_scalars():
    q = question(Exact(), lambda t: ["Tripoli", "Tarabulus"])
    assert decide(q, "tarabulus").correct and decide(q, "TRIPOLI").correct
    count = question(Exact(), lambda t: int(t["handles"]["boss"].sum()))
    assert decide(count, np.int64(3)).correct and decide(count, 3.0).correct
    assert not decide(count, 4).correct


# ------------------------------------------------------------------ number


def test_number_within_tolerance():
    q = question(Number(tolerance=0.5), lambda t: 12.3)
    key = key_for(q)
    for good in (12.3, 11.8, 12.8, "12.5"):
        assert decide(q, good, key).correct, good
    for bad in (11.6, 13.1, 0, -12.3, True, "twelve"):
        assert decide(q, bad, key).status == "incorrect", bad
    assert decide(q, None, key).status == "not_attempted"
    assert "±0.5" in decide(q, 99, key).message


def test_exact_number_and_relative_tolerance():
    exact = question(Number(), lambda t: 7)
    assert decide(exact, 7.0).correct and not decide(exact, 7.01).correct
    relative = question(Number(tolerance=0.1, relative=True), lambda t: 20_000)
    key = key_for(relative)
    assert decide(relative, 21_500, key).correct and decide(relative, 18_500, key).correct
    assert not decide(relative, 25_000, key).correct and not decide(relative, -20_000, key).correct
    zero = question(Number(tolerance=0.1, relative=True), lambda t: 0)
    assert decide(zero, 0).correct and not decide(zero, 1.0).correct


@settings(max_examples=40, deadline=None)
@given(
    truth=st.floats(-1e6, 1e6, allow_nan=False),
    offset=st.floats(-1.0, 1.0),
    tolerance=st.floats(0.01, 100.0),
)
def test_number_accepts_everything_within_and_nothing_far_beyond(truth, offset, tolerance):
    kind = Number(tolerance=tolerance)
    digester = Digester(b"s" * 16, iterations=1)
    record = kind.encode("q", truth, digester)
    inside = truth + offset * tolerance * 0.999
    assert kind.judge("q", inside, record, digester).correct
    far = truth + (1 if offset >= 0 else -1) * tolerance * (1 + 1 / kind.steps) * 1.01
    assert not kind.judge("q", far, record, digester).correct


# ------------------------------------------------------------------ set


def boss_handles(truth):
    frame = truth["handles"]
    return frame.loc[frame["boss"] == 1, "handle"].tolist()


def test_set_right_partial_and_blank():
    q = question(SetOf(normalise="handle"), boss_handles)
    key = key_for(q)
    assert decide(q, {"@EAGLE1", "eagle2", "hawk"}, key).correct
    assert decide(q, pd.Series(["hawk", "eagle2", "eagle1"]), key).correct
    assert decide(q, pd.DataFrame({"handle": ["hawk", "eagle2", "eagle1"]}), key).correct
    partial = decide(q, ["eagle1", "eagle2", "lion", "wolf_x"], key)
    assert partial.status == "incorrect"
    assert partial.message == "2 of the 3 are right; 2 of yours are not part of the answer."
    assert decide(q, ["eagle1"], key).message == "1 of the 3 are right."
    assert decide(q, "eagle1", key).message.startswith("Give a list")
    assert decide(q, [], key).status == "not_attempted"


def test_set_feedback_never_names_a_missing_member():
    q = question(SetOf(normalise="handle"), boss_handles)
    message = decide(q, ["eagle1"], key_for(q)).message
    assert "eagle2" not in message and "hawk" not in message


# ------------------------------------------------------------------ ranked


def test_ranked_order_matters():
    q = question(Ranked(top=3), lambda t: ["hawk", "eagle1", "lion", "wolf_x"])
    key = key_for(q)
    assert decide(q, ["hawk", "eagle1", "lion"], key).correct
    assert decide(q, ["hawk", "eagle1", "lion", "extra"], key).correct  # only the top 3 count
    swapped = decide(q, ["eagle1", "hawk", "lion"], key)
    assert swapped.status == "incorrect"
    assert swapped.message == "3 of the 3 belong in the list; 1 is in the right place."
    assert decide(q, {"hawk", "eagle1", "lion"}, key).message.startswith("Order matters")
    assert decide(q, None, key).status == "not_attempted"
    assert not decide(q, ["hawk", "eagle1"], key).correct


# ------------------------------------------------------------------ free text


def test_free_text_is_submitted_not_marked():
    q = Question(id="t.q", prompt="Why?", answer=FreeText(min_words=3))
    key = key_for(q)
    assert decide(q, "because the ledger shows escrow", key).status == "submitted"
    assert decide(q, "no", key).status == "incorrect"
    assert decide(q, "  ", key).status == "not_attempted"


# ------------------------------------------------------------------ the key itself


def test_key_holds_no_clear_answer_and_is_deterministic():
    questions = [
        Question(id="t.exact", prompt="?", answer=Exact(), compute=lambda t: "eagle1"),
        Question(id="t.set", prompt="?", answer=SetOf(), compute=boss_handles),
        Question(id="t.rank", prompt="?", answer=Ranked(), compute=lambda t: ["hawk", "lion"]),
        Question(id="t.num", prompt="?", answer=Number(tolerance=1), compute=lambda t: 4321.5),
    ]
    key = compute_answers(questions, TRUTH, SALT, iterations=50)
    text = json.dumps(key)
    for clear in ("eagle1", "eagle2", "hawk", "lion", "4321.5"):
        assert clear not in text
    assert text == json.dumps(compute_answers(questions, TRUTH, SALT, iterations=50))
    assert key["questions"]["t.set"]["size"] == 3


def test_unavailable_when_the_case_has_no_answer():
    q = question(Exact(), lambda t: None)
    assert key_for(q)["questions"]["t.q"] == {"spec": q.answer.spec(), "unavailable": True}


def test_questions_are_validated_as_data():
    with pytest.raises(ValueError, match="question id"):
        Question(id="Bad Id", prompt="?", answer=Exact(), compute=lambda t: 1)
    with pytest.raises(ValueError, match="answer function"):
        Question(id="t.x", prompt="?", answer=Exact())
    with pytest.raises(ValueError, match="appears twice"):
        q = question(Exact(), lambda t: 1)
        compute_answers([q, q], TRUTH, SALT, iterations=1)


def test_a_large_key_gets_fewer_rounds_and_still_checks(monkeypatch):
    from simulator.exercises import digest

    # Pretend three digests exhaust the key's budget: each gets a third of it.
    monkeypatch.setattr(digest, "KEY_BUDGET", 600)
    monkeypatch.setattr(digest, "MIN_ITERATIONS", 100)
    q = question(SetOf(normalise="handle"), boss_handles)
    key = compute_answers([q], TRUTH, SALT)
    assert key["kdf"]["iterations"] == 200
    assert decide(q, ["eagle1", "eagle2", "hawk"], key).correct
    assert not decide(q, ["eagle1", "lion"], key).correct
    # A key of one digest keeps the whole budget; asking for rounds overrides the budget.
    single = question(Exact(), lambda t: "eagle1")
    assert compute_answers([single], TRUTH, SALT)["kdf"]["iterations"] == 600
    assert compute_answers([q], TRUTH, SALT, iterations=50)["kdf"]["iterations"] == 50


def test_salt_follows_every_table_and_reads_the_bulk_by_shape():
    from simulator.exercises.key import SHAPE_ONLY_TABLES, derive_salt

    people = pd.DataFrame({"person_id": ["P1", "P2", "P3"], "nationality": ["SY", "AF", "ER"]})
    events = pd.DataFrame({"kind": ["call", "sms"], "actor": ["P1", "P2"]})
    base = derive_salt({"persons": people, "events": events})

    renamed = people.assign(nationality=["SY", "AF", "IQ"])
    assert derive_salt({"persons": renamed, "events": events}) != base
    # The bulk tables count by name, columns and rows...
    assert "events" in SHAPE_ONLY_TABLES
    assert derive_salt({"persons": people, "events": events.iloc[:1]}) != base
    assert derive_salt({"persons": people, "events": events.rename(columns={"actor": "a"})}) != base
    assert derive_salt({"persons": people}) != base
    # ...not by their cells, which follow from the persons and journeys.
    swapped = events.assign(actor=["P3", "P1"])
    assert derive_salt({"persons": people, "events": swapped}) == base
