"""Numbers as people write them online: native digits, local price styles, and reading them back.

Prices appear as "2500€", "2 500 €", "€2,500", "2.500 euro", "£3k", "$1500", "٢٥٠٠ يورو" or
"۲۵۰۰ یورو". :func:`format_price` writes one of these for a phrasebook's habits;
:func:`parse_prices` reads every amount back from a text (trainees need the same skill).

>>> to_ascii_digits("٢٥٠٠ يورو")
'2500 يورو'
>>> parse_prices("Only €2,500 per person, kids 1.5k")
[2500.0, 1500.0]
"""

from __future__ import annotations

import re
import unicodedata

from simulator.observers.item_random import Draws
from simulator.observers.language.phrasebook import Phrasebook

__all__ = ["SYMBOLS", "format_price", "native_digits", "parse_prices", "to_ascii_digits"]

#: Currency code -> symbol, for currencies that have one people type.
SYMBOLS: dict[str, str] = {"EUR": "€", "GBP": "£", "USD": "$", "TRY": "₺"}

_NATIVE_ZERO = {"arabic_indic": 0x0660, "persian": 0x06F0}
# ASCII digit -> native digit, as str.translate tables (one pass in C instead of a Python loop).
_NATIVE_TABLES = {
    system: str.maketrans("0123456789", "".join(chr(zero + digit) for digit in range(10)))
    for system, zero in _NATIVE_ZERO.items()
}


def native_digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits written in ``system`` (``arabic_indic`` or ``persian``).

    >>> native_digits("2500", "persian")
    '۲۵۰۰'
    """
    table = _NATIVE_TABLES.get(system)
    return text if table is None else text.translate(table)


def to_ascii_digits(text: str) -> str:
    """``text`` with every Unicode decimal digit (Arabic-Indic, Persian...) as an ASCII digit.

    >>> to_ascii_digits("۰۹۱")
    '091'
    """
    out = []
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            value = unicodedata.decimal(char, None)
            out.append(str(value) if value is not None else char)
        else:
            out.append(char)
    return "".join(out)


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def _k_form(number: int, separator: str) -> str:
    thousands = number / 1000
    text = f"{thousands:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", separator) + "k"


def format_price(
    amount: float, currency: str, book: Phrasebook, rng: Draws, style: str = ""
) -> str:
    """A price written the way speakers of ``book``'s language write it online.

    Styles: ``sym_before`` (€2,500), ``sym_after`` (2500€), ``space_grouped`` (2 500 €),
    ``dot_grouped`` (2.500€), ``code`` (2500 EUR), ``word`` (2500 euros), ``native_word``
    (٢٥٠٠ يورو), ``k`` (2.5k€, only for whole hundreds from 1,000 up). ``style`` forces one;
    otherwise one of the book's habits is drawn (always one draw, so streams stay aligned).

    >>> from simulator.observers.language import phrasebook_for
    >>> from simulator.observers.item_random import ItemRandom
    >>> format_price(2500, "EUR", phrasebook_for("fr"), ItemRandom(0), "space_grouped")
    '2\\u202f500 €'
    >>> format_price(3000, "GBP", phrasebook_for("en"), ItemRandom(0), "k")
    '£3k'
    """
    pick = book.price_styles[int(rng.integers(len(book.price_styles)))]
    style = style or pick
    number = round(float(amount))
    symbol = SYMBOLS.get(currency, "")
    word = book.currency_words.get(currency, currency)
    if style == "k" and (number < 1000 or number % 100):
        style = "sym_after"
    if not symbol and style in ("sym_before", "sym_after", "space_grouped", "dot_grouped", "k"):
        style = "code"
    if style == "sym_before":
        return f"{symbol}{_grouped(number, ',')}"
    if style == "sym_after":
        return f"{number}{symbol}"
    if style == "space_grouped":
        return f"{_grouped(number, chr(0x202F))} {symbol}"
    if style == "dot_grouped":
        return f"{_grouped(number, '.')}{symbol}"
    if style == "k":
        text = _k_form(number, "," if book.code == "fr" else ".")
        return f"{symbol}{text}" if currency in ("GBP", "USD") else f"{text}{symbol}"
    if style == "native_word" and book.native_digits:
        return f"{native_digits(str(number), book.native_digits)} {word}"
    if style in ("word", "native_word"):
        return f"{number} {word}"
    return f"{number} {currency}"


_PRICE = re.compile(
    r"(?<![\d.,])(?:(?P<k>\d+(?:[.,]\d+)?)\s?[kK]\b"
    r"|(?P<grouped>\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+)(?![\d])"
    r"|(?P<plain>\d+))"
)


def parse_prices(text: str) -> list[float]:
    """Every number in ``text`` read as an amount ("2.5k" = 2500, "2 500" = 2500), in order.

    Native digits are read too; phone numbers and other figures come back as numbers as well,
    so callers look for the amount they expect.

    >>> parse_prices("السوم: ٢٥٠٠ يورو")
    [2500.0]
    >>> parse_prices("2,5k€ ou 2.500€")
    [2500.0, 2500.0]
    """
    found: list[float] = []
    for match in _PRICE.finditer(to_ascii_digits(text)):
        if match.group("k"):
            found.append(round(float(match.group("k").replace(",", ".")) * 1000, 2))
        elif match.group("grouped"):
            found.append(float(re.sub(r"\D", "", match.group("grouped"))))
        else:
            found.append(float(match.group("plain")))
    return found
