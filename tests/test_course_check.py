"""The course structure checker finds each problem, where it is; the CLI says the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_course_support import (
    FRONT,
    KEY_POINTS,
    code,
    episode_cells,
    exercise,
    md,
    result,
    write_course,
)

from simulator.cli import main
from simulator.course import check_course

Cells = list[dict[str, Any]]


def _index(cells: Cells, tag: str, nth: int = 0) -> int:
    found = [i for i, c in enumerate(cells) if tag in c["metadata"].get("tags", [])]
    return found[nth]


def _set_source(tag: str, source: str, nth: int = 0) -> Callable[[Cells], None]:
    def change(cells: Cells) -> None:
        cells[_index(cells, tag, nth)]["source"] = source

    return change


def _drop(tag: str, nth: int = 0) -> Callable[[Cells], None]:
    return lambda cells: cells.pop(_index(cells, tag, nth))


def _insert_after(tag: str, cell: dict, nth: int = 0) -> Callable[[Cells], None]:
    return lambda cells: cells.insert(_index(cells, tag, nth) + 1, cell)


def _stored(text: str) -> Callable[[Cells], None]:
    def change(cells: Cells) -> None:
        cells[_index(cells, "check")]["outputs"] = [result(text)]

    return change


def _unrun(cells: Cells) -> None:
    check = cells[_index(cells, "check")]
    check["outputs"], check["execution_count"] = [], None


def _no_figure(cells: Cells) -> None:
    for cell in cells:
        cell["outputs"] = [
            o for o in cell.get("outputs", []) if "image/png" not in o.get("data", {})
        ]


# (name, change, the cell (1-based, 0 for the notebook) whose finding is expected, message part)
PROBLEMS = [
    ("no front matter", _drop("front-matter"), 0, "no 'front-matter' cell"),
    (
        "no objectives",
        _set_source("front-matter", FRONT.split("## Objectives")[0]),
        1,
        "lists no objectives",
    ),
    (
        "no questions",
        _set_source("front-matter", FRONT.replace("## Questions", "Text")),
        1,
        "lists no questions",
    ),
    (
        "no minutes",
        _set_source("front-matter", FRONT.replace("**Teaching:** 30 min", "")),
        1,
        "Teaching:",
    ),
    (
        "too long",
        _set_source("front-matter", FRONT.replace("30 min", "80 min")),
        1,
        "teaching + exercises = 120 min",
    ),
    (
        "too short",
        _set_source("front-matter", FRONT.replace("30 min", "1 min")),
        1,
        "(allowed: 45-90)",
    ),
    ("front matter not first", lambda c: c.insert(0, md("Hello")), 2, "must be the first cell"),
    ("no parameters", _drop("parameters"), 0, "no 'parameters' cell"),
    ("CASE not text", _set_source("parameters", "CASE = 7"), 2, "must set CASE to text"),
    ("other case", _set_source("parameters", 'CASE = "x/seed-2"'), 2, "course case"),
    (
        "parameters not first code",
        lambda c: c.insert(1, code("import os")),
        3,
        "must be the first code cell",
    ),
    (
        "too few checks",
        lambda c: [c.pop(_index(c, "solution")) and c.pop(_index(c, "check"))],
        0,
        "5 checked exercise(s) (at least 6 wanted)",
    ),
    (
        "solution without check",
        _insert_after("solution", code("pass"), 0),
        8,
        "must be followed by its check cell",
    ),
    (
        "check without marker",
        _set_source("check", "q[1].check(answer_1)"),
        9,
        "NBVAL_CHECK_OUTPUT",
    ),
    (
        "check without call",
        _set_source("check", "# NBVAL_CHECK_OUTPUT\nq[1]"),
        9,
        "must call .check(answer)",
    ),
    ("check not run", _unrun, 9, "has no stored output"),
    ("stored incorrect", _stored("Exercise 1: incorrect. 2 of 5."), 9, "says 'incorrect'"),
    ("stored not attempted", _stored("Exercise 1: not attempted."), 9, "says 'not attempted'"),
    ("stored no verdict", _stored("42"), 9, "shows no check result"),
    (
        "solution shown",
        lambda c: c.insert(3, code("q[1].solution()")),
        4,
        "calls solution() where trainees see it",
    ),
    (
        "literal answer",
        lambda c: c.insert(3, code("q[1].check({'a', 'b'})")),
        4,
        "checks the literal",
    ),
    (
        "instructor mode",
        lambda c: c.insert(3, code("c = open_case(CASE, instructor=True)")),
        4,
        "opens instructor mode",
    ),
    (
        "uses a solution's name",
        _insert_after("check", code("print(scratch_1)")),
        10,
        "uses 'scratch_1', which only cell 8 (solution) sets",
    ),
    (
        "uses an instructor name",
        lambda c: c.append(code("teacher_only")),
        27,
        "uses 'teacher_only'",
    ),
    ("check of an unset name", _set_source("solution", "other = 1"), 8, "does not set answer_1"),
    (
        "check of an expression",
        _set_source("check", "# NBVAL_CHECK_OUTPUT\nq[1].check(len(x))"),
        8,
        "passes no plain name",
    ),
    (
        "uses an answer later",
        _insert_after("check", code("print(len(answer_1))")),
        10,
        "uses 'answer_1', which is ... in the trainee copy",
    ),
    ("no figure", _no_figure, 0, "no figure"),
    ("no key points", _drop("key-points"), 0, "no 'key-points' cell"),
    (
        "fewer key points",
        _set_source("key-points", KEY_POINTS.split("- Checks")[0]),
        0,
        "1 key point(s) for 2 objective(s)",
    ),
    ("key points not last", lambda c: c.append(md("P.S.")), 0, "must be the last cell"),
    (
        "two roles",
        lambda c: c[2]["metadata"].update(tags=["check", "key-points"]),
        3,
        "several roles",
    ),
    ("does not parse", lambda c: c.insert(3, code("x = (")), 4, "does not parse"),
    ("missing link", lambda c: c.insert(2, md("![map](img/map.png)")), 3, "img/map.png"),
]


@pytest.mark.parametrize(("change", "cell", "message"), [p[1:] for p in PROBLEMS],
                         ids=[p[0] for p in PROBLEMS])  # fmt: skip
def test_each_problem_is_found_where_it_is(
    tmp_path: Path, change: Callable[[Cells], None], cell: int, message: str
) -> None:
    cells = episode_cells()
    change(cells)
    report = check_course(write_course(tmp_path / "courses", {"01-demo": cells}))
    assert not report.ok
    hits = [f for f in report.findings if message in f.message]
    assert hits, [str(f) for f in report.findings]
    if cell:
        assert hits[0].cell == cell, str(hits[0])
    assert str(hits[0]).startswith(str(tmp_path / "courses" / "01-demo.ipynb"))


def test_a_sound_episode_has_no_findings(tmp_path: Path) -> None:
    report = check_course(write_course(tmp_path / "courses"))
    assert report.ok, [str(f) for f in report.findings]


def test_orientation_needs_no_checks_but_others_need_six(tmp_path: Path) -> None:
    cells = episode_cells(checks=0)
    course = write_course(tmp_path / "c", {"00-orientation": cells, "01-demo": cells})
    messages = [str(f) for f in check_course(course).findings]
    assert messages == [f"{course}/01-demo.ipynb: 0 checked exercise(s) (at least 6 wanted)"]


def test_listed_and_present_episodes_must_agree(tmp_path: Path) -> None:
    config = "case: demo/seed-1\nscenario: s.yaml\nseed: 1\nepisodes:\n  - 01-demo\n  - 02-gone\n"
    course = write_course(tmp_path / "c", {"01-demo": episode_cells(), "scratch": []}, config)
    messages = [str(f) for f in check_course(course).findings]
    assert (
        f"{course}/episodes.yaml: episode 02-gone is listed, but 02-gone.ipynb is missing"
        in messages
    )
    assert any(m.startswith(f"{course}/scratch.ipynb: not listed") for m in messages)


def test_config_problems_carry_lines(tmp_path: Path) -> None:
    config = (
        "case: demo/seed-1\nscenario: s.yaml\nseed: -1\nepisodes:\n  - slug: 2-bad\n  - slg: x\n"
    )
    course = write_course(tmp_path / "c", {}, config)
    messages = [str(f) for f in check_course(course).findings]
    assert f"{course}/episodes.yaml:3 seed: must be a whole number, 0 or more" in messages
    assert any(":5 episodes[0].slug: '2-bad' is not NN-words" in m for m in messages)
    assert any(":6 episodes[1].slg: unknown key 'slg'" in m for m in messages)


def test_episode_numbers_must_increase(tmp_path: Path) -> None:
    config = "case: d/seed-1\nscenario: s.yaml\nseed: 1\nepisodes:\n  - 02-b\n  - 01-a\n"
    course = write_course(
        tmp_path / "c", {"01-a": episode_cells(), "02-b": episode_cells()}, config
    )
    assert any("must increase" in f.message for f in check_course(course).findings)


def test_the_sample_course_and_the_real_course_are_sound() -> None:
    root = Path(__file__).resolve().parents[1]
    for folder in (root / "tests" / "course_sample", root / "courses"):
        report = check_course(folder)
        assert report.ok, [str(f) for f in report.findings]


def test_cli_check_json_equals_the_library(tmp_path: Path, capsys) -> None:
    cells = episode_cells()
    _stored("Exercise 1: incorrect.")(cells)
    course = write_course(tmp_path / "c", {"01-demo": cells})
    assert main(["course", "check", "--course", str(course), "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == check_course(course).to_dict()


def test_cli_check_prints_one_line_per_finding(tmp_path: Path, capsys) -> None:
    cells = episode_cells()
    cells.insert(3, code("q[1].solution()"))
    course = write_course(tmp_path / "c", {"01-demo": cells})
    assert main(["course", "check", "--course", str(course)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"{course}/01-demo.ipynb:cell 4: calls solution() where trainees see it: "
        "move it to an instructor cell"
    )
    assert lines[-1] == f"{course}: 1 episode(s), 1 problem"
    assert main(["course", "check", "--course", str(write_course(tmp_path / "ok"))]) == 0


def test_prose_solutions_need_no_check(tmp_path: Path) -> None:
    cells = episode_cells()
    cells.insert(3, md("Model answer: because.", "solution"))
    assert check_course(write_course(tmp_path / "c", {"01-demo": cells})).ok
    assert exercise(1)[1]["outputs"]  # the helper stores results, as the checker expects
