"""Social platforms (open tier): public profiles, posts and adverts, comments, groups, takedowns.

The lens of an analyst monitoring public pages: what a browser (and an OSINT capture tool) shows
on the scenario's fictional platforms (see :mod:`simulator.observers.platform_catalog` for the kind
of real service each stands for). It reads ``account_created``, ``account_taken_down``,
``advert_posted``, ``benign_post``, ``platform_move`` and ``contact`` events and writes only what a
public page shows: handles and display names, never who is behind them.

Imperfections, as in real monitoring: display names in transliteration variants; fields a kind of
platform does not show left empty (no creation date on the short-video app, no follower count on
the forum); creation dates as local dates of the platform's seat at the precision the page gives
(month, day or year); post times to the minute on some platforms; posts of removed accounts lost
when the capture tool had not saved them before the removal; reposts of the same advert, and pages
captured twice (same post id, later ``collected`` time, updated counts).

Example
-------
>>> import pandas as pd
>>> from simulator.observers.base import WorldView
>>> tables = observe(WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7))
>>> sorted(tables), len(tables["posts"])
(['accounts', 'comments', 'memberships', 'posts', 'takedown_notices'], 0)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from simulator.catalog import Column, TableSpec
from simulator.forked import as_arrow
from simulator.observers.adverts_text import PublicText, write_advert, write_benign
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform, text_array
from simulator.observers.item_random import Draws, ItemRandom
from simulator.observers.language import phrasebook_for
from simulator.observers.lookup import event_details_at, text
from simulator.observers.platform_catalog import PROFILES, numeric_id, public_platforms, public_url
from simulator.observers.platform_social import comments_table, memberships_table, place_in_groups
from simulator.observers.platform_world import (
    ACCOUNT_KINDS,
    AccountRecord,
    ItemStreams,
    event_rows_at,
    kind_positions,
    local_date,
    messenger_name,
    platform_zone,
    public_accounts,
    scenario_places,
)
from simulator.observers.post_row import PostRow
from simulator.world.names import alternates

__all__ = [
    "ACCOUNTS",
    "COMMENTS",
    "MEMBERSHIPS",
    "POSTS",
    "TABLES",
    "TAKEDOWN_NOTICES",
    "merge_parts",
    "observe",
    "observe_part",
    "parts",
]

_PLATFORM = Column("platform", "string", "fictional platform name (see 'Fictional platforms')")
_HANDLE = Column("handle", "string", "the account's public handle (user name in its URL)")

ACCOUNTS = TableSpec(
    name="accounts",
    tier="open",
    description="Public profiles seen on the social platforms during monitoring: one row per "
    "account, as its profile page showed it at the end of the period.",
    imitates="a public profile / page / channel header captured from a social network, "
    "short-video app, broadcast channel, forum or marketplace",
    columns=(
        _PLATFORM,
        _HANDLE,
        Column("display_name", "string", "name shown on the profile (spellings vary by platform)"),
        Column("bio", "string", "profile text; empty when the owner wrote none"),
        Column(
            "created",
            "string",
            "creation date as the page shows it, in the platform's local date: month (YYYY-MM) "
            "on the social network, day on channels and forums, year on the marketplace; empty "
            "where the platform does not show it",
        ),
        Column("language", "string", "ISO 639-1 code of the bio's language; empty if unknown"),
        Column("followers", "Int64", "followers or subscribers shown; empty where not public"),
        Column("posts", "Int64", "number of posts the profile shows"),
        Column("profile_image", "string", "what the profile picture shows (a logo, a photo)"),
        Column("status", "string", "'active' or 'suspended' (removed by the platform)"),
        Column("url", "string", "profile address (reserved .example domain)"),
    ),
    notes=(
        "Numbered handles (name1, name2) are the backup accounts sellers keep for after a ban.",
    ),
)

POSTS = TableSpec(
    name="posts",
    tier="open",
    description="Public posts, adverts and videos captured on the social platforms, with their "
    "text, the OCR text of their picture or video, and their public counts. Smugglers' adverts "
    "and benign posts (NGOs, journalists, travel agencies, diaspora groups) share the vocabulary; "
    "nothing marks which is which.",
    imitates="posts captured by an OSINT collection tool (page capture with OCR of images)",
    columns=(
        Column("post_id", "string", "the platform's own post number (channel/number on channels)"),
        _PLATFORM,
        _HANDLE,
        Column("display_name", "string", "author name shown on the post"),
        Column("time", "timestamp", "when it was posted (UTC; to the minute on some platforms)"),
        Column("language", "string", "ISO 639-1 code of the text's language"),
        Column("text", "string", "the post's text (caption for pictures and videos)"),
        Column("media", "string", "'text', 'image' or 'video'"),
        Column(
            "image_text",
            "string",
            "OCR text of the picture or the video's on-screen text, with OCR errors (O for 0, "
            "l for 1); sometimes the only place a contact number appears",
        ),
        Column("logo", "string", "logo seen as a watermark on the picture or video"),
        Column("watermark", "string", "name written over the picture or video"),
        Column("group_name", "string", "group, board or channel it was posted in; empty: profile"),
        Column("likes", "Int64", "likes or reactions shown"),
        Column("shares", "Int64", "shares or forwards shown"),
        Column("comments", "Int64", "comment count shown; empty where posts take no comments"),
        Column("views", "Int64", "view count shown; empty where not public"),
        Column("repost_of", "string", "post_id of the post this repeats, when marked as a repost"),
        Column("url", "string", "post address (reserved .example domain)"),
        Column("collected", "timestamp", "when the capture tool saved the page (UTC)"),
    ),
    time_column="time",
    notes=(
        "A post captured twice appears twice with the same post_id and a later 'collected'.",
        "Posts of removed accounts are missing when the page was not captured before removal.",
    ),
)

COMMENTS = TableSpec(
    name="comments",
    tier="open",
    description="Public comments under posts (questions about prices, replies sending people "
    "to private messages, warnings and prayers).",
    imitates="the comment thread of a captured post",
    columns=(
        Column("comment_id", "string", "the platform's comment number"),
        Column("post_id", "string", "post commented on (posts.post_id)"),
        _PLATFORM,
        Column("handle", "string", "commenter's handle (a pseudonym for members of the public)"),
        Column("time", "timestamp", "when it was written (UTC)"),
        Column("language", "string", "ISO 639-1 code of the comment's language"),
        Column("text", "string", "comment text"),
        Column("likes", "Int64", "likes on the comment"),
    ),
    time_column="time",
)

MEMBERSHIPS = TableSpec(
    name="memberships",
    tier="open",
    description="Members of public groups and forum boards whose member lists are visible, "
    "limited to accounts that appear elsewhere in the case (posters, commenters, admins).",
    imitates="a public group's member and admin list",
    columns=(
        _PLATFORM,
        Column("group_id", "string", "the platform's group id"),
        Column("group_name", "string", "group or board name"),
        Column("group_kind", "string", "'group' (social network) or 'board' (forum)"),
        Column("handle", "string", "member's handle"),
        Column("group_role", "string", "'admin' or 'member' of the group"),
        Column("joined", "string", "date joined as the group shows it (local date, YYYY-MM-DD)"),
        Column("group_members", "Int64", "member count the group page shows"),
    ),
)

TAKEDOWN_NOTICES = TableSpec(
    name="takedown_notices",
    tier="open",
    description="Pages that turned into a removal notice: what the platform publicly shows once "
    "it has removed an account (never why, nor at whose request).",
    imitates="a capture of a removed profile's page",
    columns=(
        _PLATFORM,
        _HANDLE,
        Column("display_name", "string", "name last seen on the profile"),
        Column("url", "string", "profile address"),
        Column("notice", "string", "the platform's notice text"),
        Column("observed", "timestamp", "when monitoring first saw the notice (UTC)"),
    ),
    time_column="observed",
)

TABLES: tuple[TableSpec, ...] = (ACCOUNTS, POSTS, COMMENTS, MEMBERSHIPS, TAKEDOWN_NOTICES)

# Audience sizes by who runs the account (log-normal medians): NGOs and journalists reach more
# people than a seller's page; a backup page starts small (modelling choice).
_AUDIENCE = {
    "advertising": 600.0,
    "ngo": 5000.0,
    "journalist": 3000.0,
    "travel_agency": 1500.0,
    "diaspora_group": 2500.0,
    "crypto_user": 150.0,
    "hawala_customer": 80.0,
    "seller": 50.0,
}
_REPOST_RATE = 0.08  # adverts pushed again by their author (modelling choice)
_RECAPTURE_RATE = 0.03  # pages the capture tool saved twice (modelling choice)
_LOST_RATE = 0.5  # posts of a removed account never captured before the removal


def _display_name(record: AccountRecord, rng: Draws) -> str:
    """The name shown: the world's, sometimes in another spelling or decorated, as users do."""
    name = record.display_name or record.handle.replace("_", " ").replace(".", " ").title()
    if rng.random() < 0.3:
        words = name.split()
        spot = int(rng.integers(len(words))) if words else 0
        options = alternates(words[spot]) if words else ()
        if options:
            words[spot] = options[int(rng.integers(len(options)))]
            name = " ".join(words)
    if record.purpose == "advertising" and rng.random() < 0.3:
        name = f"{name} {('✈️', '🇪🇺', '✅', '🌍')[int(rng.integers(4))]}"
    if record.backup_number and rng.random() < 0.5:
        name = f"{name} {record.backup_number}"
    return name


