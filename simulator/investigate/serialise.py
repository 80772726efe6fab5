"""Turn what a trainee collects into stored bytes, and back.

DataFrames become CSV (readable by any examiner, no library needed), text UTF-8, dicts and lists
canonical-ish JSON, matplotlib figures PNG, networkx graphs node-link JSON, bytes stay bytes.

>>> import pandas as pd
>>> stored = serialise(pd.DataFrame({"a": [1]}))
>>> stored.media_type, stored.extension, stored.data
('text/csv', 'csv', b'a\\n1\\n')
>>> deserialise(stored.data, stored.media_type)["a"].tolist()
[1]
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from simulator.investigate.errors import EvidenceError

__all__ = ["Serialised", "deserialise", "serialise"]


@dataclass(frozen=True, slots=True)
class Serialised:
    """Stored bytes, their media type, a file extension and what the item was."""

    data: bytes
    media_type: str
    extension: str
    type_label: str


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str).encode()


def _figure(item: Any) -> Any | None:
    if hasattr(item, "savefig"):
        return item
    figure = getattr(item, "figure", None)
    return figure if hasattr(figure, "savefig") else None


def serialise(item: Any) -> Serialised:
    """Serialise ``item``; raise :class:`EvidenceError` for types that cannot be kept faithfully.

    >>> serialise({"b": 1}).data
    b'{\\n  "b": 1\\n}'
    """
    if isinstance(item, pd.Series):
        item = item.to_frame()
    if isinstance(item, pd.DataFrame):
        data = item.to_csv(index=False, lineterminator="\n").encode("utf-8")
        return Serialised(data, "text/csv", "csv", "table")
    if isinstance(item, str):
        return Serialised(item.encode("utf-8"), "text/plain", "txt", "text")
    if isinstance(item, bytes | bytearray):
        return Serialised(bytes(item), "application/octet-stream", "bin", "bytes")
    if isinstance(item, dict | list | tuple):
        return Serialised(_json_bytes(item), "application/json", "json", "record")
    figure = _figure(item)
    if figure is not None:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return Serialised(buffer.getvalue(), "image/png", "png", "figure")
    if hasattr(item, "adj") and hasattr(item, "edges"):
        import networkx as nx

        data = nx.node_link_data(item, edges="edges")
        return Serialised(_json_bytes(data), "application/json", "json", "graph")
    raise EvidenceError(
        f"cannot keep a {type(item).__name__} as evidence; give a DataFrame, text, bytes, "
        "a dict/list, a matplotlib figure or a networkx graph"
    )


def deserialise(data: bytes, media_type: str) -> Any:
    """Read stored bytes back (a DataFrame for CSV, text, parsed JSON, raw bytes otherwise).

    >>> deserialise(b"hello", "text/plain")
    'hello'
    """
    if media_type == "text/csv":
        return pd.read_csv(io.BytesIO(data)) if data.strip() else pd.DataFrame()
    if media_type == "text/plain":
        return data.decode("utf-8")
    if media_type == "application/json":
        return json.loads(data)
    return data
