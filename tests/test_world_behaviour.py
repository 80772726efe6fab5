"""Behaviour of the world on tiny hand-made scenarios: exact event sequences per person.

Each test builds a one-leg (or two-leg) world with two migrants, so the expected story can be
written out by hand and compared event by event.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simulator.world import simulate
from simulator.world.defaults import tiny_scenario

# Kinds that belong to a migrant's own story (routine pings are checked separately).
STORY = {
    "contact",
    "message",
    "negotiation",
    "payment",
    "safe_house_stay",
    "departure",
    "leg_arrival",
    "arrival",
    "interception",
    "retry",
    "give_up",
    "death",
}


#: Messages sent by chance (a shared location, a photo): checked on their own, not in stories.
OPTIONAL = ('"type":"location_share"', '"type":"photo"')


def story(events: pd.DataFrame, person: str) -> list[str]:
    """Kinds of the events a person takes part in, in time order (pings and accounts left out)."""
    mine = events[((events.actor == person) | (events.target == person)) & events.kind.isin(STORY)]
    optional = mine.detail.str.contains(OPTIONAL[0]) | mine.detail.str.contains(OPTIONAL[1])
    return mine[~optional].kind.tolist()


def details(events: pd.DataFrame, person: str, kind: str) -> list[dict]:
    mine = events[(events.actor == person) & (events.kind == kind)]
    return [json.loads(text) for text in mine.detail]


def migrants(world) -> list[str]:
    persons = world.tables["persons"]
    return persons.loc[persons.kind == "migrant", "person_id"].tolist()


def role_of(world, person_id: str) -> str:
    persons = world.tables["persons"].set_index("person_id")
    return persons.loc[person_id, "role"]


NEGOTIATE = ["contact", "message", "message", "message", "message", "negotiation"]


def test_cash_journey_is_told_event_by_event():
    world = simulate(tiny_scenario(), seed=1)
    events = world.tables["events"]
    for migrant in migrants(world):
        assert story(events, migrant) == [
            *NEGOTIATE,
            "payment",
            "safe_house_stay",
            "departure",
            "leg_arrival",
            "arrival",
        ]
        pings = details(events, migrant, "location")
        assert [p["reason"] for p in pings] == ["safe_house", "departure", "arrival"]
        (deal,) = details(events, migrant, "negotiation")
        paid = events[(events.actor == migrant) & (events.kind == "payment")]
        assert paid.amount_cents.tolist() == [deal["prices"][0] * 100]
        assert role_of(world, paid.target.iloc[0]) == "coordinator"
        departure = events[(events.actor == migrant) & (events.kind == "departure")].iloc[0]
        assert role_of(world, departure.target) == "transporter"
        arrival = events[(events.actor == migrant) & (events.kind == "arrival")].iloc[0]
        assert arrival.place == "Island"
    assert set(world.tables["persons"].query("kind == 'migrant'").outcome) == {"arrived"}


def test_hawala_escrow_is_released_on_the_code_word():
    scenario = tiny_scenario(
        {
            "migrants": {"family_payers": 1.0},
            "money": {
                "channels": {"hawala": 1.0, "cash": 0.0},
                "hawala": {"leg_by_leg": 0.0, "broker_fee": 0.05},
            },
        }
    )
    world = simulate(scenario, seed=2)
    events = world.tables["events"]
    persons = world.tables["persons"]
    for migrant in migrants(world):
        payer = persons.loc[persons.family_of == migrant, "person_id"].item()
        assert story(events, migrant) == [
            *NEGOTIATE,
            "message",  # the payer: "the money is with the broker" + code word
            "safe_house_stay",
            "message",  # to the family: waiting in the house
            "departure",
            "leg_arrival",
            "arrival",
            "message",  # "arrived OK" + code word to the payer
        ]
        assert story(events, payer) == [
            "payment",  # deposit at the home broker
            "message",  # code word to the migrant
            "message",  # the migrant: waiting in the house
            "message",  # the migrant's OK
            "message",  # release instruction to the broker
        ]
        deposit = events[(events.actor == payer) & (events.kind == "payment")].iloc[0]
        code = json.loads(deposit.detail)["code_word"]
        ok = events[(events.actor == migrant) & (events.target == payer)].iloc[-1]
        assert json.loads(ok.detail) == json.loads(ok.detail) | {
            "type": "arrival_ok",
            "code_word": code,
        }
        release = events[
            (events.kind == "payment") & events.detail.str.contains('"purpose":"hawala_release"')
            & events.detail.str.contains(migrant)
        ].iloc[0]  # fmt: skip
        assert release.time > ok.time
        (deal,) = details(events, migrant, "negotiation")
        fee = json.loads(deposit.detail)["fee_cents"]
        assert deposit.amount_cents == deal["prices"][0] * 100 + fee
        assert release.amount_cents == deal["prices"][0] * 100
        assert fee == round(deal["prices"][0] * 100 * 0.05)


def test_leg_by_leg_hawala_releases_after_each_leg():
    two_legs = {
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
                     "price": {"min": 1000, "max": 1000}, "duration_hours": {"min": 5, "max": 5},
                     "capacity": {"min": 1, "max": 5}, "departures_per_week": 70,
                     "interception": 0, "incident": 0},
                    {"from": "Island", "to": "City", "mode": "car", "stage": "inland",
                     "price": {"min": 200, "max": 200}, "duration_hours": {"min": 2, "max": 2},
                     "capacity": {"min": 1, "max": 5}, "departures_per_week": 70,
                     "interception": 0, "incident": 0},
                ],
            }
        ],
        "migrants": {"family_payers": 1.0},
        "money": {"channels": {"hawala": 1.0, "cash": 0.0}, "hawala": {"leg_by_leg": 1.0}},
        "period": {"days": 14},
    }  # fmt: skip
    world = simulate(tiny_scenario(two_legs), seed=3)
    payments = world.tables["payments"]
    for migrant in migrants(world):
        mine = payments[payments.migrant == migrant]
        deposits = mine[mine.purpose == "hawala_deposit"]
        releases = mine[mine.purpose == "hawala_release"]
        assert releases.amount_cents.tolist() == [100_000, 20_000]
        assert releases.leg_index.tolist() == [0, 1]
        assert len(deposits) == 2
        # The second leg is deposited only after the first is released.
        assert deposits.time.iloc[1] > releases.time.iloc[0]
        journeys = world.tables["journeys"]
        legs = journeys[journeys.migrant == migrant]
        assert legs.outcome.tolist() == ["completed", "completed"]
        assert (legs.arrive - legs.depart).tolist() == [
            pd.Timedelta(hours=5),
            pd.Timedelta(hours=2),
        ]


def test_intercepted_migrants_give_up_and_get_the_escrow_back():
    scenario = tiny_scenario(
        {
            "routes": [{"name": "crossing", "legs": [{**_leg(), "interception": 1.0}]}],
            "migrants": {"family_payers": 1.0, "retry": 0.0},
            "money": {"channels": {"hawala": 1.0, "cash": 0.0}, "hawala": {"leg_by_leg": 0.0}},
        }
    )
    world = simulate(scenario, seed=4)
    events = world.tables["events"]
    payments = world.tables["payments"]
    for migrant in migrants(world):
        kinds = story(events, migrant)
        assert kinds[-3:] == ["message", "departure", "give_up"]
        refund = payments[(payments.migrant == migrant) & (payments.purpose == "refund")]
        deposit = payments[(payments.migrant == migrant) & (payments.purpose == "hawala_deposit")]
        fee = payments[(payments.migrant == migrant) & (payments.purpose == "broker_fee")]
        assert refund.amount_cents.sum() == deposit.amount_cents.sum() - fee.amount_cents.sum()
        assert refund.payee.item() == deposit.payer.item()
    trips = events[events.kind == "interception"]
    assert len(trips) == events[events.kind == "departure"].trip_id.nunique()
    outcomes = world.tables["persons"].query("kind == 'migrant'").outcome
    assert set(outcomes) == {"gave_up"}


def test_retrying_migrants_try_five_times_at_most():
    scenario = tiny_scenario(
        {
            "routes": [{"name": "crossing", "legs": [{**_leg(), "interception": 1.0}]}],
            "migrants": {"retry": 1.0, "count": 6},
            "period": {"days": 60},
        }
    )
    world = simulate(scenario, seed=5)
    events = world.tables["events"]
    gave_up = 0
    for migrant in migrants(world):
        kinds = story(events, migrant)
        attempts = [d["attempt"] for d in details(events, migrant, "departure")]
        assert attempts == list(range(1, len(attempts) + 1)) and len(attempts) <= 5
        assert kinds.count("retry") in (len(attempts) - 1, len(attempts))
        # Retries are covered by the price: the leg is paid once.
        assert kinds.count("payment") == 1
        if "give_up" in kinds:
            gave_up += 1
            assert kinds[-1] == "give_up" and len(attempts) == 5
    assert gave_up >= 3


def test_deaths_in_an_incident():
    scenario = tiny_scenario(
        {
            "routes": [{"name": "crossing", "legs": [{**_leg(), "incident": 1.0, "death": 1.0}]}],
            "migrants": {"family_payers": 1.0},
            "money": {"channels": {"hawala": 1.0, "cash": 0.0}, "hawala": {"leg_by_leg": 0.0}},
        }
    )
    world = simulate(scenario, seed=6)
    events = world.tables["events"]
    payments = world.tables["payments"]
    for migrant in migrants(world):
        kinds = story(events, migrant)
        assert kinds[-2:] == ["departure", "death"]
        assert "arrival" not in kinds
        assert (payments[payments.migrant == migrant].purpose == "refund").sum() == 1
        assert (payments[payments.migrant == migrant].purpose == "hawala_release").sum() == 0
    incidents = events[events.kind == "incident"]
    assert sum(json.loads(d)["deaths"] for d in incidents.detail) == 2


def test_no_deal_when_the_budget_is_too_small():
    scenario = tiny_scenario({"migrants": {"budget": {"min": 100, "max": 500}}})
    world = simulate(scenario, seed=7)
    events = world.tables["events"]
    for migrant in migrants(world):
        assert story(events, migrant) == ["contact", "message", "message", "message", "negotiation"]
        (deal,) = details(events, migrant, "negotiation")
        assert deal["agreed"] is False
    assert (world.tables["payments"].migrant.notna()).sum() == 0
    assert set(world.tables["journeys"].outcome) == {"no_deal"}


def test_word_of_mouth_passes_the_recruiter_on():
    scenario = tiny_scenario(
        {"migrants": {"count": 30, "word_of_mouth": 1.0}, "network": {"roles": {"recruiter": 3}}}
    )
    world = simulate(scenario, seed=8)
    events = world.tables["events"]
    contacts = events[events.kind == "contact"]
    referred = [json.loads(d).get("referrer") for d in contacts.detail]
    assert sum(r is not None for r in referred) >= 20
    recruiter_of = dict(zip(contacts.actor, contacts.target, strict=True))
    for (_, row), referrer in zip(contacts.iterrows(), referred, strict=True):
        if referrer is None:
            continue
        assert recruiter_of[referrer] == row.target
        tip = events[
            (events.kind == "message") & (events.actor == referrer) & (events.target == row.actor)
        ]
        assert json.loads(tip.detail.iloc[0])["type"] == "referral"
        assert tip.time.iloc[0] < row.time


def test_adverts_use_the_scenario_vocabulary_and_platforms():
    world = simulate(tiny_scenario({"period": {"days": 20}}), seed=9)
    events = world.tables["events"]
    adverts = events[events.kind == "advert_posted"]
    assert len(adverts) > 10
    for row in adverts.itertuples():
        detail = json.loads(row.detail)
        assert detail["language"] == "fr"
        assert set(detail["words"]) <= {"boza"}
        assert 1000 <= detail["price_quoted"] <= 2000
        assert row.platform == "Facegroup"
        owner = world.tables["ownership"].set_index("identifier").loc[row.actor_account]
        assert owner.person_id == row.actor


def test_takedown_brings_back_the_next_numbered_backup():
    scenario = tiny_scenario(
        {
            "period": {"days": 30},
            "network": {"opsec": "medium"},
            # Day 5: late enough that the account picked has advertised before it goes.
            "interventions": [{"kind": "takedown", "day": 5, "platform": "Facegroup"}],
        }
    )
    world = simulate(scenario, seed=10)
    events = world.tables["events"]
    down = events[events.kind == "account_taken_down"]
    assert len(down) == 1
    recruiter, handle = down.actor.item(), down.actor_account.item()
    created = events[
        (events.kind == "account_created") & (events.actor == recruiter)
        & (events.platform == "Facegroup")
    ]  # fmt: skip
    backup = created[created.time > down.time.item()]
    assert json.loads(backup.detail.iloc[0])["backup_of"] == handle
    assert backup.actor_account.iloc[0] == handle + "1"
    adverts = events[(events.kind == "advert_posted") & (events.actor == recruiter)]
    later = adverts[adverts.time > backup.time.iloc[0]]
    assert len(later) > 0 and set(later.actor_account) == {handle + "1"}
    earlier = adverts[adverts.time < down.time.item()]
    assert set(earlier.actor_account) == {handle}
    ownership = world.tables["ownership"].set_index("identifier")
    assert ownership.loc[handle, "to"] == down.time.item()


def test_each_takedown_names_its_own_intervention():
    scenario = tiny_scenario(
        {
            "period": {"days": 30},
            "interventions": [
                {"kind": "takedown", "day": 4, "platform": "Facegroup"},
                {"kind": "takedown", "day": 9, "platform": "Facegroup", "accounts": 3},
            ],
        }
    )
    events = simulate(scenario, seed=10).tables["events"]
    down = events[events.kind == "account_taken_down"]
    details = [json.loads(text) for text in down.detail]
    assert [(d["reason"], d["intervention"]) for d in details] == [("referral", 0)] + [
        ("referral", 1)
    ] * (len(down) - 1)
    assert len(down) >= 2 and down.actor_account.is_unique


def test_arrest_seizes_phones_and_a_replacement_inherits_ties():
    scenario = tiny_scenario(
        {
            "period": {"days": 20},
            "network": {"replace_arrested": 1.0},
            "interventions": [{"kind": "arrest", "day": 2, "role": "coordinator"}],
        }
    )
    world = simulate(scenario, seed=11)
    events = world.tables["events"]
    arrest = events[events.kind == "arrest"]
    (arrested,) = arrest.actor.tolist()
    seizure = events[events.kind == "seizure"]
    assert seizure.actor.tolist() == [arrested]
    owned = world.tables["ownership"]
    device = owned[(owned.identifier == seizure.device.item())]
    assert device.person_id.item() == arrested and device.identifier_kind.item() == "device_id"
    replacement = events[events.kind == "replacement"]
    assert replacement.target.item() == arrested
    newcomer = replacement.actor.item()
    ties = world.tables["ties"]
    mine = ties[(ties.source == newcomer) | (ties.target == newcomer)]
    assert len(mine) >= 1 and set(mine.first_seen) == {replacement.day.item()}
    persons = world.tables["persons"].set_index("person_id")
    assert persons.loc[newcomer, "role"] == "coordinator"
    assert bool(persons.loc[arrested, "arrested"])
    # After the arrest the coordinator never acts again; the newcomer takes over the payments.
    after = events[(events.time > arrest.time.item()) & (events.actor == arrested)]
    assert after.kind.isin({"seizure"}).all()


def test_ledger_seizure_names_the_code_name():
    scenario = tiny_scenario(
        {
            "interventions": [
                {"kind": "seizure", "day": 1, "role": "money_broker", "what": "hawala_ledger"}
            ]
        }
    )
    world = simulate(scenario, seed=12)
    events = world.tables["events"]
    (seizure,) = events[events.kind == "seizure"].itertuples()
    assert json.loads(seizure.detail)["what"] == "hawala_ledger"
    owned = world.tables["ownership"].set_index("identifier")
    assert owned.loc[seizure.actor_wallet, "identifier_kind"] == "hawala_code_name"
    assert owned.loc[seizure.actor_wallet, "person_id"] == seizure.actor


def test_high_opsec_swaps_sims_in_the_same_handset():
    scenario = tiny_scenario({"period": {"days": 60}, "network": {"opsec": "high"}})
    world = simulate(scenario, seed=13)
    events = world.tables["events"]
    swaps = events[events.kind == "sim_swap"]
    burners = events[events.kind == "burner_activated"]
    assert len(swaps) > 0 and len(burners) > 0
    owned = world.tables["ownership"]
    for swap in swaps.itertuples():
        old = json.loads(swap.detail)["old_phone"]
        closed = owned[owned.identifier == old]
        assert closed.to.item() == swap.time
        handset = owned[(owned.identifier == swap.actor_imei)]
        assert handset.person_id.tolist() == [swap.actor]
    for burner in burners.itertuples():
        assert json.loads(burner.detail)["old_imei"] != burner.actor_imei


def test_every_message_carries_both_ends_handsets():
    world = simulate(tiny_scenario({"migrants": {"family_payers": 1.0}}), seed=14)
    events = world.tables["events"]
    direct = events[
        (events.kind.isin({"message", "call", "sms", "contact"})) & events.target.notna()
    ]
    assert direct[["actor_phone", "actor_imei", "target_phone", "target_imei"]].notna().all().all()
    owned = world.tables["ownership"]
    numbers = owned[owned.identifier_kind == "phone_number"]
    holders = dict(zip(numbers.identifier, numbers.person_id, strict=True))
    assert (direct.actor_phone.map(holders) == direct.actor).all()
    assert (direct.target_phone.map(holders) == direct.target).all()


def _leg() -> dict:
    return {
        "from": "Port",
        "to": "Island",
        "mode": "small_boat",
        "price": {"min": 1000, "max": 2000, "currency": "EUR"},
        "duration_hours": {"min": 10, "max": 20},
        "capacity": {"min": 1, "max": 10},
        "departures_per_week": 70,
        "interception": 0.0,
        "incident": 0.0,
        "death": 0.0,
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_benign_posts_share_the_words(seed):
    scenario = tiny_scenario(
        {"online": {"benign": [{"kind": "ngo", "count": 3, "posts_per_week": 10}]}}
    )
    world = simulate(scenario, seed=seed)
    events = world.tables["events"]
    posts = events[events.kind == "benign_post"]
    assert len(posts) > 10
    words = [w for d in posts.detail for w in json.loads(d)["words"]]
    assert "boza" in words
    persons = world.tables["persons"].set_index("person_id")
    assert set(persons.loc[posts.actor.unique(), "role"]) == {"ngo"}


def test_photos_and_shared_locations_carry_a_position_and_the_handset():
    scenario = tiny_scenario({"migrants": {"count": 10, "family_payers": 1.0}})
    world = simulate(scenario, seed=15)
    events = world.tables["events"]
    messages = events[events.kind == "message"]
    placed = messages[messages.detail.str.contains('"media":"(?:image|location)"')]
    kinds = {json.loads(d)["type"] for d in placed.detail}
    assert {"location_share", "photo"} <= kinds
    assert placed[["lat", "lon", "device"]].notna().all().all()
    owned = world.tables["ownership"].set_index("identifier")
    assert (owned.loc[placed.device, "person_id"].to_numpy() == placed.actor.to_numpy()).all()
    port = world.scenario.places[0]
    near = placed[placed.place == "Port"]
    assert ((near.lat - port.lat).abs() < 0.2).all()


def test_a_replaced_recruiter_opens_new_accounts_and_advertises_again():
    scenario = tiny_scenario(
        {
            "period": {"days": 30},
            "network": {"replace_arrested": 1.0},
            "interventions": [{"kind": "arrest", "day": 3, "role": "recruiter"}],
        }
    )
    world = simulate(scenario, seed=16)
    events = world.tables["events"]
    newcomer = events[events.kind == "replacement"].actor.item()
    joined = events[events.kind == "replacement"].time.item()
    opened = events[(events.kind == "account_created") & (events.actor == newcomer)]
    assert len(opened) >= 2 and (opened.time >= joined).all()
    adverts = events[(events.kind == "advert_posted") & (events.actor == newcomer)]
    assert len(adverts) > 0 and set(adverts.actor_account) <= set(opened.actor_account)