def _bio(record: AccountRecord, places: list[str], rng: Draws) -> tuple[str, str]:
    """(bio, its language); empty for a fifth of accounts, whose owners wrote none."""
    book = phrasebook_for(record.language)
    key = "advertising" if record.purpose == "advertising" else record.actor_kind or record.purpose
    options = book.bios.get(key, ())
    template = options[int(rng.integers(len(options)))] if options else ""
    if rng.random() < 0.2 or not template:
        return "", book.code if record.language else ""
    place = places[int(rng.integers(len(places)))] if places else ""
    brand = record.brands[0] if record.brands else record.display_name
    emoji = record.emoji[0] if record.emoji else "✈️"
    return template.format(brand=brand, place=place, emoji=emoji).strip(), book.code


def _profile_image(record: AccountRecord) -> str:
    if record.logos:
        return f"logo: {record.logos[0]}"
    return {"ngo": "organisation logo", "journalist": "photo of a person"}.get(
        record.actor_kind, "photo" if record.purpose else ""
    )


def _audience(streams: ItemStreams, record: AccountRecord, kind: str) -> int:
    """How many people follow the account (drawn for the account alone)."""
    key = "advertising" if record.purpose == "advertising" else record.actor_kind or record.purpose
    median = _AUDIENCE.get(key, 200.0) * PROFILES[kind].followers_scale / (1 + record.backup_number)
    rng = streams.rng("audience", record.platform, record.handle)
    return int(median * rng.lognormal(0.0, 0.8))


