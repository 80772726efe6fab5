"""Where a case and the trainee's work folder are.

A case is named by a path or by a name such as ``"central-med/seed-7"``, resolved against
``$TRACELAB_DATASETS`` or the nearest ``datasets/`` folder found walking up from the current folder
(notebooks run from ``courses/``). ``$TRACELAB_CASE``, when set, overrides the name a notebook
passes, so CI can run one notebook on any case.

The trainee's work (audit log, granted data, evidence, exercise attempts) never goes inside the
case folder, which may be a read-only release: it goes to ``$TRACELAB_WORK/<label>`` or, by
default, ``~/.tracelab/work/<label>``, where ``<label>`` names the case (``central-med-seed-7``).

>>> import os, tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as root:
...     case = pathlib.Path(root, "datasets", "demo", "seed-1")
...     (case / "open").mkdir(parents=True)
...     found = resolve_case("demo/seed-1", cwd=pathlib.Path(root, "courses"), environ={})
...     found == case.resolve()
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from simulator.investigate.errors import CaseError

__all__ = ["is_case_dir", "resolve_case", "work_dir_for"]

_CASE_MARKERS = ("manifest.json", "catalog.json", "open", "provider", "seized", "truth")


def is_case_dir(path: Path) -> bool:
    """True if ``path`` is a folder that looks like a case (a manifest, catalogue or tier folder).

    >>> is_case_dir(Path("/nonexistent/case"))
    False
    """
    return path.is_dir() and any((path / marker).exists() for marker in _CASE_MARKERS)


def _candidates(name: str, cwd: Path, environ: Mapping[str, str]) -> list[Path]:
    given = Path(name).expanduser()
    found = [given if given.is_absolute() else cwd / given]
    datasets = environ.get("TRACELAB_DATASETS")
    if datasets:
        found.append(Path(datasets).expanduser() / name)
    for folder in (cwd, *cwd.parents):
        found.append(folder / "datasets" / name)
    return found


def resolve_case(
    name: str | os.PathLike[str],
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The absolute folder of the case named ``name`` (``$TRACELAB_CASE`` wins when set)."""
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    override = environ.get("TRACELAB_CASE")
    wanted = str(override) if override else os.fspath(name)
    if not wanted.strip():
        raise CaseError("no case named: pass a path or a name such as 'central-med/seed-7'")
    tried = _candidates(wanted, cwd, environ)
    for candidate in tried:
        if is_case_dir(candidate):
            return candidate.resolve()
    where = ", ".join(str(path) for path in tried[:4])
    source = " (from $TRACELAB_CASE)" if override else ""
    raise CaseError(
        f"no case found for {wanted!r}{source}; looked in {where} ... "
        "Generate it (make case, or tracelab generate) or point TRACELAB_DATASETS at datasets/"
    )


def _label(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "case"


def work_dir_for(
    case_path: Path,
    manifest: Mapping[str, object],
    *,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The default work folder of a case (not created here).

    >>> work_dir_for(Path("/x/datasets/demo/seed-3"), {}, environ={"TRACELAB_WORK": "/w"})
    PosixPath('/w/demo-seed-3')
    """
    environ = os.environ if environ is None else environ
    scenario = manifest.get("scenario")
    scenario_id = scenario.get("id") if isinstance(scenario, dict) else None
    seed = manifest.get("seed")
    if scenario_id and seed is not None:
        label = _label(f"{scenario_id}-seed-{seed}")
    else:
        label = _label(f"{case_path.parent.name}-{case_path.name}")
    base = environ.get("TRACELAB_WORK")
    root = Path(base).expanduser() if base else Path.home() / ".tracelab" / "work"
    return root / label
