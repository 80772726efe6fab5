"""Synthetic identities: deterministic, unique, and never a real number, address or account."""

from __future__ import annotations

import ipaddress
import unicodedata

import numpy as np
import phonenumbers
import pytest

from simulator.world.identities import (
    EMAIL_DOMAINS,
    MCC,
    PHONE_PLAN,
    IdentityFactory,
    iban_valid,
    luhn_valid,
    normalise_phone,
    wallet_checksum_ok,
)
from simulator.world.names import MALE_POOLS, alternates, name_style, spellings, transliterate

DRAWS = 2000
NATIONALITIES = sorted({*PHONE_PLAN, "ZZ"})
DOC_NETWORKS = [
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
]


def factory(seed: int = 0) -> IdentityFactory:
    return IdentityFactory(np.random.default_rng(seed), faker_seed=seed)


def sample(ids: IdentityFactory) -> list[object]:
    """One of everything, in a fixed order."""
    return [
        ids.person_name("TN"),
        ids.person_name("TR"),
        ids.person_name("RU", female=True),
        ids.phone_number("LY"),
        ids.imsi("IT"),
        ids.imei(),
        ids.handle("Safe Trip", "Chirp"),
        ids.handle("Safe Trip", "Chirp", 1),
        ids.email("Karim Haddad"),
        ids.ip_address(),
        ids.ip_address(v6=True),
        ids.wallet_address(),
        ids.iban_like("DE"),
        ids.id_document("SD"),
        ids.hawala_code_name(),
        ids.device_id(),
    ]


def test_same_seeds_give_the_same_identities_and_other_seeds_differ():
    assert sample(factory(4)) == sample(factory(4))
    assert sample(factory(4)) != sample(factory(5))


def is_fictional_uk(number: str) -> bool:
    digits = normalise_phone(number)
    return digits.startswith("+447700900") and len(digits) == 13


@pytest.mark.parametrize("country", NATIONALITIES)
def test_phone_numbers_are_never_valid_real_numbers(country):
    ids = factory(11)
    numbers = [ids.phone_number(country) for _ in range(DRAWS)]
    code = PHONE_PLAN.get(country, (999,))[0]
    for number in numbers:
        assert number.startswith(f"+{code} ")
        if country == "GB" and is_fictional_uk(number):
            continue  # Ofcom drama range: reserved for fiction
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            continue  # cannot even be parsed: certainly nobody's number
        assert not phonenumbers.is_valid_number(parsed), number
    assert len(set(numbers)) == DRAWS


def test_uk_numbers_use_the_drama_range_first_then_invalid_ones():
    ids = factory(2)
    numbers = [ids.phone_number("GB") for _ in range(1100)]
    assert sum(is_fictional_uk(n) for n in numbers) == 1000
    assert len(set(numbers)) == 1100


@pytest.mark.parametrize("country", ["TN", "GB", "IQ", "ZZ"])
def test_imsi_has_15_digits_and_the_country_mcc(country):
    ids = factory(1)
    for _ in range(200):
        imsi = ids.imsi(country)
        assert len(imsi) == 15 and imsi.isdigit()
        assert imsi[:3] == MCC.get(country, "001")
        assert imsi[3:5] == "99"


def test_imei_fails_luhn_so_it_is_never_a_real_handset():
    ids = factory(3)
    imeis = [ids.imei() for _ in range(DRAWS)]
    assert all(len(i) == 15 and i.isdigit() and not luhn_valid(i) for i in imeis)
    assert len(set(imeis)) == DRAWS


def test_luhn_by_hand():
    # 7992739871 with check digit 3 is the textbook Luhn example
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_emails_live_under_reserved_domains():
    ids = factory(5)
    for _ in range(500):
        local, domain = ids.email("Abu Layla").split("@")
        assert domain in EMAIL_DOMAINS
        assert local.startswith(("abu", "abulayla"))
    assert all(
        d.endswith(
            (".example.com", ".example.org", ".example.net", ".test", ".example", ".invalid")
        )
        or d in ("example.com", "example.org", "example.net")
        for d in EMAIL_DOMAINS
    )