def _accounts_table(
    view: WorldView,
    streams: ItemStreams,
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
    names: dict[tuple[str, str], str],
) -> pd.DataFrame:
    starts, ends = scenario_places(view.scenario)
    places = starts + ends
    zones: dict[str, str] = {}
    rows = []
    for key, record in records.items():
        kind = platforms[record.platform]
        rng = streams.rng("account", *key)
        bio, language = _bio(record, places, rng)
        fmt = PROFILES[kind].created_format
        created = ""
        if fmt and record.created is not None:
            if record.platform not in zones:
                zones[record.platform] = platform_zone(view.scenario, record.platform)
            created = local_date(record.created, zones[record.platform], fmt)
        rows.append(
            {
                "platform": record.platform,
                "handle": record.handle,
                "display_name": names[key],
                "bio": bio or None,
                "created": created or None,
                "language": language or None,
                "followers": _audience(streams, record, kind) if PROFILES[kind].followers else None,
                "posts": record.posts,
                "profile_image": _profile_image(record) or None,
                "status": "suspended" if record.taken_down is not None else "active",
                "url": public_url(record.platform, record.handle),
            }
        )
    return conform(rows, ACCOUNTS, sort_by=["platform", "handle"])


def _post_time(when: datetime, kind: str) -> datetime:
    """``when`` as the platform shows it: to the minute on platforms with a minute clock."""
    return when.replace(second=0, microsecond=0) if PROFILES[kind].minute_clock else when


def _event_times(events: list[dict[str, Any]]) -> tuple[list[datetime], list[datetime]]:
    """(time, time floored to the minute) of each event, as ``datetime`` (UTC).

    Converted for the whole log at once: post rows do their time arithmetic on ``datetime``,
    which gives the same instants as ``pandas.Timestamp`` at a fraction of the cost per post
    (the written columns are cast to ``datetime64[s, UTC]`` either way).
    """
    if not events:
        return [], []
    stamps = pd.DatetimeIndex([row["time"] for row in events])
    return list(stamps.to_pydatetime()), list(stamps.floor("min").to_pydatetime())


def _as_datetime(when: pd.Timestamp | None) -> datetime | None:
    """``when`` as a ``datetime`` (``None`` stays ``None``)."""
    return None if when is None else pd.Timestamp(when).to_pydatetime()


