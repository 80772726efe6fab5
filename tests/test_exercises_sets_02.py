"""Episode 02's questions, both ways: the truth gives an answer, the visible method finds the same.

On the course case (generated if missing), every answer function returns a value; the method of
the instructor notebook, run on trainee-visible data only (posts, lawful requests), is judged
correct against a key computed from the truth here and now (so a stale ``answers.json`` cannot
hide a mismatch); and a wrong answer is judged incorrect.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from simulator.course.config import load_config
from simulator.course.validate import datasets_folder, ensure_case
from simulator.exercises import lesson_questions
from simulator.exercises.answers import blank_verdict
from simulator.exercises.key import compute_answers, derive_salt, digester_for
from simulator.exercises.sets import adverts_to_people as episode
from simulator.investigate import open_case

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = {question.id: question for question in lesson_questions(episode.LESSON)}

# OCR look-alikes and Arabic-script digits, read back as 0-9 (as the notebook does).
_READ_BACK = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "Z": "2", "S": "5", "B": "8"}
    | {chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)}
)
_NUMBER = re.compile(
    r"(?:\(?\+|[0OoD\u0660\u06f0]{2})"  # "+", "(+" or "00", its zeros in any form
    r"[0-9OoDlI|ZSB\u0660-\u0669\u06f0-\u06f9 ().\-/]{6,}"
)


def _numbers_in(text: str) -> list[str]:
    found = []
    for run in _NUMBER.findall(str(text)):
        digits = re.sub(r"\D", "", run.translate(_READ_BACK))
        digits = digits[2:] if digits.startswith("00") else digits
        if len(digits) >= 8:
            found.append("+" + digits)
    return found


def _chunks(items: list[str], size: int = 5) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@pytest.fixture(scope="module")
def course_case() -> Path:
    config, _ = load_config(ROOT / "courses")
    folder = datasets_folder(ROOT / "courses") / config.case
    return ensure_case(config.scenario_path, config.seed, folder)


@pytest.fixture(scope="module")
def key(course_case: Path) -> dict:
    truth = {p.stem: pd.read_parquet(p) for p in sorted((course_case / "truth").glob("*.parquet"))}
    return compute_answers(list(QUESTIONS.values()), truth, derive_salt(truth), iterations=10)


@pytest.fixture(scope="module")
def visible(course_case: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The notebook's method on trainee-visible data: posts, providers and granted requests."""
    case = open_case(course_case, instructor=False, work=tmp_path_factory.mktemp("work"))
    accounts = case.accounts[["platform", "handle", "status"]]
    posts = case.posts.merge(accounts, on=["platform", "handle"], how="left")
    posts = posts[posts["status"] == "active"]
    texts = pd.concat([posts["text"], posts["image_text"]]).dropna()
    advertised = sorted({n for text in texts for n in _numbers_in(text)})
    telecoms = case.providers().query("kind == 'telecom'")
    # The register's home country of a number: its operator's seat (calling code -> country).
    codes = {"+216": "TN", "+33": "FR", "+39": "IT", "+44": "GB", "+30": "GR", "+90": "TR"}
    country = {n: next(c for p, c in codes.items() if n.startswith(p)) for n in advertised}
    countries = sorted(set(telecoms["country"]) & set(country.values()))
    register, traffic = [], []
    for seat in countries:
        operator = telecoms.set_index("country").loc[seat]
        extra = f" + {operator['cross_border']}" if operator["cross_border"] else ""
        for chunk in _chunks([n for n in advertised if country[n] == seat]):
            reason = "contact number published in smuggling adverts"
            sub = case.request(operator["name"], "subscriber", chunk,
                               basis="subscriber_request" + extra, reason=reason)  # fmt: skip
            calls = case.request(operator["name"], "traffic", chunk,
                                 basis="production_order" + extra, reason=reason)  # fmt: skip
            assert sub.granted and calls.granted, (sub.reason, calls.reason)
            register.append(sub.data)
            traffic += [calls.tables[name][["caller", "callee"]] for name in
                        ("call_records", "sms_records")]  # fmt: skip
    pairs = pd.concat(traffic, ignore_index=True).dropna()
    graph = nx.Graph()
    graph.add_edges_from(sorted({tuple(sorted(p)) for p in pairs.itertuples(index=False)
                                 if p[0] != p[1]}))  # fmt: skip
    degrees = dict(graph.degree())
    hub = max(degrees, key=degrees.get)
    scores = nx.betweenness_centrality(graph)
    communities = nx.community.greedy_modularity_communities(graph)
    return {
        "adverts.operator_country": countries,
        "adverts.subscriber_imsis": set(pd.concat(register)["imsi"]),
        "adverts.graph_numbers": graph.number_of_nodes(),
        "adverts.hub_degree": hub,
        "adverts.broker_betweenness": max(scores, key=scores.get),
        "adverts.cell_count": len(communities),
        "adverts.hub_cell": next(c for c in communities if hub in c),
    }


