"""The trainee release: what it strips, keeps and clears; same bytes every time; written safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_course_support import episode_cells, md, write_course

from simulator.cli import main
from simulator.course import CourseReleaseError, read_notebook, release_course
from simulator.course.notebook import dumps_notebook
from simulator.course.release import RELEASE_MARKER
from simulator.course.roles import PLACEHOLDER_HEAD


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return write_course(tmp_path / "courses")


def _tags(cell: dict) -> list[str]:
    return cell["metadata"].get("tags", [])


def test_release_strips_solutions_and_notes_and_keeps_checks(course: Path, tmp_path: Path) -> None:
    release_course(course, tmp_path / "out")
    instructor = read_notebook(course / "01-demo.ipynb")
    trainee = read_notebook(tmp_path / "out" / "01-demo.ipynb")
    text = json.dumps(trainee)
    assert "worked out" not in text and "scratch_1" not in text  # solution code gone
    assert "Say this slowly" not in text and "solution()" not in text  # instructor cells gone
    checks = [c for c in trainee["cells"] if "check" in _tags(c)]
    assert [c["source"] for c in checks] == [
        c["source"] for c in instructor["cells"] if "check" in _tags(c)
    ]
    assert all(c["metadata"]["editable"] is False for c in checks)
    answers = [c for c in trainee["cells"] if "answer" in _tags(c)]
    assert [c["source"] for c in answers][:2] == [
        f"{PLACEHOLDER_HEAD}\nanswer_1 = ...  # your answer here",
        f"{PLACEHOLDER_HEAD}\nanswer_2 = ...  # your answer here",
    ]
    # every placeholder sits right before its check, as the solution did
    for index, cell in enumerate(trainee["cells"]):
        if "answer" in _tags(cell):
            assert "check" in _tags(trainee["cells"][index + 1])
    dropped = sum("instructor" in _tags(c) for c in instructor["cells"])
    assert len(trainee["cells"]) == len(instructor["cells"]) - dropped


def test_release_clears_outputs_counts_and_metadata(course: Path, tmp_path: Path) -> None:
    nb = read_notebook(course / "01-demo.ipynb")
    nb["metadata"]["widgets"] = {"state": "x"}
    nb["cells"][2]["metadata"].update(collapsed=True, tags=["hide-input"])
    (course / "01-demo.ipynb").write_text(dumps_notebook(nb))
    release_course(course, tmp_path / "out")
    trainee = read_notebook(tmp_path / "out" / "01-demo.ipynb")
    code = [c for c in trainee["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert trainee["metadata"] == {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
        "tracelab": {"copy": "trainee", "episode": "01-demo"},
    }
    assert trainee["cells"][2]["metadata"] == {}
    assert [c["id"] for c in trainee["cells"][:3]] == ["cell-001", "cell-002", "cell-003"]


def test_release_is_byte_identical_and_valid_nbformat(course: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    first = release_course(course, tmp_path / "a")
    second = release_course(course, tmp_path / "b")
    assert first.files == second.files
    for name in [*first.files, RELEASE_MARKER]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    text = (tmp_path / "a" / "01-demo.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert nbformat.writes(nb) + "\n" == text  # exactly Jupyter's own file style


def test_marker_lists_every_file_with_its_digest(course: Path, tmp_path: Path) -> None:
    import hashlib

    report = release_course(course, tmp_path / "out")
    marker = json.loads((tmp_path / "out" / RELEASE_MARKER).read_text())
    assert marker["episodes"] == ["01-demo"]
    assert marker["files"] == report.files
    for name, digest in report.files.items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == digest


def test_linked_files_and_assets_are_copied_nothing_else(tmp_path: Path) -> None:
    cells = episode_cells()
    cells.insert(2, md("![route](img/route.png)"))
    config = (
        "case: demo/seed-1\nscenario: s.yaml\nseed: 1\nepisodes:\n  - 01-demo\nassets:\n  - data\n"
    )
    course = write_course(tmp_path / "c", {"01-demo": cells}, config)
    (course / "img").mkdir()
    (course / "img" / "route.png").write_bytes(b"png")
    (course / "img" / "unused.png").write_bytes(b"png")
    (course / "data").mkdir()
    (course / "data" / "glossary.csv").write_text("term,meaning\n")
    (course / "conftest.py").write_text("# instructor tooling\n")
    release_course(course, tmp_path / "out")
    files = sorted(
        p.relative_to(tmp_path / "out").as_posix()
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
    )
    assert files == ["01-demo.ipynb", RELEASE_MARKER, "data/glossary.csv", "img/route.png"]


def test_release_refuses_a_course_with_problems_unless_told(course: Path, tmp_path: Path) -> None:
    nb = read_notebook(course / "01-demo.ipynb")
    nb["cells"].insert(3, {"cell_type": "code", "metadata": {}, "source": "q[1].solution()",
                           "outputs": [], "execution_count": None})  # fmt: skip
    (course / "01-demo.ipynb").write_text(dumps_notebook(nb))
    with pytest.raises(CourseReleaseError) as caught:
        release_course(course, tmp_path / "out")
    assert "calls solution()" in str(caught.value.findings[0])
    assert not (tmp_path / "out").exists()
    release_course(course, tmp_path / "out", check=False)
    assert (tmp_path / "out" / "01-demo.ipynb").is_file()


def test_out_is_replaced_only_when_forced_and_only_if_a_release(
    course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    release_course(course, out)
    with pytest.raises(CourseReleaseError, match="already exists"):
        release_course(course, out)
    (out / "stale.txt").write_text("from an older release")
    release_course(course, out, force=True)
    assert not (out / "stale.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # nothing left behind
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(CourseReleaseError, match="not a course release"):
        release_course(course, other, force=True)
    assert (other / "notes.txt").read_text() == "keep me"
    empty = tmp_path / "empty"
    empty.mkdir()
    release_course(course, empty, force=True)
    assert (empty / "01-demo.ipynb").is_file()


def test_cli_release_json_equals_the_library(course: Path, tmp_path: Path, capsys) -> None:
    assert (
        main(["course", "release", "--course", str(course), "--out", str(tmp_path / "a"), "--json"])
        == 0
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed == release_course(course, tmp_path / "b").to_dict() | {
        "path": str(tmp_path / "a")
    }


def test_cli_release_problems_are_user_errors(course: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x").write_text("x")
    assert (
        main(
            [
                "course",
                "release",
                "--course",
                str(course),
                "--out",
                str(tmp_path / "out"),
                "--force",
            ]
        )
        == 2
    )
    assert "not a course release" in capsys.readouterr().err