@dataclass(frozen=True)
class _Setting:
    """What every post of one world writes with, read from the scenario once (not per post)."""

    starts: list[str]
    ends: list[str]
    messenger: str
    vocabulary: dict[str, list[str]]
    period_end: pd.Timestamp | None

    @classmethod
    def of(cls, view: WorldView) -> _Setting:
        """The setting of ``view``'s scenario."""
        starts, ends = scenario_places(view.scenario)
        return cls(
            starts=starts,
            ends=ends,
            messenger=messenger_name(view.scenario),
            vocabulary=_vocabulary(view.scenario),
            period_end=_period_end(view),
        )


def _engagement(followers: float, kind: str, rng: Draws) -> dict[str, Any]:
    profile = PROFILES[kind]
    reach = max(followers, 20.0) * rng.lognormal(-2.5, 0.9)
    likes = int(rng.poisson(reach))
    views = int(max(followers, 20.0) * rng.uniform(0.3, 2.5)) + likes if profile.views else None
    # A Poisson draw of mean 0 is 0 and takes nothing from the generator: skip the call.
    return {
        "likes": likes,
        "shares": int(rng.poisson(likes * 0.12)) if likes else 0,
        "comments": (int(rng.poisson(likes * 0.05)) if likes else 0) if profile.comments else None,
        "views": views,
    }


def _written(
    row: dict[str, Any],
    detail: dict[str, Any],
    record: AccountRecord,
    setting: _Setting,
    rng: Draws,
) -> PublicText:
    """The post's text and picture, drawn from ``rng`` (the post's own "text" generator)."""
    starts, ends = setting.starts, setting.ends
    place = text(row.get("place"))
    fallback = (place or (starts[0] if starts else ""), ends[0] if ends else "")
    messenger = setting.messenger
    if row["kind"] == "advert_posted":
        amount = row.get("amount")
        price = float(amount) if amount is not None and amount == amount else None
        if price is None and detail.get("price") is not None:
            price = float(detail["price"])
        return write_advert(
            detail,
            price=price,
            currency=text(row.get("currency")) or "EUR",
            messenger=messenger,
            rng=rng,
            places=fallback,
        )
    if row["kind"] == "platform_move":
        book = phrasebook_for(record.language)
        template = book.moved[int(rng.integers(len(book.moved)))] if book.moved else "{platform}"
        brand = record.brands[0] if record.brands else record.display_name or record.handle
        return PublicText(
            book.code, template.format(platform=detail.get("to_platform"), brand=brand)
        )
    if not detail.get("words"):
        # The world chose no words for this post; a benign post still talks about the same things,
        # so it quotes one or two of the scenario's words for its language (presentation only).
        pack = setting.vocabulary.get(text(detail.get("language")), [])
        if pack:
            detail = {**detail, "words": [pack[i] for i in _two_of(len(pack), rng)]}
    origin = starts[int(rng.integers(len(starts)))] if starts else place
    dest = ends[int(rng.integers(len(ends)))] if ends else place
    amount = row.get("amount")
    return write_benign(
        detail,
        actor_kind=text(detail.get("actor_kind")) or record.actor_kind,
        rng=rng,
        places=(origin or "", dest or ""),
        fee=float(amount) if amount is not None and amount == amount else None,
        currency=text(row.get("currency")) or "EUR",
        phone=text(row.get("actor_phone")),
        messenger=messenger,
        name=record.display_name,
    )


def _two_of(count: int, rng: ItemRandom) -> list[int]:
    """Two distinct positions below ``count`` (the one there is when ``count`` is 1), sorted.

    >>> from simulator.observers.item_random import ItemRandom
    >>> pair = _two_of(9, ItemRandom(3))
    >>> len(set(pair)) == 2 and all(0 <= i < 9 for i in pair)
    True
    """
    if count == 1:
        return [0]
    first = rng.integers(count)
    second = rng.integers(count - 1)
    # The second of the other count - 1 positions: those above the first move up by one.
    return sorted((first, second + (second >= first)))


def _vocabulary(scenario: Any) -> dict[str, list[str]]:
    """Language -> the scenario's vocabulary words (``online.vocabulary``)."""
    online = getattr(scenario, "online", None)
    return {pack.language: list(pack.words) for pack in getattr(online, "vocabulary", None) or []}


