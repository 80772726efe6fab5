"""Notebook validation wiring: nbval options, trainee copies that run, checks that are compared.

The instructor notebooks (``courses/*.ipynb`` and the wiring sample in ``tests/course_sample``)
are collected by the main pytest run through nbval (options in ``pyproject.toml``). Here the
trainee copies run in a child pytest with the same options, a deliberately broken stored result
proves that check cells are compared, and (once the course has episodes) the instructor notebooks
run on a second scenario.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from simulator.course import load_config, read_notebook, release_course
from simulator.course.notebook import write_notebook
from simulator.course.validate import NBVAL_ARGS, datasets_folder, ensure_case, run_nbval

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "courses"
SAMPLE = ROOT / "tests" / "course_sample"
SECOND_SCENARIO = ROOT / "scenarios" / "channel.yaml"


def _has_episodes() -> bool:
    return bool(load_config(COURSE)[0].episodes)


def _failed(output: str) -> list[str]:
    return sorted(re.findall(r"^FAILED (.+?)(?: - .*)?$", output, flags=re.MULTILINE))


def test_pyproject_runs_nbval_with_the_course_options() -> None:
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    addopts = settings["addopts"].split()
    assert all(option in addopts for option in NBVAL_ARGS)
    assert "--nbdime" not in addopts
    assert settings["xfail_strict"] is True
    assert "courses" in settings["testpaths"] and "tests" in settings["testpaths"]


def test_trainee_copies_run_and_check_cells_are_compared(tmp_path: Path) -> None:
    env = {"TRACELAB_WORK": str(tmp_path / "work")}
    targets = [release_course(SAMPLE, tmp_path / "sample-trainee").path]
    if _has_episodes():
        config, _ = load_config(COURSE)
        datasets = datasets_folder(COURSE)
        ensure_case(config.scenario_path, config.seed, datasets / config.case)
        env["TRACELAB_DATASETS"] = str(datasets)
        targets.append(release_course(COURSE, tmp_path / "course-trainee").path)
    # An instructor copy whose stored check result was tampered with must fail nbval: proof that
    # check cells are compared (the untampered sample passes in the main run).
    tampered = tmp_path / "tampered" / "01-sample.ipynb"
    tampered.parent.mkdir()
    nb = read_notebook(SAMPLE / "01-sample.ipynb")
    checks = [i for i, c in enumerate(nb["cells"]) if "check" in c["metadata"].get("tags", [])]
    for output in nb["cells"][checks[0]]["outputs"]:
        output.get("data", {})["text/plain"] = "Exercise 1: incorrect."
    write_notebook(nb, tampered)
    done = run_nbval([*targets, tampered], env=env, extra=["-rf"])
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    number = code.index(nb["cells"][checks[0]])  # nbval counts code cells from 0
    assert _failed(done.stdout) == [f"tampered/01-sample.ipynb::Cell {number}"], done.stdout[-4000:]
    assert "Cell outputs differ" in done.stdout


def test_trainee_checks_say_not_attempted(tmp_path: Path) -> None:
    pytest.importorskip("nbclient")
    from simulator.course.execute import execute_notebook

    out = release_course(SAMPLE, tmp_path / "trainee").path
    nb = execute_notebook(Path(out) / "01-sample.ipynb", env={"TRACELAB_WORK": str(tmp_path)})
    checks = [c for c in nb["cells"] if "check" in c["metadata"].get("tags", [])]
    shown = [json.dumps(c["outputs"]) for c in checks]
    assert shown and all("Exercise 1: not attempted." in text for text in shown)


@pytest.mark.skipif(not _has_episodes(), reason="courses/ lists no episodes yet")
def test_instructor_notebooks_pass_on_a_second_scenario(tmp_path: Path) -> None:
    case = ensure_case(SECOND_SCENARIO, 3, tmp_path / "datasets" / "channel" / "seed-3")
    copy = tmp_path / "courses"
    shutil.copytree(COURSE, copy, ignore=shutil.ignore_patterns("conftest.py", ".*"))
    env = {"TRACELAB_CASE": str(case), "TRACELAB_WORK": str(tmp_path / "work")}
    done = run_nbval(sorted(copy.glob("*.ipynb")), env=env, extra=["-rf"])
    assert done.returncode == 0, done.stdout[-4000:]
