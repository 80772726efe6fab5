"""Ordinary customers' traffic (money.background): present when asked for, consistent, realistic.

A small world with a few hundred customers is generated once as a real case folder; the tests read
it back the way an instructor would.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from simulator.bench.scale import scale_scenario
from simulator.case import Manifest
from simulator.cli.pipeline import generate_case
from simulator.observers.imperfection import stable_id
from simulator.world.defaults import tiny_scenario

CHAIN_PER_DAY, REMITTANCES_PER_DAY, CUSTOMERS = 60.0, 30.0, 300
BACKGROUND = {
    "money": {
        "background": {
            "customers": CUSTOMERS,
            "chain_transfers_per_day": CHAIN_PER_DAY,
            "remittances_per_day": REMITTANCES_PER_DAY,
        }
    }
}


def read(folder, key):
    return pd.read_parquet(folder / f"{key}.parquet")


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    scenario = tiny_scenario(BACKGROUND)
    folder = tmp_path_factory.mktemp("background") / "case"
    generate_case(scenario, seed=5, out=folder)
    return scenario, folder


def background_payments(folder):
    payments = read(folder, "truth/payments")
    return payments[payments["payment_id"].str.startswith("PAYB")]


def test_volumes_follow_the_daily_rates(case):
    scenario, folder = case
    payments = background_payments(folder)
    days = scenario.period.days
    chain = (payments["channel"] == "crypto").sum()
    wired = (payments["channel"] == "money_transfer").sum()
    # Poisson totals: within five standard deviations of the expected count.
    for got, rate in ((chain, CHAIN_PER_DAY), (wired, REMITTANCES_PER_DAY)):
        expected = rate * days
        assert abs(got - expected) < 5 * np.sqrt(expected), (got, expected)
    assert payments["payment_id"].is_unique
    assert set(payments["purpose"]) == {"benign_transfer", "benign_remittance"}


def test_customers_are_persons_with_identifiers_of_their_own(case):
    _, folder = case
    persons = read(folder, "truth/persons")
    customers = persons[persons["kind"] == "background"]
    assert len(customers) == CUSTOMERS
    assert persons["person_id"].is_unique
    ownership = read(folder, "truth/ownership")
    theirs = ownership[ownership["person_id"].isin(customers["person_id"])]
    others = ownership[~ownership["person_id"].isin(customers["person_id"])]
    assert len(theirs) == 3 * CUSTOMERS and theirs["identifier"].is_unique
    assert not set(theirs["identifier"]) & set(others["identifier"])
    payments = background_payments(folder)
    assert set(payments["payer"]) | set(payments["payee"]) <= set(customers["person_id"])
    wallets = set(theirs.loc[theirs["identifier_kind"] == "wallet", "identifier"])
    crypto = payments[payments["channel"] == "crypto"]
    assert set(crypto["payer_instrument"]) | set(crypto["payee_instrument"]) <= wallets


def test_the_public_ledger_shows_every_ordinary_chain_transfer(case):
    _, folder = case
    crypto = background_payments(folder).query("channel == 'crypto'")
    ledger = read(folder, "open/ledger_transactions").set_index("tx_id")
    hashes = [json.loads(raw)["tx_hash"] for raw in crypto["detail"]]
    seen = ledger.loc[hashes]
    assert seen["amount"].tolist() == pytest.approx((crypto["amount_cents"] / 100).tolist())
    assert seen["from_address"].tolist() == crypto["payer_instrument"].tolist()
    assert seen["to_address"].tolist() == crypto["payee_instrument"].tolist()
    delay = seen["block_time"].to_numpy() - crypto["time"].to_numpy()
    assert (delay >= np.timedelta64(15, "s")).all() and (delay < np.timedelta64(900, "s")).all()


def test_the_transfer_offices_record_every_ordinary_remittance(case):
    _, folder = case
    wired = background_payments(folder).query("channel == 'money_transfer'")
    records = read(folder, "provider/money_transfers").set_index("transfer_id")
    persons = read(folder, "truth/persons").set_index("person_id")
    ids = [stable_id("MTCN", p, length=10).upper() for p in wired["payment_id"]]
    seen = records.loc[ids]
    assert seen["send_amount"].tolist() == pytest.approx((wired["amount_cents"] / 100).tolist())
    assert seen["sender_phone"].str.startswith("+").all()
    assert seen["receive_office"].notna().all() and seen["timezone"].notna().all()
    # Names as the clerk wrote them: mostly exact, some with a typo.
    names = persons.loc[wired["payer"], "name"].to_numpy()
    exact = (seen["sender_name"].to_numpy() == names).mean()
    assert 0.8 < exact < 1.0, exact


def test_who_pays_is_heavy_tailed_and_amounts_centre_on_the_medians(case):
    _, folder = case
    payments = background_payments(folder)
    counts = pd.concat([payments["payer"], payments["payee"]]).value_counts()
    top = counts.head(max(1, len(counts) // 20)).sum() / counts.sum()
    assert top > 0.15, top  # the busiest 5 % of customers take well over 5 % of payments
    crypto = payments[payments["channel"] == "crypto"]["amount"]
    wired = payments[payments["channel"] == "money_transfer"]["amount"]
    assert 100 < crypto.median() < 220 and 170 < wired.median() < 350


def test_the_same_seed_gives_the_same_bytes(case, tmp_path):
    scenario, folder = case
    again = tmp_path / "again"
    generate_case(scenario, seed=5, out=again)
    first, second = Manifest.read(folder), Manifest.read(again)
    assert [t.sha256 for t in first.tables] == [t.sha256 for t in second.tables]


def test_no_background_is_drawn_unless_asked_for(tmp_path):
    folder = tmp_path / "plain"
    generate_case(tiny_scenario(), seed=5, out=folder)
    assert not read(folder, "truth/payments")["payment_id"].str.startswith("PAYB").any()
    assert "background" not in set(read(folder, "truth/persons")["kind"])


def test_scaling_a_scenario_scales_its_haystack():
    scaled = scale_scenario(tiny_scenario(BACKGROUND), 4).money.background
    assert scaled.customers == 4 * CUSTOMERS
    assert scaled.chain_transfers_per_day == 4 * CHAIN_PER_DAY
    assert scaled.remittances_per_day == 4 * REMITTANCES_PER_DAY
