"""Synthetic identities and identifiers that can never point at a real person or thing.

Every person in the world gets a name with its transliteration variants and owns identifiers:
phone numbers, SIM (IMSI) and handset (IMEI) numbers, platform handles, e-mail addresses, IP
addresses, wallet and bank-account numbers, document numbers, hawala code names, device ids.
:class:`IdentityFactory` draws them all, deterministically from a numpy generator and a Faker seed,
and keeps a registry so no identifier is handed out twice in one world.

How each kind is kept fictional (DESIGN.md, identity and safety of synthetic data):

* phone numbers use a prefix that ``phonenumbers`` 9.0.43 judges *invalid* for the country (found
  once from its metadata and written in :data:`PHONE_PLAN`), except UK mobiles, which come first
  from Ofcom's drama range 07700 900000–900999 (reserved for fiction);
* IMSIs carry the country's real MCC but MNC 99x, and IMEIs a test-range TAC (``00``) and a
  deliberately wrong Luhn check digit;
* e-mail domains are under example.com/.org/.net, ``.test``, ``.example`` or ``.invalid``;
* IP addresses come from the documentation ranges (RFC 5737 and RFC 3849);
* wallet addresses are Base58Check-shaped but their checksum is wrong; IBAN-shaped numbers fail
  the ISO 13616 mod-97 check.

Example
-------
>>> import numpy as np
>>> ids = IdentityFactory(np.random.default_rng(1), faker_seed=1)
>>> ids.phone_number("TN").startswith("+216 ")
True
>>> luhn_valid(ids.imei())
False
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from simulator.world.names import (
    FAMILY_POOLS,
    FEMALE_POOLS,
    MALE_POOLS,
    fold_accents,
    name_style,
    spellings,
    transliterate,
)
from simulator.world.rings import Ring
from simulator.world.scalar_draws import ScalarDraws

if TYPE_CHECKING:
    from faker import Faker

__all__ = [
    "EMAIL_DOMAINS",
    "MCC",
    "PHONE_PLAN",
    "IdentityFactory",
    "iban_valid",
    "lab_chain_address",
    "luhn_valid",
    "normalise_phone",
    "wallet_checksum_ok",
]

#: country -> (calling code, two-digit prefix no number in the country's plan starts with,
#: national number length). Found from ``phonenumbers`` 9.0.43 metadata: every number with this
#: prefix and length is "possible" (right length) but not valid (not allocated).
PHONE_PLAN: dict[str, tuple[int, str, int]] = {
    "TN": (216, "83", 8), "LY": (218, "90", 9), "EG": (20, "91", 10), "DZ": (213, "90", 9),
    "MA": (212, "90", 9), "SD": (249, "94", 9), "SS": (211, "90", 9), "ER": (291, "90", 7),
    "ET": (251, "82", 9), "SO": (252, "91", 8), "SY": (963, "91", 9), "IQ": (964, "90", 10),
    "IR": (98, "95", 10), "AF": (93, "90", 9), "PK": (92, "90", 10), "BD": (880, "90", 10),
    "IN": (91, "50", 10), "NP": (977, "91", 10), "TR": (90, "91", 10), "GR": (30, "91", 10),
    "CY": (357, "92", 8), "IT": (39, "90", 10), "MT": (356, "90", 8), "FR": (33, "87", 9),
    "GB": (44, "92", 10), "IE": (353, "91", 9), "DE": (49, "31", 11), "AT": (43, "91", 9),
    "CH": (41, "92", 9), "NL": (31, "92", 9), "BE": (32, "90", 9), "ES": (34, "99", 9),
    "PT": (351, "90", 9), "AL": (355, "90", 9), "XK": (383, "91", 8), "MK": (389, "90", 8),
    "RS": (381, "91", 9), "BA": (387, "91", 8), "ME": (382, "90", 8), "HR": (385, "93", 9),
    "SI": (386, "91", 8), "HU": (36, "90", 9), "RO": (40, "91", 9), "BG": (359, "98", 8),
    "UA": (380, "81", 9), "RU": (7, "88", 10), "BY": (375, "90", 9), "PL": (48, "90", 9),
    "LT": (370, "92", 8), "LV": (371, "91", 8), "EE": (372, "90", 8), "SE": (46, "99", 9),
    "NO": (47, "83", 8), "DK": (45, "95", 8), "FI": (358, "99", 9), "CZ": (420, "92", 9),
    "SK": (421, "92", 9), "SN": (221, "90", 9), "ML": (223, "81", 8), "CI": (225, "00", 10),
    "GN": (224, "90", 9), "BF": (226, "90", 8), "NE": (227, "71", 8), "MR": (222, "90", 8),
    "GM": (220, "46", 7), "NG": (234, "92", 10), "GH": (233, "90", 9), "CM": (237, "90", 9),
    "TD": (235, "80", 8), "LB": (961, "92", 8), "JO": (962, "90", 9), "PS": (970, "90", 9),
    "SA": (966, "90", 9), "AE": (971, "91", 9), "YE": (967, "90", 9), "KW": (965, "80", 8),
    "QA": (974, "90", 8), "VN": (84, "80", 9), "CN": (86, "90", 11), "US": (1, "96", 10),
    "CA": (1, "96", 10),
}  # fmt: skip
#: For a country not in :data:`PHONE_PLAN`: calling code 999 is unassigned (ITU "spare").
UNKNOWN_PHONE_PLAN = (999, "", 9)
#: Ofcom's drama range for UK mobiles: 07700 900000 to 07700 900999.
UK_DRAMA_PREFIX = "7700900"

#: Mobile country codes (ITU-T E.212) of the countries the lab knows; 001 is the test network.
MCC: dict[str, str] = {
    "TN": "605", "LY": "606", "EG": "602", "DZ": "603", "MA": "604", "SD": "634", "SS": "659",
    "ER": "657", "ET": "636", "SO": "637", "SY": "417", "IQ": "418", "IR": "432", "AF": "412",
    "PK": "410", "BD": "470", "IN": "404", "NP": "429", "TR": "286", "GR": "202", "CY": "280",
    "IT": "222", "MT": "278", "FR": "208", "GB": "234", "IE": "272", "DE": "262", "AT": "232",
    "CH": "228", "NL": "204", "BE": "206", "ES": "214", "PT": "268", "AL": "276", "XK": "221",
    "MK": "294", "RS": "220", "BA": "218", "ME": "297", "HR": "219", "SI": "293", "HU": "216",
    "RO": "226", "BG": "284", "UA": "255", "RU": "250", "BY": "257", "PL": "260", "LT": "246",
    "LV": "247", "EE": "248", "SE": "240", "NO": "242", "DK": "238", "FI": "244", "CZ": "230",
    "SK": "231", "SN": "608", "ML": "610", "CI": "612", "GN": "611", "BF": "613", "NE": "614",
    "MR": "609", "GM": "607", "NG": "621", "GH": "620", "CM": "624", "TD": "622", "LB": "415",
    "JO": "416", "PS": "425", "SA": "420", "AE": "424", "YE": "421", "KW": "419", "QA": "427",
    "VN": "452", "CN": "460", "US": "310", "CA": "302",
}  # fmt: skip
TEST_MCC = "001"

#: Total IBAN length per country (ISO 13616 registry); others get 24.
IBAN_LENGTH: dict[str, int] = {
    "TN": 24, "LY": 25, "EG": 29, "MA": 28, "SD": 18, "IQ": 23, "IR": 26, "PK": 24, "TR": 26,
    "GR": 27, "CY": 28, "IT": 27, "MT": 31, "FR": 27, "GB": 22, "IE": 22, "DE": 22, "AT": 20,
    "CH": 21, "NL": 18, "BE": 16, "ES": 24, "PT": 25, "AL": 28, "XK": 20, "MK": 19, "RS": 22,
    "BA": 20, "ME": 22, "HR": 21, "SI": 19, "HU": 28, "RO": 24, "BG": 22, "UA": 29, "RU": 33,
    "BY": 28, "PL": 28, "LT": 20, "LV": 21, "EE": 20, "SE": 24, "NO": 15, "DK": 18, "FI": 18,
    "CZ": 24, "SK": 24, "LB": 28, "JO": 30, "PS": 29, "SA": 24, "AE": 23, "KW": 30, "QA": 29,
    "SN": 28, "ML": 28, "CI": 28, "BF": 28, "NE": 28, "MR": 27, "CM": 27, "TD": 27, "SO": 23,
}  # fmt: skip
# Countries whose BBAN opens with a four-letter bank code.
_LETTER_BANK_CODE = frozenset({"GB", "IE", "NL", "JO", "KW", "QA", "BG", "LV", "MT", "PS"})

#: Mail domains: all under names reserved for documentation and testing (RFC 2606, RFC 6761).
EMAIL_DOMAINS: tuple[str, ...] = (
    "mail.example.com",
    "example.net",
    "post.example.org",
    "inbox.test",
    "webmail.example",
    "quickpost.invalid",
)
_IPV4_NETWORKS = ("192.0.2.", "198.51.100.", "203.0.113.")
_IPV4_TOTAL = 3 * 254

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
#: Version byte of the fictional chain's addresses (they start with "U" on Base58 encoding).
WALLET_VERSION = 0x44

_TRADES = (
    "tailor", "baker", "jeweller", "barber", "grocer", "carpenter", "butcher", "pharmacist",
    "mechanic", "perfumer", "goldsmith", "cobbler", "engineer", "teacher", "doctor", "fisherman",
)  # fmt: skip
_KUNYA = ("Layla", "Omar", "Yusuf", "Salim", "Karim", "Adam", "Ali", "Hamza", "Jamal", "Zaid")
_DEMONYMS = (
    "Egyptian", "Sudanese", "Libyan", "Syrian", "Eritrean", "Afghan", "Kurd", "Turk", "Bengali",
)  # fmt: skip
_HANDSET_BRANDS = ("Veltra", "Orionix", "Kestrel", "Nomada", "Saffir", "Tembo")
_HANDSET_LINES = ("A", "Lite", "Max", "S", "Go", "Pro")


def luhn_valid(number: str) -> bool:
    """True if the digit string passes the Luhn check (as real IMEIs and card numbers do).

    >>> luhn_valid("490154203237518")
    True
    >>> luhn_valid("490154203237519")
    False
    >>> luhn_valid("4901-5420")
    Traceback (most recent call last):
    ...
    ValueError: Luhn's check takes ASCII digits only, not '4901-5420'
    """
    return _luhn_sum(number, doubled=1) % 10 == 0


#: Each digit as Luhn doubles it (7 -> 14 -> 1 + 4 = 5).
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")


def _luhn_sum(digits: str, doubled: int) -> int:
    """Luhn's digit sum, doubling every second digit from the right, starting at index ``doubled``.

    >>> _luhn_sum("18", doubled=1), _luhn_sum("18", doubled=0)
    (10, 8)
    """
    if digits and not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"Luhn's check takes ASCII digits only, not {digits!r}")
    backwards = digits[::-1]
    kept, twice = backwards[1 - doubled :: 2], backwards[doubled::2].translate(_LUHN_DOUBLED)
    # An ASCII digit's code is 48 more than its value: summing the bytes sums the digits.
    return sum(kept.encode()) + sum(twice.encode()) - 48 * (len(kept) + len(twice))


def _luhn_digit(body: str) -> int:
    """The check digit that makes ``body + digit`` pass the Luhn check.

    Worked out in one pass (the digit is the only one of 0-9 that passes, so this equals trying
    each in turn): with the check digit appended, the body's last digit is doubled, then every
    second one to the left.

    >>> _luhn_digit("49015420323751")
    8
    """
    return -_luhn_sum(body, doubled=0) % 10


def _iban_number(text: str) -> int:
    """Letters to numbers (A=10 ... Z=35), as ISO 13616 does before the mod-97 test."""
    return int("".join(str(int(char, 36)) for char in text))


def iban_valid(iban: str) -> bool:
    """True if an IBAN passes the ISO 13616 mod-97 check.

    >>> iban_valid("GB82 WEST 1234 5698 7654 32")
    True
    >>> iban_valid("GB83WEST12345698765432")
    False
    """
    compact = iban.replace(" ", "").upper()
    return _iban_number(compact[4:] + compact[:4]) % 97 == 1


def _base58(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _BASE58[rest] + out
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + out


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def lab_chain_address(body: bytes, flip: int) -> str:
    """An address on the lab's fictional chain whose Base58Check checksum is deliberately wrong.

    ``body`` is the 20-byte account part; ``flip`` (1 to 255) is XOR-ed into the last checksum
    byte, so the address can never validate on any real chain.

    >>> wallet_checksum_ok(lab_chain_address(bytes(20), 7))
    False
    """
    payload = bytes([WALLET_VERSION]) + body
    good = _checksum(payload)
    return _base58(payload + good[:3] + bytes([good[3] ^ flip]))


def wallet_checksum_ok(address: str) -> bool:
    """True if a Base58Check address carries a correct double-SHA-256 checksum.

    >>> wallet_checksum_ok(_base58(b"\\x00" * 21 + _checksum(b"\\x00" * 21)))
    True
    """
    number = 0
    for char in address:
        if char not in _BASE58:
            return False
        number = number * 58 + _BASE58.index(char)
    leading = len(address) - len(address.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    raw = b"\0" * leading + body
    return len(raw) > 4 and _checksum(raw[:-4]) == raw[-4:]


def normalise_phone(number: str) -> str:
    """The E.164 form of a number as this module writes it: ``+`` and digits only.

    >>> normalise_phone("+216 83123456")
    '+21683123456'
    """
    return "+" + re.sub(r"\D", "", number)


@lru_cache(maxsize=1 << 16)
def _respellings(parts: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Up to six other spellings of a name whose parts have the given spellings (canonical first).

    First every part in its k-th spelling, then one part respelled at a time. Cached: pools and
    Faker's lists are short, so the same parts come back many times in a large world.

    >>> _respellings((("Mohamed", "Muhammad"), ("Ali",)))
    ('Muhammad Ali',)
    """
    canonical = " ".join(part[0] for part in parts)
    found: list[str] = []
    widest = max(len(part) for part in parts)
    for k in range(1, widest):  # every part in its k-th spelling
        found.append(" ".join(part[min(k, len(part) - 1)] for part in parts))
    for i, part in enumerate(parts):  # one part respelled at a time
        for alt in part[1:]:
            found.append(" ".join(alt if j == i else p[0] for j, p in enumerate(parts)))
    return tuple([v for v in dict.fromkeys(found) if v != canonical][:6])


