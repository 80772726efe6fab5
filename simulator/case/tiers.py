"""Access tiers of a case folder and the names tables may take inside them.

A case keeps one folder per tier. ``truth`` is for instructors only and never leaves in a
trainee release; the other tiers are what a trainee may reach (openly, by legal request, or after
a seizure).

>>> TIERS
('open', 'provider', 'seized', 'truth')
>>> table_path("open", "adverts")
'open/adverts.parquet'
"""

from __future__ import annotations

import re

__all__ = [
    "TIERS",
    "TRAINEE_TIERS",
    "TRUTH",
    "check_table_name",
    "check_tier",
    "table_key",
    "table_path",
    "tier_rank",
]

TRUTH = "truth"

# Order matters: manifests list tables tier by tier in this order, so it is part of the format.
TIERS: tuple[str, ...] = ("open", "provider", "seized", TRUTH)

TRAINEE_TIERS: tuple[str, ...] = tuple(tier for tier in TIERS if tier != TRUTH)

# Table names become file names; keep them portable and unambiguous (no dots, slashes, capitals).
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def check_tier(tier: str) -> str:
    """Return ``tier`` if it is one of :data:`TIERS`, else raise ``ValueError``.

    >>> check_tier("seized")
    'seized'
    """
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r}; allowed: {', '.join(TIERS)}")
    return tier


def check_table_name(name: str) -> str:
    """Return ``name`` if it is a safe table name (``a-z``, digits, ``_``; starts with a letter).

    >>> check_table_name("call_records")
    'call_records'
    """
    if not isinstance(name, str) or not _TABLE_NAME.match(name):
        raise ValueError(
            f"table name {name!r} is not allowed: use lowercase letters, digits and underscores, "
            "starting with a letter (at most 64 characters)"
        )
    return name


def table_key(tier: str, name: str) -> str:
    """The ``tier/name`` key that names a table in manifests and reports.

    >>> table_key("truth", "persons")
    'truth/persons'
    """
    return f"{check_tier(tier)}/{check_table_name(name)}"


def table_path(tier: str, name: str) -> str:
    """The POSIX path of a table's Parquet file relative to the case folder.

    >>> table_path("provider", "ip_logs")
    'provider/ip_logs.parquet'
    """
    return f"{table_key(tier, name)}.parquet"


def tier_rank(tier: str) -> int:
    """Position of ``tier`` in :data:`TIERS` (for sorting tables tier by tier).

    >>> sorted(["truth", "open"], key=tier_rank)
    ['open', 'truth']
    """
    return TIERS.index(check_tier(tier))
