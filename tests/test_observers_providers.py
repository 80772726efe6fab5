"""Provider-tier observers (messenger, telecom, exchange, money transfer) and the public ledger.

Small hand-made event logs with known answers; the real world is exercised in test_consistency.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json

import pandas as pd
import pytest

from simulator.catalog import TIERS
from simulator.observers import blockchain, exchange, messenger, telecom, transfers
from simulator.observers.base import WorldView
from simulator.scenario.loader import load_scenario
from simulator.world.events import DAY, EventLog

MODULES = (messenger, telecom, blockchain, exchange, transfers)
START = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("scenarios/central-med.yaml")


def ownership(rows):
    frame = pd.DataFrame(rows, columns=["identifier", "identifier_kind", "person_id", "from", "to"])
    origin = pd.Timestamp(START, tz="UTC")
    frame["from"] = origin + pd.to_timedelta(frame["from"], unit="s")
    frame["to"] = origin + pd.to_timedelta(frame["to"].astype(float), unit="s")
    return frame


def people(*rows):
    return pd.DataFrame(
        rows,
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


def view_of(log, scenario, truth=None, seed=7):
    places = {p.name: (p.lat, p.lon) for p in scenario.places} if scenario else None
    return WorldView(log.to_frame(places), truth or {}, scenario, seed)


# ----------------------------------------------------------------------------- contracts


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_specs_are_complete_for_lawful_requests(module):
    for spec in module.TABLES:
        assert spec.tier in TIERS
        if spec.tier == "provider":
            assert "provider" in spec.column_names()
            assert spec.provider_kind and spec.data_kind in (
                "subscriber",
                "traffic",
                "content",
                "kyc",
                "transactions",
            )
            assert spec.target_columns and set(spec.target_columns) <= set(spec.column_names())
            # Registers (subscribers, KYC) have no retention clock; records that age do.
            assert not spec.time_column or spec.time_column in spec.column_names()
            if spec.data_kind in ("traffic", "transactions"):
                assert spec.time_column


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_empty_world_gives_empty_tables_with_spec_columns(module, scenario):
    tables = module.observe(view_of(EventLog(START), scenario))
    for spec in module.TABLES:
        assert tuple(tables[spec.name].columns) == spec.column_names()
        if spec.tier == "provider":
            assert tables[spec.name].empty


# ----------------------------------------------------------------------------- messenger


def test_messenger_keeps_metadata_not_content(scenario):
    log = EventLog(START)
    log.add(
        "account_created",
        -5 * DAY,
        "P1",
        platform="Whisperline",
        actor_account="wl-a",
        actor_phone="+216 83000001",
        actor_imei="001111111111111",
        detail={"purpose": "messenger", "display_name": "Karim"},
    )
    log.add(
        "message",
        3600,
        "P1",
        "P2",
        platform="Whisperline",
        actor_account="wl-a",
        target_account="wl-b",
        actor_phone="+216 83000009",
        ip="192.0.2.5",
        detail={
            "type": "negotiation",
            "summary": "3000 EUR, safe",
            "size_bytes": 100,
            "media": "text",
            "thread": "TH1",
        },
    )
    log.add(
        "message",
        7200,
        "P1",
        None,
        platform="Whisperline",
        actor_account="wl-a",
        ip="192.0.2.5",
        detail={
            "type": "departure_notice",
            "summary": "be ready",
            "group": "G-T1",
            "size_bytes": 50,
            "media": "voice",
        },
    )
    tables = messenger.observe(view_of(log, scenario))
    traffic = tables["messenger_traffic"]
    assert list(traffic["recipient_account"].fillna("")) == ["wl-b", ""]
    assert list(traffic["group"].fillna("")) == ["", "G-T1"]
    assert list(traffic["type"]) == ["text", "voice"]
    assert all(size % 16 == 0 and size > 100 for size in traffic["size_bytes"][:1])
    everything = " ".join(str(v) for t in tables.values() for v in t.to_numpy().ravel())
    assert "3000 EUR" not in everything and "be ready" not in everything
    subscriber = tables["messenger_subscribers"].iloc[0]
    # The provider shows the number the account last used, and when it was registered.
    assert subscriber["phone"] == "+216 83000009"
    assert subscriber["registered"] == pd.Timestamp(START, tz="UTC") - pd.Timedelta(days=5)
    assert set(tables["messenger_ip_logs"]["ip"]) == {"192.0.2.5"}


# ----------------------------------------------------------------------------- telecom


def test_sim_swap_and_burner_show_as_they_would(scenario):
    log = EventLog(START)
    old, new, burner = "+216 83000001", "+216 83000002", "+216 83000003"
    handset, burner_handset = "001111111111111", "002222222222222"
    for t, phone, imei in (
        (3600, old, handset),
        (3 * DAY, new, handset),
        (5 * DAY, burner, burner_handset),
    ):
        log.add(
            "call",
            t,
            "P1",
            "P2",
            "Sfax",
            actor_phone=phone,
            actor_imei=imei,
            target_phone="+216 83000099",
            detail={"duration_s": 60},
        )
    log.add(
        "sim_swap", 2 * DAY, "P1", actor_phone=new, actor_imei=handset, detail={"old_phone": old}
    )
    log.add(
        "burner_activated",
        4 * DAY,
        "P1",
        actor_phone=burner,
        actor_imei=burner_handset,
        detail={"old_phone": new, "old_imei": handset},
    )
    truth = {
        "persons": people(
            ("P1", "recruiter", "Mohamed Trabelsi", "Muhammad Trabulsi", "TN", "ar|fr", "Sfax")
        ),
        "ownership": ownership(
            [
                (old, "phone_number", "P1", 0, 2 * DAY),
                ("605990000000001", "imsi", "P1", 0, None),
                (new, "phone_number", "P1", 2 * DAY, 4 * DAY),
                ("605990000000002", "imsi", "P1", 2 * DAY, None),
                (burner, "phone_number", "P1", 4 * DAY, None),
            ]
        ),
    }
    tables = telecom.observe(view_of(log, scenario, truth))
    subs = tables["telecom_subscribers"].set_index("msisdn")
    assert subs.loc[old, "imei"] == subs.loc[new, "imei"] == handset
    assert subs.loc[old, "imsi"] == "605990000000001"
    assert subs.loc[new, "imsi"] == "605990000000002"
    assert subs.loc[burner, "imei"] == burner_handset
    assert subs.loc[burner, "subscriber_type"] == "prepaid_unregistered"
    assert pd.isna(subs.loc[burner, "subscriber_name"])
    assert subs.loc[old, "subscriber_type"] == "prepaid_registered"
    written = subs.loc[old, "subscriber_name"].casefold()
    # A spelling variant, perhaps with one typo on top.
    assert (
        max(
            difflib.SequenceMatcher(None, written, name).ratio()
            for name in ("mohamed trabelsi", "muhammad trabulsi")
        )
        > 0.85
    )
    assert set(subs["provider"]) == {"Kerkennet Mobile"}


def test_call_records_are_local_time_with_zone_and_cell(scenario):
    log = EventLog(START)
    log.add(
        "call",
        10 * 3600,
        "P1",
        "P2",
        "Sfax",
        actor_phone="+216 83000001",
        actor_imei="001111111111111",
        target_phone="+39 9000000001",
        detail={"duration_s": 42},
    )
    tables = telecom.observe(view_of(log, scenario))
    calls = tables["call_records"]
    # Caller's Tunisian operator served the caller; the Italian operator holds the callee side.
    assert set(calls["provider"]) == {"Kerkennet Mobile", "Trinacria Mobile"}
    tunisian = calls[calls["provider"] == "Kerkennet Mobile"].iloc[0]
    italian = calls[calls["provider"] == "Trinacria Mobile"].iloc[0]
    assert tunisian["timezone"] == "Africa/Tunis" and italian["timezone"] == "Europe/Rome"
    utc = pd.Timestamp(START) + pd.Timedelta(hours=10)
    assert abs(tunisian["start"] - (utc + pd.Timedelta(hours=1))) <= pd.Timedelta(seconds=30)
    assert abs(italian["start"] - (utc + pd.Timedelta(hours=2))) <= pd.Timedelta(seconds=30)
    cells = tables["cell_sites"].set_index("cell_id")
    assert cells.loc[tunisian["cell_id"], "near"] == "Sfax"
    assert pd.isna(italian["cell_id"]) and pd.isna(italian["caller_imsi"])
    assert tunisian["duration_s"] == 42


def test_no_coverage_at_sea(scenario):
    log = EventLog(START)
    log.add(
        "location",
        3600,
        "P1",
        None,
        "El Amra",
        actor_phone="+216 83000001",
        actor_imei="001111111111111",
        lat=35.0,
        lon=11.0,
        detail={"reason": "departure"},
    )
    log.add(
        "location",
        7200,
        "P1",
        None,
        "El Amra",
        actor_phone="+216 83000001",
        actor_imei="001111111111111",
        lat=35.3,
        lon=12.0,
        detail={"reason": "trip"},
    )
    located = telecom.observe(view_of(log, scenario))["handset_locations"]
    assert len(located) == 1 and located.iloc[0]["cell_id"]


def test_cell_sites_are_near_their_places(scenario):
    cells = telecom.cell_plan(scenario).cells
    places = {p.name: p for p in scenario.places}
    for row in cells.itertuples():
        place = places[row.near]
        assert abs(row.lat - place.lat) < 0.05 and abs(row.lon - place.lon) < 0.05
    assert cells["cell_id"].is_unique


# ----------------------------------------------------------------------------- chain, exchange


def crypto_log():
    log = EventLog(START)
    hub, fresh, deposit = "U" + "a" * 33, "U" + "b" * 33, "U" + "c" * 33
    log.add(
        "payment",
        100,
        "P1",
        "P1",
        amount_cents=50_000,
        currency="EUR",
        channel="exchange",
        platform="Coinmoor",
        actor_wallet="acct-f1",
        target_wallet="U" + "f" * 33,
        payment_id="PAY1",
        detail={"purpose": "on_ramp", "asset": "TLUSD"},
    )
    log.add(
        "payment",
        200,
        "P1",
        "P2",
        amount_cents=50_000,
        currency="EUR",
        channel="crypto",
        actor_wallet="U" + "f" * 33,
        target_wallet=hub,
        payment_id="PAY2",
        detail={"purpose": "journey_fee", "asset": "TLUSD", "tx_hash": "01" * 32},
    )
    log.add(
        "payment",
        300,
        "P2",
        "P2",
        amount_cents=45_000,
        currency="EUR",
        channel="crypto",
        actor_wallet=hub,
        target_wallet=fresh,
        payment_id="PAY3",
        detail={"purpose": "peel_hop", "asset": "TLUSD", "tx_hash": "02" * 32, "hop": 0},
    )
    log.add(
        "payment",
        400,
        "P2",
        "P3",
        amount_cents=45_000,
        currency="EUR",
        channel="crypto",
        platform="Coinmoor",
        actor_wallet=fresh,
        target_wallet=deposit,
        payment_id="PAY4",
        detail={
            "purpose": "exchange_deposit",
            "asset": "TLUSD",
            "tx_hash": "03" * 32,
            "exchange_account": "acct-mule",
        },
    )
    log.add(
        "payment",
        90_000,
        "P3",
        "P3",
        amount_cents=45_000,
        currency="EUR",
        channel="exchange",
        platform="Coinmoor",
        actor_wallet="acct-mule",
        payment_id="PAY5",
        detail={"purpose": "cash_out"},
    )
    return log, deposit


def test_ledger_shows_chain_and_exchange_movements(scenario):
    log, deposit = crypto_log()
    ledger = blockchain.observe(view_of(log, scenario))["ledger_transactions"]
    assert {"01" * 32, "02" * 32, "03" * 32} <= set(ledger["tx_id"])
    hot = blockchain.hot_wallet("Coinmoor")
    assert (ledger["from_address"] == hot).sum() == 1  # coins bought: paid from the hot wallet
    sweep = ledger[ledger["from_address"] == deposit]
    assert len(sweep) == 1 and sweep.iloc[0]["to_address"] == hot
    assert (ledger["block_time"] >= pd.Timestamp(START, tz="UTC")).all()
    assert set(ledger["asset"]) == {"TLUSD"}


def test_exchange_links_addresses_to_accounts(scenario):
    log, deposit = crypto_log()
    truth = {
        "persons": people(("P3", "money_mule", "Amadou Diarra", "", "CI", "fr", "Sfax")),
        "ownership": ownership(
            [
                ("acct-mule", "exchange_account", "P3", 0, None),
                ("CIAB1234567", "id_document", "P3", 0, None),
                ("+216 83000003", "phone_number", "P3", 0, None),
            ]
        ),
    }
    tables = exchange.observe(view_of(log, scenario, truth))
    kyc = tables["exchange_kyc"].set_index("account")
    assert kyc.loc["acct-mule", "name"] == "AMADOU DIARRA"
    assert kyc.loc["acct-mule", "id_document"] == "CIAB1234567"
    assert kyc.loc["acct-mule", "phone"] == "+216 83000003"
    assert kyc.loc["acct-mule", "email"].endswith(".example.com")
    moves = tables["exchange_transfers"].set_index("direction")
    assert moves.loc["crypto_deposit", "address"] == deposit
    assert moves.loc["crypto_deposit", "tx_id"] == "03" * 32
    assert moves.loc["fiat_withdrawal", "fiat_amount"] == 450.0


# ----------------------------------------------------------------------------- transfers


def test_structuring_is_visible_below_the_threshold(scenario):
    log = EventLog(START)
    for part, (t, cents) in enumerate(((100, 95_000), (DAY + 50, 90_000), (2 * DAY, 65_000))):
        log.add(
            "payment",
            t,
            "F1",
            "P9",
            "Sfax",
            amount_cents=cents,
            currency="EUR",
            channel="money_transfer",
            platform="Swiftcash Money Transfer",
            actor_wallet="GNAB1234567",
            target_wallet="TNCD7654321",
            payment_id=f"PAY{part}",
            actor_phone="+224 900000001",
            detail={"purpose": "journey_fee", "split": part + 1, "parts": 3, "structured": True},
        )
    truth = {
        "persons": people(
            (
                "F1",
                "family_payer",
                "Ibrahima Diallo",
                "Ibrahim Jallow|Ibrahima Djallo",
                "GN",
                "fr",
                "",
            ),
            ("P9", "money_mule", "Samir Gharbi", "Sameer Al-Gharbi", "TN", "ar", "Sfax"),
        )
    }
    out = transfers.observe(view_of(log, scenario, truth))["money_transfers"]
    unique = out.drop_duplicates("transfer_id")
    assert len(unique) == 3
    threshold = scenario.money.money_transfer.reporting_threshold
    assert (unique["send_amount"] < threshold).all()
    assert unique["send_amount"].sum() == pytest.approx(2500.0)
    assert set(unique["receive_currency"]) == {"TND"}
    assert set(unique["receive_office"]) == {"Sfax, TN"}
    assert unique["sender_name"].notna().all()


def test_same_seed_same_tables_different_seed_different_noise(scenario):
    log = EventLog(START)
    for i in range(40):
        log.add(
            "payment",
            100 + i * 600,
            "F1",
            "P9",
            "Sfax",
            amount_cents=90_000,
            currency="EUR",
            channel="money_transfer",
            payment_id=f"PAY{i}",
            actor_wallet="GNAB1234567",
            target_wallet="TNCD7654321",
            detail={"purpose": "journey_fee"},
        )
    truth = {
        "persons": people(
            (
                "F1",
                "family_payer",
                "Ibrahima Diallo",
                "Ibrahim Jallow|Ibrahima Djallo",
                "GN",
                "fr",
                "",
            ),
            ("P9", "money_mule", "Samir Gharbi", "Sameer Al-Gharbi", "TN", "ar", "Sfax"),
        )
    }
    first = transfers.observe(view_of(log, scenario, truth, seed=7))["money_transfers"]
    again = transfers.observe(view_of(log, scenario, truth, seed=7))["money_transfers"]
    other = transfers.observe(view_of(log, scenario, truth, seed=8))["money_transfers"]
    pd.testing.assert_frame_equal(first, again)
    assert not first["sender_name"].equals(other["sender_name"]) or len(first) != len(other)


def test_detail_json_is_what_observers_parse():
    log = EventLog(START)
    log.add("call", 1, "P1", "P2", detail={"duration_s": 5})
    assert json.loads(log.to_frame()["detail"].iloc[0]) == {"duration_s": 5}