def test_ip_addresses_come_from_documentation_ranges():
    ids = factory(6)
    v4 = [ids.ip_address() for _ in range(900)]
    v6 = [ids.ip_address(v6=True) for _ in range(500)]
    for text in v4 + v6:
        address = ipaddress.ip_address(text)
        assert any(address in net for net in DOC_NETWORKS), text
    assert len(set(v4[:762])) == 762  # unique until the documentation hosts run out
    assert len(set(v6)) == 500


def test_wallets_fail_their_checksum_and_are_unique():
    ids = factory(7)
    wallets = [ids.wallet_address() for _ in range(DRAWS)]
    assert not any(wallet_checksum_ok(w) for w in wallets)
    assert len(set(wallets)) == DRAWS
    assert len({w[0] for w in wallets}) == 1  # one recognisable chain prefix


@pytest.mark.parametrize("country", ["TN", "GB", "NL", "IT", "DE", "ZZ"])
def test_iban_like_numbers_fail_mod_97(country):
    ids = factory(8)
    ibans = [ids.iban_like(country) for _ in range(500)]
    assert not any(iban_valid(i) for i in ibans)
    assert all(i[:2] == country and i[2:4].isdigit() for i in ibans)
    assert len({len(i) for i in ibans}) == 1


def test_iban_check_by_hand():
    # the ISO 13616 example account, and the same with one digit changed
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")


def test_handles_backups_are_numbered_and_stable():
    ids = factory(9)
    first = ids.handle("Safe Trip Libya", "Chirp")
    second = ids.handle("Safe Trip Libya", "Chirp")  # another seller with the same name
    assert first != second
    assert ids.handle("Safe Trip Libya", "Chirp", 1) == second + "1"
    assert ids.handle("Safe Trip Libya", "Chirp", 2) == second + "2"
    assert ids.handle("Safe Trip Libya", "Chirp", 2) == second + "2"
    assert ids.handle("Safe Trip Libya", "Chirp", 1, base=first) == first + "1"
    fresh = ids.handle("Nomad Tours", "Snapline", 3)
    assert fresh.endswith("3")


def test_every_identifier_kind_is_unique_within_a_world():
    ids = factory(10)
    drawn = []
    for _ in range(300):
        drawn += [
            ids.phone_number("ER"),
            ids.imsi("ER"),
            ids.imei(),
            ids.handle("Travel", "Chirp"),
            ids.email("Travel"),
            ids.wallet_address(),
            ids.iban_like("ER"),
            ids.id_document("ER"),
            ids.device_id(),
            ids.ip_address(v6=True),
        ]
    drawn += [ids.hawala_code_name() for _ in range(120)]
    assert len(drawn) == len(set(drawn))


def latin(text: str) -> bool:
    return all(char in " -'." or "LATIN" in unicodedata.name(char, "") for char in text)


@pytest.mark.parametrize("nationality", NATIONALITIES)
def test_names_are_latin_script_with_distinct_variants(nationality):
    ids = factory(12)
    for female in (False, True):
        for _ in range(20):
            name, variants = ids.person_name(nationality, female=female)
            assert latin(name), name
            assert all(latin(v) for v in variants), variants
            assert name not in variants
            assert len(variants) == len(set(variants)) >= 1


def test_arabic_names_carry_their_transliterations():
    assert {"Mohammed", "Muhammad", "Mohamed"} <= set(spellings(MALE_POOLS["mashreq"][0]))
    assert "Abd al-Qadir" in spellings(MALE_POOLS["maghreb"][2])
    assert alternates("Traoré") == ("Traore",)
    assert transliterate("Юрий Щукин", "cyrillic") == "Yuriy Shchukin"
    assert name_style("IQ").mix == "kurdish"


def test_faker_locale_names_depend_only_on_the_seed():
    a, b = factory(13), factory(13)
    # a different call history for another locale must not change Turkish names
    b.person_name("FR")
    assert a.person_name("TR")[0] == b.person_name("TR")[0]