def _move_account(
    row: dict[str, Any], detail: dict[str, Any], records: dict[tuple[str, str], AccountRecord]
) -> AccountRecord | None:
    """The account that announces a move: the event's, else the mover's last on the old platform."""
    old = text(detail.get("from_platform")) or text(row.get("platform"))
    handle = text(row.get("actor_account"))
    if (old, handle) in records:
        return records[(old, handle)]
    owned = [r for r in records.values() if r.platform == old and r.owner == text(row.get("actor"))]
    return owned[-1] if owned else None


def _posts_rows(
    view: WorldView,
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
    names: dict[tuple[str, str], str],
    followers: dict[tuple[str, str], float],
    events: list[Any],
    details: Iterator[dict[str, Any]],
) -> list[PostRow]:
    """One row per captured post (and repost) of ``events`` (the rows of posts and moves, in log
    order), whose parsed details ``details`` gives in the same order.

    Consumes ``events``, each set to ``None`` once read, and takes each detail as it comes: at
    x125 the largest platform's posts hold about 300 MB of parsed details, which were once all
    held beside the growing rows.
    """
    rows: list[PostRow] = []
    channel_numbers: dict[tuple[str, str], int] = {}
    setting = _Setting.of(view)
    period_end = _as_datetime(setting.period_end)
    exact_times, minute_times = _event_times(events)
    # Removal times as datetimes too, compared with every capture time below.
    removed = {k: _as_datetime(r.taken_down) for k, r in records.items() if r.taken_down}
    # Each post draws from two generators: "post" (capture, reposts, counts) and "text".
    sources = [text(row.get("post_id")) or f"E{row.get('event_id')}" for row in events]
    texts = [text(row.get("post_id")) or str(row.get("event_id")) for row in events]
    # Nine posts in ten draw at most about 20 doubles from either (advert texts, small counts).
    streams = ItemStreams(
        view, [*(("post", key) for key in sources), *(("text", key) for key in texts)], draws=24
    )
    for index, (source, text_key, exact, minute) in enumerate(
        zip(sources, texts, exact_times, minute_times, strict=True)
    ):
        row, detail = events[index], next(details)
        events[index] = None  # read once: it can go
        if row["kind"] == "platform_move":
            record = _move_account(row, detail, records)
        else:
            record = records.get((text(row.get("platform")), text(row.get("actor_account"))))
        if record is None:
            continue
        key = (record.platform, record.handle)
        kind = platforms[record.platform]
        rng = streams.rng("post", source)
        written = _written(row, detail, record, setting, streams.rng("text", text_key))
        when = minute if PROFILES[kind].minute_clock else exact
        taken_down = removed.get(key)
        collected = when + timedelta(seconds=int(rng.integers(1800, 3 * 86_400)))
        if taken_down is not None and collected > taken_down:
            if rng.random() < _LOST_RATE or taken_down <= when:
                continue
            window = max(int((taken_down - when).total_seconds()), 60)
            collected = when + timedelta(seconds=int(rng.integers(30, window + 1)))
        copies = [(when, collected, "")]
        if row["kind"] == "advert_posted" and rng.random() < _REPOST_RATE:
            again = when + timedelta(seconds=int(rng.integers(86_400, 4 * 86_400)))
            alive = taken_down is None or again < taken_down
            if alive and (period_end is None or again < period_end):
                copies.append((_post_time(again, kind), again + timedelta(hours=6), "repost"))
        original_id = ""
        for number, (at, saved, mark) in enumerate(copies):
            if kind == "broadcast_channel":
                # Channel messages are numbered in order; the first ones predate monitoring.
                channel_numbers[key] = channel_numbers.get(key, 40) + 1
                post_id = f"{record.handle}/{channel_numbers[key]}"
                url = public_url(record.platform, record.handle, str(channel_numbers[key]))
            else:
                post_id = numeric_id(kind, f"{source}#{number}", view.seed)
                url = public_url(record.platform, record.handle, "posts", post_id)
            counts = _engagement(followers.get(key, 100.0), kind, rng)
            rows.append(
                PostRow(
                    post_id=post_id,
                    platform=record.platform,
                    handle=record.handle,
                    display_name=names[key],
                    time=at,
                    language=written.language,
                    text=written.text,
                    media=text(detail.get("media")) or ("image" if written.image_text else "text"),
                    image_text=written.image_text or None,
                    logo=written.logo or None,
                    watermark=written.watermark or None,
                    group_name=None,
                    repost_of=original_id if mark == "repost" else None,
                    url=url,
                    collected=saved,
                    _source=source,
                    _kind=row["kind"],
                    _actor_kind=record.actor_kind or text(detail.get("actor_kind")),
                    _purpose=record.purpose,
                    **counts,
                )
            )
            original_id = original_id or post_id
    return rows


