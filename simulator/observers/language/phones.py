"""Phone numbers as posted: spacing variants, native digits, and the OCR text of a picture.

Sellers write the same number many ways ("+216 83123456", "00216 83 123 456", "+216-83-123-456");
when the number sits inside a picture, the only machine-readable trace is OCR output, with its
usual confusions (0 read as O, 1 as l). :func:`mentions_phone` finds a number again through all
of that, as an analyst's search must.

>>> mentions_phone("call +216 83 l23 456 now", "+216 83123456")
True
>>> phone_key("00216 83-123-456")
'21683123456'
"""

from __future__ import annotations

import re
from functools import lru_cache

from simulator.observers.item_random import Draws
from simulator.observers.language.numerals import native_digits, to_ascii_digits

__all__ = ["find_phone_keys", "mentions_phone", "ocr_garble", "phone_key", "write_phone"]

# What OCR engines read instead of a digit, and how an analyst maps them back.
_OCR_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "0": ("O", "o", "D"),
    "1": ("l", "I", "|"),
    "2": ("Z",),
    "5": ("S",),
    "8": ("B",),
}
_OCR_READBACK = {
    "O": "0",
    "o": "0",
    "D": "0",
    "l": "1",
    "I": "1",
    "|": "1",
    "Z": "2",
    "S": "5",
    "B": "8",
}
_CONFUSABLE = re.compile("[" + "".join(_OCR_CONFUSIONS) + "]")
_CANDIDATE = re.compile(r"[+(]?[0-9OoDlI|ZSB][0-9OoDlI|ZSB \-.()/\u00a0]{5,}[0-9OoDlI|ZSB]")


def phone_key(number: str) -> str:
    """The digits of a number in international form: no ``+``, no ``00`` prefix, no spacing.

    >>> phone_key("+44 7700 900123")
    '447700900123'
    """
    digits = re.sub(r"\D", "", to_ascii_digits(number))
    return digits[2:] if digits.startswith("00") else digits


@lru_cache(maxsize=4096)
def _split_number(number: str) -> tuple[str, str]:
    """(calling code, national number) of a ``"+CC NNNN"`` number (cached: sellers repost)."""
    head, _, rest = number.strip().partition(" ")
    if not rest:
        return "", re.sub(r"\D", "", number)
    return head.lstrip("+"), re.sub(r"\D", "", rest)


def _groups(digits: str, size: int) -> list[str]:
    first = len(digits) % size or size
    return [digits[:first]] + [digits[i : i + size] for i in range(first, len(digits), size)]


def write_phone(number: str, rng: Draws, native: str = "") -> str:
    """``number`` written one of the ways people post it (one draw decides which).

    ``native`` (``arabic_indic``/``persian``) lets a few numbers come out in native digits.

    >>> import numpy as np
    >>> phone_key(write_phone("+216 83123456", np.random.default_rng(4)))
    '21683123456'
    """
    code, national = _split_number(number)
    style = int(rng.integers(8))
    if not code:
        return number
    if style == 0:
        text = number
    elif style == 1:
        text = f"+{code}{national}"
    elif style == 2:
        text = f"00{code} " + " ".join(_groups(national, 2))
    elif style == 3:
        text = f"+{code} " + " ".join(_groups(national, 3))
    elif style == 4:
        text = f"+{code}-" + "-".join(_groups(national, 3))
    elif style == 5:
        text = f"+{code} " + ".".join(_groups(national, 2))
    elif style == 6:
        text = f"(+{code}) {national}"
    else:
        text = f"00{code}{national}"
    if native and rng.random() < 0.3:
        text = native_digits(text, native)
    return text


def ocr_garble(text: str, rng: Draws, rate: float = 0.12) -> str:
    """``text`` as an OCR engine might read it from a picture: some digits become look-alikes.

    >>> import numpy as np
    >>> ocr_garble("100", np.random.default_rng(0), rate=1.0) != "100"
    True
    """
    # Only the few confusable digits can change: visit those, not every character.
    out = None
    for match in _CONFUSABLE.finditer(text):
        if rng.random() < rate:
            options = _OCR_CONFUSIONS[match.group()]
            out = out if out is not None else list(text)
            out[match.start()] = options[int(rng.integers(len(options)))]
    return text if out is None else "".join(out)


def find_phone_keys(text: str) -> list[str]:
    """Digit strings of every phone-like run in ``text``, OCR look-alikes read back as digits.

    >>> find_phone_keys("TEL: 00216 B3 l23 456")
    ['21683123456']
    """
    keys: list[str] = []
    for match in _CANDIDATE.finditer(to_ascii_digits(text)):
        run = "".join(_OCR_READBACK.get(char, char) for char in match.group(0))
        key = phone_key(run)
        if len(key) >= 6:
            keys.append(key)
    return keys


def mentions_phone(text: str, number: str) -> bool:
    """Whether ``text`` contains ``number`` in any spacing, prefix style, script or OCR reading."""
    wanted = phone_key(number)
    return bool(wanted) and any(wanted in key for key in find_phone_keys(text))
