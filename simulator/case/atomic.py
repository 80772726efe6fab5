"""Publish a folder atomically: build it in a temporary sibling, then rename it into place.

The temporary folder sits next to the target (same filesystem, so the rename is atomic) and is
named ``.tmp-<target name>-<pid>``: hidden, never mistaken for a case, and recognisable as stale
once its process is gone, even after ``kill -9``. Replacing an existing folder uses an atomic
exchange where Linux offers it (``renameat2``); elsewhere the old folder is first parked as
``.old-<target name>-<pid>`` and only deleted once the new one is in place, and a parked folder
left by a crash is put back at the next run.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     target = Path(folder) / "case"
...     with staging(target) as stage:
...         _ = (stage / "a.txt").write_text("x")
...         publish(stage, target)
...     sorted(p.name for p in Path(folder).iterdir())
['case']
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from simulator.case.manifest import MANIFEST_NAME

__all__ = [
    "CaseExistsError",
    "check_target",
    "clean_stale",
    "fsync_dir",
    "publish",
    "staging",
]

_STALE = re.compile(r"^\.(tmp|old)-(?P<name>.+)-(?P<pid>\d+)$")


class CaseExistsError(FileExistsError):
    """The target folder already exists and ``force`` was not given (or it is not a case)."""


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def fsync_dir(path: Path) -> None:
    """fsync a folder so renames and new entries in it survive a power cut (best effort)."""
    # Makes the rename itself durable; not every platform can open a directory.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_target(target: Path | str, *, force: bool = False) -> None:
    """Raise :class:`CaseExistsError` unless ``target`` may be (over)written.

    Without ``force`` the target must not exist. With ``force`` it may exist only as a case
    folder (one holding ``manifest.json``) or an empty folder, so a mistyped ``--out`` never wipes
    unrelated files.

    >>> check_target("/nonexistent/never/there")
    """
    target = Path(target)
    if not target.exists() and not target.is_symlink():
        return
    if not force:
        raise CaseExistsError(f"{target} already exists; use --force to replace it")
    if not target.is_dir() or target.is_symlink():
        raise CaseExistsError(f"{target} exists and is not a folder; refusing to replace it")
    if not (target / MANIFEST_NAME).is_file() and any(target.iterdir()):
        raise CaseExistsError(
            f"{target} exists and is not a case folder (no {MANIFEST_NAME}); refusing to replace it"
        )


def clean_stale(target: Path | str) -> list[Path]:
    """Remove temporary folders of ``target`` left by dead processes; restore a parked old case.

    Returns the paths removed or restored. Folders of processes still running are left alone.
    """
    target = Path(target)
    parent = target.parent
    touched: list[Path] = []
    if not parent.is_dir():
        return touched
    for entry in sorted(parent.iterdir()):
        match = _STALE.match(entry.name)
        if not match or match["name"] != target.name or _pid_alive(int(match["pid"])):
            continue
        if entry.name.startswith(".old-") and not target.exists():
            # A crash between "park the old case" and "move the new one in": the old case is
            # complete, so put it back rather than lose it.
            os.rename(entry, target)
        else:
            shutil.rmtree(entry, ignore_errors=True)
        touched.append(entry)
    return touched


@contextlib.contextmanager
def staging(target: Path | str) -> Iterator[Path]:
    """Context manager yielding a fresh temporary sibling folder of ``target``.

    The folder is removed if the block fails (or if it was not published); a ``kill -9`` leaves
    it behind under a name :func:`clean_stale` recognises.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    stage = target.parent / f".tmp-{target.name}-{os.getpid()}"
    if stage.exists():  # left by an earlier failed call in this very process
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux ``renameat2(RENAME_EXCHANGE)``; False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the filesystem cannot exchange: fall back to park-and-rename
    raise OSError(code, os.strerror(code), str(b))


def publish(stage: Path, target: Path | str, *, force: bool = False) -> None:
    """Move the finished ``stage`` folder to ``target`` in one rename.

    Without ``force`` an existing target (even one that appeared while we were writing) raises
    :class:`CaseExistsError`. With ``force`` the old target is replaced; at no moment is the target
    a half-written folder, and the old one is deleted only after the new one is in place.
    """
    target = Path(target)
    fsync_dir(stage)
    if not target.exists():
        try:
            os.rename(stage, target)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY) and not force:
                raise CaseExistsError(f"{target} appeared while writing; not replaced") from None
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        else:
            fsync_dir(target.parent)
            return
    check_target(target, force=force)
    if _exchange(stage, target):
        # ``stage`` now holds the old case; the new one is already complete at ``target``.
        fsync_dir(target.parent)
        shutil.rmtree(stage, ignore_errors=True)
        return
    parked = target.parent / f".old-{target.name}-{os.getpid()}"
    os.rename(target, parked)
    os.rename(stage, target)
    fsync_dir(target.parent)
    shutil.rmtree(parked, ignore_errors=True)
