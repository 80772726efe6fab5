"""The course structure checker: does every episode still teach, and is the trainee copy safe?

Like a lesson template's checker, it validates structure, not prose. For the course folder:
every episode in ``episodes.yaml`` exists and every notebook is listed. For each instructor
notebook (rules in ``courses/README.md``):

* the first cell is the ``front-matter``: a title, questions, objectives, teaching and exercise
  minutes adding up to 45-90;
* one ``parameters`` cell, the first code cell, sets ``CASE`` to text (the course case);
* each ``solution`` code cell is followed by a ``check`` cell that passes names the solution sets;
* each ``check`` cell is marked ``# NBVAL_CHECK_OUTPUT`` and has its output stored (so nbval
  compares it); after a solution, the stored result says correct;
* at least ``min_checks`` checked exercises, and at least one figure among the stored outputs;
* the last cell the trainee sees is the ``key-points``, at least as many as the objectives;
* nothing the trainee sees calls ``solution()``, checks a literal answer, opens the case as an
  instructor, uses a name that only instructor or solution cells set, or reads an answer
  variable outside its check (in the trainee copy it is ``...``);
* local files linked from markdown exist (the release copies them).

>>> print(MIN_MINUTES, MAX_MINUTES)
45 90
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from simulator.course.config import SLUG, CourseConfig, EpisodeConfig, load_config
from simulator.course.findings import CheckReport, CourseFinding
from simulator.course.frontmatter import parse_front_matter, parse_key_points
from simulator.course.notebook import NotebookError, cell_source, read_notebook
from simulator.course.roles import (
    CHECK,
    CHECK_MARKER,
    FRONT_MATTER,
    INSTRUCTOR,
    KEY_POINTS,
    PARAMETERS,
    SOLUTION,
    role_of,
    roles_of,
)
from simulator.course.source import bound_names, check_calls, parse_cell, solution_calls, used_names
from simulator.course.trainee import answer_names, next_visible

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "check_course",
    "check_episode",
    "local_links",
    "stored_statuses",
]

MIN_MINUTES = 45
MAX_MINUTES = 90

_STATUS = re.compile(
    r"Exercise \d+: (?P<status>correct|incorrect|not attempted|submitted|unavailable)\."
)
_JUDGED_RIGHT = {"correct", "submitted"}
_LINK = re.compile(r"!?\[[^\]]*\]\((?P<md><?[^)\s>]+>?)[^)]*\)|<img[^>]+src=[\"'](?P<img>[^\"']+)")
_FIGURES = ("image/png", "image/svg+xml", "image/jpeg")


def stored_statuses(cell: dict[str, Any]) -> list[str]:
    """The exercise statuses printed in a cell's stored outputs (text/plain and streams).

    >>> stored_statuses({"outputs": [{"output_type": "execute_result",
    ...     "data": {"text/plain": "Exercise 2: correct."}}]})
    ['correct']
    """
    texts: list[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            texts.append(str(output.get("text", "")))
        texts.append(str(output.get("data", {}).get("text/plain", "")))
    return [match["status"] for text in texts for match in _STATUS.finditer(text)]


def local_links(markdown: str) -> list[str]:
    """Relative links and images in markdown (web links, anchors and data URIs left out).

    >>> local_links("![map](img/route.png) [docs](https://example.org) <img src='a.svg'>")
    ['img/route.png', 'a.svg']
    """
    found = []
    for match in _LINK.finditer(markdown):
        target = (match["md"] or match["img"] or "").strip("<>").split("#")[0]
        if target and ":" not in target and not target.startswith(("/", "#")):
            found.append(target)
    return found


class _Episode:
    """Collects the findings of one notebook; cells are numbered from 1 as Jupyter users count."""

    def __init__(self, nb: dict[str, Any], label: str, folder: Path | None) -> None:
        self.cells: list[dict[str, Any]] = nb["cells"]
        self.label = label
        self.folder = folder
        self.findings: list[CourseFinding] = []
        self.trees: dict[int, ast.Module | None] = {}

    def fail(self, message: str, index: int | None = None) -> None:
        cell = 0 if index is None else index + 1
        self.findings.append(CourseFinding(self.label, message, cell=cell))

    def tree(self, index: int) -> ast.Module | None:
        if index not in self.trees:
            self.trees[index] = parse_cell(cell_source(self.cells[index]))
        return self.trees[index]

    def with_role(self, role: str) -> list[int]:
        return [i for i, cell in enumerate(self.cells) if role_of(cell) == role]

    def visible(self) -> list[int]:
        return [
            i for i, cell in enumerate(self.cells) if role_of(cell) not in (INSTRUCTOR, SOLUTION)
        ]


def _one(episode: _Episode, role: str, kind: str, what: str) -> int | None:
    found = episode.with_role(role)
    if not found:
        episode.fail(f"no {role!r} cell ({what})")
        return None
    for extra in found[1:]:
        episode.fail(f"a second {role!r} cell (only one is allowed)", extra)
    if episode.cells[found[0]]["cell_type"] != kind:
        episode.fail(f"the {role!r} cell must be a {kind} cell", found[0])
        return None
    return found[0]


def _front_matter(episode: _Episode) -> int:
    """Check the front matter; return how many objectives it lists."""
    index = _one(episode, FRONT_MATTER, "markdown", "questions, objectives, minutes")
    if index is None:
        return 0
    if index != 0:
        episode.fail("the front matter must be the first cell", index)
    front = parse_front_matter(cell_source(episode.cells[index]))
    if not front.title:
        episode.fail("the front matter has no '# Title' line", index)
    if not front.questions:
        episode.fail("the front matter lists no questions (a '## Questions' list)", index)
    if not front.objectives:
        episode.fail("the front matter lists no objectives (a '## Objectives' list)", index)
    if front.teaching is None or front.exercises is None:
        episode.fail(
            "the front matter gives no '**Teaching:** N min · **Exercises:** M min'", index
        )
    elif not MIN_MINUTES <= front.teaching + front.exercises <= MAX_MINUTES:
        episode.fail(
            f"teaching + exercises = {front.minutes} min (allowed: {MIN_MINUTES}-{MAX_MINUTES})",
            index,
        )
    return len(front.objectives)


def _key_points(episode: _Episode, objectives: int) -> None:
    index = _one(episode, KEY_POINTS, "markdown", "closing key points mirroring the objectives")
    if index is None:
        return
    points = parse_key_points(cell_source(episode.cells[index]))
    if not points:
        episode.fail("the key points cell has no '## Key points' list", index)
    elif len(points) < objectives:
        episode.fail(
            f"{len(points)} key point(s) for {objectives} objective(s): mirror each objective",
            index,
        )
    visible = episode.visible()
    if visible and visible[-1] != index:
        episode.fail("the key points must be the last cell the trainee sees", index)


def _parameters(episode: _Episode, case: str) -> None:
    index = _one(episode, PARAMETERS, "code", 'CASE = "central-med/seed-7"')
    if index is None:
        return
    code = [i for i in episode.visible() if episode.cells[i]["cell_type"] == "code"]
    if code and code[0] != index:
        episode.fail("the parameters cell must be the first code cell", index)
    tree = episode.tree(index)
    value = None
    for node in tree.body if tree is not None else []:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "CASE" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            value = node.value.value
    if value is None:
        episode.fail(
            'the parameters cell must set CASE to text, e.g. CASE = "central-med/seed-7"', index
        )
    elif case and value != case:
        episode.fail(f"CASE = {value!r}, but the course case in episodes.yaml is {case!r}", index)


def _check_cell(episode: _Episode, index: int, after_solution: bool) -> int:
    """Check one check cell; return how many checks it makes."""
    cell = episode.cells[index]
    if cell["cell_type"] != "code":
        episode.fail("a 'check' cell must be a code cell", index)
        return 0
    source = cell_source(cell)
    if not any(line.strip() == CHECK_MARKER for line in source.splitlines()):
        episode.fail(
            f"a check cell must carry the line '{CHECK_MARKER}' (nbval compares it)", index
        )
    tree = episode.tree(index)
    calls = check_calls(tree) if tree is not None else []
    if not calls:
        episode.fail("a check cell must call .check(answer)", index)
    if not cell.get("outputs") or cell.get("execution_count") is None:
        episode.fail(
            "the check cell has no stored output: run the notebook and save it, "
            "so nbval compares the check result",
            index,
        )
    elif after_solution:
        statuses = stored_statuses(cell)
        wrong = [status for status in statuses if status not in _JUDGED_RIGHT]
        if not statuses:
            episode.fail("the stored output shows no check result ('Exercise N: ...')", index)
        elif wrong:
            episode.fail(
                f"the stored output says {wrong[0]!r}: the solution above must be judged correct",
                index,
            )
    return len(calls)


def _solutions(episode: _Episode) -> None:
    for index in episode.with_role(SOLUTION):
        if episode.cells[index]["cell_type"] != "code":
            continue  # a model answer in prose: removed, nothing to check
        after = next_visible(episode.cells, index)
        if after is None or role_of(episode.cells[after]) != CHECK:
            episode.fail("a solution cell must be followed by its check cell", index)
            continue
        names = answer_names(episode.cells, index)
        if not names:
            episode.fail(
                "the check after this solution passes no plain name (use q[n].check(answer_n)), "
                "so the trainee copy cannot get a placeholder",
                index,
            )
            continue
        tree = episode.tree(index)
        missing = [name for name in names if tree is not None and name not in bound_names(tree)]
        if missing:
            episode.fail(
                f"the solution does not set {', '.join(missing)}, which its check uses", index
            )


def _instructor_only(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.keyword)
        and n.arg == "instructor"
        and isinstance(n.value, ast.Constant)
        and n.value.value is True
        for n in ast.walk(node)
    )


def _trainee_view(episode: _Episode) -> None:
    """What the trainee copy shows and runs: no answers, no instructor mode, no missing names."""
    available: set[str] = set()
    stripped: dict[str, int] = {}
    answers: set[str] = set()  # set to ``...`` by placeholders until the trainee answers
    for index, cell in enumerate(episode.cells):
        if cell["cell_type"] != "code":
            continue
        role = role_of(cell)
        tree = episode.tree(index)
        if tree is None:
            episode.fail("the cell does not parse as Python", index)
            continue
        if role == INSTRUCTOR:
            stripped.update(dict.fromkeys(bound_names(tree) - available, index))
            continue
        if role == SOLUTION:
            placeholder = set(answer_names(episode.cells, index))
            stripped.update(dict.fromkeys(bound_names(tree) - available - placeholder, index))
            available |= placeholder
            answers |= placeholder
            continue
        if solution_calls(tree):
            episode.fail(
                "calls solution() where trainees see it: move it to an instructor cell", index
            )
        for call in check_calls(tree):
            if call.is_literal:
                episode.fail(
                    f"checks the literal {call.argument[:40]}: a correct literal is the answer "
                    "in clear; set it in a solution cell",
                    index,
                )
        if _instructor_only(tree):
            episode.fail(
                "opens instructor mode where trainees see it (their case has no truth tier): "
                "use an instructor cell",
                index,
            )
        for name in sorted(used_names(tree) - available):
            if name in stripped:
                episode.fail(
                    f"uses {name!r}, which only cell {stripped[name] + 1} "
                    f"({role_of(episode.cells[stripped[name]])}) sets: the trainee copy would fail",
                    index,
                )
        if role != CHECK:
            for name in sorted(used_names(tree) & answers):
                episode.fail(
                    f"uses {name!r}, which is ... in the trainee copy until answered: "
                    "compute what later cells need from the data, not from an answer",
                    index,
                )
        available |= bound_names(tree)
        answers -= bound_names(tree)
        for name in bound_names(tree):
            stripped.pop(name, None)


def _links(episode: _Episode) -> None:
    if episode.folder is None:
        return
    for index, cell in enumerate(episode.cells):
        if cell["cell_type"] != "markdown" or role_of(cell) in (INSTRUCTOR, SOLUTION):
            continue
        attachments = cell.get("attachments") or {}
        for link in local_links(cell_source(cell)):
            if link.startswith("attachment:") or link in attachments:
                continue
            if not (episode.folder / link).is_file():
                episode.fail(f"links to {link}, which is not a file under courses/", index)


def check_episode(
    nb: dict[str, Any],
    label: str,
    episode: EpisodeConfig,
    *,
    case: str = "",
    folder: Path | None = None,
) -> tuple[list[CourseFinding], int]:
    """Findings for one instructor notebook, and how many checked exercises it has.

    ``label`` names the file in findings; ``folder`` (the course folder) lets links be checked.
    """
    state = _Episode(nb, label, folder)
    for index, cell in enumerate(state.cells):
        roles = roles_of(cell)
        if len(roles) > 1:
            state.fail(f"several roles {', '.join(roles)} (one tag per cell)", index)
    objectives = _front_matter(state)
    _parameters(state, case)
    _solutions(state)
    solution_before = {
        after
        for index in state.with_role(SOLUTION)
        if (after := next_visible(state.cells, index)) is not None
    }
    checks = sum(_check_cell(state, i, i in solution_before) for i in state.with_role(CHECK))
    if checks < episode.min_checks:
        state.fail(f"{checks} checked exercise(s) (at least {episode.min_checks} wanted)")
    figures = any(
        kind in output.get("data", {})
        for cell in state.cells
        for output in cell.get("outputs", [])
        for kind in _FIGURES
    )
    if not figures:
        state.fail("no figure among the stored outputs (a network, a timeline, a money flow...)")
    _trainee_view(state)
    _key_points(state, objectives)
    _links(state)
    order = {finding: n for n, finding in enumerate(state.findings)}
    findings = sorted(state.findings, key=lambda f: (f.cell, order[f]))
    return findings, checks


def _listed(config: CourseConfig, label: str) -> list[CourseFinding]:
    findings = []
    listed = {episode.filename for episode in config.episodes}
    for episode in config.episodes:
        if not (config.folder / episode.filename).is_file():
            findings.append(
                CourseFinding(
                    label, f"episode {episode.slug} is listed, but {episode.filename} is missing"
                )
            )
    for path in sorted(config.folder.glob("*.ipynb")):
        if path.name not in listed:
            hint = "" if SLUG.match(path.stem) else " (and its name is not NN-slug.ipynb)"
            findings.append(CourseFinding(path.as_posix(), f"not listed in {label}{hint}"))
    return findings


def check_course(folder: Path | str = "courses") -> CheckReport:
    """Check the course in ``folder``: its config and every episode it lists.

    >>> report = check_course("/nonexistent/courses")
    >>> report.ok, str(report.findings[0])
    (False, '/nonexistent/courses/episodes.yaml: no such file')
    """
    config, findings = load_config(folder)
    label = (Path(folder) / "episodes.yaml").as_posix()
    findings = list(findings)
    checks: dict[str, int] = {}
    if config.folder.is_dir():
        findings += _listed(config, label)
    for episode in config.episodes:
        path = config.folder / episode.filename
        if not path.is_file():
            continue
        name = (Path(folder) / episode.filename).as_posix()
        try:
            nb = read_notebook(path)
        except NotebookError as error:
            findings.append(CourseFinding(name, str(error).removeprefix(f"{path}: ")))
            continue
        found, checks[episode.slug] = check_episode(
            nb, name, episode, case=config.case, folder=config.folder
        )
        findings += found
    return CheckReport(str(folder), tuple(e.slug for e in config.episodes), tuple(findings), checks)