def _period_end(view: WorldView) -> pd.Timestamp | None:
    period = getattr(view.scenario, "period", None)
    if period is None:
        return None
    return pd.Timestamp(period.start, tz="UTC") + pd.Timedelta(days=int(period.days))


def _recaptures(rows: list[PostRow], view: WorldView) -> list[PostRow]:
    """Pages the capture tool saved twice: same post, later capture, grown counts."""
    extra = []
    # The first draw decides; only the few recaptured pages draw more.
    streams = ItemStreams(view, (("recapture", item["post_id"]) for item in rows), draws=1)
    for item in rows:
        rng = streams.rng("recapture", item["post_id"])
        if rng.random() < _RECAPTURE_RATE:
            copy = PostRow(**item)
            copy["collected"] = item["collected"] + timedelta(hours=int(rng.integers(6, 72)))
            for name in ("likes", "shares", "views"):
                if copy[name] is not None:
                    copy[name] = int(copy[name] * rng.uniform(1.0, 1.6))
            extra.append(copy)
    return rows + extra


def _takedowns(
    streams: ItemStreams,
    platforms: dict[str, str],
    records: dict[tuple[str, str], AccountRecord],
    names: dict[tuple[str, str], str],
) -> pd.DataFrame:
    rows = []
    for key, record in records.items():
        if record.taken_down is None:
            continue
        rng = streams.rng("takedown", *key)
        delay = pd.Timedelta(seconds=int(rng.integers(3600, 36 * 3600)))
        rows.append(
            {
                "platform": record.platform,
                "handle": record.handle,
                "display_name": names[key],
                "url": public_url(record.platform, record.handle),
                "notice": PROFILES[platforms[record.platform]].notice,
                "observed": (record.taken_down + delay).floor("min"),
            }
        )
    return conform(rows, TAKEDOWN_NOTICES, sort_by=["observed", "platform", "handle"])


# Every event kind this lens reads; the log is read once and each step takes its kinds from it.
_READS = (*ACCOUNT_KINDS, "platform_move", "contact")
_POSTS_AND_MOVES = ("advert_posted", "benign_post", "platform_move")


