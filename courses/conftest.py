"""pytest setup for the instructor notebooks (nbval collects ``courses/*.ipynb``; see README.md).

Before the first notebook cell runs, the course case is made ready (generated from
``episodes.yaml`` if missing or not intact) under ``$TRACELAB_DATASETS`` or ``datasets/``, and the
kernels get a throw-away ``$TRACELAB_WORK`` so test runs leave no attempts in the home folder.
The trainee release never contains this file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_state: dict[str, str] = {}


def _course_notebook(item: pytest.Item) -> bool:
    path = Path(str(item.path)).resolve()
    return path.suffix == ".ipynb" and path.parent == HERE


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Around the setup of a course notebook cell (the first one starts the kernel)."""
    if not _course_notebook(item):
        yield
        return
    if "case" not in _state:
        from simulator.course.config import load_config
        from simulator.course.validate import datasets_folder, ensure_case

        config, _ = load_config(HERE)
        folder = datasets_folder(HERE) / config.case
        _state["case"] = str(ensure_case(config.scenario_path, config.seed, folder))
        _state["work"] = tempfile.mkdtemp(prefix="tracelab-work-")
    saved = os.environ.get("TRACELAB_WORK")
    # The kernel inherits the environment when it starts, inside this setup.
    os.environ["TRACELAB_WORK"] = saved or _state["work"]
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TRACELAB_WORK", None)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove the throw-away work folder."""
    if "work" in _state:
        shutil.rmtree(_state["work"], ignore_errors=True)
