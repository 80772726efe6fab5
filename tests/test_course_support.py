"""Build small instructor notebooks and courses for the course tests (helpers, and their test)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from simulator.course.notebook import new_notebook, write_notebook

# A 1x1 PNG: a stored figure without running matplotlib.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
).decode()

FRONT = (
    "# Demo episode\n\n**Teaching:** 30 min · **Exercises:** 40 min\n\n"
    "## Questions\n- What is the answer?\n\n## Objectives\n- Find the answer.\n- Check it.\n"
)
KEY_POINTS = "## Key points\n- The answer can be found.\n- Checks tell right from wrong.\n"


def md(source: str, *tags: str) -> dict[str, Any]:
    """A markdown cell."""
    return {
        "cell_type": "markdown",
        "metadata": {"tags": list(tags)} if tags else {},
        "source": source,
    }


def code(source: str, *tags: str, outputs: list | None = None, count: int | None = None) -> dict:
    """A code cell; ``outputs`` are stored with execution count ``count`` (default 1)."""
    return {
        "cell_type": "code",
        "execution_count": (count or 1) if outputs else count,
        "metadata": {"tags": list(tags)} if tags else {},
        "outputs": outputs or [],
        "source": source,
    }


def result(text: str) -> dict[str, Any]:
    """A stored ``execute_result`` showing ``text``."""
    return {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": text},
    }


def figure() -> dict[str, Any]:
    """A stored figure output."""
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"image/png": PNG, "text/plain": "<Figure>"},
    }


def exercise(n: int, status: str = "correct") -> list[dict[str, Any]]:
    """A solution cell and its check cell with a stored result."""
    return [
        code(f"answer_{n} = {n} * 2  # worked out\nscratch_{n} = 0", "solution"),
        code(
            f"# NBVAL_CHECK_OUTPUT\nq[{n}].check(answer_{n})",
            "check",
            outputs=[result(f"Exercise {n}: {status}.")],
        ),
    ]


def episode_cells(checks: int = 6) -> list[dict[str, Any]]:
    """The cells of a sound episode with ``checks`` checked exercises."""
    cells = [
        md(FRONT, "front-matter"),
        code('CASE = "demo/seed-1"', "parameters"),
        md("Explanation for everyone."),
        code("q = lesson('demo', CASE)\nposts = [1, 2, 3]"),
        md("Say this slowly.", "instructor"),
        code("teacher_only = q[1].solution()", "instructor"),
    ]
    for n in range(1, checks + 1):
        cells += [md(f"Challenge {n}."), *exercise(n)]
    cells += [code("plot(posts)", outputs=[figure()]), md(KEY_POINTS, "key-points")]
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"c{number}"
    return cells


def write_course(
    folder: Path, episodes: dict[str, list[dict[str, Any]]] | None = None, config: str | None = None
) -> Path:
    """Write a course (``episodes.yaml`` and notebooks) to ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    episodes = {"01-demo": episode_cells()} if episodes is None else episodes
    if config is None:
        listed = "".join(f"  - slug: {slug}\n" for slug in episodes)
        config = f"case: demo/seed-1\nscenario: ../s.yaml\nseed: 1\nepisodes:\n{listed}assets: []\n"
    (folder / "episodes.yaml").write_text(config, encoding="utf-8")
    for slug, cells in episodes.items():
        write_notebook(new_notebook(cells), folder / f"{slug}.ipynb")
    return folder


def test_the_demo_course_is_sound(tmp_path: Path) -> None:
    from simulator.course import check_course

    report = check_course(write_course(tmp_path / "courses"))
    assert report.ok, [str(f) for f in report.findings]
    assert report.checks == {"01-demo": 6}
