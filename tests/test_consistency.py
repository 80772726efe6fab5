"""Traces agree like real evidence: every lens on the course case (central-med, seed 7) tells the
same story as the truth, and the open tier gives nothing of the truth away.

Every test runs twice: on the course world, and on a world of two independent rings playing the
same scenario (``tracelab generate --rings 2``), whose joined tables must agree just as well.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import pandas as pd
import pytest

import simulator.observers
from simulator.observers.base import WorldView
from simulator.scenario.loader import load_scenario
from simulator.world import simulate
from simulator.world.rings import simulate_rings


def observer_modules():
    """Every module of ``simulator.observers`` that has ``TABLES`` and ``observe``."""
    found = []
    for info in sorted(pkgutil.iter_modules(simulator.observers.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"simulator.observers.{info.name}")
        if hasattr(module, "TABLES") and callable(getattr(module, "observe", None)):
            found.append(module)
    return found


@pytest.fixture(scope="module", params=[1, 2], ids=["one-ring", "two-rings"])
def case(request):
    scenario = load_scenario("scenarios/central-med.yaml")
    if request.param == 1:
        truth = simulate(scenario, seed=7).tables
    else:
        truth = simulate_rings(scenario, 7, request.param, workers=2)
    view = WorldView(truth["events"], dict(truth), scenario, 7)
    tables, tiers = {}, {}
    for module in observer_modules():
        out = module.observe(view)
        for spec in module.TABLES:
            tables[spec.name] = out[spec.name]
            tiers[spec.name] = spec.tier
    return {"scenario": scenario, "truth": truth, "tables": tables, "tiers": tiers}


def detail(frame):
    return [json.loads(raw) for raw in frame["detail"]]


def events_of(case, kind):
    events = case["truth"]["events"]
    return events[events["kind"] == kind]


def test_every_observer_table_matches_its_spec(case):
    for module in observer_modules():
        for spec in module.TABLES:
            assert tuple(case["tables"][spec.name].columns) == spec.column_names(), spec.name


def test_advert_contact_numbers_exist_at_the_telecom_and_belong_to_the_advertiser(case):
    adverts = events_of(case, "advert_posted")
    assert len(adverts) > 0
    subscribers = set(case["tables"]["telecom_subscribers"]["msisdn"])
    ownership = case["truth"]["ownership"]
    phones = ownership[ownership["identifier_kind"] == "phone_number"]
    holders = {}
    for row in phones.to_dict("records"):
        holders.setdefault(row["identifier"], []).append(row)
    for event, info in zip(adverts.itertuples(), detail(adverts), strict=True):
        number = info.get("contact_phone")
        if not number:
            continue
        assert number in subscribers, number
        held = [
            row
            for row in holders.get(number, [])
            if row["person_id"] == event.actor
            and row["from"] <= event.time
            and (pd.isna(row["to"]) or event.time <= row["to"])
        ]
        assert held, f"{number} in {event.post_id} is not the advertiser's at that time"


def _numbers_shown(text: str) -> str:
    """Every phone-like digit run in a post, OCR look-alikes and other digit scripts read back."""
    from simulator.observers.language.phones import find_phone_keys

    return " ".join(find_phone_keys(text))


def test_advert_contact_numbers_appear_in_posts(case):
    posts = case["tables"].get("posts")
    if posts is None:
        pytest.skip("the platforms observer writes no posts table yet")
    posts = posts.assign(
        shown=(posts["text"].fillna("") + " " + posts["image_text"].fillna("")).map(_numbers_shown)
    )
    by_handle = {handle: group for handle, group in posts.groupby("handle")}
    adverts = events_of(case, "advert_posted")
    checked = 0
    for event, info in zip(adverts.itertuples(), detail(adverts), strict=True):
        number = info.get("contact_phone")
        captured = by_handle.get(event.actor_account)
        if not number or captured is None:
            continue  # an account removed before anyone captured its page
        near = captured[(captured["time"] - event.time).abs() <= pd.Timedelta(minutes=2)]
        if near.empty:
            continue
        tail = re.sub(r"\D", "", number)[-6:]
        assert near["shown"].str.contains(tail).any(), (event.actor_account, number)
        checked += 1
    assert checked > 0


def test_every_seized_chat_has_matching_messenger_metadata(case):
    chats = case["tables"]["device_chats"]
    traffic = case["tables"]["messenger_traffic"]
    assert len(chats) > 0
    keys = set(
        zip(
            traffic["time"],
            traffic["sender_account"].fillna(""),
            traffic["recipient_account"].fillna(""),
            traffic["group"].fillna(""),
            strict=True,
        )
    )
    for chat in chats.itertuples():
        key = (chat.time, chat.sender or "", chat.recipient or "", chat.group or "")
        key = tuple("" if isinstance(v, float) else v for v in key)
        assert key in keys, key


def test_every_hawala_release_follows_an_arrival(case):
    payments = case["truth"]["payments"]
    releases = payments[payments["purpose"] == "hawala_release"]
    assert len(releases) > 0
    arrivals = pd.concat([events_of(case, "leg_arrival"), events_of(case, "arrival")])
    reached: dict[tuple[str, int], pd.Timestamp] = {}
    for event, info in zip(arrivals.itertuples(), detail(arrivals), strict=True):
        key = (event.actor, int(info.get("leg_index", -1)))
        reached[key] = min(reached.get(key, event.time), event.time)
    for release in releases.itertuples():
        when = reached.get((release.migrant, int(release.leg_index)))
        assert when is not None and when <= release.time, release.payment_id
    # The seized notebook agrees: a pay-out with a code word is never dated before the arrival.
    ledger = case["tables"]["hawala_ledgers"]
    # Code words can repeat across journeys, so match on the code word and the amount.
    earliest: dict[tuple[str, int], pd.Timestamp] = {}
    for release in releases.itertuples():
        code = json.loads(release.detail).get("code_word")
        key = (code, round(release.amount_cents / 100))
        arrived = reached[(release.migrant, int(release.leg_index))]
        earliest[key] = min(earliest.get(key, arrived), arrived)
    paid = ledger[ledger["direction"].isin(["out", "due", "owe"]) & ledger["code_word"].notna()]
    matched = 0
    for entry in paid.itertuples():
        arrived = earliest.get((entry.code_word, entry.amount))
        if arrived is not None:
            # Local dates run at most a few hours ahead of UTC.
            assert entry.entry_date >= f"{arrived - pd.Timedelta(hours=2):%Y-%m-%d}", entry
            matched += 1
    assert matched > 0


def test_ledger_and_transfer_amounts_reconcile_with_truth_payments(case):
    payments = case["truth"]["payments"]
    ledger = case["tables"]["ledger_transactions"].set_index("tx_id")
    crypto = payments[payments["channel"] == "crypto"]
    assert len(crypto) > 0
    for payment in crypto.itertuples():
        tx = json.loads(payment.detail)["tx_hash"]
        assert ledger.loc[tx, "amount"] == pytest.approx(payment.amount_cents / 100)
        assert ledger.loc[tx, "to_address"] == payment.payee_instrument
    transfers = case["tables"]["money_transfers"].drop_duplicates("transfer_id")
    wired = payments[payments["channel"] == "money_transfer"]
    assert len(transfers) == len(wired)
    assert round(transfers["send_amount"].sum() * 100) == int(wired["amount_cents"].sum())
    assert sorted(transfers["send_amount"]) == sorted(wired["amount_cents"] / 100)
    moves = case["tables"]["exchange_transfers"]
    deposits = payments[payments["purpose"] == "exchange_deposit"]
    got = moves[moves["direction"] == "crypto_deposit"]["amount"].sum()
    assert got == pytest.approx(deposits["amount_cents"].sum() / 100)
    cash_out = payments[payments["purpose"] == "cash_out"]["amount_cents"].sum() / 100
    fiat = moves[moves["direction"] == "fiat_withdrawal"]["fiat_amount"].sum()
    assert fiat == pytest.approx(cash_out)


def test_open_tier_reveals_no_truth_only_facts(case):
    persons = case["truth"]["persons"]
    person_ids = set(persons["person_id"].astype(str))
    roles = set(persons["role"].astype(str))
    forbidden_columns = {"person_id", "role", "actor", "target", "is_migrant", "migrant"}
    checked = 0
    for name, tier in case["tiers"].items():
        if tier != "open":
            continue
        table = case["tables"][name]
        assert not forbidden_columns & set(table.columns), name
        for column in table.columns:
            if table[column].dtype.kind not in "OT" and str(table[column].dtype) != "str":
                continue
            values = set(table[column].dropna().astype(str))
            assert not values & person_ids, (name, column)
            assert not values & roles, (name, column)
            checked += 1
    assert checked > 0
