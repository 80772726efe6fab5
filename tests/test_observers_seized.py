"""Seized-tier observers: phone extractions, hawala notebooks and the seizure records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from simulator.observers import devices, hawala
from simulator.observers.base import WorldView
from simulator.observers.phrasebook import chat_language, render
from simulator.scenario.loader import load_scenario
from simulator.world.events import DAY, EventLog

START = dt.date(2024, 6, 1)
PHONE, IMEI, DEVICE = "+216 83000001", "001111111111111", "dev-0001"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("scenarios/central-med.yaml")


def truth():
    persons = pd.DataFrame(
        [
            ("P1", "coordinator", "Karim Jebali", "Kareem Jbali", "TN", "ar|fr", "Sfax"),
            ("M1", "migrant", "Seydou Traoré", "Seydou Traore", "CI", "fr", "Sfax"),
            ("B1", "money_broker", "Salem Saidi", "Salim Saidi", "TN", "ar|fr", "Sfax"),
        ],
        columns=[
            "person_id",
            "role",
            "name",
            "name_variants",
            "nationality",
            "languages",
            "base_place",
        ],
    )
    origin = pd.Timestamp(START, tz="UTC")
    ownership = pd.DataFrame(
        {
            "identifier": ["the tailor"],
            "identifier_kind": ["hawala_code_name"],
            "person_id": ["B1"],
            "from": [origin],
            "to": [pd.NaT],
        }
    )
    return {"persons": persons, "ownership": ownership}


def world(seize_phone_at=10 * DAY):
    log = EventLog(START)
    for day, summary in ((1, "how much for Kasserine to Lampedusa?"), (12, "arrived OK")):
        log.add(
            "message",
            day * DAY,
            "M1",
            "P1",
            "Sfax",
            platform="Whisperline",
            actor_account="seydou",
            target_account="karim",
            actor_phone="+216 83000002",
            target_phone=PHONE,
            target_imei=IMEI,
            ip="192.0.2.9",
            detail={
                "type": "negotiation",
                "summary": summary,
                "thread": "TH1",
                "size_bytes": 80,
                "media": "text",
                "code_word": "olive-12",
            },
        )
    log.add(
        "message",
        2 * DAY,
        "P1",
        "M1",
        "Sfax",
        platform="Whisperline",
        actor_account="karim",
        target_account="seydou",
        actor_phone=PHONE,
        actor_imei=IMEI,
        detail={
            "type": "logistics",
            "summary": "9 people tonight from Sfax",
            "thread": "TH1",
            "size_bytes": 60,
            "media": "text",
        },
    )
    log.add(
        "call",
        3 * DAY,
        "P1",
        "M1",
        "Sfax",
        actor_phone=PHONE,
        actor_imei=IMEI,
        target_phone="+216 83000002",
        detail={"duration_s": 77},
    )
    log.add(
        "location",
        4 * DAY,
        "P1",
        None,
        "El Amra",
        actor_phone=PHONE,
        actor_imei=IMEI,
        lat=35.0,
        lon=10.95,
        detail={"reason": "departure"},
    )
    log.add(
        "seizure",
        seize_phone_at,
        "P1",
        None,
        "Sfax",
        actor_phone=PHONE,
        actor_imei=IMEI,
        device=DEVICE,
        detail={"what": "phone", "with_arrest": True},
    )
    # Hawala: deposit at "the tailor", release by another broker after arrival, then seizure.
    log.add(
        "payment",
        DAY,
        "F1",
        "B1",
        amount_cents=300_000,
        currency="EUR",
        channel="hawala",
        target_wallet="the tailor",
        payment_id="PAY1",
        detail={"purpose": "hawala_deposit", "code_word": "olive-12", "migrant": "M1"},
    )
    log.add("leg_arrival", 11 * DAY, "M1", "P9", "Lampedusa", detail={"leg_index": 2})
    log.add(
        "payment",
        13 * DAY,
        "B2",
        "P9",
        amount_cents=300_000,
        currency="EUR",
        channel="hawala",
        actor_wallet="the baker",
        payment_id="PAY2",
        detail={
            "purpose": "hawala_release",
            "code_word": "olive-12",
            "migrant": "M1",
            "parent": "PAY1",
        },
    )
    log.add(
        "payment",
        20 * DAY,
        "F1",
        "B1",
        amount_cents=100_000,
        currency="EUR",
        channel="hawala",
        target_wallet="the tailor",
        payment_id="PAY3",
        detail={"purpose": "hawala_deposit", "code_word": "mint-99", "migrant": "M1"},
    )
    log.add(
        "seizure",
        15 * DAY,
        "B1",
        None,
        "Sfax",
        actor_wallet="the tailor",
        detail={"what": "hawala_ledger", "with_arrest": False},
    )
    return log


def observe(scenario, module, log=None):
    places = {p.name: (p.lat, p.lon) for p in scenario.places}
    return module.observe(WorldView((log or world()).to_frame(places), truth(), scenario, 7))


def test_tables_follow_their_specs(scenario):
    for module in (devices, hawala):
        tables = observe(scenario, module)
        for spec in module.TABLES:
            assert spec.tier == "seized"
            assert tuple(tables[spec.name].columns) == spec.column_names()


def test_extraction_holds_content_up_to_the_seizure_only(scenario):
    tables = observe(scenario, devices)
    chats = tables["device_chats"]
    assert set(chats["device_id"]) == {DEVICE}
    assert len(chats) == 2  # the day-12 message came after the seizure on day 10
    assert list(chats["direction"]) == ["incoming", "outgoing"]
    # Readable text in the language the two share (French), with the pasted code word.
    assert chats.iloc[0]["text"] == "salut, c'est combien pour Kasserine - Lampedusa ? olive-12"
    assert chats.iloc[1]["text"] == "9 personnes ce soir depuis Sfax"
    calls = tables["device_call_log"]
    assert calls[["direction", "number", "duration_s"]].values.tolist() == [
        ["outgoing", "+216 83000002", 77]
    ]
    contacts = tables["device_contacts"]
    assert contacts["phone"].tolist() == ["+216 83000002"]
    assert contacts["messenger_account"].tolist() == ["seydou"]
    assert "trips" in tables["device_notes"]["title"].tolist()


def test_no_seizure_no_extraction(scenario):
    log = EventLog(START)
    log.add(
        "message",
        DAY,
        "P1",
        "M1",
        actor_imei=IMEI,
        actor_account="karim",
        detail={"type": "chatter", "summary": "ok"},
    )
    tables = observe(scenario, devices, log)
    assert all(table.empty for table in tables.values())
    assert observe(scenario, hawala, log)["hawala_ledgers"].empty


def test_photos_keep_exif_in_local_time(scenario):
    log = world()
    for day in range(20, 40):  # many departures: some are photographed
        log.add(
            "location",
            day * 3600,
            "P1",
            None,
            "El Amra",
            actor_phone=PHONE,
            actor_imei=IMEI,
            lat=35.0,
            lon=10.95,
            detail={"reason": "departure"},
        )
    photos = observe(scenario, devices, log)["device_photos"]
    assert not photos.empty
    for row in photos.itertuples():
        assert row.source == "camera" and row.exif_lat == pytest.approx(35.0)
        # Tunisia is UTC+1 with no summer time.
        assert row.exif_time == row.time.tz_localize(None) + pd.Timedelta(hours=1)
        assert row.filename == f"IMG_{row.exif_time:%Y%m%d_%H%M%S}.jpg"


def test_seizures_name_the_person_not_the_role(scenario):
    seizures = observe(scenario, devices)["seizures"]
    assert seizures["what"].tolist() == ["phone", "hawala_ledger"]
    assert seizures.iloc[0]["device_id"] == DEVICE and seizures.iloc[0]["imei"] == IMEI
    assert seizures.iloc[1]["ledger_id"].startswith("HL-")
    everything = " ".join(str(v) for v in seizures.to_numpy().ravel()).casefold()
    for label in ("coordinator", "money_broker", "P1", "B1"):
        assert label.casefold() not in everything
    assert seizures.iloc[0]["seized_from"] in {"KARIM JEBALI", "KAREEM JBALI"} or (
        seizures.iloc[0]["seized_from"].isupper()
    )


def test_hawala_notebook_records_deposit_and_debt_before_seizure(scenario):
    ledger = observe(scenario, hawala)["hawala_ledgers"]
    seizures = observe(scenario, devices)["seizures"]
    assert set(ledger["ledger_id"]) == set(seizures["ledger_id"].dropna())
    assert ledger["direction"].tolist() == ["in", "owe"]
    deposit, debt = ledger.iloc[0], ledger.iloc[1]
    assert deposit["amount"] == 3000 and deposit["customer"] == "family of Seydou"
    assert debt["counterparty_broker"] == "the baker"
    assert debt["entry_date"] >= "2024-06-12"  # paid out only after the arrival on day 11
    assert "mint-99" not in set(ledger["code_word"].dropna())  # written after the seizure


def test_phrasebook_falls_back_to_english():
    assert chat_language(["ps"], ["fa"]) == "ps"
    assert render("police at the port", "ps", {}) == "police at the port"
    assert render("sent, here is the transaction", "fr", {"wallet": "Uabc"}) == (
        "envoyé, voici la transaction\nUabc"
    )
