"""Validate notebooks as CI does: the course case in place, then nbval with the course's options.

``make test`` collects the instructor notebooks directly (the options sit in ``pyproject.toml``,
and must equal :data:`NBVAL_ARGS`, which a test asserts); the trainee copies and the second
scenario run through :func:`run_nbval` in a child pytest, isolated from the project's settings.

>>> NBVAL_ARGS
('--nbval-lax', '--nbval-current-env', '--nbval-cell-timeout=60')
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["NBVAL_ARGS", "NBVAL_INI", "datasets_folder", "ensure_case", "run_nbval"]

#: nbval options (COURSES.md): run in this interpreter, compare only ``# NBVAL_CHECK_OUTPUT``
#: cells, and give a cell at most 60 s (after a timeout later cells xfail; strict xfail fails them).
NBVAL_ARGS = ("--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=60")

#: The settings of the child pytest (no ``--nbdime``: broken on recent pytest).
NBVAL_INI = "[pytest]\nxfail_strict = true\naddopts = -p no:cacheprovider\n"


def datasets_folder(course: Path, environ: Mapping[str, str] | None = None) -> Path:
    """``$TRACELAB_DATASETS`` if set, else ``datasets/`` next to the course folder.

    >>> datasets_folder(Path("/repo/courses"), {})
    PosixPath('/repo/datasets')
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("TRACELAB_DATASETS")
    return Path(chosen).expanduser() if chosen else course.resolve().parent / "datasets"


def ensure_case(scenario: Path, seed: int, folder: Path) -> Path:
    """Generate the case of ``scenario`` and ``seed`` at ``folder`` unless an intact one is there.

    "Intact" means ``tracelab verify`` passes. Generation runs ``python -m simulator generate``
    in a child process (the same as ``make case``) and raises ``RuntimeError`` with its message
    if it fails.
    """
    from simulator.case import verify_case

    if (folder / "manifest.json").is_file() and verify_case(folder).ok:
        return folder
    command = [sys.executable, "-m", "simulator", "generate", str(scenario), "--seed", str(seed)]
    command += ["--out", str(folder), "--force"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"could not generate {folder}: {done.stderr.strip()[-2000:]}")
    return folder


def run_nbval(
    paths: Sequence[Path | str],
    *,
    env: Mapping[str, str] | None = None,
    extra: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """Run nbval on ``paths`` in a child pytest; ``env`` adds variables (the kernels inherit them).

    The child reads a throw-away ini file, never the project's, so what it checks does not depend
    on where the notebooks sit.
    """
    # Test ids are relative to the root: the folder holding every notebook keeps them readable.
    folders = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in paths]
    root = os.path.commonpath([str(folder) for folder in folders])
    with tempfile.TemporaryDirectory(prefix="tracelab-nbval-") as folder:
        ini = Path(folder) / "pytest.ini"
        ini.write_text(NBVAL_INI, encoding="utf-8")
        command = [sys.executable, "-m", "pytest", "-q", "-c", str(ini), "--rootdir", root]
        command += [*NBVAL_ARGS, *extra, *map(str, paths)]
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
            cwd=root,
        )
