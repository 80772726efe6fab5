"""The public text of adverts and benign posts, written from what the event recorded.

The world decides *what* an advert says (language, code words, emoji, price, contact number,
whether the number is only in the picture, child discount, claims, brand and logo, backup number,
kind of offer, media); this module decides *how it reads*: a headline, bullet lines, a price in
local style, a contact line or "number in the picture", and for pictures and videos the OCR text an
analyst's tool extracts from them. Benign posts (NGOs, journalists, travel agencies, diaspora
groups) quote the same vocabulary in warnings, reports, legal offers and community help, so a
keyword search finds both.

Example
-------
>>> import numpy as np
>>> from simulator.observers.language import mentions_phone
>>> detail = {"language": "fr", "words": ["boza", "départ garanti"], "emoji": ["🚤🌊🇮🇹"],
...           "legs": ["Sfax→Lampedusa"], "contact_phone": "+216 83123456", "media": "text",
...           "claims": ["safe"], "brand": "Aigle Voyages", "offer": "crossing"}
>>> ad = write_advert(detail, price=2500, currency="EUR", messenger="Whisperline",
...                   rng=np.random.default_rng(1))
>>> ad.language, "boza" in ad.text, mentions_phone(ad.text, "+216 83123456")
('fr', True, True)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulator.observers.item_random import Draws
from simulator.observers.language import (
    Phrasebook,
    format_price,
    ocr_garble,
    phrasebook_for,
    write_phone,
)

__all__ = ["PublicText", "route_ends", "strip_emoji", "write_advert", "write_benign"]


@dataclass(frozen=True, slots=True)
class PublicText:
    """What a public page shows of one post: its language, text and picture."""

    language: str
    text: str
    image_text: str = ""
    logo: str = ""
    watermark: str = ""


def _pick(options: Sequence[str], rng: Draws) -> str:
    """One of ``options`` (empty string if none); always one draw, so streams stay aligned."""
    index = int(rng.integers(max(len(options), 1)))
    return options[index] if options else ""


class _Unread(dict):
    """``str.translate`` table that deletes what OCR does not return, filled as characters come.

    Dropped: symbols, modifiers, format characters and combining marks that are not letters or
    digits, and variation selectors; every other character maps to itself.
    """

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        dropped = (
            unicodedata.category(char) in ("So", "Sk", "Cf", "Mn") and not char.isalnum()
        ) or "\ufe00" <= char <= "\ufe0f"
        self[code] = None if dropped else code
        return self[code]


_UNREAD = _Unread()
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65_536)
def strip_emoji(text: str) -> str:
    """``text`` without emoji and joiners (OCR engines do not return them), spaces tidied.

    Cached: picture lines (brands, routes, prices) repeat across thousands of adverts.

    >>> strip_emoji("🚤🌊 Lampedusa ➡️ now")
    'Lampedusa now'
    """
    return _SPACES.sub(" ", text.translate(_UNREAD)).strip()


_ARROW = re.compile(r"\s*(?:→|->|–>|>)\s*")
_REPEATED_WORD = re.compile(r"\b(\w+) \1\b")
_BLANKS = re.compile(r"[ \t]+")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?؟。])\s")


@lru_cache(maxsize=4096)
def _leg_ends(leg: str) -> tuple[str, str] | None:
    """(from, to) of a ``"A→B"`` leg, ``None`` if it names no two places (cached: legs repeat)."""
    parts = _ARROW.split(leg)
    return (parts[0].strip(), parts[-1].strip()) if len(parts) >= 2 else None


@lru_cache(maxsize=16_384)
def _without_doubled_word(headline: str) -> str:
    """A brand that already says "Consulting" or "Travel" must not read "Consulting Consulting"."""
    return _REPEATED_WORD.sub(r"\1", headline)


def route_ends(detail: Mapping[str, Any], fallback: tuple[str, str] = ("", "")) -> tuple[str, str]:
    """(origin, destination) of an advert's ``legs`` however the world wrote them.

    Legs may be ``"A→B"``/``"A->B"`` strings, ``[from, to]`` pairs or ``{"from": .., "to": ..}``.

    >>> route_ends({"legs": ["Sfax→El Amra", "El Amra→Lampedusa"]})
    ('Sfax', 'Lampedusa')
    >>> route_ends({"legs": [{"from": "Izmir", "to": "Lesbos"}]})
    ('Izmir', 'Lesbos')
    """
    ends: list[tuple[str, str]] = []
    for leg in detail.get("legs") or ():
        if isinstance(leg, str):
            pair = _leg_ends(leg)
            if pair is not None:
                ends.append(pair)
        elif isinstance(leg, Mapping):
            ends.append((str(leg.get("from", leg.get("from_", ""))), str(leg.get("to", ""))))
        elif isinstance(leg, Sequence) and len(leg) >= 2:
            ends.append((str(leg[0]), str(leg[1])))
    if not ends:
        return fallback
    return ends[0][0] or fallback[0], ends[-1][1] or fallback[1]


@lru_cache(maxsize=1024)
def _claim_key(claim: str) -> str:
    claim = claim.lower()
    for key, marks in (
        ("safe", ("safe", "secur")),
        ("guaranteed", ("guarant",)),
        ("daily", ("daily", "every")),
        ("families", ("famil",)),
        ("pay_on_arrival", ("arrival", "pay")),
        ("small_group", ("small",)),
        ("vip", ("vip",)),
        ("fast", ("fast", "speed")),
    ):
        if any(mark in claim for mark in marks):
            return key
    return ""


def _word_lines(words: Sequence[str], rng: Draws) -> list[str]:
    """The code words laid out one of three ways: ticked lines, one line, or hashtags."""
    style = int(rng.integers(3))
    if not words:
        return []
    if style == 0:
        return [f"✅ {word}" for word in words]
    if style == 1:
        return [" • ".join(words)]
    tagged = [f"#{word}" if " " not in word and not word[:1].isdigit() else word for word in words]
    return [" ".join(tagged)]


def _headline(book: Phrasebook, offer: str) -> Sequence[str]:
    if offer == "documents":
        return book.documents or book.crossing
    if offer == "driver_wanted":
        return book.driver_wanted or book.crossing
    return book.crossing


def _image_text(lines: Sequence[str], rng: Draws) -> str:
    """The OCR output for a picture carrying ``lines``: no emoji, some digits misread."""
    return ocr_garble("\n".join(filter(None, map(strip_emoji, lines))), rng)


def write_advert(
    detail: Mapping[str, Any],
    *,
    price: float | None,
    currency: str,
    messenger: str,
    rng: Draws,
    places: tuple[str, str] = ("", ""),
) -> PublicText:
    """The public text and picture text of one advert.

    Parameters
    ----------
    detail
        The ``advert_posted`` event's detail (see ``simulator.world.events``).
    price, currency
        The quoted price (the event's ``amount``), or ``None`` when none was quoted.
    messenger
        The messenger the seller asks people to write on.
    rng
        A generator for this advert alone.
    places
        (origin, destination) to use when the detail names no legs.

    Returns
    -------
    PublicText
        ``language`` is the language actually written (the phrasebook's code).
    """
    book = phrasebook_for(str(detail.get("language", "")))
    origin, dest = route_ends(detail, places)
    words = [str(word) for word in detail.get("words") or ()]
    emoji = [str(code) for code in detail.get("emoji") or ()]
    brand = str(detail.get("brand") or "")
    offer = str(detail.get("offer") or "crossing")
    media = str(detail.get("media") or "text")
    image_only = bool(detail.get("image_only"))
    if image_only and media == "text":
        media = "image"
    phone = str(detail.get("contact_phone") or "")
    head = _pick(_headline(book, offer), rng)
    headline = head.format(
        emoji=emoji[0] if emoji else "", origin=origin, dest=dest, brand=brand or dest
    ).strip()
    headline = _without_doubled_word(headline)
    body = _word_lines(words, rng)
    for claim in detail.get("claims") or ():
        phrases = book.claims.get(_claim_key(str(claim)), ())
        if phrases:
            body.append(_pick(phrases, rng))
    if detail.get("child_discount"):
        body.append(_pick(book.child, rng))
    body.extend(emoji[1:] if "{emoji}" in head else emoji)
    rng.shuffle(body)
    lines = [headline, *body]
    price_text = ""
    if price is not None and price == price:
        price_text = format_price(price, currency, book, rng)
        template = book.driver_pay if offer == "driver_wanted" else book.price
        lines.append(_pick(template, rng).format(price=price_text))
    written_phone = write_phone(phone, rng, book.native_digits) if phone else ""
    if image_only:
        lines.append(_pick(book.image_contact, rng))
    elif phone:
        lines.append(_pick(book.contact, rng).format(phone=written_phone, messenger=messenger))
    if int(detail.get("backup_number") or 0) > 0 and rng.random() < 0.7:
        lines.append(_pick(book.backup, rng))
    if rng.random() < 0.6:
        lines.append(_pick(book.closing, rng))
    image_text = ""
    if media in ("image", "video"):
        picture = [brand.upper(), f"{origin} > {dest}" if origin and dest else dest, price_text]
        if phone and (image_only or rng.random() < 0.4):
            picture.append(write_phone(phone, rng))
        image_text = _image_text([line for line in picture if line], rng)
    text = "\n".join(filter(None, lines))
    return PublicText(
        language=book.code,
        text=text,
        image_text=image_text,
        logo=str(detail.get("logo") or "") if media != "text" else "",
        watermark=brand if media != "text" else "",
    )


def _quoted(words: Sequence[str], book: Phrasebook) -> str:
    left, right = book.quote
    return ", ".join(f"{left}{word}{right}" for word in words)


def write_benign(
    detail: Mapping[str, Any],
    *,
    actor_kind: str,
    rng: Draws,
    places: tuple[str, str],
    fee: float | None = None,
    currency: str = "EUR",
    phone: str = "",
    messenger: str = "",
    name: str = "",
) -> PublicText:
    """The text of a benign post that quotes the shared vocabulary in another context.

    >>> import numpy as np
    >>> post = write_benign({"language": "ar", "words": ["حرقة"]}, actor_kind="ngo",
    ...                     rng=np.random.default_rng(0), places=("Sfax", "Lampedusa"))
    >>> post.language, "حرقة" in post.text
    ('ar', True)
    """
    book = phrasebook_for(str(detail.get("language", "")))
    words = [str(word) for word in detail.get("words") or ()]
    kind = actor_kind if actor_kind in book.benign else "diaspora_group"
    template = _pick(book.benign.get(kind, ()), rng)
    price_text = format_price(fee if fee is not None else 250, currency, book, rng)
    text = template.format(
        w=_quoted(words, book) if words else "",
        w1=_quoted(words[:1], book) if words else "",
        origin=places[0],
        dest=places[1],
        price=price_text,
    )
    if "  " in text or "\t" in text:  # else every run of blanks is one space already
        text = _BLANKS.sub(" ", text)
    text = text.strip()
    missing = [word for word in words if word not in text]
    if missing and len(missing) == len(words):
        text += "\n" + " ".join(f"#{w}" if " " not in w else w for w in missing)
    if phone and kind == "travel_agency":
        written = write_phone(phone, rng, book.native_digits)
        text += "\n" + _pick(book.contact, rng).format(phone=written, messenger=messenger)
    media = str(detail.get("media") or "text")
    image_text = ""
    if media in ("image", "video"):
        first = _FIRST_SENTENCE.split(text, maxsplit=1)[0]
        image_text = _image_text([name.upper(), first], rng)
    return PublicText(language=book.code, text=text, image_text=image_text)
