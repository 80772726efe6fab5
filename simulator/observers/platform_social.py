"""Groups, memberships and comments on the public platforms.

Community groups (and forum boards) are where adverts meet their audience: sellers post into the
groups of their language, diaspora groups run their own, NGOs and journalists post there too.
Comments come from two places: a migrant who found the advert asks "price?" before writing in
private (a ``contact`` event with ``via = advert``), and members of the public react to posts.
Members of the public appear under pseudonymous handles; the seller often answers "check your
inbox".

>>> pseudonym(7, "Kinfold", "someone") == pseudonym(7, "Kinfold", "someone")
True
>>> pseudonym(7, "Kinfold", "someone") != pseudonym(7, "Spinclip", "someone")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, MutableMapping, Sequence
from datetime import timedelta
from typing import Any

import pandas as pd

from simulator.catalog import TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform, stable_id
from simulator.observers.item_random import Draws
from simulator.observers.language import phrasebook_for
from simulator.observers.lookup import text
from simulator.observers.platform_catalog import PROFILES, numeric_id
from simulator.observers.platform_world import (
    AccountRecord,
    ItemStreams,
    event_rows,
    floor_second,
    local_date,
    platform_zone,
    scenario_places,
)

__all__ = ["comments_table", "memberships_table", "place_in_groups", "pseudonym"]

# Nicknames people pick for throwaway public accounts (written for this project).
_NICKS = (
    "aventurier", "lion", "habibi", "bro", "traveller", "kader", "moussa", "yaya", "nour",
    "ismael", "blessed", "king", "zaki", "sami", "hope", "dream", "baba", "ali", "fatou", "amina",
)  # fmt: skip
_ADVERT_IN_GROUP = 0.7  # sellers post most adverts into community groups (modelling choice)
_BENIGN_IN_GROUP = 0.4
# Comment times move by datetime.timedelta: the same instants and resolution as pandas.Timedelta
# (microseconds), without building a Timedelta per comment.
_MINUTE = timedelta(minutes=1)


def pseudonym(seed: int, platform: str, key: str) -> str:
    """A stable public handle for someone who is only a commenter on ``platform``."""
    digest = hashlib.sha256(f"{seed}\x1f{platform}\x1f{key}".encode()).digest()
    nick = _NICKS[digest[0] % len(_NICKS)]
    sep = ("", "_", ".")[digest[1] % 3]
    return f"{nick}{sep}{int.from_bytes(digest[2:6], 'big') % 10_000:04d}"


def _groups(view: WorldView, platform: str, language: str) -> list[tuple[str, str]]:
    """(group id, name) of the community groups of one language on one platform."""
    starts, ends = scenario_places(view.scenario)
    places = starts + ends or ["Europe"]
    book = phrasebook_for(language)
    names = [
        template.format(place=places[i % len(places)])
        for i, template in enumerate(book.group_names)
    ]
    return [(stable_id("G", platform, name, length=8)[2:], name) for name in names]


def place_in_groups(
    view: WorldView,
    rows: Sequence[MutableMapping[str, Any]],
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
) -> None:
    """Set ``group_name`` (and the internal ``_group_id``) of each post row in place."""
    # Groups depend on (platform, language) only and a diaspora group's own group on its handle:
    # work each out once, not once per post.
    known: dict[tuple[str, str], list[tuple[str, str]]] = {}
    own: dict[str, int] = {}
    # Only posts that may be placed by a draw get a generator made up front (any other key would
    # still draw the same, only more slowly).
    streams = ItemStreams(
        view,
        (
            ("group", row["post_id"])
            for row in rows
            if PROFILES[platforms[row["platform"]]].groups
            and row["_actor_kind"] != "diaspora_group"
        ),
    )
    for row in rows:
        kind = platforms[row["platform"]]
        if kind == "broadcast_channel":
            row["group_name"] = row["display_name"]
            continue
        if not PROFILES[kind].groups:
            continue
        where = (row["platform"], row["language"])
        if where not in known:
            known[where] = _groups(view, *where)
        groups = known[where]
        if not groups:
            continue
        if row["_actor_kind"] == "diaspora_group":
            handle = row["handle"]
            if handle not in own:
                own[handle] = hashlib.sha256(handle.encode()).digest()[0]
            chosen = groups[own[handle] % len(groups)]
        else:
            rng = streams.rng("group", row["post_id"])
            share = _ADVERT_IN_GROUP if row["_kind"] == "advert_posted" else _BENIGN_IN_GROUP
            pick = int(rng.integers(len(groups)))
            if rng.random() >= share:
                continue
            chosen = groups[pick]
        row["_group_id"], row["group_name"] = chosen


def memberships_table(
    view: WorldView,
    rows: Sequence[MutableMapping[str, Any]],
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
    spec: TableSpec,
) -> pd.DataFrame:
    """Members of each group seen in the posts: its posters, diaspora admins first."""
    first: dict[tuple[str, str, str, str], pd.Timestamp] = {}
    admins: set[tuple[str, str, str]] = set()
    for row in rows:
        group = row.get("_group_id")
        if not group:
            continue
        key = (row["platform"], group, row["group_name"], row["handle"])
        if key not in first or row["time"] < first[key]:
            first[key] = row["time"]
        if row["_actor_kind"] == "diaspora_group":
            admins.add((row["platform"], group, row["handle"]))
    out = []
    sizes: dict[tuple[str, str], int] = {}
    zones: dict[str, str] = {}
    streams = ItemStreams(
        view,
        (
            key
            for platform, group, _name, handle in first
            for key in (("group_size", platform, group), ("joined", platform, group, handle))
        ),
    )
    for (platform, group, name, handle), seen in first.items():
        if (platform, group) not in sizes:
            rng = streams.rng("group_size", platform, group)
            sizes[(platform, group)] = int(800 * rng.lognormal(0.0, 1.0))
        rng = streams.rng("joined", platform, group, handle)
        joined = seen - pd.Timedelta(seconds=int(rng.integers(3600, 60 * 86_400)))
        created = records.get((platform, handle))
        if created is not None and created.created is not None and joined < created.created:
            joined = created.created + pd.Timedelta(seconds=int(rng.integers(60, 86_400)))
        if platform not in zones:
            zones[platform] = platform_zone(view.scenario, platform)
        out.append(
            {
                "platform": platform,
                "group_id": group,
                "group_name": name,
                "group_kind": "board" if platforms[platform] == "forum" else "group",
                "handle": handle,
                "group_role": "admin" if (platform, group, handle) in admins else "member",
                "joined": local_date(joined, zones[platform], "%Y-%m-%d"),
                "group_members": sizes[(platform, group)],
            }
        )
    members: dict[tuple[str, str], int] = {}
    for item in out:
        members[(item["platform"], item["group_id"])] = (
            members.get((item["platform"], item["group_id"]), 0) + 1
        )
    for item in out:
        item["group_members"] += members[(item["platform"], item["group_id"])]
    return conform(out, spec, sort_by=["platform", "group_name", "group_role", "handle"])


def _comment(
    view: WorldView,
    post: Mapping[str, Any],
    handle: str,
    when: pd.Timestamp,
    phrases: tuple[str, ...],
    number: int,
    rng: Draws,
    messenger: str,
) -> dict[str, Any]:
    kind = "comment"
    template = phrases[int(rng.integers(len(phrases)))] if phrases else "👍"
    return {
        "comment_id": numeric_id(kind, f"{post['post_id']}/{number}", view.seed),
        "post_id": post["post_id"],
        "platform": post["platform"],
        "handle": handle,
        "time": floor_second(when),
        "language": post["language"],
        "text": template.format(messenger=messenger),
        "likes": int(rng.poisson(1.0)),
    }


def comments_table(
    view: WorldView,
    rows: Sequence[MutableMapping[str, Any]],
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
    spec: TableSpec,
    contacts: list[tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> pd.DataFrame:
    """Comments under the captured posts; updates each row's shown ``comments`` count.

    ``contacts``: the ``event_rows`` of ``contact`` events when the caller has parsed them.
    """
    messenger = getattr(getattr(view.scenario, "online", None), "messenger", "") or "Whisperline"
    by_source: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        if PROFILES[platforms[row["platform"]]].comments:
            by_source.setdefault(row["_source"], row)
    # Who comments where and when is decided first; each comment's own draws (its wording and
    # likes) come from its own generator, so they are made afterwards, all seeded at once.
    pending: list[tuple[Mapping[str, Any], str, pd.Timestamp, tuple[str, ...], int]] = []
    numbers: dict[str, int] = {}

    def add(
        post: Mapping[str, Any], handle: str, when: pd.Timestamp, phrases: tuple[str, ...]
    ) -> None:
        number = numbers.get(post["post_id"], 0)
        numbers[post["post_id"]] = number + 1
        pending.append((post, handle, when, phrases, number))

    if contacts is None:
        contacts = event_rows(view, "contact")
    asked: list[tuple[dict[str, Any], Mapping[str, Any]]] = []  # (contact event, advert row)
    for row, detail in contacts:
        post = by_source.get(text(row.get("post_id")))
        if post is not None and text(detail.get("via")) == "advert":
            asked.append((row, post))
    streams = ItemStreams(
        view,
        [("contact_comment", post["post_id"], text(row.get("actor"))) for row, post in asked]
        + [("public_comments", by_source[source]["post_id"]) for source in by_source],
    )
    for row, post in asked:
        key = ("contact_comment", post["post_id"], text(row.get("actor")))
        rng = streams.rng(*key)
        if rng.random() >= 0.5:  # half the askers write no public comment
            continue
        book = phrasebook_for(post["language"])
        before = timedelta(seconds=int(rng.integers(300, 6 * 3600)))
        when = max(post["time"] + _MINUTE, row["time"] - before)
        add(
            post,
            pseudonym(view.seed, post["platform"], text(row.get("actor"))),
            when,
            book.comment_ask,
        )
        if rng.random() < 0.6:
            reply = when + timedelta(seconds=int(rng.integers(120, 3600)))
            add(post, post["handle"], reply, book.comment_reply)
    for source in sorted(by_source):
        post = by_source[source]
        rng = streams.rng("public_comments", post["post_id"])
        book = phrasebook_for(post["language"])
        asks = int(rng.poisson(0.4)) if post["_kind"] == "advert_posted" else 0
        general = int(rng.poisson(0.6))
        for index in range(asks + general):
            phrases = book.comment_ask if index < asks else book.comment_general
            stranger = pseudonym(view.seed, post["platform"], f"public/{source}/{index}")
            delay = timedelta(seconds=int(rng.exponential(3 * 3600)) + 60)
            add(post, stranger, post["time"] + delay, phrases)
    streams = ItemStreams(
        view, (("comment", post["post_id"], str(number)) for post, *_, number in pending)
    )
    out = [
        _comment(
            view,
            post,
            handle,
            when,
            phrases,
            number,
            streams.rng("comment", post["post_id"], str(number)),
            messenger,
        )
        for post, handle, when, phrases, number in pending
    ]
    for row in rows:
        if row["comments"] is not None:
            row["comments"] = max(row["comments"], numbers.get(row["post_id"], 0))
    return conform(out, spec, sort_by=["platform", "post_id", "time", "comment_id"], consume=True)