def _judge(key: dict, question_id: str, answer: object) -> str:
    blank = blank_verdict(answer)
    if blank is not None:
        return blank.status
    question = QUESTIONS[question_id]
    record = key["questions"][question_id]
    return question.answer.judge(question_id, answer, record, digester_for(key)).status


def _wrong(question_id: str, right: object) -> object:
    """A plausible wrong answer of the right shape."""
    if isinstance(right, int):
        return right + 1
    if isinstance(right, str):
        return right[:-1] + ("1" if right[-1] != "1" else "2")
    return [*sorted(right)[1:], "+000 0000000"]


def test_the_lesson_is_registered_with_enough_checked_questions() -> None:
    assert episode.LESSON == "02-from-adverts-to-people"
    checked = [q for q in QUESTIONS.values() if q.answer.kind != "free_text"]
    assert len(checked) >= 6
    assert all(q.hints and q.solution for q in QUESTIONS.values())


def test_every_answer_function_gives_an_answer_on_the_course_case(key: dict) -> None:
    unavailable = [qid for qid, record in key["questions"].items() if record["unavailable"]]
    assert unavailable == []


@pytest.mark.parametrize("question_id", sorted(set(QUESTIONS) - {"adverts.facts_inferences"}))
def test_the_visible_method_is_judged_correct_and_a_wrong_answer_is_not(
    question_id: str, key: dict, visible: dict
) -> None:
    assert _judge(key, question_id, visible[question_id]) == "correct"
    assert _judge(key, question_id, _wrong(question_id, visible[question_id])) == "incorrect"
    assert _judge(key, question_id, ...) == "not_attempted"


def test_free_text_is_submitted_for_the_instructor_not_marked(key: dict) -> None:
    note = "FACT: the register lists the number. " * 8
    assert _judge(key, "adverts.facts_inferences", note) == "submitted"
    assert _judge(key, "adverts.facts_inferences", "too short") == "incorrect"


def test_ties_are_all_accepted_and_an_empty_case_has_no_answer() -> None:
    truth = episode._demo_truth()
    assert episode._central(truth, "degree") == ["+00 300"]
    assert episode._node_count(truth) == 3  # the 400-500 call has no advertised party
    # Two disjoint stars of equal size make both centres acceptable.
    events = truth["events"]
    extra = pd.DataFrame(
        {"kind": ["advert_posted", "call", "call"],
         "detail": ['{"contact_phone": "+00 700"}', None, None],
         "actor_phone": [None, "+00 600", "+00 700"],
         "target_phone": [None, "+00 700", "+00 800"]}
    )  # fmt: skip
    tied = {"events": pd.concat([events, extra], ignore_index=True)}
    assert episode._central(tied, "degree") == ["+00 300", "+00 700"]
    assert episode._hub_community(tied) is None
    empty = {"events": events.iloc[0:0], "ownership": pd.DataFrame(
        columns=["identifier", "identifier_kind", "person_id", "from"])}  # fmt: skip
    assert episode._node_count(empty) is None
    assert episode._central(empty, "degree") is None
    assert episode._imsis(empty) is None
