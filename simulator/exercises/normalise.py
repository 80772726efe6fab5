"""Canonical text forms of answers, so ``"@Eagle1 "`` and ``"eagle1"`` digest the same.

A question names its normaliser (``text`` by default); the same one is applied to the true answer
when the case is generated and to the trainee's answer when it is checked.

>>> normalise("@Eagle_1 ", "handle"), normalise("+216 (83) 84-57-29", "phone"), normalise(12.0)
('eagle_1', '21683845729', '12')
>>> normalise("0021683845729", "phone") == normalise("+216 83.84.57.29", "phone")
True
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from typing import Any

__all__ = ["NORMALISERS", "canonical", "is_blank", "normalise"]


def canonical(value: Any) -> str:
    """A stable string for any scalar: integral floats as ints, booleans lower-case, times ISO.

    >>> canonical(True), canonical(3.50), canonical(7), canonical("x")
    ('true', '3.5', '7', 'x')
    """
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()  # numpy scalars
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _text(value: Any) -> str:
    return " ".join(canonical(value).split()).casefold()


def _handle(value: Any) -> str:
    return _text(value).lstrip("@")


# Arabic-Indic and Extended Arabic-Indic digits (adverts in Arabic script) read as 0-9.
_DIGITS = str.maketrans({chr(base + n): str(n) for base in (0x0660, 0x06F0) for n in range(10)})


def _phone(value: Any) -> str:
    # The rule lawful requests match numbers by (simulator.investigate.requests.target_keys):
    # digits only, the international prefix written "+" or "00" alike.
    text = canonical(value).strip().translate(_DIGITS)
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00") and not text.lstrip("(").startswith("+"):
        return digits[2:]
    return digits


#: Normalisers by name (questions refer to them by name so they stay plain data).
NORMALISERS: dict[str, Callable[[Any], str]] = {
    "text": _text,
    "exact": canonical,
    "handle": _handle,
    "phone": _phone,
}


def normalise(value: Any, how: str = "text") -> str:
    """Apply the normaliser called ``how``."""
    if how not in NORMALISERS:
        raise ValueError(f"unknown normaliser {how!r}; known: {', '.join(NORMALISERS)}")
    return NORMALISERS[how](value)


def is_blank(answer: Any) -> bool:
    """True for "not attempted": None, ``...``, empty or blank text, empty collections, NaN.

    >>> [is_blank(x) for x in (None, ..., "  ", [], float("nan"), 0, "a")]
    [True, True, True, True, True, False, False]
    """
    if answer is None or answer is Ellipsis:
        return True
    if type(answer).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if getattr(answer, "ndim", None) == 0 or isinstance(answer, float):
        try:
            return math.isnan(float(answer))
        except (TypeError, ValueError):
            return False
    if hasattr(answer, "__len__"):
        return len(answer) == 0
    return False
