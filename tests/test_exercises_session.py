"""Exercises on an open case: lesson binding, check, hints, solutions, attempt log, views."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import simulator
from simulator.exercises import (
    Exact,
    FreeText,
    Number,
    Question,
    SetOf,
    lesson,
    lessons,
    register_lesson,
    unregister_lesson,
    write_answers,
)
from simulator.investigate import open_case
from simulator.investigate.sample import write_sample_case


def owners(truth):
    frame = truth["handle_owners"]
    return frame.loc[frame["person_id"] == "P1", "handle"].tolist()


QUESTIONS = (
    Question(
        id="test-lesson.owners",
        title="one seller",
        prompt="Which handles belong to the organiser?",
        answer=SetOf(normalise="handle"),
        compute=owners,
        hints=("Compare contact numbers.", "Backup accounts end in a digit.", "Group by number."),
        solution="case.posts.groupby(number)['handle'].unique()",
    ),
    Question(
        id="test-lesson.roles",
        prompt="How many people are in the network?",
        answer=Number(),
        compute=lambda truth: len(truth["persons"]),
    ),
    Question(id="test-lesson.essay", prompt="Explain.", answer=FreeText()),
    Question(
        id="test-lesson.missing",
        prompt="Which hawala broker?",
        answer=Exact(),
        compute=lambda truth: None,
        hints=(),
    ),
)


@pytest.fixture(autouse=True)
def registered():
    register_lesson("test-lesson", QUESTIONS)
    yield
    unregister_lesson("test-lesson")


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = write_sample_case(tmp_path / "case")
    write_answers(folder, QUESTIONS, iterations=50)
    return folder


@pytest.fixture
def trainee(case_dir: Path, tmp_path: Path):
    return open_case(case_dir, instructor=False, work=tmp_path / "work")


def test_lesson_is_registered_and_numbered_from_one(trainee):
    assert "test-lesson" in lessons()
    q = simulator.exercises.lesson("test-lesson", trainee)
    assert len(q) == 4 and q[1].id == "test-lesson.owners" and q["test-lesson.roles"].number == 2
    with pytest.raises(IndexError, match="numbered from 1"):
        q[0]
    with pytest.raises(KeyError, match="no lesson 'nope'"):
        lesson("nope", trainee)


def test_check_correct_incorrect_not_attempted(trainee):
    q = lesson("test-lesson", trainee)
    assert (
        str(q[1].check(["eagle_travel1", "@eagle_travel2"]))
        == "Exercise 1: correct. All of them are right."
    )
    wrong = q[1].check(["eagle_travel1", "ngo_helpdesk"])
    assert str(wrong) == (
        "Exercise 1: incorrect. 1 of the 2 are right; 1 of yours is not part of the answer."
    )
    assert str(q[1].check(None)) == "Exercise 1: not attempted. Replace the blank with your answer."
    assert q[2].check(2).correct and not q[2].check(3).correct
    assert q[3].check("A careful explanation.").status == "submitted"
    unavailable = q[4].check("someone")
    assert unavailable.status == "unavailable" and "no answer in this case" in unavailable.message


def test_feedback_renders_as_html_and_text(trainee):
    feedback = lesson("test-lesson", trainee)[2].check(3)
    assert "Incorrect" in feedback._repr_html_() and "<div" in feedback._repr_html_()
    assert str(feedback).startswith("Exercise 2: incorrect.")
    prompt = lesson("test-lesson", trainee)[1]
    assert "Which handles belong to the organiser?" in repr(prompt)
    assert "3 hint(s)" in prompt._repr_html_()


def test_hints_are_tiered(trainee):
    q = lesson("test-lesson", trainee)[1]
    assert str(q.hint()) == "Exercise 1, hint 1 of 3: Compare contact numbers."
    assert q.hint().level == 2
    assert q.hint(3).text == "Group by number."
    assert q.hint().level == 3  # no further hint: the last one again
    assert q.hint(1).level == 1
    assert "no hints" in str(lesson("test-lesson", trainee)[4].hint())


def test_solution_only_in_instructor_mode(case_dir, tmp_path, trainee):
    refused = lesson("test-lesson", trainee)[1].solution()
    assert not refused.allowed and "instructor mode only" in str(refused)
    assert "groupby" not in str(refused)
    instructor = open_case(case_dir, instructor=True, work=tmp_path / "instructor-work")
    shown = lesson("test-lesson", instructor)[1].solution()
    assert shown.allowed and "groupby" in str(shown)
    assert "eagle_travel1" in shown.answer  # the instructor sees the answer of this case
    assert "<pre>" in shown._repr_html_()


def test_attempts_are_logged_in_the_work_folder(trainee):
    q = lesson("test-lesson", trainee)
    q[2].check(3)
    q[2].check(2)
    q[1].hint()
    log = trainee.work_dir / "exercises" / "attempts.jsonl"
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(r["question"], r["action"], r.get("status")) for r in records] == [
        ("test-lesson.roles", "check", "incorrect"),
        ("test-lesson.roles", "check", "correct"),
        ("test-lesson.owners", "hint", None),
    ]
    assert records[0]["answer"] == 3 and records[0]["at"].endswith("Z")


def test_case_without_answer_key_says_so(tmp_path):
    case = open_case(write_sample_case(tmp_path / "bare"), work=tmp_path / "w")
    feedback = lesson("test-lesson", case)[2].check(2)
    assert feedback.status == "unavailable" and "answers.json" in feedback.message


def test_changed_exercise_definition_is_detected(case_dir, trainee):
    roles = Question(
        id="test-lesson.roles", prompt="?", answer=Number(tolerance=1), compute=lambda truth: 2
    )
    register_lesson("test-lesson", (QUESTIONS[0], roles), replace=True)
    feedback = lesson("test-lesson", trainee)[2].check(2)
    assert feedback.status == "unavailable" and "another version" in feedback.message


def test_lesson_accepts_a_case_path(case_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("TRACELAB_WORK", str(tmp_path / "work-root"))
    monkeypatch.delenv("TRACELAB_CASE", raising=False)
    assert lesson("test-lesson", case_dir)[2].check(2).correct


def test_write_answers_defaults_read_truth_from_disk(tmp_path):
    folder = write_sample_case(tmp_path / "again")
    path = write_answers(folder, QUESTIONS, iterations=50)
    first = path.read_bytes()
    write_answers(folder, QUESTIONS, iterations=50)
    assert path.read_bytes() == first  # deterministic: same truth, same key
