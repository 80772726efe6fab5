"""Online marketplace (open tier): classified listings for boats, engines, vehicles and equipment.

Networks buy boats and engines online like anyone else (listings "for 55-60 people"), and sellers
of used vans and minibuses advertise there too. The lens writes what a listing page shows: a
title and description in the seller's language, the price as written, where the item is, the
capacity the seller states, and whether it is marked sold. It never says who bought it.

Imperfections: times to the minute (as marketplaces show them), a location left out by some
sellers, and pages the capture tool saved twice.

Example
-------
>>> import pandas as pd
>>> from simulator.observers.base import WorldView
>>> observe(WorldView(events=pd.DataFrame(), truth={}, scenario=None, seed=7))["listings"].shape
(0, 17)
>>> category("outboard engine 40 hp"), category("minibus"), category("fishing boat 12 m")
('engine', 'vehicle', 'boat')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform
from simulator.observers.language import format_price, phrasebook_for
from simulator.observers.lookup import text
from simulator.observers.platform_catalog import numeric_id, public_platforms, public_url
from simulator.observers.platform_world import ItemStreams, event_rows, floor_minute

__all__ = ["LISTINGS", "TABLES", "category", "observe", "state_capacity"]

LISTINGS = TableSpec(
    name="listings",
    tier="open",
    description="Classified listings captured on the online marketplace: boats, outboard "
    "engines, vans, minibuses and equipment, with price, place and the capacity the seller "
    "states. Most are ordinary sales; some items end up carrying people.",
    imitates="a listing page of an online classified-ads marketplace",
    columns=(
        Column("listing_id", "string", "the marketplace's listing number"),
        Column("platform", "string", "fictional marketplace name (see 'Fictional platforms')"),
        Column("seller_handle", "string", "seller's public handle"),
        Column("time", "timestamp", "when it was listed (UTC, to the minute)"),
        Column("language", "string", "ISO 639-1 code of the title and description"),
        Column("category", "string", "'boat', 'engine', 'vehicle' or 'equipment'"),
        Column("title", "string", "listing title"),
        Column("description", "string", "listing text"),
        Column("price_text", "string", "price as written on the page"),
        Column("price", "float64", "price as a number"),
        Column("currency", "string", "ISO currency code"),
        Column("location", "string", "town the item is in; empty when the seller left it out"),
        Column(
            "capacity_text", "string", "capacity as the seller states it (e.g. 'for 55-60 people')"
        ),
        Column("status", "string", "'available' or 'sold'"),
        Column("url", "string", "listing address (reserved .example domain)"),
        Column("collected", "timestamp", "when the capture tool saved the page (UTC)"),
        Column("image_text", "string", "OCR text of the listing photo (rarely any)"),
    ),
    time_column="time",
    notes=("A listing captured twice appears twice with the same listing_id.",),
)

TABLES: tuple[TableSpec, ...] = (LISTINGS,)

# How a capacity is said in each language: (people phrase, seats phrase) with {n} the number.
_CAPACITY: dict[str, tuple[str, str]] = {
    "en": ("for {n} people", "{n} seats"),
    "fr": ("pour {n} personnes", "{n} places"),
    "ar": ("لـ {n} شخص", "{n} بلايص"),
    "fa": ("برای {n} نفر", "{n} چوکی"),
    "ps": ("د {n} کسانو لپاره", "{n} څوکۍ"),
    "tr": ("{n} kişilik", "{n} koltuk"),
    "sq": ("për {n} persona", "{n} vende"),
    "ku": ("بۆ {n} کەس", "{n} کورسی"),
    "ur": ("{n} افراد کے لیے", "{n} سیٹیں"),
}
_NO_LOCATION = 0.15  # sellers who leave the town out (modelling choice)
_RECAPTURE = 0.03


def category(item: str) -> str:
    """The marketplace category of an item description."""
    lowered = item.lower()
    if "engine" in lowered or "motor" in lowered:
        return "engine"
    if "boat" in lowered or "dinghy" in lowered or "inflatable" in lowered:
        return "boat"
    if any(word in lowered for word in ("van", "bus", "car", "truck", "lorry")):
        return "vehicle"
    return "equipment"


def state_capacity(capacity: str, language: str) -> str:
    """A capacity ("for 55-60 people", "9 seats", "max 50") said in ``language``.

    >>> state_capacity("for 55-60 people", "fr"), state_capacity("9 seats", "tr")
    ('pour 55-60 personnes', '9 koltuk')
    """
    people, seats = _CAPACITY.get(language, _CAPACITY["en"])
    match = re.search(r"\d+(?:\s*[-–]\s*\d+)?", capacity)
    if not match:
        return capacity
    number = match.group(0)
    if "seat" in capacity:
        return seats.format(n=number)
    if "people" in capacity or "max" in capacity:
        return people.format(n=number)
    return capacity


def _title(item: str, language: str) -> str:
    book = phrasebook_for(language)
    base = book.items.get(category(item), item)
    size = re.findall(r"\d+\s?(?:m|hp)\b", item)
    lot = re.search(r"lot of (\d+)", item)
    extra = " ".join(size) + (f" x{lot.group(1)}" if lot else "")
    return f"{base} {extra}".strip()


def _source(row: dict[str, Any]) -> str:
    """The listing's key in the log: its post id, else its event id."""
    return text(row.get("post_id")) or f"E{row.get('event_id')}"