def _of_kinds(
    rows: list[dict[str, Any]], positions: np.ndarray, kinds: tuple[str, ...]
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """The event rows of ``kinds`` among ``rows`` and their ``positions``, in log order."""
    chosen = [index for index, row in enumerate(rows) if row["kind"] in kinds]
    return [rows[index] for index in chosen], positions[chosen]


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The open-tier social-platform tables of one world (see the module docstring)."""
    positions = kind_positions(view, *_READS)
    platforms = public_platforms(view.scenario)
    if not platforms:
        # Without a scenario, every platform named by a post is treated as a social network.
        for row, _detail in event_rows_at(view, positions, parse=False):
            if row["kind"] not in ("advert_posted", "benign_post", "account_created"):
                continue
            name = text(row.get("platform"))
            if name and name not in platforms and text(row.get("channel")) != "messenger":
                platforms[name] = "social_network"
    return _observe_platforms(view, platforms, positions)


def _observe_platforms(
    view: WorldView, platforms: dict[str, str], positions: np.ndarray
) -> dict[str, pd.DataFrame]:
    """The tables of the accounts on ``platforms`` (name -> kind), from the events at
    ``positions`` in the log (ascending).

    Everything here stays on one platform: an account, its posts (a move is announced by the
    account it leaves), their comments and groups; and every draw comes from an item's own
    stream. So the tables of some of the platforms are exactly the rows of the whole tables that
    are on those platforms, in the same order (see :func:`observe_part`).

    Each kind of event is parsed when its step comes: the posts one slice at a time as they
    become rows, the contacts after that, so that no two of them are held parsed at once.
    """
    rows = [row for row, _detail in event_rows_at(view, positions, parse=False)]
    accounts, at_accounts = _of_kinds(rows, positions, ACCOUNT_KINDS)
    posts, at_posts = _of_kinds(rows, positions, _POSTS_AND_MOVES)
    contacts, at_contacts = _of_kinds(rows, positions, ("contact",))
    del rows  # each kind's rows are the only references left
    # Account events include the posts: their details are parsed again for the posts' rows,
    # a slice at a time both times, rather than all held at once (at x125, 300 MB a platform).
    records = public_accounts(
        view, platforms, zip(accounts, event_details_at(view, at_accounts), strict=True)
    )
    del accounts
    records = {k: r for k, r in records.items() if platforms[k[0]] != "marketplace" or r.posts}
    streams = ItemStreams(
        view,
        (
            (purpose, *key)
            for key in records
            for purpose in ("name", "audience", "account", "takedown")
        ),
    )
    names = {key: _display_name(r, streams.rng("name", *key)) for key, r in records.items()}
    followers = {key: float(_audience(streams, r, platforms[key[0]])) for key, r in records.items()}
    rows = _posts_rows(
        view, platforms, records, names, followers, posts, event_details_at(view, at_posts)
    )
    place_in_groups(view, rows, platforms, records)
    asked = list(zip(contacts, event_details_at(view, at_contacts), strict=True))
    del contacts
    comments = comments_table(view, rows, platforms, records, COMMENTS, asked)
    del asked
    memberships = memberships_table(view, rows, platforms, records, MEMBERSHIPS)
    rows = _recaptures(rows, view)
    return {
        "accounts": _accounts_table(view, streams, platforms, records, names),
        "posts": conform(
            rows, POSTS, sort_by=["platform", "time", "post_id", "collected"], consume=True
        ),
        "comments": comments,
        "memberships": memberships,
        "takedown_notices": _takedowns(streams, platforms, records, names),
    }


# --- The lens in parts, one per platform ----------------------------------------------------------
# This lens is by far the largest observer: run whole, it keeps one core busy long after the
# others are done. Its tables are per platform (see _observe_platforms) and all but the takedown
# notices sort by platform first, so it can run as one task per platform whose tables, put end to
# end in platform-name order, are the whole tables (the notices are sorted again).

#: Relative cost of one post (advert or benign post) by platform kind, for sizing the parts:
#: posts that take public comments cost about 1.4 times as much to observe as those that do not
#: (measured on channel x25: 8.4, 17.2, 15.0 and 6.2 CPU s for 23 %, 33 %, 28 % and 16 % of the
#: posts on its channel, social network, short-video app and marketplace); the forum's is a guess.
_POST_COST: dict[str, float] = {
    "social_network": 1.4,
    "short_video": 1.45,
    "broadcast_channel": 1.0,
    "forum": 1.4,
    "marketplace": 1.0,
}
#: Event kinds that are posts on the platform their row names.
_POST_KINDS = ("advert_posted", "benign_post")


def parts(view: WorldView) -> list[tuple[tuple[str, ...], float]]:
    """How to run this lens in parts: (platforms of each part, its estimated share of the work).

    One part per public platform of the scenario, in platform-name order (the order the tables
    sort in, see :func:`merge_parts`); a part's share is its posts weighted by the cost of a post
    of its kind. A single part, to be run whole with :func:`observe`, when the scenario names
    fewer than two public platforms (without a scenario, the platforms come from the events).
    Called before the parts are forked, it also numbers the events the parts read, once for all.

    >>> import pandas as pd
    >>> parts(WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7))
    [((), 1.0)]
    """
    platforms = public_platforms(view.scenario)
    if len(platforms) < 2:
        return [((), 1.0)]
    read = _read_rows(view)
    posts = read.platform_codes[read.of_kinds(*_POST_KINDS)]
    tally = np.bincount(posts, minlength=len(read.platforms)).tolist()
    counts = dict(zip(read.platforms, tally, strict=True))
    weights = {
        name: max(counts.get(name, 0), 1) * _POST_COST.get(kind, 1.0)
        for name, kind in platforms.items()
    }
    total = sum(weights.values())
    return [((name,), weights[name] / total) for name in sorted(platforms)]


@dataclass(frozen=True)
class _ReadRows:
    """The events this lens reads (:data:`_READS`), with their kind and platform numbered.

    Worked out once per view (:meth:`WorldView.memo`) and shared by the parts, which then pick
    their events by comparing small integers instead of strings.
    """

    positions: np.ndarray  # in the log, ascending
    kind_codes: np.ndarray
    kinds: list[str]
    platform_codes: np.ndarray  # of the platform text of the row ("" when none)
    platforms: list[str]

    @classmethod
    def of(cls, view: WorldView) -> _ReadRows:
        """The read events of ``view`` (none for an empty log)."""
        events = view.events
        if events is None or events.empty or not {"kind", "platform"} <= set(events.columns):
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, [], empty, [])
        positions = view.kind_rows(*_READS)
        kind_codes, kinds = pd.factorize(events["kind"].iloc[positions].to_numpy(dtype=object))
        named = text_array(events["platform"].iloc[positions])
        platform_codes, platforms = pd.factorize(named)
        return cls(positions, kind_codes, list(kinds), platform_codes, list(platforms))

    def of_kinds(self, *kinds: str) -> np.ndarray:
        """Whether each read event is of one of ``kinds``."""
        return np.isin(self.kind_codes, [i for i, kind in enumerate(self.kinds) if kind in kinds])

    def on(self, names: set[str]) -> np.ndarray:
        """Whether each read event's row names one of the platforms ``names``."""
        wanted = [i for i, name in enumerate(self.platforms) if name in names]
        return np.isin(self.platform_codes, wanted)


