"""Money is conserved to the cent, and each channel moves it the way the scenario says."""

from __future__ import annotations

import json
from collections import defaultdict

import pandas as pd
import pytest

from simulator.world import simulate
from simulator.world.defaults import tiny_scenario
from simulator.world.ledger import Ledger, Overdraft
from simulator.world.money import FX_TO_EUR, split_below

#: A world where every channel is used: 80 migrants, two legs, brokers, mules, couriers, crypto.
ALL_CHANNELS = {
    "period": {"days": 40},
    "places": [
        {"name": "Port", "country": "TN", "lat": 34.7, "lon": 10.7},
        {"name": "Island", "country": "IT", "lat": 35.5, "lon": 12.6},
        {"name": "City", "country": "IT", "lat": 37.3, "lon": 13.6},
    ],
    "routes": [
        {
            "name": "two",
            "legs": [
                {"from": "Port", "to": "Island", "mode": "small_boat",
                 "price": {"min": 1500, "max": 3000}, "duration_hours": {"min": 10, "max": 30},
                 "capacity": {"min": 2, "max": 15}, "departures_per_week": 14,
                 "interception": 0.3, "incident": 0.1, "death": 0.3},
                {"from": "Island", "to": "City", "mode": "car", "stage": "inland",
                 "price": {"min": 100, "max": 300, "currency": "USD"},
                 "duration_hours": {"min": 2, "max": 5}, "capacity": {"min": 1, "max": 4},
                 "departures_per_week": 14, "interception": 0.05, "incident": 0.0},
            ],
        }
    ],
    "network": {
        "roles": {"organiser": 2, "recruiter": 3, "coordinator": 2, "transporter": 4,
                  "money_broker": 3, "safe_house_keeper": 2, "cash_courier": 2,
                  "corrupt_official": 1, "forger": 1},
    },
    "migrants": {"count": 80, "family_payers": 0.7, "retry": 0.5,
                 "budget": {"min": 1500, "max": 4000}},
    "money": {
        "channels": {"hawala": 0.4, "crypto": 0.2, "money_transfer": 0.2, "cash": 0.2},
        "hawala": {"leg_by_leg": 0.5, "broker_fee": 0.03},
        "settlement": {"interval_days": 7},
        "money_transfer": {"reporting_threshold": 1000, "structuring": 0.8},
    },
    "online": {
        "benign": [
            {"kind": "crypto_user", "count": 5, "posts_per_week": 3},
            {"kind": "hawala_customer", "count": 5, "posts_per_week": 2},
        ]
    },
    "interventions": [
        {"kind": "arrest", "day": 20, "role": "recruiter"},
        {"kind": "seizure", "day": 25, "role": "money_broker", "what": "hawala_ledger"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def world():
    return simulate(tiny_scenario(ALL_CHANNELS), seed=21)


def recomputed_balances(payments: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    balances: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    for row in payments.itertuples():
        balances[(row.payer, row.from_account, row.currency)] -= row.amount_cents
        balances[(row.payee, row.to_account, row.currency)] += row.amount_cents
    return {key: value for key, value in sorted(balances.items()) if value}


def test_every_channel_is_used(world):
    payments = world.tables["payments"]
    assert {"hawala", "crypto", "money_transfer", "cash", "courier", "exchange"} <= set(
        payments.channel
    )
    purposes = set(payments.purpose)
    for purpose in ("hawala_deposit", "hawala_release", "broker_fee", "broker_settlement",
                    "consolidation", "peel", "peel_hop", "exchange_deposit", "cash_out",
                    "mule_handover", "driver_pay", "safe_house_pay", "journey_fee", "on_ramp",
                    "benign_remittance", "benign_transfer"):  # fmt: skip
        assert purpose in purposes, purpose


def test_payments_table_and_ledger_agree_to_the_cent(world):
    payments = world.tables["payments"]
    assert (payments.amount_cents > 0).all()
    assert (payments.amount * 100).round().astype(
        "int64"
    ).tolist() == payments.amount_cents.tolist()
    assert recomputed_balances(payments) == world.model.ledger.balances()
    totals = defaultdict(int)
    for (_, _, currency), value in world.model.ledger.balances().items():
        totals[currency] += value
    assert set(totals.values()) == {0}


def test_every_payment_is_one_event(world):
    events = world.tables["events"]
    paid = events[events.kind == "payment"]
    payments = world.tables["payments"]
    assert sorted(paid.payment_id) == sorted(payments.payment_id)
    merged = paid.merge(payments, on="payment_id", suffixes=("_event", ""))
    assert (merged.amount_cents_event == merged.amount_cents).all()
    assert (merged.actor == merged.payer).all() and (merged.target == merged.payee).all()
    assert (merged.time_event == merged.time).all()


def test_instruments_never_spend_money_they_did_not_have_yet(world):
    """In time order, escrow, wallets and exchange accounts never go below zero."""
    payments = world.tables["payments"].sort_values(["time", "payment_id"], kind="stable")
    running: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    for row in payments.itertuples():
        running[(row.payee, row.to_account, row.currency)] += row.amount_cents
        key = (row.payer, row.from_account, row.currency)
        running[key] -= row.amount_cents
        if row.from_account != "cash":
            assert running[key] >= 0, (row.payment_id, key)


def test_hawala_deposits_equal_releases_fees_refunds_and_what_is_held(world):
    payments = world.tables["payments"]
    money = world.model.money
    for migrant, escrows in money.escrows.items():
        mine = payments[payments.migrant == migrant]
        deposits = mine[mine.purpose == "hawala_deposit"].amount_cents.sum()
        fees = mine[mine.purpose == "broker_fee"].amount_cents.sum()
        releases = mine[mine.purpose == "hawala_release"].amount_cents.sum()
        refunds = mine[mine.purpose == "refund"].amount_cents.sum()
        held = sum(e.amount_cents for e in escrows if not e.settled)
        assert deposits == releases + fees + refunds + held
    # What a home broker holds in escrow is what it still owes partners plus undelivered escrow.
    for broker in world.model.members_of("money_broker") + [
        m for m in world.model.members if m.role == "money_broker" and not m.active
    ]:
        for currency in ("EUR", "USD"):
            balance = world.model.ledger.balance(broker.person_id, "escrow", currency)
            owed = sum(
                v
                for (home, _, c), v in money.owed.items()
                if home == broker.person_id and c == currency
            )
            undelivered = sum(
                e.amount_cents
                for escrows in money.escrows.values()
                for e in escrows
                if e.home is broker and e.currency == currency and not e.settled
            )
            benign = world.model.online.pending_releases
            pending = sum(
                a for _, (home, _, _, a, _) in benign if home is broker and currency == "EUR"
            )
            released_direct = 0  # releases paid from the home escrow leave it at once
            assert balance == owed + undelivered + pending + released_direct


def test_arrived_migrants_paid_exactly_their_price(world):
    payments = world.tables["payments"]
    journeys = world.tables["journeys"]
    persons = world.tables["persons"]
    arrived = persons[persons.outcome == "arrived"].person_id
    assert len(arrived) >= 10
    for migrant in arrived:
        deal = world.model.persons[migrant].deal
        mine = payments[payments.migrant == migrant]
        fees = mine[mine.purpose == "broker_fee"].amount_cents.sum()
        if deal.channel == "hawala":
            paid = mine[mine.purpose == "hawala_deposit"].amount_cents.sum() - fees
        else:
            paid = mine[mine.purpose == "journey_fee"].amount_cents.sum()
        assert paid == sum(deal.prices)
        legs = journeys[
            (journeys.migrant == migrant) & journeys.outcome.isin({"completed", "rescued"})
        ]
        assert sorted(set(legs.leg_index)) == [0, 1]


def test_structured_transfers_stay_below_the_threshold(world):
    payments = world.tables["payments"]
    transfers = payments[payments.channel == "money_transfer"]
    assert len(transfers) > 0
    structured = 0
    for (migrant, _), group in transfers.groupby(["migrant", "currency"]):
        details = [json.loads(d) for d in group.detail]
        if details[0]["structured"]:
            structured += 1
            threshold = 1000 / FX_TO_EUR[group.currency.iloc[0]] * 100
            assert (group.amount_cents < threshold).all(), migrant
            assert [d["split"] for d in details] == list(range(1, len(details) + 1))
    assert structured > 0


def test_crypto_flows_end_at_a_mules_exchange_account(world):
    payments = world.tables["payments"]
    persons = world.tables["persons"].set_index("person_id")
    deposits = payments[payments.purpose == "exchange_deposit"]
    assert len(deposits) > 0
    assert set(persons.loc[deposits.payee, "role"]) == {"money_mule"}
    for row in deposits.itertuples():
        chain = json.loads(row.detail)["chain"]
        hops = payments[payments.detail.str.contains(chain)]
        # Peels and hops come before the deposit, each hop from the wallet the last one filled.
        assert (hops[hops.purpose.isin({"peel", "peel_hop"})].time <= row.time).all()
    out = payments[payments.purpose == "cash_out"]
    assert (
        out.amount_cents.sum()
        <= deposits.amount_cents.sum()
        + payments[
            (payments.purpose == "benign_transfer") & (payments.to_account == "exchange")
        ].amount_cents.sum()
    )


def test_split_below_is_exact_and_below():
    parts = split_below(1_234_567, 100_000, [0.9] * 30)
    assert sum(parts) == 1_234_567
    assert all(part < 100_000 for part in parts)


def test_an_instrument_cannot_be_overdrawn():
    ledger = Ledger()
    ledger.record(0, "A", "B", 500, "EUR", "crypto", "journey_fee", to_account="wallet:w1")
    with pytest.raises(Overdraft):
        ledger.record(1, "B", "C", 501, "EUR", "crypto", "peel", from_account="wallet:w1")
    with pytest.raises(ValueError, match="positive whole number"):
        ledger.record(1, "B", "C", 0, "EUR", "cash", "peel")


def test_prices_and_durations_inside_the_leg_ranges(world):
    journeys = world.tables["journeys"].dropna(subset=["depart"])
    legs = {leg.from_: leg for leg in world.scenario.routes[0].legs}
    for row in journeys.itertuples():
        leg = legs[row.from_place]
        assert leg.price.min * 100 <= row.price_cents <= leg.price.max * 100
        if pd.notna(row.arrive):
            hours = (row.arrive - row.depart).total_seconds() / 3600
            assert leg.duration_hours.min <= hours <= leg.duration_hours.max
    trips = journeys.groupby("trip_id").agg(size=("migrant", "size"), leg=("from_place", "first"))
    for trip in trips.itertuples():
        assert legs[trip.leg].capacity.min <= trip.size <= legs[trip.leg].capacity.max


def test_laundering_deposits_stay_below_the_threshold(world):
    payments = world.tables["payments"]
    laundered = payments[payments.purpose == "laundering"]
    assert len(laundered) > 0
    persons = world.tables["persons"].set_index("person_id")
    assert set(persons.loc[laundered.payer, "role"]) == {"organiser"}
    assert (laundered.payer == laundered.payee).all()
    small = laundered[laundered.detail.str.contains('"behaviour":"cash_business"')]
    assert (small.amount_cents < 1000 * 100).all()
