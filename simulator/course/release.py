"""``release_course``: write the trainee copy of a course folder, atomically and reproducibly.

The release holds, for each episode in ``episodes.yaml`` order, the trainee notebook
(:func:`simulator.course.trainee.trainee_notebook`), the local files its markdown links to, the
``assets`` the config lists, and ``course-release.json`` naming every file with its SHA-256. No
time stamps anywhere: the same course gives byte-identical files. It is built in a hidden sibling
folder and renamed into place (:mod:`simulator.case.atomic`), so ``--out`` is never half-written.

>>> RELEASE_MARKER
'course-release.json'
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.case.atomic import CaseExistsError, publish, staging
from simulator.course.checker import check_course, local_links
from simulator.course.config import load_config
from simulator.course.findings import CourseFinding
from simulator.course.notebook import NotebookError, cell_source, read_notebook, write_notebook
from simulator.course.roles import INSTRUCTOR, SOLUTION, role_of
from simulator.course.trainee import trainee_notebook

__all__ = [
    "RELEASE_FORMAT",
    "RELEASE_MARKER",
    "CourseReleaseError",
    "ReleaseReport",
    "release_course",
]

RELEASE_MARKER = "course-release.json"
RELEASE_FORMAT = "tracelab-course-release/1"


class CourseReleaseError(ValueError):
    """The course cannot be released (``findings`` says why) or ``--out`` may not be written."""

    def __init__(self, message: str, findings: list[CourseFinding] | None = None) -> None:
        super().__init__(message)
        self.findings = list(findings or [])


@dataclass(frozen=True)
class ReleaseReport:
    """What was released: the folder, the episodes in order and every file with its SHA-256."""

    path: str
    episodes: tuple[str, ...]
    files: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; ``tracelab course release --json`` prints exactly this.

        >>> ReleaseReport("out", ("00-a",), {"00-a.ipynb": "ab"}).to_dict()["episodes"]
        ['00-a']
        """
        return {"path": self.path, "episodes": list(self.episodes), "files": dict(self.files)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_out(out: Path, force: bool) -> None:
    if not out.exists() and not out.is_symlink():
        return
    if not force:
        raise CourseReleaseError(f"{out} already exists; use --force to replace it")
    if out.is_symlink() or not out.is_dir():
        raise CourseReleaseError(f"{out} exists and is not a folder; refusing to replace it")
    if not (out / RELEASE_MARKER).is_file() and any(out.iterdir()):
        raise CourseReleaseError(
            f"{out} exists and is not a course release (no {RELEASE_MARKER}); not replaced"
        )


def _copy(source: Path, folder: Path, relative: str, files: list[str]) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.parts):
                _copy(path, folder, (Path(relative) / path.relative_to(source)).as_posix(), files)
        return
    shutil.copyfile(source, target)  # content only: no modes or times carried over
    files.append(Path(relative).as_posix())


def _linked(nb: dict[str, Any]) -> list[str]:
    links: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and role_of(cell) not in (INSTRUCTOR, SOLUTION):
            links += [link for link in local_links(cell_source(cell)) if link not in links]
    return links


def _replace(stage: Path, out: Path, force: bool) -> None:
    """Move ``stage`` to ``out``; an old release is parked (named so a crash restores it)."""
    if not (out / RELEASE_MARKER).is_file():
        try:
            publish(stage, out, force=force)  # ``out`` is absent or an empty folder
        except CaseExistsError as error:
            raise CourseReleaseError(str(error)) from None
        return
    parked = out.parent / f".old-{out.name}-{os.getpid()}"
    os.rename(out, parked)
    try:
        publish(stage, out)
    except BaseException:
        os.rename(parked, out)
        raise
    shutil.rmtree(parked, ignore_errors=True)


def release_course(
    course: Path | str, out: Path | str, *, force: bool = False, check: bool = True
) -> ReleaseReport:
    """Write the trainee release of ``course`` to ``out``.

    Parameters
    ----------
    course
        The course folder (holding ``episodes.yaml`` and the instructor notebooks).
    out
        The release folder. Without ``force`` it must not exist; with ``force`` it may be an
        earlier course release or an empty folder (never unrelated files).
    check
        Refuse to release a course the structure checker finds fault with (the default).

    Raises
    ------
    CourseReleaseError
        With the findings, when the course is not fit to release or ``out`` is taken.
    """
    course, out = Path(course), Path(out)
    config, findings = load_config(course)
    if check:
        findings = list(check_course(course).findings)
    if findings:
        raise CourseReleaseError(
            f"{course} has {len(findings)} problem(s); run 'tracelab course check'", findings
        )
    _check_out(out, force)
    files: list[str] = []
    with staging(out) as stage:
        for episode in config.episodes:
            try:
                nb = read_notebook(course / episode.filename)
            except NotebookError as error:
                raise CourseReleaseError(str(error)) from None
            write_notebook(trainee_notebook(nb, episode.slug), stage / episode.filename)
            files.append(episode.filename)
            for link in _linked(nb):
                if (course / link).is_file() and link not in files:
                    _copy(course / link, stage, link, files)
        for asset in config.assets:
            if not (course / asset).exists():
                raise CourseReleaseError(f"asset {asset} listed in episodes.yaml does not exist")
            _copy(course / asset, stage, asset, files)
        digests = {name: _sha256(stage / name) for name in sorted(set(files))}
        marker = {
            "episodes": [episode.slug for episode in config.episodes],
            "files": digests,
            "format": RELEASE_FORMAT,
            "notice": "Trainee copy: solutions and instructor notes removed. SYNTHETIC DATA.",
        }
        text = json.dumps(marker, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (stage / RELEASE_MARKER).write_bytes(text.encode("utf-8"))
        _check_out(out, force)  # again: the folder may have appeared while we were writing
        _replace(stage, out, force)
    return ReleaseReport(str(out), tuple(e.slug for e in config.episodes), digests)
