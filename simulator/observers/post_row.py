"""One captured post's row, read and written like a dict but kept in slots.

The platforms lens builds a row per post, changes some of them (groups), reads them again for
comments, memberships and recaptures, and hands them to
:func:`~simulator.observers.imperfection.conform` as the posts table. At the 100,000-migrant
scale its largest platform holds about 300,000 rows at once: as dicts of 23 keys they take 832
bytes each, in slots 224. Code that reads rows as dicts (``row["time"]``,
``row.get("_group_id")``, ``dict(row)``) works on them unchanged.

>>> row = PostRow(post_id="7", platform="Kinfold", likes=3)
>>> row["likes"], row.get("_group_id"), "platform" in row
(3, None, True)
>>> row["_group_id"] = "G1"
>>> dict(row)
{'post_id': '7', 'platform': 'Kinfold', 'likes': 3, '_group_id': 'G1'}
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

__all__ = ["POST_FIELDS", "PostRow"]

#: Every key a post row may hold, in the order a row built by the lens holds them.
POST_FIELDS = (
    "post_id", "platform", "handle", "display_name", "time", "language", "text", "media",
    "image_text", "logo", "watermark", "group_name", "repost_of", "url", "collected",
    "_source", "_kind", "_actor_kind", "_purpose", "likes", "shares", "comments", "views",
    "_group_id",
)  # fmt: skip

#: The same keys as a set, for reads: a row's attributes include its methods (``keys``, ``get``),
#: which are not keys.
_FIELDS = frozenset(POST_FIELDS)


class PostRow(MutableMapping[str, Any]):
    """A post's row: the keys of :data:`POST_FIELDS` that were set, in that order.

    Setting a key outside :data:`POST_FIELDS` raises ``KeyError`` naming the allowed keys.
    """

    __slots__ = POST_FIELDS

    def __init__(self, **fields: Any) -> None:
        for key, value in fields.items():
            setattr(self, key, value)  # a key outside the slots raises AttributeError

    def __getitem__(self, key: str) -> Any:
        if key in _FIELDS:
            try:
                return getattr(self, key)
            except AttributeError:
                pass
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:  # one C call instead of a try
        return getattr(self, key, default) if key in _FIELDS else default

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in _FIELDS:
            raise KeyError(f"{key!r} is not a post row field; allowed: {', '.join(POST_FIELDS)}")
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        try:
            delattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def __contains__(self, key: object) -> bool:
        return key in _FIELDS and hasattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return (key for key in POST_FIELDS if hasattr(self, key))

    def __len__(self) -> int:
        return sum(1 for _key in self)

    def __repr__(self) -> str:
        return f"PostRow({dict(self)!r})"
