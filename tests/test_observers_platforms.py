"""The social-platform lens: multilingual adverts, benign look-alikes, imperfections, no leaks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from simulator.observers import platforms
from simulator.observers.base import WorldView
from simulator.observers.imperfection import DTYPES
from simulator.observers.language import (
    has_arabic_script,
    mentions_phone,
    parse_prices,
    to_ascii_digits,
)
from simulator.scenario.loader import load_scenario
from simulator.world.events import DAY, EventLog

ROOT = Path(__file__).resolve().parents[1]
PACKS = {
    "mediterranean": ("ar", "fr", "en"),
    "balkans": ("ps", "fa", "tr", "ku", "ur"),
    "channel": ("sq",),
}
ARABIC_SCRIPT = {"ar", "ps", "fa", "ku", "ur"}
PLATFORMS = ("Kinfold", "Spinclip", "Beaconcast")


def vocabulary() -> dict[str, dict[str, list[str]]]:
    """Words and emoji per language, from the shipped vocabulary packs."""
    out: dict[str, dict[str, list[str]]] = {}
    for pack, languages in PACKS.items():
        data = yaml.safe_load((ROOT / "scenarios/packs" / f"vocabulary-{pack}.yaml").read_text())
        for entry in data["online"]["vocabulary"]:
            if entry["language"] in languages:
                out[entry["language"]] = {"words": entry["words"], "emoji": entry["emoji"]}
    return out


def build_events(seed_shift: int = 0) -> pd.DataFrame:
    """A small hand-made world: one seller per language, a takedown with a backup, benign posts."""
    log = EventLog(dt.date(2024, 6, 1))
    vocab = vocabulary()
    post = 0
    for index, language in enumerate(sorted(vocab)):
        words, emoji = vocab[language]["words"], vocab[language]["emoji"]
        seller, platform = f"P{index}", PLATFORMS[index % 3]
        handle, brand = f"seller{index}.trips", f"Brand{index} Travel"
        phone = f"+216 83{index:02d}{seed_shift:02d}456"
        log.add(
            "account_created",
            -30 * DAY + index,
            seller,
            platform=platform,
            actor_account=handle,
            detail={"display_name": brand, "backup_number": 0, "purpose": "advertising",
                    "bio_language": language},
        )  # fmt: skip
        for n in range(4):
            post += 1
            log.add(
                "advert_posted",
                (n * 3 + 1) * DAY + index * 600,
                seller,
                platform=platform,
                actor_account=handle,
                post_id=f"AD{post}",
                amount_cents=(1500 + 500 * n) * 100,
                currency="EUR",
                actor_phone=phone,
                detail={
                    "language": language,
                    "words": words[n : n + 3],
                    "emoji": emoji[:2],
                    "legs": ["Sfax→El Amra", "El Amra→Lampedusa"],
                    "contact_phone": phone,
                    "image_only": n == 2,
                    "child_discount": n % 2 == 0,
                    "claims": ["safe", "guaranteed"][: n % 3],
                    "brand": brand,
                    "logo": "eagle",
                    "backup_number": 0,
                    "offer": "documents" if n == 3 else "crossing",
                    "media": ("text", "image", "image", "video")[n],
                },
            )
            log.add(
                "contact",
                (n * 3 + 1) * DAY + index * 600 + 3600,
                f"M{index}{n}",
                seller,
                channel="messenger",
                post_id=f"AD{post}",
                detail={"via": "advert", "language": language},
            )
        if index == 0:  # a takedown and a numbered backup account
            log.add(
                "account_taken_down", 12 * DAY, seller, platform=platform, actor_account=handle,
                detail={"reason": "referral", "intervention": 1},
            )  # fmt: skip
            log.add("account_created", 12 * DAY + 3600, seller, platform=platform,
                    actor_account=handle + "1",
                    detail={"display_name": brand, "backup_number": 1, "backup_of": handle,
                            "purpose": "advertising", "bio_language": language})  # fmt: skip
            post += 1
            log.add(
                "advert_posted", 13 * DAY, seller, platform=platform, actor_account=handle + "1",
                post_id=f"AD{post}", amount_cents=200000, currency="EUR",
                detail={"language": language, "words": words[:2], "emoji": emoji[:1],
                        "legs": ["Sfax→Lampedusa"], "contact_phone": phone, "image_only": False,
                        "child_discount": False, "claims": [], "brand": brand, "logo": "eagle",
                        "backup_number": 1, "offer": "crossing", "media": "image"},
            )  # fmt: skip
            log.add("platform_move", 14 * DAY, seller, platform=platform,
                    actor_account=handle + "1",
                    detail={"from_platform": platform, "to_platform": "Beaconcast"})  # fmt: skip
    kinds = ("ngo", "journalist", "travel_agency", "diaspora_group")
    for index, language in enumerate(sorted(vocab)):
        for k, kind in enumerate(kinds):
            actor = f"B{index}{k}"
            handle = f"{kind}.{language}"
            platform = PLATFORMS[(index + k) % 3]
            log.add("account_created", -200 * DAY, actor, platform=platform,
                    actor_account=handle,
                    detail={"display_name": f"{kind.title()} {language}", "backup_number": 0,
                            "purpose": "benign", "bio_language": language})  # fmt: skip
            for n in range(2):
                post += 1
                log.add(
                    "benign_post", (5 + 7 * n) * DAY + index * 300 + k * 60, actor,
                    platform=platform, actor_account=handle, post_id=f"BP{post}",
                    actor_phone="+216 83999111" if kind == "travel_agency" else None,
                    detail={"language": language, "words": vocab[language]["words"][n : n + 2],
                            "topic": "warning", "actor_kind": kind,
                            "media": "image" if n else "text"},
                )  # fmt: skip
    return log.to_frame()


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(ROOT / "scenarios/central-med.yaml")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return build_events()


@pytest.fixture(scope="module")
def tables(scenario, events) -> dict[str, pd.DataFrame]:
    return platforms.observe(WorldView(events=events, truth={}, scenario=scenario, seed=7))


def _s(value) -> str:
    """A cell as text ('' for missing)."""
    return value if isinstance(value, str) else ""


def _details(events: pd.DataFrame, kind: str) -> dict[str, tuple[pd.Series, dict]]:
    import json

    frame = events[events["kind"] == kind]
    return {row.post_id: (row, json.loads(row.detail)) for row in frame.itertuples()}


def _advert_rows(tables, events):
    """Each advert event with the post rows written from it (matched by author and time)."""
    posts = tables["posts"]
    out = []
    for post_id, (row, detail) in _details(events, "advert_posted").items():
        mine = posts[
            (posts["handle"] == row.actor_account) & (posts["time"] == row.time.floor("min"))
        ]
        mine = (
            mine
            if len(mine)
            else posts[(posts["handle"] == row.actor_account) & (posts["time"] == row.time)]
        )
        out.append((post_id, row, detail, mine))
    return out


def test_tables_have_exactly_their_spec_columns_and_dtypes(tables):
    for spec in platforms.TABLES:
        frame = tables[spec.name]
        assert tuple(frame.columns) == spec.column_names(), spec.name
        for column in spec.columns:
            assert str(frame[column.name].dtype) == DTYPES[column.dtype], (spec.name, column.name)


def test_every_advert_is_written_in_its_language_and_script(tables, events):
    posts = tables["posts"]
    languages = set()
    for _post_id, _row, detail, mine in _advert_rows(tables, events):
        if mine.empty:  # lost with a removed account
            continue
        for post in mine.itertuples():
            assert post.language == detail["language"]
            languages.add(post.language)
            if post.language in ARABIC_SCRIPT - {"ku"}:
                assert has_arabic_script(post.text), post.text
            if post.language in {"fr", "en", "sq", "tr"}:
                assert not has_arabic_script(post.text)
    assert len(languages) >= 5
    assert {"ar", "fr", "en"} <= languages and {"ps", "fa"} & languages and {"sq", "tr"} & languages
    assert posts["language"].notna().all()


def test_adverts_carry_the_recorded_words_emoji_price_and_number(tables, events):
    checked = 0
    for _post_id, row, detail, mine in _advert_rows(tables, events):
        for post in mine.itertuples():
            body = post.text
            assert all(word in body for word in detail["words"]), (detail["words"], body)
            assert detail["emoji"][0] in body
            seen = parse_prices(body) + parse_prices(_s(post.image_text))
            assert any(abs(value - row.amount) < 1 for value in seen), (row.amount, body)
            phone = detail["contact_phone"]
            if detail["image_only"]:
                assert not mentions_phone(body, phone)
                assert mentions_phone(_s(post.image_text), phone), post.image_text
            else:
                assert mentions_phone(body, phone) or mentions_phone(_s(post.image_text), phone)
            if detail["child_discount"]:
                assert "👶" in body or "50%" in to_ascii_digits(body)
            checked += 1
    assert checked >= 30


def test_image_text_is_ocr_like_and_media_carries_watermarks(tables):
    pictures = tables["posts"][tables["posts"]["media"].isin(["image", "video"])]
    adverts = pictures[pictures["watermark"].notna()]
    assert len(adverts) > 0 and (adverts["logo"] == "eagle").all()
    assert pictures["image_text"].notna().all()
    assert not any("🚤" in value for value in pictures["image_text"])
    text_posts = tables["posts"][tables["posts"]["media"] == "text"]
    assert text_posts["image_text"].isna().all()


def test_benign_posts_share_the_advert_vocabulary(tables, events):
    posts = tables["posts"]
    benign = _details(events, "benign_post")
    shared = 0
    for _post_id, (row, detail) in benign.items():
        mine = posts[
            (posts["handle"] == row.actor_account)
            & (posts["time"].dt.floor("min") == row.time.floor("min"))
        ]
        assert len(mine) >= 1
        text = mine.iloc[0]["text"]
        assert mine.iloc[0]["language"] == detail["language"]
        shared += any(word in text for word in detail["words"])
    assert shared == len(benign)


def test_benign_travel_agency_numbers_are_false_positives(tables):
    posts = tables["posts"]
    agencies = posts[posts["handle"].str.startswith("travel_agency.")]
    assert any(mentions_phone(text, "+216 83999111") for text in agencies["text"])


def test_takedown_shows_notice_suspension_and_numbered_backup(tables):
    notices, accounts = tables["takedown_notices"], tables["accounts"]
    assert notices["handle"].tolist() == ["seller0.trips"]
    assert (notices["observed"] > pd.Timestamp("2024-06-13", tz="UTC")).all()
    status = dict(zip(accounts["handle"], accounts["status"], strict=True))
    assert status["seller0.trips"] == "suspended" and status["seller0.trips1"] == "active"
    backup = tables["posts"][tables["posts"]["handle"] == "seller0.trips1"]
    assert len(backup) >= 2  # its advert and the "we moved" notice
    assert backup["text"].str.contains("Beaconcast").any()


def test_platform_fields_follow_the_kind_of_service(tables):
    accounts = tables["accounts"]
    video = accounts[accounts["platform"] == "Spinclip"]
    social = accounts[accounts["platform"] == "Kinfold"]
    channel = accounts[accounts["platform"] == "Beaconcast"]
    assert video["created"].isna().all()
    assert social["created"].dropna().str.fullmatch(r"\d{4}-\d{2}").all()
    assert channel["created"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    posts = tables["posts"]
    assert (posts[posts["platform"] == "Spinclip"]["time"].dt.second == 0).all()
    channel_posts = posts[posts["platform"] == "Beaconcast"]
    assert channel_posts["post_id"].str.fullmatch(r"[^/]+/\d+").all()
    assert channel_posts["comments"].isna().all()
    assert posts[posts["platform"] == "Kinfold"]["views"].isna().all()


def test_comments_and_memberships_link_to_posts(tables):
    posts, comments, members = tables["posts"], tables["comments"], tables["memberships"]
    assert len(comments) > 0 and set(comments["post_id"]) <= set(posts["post_id"])
    assert not set(comments["platform"]) & {"Beaconcast"}
    shown = posts.drop_duplicates("post_id").set_index("post_id")["comments"]
    counted = comments.groupby("post_id").size()
    assert all(shown[post] >= count for post, count in counted.items())
    assert len(members) > 0 and set(members["group_role"]) <= {"admin", "member"}
    grouped = posts[posts["group_name"].notna() & (posts["platform"] == "Kinfold")]
    assert set(grouped["group_name"]) >= set(
        members[members["platform"] == "Kinfold"]["group_name"]
    )


def test_reposts_and_recaptures_are_visible_as_such(tables):
    posts = tables["posts"]
    reposts = posts[posts["repost_of"].notna()]
    assert set(reposts["repost_of"]) <= set(posts["post_id"])
    twice = posts[posts.duplicated("post_id", keep=False)]
    for _post_id, copies in twice.groupby("post_id"):
        assert copies["collected"].nunique() == len(copies)
        assert copies["text"].nunique() == 1


def test_same_seed_gives_identical_tables_and_another_seed_differs(scenario, events, tables):
    again = platforms.observe(WorldView(events=events, truth={}, scenario=scenario, seed=7))
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])
    other = platforms.observe(WorldView(events=events, truth={}, scenario=scenario, seed=8))
    assert not other["posts"]["text"].equals(tables["posts"]["text"])


def test_open_tables_reveal_no_truth(tables, events):
    forbidden_columns = {"person_id", "actor", "target", "role", "owner", "event_id", "purpose"}
    persons = set(events["actor"].dropna()) | set(events["target"].dropna())
    source_ids = set(events["post_id"].dropna())
    for name, frame in tables.items():
        assert not forbidden_columns & set(frame.columns), name
        for column in frame.columns:
            if str(frame[column].dtype) != "str":
                continue
            values = set(frame[column].dropna())
            assert not values & persons, (name, column)
            assert not values & source_ids, (name, column)
            joined = " ".join(values).lower()
            assert not re.search(r"\bsmuggler\b|\brecruiter\b|\badvert_posted\b", joined) or (
                name == "posts" and column == "text"
            ), (name, column)


def test_urls_use_reserved_domains(tables):
    for name in ("accounts", "posts", "takedown_notices"):
        assert tables[name]["url"].str.match(r"https://[a-z0-9]+\.example/").all()


def test_empty_world_gives_empty_tables():
    empty = platforms.observe(WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=1))
    assert all(frame.empty for frame in empty.values())
    assert tuple(empty["posts"].columns) == platforms.POSTS.column_names()
