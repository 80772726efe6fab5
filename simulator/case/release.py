"""Make the trainee copy of a case: every tier but ``truth``, and no clear answers.

The source case is verified first (a tampered case is not released). Only the tables its manifest
lists in trainee tiers are copied, plus the files it marks for trainees (``catalog.json`` is
rewritten without truth specs); the truth tier and instructor files (an answer key) stay behind.
The copy gets its own manifest (``kind: release``) without truth entries.

Answers hook: exercises check a trainee's answer against a *salted digest*, never a clear answer.
:func:`release_case` takes an ``answers`` step, ``answers(case_folder, manifest) -> mapping``, which
may read the full case (truth included) and returns JSON-ready data (the salted digests); it is
written to ``answers.json`` in the release and listed with its SHA-256 in the manifest's ``files``.

>>> import tempfile, pandas as pd
>>> from simulator.case.manifest import CaseInfo
>>> from simulator.case.writer import write_case
>>> info = CaseInfo("demo", "0" * 64, seed=1, generator_version="0.1.0")
>>> one = pd.DataFrame({"id": [1]})
>>> tables = {"open": {"posts": one}, "truth": {"persons": one}}
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = write_case(Path(folder) / "case", tables, info)
...     released = release_case(Path(folder) / "case", Path(folder) / "trainee")
...     folders = sorted(p.name for p in (Path(folder) / "trainee").iterdir())
>>> folders, released.rows(), released.kind
(['manifest.json', 'open'], {'open/posts': 1}, 'release')
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from simulator.case.atomic import check_target, fsync_dir, publish, staging
from simulator.case.manifest import (
    CATALOG_NAME,
    MANIFEST_NAME,
    FileEntry,
    Manifest,
    canonical_json,
    file_sha256,
)
from simulator.case.verify import verify_case
from simulator.case.writer import write_text_durably

__all__ = ["ANSWERS_NAME", "AnswerStep", "ReleaseError", "release_case"]

ANSWERS_NAME = "answers.json"

# answers(source_case_folder, source_manifest) -> JSON-ready mapping of salted digests, or None.
type AnswerStep = Callable[[Path, Manifest], Mapping[str, Any] | None]


class ReleaseError(ValueError):
    """The case cannot be released (it fails verification, or ``out`` is inside it)."""


def _check_places(case: Path, out: Path) -> None:
    case_abs, out_abs = case.resolve(), out.resolve()
    if out_abs == case_abs or case_abs in out_abs.parents:
        raise ReleaseError(f"the release folder {out} must lie outside the case {case}")


def release_case(
    case: Path | str,
    out: Path | str,
    *,
    force: bool = False,
    answers: AnswerStep | None = None,
) -> Manifest:
    """Write the trainee release of ``case`` to ``out`` (atomically) and return its manifest.

    Parameters
    ----------
    case
        A verified case folder (with its truth tier).
    out
        The release folder to create.
    force
        Replace an existing case or release at ``out``.
    answers
        Optional answers step (see the module docstring); its mapping becomes ``answers.json``.

    Raises
    ------
    ReleaseError
        The case fails verification, or ``out`` is the case or lies inside it.
    CaseExistsError
        ``out`` exists and ``force`` is false.
    """
    case, out = Path(case), Path(out)
    report = verify_case(case)
    if not report.ok:
        first = report.problems[0].message
        more = len(report.problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
        raise ReleaseError(f"{case} fails verification: {first}{suffix}; not released")
    _check_places(case, out)
    check_target(out, force=force)
    source = Manifest.read(case)
    view = source.trainee_view()
    with staging(out) as stage:
        for entry in view.tables:
            copy = stage / entry.path
            copy.parent.mkdir(exist_ok=True)
            shutil.copyfile(case / entry.path, copy)
            if file_sha256(copy) != entry.sha256:  # changed between verification and copy
                raise ReleaseError(f"table {entry.key} changed while it was being released")
        for tier in view.tiers:
            if (stage / tier).is_dir():
                fsync_dir(stage / tier)
        produced: dict[str, str] = {}
        digests = answers(case, source) if answers is not None else None
        if digests is not None:
            produced[ANSWERS_NAME] = canonical_json(dict(digests))
        if any(entry.path == CATALOG_NAME for entry in source.files):
            catalog = json.loads((case / CATALOG_NAME).read_text(encoding="utf-8"))
            kept = [spec for spec in catalog if spec.get("tier") in view.tiers]
            produced[CATALOG_NAME] = canonical_json(kept)
        files: list[FileEntry] = []
        for entry in source.files:
            # Instructor files (answer keys...) stay behind; trainee files travel unchanged.
            if entry.audience != "trainee" or entry.path in produced:
                continue
            copy = stage / entry.path
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(case / entry.path, copy)
            files.append(entry)
        for relative, text in sorted(produced.items()):
            path = stage / relative
            write_text_durably(path, text)
            files.append(FileEntry(relative, file_sha256(path), path.stat().st_size, "trainee"))
        released = dataclasses.replace(view, files=tuple(files))
        write_text_durably(stage / MANIFEST_NAME, released.to_json())
        publish(stage, out, force=force)
    return released
