"""The machine a benchmark ran on: cores, memory, CPU model, Python and key library versions.

>>> info = machine_info()
>>> info["nproc"] >= 1 and info["memory_gb"] is None or info["memory_gb"] > 0
True
"""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["machine_info"]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    """Cores this process may use, total memory in GiB, CPU model, load, Python and versions."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "nproc": cores,
        "memory_gb": _memory_gb(),
        "cpu_model": _cpu_model(),
        "load_average_1min": load,
        "python": platform.python_version(),
        "mesa": _version("mesa"),
        "pyarrow": _version("pyarrow"),
    }
