"""Multilingual text for the online lenses: phrasebooks, prices and phone numbers as written.

One module per language (``ar``, ``fa``, ``ps``, ``ku``, ``ur`` in Arabic script; ``en``, ``fr``,
``tr``, ``sq`` in Latin script), each a :class:`Phrasebook` of templates written for this project.

>>> sorted(PHRASEBOOKS)
['ar', 'en', 'fa', 'fr', 'ku', 'ps', 'sq', 'tr', 'ur']
>>> phrasebook_for("xx").code
'en'
>>> has_arabic_script("رحلة 2500€"), has_arabic_script("trip")
(True, False)
"""

from __future__ import annotations

from simulator.observers.language import ar, en, fa, fr, ku, ps, sq, tr, ur
from simulator.observers.language.numerals import (
    format_price,
    native_digits,
    parse_prices,
    to_ascii_digits,
)
from simulator.observers.language.phones import (
    find_phone_keys,
    mentions_phone,
    ocr_garble,
    phone_key,
    write_phone,
)
from simulator.observers.language.phrasebook import BENIGN_KINDS, Phrasebook

__all__ = [
    "BENIGN_KINDS",
    "PHRASEBOOKS",
    "Phrasebook",
    "find_phone_keys",
    "format_price",
    "has_arabic_script",
    "mentions_phone",
    "native_digits",
    "ocr_garble",
    "parse_prices",
    "phone_key",
    "phrasebook_for",
    "to_ascii_digits",
    "write_phone",
]

#: Language code -> phrasebook.
PHRASEBOOKS: dict[str, Phrasebook] = {
    module.PHRASEBOOK.code: module.PHRASEBOOK for module in (ar, en, fa, fr, ku, ps, sq, tr, ur)
}

#: The language written when a scenario asks for one without a phrasebook.
FALLBACK = "en"


def phrasebook_for(language: str) -> Phrasebook:
    """The phrasebook of ``language``, or the English one if there is none."""
    return PHRASEBOOKS.get(language, PHRASEBOOKS[FALLBACK])


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` holds letters of the Arabic script (Arabic, Persian, Pashto, Urdu...)."""
    return any(
        char.isalpha()
        and (
            "\u0600" <= char <= "\u06ff"
            or "\u0750" <= char <= "\u077f"
            or "\ufb50" <= char <= "\ufefc"
        )
        for char in text
    )
