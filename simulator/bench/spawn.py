"""Start :mod:`simulator.bench.child` in a fresh interpreter and read its JSON report.

>>> command_for("scenarios/central-med.yaml", seed=7, out="/tmp/case", scale=2)[-4:]
['--out', '/tmp/case', '--scale', '2.0']
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from simulator.bench.memory import TreeMemory, phase_in_file

__all__ = ["command_for", "generate_in_child", "with_memory"]


def command_for(
    scenario_path: Path | str,
    *,
    seed: int,
    out: Path | str,
    scale: float = 1.0,
    background: dict[str, float] | None = None,
    rings: int = 1,
) -> list[str]:
    """The command line that generates and measures one case in a child process."""
    command = [
        sys.executable, "-m", "simulator.bench.child", str(scenario_path),
        "--seed", str(seed), "--out", str(out), "--scale", repr(float(scale)),
    ]  # fmt: skip
    if background is not None:
        command += ["--background", json.dumps(background, sort_keys=True)]
    if rings != 1:
        command += ["--rings", str(rings)]
    return command


def generate_in_child(
    scenario_path: Path | str,
    *,
    seed: int,
    out: Path | str,
    scale: float = 1.0,
    quiet: bool = False,
    background: dict[str, float] | None = None,
    rings: int = 1,
) -> dict[str, Any]:
    """Run :func:`simulator.bench.child.measure_generation` in a fresh interpreter; its report.

    Besides the child's own figures the report holds ``peak_tree_pss_mb``, the peak summed PSS
    of the child and the workers it forked (:class:`simulator.bench.memory.TreeMemory`),
    ``peak_tree_pss_by_phase_mb``, that peak in each phase, and ``peak_memory_mb``, the larger
    of the tree's peak and the child's own peak resident size.
    """
    command = command_for(
        scenario_path, seed=seed, out=out, scale=scale, background=background, rings=rings
    )
    if quiet:
        command.append("--quiet")
    with tempfile.TemporaryDirectory(prefix="tracelab-bench-") as scratch:
        phase_file = Path(scratch) / "phase"
        command += ["--phase-file", str(phase_file)]
        # The child forks workers: sample the whole tree's memory from out here (TreeMemory).
        with (
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child,
            TreeMemory(child.pid, phase=phase_in_file(phase_file)) as memory,
        ):
            output, _ = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"generation failed (exit {child.returncode}): {' '.join(command)}")
    return with_memory(json.loads(output), memory)


def with_memory(report: dict[str, Any], memory: TreeMemory) -> dict[str, Any]:
    """``report`` (of :func:`simulator.bench.child.measure_generation`) with the figures of the
    tree's memory sampled while it ran (see :func:`generate_in_child`)."""
    report["peak_tree_pss_mb"] = memory.peak_mb
    report["peak_tree_pss_by_phase_mb"] = dict(sorted(memory.peak_by_phase.items()))
    report["peak_tree_pss_longest_wait_s"] = round(memory.longest_wait, 3)
    report["peak_memory_mb"] = max(memory.peak_mb, report.get("peak_rss_mb", 0.0))
    return report
