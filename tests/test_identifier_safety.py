"""No identifier in any table of any shipped scenario may point at anything real.

Every string column of every table of the written case (all tiers, the bulk background traffic
included) of every shipped scenario (``scenarios/*.yaml`` not starting with ``_``, a small seed)
is scanned for phone numbers that ``phonenumbers`` accepts (outside ranges reserved for fiction),
e-mail and web domains outside the reserved names, IP addresses outside the documentation ranges,
and wallet or IBAN-like numbers whose checksum passes. The checkers are written here,
independently of the generators, and are themselves tested on known good and bad values.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import tempfile
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest

from simulator.cli.pipeline import generate_case
from simulator.scenario.loader import load_scenario

SCENARIOS = sorted(
    path
    for path in Path("scenarios").glob("*.yaml")
    if not path.name.startswith("_")
)  # fmt: skip
SEED = 1

RESERVED_SUFFIXES = (
    ".example.com",
    ".example.org",
    ".example.net",
    ".test",
    ".example",
    ".invalid",
)
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")
DOC_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
# Ranges reserved for drama/fiction: UK Ofcom (mobile 07700 900xxx, London 020 7946 0xxx),
# North America 555-0100..0199, Australia 0491 570 xxx.
FICTION = (
    re.compile(r"^\+447700900\d{3}$"),
    re.compile(r"^\+442079460\d{3}$"),
    re.compile(r"^\+1\d{3}5550[1]\d{2}$"),
    re.compile(r"^\+61491570\d{3}$"),
)

PHONE = re.compile(r"\+\d[\d \-().]{5,20}\d")
EMAIL = re.compile(r"[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
URL = re.compile(r"(?:https?://|www\.)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:])")
BASE58 = re.compile(r"(?<![\w])([1-9A-HJ-NP-Za-km-z]{25,35})(?![\w])")
IBAN = re.compile(
    r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?)(?![A-Z0-9])"
)
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def phone_problem(candidate: str) -> bool:
    try:
        number = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return not any(pattern.match(e164) for pattern in FICTION)


def domain_problem(domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    return not (domain in RESERVED_DOMAINS or domain.endswith(RESERVED_SUFFIXES))


def ip_problem(candidate: str) -> bool:
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return not any(address in net for net in DOC_NETWORKS if net.version == address.version)


def base58check_valid(candidate: str) -> bool:
    number = 0
    for char in candidate:
        number = number * 58 + _B58.index(char)
    raw = b"\0" * (len(candidate) - len(candidate.lstrip("1")))
    raw += number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    if len(raw) < 5:
        return False
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


def iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in moved)) % 97 == 1


# What comes right before a dotted digit group that is the end of a phone number written with
# dots ("+216 83.79.88.61", "+Z16 83.79.88.61" after OCR, "0090 5 12.34.56.78").
PHONE_LEAD = re.compile(r"(?:(?:\+|00)[0-9A-Za-z]{1,4}|\d)[ .-]$")


def ipv4_candidates(text: str) -> list[str]:
    """Dotted quads that are not the tail of a phone number."""
    return [
        match.group(1)
        for match in IPV4.finditer(text)
        if not PHONE_LEAD.search(text[max(0, match.start() - 8) : match.start()])
    ]


_LOOKALIKE = re.compile(r"(?<=[\d+.\- ])[OoDIlSBZ]|[OoDIlSBZ](?=[\d.\-])")
_READBACK = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2"}


def read_digits_back(text: str) -> str:
    """Letters an OCR engine puts for digits, read back as a person would ("+Z16" is "+216")."""
    for _ in range(3):  # a run of look-alikes ("IS") is read back letter by letter
        text = _LOOKALIKE.sub(lambda match: _READBACK[match.group(0)], text)
    return text


def problems_in(text: str) -> list[str]:
    """Every unsafe identifier in one string, with the kind of problem."""
    found = []
    digits = read_digits_back(text)
    found += [f"phone {m}" for m in PHONE.findall(digits) if phone_problem(m)]
    found += [f"e-mail domain {d}" for d in EMAIL.findall(text) if domain_problem(d)]
    found += [f"web domain {d}" for d in URL.findall(text) if domain_problem(d)]
    found += [f"IPv4 {m}" for m in ipv4_candidates(digits) if ip_problem(m)]
    found += [f"IPv6 {m}" for m in IPV6.findall(text) if m.count(":") >= 2 and ip_problem(m)]
    found += [f"wallet {m}" for m in BASE58.findall(text) if base58check_valid(m)]
    found += [f"IBAN {m}" for m in IBAN.findall(text) if iban_valid(m)]
    return found


def all_tables(path: Path) -> dict[str, object]:
    """Every table of the case as written (ordinary customers' bulk traffic included)."""
    scenario = load_scenario(path)
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "case"
        generate_case(scenario, seed=SEED, out=case)
        return {
            f"{file.parent.name}/{file.stem}": pd.read_parquet(file)
            for file in sorted(case.glob("*/*.parquet"))
        }


# ----------------------------------------------------------------------------- the checkers


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("call +39 06 6988 1234 now", "phone"),
        ("call +39 O6 6988 l234 now (as OCR reads it)", "phone"),
        ("write to someone@gmail.com", "e-mail domain"),
        ("see https://www.facebook.com/x", "web domain"),
        ("from 8.8.8.8", "IPv4"),
        ("from 2a00:1450:4001:81c::200e", "IPv6"),
        ("IBAN GB82 WEST 1234 5698 7654 32", "IBAN"),
        ("wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "wallet"),
    ],
)
def test_checkers_catch_real_looking_identifiers(text, kind):
    assert any(problem.startswith(kind) for problem in problems_in(text)), problems_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "call +44 7700 900123 (drama range) or +216 83123456",
        "mail ali@mail.example.com, see https://kinfold.example/p/1 and inbox.test",
        "from 192.0.2.7, 203.0.113.250 or 2001:db8::1 at 12:30:45",
        "📞 +216 83.79.88.61 or +Z16 83.79.88.61 (a phone written with dots, read by OCR)",
        "+36-900-623-38B is +36 900 623 388 with its last digit misread (invalid in Hungary)",
        "IBAN GB83 WEST 1234 5698 7654 32",
        "wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
    ],
)
def test_checkers_pass_fictional_identifiers(text):
    assert problems_in(text) == []


# ----------------------------------------------------------------------------- the scan


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_string_in_every_table_is_safe(path):
    tables = all_tables(path)
    assert any(not name.startswith("truth/") for name in tables)
    bad: list[str] = []
    for name, table in sorted(tables.items()):
        for column in table.columns:
            values = table[column]
            if values.dtype.kind != "O" and str(values.dtype) not in ("str", "string"):
                continue
            for value in values.dropna().astype(str).unique():
                bad += [f"{name}.{column}: {problem}" for problem in problems_in(value)]
    assert not bad, "\n".join(bad[:30])
