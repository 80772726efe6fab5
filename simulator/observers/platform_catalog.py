"""The fictional public platforms: what kind of real service each stands for and what it shows.

A scenario names its platforms (``online.platforms``) and gives each a kind. The kind decides what
a public page shows, so each lens writes only fields a real service of that kind exposes: a social
network shows a "joined" month, follower counts and groups; a short-video app shows followers and
views but no creation date; a broadcast-channel messenger shows subscribers, views and forwards and
a numbered message id; a forum shows replies; a marketplace shows "member since" and listings.

>>> PROFILES["short_video"].created_format is None
True
>>> public_url("Kinfold", "nesr.travel")
'https://kinfold.example/nesr.travel'
>>> len(numeric_id("social_network", "AD12", 7))
15
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "PROFILES",
    "PUBLIC_KINDS",
    "PlatformProfile",
    "numeric_id",
    "public_platforms",
    "public_url",
]


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    """What a public page of one kind of platform shows.

    Attributes
    ----------
    stands_for
        The kind of real service the fictional platform imitates.
    created_format
        ``strftime`` format of the account's creation date as the page shows it (``None``: not
        shown).
    followers
        Whether follower (subscriber) counts are public.
    views
        Whether view counts are public.
    comments
        Whether posts take public comments.
    groups
        Whether the platform has groups (or boards) with public member lists.
    minute_clock
        Whether post times are shown to the minute only (seconds lost).
    notice
        The text shown in place of a removed account.
    followers_scale
        Typical audience size relative to a social network.
    """

    stands_for: str
    created_format: str | None
    followers: bool
    views: bool
    comments: bool
    groups: bool
    minute_clock: bool
    notice: str
    followers_scale: float = 1.0


PROFILES: dict[str, PlatformProfile] = {
    "social_network": PlatformProfile(
        stands_for="a mainstream social network with profiles, pages, public groups and comments",
        created_format="%Y-%m",
        followers=True,
        views=False,
        comments=True,
        groups=True,
        minute_clock=False,
        notice="This content isn't available right now. The account may have been removed for "
        "breaking our Community Standards.",
    ),
    "short_video": PlatformProfile(
        stands_for="a short-video sharing app with captions, on-screen text, likes and comments",
        created_format=None,
        followers=True,
        views=True,
        comments=True,
        groups=False,
        minute_clock=True,
        notice="Couldn't find this account. This account was banned.",
        followers_scale=3.0,
    ),
    "broadcast_channel": PlatformProfile(
        stands_for="a messenger's public broadcast channels: one-to-many posts with views and "
        "forwards, no comments",
        created_format="%Y-%m-%d",
        followers=True,
        views=True,
        comments=False,
        groups=False,
        minute_clock=False,
        notice="This channel can't be displayed because it violated the platform's terms of "
        "service.",
        followers_scale=1.5,
    ),
    "forum": PlatformProfile(
        stands_for="a travel and migration discussion forum with boards, threads and replies",
        created_format="%Y-%m-%d",
        followers=False,
        views=True,
        comments=True,
        groups=True,
        minute_clock=True,
        notice="This user has been suspended.",
        followers_scale=0.3,
    ),
    "marketplace": PlatformProfile(
        stands_for="an online classified-ads marketplace for second-hand goods (boats, engines, "
        "vehicles)",
        created_format="%Y",
        followers=False,
        views=False,
        comments=False,
        groups=False,
        minute_clock=True,
        notice="This seller is no longer active on the marketplace.",
        followers_scale=0.2,
    ),
}

#: Platform kinds whose pages anyone can read (a messenger's chats are private).
PUBLIC_KINDS: tuple[str, ...] = tuple(PROFILES)


def public_platforms(scenario: Any) -> dict[str, str]:
    """Name -> kind of every public platform of ``scenario`` (scenario order; none if no scenario).

    End-to-end encrypted services and plain messengers are left out: nothing of them is public.

    >>> public_platforms(None)
    {}
    """
    online = getattr(scenario, "online", None)
    out: dict[str, str] = {}
    for platform in getattr(online, "platforms", None) or []:
        kind = str(getattr(platform.kind, "value", platform.kind))
        if kind in PROFILES and not getattr(platform, "end_to_end_encrypted", False):
            out[platform.name] = kind
    return out


@lru_cache(maxsize=256)
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower()) or "platform"


def public_url(platform: str, *path: str) -> str:
    """The public address of a page, under the reserved ``.example`` top-level domain."""
    return "/".join([f"https://{_slug(platform)}.example", *path])


def numeric_id(kind: str, key: str, seed: int) -> str:
    """A platform's own post number for ``key``: digits only, stable, unrelated to event ids.

    Social networks use 15 digits, short-video apps 19 (starting with 7), forums 7, marketplaces 10.
    """
    digest = hashlib.sha256(f"{seed}\x1f{kind}\x1f{key}".encode()).digest()
    value = int.from_bytes(digest[:8], "big")
    if kind == "short_video":
        return str(7 * 10**18 + value % 10**18)
    if kind == "forum":
        return str(10**6 + value % (9 * 10**6))
    if kind == "marketplace":
        return str(10**9 + value % (9 * 10**9))
    return str(10**14 + value % (9 * 10**14))
