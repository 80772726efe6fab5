"""The shape of one language's phrasebook: every phrase an online lens writes in that language.

A :class:`Phrasebook` holds templates, not finished text: headlines, claim phrases, price and
contact lines for adverts; warnings, reports, legal offers and community posts for benign actors;
group names, comments and marketplace titles. Templates use ``str.format`` fields:

``{origin}``, ``{dest}``  place names (left in their scenario spelling, as people paste them);
``{brand}``              the seller's brand name; ``{price}`` a price written in local style;
``{phone}``              a contact number; ``{messenger}`` the messenger's name;
``{w}``                  the shared vocabulary, quoted; ``{w1}`` its first word;
``{place}``              a place (group names, listings); ``{title}``, ``{capacity}`` (listings);
``{platform}``           a platform name (moves); ``{emoji}`` an emoji code.

``bios`` are profile texts keyed by ``advertising``, ``seller`` or a benign actor kind.

Every phrase was written for this project: plain marketing or community wording with no
operational content (no routes beyond place names, no meeting points, no methods).

>>> book = Phrasebook(code="xx", script="latin", crossing=("{dest} {price}",))
>>> book.crossing[0].format(dest="Lampedusa", price="2500€")
'Lampedusa 2500€'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["BENIGN_KINDS", "Phrasebook"]

#: Benign actor kinds a phrasebook writes posts for (``schema.BenignKind`` values).
BENIGN_KINDS: tuple[str, ...] = (
    "ngo",
    "journalist",
    "travel_agency",
    "diaspora_group",
    "crypto_user",
    "hawala_customer",
)


@dataclass(frozen=True)
class Phrasebook:
    """Templates for one language (see the module docstring for the fields they use).

    Attributes
    ----------
    code : str
        ISO 639-1 code; the ``language`` of every post written from this book.
    script : {"latin", "arabic"}
        The script its sentences are written in.
    native_digits : str
        ``""`` (Latin digits only), ``"arabic_indic"`` (٠١٢) or ``"persian"`` (۰۱۲): digits some
        writers of the language use for prices and numbers.
    price_styles : tuple of str
        Price writing styles in order of habit (see ``numerals.format_price``).
    currency_words : dict
        Currency code -> the word for it ("يورو", "euros").
    """

    code: str
    script: Literal["latin", "arabic"]
    native_digits: str = ""
    quote: tuple[str, str] = ('"', '"')
    price_styles: tuple[str, ...] = ("sym_after",)
    currency_words: dict[str, str] = field(default_factory=dict)
    crossing: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    driver_wanted: tuple[str, ...] = ()
    claims: dict[str, tuple[str, ...]] = field(default_factory=dict)
    child: tuple[str, ...] = ()
    price: tuple[str, ...] = ()
    driver_pay: tuple[str, ...] = ()
    contact: tuple[str, ...] = ()
    image_contact: tuple[str, ...] = ()
    backup: tuple[str, ...] = ()
    closing: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    benign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bios: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group_names: tuple[str, ...] = ()
    comment_ask: tuple[str, ...] = ()
    comment_reply: tuple[str, ...] = ()
    comment_general: tuple[str, ...] = ()
    items: dict[str, str] = field(default_factory=dict)
    listing: tuple[str, ...] = ()
