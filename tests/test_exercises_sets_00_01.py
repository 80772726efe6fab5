"""The question sets of episodes 00 (orientation) and 01 (online monitoring), tested both ways.

On the course case (central-med, seed 7, generated if missing): every answer function gives an
answer on the truth; the method the notebook teaches, run on trainee-visible data only, is judged
correct against the digests of that answer; a wrong answer is judged incorrect. The answer key is
computed here (cheap digests), so the test does not depend on the case's ``answers.json`` being
up to date.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from simulator.exercises import lesson_questions
from simulator.exercises.answers import blank_verdict
from simulator.exercises.digest import Digester
from simulator.exercises.key import compute_answers
from simulator.exercises.question import Question
from simulator.investigate import open_case

ROOT = Path(__file__).resolve().parents[1]
SALT = "5a" * 16
ITERATIONS = 5


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    from simulator.course.config import load_config
    from simulator.course.validate import datasets_folder, ensure_case

    config, _ = load_config(ROOT / "courses")
    folder = ensure_case(
        config.scenario_path, config.seed, datasets_folder(ROOT / "courses") / config.case
    )
    return open_case(folder, instructor=True, work=tmp_path_factory.mktemp("work"))


@pytest.fixture(scope="module")
def truth(case) -> dict[str, pd.DataFrame]:
    return case.truth_tables()


def _judge(question: Question, answer: Any, truth: dict[str, pd.DataFrame]) -> str:
    blank = blank_verdict(answer)  # what Exercise.check says before judging
    if blank is not None:
        return blank.status
    key = compute_answers([question], truth, SALT, iterations=ITERATIONS)
    record = key["questions"][question.id]
    assert not record["unavailable"], f"{question.id} has no answer in the course case"
    digester = Digester(bytes.fromhex(SALT), ITERATIONS)
    return question.answer.judge(question.id, answer, record, digester).status


# ---------------------------------------------------------------- the notebook's methods


def _ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(c)) if c.isdigit() and not "0" <= c <= "9" else c for c in text
    )


_OCR = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
)
_RUN = re.compile(r"(?:\+|\(\+|[0OoD]{2})[0-9OoDlI|ZSB \-.()/\u00a0]{6,}[0-9OoDlI|ZSB]")
_AMOUNT = re.compile(
    r"(?<![\d.,])(?:(?P<k>\d+(?:[.,]\d)?)\s?[kK]\b"
    r"|(?P<amount>\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?![\d%]))"
)
_QUOTED = re.compile(r'[«"“]\s*([^»"”]+?)\s*[»"”]')


def _numbers_in(text: str | None) -> list[str]:
    found = []
    for run in _RUN.findall(_ascii_digits(text or "")):
        digits = re.sub(r"\D", "", run.translate(_OCR))
        digits = digits[2:] if digits.startswith("00") else digits
        if len(digits) >= 8:
            found.append("+" + digits)
    return found


def _amounts_in(text: str) -> list[float]:
    found = []
    for match in _AMOUNT.finditer(_RUN.sub(" ", _ascii_digits(text))):
        if match["k"]:
            value = float(match["k"].replace(",", ".")) * 1000
        else:
            value = float(re.sub(r"\D", "", match["amount"]))
        if value >= 100:
            found.append(value)
    return found


@pytest.fixture(scope="module")
def visible(case) -> dict[str, Any]:
    """What the notebook of episode 01 derives from the open posts table."""
    posts = case.posts.drop_duplicates("post_id").reset_index(drop=True)
    posts["numbers"] = [
        sorted(set(_numbers_in(t) + _numbers_in(o)))
        for t, o in zip(posts.text, posts.image_text.fillna(""), strict=True)
    ]
    adverts = posts[posts.numbers.str.len() > 0]
    vocabulary = {w.lower() for text in case.posts.text for w in _QUOTED.findall(text)}
    hits = posts[posts.text.str.lower().map(lambda t: any(w in t for w in vocabulary))]
    graph = nx.Graph()
    for row in adverts.itertuples():
        for number in row.numbers:
            graph.add_edge(("account", row.platform, row.handle), ("number", number))
    active = case.accounts.loc[case.accounts.status == "active", ["platform", "handle"]]
    live = adverts.merge(active, on=["platform", "handle"])
    return {"posts": posts, "adverts": adverts, "live": live, "hits": hits, "graph": graph}


def _evidence_ok(case, adverts: pd.DataFrame) -> bool:
    log = pd.DataFrame(
        {
            "url": adverts.url,
            "sha256": [hashlib.sha256(str(t).encode()).hexdigest() for t in adverts.text],
        }
    )
    item = case.evidence.add(log, source="open/posts", description="collection log")
    case.evidence.add(
        {"accounts": ["a", "b"]},
        kind="inference",
        confidence="high",
        based_on=[item.id],
        description="one seller",
    )
    return case.evidence.verify().ok


# ---------------------------------------------------------------- episode 00

ORIENTATION: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    # id: (solution on visible data, a wrong answer derived from the right one)
    "orientation.removed_accounts": (lambda c: len(c.takedown_notices), lambda a: a + 1),
    "orientation.distinct_listings": (
        lambda c: c.listings.listing_id.nunique(),
        lambda a: a + 3,
    ),
}


def test_orientation_lesson_is_registered() -> None:
    ids = [q.id for q in lesson_questions("00-orientation")]
    assert ids == [
        "orientation.removed_accounts",
        "orientation.distinct_listings",
        "orientation.legal_route",
    ]


@pytest.mark.parametrize("question_id", sorted(ORIENTATION))
def test_orientation_solution_is_judged_correct(question_id: str, case, truth) -> None:
    question = next(q for q in lesson_questions("00-orientation") if q.id == question_id)
    assert question.compute is not None and question.compute(truth) is not None
    solve, wrong = ORIENTATION[question_id]
    answer = solve(case)
    assert _judge(question, answer, truth) == "correct"
    assert _judge(question, wrong(answer), truth) == "incorrect"


def test_orientation_listings_differ_from_rows(case, truth) -> None:
    """The exercise teaches distinct ids: counting rows must not pass by accident."""
    question = lesson_questions("00-orientation")[1]
    if len(case.listings) != case.listings.listing_id.nunique():
        assert _judge(question, len(case.listings), truth) == "incorrect"


def test_orientation_free_text_is_submitted_not_marked(truth) -> None:
    question = lesson_questions("00-orientation")[2]
    short = _judge(question, "traffic data", truth)
    long = _judge(question, " ".join(["messenger traffic data production order"] * 4), truth)
    assert (short, long) == ("incorrect", "submitted")


# ---------------------------------------------------------------- episode 01

ONLINE: dict[str, tuple[Callable[..., Any], Callable[[Any], Any]]] = {
    "online.contact_numbers": (
        lambda v, c: sorted({n for ns in v["live"].numbers for n in ns}),
        lambda a: a[:-1],
    ),
    "online.advert_languages": (
        lambda v, c: sorted(v["adverts"].language.dropna().unique()),
        lambda a: [*a, "xx"],
    ),
    "online.keyword_precision": (
        lambda v, c: v["hits"].post_id.isin(v["adverts"].post_id).mean(),
        lambda a: a + 0.2,
    ),
    "online.median_price": (
        lambda v, c: pd.Series(
            [p[0] for p in v["adverts"].text.map(_amounts_in) if len(p) == 1]
        ).median(),
        lambda a: a * 1.3,
    ),
    "online.advert_accounts": (
        lambda v, c: len(v["live"][["platform", "handle"]].drop_duplicates()),
        lambda a: a + 1,
    ),
    "online.sellers": (
        lambda v, c: nx.number_connected_components(v["graph"]),
        lambda a: round(a * 0.75),
    ),
    "online.largest_seller": (
        lambda v, c: max(
            sum(1 for n in comp if n[0] == "account")
            for comp in nx.connected_components(v["graph"])
        ),
        lambda a: a + 3,
    ),
    "online.log_verified": (
        lambda v, c: _evidence_ok(c, v["adverts"]),
        lambda a: not a,
    ),
}


def test_online_lesson_has_every_question_tested() -> None:
    ids = [q.id for q in lesson_questions("01-online-monitoring")]
    assert len(ids) >= 6 and sorted(ids) == sorted(ONLINE)


@pytest.mark.parametrize("question_id", list(ONLINE))
def test_online_solution_is_judged_correct(question_id: str, case, truth, visible) -> None:
    question = next(q for q in lesson_questions("01-online-monitoring") if q.id == question_id)
    assert question.compute is not None and question.compute(truth) is not None
    solve, wrong = ONLINE[question_id]
    answer = solve(visible, case)
    assert _judge(question, answer, truth) == "correct"
    assert _judge(question, wrong(answer), truth) == "incorrect"
    assert _judge(question, ..., truth) == "not_attempted"


def test_keyword_search_over_counts(visible) -> None:
    """The lesson of 01: the vocabulary finds every advert and many benign posts besides."""
    hits, adverts = visible["hits"], visible["adverts"]
    assert adverts.post_id.isin(hits.post_id).mean() > 0.8
    assert hits.post_id.isin(adverts.post_id).mean() < 0.7


def test_linking_by_logo_merges_sellers(truth, visible) -> None:
    """Logos are shared between sellers in the course case: linking by them under-counts."""
    graph = visible["graph"].copy()
    for row in visible["adverts"].dropna(subset=["logo"]).itertuples():
        graph.add_edge(("account", row.platform, row.handle), ("logo", row.logo))
    sellers = next(q for q in lesson_questions("01-online-monitoring") if q.id == "online.sellers")
    assert _judge(sellers, nx.number_connected_components(graph), truth) == "incorrect"
