"""The marketplace lens: listings in the seller's language, prices as written, no buyer shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from simulator.observers import marketplace
from simulator.observers.base import WorldView
from simulator.observers.imperfection import DTYPES
from simulator.observers.language import has_arabic_script, parse_prices
from simulator.scenario.loader import load_scenario
from simulator.world.events import DAY, EventLog

ROOT = Path(__file__).resolve().parents[1]
ITEMS = (
    ("inflatable boat 8 m", "for 55-60 people", 4200, "ar", "M7"),
    ("outboard engine 40 hp", "", 1850, "fr", None),
    ("used van", "9 seats", 6100, "en", None),
    ("minibus", "18 seats", 9900, "tr", None),
    ("life jackets (lot of 50)", "", 450, "fa", "M8"),
)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(ROOT / "scenarios/central-med.yaml")


def build_events() -> pd.DataFrame:
    log = EventLog(dt.date(2024, 6, 1))
    for index, (item, capacity, price, language, buyer) in enumerate(ITEMS * 3):
        detail = {"item": item, "capacity_text": capacity, "price": price, "language": language}
        if buyer:
            detail["sold_to"] = buyer
        log.add(
            "marketplace_listing", index * DAY // 2 + 777, f"S{index % 4}", None, "Kelibia",
            platform="Swapstall", actor_account=f"seller_{index % 4}", post_id=f"ML{index:06d}",
            amount_cents=price * 100, currency="EUR", actor_phone="+216 83000111", detail=detail,
        )  # fmt: skip
    return log.to_frame()


@pytest.fixture(scope="module")
def listings(scenario) -> pd.DataFrame:
    view = WorldView(events=build_events(), truth={}, scenario=scenario, seed=7)
    return marketplace.observe(view)["listings"]


def test_columns_and_dtypes_follow_the_spec(listings):
    assert tuple(listings.columns) == marketplace.LISTINGS.column_names()
    for column in marketplace.LISTINGS.columns:
        assert str(listings[column.name].dtype) == DTYPES[column.dtype], column.name


def test_every_listing_is_there_once_or_recaptured(listings):
    assert listings["listing_id"].nunique() == len(ITEMS) * 3
    for _id, copies in listings.groupby("listing_id"):
        assert copies["collected"].nunique() == len(copies)


def test_text_is_in_the_sellers_language_with_price_and_capacity(listings):
    for row in listings.itertuples():
        assert has_arabic_script(row.title) == (row.language in {"ar", "fa"}), row.title
        assert row.price in parse_prices(row.price_text)
        assert row.price_text in row.description
    boats = listings[listings["category"] == "boat"]
    assert (boats["capacity_text"] == "لـ 55-60 شخص").all()
    assert set(listings["category"]) == {"boat", "engine", "vehicle", "equipment"}
    vans = listings[listings["language"] == "tr"]
    assert vans["capacity_text"].eq("18 koltuk").all()


def test_sold_status_is_shown_but_not_the_buyer(listings):
    sold = listings[listings["status"] == "sold"]
    assert set(sold["category"]) == {"boat", "equipment"}
    for column in listings.columns:
        if str(listings[column].dtype) == "str":
            assert not listings[column].isin(["M7", "M8", "S0", "S1"]).any(), column
    assert not listings["listing_id"].str.startswith("ML").any()


def test_times_are_to_the_minute_and_deterministic(scenario, listings):
    assert (listings["time"].dt.second == 0).all()
    again = marketplace.observe(
        WorldView(events=build_events(), truth={}, scenario=scenario, seed=7)
    )
    pd.testing.assert_frame_equal(listings, again["listings"])
    assert listings["url"].str.startswith("https://swapstall.example/item/").all()
