"""kill -9 in the middle of writing a case leaves no case folder behind, and the next run works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa

from simulator import __version__
from simulator.case import CaseInfo, Manifest, verify_case, write_case

INFO = CaseInfo("demo-case", "cd" * 32, seed=3, generator_version=__version__)

# The child writes a streamed table; after some chunks are on disk it says so and then blocks on
# stdin, so the parent kills it at a known point without sleeping or timing anything.
CHILD = textwrap.dedent(
    """
    import sys
    import pyarrow as pa
    from simulator.case import CaseInfo, write_case

    target, force = sys.argv[1], sys.argv[2] == "force"

    def chunks():
        for index in range(1_000):
            yield pa.record_batch({"event_id": pa.array(range(index * 500, index * 500 + 500))})
            if index == 3:
                print("MID-WRITE", flush=True)
                sys.stdin.readline()  # wait here until killed

    write_case(
        target,
        {"open": {"posts": pa.table({"x": [1, 2]})}, "truth": {"events": chunks()}},
        CaseInfo("demo-case", "cd" * 32, seed=3),
        force=force,
    )
    print("DONE", flush=True)
    """
)


def run_and_kill(target: Path, *, force: bool = False) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), "force" if force else "no"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "MID-WRITE"
        # The temporary folder really holds data at this point: the kill interrupts real work.
        staged = target.parent / f".tmp-{target.name}-{child.pid}"
        assert (staged / "open" / "posts.parquet").is_file()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL


def small_tables() -> dict:
    return {"truth": {"events": [pa.record_batch({"event_id": pa.array(range(10))})]}}


def test_kill_9_leaves_no_case_and_the_next_run_succeeds(tmp_path):
    target = tmp_path / "datasets" / "demo-case" / "seed-3"
    run_and_kill(target)
    assert not target.exists()
    leftovers = [p.name for p in target.parent.iterdir()]
    assert len(leftovers) == 1 and leftovers[0].startswith(".tmp-seed-3-")
    assert verify_case(target.parent / leftovers[0]).of_kind("manifest")  # never a valid case

    manifest = write_case(target, small_tables(), INFO)
    assert manifest.rows() == {"truth/events": 10}
    assert verify_case(target).ok
    assert [p.name for p in target.parent.iterdir()] == ["seed-3"]  # the stale folder is gone


def test_kill_9_during_forced_replace_keeps_the_old_case(tmp_path):
    target = tmp_path / "case"
    old = write_case(target, small_tables(), INFO)
    run_and_kill(target, force=True)
    assert Manifest.read(target) == old
    assert verify_case(target).ok
