"""Start :mod:`simulator.bench.child` in a fresh interpreter and read its JSON report.

>>> command_for("scenarios/central-med.yaml", seed=7, out="/tmp/case", scale=2)[-4:]
['--out', '/tmp/case', '--scale', '2.0']
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["command_for", "generate_in_child"]


def command_for(
    scenario_path: Path | str, *, seed: int, out: Path | str, scale: float = 1.0
) -> list[str]:
    """The command line that generates and measures one case in a child process."""
    return [
        sys.executable, "-m", "simulator.bench.child", str(scenario_path),
        "--seed", str(seed), "--out", str(out), "--scale", repr(float(scale)),
    ]  # fmt: skip


def generate_in_child(
    scenario_path: Path | str,
    *,
    seed: int,
    out: Path | str,
    scale: float = 1.0,
    quiet: bool = False,
) -> dict[str, Any]:
    """Run :func:`simulator.bench.child.measure_generation` in a fresh interpreter; its report."""
    command = command_for(scenario_path, seed=seed, out=out, scale=scale)
    if quiet:
        command.append("--quiet")
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"generation failed (exit {done.returncode}): {' '.join(command)}")
    return json.loads(done.stdout)
