"""No clear answer, and no truth table, reaches any file of a trainee copy (or the trainee's work).

A fake case gets truth-only values as answers; the trainee copy is the case without ``truth/``;
every byte of every file in it is scanned for the clear answers in the forms they could take.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from simulator.exercises import (
    Exact,
    Number,
    Question,
    Ranked,
    SetOf,
    lesson,
    register_lesson,
    unregister_lesson,
    write_answers,
)
from simulator.investigate import open_case
from simulator.investigate.sample import write_sample_case

ORGANISER = "Falcon-Kingpin-Zeta"
CELL = ["PRS-QUILL-01", "PRS-QUILL-02", "PRS-QUILL-03"]
TAKINGS = 98765.4321
RANKING = ["Broker-Mirage", "Broker-Oasis", "Broker-Nimbus"]

QUESTIONS = (
    Question(
        id="leak.organiser",
        prompt="Who organises?",
        answer=Exact(),
        compute=lambda t: t["secret_roles"]["alias"].iloc[0],
    ),
    Question(
        id="leak.cell",
        prompt="Which people form the cell?",
        answer=SetOf(),
        compute=lambda t: t["secret_roles"]["person_id"].tolist(),
    ),
    Question(
        id="leak.takings",
        prompt="Total takings?",
        answer=Number(tolerance=10),
        compute=lambda t: float(t["secret_money"]["amount"].sum()),
    ),
    Question(
        id="leak.brokers",
        prompt="Brokers by volume?",
        answer=Ranked(),
        compute=lambda t: (
            t["secret_money"].sort_values("amount", ascending=False)["broker"].tolist()
        ),
    ),
)


def forms(value: object) -> set[bytes]:
    """The byte forms a clear answer could take in a file."""
    text = str(value)
    variants = {text, text.casefold(), text.upper()}
    return {v.encode(encoding) for v in variants for encoding in ("utf-8", "utf-16-le")}


CLEAR = set().union(
    forms(ORGANISER),
    *(forms(p) for p in CELL),
    forms(TAKINGS),
    forms(f"{TAKINGS:.2f}"),
    *(forms(b) for b in RANKING),
)


@pytest.fixture
def instructor_case(tmp_path: Path) -> Path:
    folder = write_sample_case(tmp_path / "instructor" / "leak" / "seed-1")
    pd.DataFrame({"person_id": CELL, "alias": [ORGANISER, "Second", "Third"]}).to_parquet(
        folder / "truth" / "secret_roles.parquet"
    )
    pd.DataFrame({"broker": RANKING, "amount": [TAKINGS - 30.0, 20.0, 10.0]}).to_parquet(
        folder / "truth" / "secret_money.parquet"
    )
    register_lesson("leak-lesson", QUESTIONS)
    write_answers(folder, QUESTIONS, iterations=50)
    yield folder
    unregister_lesson("leak-lesson")


def trainee_copy(case: Path, destination: Path) -> Path:
    shutil.copytree(case, destination, ignore=shutil.ignore_patterns("truth"))
    return destination


def leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}: {clear!r}" for clear in CLEAR if clear in data]
    return found


def test_the_scan_finds_clear_answers_where_they_are(instructor_case):
    assert leaks(instructor_case)  # the truth Parquet files hold them: the scan can see them


def test_the_answer_key_is_right_yet_holds_no_clear_answer(instructor_case, tmp_path):
    release = trainee_copy(instructor_case, tmp_path / "release")
    assert not (release / "truth").exists()
    assert not list(release.rglob("*secret*"))
    assert leaks(release) == []
    q = lesson("leak-lesson", open_case(release, work=tmp_path / "work"))
    assert q[1].check(ORGANISER).correct
    assert q[2].check(CELL).correct
    assert q[3].check(TAKINGS + 5).correct
    assert q[4].check(RANKING).correct


def test_a_trainee_session_writes_no_clear_answer(instructor_case, tmp_path):
    release = trainee_copy(instructor_case, tmp_path / "release")
    work = tmp_path / "work"
    case = open_case(release, work=work)
    q = lesson("leak-lesson", case)
    q[1].check("someone else")
    q[2].check(["PRS-OTHER-9"])
    q[3].check(1.0)
    q[4].check(["x", "y", "z"])
    q[1].hint()
    q[1].solution()
    case.request("Telco Demo", "traffic", "+00 555 0101", basis="production_order",
                 reason="number advertised in posts 1 and 3")  # fmt: skip
    case.evidence.add(case.posts, source="open/posts", description="all posts")
    case.evidence.export(tmp_path / "export")
    assert leaks(work) == [] and leaks(tmp_path / "export") == []
