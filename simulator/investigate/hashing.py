"""Hashes, canonical JSON and UTC time stamps shared by the audit log and the evidence locker.

Canonical JSON (sorted keys, no spaces, UTF-8) makes a record hash the same on every machine, so
another examiner can recompute it.

>>> canonical_json({"b": 1, "a": "é"})
b'{"a":"\\xc3\\xa9","b":1}'
>>> sha256_hex(b"abc")[:16]
'ba7816bf8f01cfea'
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["canonical_json", "sha256_file", "sha256_hex", "utc_now"]


def canonical_json(value: Any) -> bytes:
    """``value`` as canonical JSON bytes (sorted keys, compact, UTF-8; unknown types as ``str``).

    >>> canonical_json([1, None, True])
    b'[1,null,true]'
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return text.encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``.

    >>> len(sha256_hex(b""))
    64
    """
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks so large files stay out of memory.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = os.path.join(folder, "x.bin")
    ...     _ = open(target, "wb").write(b"abc")
    ...     sha256_file(target) == sha256_hex(b"abc")
    True
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds and a ``Z`` suffix.

    Wall-clock time is right here: it stamps the trainee's own work (requests, acquisitions),
    never the generated case files.

    >>> utc_now().endswith("Z")
    True
    """
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
