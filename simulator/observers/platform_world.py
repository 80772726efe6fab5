"""What the public lenses need from a world view: platforms, places, accounts, per-item draws.

The social-platform and marketplace lenses both read account creations and takedowns, both write in
the scenario's places and both need draws tied to one item (a post, an account) rather than to the
order of a loop, so adding one advert never rewrites another. This module gathers that.

>>> import pandas as pd
>>> from simulator.observers.base import WorldView
>>> view = WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7)
>>> first = int(item_rng(view, "post", "AD1").integers(10**6))
>>> first == int(item_rng(view, "post", "AD1").integers(10**6))
True
>>> scenario_places(None)
([], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator.observers.base import WorldView
from simulator.observers.imperfection import zone_for
from simulator.observers.lookup import details, provider_for, text

__all__ = [
    "AccountRecord",
    "event_rows",
    "item_rng",
    "local_date",
    "messenger_name",
    "platform_zone",
    "public_accounts",
    "scenario_places",
]


def item_rng(view: WorldView, *parts: str) -> np.random.Generator:
    """A generator for one item (a post, an account), from the seed and the item's key only."""
    return view.rng("platforms/" + "/".join(parts))


def event_rows(view: WorldView, *kinds: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(row, parsed detail) of every event of ``kinds``, in log order (none if the log is empty)."""
    events = view.events
    if events is None or events.empty or "kind" not in events.columns:
        return []
    frame = view.of_kind(*kinds)
    return list(zip(frame.to_dict("records"), details(frame), strict=True))


def messenger_name(scenario: Any) -> str:
    """The messenger adverts send people to (scenario ``online.messenger``).

    >>> messenger_name(None)
    'Whisperline'
    """
    online = getattr(scenario, "online", None)
    return str(getattr(online, "messenger", "") or "Whisperline")


def scenario_places(scenario: Any) -> tuple[list[str], list[str]]:
    """(places people leave from or gather in, destinations), in scenario order."""
    starts: list[str] = []
    ends: list[str] = []
    for place in getattr(scenario, "places", None) or []:
        kind = str(getattr(place.kind, "value", place.kind))
        (ends if kind == "destination" else starts).append(place.name)
    return starts, ends


def platform_zone(scenario: Any, platform: str) -> str:
    """The time zone a platform dates its pages in (its operator's seat; UTC if unknown)."""
    provider = provider_for(scenario, "platform", name=platform)
    if provider.name.casefold() != platform.casefold():
        return "UTC"
    return zone_for(provider.country)


def local_date(when: pd.Timestamp, zone: str, fmt: str) -> str:
    """``when`` (UTC) as the page shows it: a local date in ``fmt``.

    >>> local_date(pd.Timestamp("2024-05-31 23:30", tz="UTC"), "Europe/Rome", "%Y-%m-%d")
    '2024-06-01'
    """
    return pd.Timestamp(when).tz_convert(zone).strftime(fmt)


@dataclass
class AccountRecord:
    """One public account as the events describe it (internal: never written as is)."""

    platform: str
    handle: str
    owner: str = ""
    display_name: str = ""
    created: pd.Timestamp | None = None
    backup_number: int = 0
    purpose: str = ""
    language: str = ""
    actor_kind: str = ""
    taken_down: pd.Timestamp | None = None
    logos: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    emoji: list[str] = field(default_factory=list)
    posts: int = 0


def public_accounts(
    view: WorldView, platforms: dict[str, str]
) -> dict[tuple[str, str], AccountRecord]:
    """Every account on a public platform that was created, posted, listed or was taken down.

    Keyed by (platform, handle), in order of first appearance in the log.
    """
    accounts: dict[tuple[str, str], AccountRecord] = {}

    def get(row: dict[str, Any]) -> AccountRecord | None:
        platform, handle = text(row.get("platform")), text(row.get("actor_account"))
        if platform not in platforms or not handle:
            return None
        key = (platform, handle)
        if key not in accounts:
            accounts[key] = AccountRecord(platform, handle, owner=text(row.get("actor")))
        return accounts[key]

    kinds = (
        "account_created",
        "account_taken_down",
        "advert_posted",
        "benign_post",
        "marketplace_listing",
    )
    for row, detail in event_rows(view, *kinds):
        record = get(row)
        if record is None:
            continue
        kind = row["kind"]
        if kind == "account_created":
            record.display_name = text(detail.get("display_name")) or record.display_name
            record.created = row["time"]
            record.backup_number = int(detail.get("backup_number") or 0)
            record.purpose = text(detail.get("purpose"))
            record.language = text(detail.get("bio_language")) or record.language
        elif kind == "account_taken_down":
            record.taken_down = row["time"] if record.taken_down is None else record.taken_down
        else:
            record.posts += 1
            record.language = record.language or text(detail.get("language"))
            if kind == "advert_posted":
                record.purpose = record.purpose or "advertising"
                record.backup_number = record.backup_number or int(detail.get("backup_number") or 0)
                for name, target in (("logo", record.logos), ("brand", record.brands)):
                    value = text(detail.get(name))
                    if value and value not in target:
                        target.append(value)
                for code in detail.get("emoji") or ():
                    if code not in record.emoji:
                        record.emoji.append(str(code))
            elif kind == "benign_post":
                record.purpose = record.purpose or "benign"
                record.actor_kind = record.actor_kind or text(detail.get("actor_kind"))
            else:
                record.purpose = record.purpose or "seller"
    return accounts