def _read_rows(view: WorldView) -> _ReadRows:
    """:class:`_ReadRows` of ``view``, kept with the view."""
    return view.memo("platforms.read_rows", lambda: _ReadRows.of(view))


def observe_part(view: WorldView, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The rows of :func:`observe`'s tables that are on the platforms ``names`` (see :func:`parts`).

    Only the events these platforms read are read (:func:`_part_positions`).
    """
    chosen = set(names)
    platforms = {
        name: kind for name, kind in public_platforms(view.scenario).items() if name in chosen
    }
    return _observe_platforms(view, platforms, _part_positions(view, chosen))


def _part_positions(view: WorldView, chosen: set[str]) -> np.ndarray:
    """The positions in the log of the events of :data:`_READS` that the platforms ``chosen``
    read, ascending.

    Account events and posts count for the platform of their row. A move counts for the platform
    it leaves, not the one its row names: the leaving account announces it (:func:`_move_account`
    looks the account up there), so the move and that account are always in the same part. A
    contact counts when it names one of the kept posts (comments_table only reads those).
    """
    read = _read_rows(view)
    if not len(read.positions):
        return read.positions
    keep = read.of_kinds(*ACCOUNT_KINDS) & read.on(chosen)
    moves = np.flatnonzero(read.of_kinds("platform_move"))
    for index, (row, detail) in zip(moves, event_rows_at(view, read.positions[moves]), strict=True):
        keep[index] = (text(detail.get("from_platform")) or text(row.get("platform"))) in chosen
    # The posts' sources (post id, else "E" and the event id), as _posts_rows names them.
    posted = read.positions[keep & read.of_kinds(*_POST_KINDS, "platform_move")]
    named = _post_ids(view, posted)
    sources = {post_id for post_id in named if post_id}
    unnamed = posted[[not post_id for post_id in named]]
    for row, _detail in event_rows_at(view, unnamed, parse=False):
        sources.add(f"E{row.get('event_id')}")
    asking = np.flatnonzero(read.of_kinds("contact") & ~keep)
    cited = _post_ids(view, read.positions[asking])
    keep[asking[[post_id in sources for post_id in cited]]] = True
    return read.positions[keep]


def _post_ids(view: WorldView, positions: np.ndarray) -> list[str]:
    """``text(post_id)`` of the events at ``positions`` ("" where there is no such column)."""
    if "post_id" not in view.events.columns:
        return [""] * len(positions)
    return text_array(view.events["post_id"].iloc[positions]).tolist()


def merge_parts(results: list[dict[str, Any]]) -> dict[str, pa.Table]:
    """The whole tables from those of :func:`observe_part` over :func:`parts`, in that order.

    Parts come back as pandas DataFrames (run here) or pyarrow Tables (run in a worker process);
    each table is made one Arrow table as a worker hands it over (so its types, and the written
    bytes, are the same as for the whole lens run in a worker). The parts hold one platform each,
    in name order, so their rows put end to end are already sorted; only the takedown notices,
    sorted by time first, are sorted again.
    """
    out: dict[str, pa.Table] = {}
    for spec in TABLES:
        pieces = [as_arrow(result[spec.name]) for result in results]
        table = pa.concat_tables(pieces)
        if spec.name == TAKEDOWN_NOTICES.name:
            order = [("observed", "ascending"), ("platform", "ascending"), ("handle", "ascending")]
            table = table.sort_by(order)
        # One chunk per column, as a whole table has: Parquet pages follow chunk boundaries.
        out[spec.name] = table.combine_chunks()
    return out