def _listing(
    view: WorldView, row: dict[str, Any], detail: dict[str, Any], streams: ItemStreams
) -> dict[str, Any]:
    source = _source(row)
    rng = streams.rng("listing", source)
    book = phrasebook_for(text(detail.get("language")))
    item = text(detail.get("item"))
    amount = row.get("amount")
    price = (
        float(amount)
        if amount is not None and amount == amount
        else float(detail.get("price") or 0)
    )
    currency = text(row.get("currency")) or "EUR"
    price_text = format_price(price, currency, book, rng)
    capacity = state_capacity(text(detail.get("capacity_text")), book.code)
    place = text(row.get("place"))
    location = "" if rng.random() < _NO_LOCATION else place
    template = book.listing[int(rng.integers(len(book.listing)))] if book.listing else "{title}"
    title = _title(item, book.code)
    description = template.format(title=title, capacity=capacity, price=price_text, place=location)
    description = re.sub(r"\s+([.,،۔])", r"\1", re.sub(r"[.,،۔]\s*[.,،۔]", ".", description))
    listing_id = numeric_id("marketplace", source, view.seed)
    platform = text(row.get("platform"))
    when = floor_minute(row["time"])
    return {
        "listing_id": listing_id,
        "platform": platform,
        "seller_handle": text(row.get("actor_account")) or None,
        "time": when,
        "language": book.code,
        "category": category(item),
        "title": title,
        "description": description.strip(),
        "price_text": price_text,
        "price": price,
        "currency": currency,
        "location": location or None,
        "capacity_text": capacity or None,
        "status": "sold" if detail.get("sold_to") else "available",
        "url": public_url(platform, "item", listing_id),
        "collected": when + pd.Timedelta(seconds=int(rng.integers(1800, 2 * 86_400))),
        "image_text": None,
    }


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The open-tier marketplace listings of one world."""
    platforms = public_platforms(view.scenario)
    events = [
        (row, detail)
        for row, detail in event_rows(view, "marketplace_listing")
        if not platforms or text(row.get("platform")) in platforms
    ]
    streams = ItemStreams(view, (("listing", _source(row)) for row, _detail in events))
    rows = [_listing(view, row, detail, streams) for row, detail in events]
    extra = [
        {**listing, "collected": listing["collected"] + pd.Timedelta(hours=12)}
        for listing in rows
        if streams.rng("listing_recapture", listing["listing_id"]).random() < _RECAPTURE
    ]
    return {
        "listings": conform(rows + extra, LISTINGS, sort_by=["time", "listing_id", "collected"])
    }