class IdentityFactory:
    """Draws synthetic names and identifiers for one world, never the same identifier twice.

    Parameters
    ----------
    rng
        The world's generator for identities. The factory takes its seed from it once (see
        :class:`~simulator.world.scalar_draws.ScalarDraws`); every identifier then advances the
        factory's own draws, so the order of calls matters (the model makes them in a fixed
        order).
    faker_seed
        Seed for the Faker instances (one per locale, created when first needed, each seeded from
        ``faker_seed`` and the locale name so a locale's names do not depend on other locales).

    Example
    -------
    >>> import numpy as np
    >>> ids = IdentityFactory(np.random.default_rng(3), faker_seed=3)
    >>> name, variants = ids.person_name("TN")
    >>> len(variants) > 0 and name not in variants
    True
    >>> ids.email("Abu Layla").split("@")[1] in EMAIL_DOMAINS
    True
    """

    def __init__(
        self,
        rng: np.random.Generator,
        faker_seed: int,
        ring: Ring | None = None,
    ) -> None:
        # Identifiers are many small scalar draws; numpy's per-call cost would dominate them.
        self._draws = ScalarDraws(rng)
        # Which identifiers this world may hand out at all: a ring of several keeps only its
        # share (simulator.world.rings), so rings simulated apart never hold the same one. Owning
        # 1/count of all identifiers, a ring needs about count times the draws.
        ring = ring if ring is not None else Ring()
        self._owns = ring.owns if ring.count > 1 else None
        self._tries = 1000 * ring.count
        self._faker_seed = int(faker_seed)
        self._fakers: dict[str, Faker] = {}
        # Registries are only tested for membership, never iterated, so set order cannot leak.
        self._taken: set[str] = set()
        self._names: set[str] = set()
        self._handle_bases: dict[tuple[str, str], str] = {}
        self._backups: dict[tuple[str, str, int], str] = {}
        self._ipv4: list[int] | None = None
        self._uk_drama: list[int] | None = None

    # ------------------------------------------------------------------ helpers

    def _free(self, value: str) -> bool:
        """Whether ``value`` is neither taken nor another ring's."""
        return value not in self._taken and (self._owns is None or self._owns(value))

    def _fresh(self, draw: Callable[[], str]) -> str:
        """Call ``draw`` until it returns a free identifier; register and return it."""
        for _ in range(self._tries):
            value = draw()
            if self._free(value):
                self._taken.add(value)
                return value
        raise RuntimeError("could not draw a fresh identifier: the space is exhausted")

    def _digits(self, count: int) -> str:
        return self._draws.digits(count)

    def _letters(self, count: int) -> str:
        """``count`` random capital letters A-Z."""
        return "".join(chr(65 + self._draws.below(26)) for _ in range(count))

    def _pick[T](self, items: tuple[T, ...] | list[T]) -> T:
        return self._draws.pick(items)

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            from faker import Faker  # imported late: building Faker costs time

            fake = Faker(locale)
            seed = np.random.SeedSequence([self._faker_seed, zlib.crc32(locale.encode())])
            fake.seed_instance(int(seed.generate_state(1)[0]))
            self._fakers[locale] = fake
        return self._fakers[locale]

    def _typo(self, text: str) -> str:
        """One clerical slip: two letters swapped, a letter dropped or a letter doubled."""
        # Never at a word's first letter: clerks keep initials right far more often than the rest.
        alpha = [char.isalpha() for char in text]  # once per letter, not three times
        spots = [i for i in range(1, len(text) - 1) if alpha[i - 1] and alpha[i] and alpha[i + 1]]
        if not spots:
            return text + text[-1]
        i = self._pick(spots)
        kind = self._draws.below(3)
        if kind == 0 and text[i] != text[i + 1]:
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if kind == 1:
            return text[:i] + text[i + 1 :]
        return text[:i] + text[i] + text[i:]

    # ------------------------------------------------------------------ names

    def _components(self, nationality: str, female: bool) -> list[tuple[str, ...]]:
        """The name's parts (given, [father's], family), each as its spellings, canonical first."""
        style = name_style(nationality)
        if style.pool:
            pool = style.pool
            if style.mix and self._draws.random() < style.mix_share:
                pool = style.mix
            given_pool = (FEMALE_POOLS if female else MALE_POOLS)[pool]
            parts = [self._pick(given_pool)]
            if self._draws.random() < style.patronymic:
                parts.append(self._pick(MALE_POOLS[pool]))
            parts.append(self._pick(FAMILY_POOLS[pool]))
            return [spellings(part) for part in parts]
        fake = self._faker(style.locale)
        given = fake.first_name_female() if female else fake.first_name_male()
        family_draw = getattr(fake, "last_name_female" if female else "last_name_male", None)
        family = family_draw() if callable(family_draw) else fake.last_name()
        # Faker's Twi data writes the open e with the Greek letter; Twi spelling uses the Latin one.
        given, family = (w.replace("ε", "ɛ").replace("Ε", "Ɛ") for w in (given, family))
        if style.script != "latin":
            return [
                spellings(tuple(transliterate(word, style.script, s) for s in (0, 1)))
                for word in (given, family)
            ]
        return [spellings((given,)), spellings((family,))]

    def person_name(self, nationality: str, female: bool = False) -> tuple[str, tuple[str, ...]]:
        """A canonical Latin-script name and the other spellings it may appear under.

        Parameters
        ----------
        nationality
            ISO alpha-2 code; picks the naming tradition (built-in pool or Faker locale).
        female
            Draw a woman's given name.

        Returns
        -------
        tuple
            ``(name, variants)``: variants are other transliterations (Mohamed/Muhammad,
            Abdelkader/Abd al-Qadir), accent-less forms and one clerical typo; never ``name``.

        Example
        -------
        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> name, variants = ids.person_name("SN")
        >>> all(v != name for v in variants)
        True
        """
        for _ in range(5):  # namesakes exist, but a few redraws keep them rare
            parts = self._components(nationality, female)
            canonical = " ".join(part[0] for part in parts)
            if canonical not in self._names:
                break
        self._names.add(canonical)
        unique = list(_respellings(tuple(parts)))
        typo = self._typo(canonical)
        if typo != canonical and typo not in unique:
            unique.append(typo)
        return canonical, tuple(unique)

    # ------------------------------------------------------------------ telecom

    def phone_number(self, country: str) -> str:
        """A phone number of the country's shape that belongs to nobody.

        Written ``"+<calling code> <national number>"``. UK numbers come first from the drama
        range 07700 900xxx; all others (and UK numbers once that range is used up) carry a
        prefix no operator has, so ``phonenumbers`` judges them invalid.

        Example
        -------
        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> ids.phone_number("GB").startswith("+44 7700900")
        True
        """
        country = country.upper()
        code, prefix, length = PHONE_PLAN.get(country, UNKNOWN_PHONE_PLAN)
        if country == "GB":
            if self._uk_drama is None:  # the 1,000 drama numbers, dealt in a seeded order
                self._uk_drama = self._draws.shuffled_range(1000)
            while self._uk_drama:
                number = f"+44 {UK_DRAMA_PREFIX}{self._uk_drama.pop():03d}"
                if self._free(number):
                    self._taken.add(number)
                    return number
        return self._fresh(lambda: f"+{code} {prefix}{self._digits(length - len(prefix))}")

    def imsi(self, country: str) -> str:
        """A 15-digit SIM identity: the country's MCC, a fictional MNC (99x) and a random MSIN.

        Example
        -------
        >>> import numpy as np
        >>> IdentityFactory(np.random.default_rng(0), faker_seed=0).imsi("TN")[:5]
        '60599'
        """
        mcc = MCC.get(country.upper(), TEST_MCC)
        return self._fresh(lambda: f"{mcc}99{self._digits(10)}")

    def imei(self) -> str:
        """A 15-digit handset number with a test-range TAC and a deliberately wrong check digit.

        Example
        -------
        >>> import numpy as np
        >>> imei = IdentityFactory(np.random.default_rng(0), faker_seed=0).imei()
        >>> len(imei), luhn_valid(imei)
        (15, False)
        """

        def draw() -> str:
            body = "00" + self._digits(12)
            wrong = (_luhn_digit(body) + 1 + self._draws.below(9)) % 10
            return f"{body}{wrong}"

        return self._fresh(draw)

    def handset_model(self) -> str:
        """A fictional handset brand and model, e.g. ``"Kestrel A12"`` (not unique).

        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> ids.handset_model().split()[0] in _HANDSET_BRANDS
        True
        """
        brand, line = self._pick(_HANDSET_BRANDS), self._pick(_HANDSET_LINES)
        return f"{brand} {line}{self._draws.between(2, 20)}"

    # ------------------------------------------------------------------ online

    @staticmethod
    def _slug(display_name: str) -> str:
        words = re.findall(r"[a-z0-9]+", fold_accents(display_name).lower())
        return "".join(words) or "user"

    def handle(
        self, display_name: str, platform: str, backup_number: int = 0, base: str | None = None
    ) -> str:
        """A platform handle derived from a display name, unique in the world.

        ``backup_number`` 0 draws a new main handle; ``n > 0`` gives the n-th numbered backup of
        the latest main handle drawn for this display name and platform (``"name1"``, ``"name2"``
        as sellers keep them), always the same string for the same ``n``. When two sellers share a
        display name, pass ``base`` (the main handle the backup belongs to) to say whose it is.

        Example
        -------
        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> main = ids.handle("Safe Trip Libya", "Chirp")
        >>> ids.handle("Safe Trip Libya", "Chirp", 2) == main + "2"
        True
        """
        key = (display_name, platform)
        if base is not None and backup_number > 0:
            key = (f"\0{base}", platform)  # a key no display name can collide with
            self._handle_bases.setdefault(key, base)
        if backup_number <= 0 or key not in self._handle_bases:
            words = re.findall(r"[a-z0-9]+", fold_accents(display_name).lower()) or ["user"]
            tries = [0]

            def draw() -> str:
                sep = self._pick(("", "_", "."))
                base = sep.join(words)[:24]
                tries[0] += 1
                # popular names are taken: like real users, add longer numbers the more tries fail
                if tries[0] > 10 or self._draws.random() < 0.4:
                    high = 100 if tries[0] <= 10 else 10 ** min(2 + tries[0] // 10, 8)
                    base += f"{sep}{self._draws.between(10, high)}"
                return base

            base = self._fresh(draw)
            self._handle_bases[key] = base
            if backup_number <= 0:
                return base
        base = self._handle_bases[key]
        slot = (key[0], platform, backup_number)
        if slot not in self._backups:
            candidate = f"{base}{backup_number}"
            if not self._free(candidate):
                candidate = self._fresh(lambda: f"{base}_{backup_number}{self._digits(2)}")
            self._taken.add(candidate)
            self._backups[slot] = candidate
        return self._backups[slot]

    def email(self, display_name: str) -> str:
        """An e-mail address under a reserved domain (example.com/.net/.org, .test, ...).

        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> ids.email("Karim Haddad").split("@")[0][:5]
        'karim'
        """
        words = re.findall(r"[a-z0-9]+", fold_accents(display_name).lower()) or ["user"]

        def draw() -> str:
            local = self._pick((".", "_", "")).join(words)[:30]
            if self._draws.random() < 0.6:
                local += str(self._draws.between(1, 1000))
            return f"{local}@{self._pick(EMAIL_DOMAINS)}"

        return self._fresh(draw)

    def ip_address(self, v6: bool = False) -> str:
        """An address from the documentation ranges (RFC 5737 IPv4, RFC 3849 IPv6).

        IPv4 addresses are unique until the 762 documentation hosts are used up; after that they
        repeat, as carrier-grade NAT addresses do. IPv6 addresses are always unique.

        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> ids.ip_address(v6=True).startswith("2001:db8:")
        True
        """
        if v6:
            return self._fresh(
                lambda: str(
                    ipaddress.IPv6Address(
                        (0x20010DB8 << 96) | int.from_bytes(self._draws.bytes(12), "big")
                    )
                )
            )

        if self._ipv4 is None:  # the 762 documentation hosts, dealt in a seeded order
            self._ipv4 = self._draws.shuffled_range(_IPV4_TOTAL)
        while self._ipv4:
            index = self._ipv4.pop()
            address = f"{_IPV4_NETWORKS[index // 254]}{index % 254 + 1}"
            if self._free(address):
                self._taken.add(address)
                return address
        return f"{self._pick(_IPV4_NETWORKS)}{self._draws.between(1, 255)}"

    def device_id(self) -> str:
        """A random (version 4 shaped) device/advertising identifier.

        >>> import numpy as np
        >>> len(IdentityFactory(np.random.default_rng(0), faker_seed=0).device_id())
        36
        """

        def draw() -> str:
            h = self._draws.bytes(16).hex()
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"

        return self._fresh(draw)

    # ------------------------------------------------------------------ money

    def wallet_address(self) -> str:
        """An address on the lab's fictional chain: Base58Check-shaped with a wrong checksum.

        >>> import numpy as np
        >>> ids = IdentityFactory(np.random.default_rng(0), faker_seed=0)
        >>> wallet_checksum_ok(ids.wallet_address())
        False
        """

        def draw() -> str:
            body = self._draws.bytes(20)
            return lab_chain_address(body, 1 + self._draws.below(255))

        return self._fresh(draw)

    def iban_like(self, country: str) -> str:
        """An IBAN-shaped account number whose mod-97 check fails.

        >>> import numpy as np
        >>> iban = IdentityFactory(np.random.default_rng(0), faker_seed=0).iban_like("IT")
        >>> len(iban), iban_valid(iban)
        (27, False)
        """
        country = country.upper()
        country = country if re.fullmatch(r"[A-Z]{2}", country) else "XX"
        length = IBAN_LENGTH.get(country, 24)

        def draw() -> str:
            if country in _LETTER_BANK_CODE:
                bban = self._letters(4) + self._digits(length - 8)
            else:
                bban = self._digits(length - 4)
            right = 98 - _iban_number(bban + country + "00") % 97
            wrong = right
            while wrong == right:  # any other value in 02..98 fails the check
                wrong = self._draws.between(2, 99)
            return f"{country}{wrong:02d}{bban}"

        return self._fresh(draw)

    def id_document(self, nationality: str) -> str:
        """A passport/ID number in a fictional format: nationality, two letters, seven digits.

        >>> import numpy as np
        >>> len(IdentityFactory(np.random.default_rng(0), faker_seed=0).id_document("SY"))
        11
        """

        def draw() -> str:
            return f"{nationality.upper()[:2]}{self._letters(2)}{self._digits(7)}"

        return self._fresh(draw)

    def hawala_code_name(self) -> str:
        """A code name a hawaladar goes by ("the tailor", "Abu Layla"), unique in the world.

        >>> import numpy as np
        >>> IdentityFactory(np.random.default_rng(0), faker_seed=0).hawala_code_name() != ""
        True
        """

        def draw() -> str:
            kind = self._draws.below(4)
            if kind == 0:
                name = f"the {self._pick(_TRADES)}"
            elif kind == 1:
                name = f"Abu {self._pick(_KUNYA)}"
            elif kind == 2:
                name = f"Hajji {self._pick(_KUNYA)}"
            else:
                name = f"the {self._pick(_DEMONYMS)}"
            return name

        for _ in range(100):
            name = draw()
            if self._free(name):
                self._taken.add(name)
                return name
        return self._fresh(lambda: f"{draw()} {self._draws.between(2, 100)}")
