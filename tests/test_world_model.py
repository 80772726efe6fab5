"""The Mesa model: builds with defaults, steps, uses the current API, and its tables hold up."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from simulator.world import SmugglingModel, World, simulate
from simulator.world.events import COLUMNS, EventKind
from simulator.world.reporters import MODEL_REPORTERS
from simulator.world.truth import PERSON_COLUMNS


def test_default_model_builds_and_steps_without_deprecations():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        warnings.simplefilter("error", FutureWarning)
        model = SmugglingModel()
        model.step()
        model.step()
    assert model.time == 2.0
    assert len(model.log) > 0


def test_progress_is_reported_every_morning():
    seen = []
    world = simulate(seed=1, progress=lambda day, total: seen.append((day, total)))
    days = world.scenario.period.days
    assert seen == [(day, days) for day in range(days)]


def test_reporters_are_named_functions_collected_daily():
    model = SmugglingModel(seed=2)
    model.run()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(MODEL_REPORTERS)
    assert len(frame) == model.days
    assert all(callable(f) and f.__name__ != "<lambda>" for f in MODEL_REPORTERS.values())
    assert frame["arrived"].is_monotonic_increasing


def test_idle_agents_are_not_stepped():
    """Agents schedule their next action: scheduled events grow with actions, not agents x days."""

    class Counting(SmugglingModel):
        scheduled = 0

        def schedule_at(self, action, t):
            Counting.scheduled += 1
            return super().schedule_at(action, t)

    model = Counting(seed=3)
    model.run()
    agents = len(model.agents)
    assert agents > 60
    assert Counting.scheduled < agents * model.days / 4
    # Nothing an agent does is driven by Mesa's per-step agent loop.
    assert all(not callable(getattr(agent, "step", None)) or type(agent).step is mesa_step()
               for agent in model.agents)  # fmt: skip


def mesa_step():
    import mesa

    return mesa.Agent.step


def test_world_tables_have_the_contract_columns():
    world = simulate(seed=4)
    assert isinstance(world, World) and world.seed == 4
    tables = world.tables
    assert list(tables["events"].columns) == list(COLUMNS)
    assert list(tables["persons"].columns) == list(PERSON_COLUMNS)
    assert {"source", "target", "kind", "first_seen"} <= set(tables["ties"].columns)
    assert {"identifier", "identifier_kind", "person_id", "from", "to"} <= set(
        tables["ownership"].columns
    )
    assert {
        "migrant", "route", "leg_index", "from_place", "to_place", "price", "currency",
        "depart", "arrive", "outcome", "attempt", "trip_id",
    } <= set(tables["journeys"].columns)  # fmt: skip
    assert {"payment_id", "payer", "payee", "channel", "amount", "currency", "time",
            "purpose", "migrant"} <= set(tables["payments"].columns)  # fmt: skip
    assert set(tables["events"].kind) <= {k.value for k in EventKind}
    assert tables["events"].time.is_monotonic_increasing
    assert tables["events"].event_id.tolist() == list(range(len(tables["events"])))
    assert str(tables["events"].time.dtype) == "datetime64[s, UTC]"


def test_every_person_in_the_log_is_in_persons():
    world = simulate(seed=5)
    known = set(world.tables["persons"].person_id)
    events = world.tables["events"]
    assert set(events.actor.dropna()) <= known
    assert set(events.target.dropna()) <= known
    owners = world.tables["ownership"]
    assert set(owners.person_id) <= known
    ties = world.tables["ties"]
    members = set(world.tables["persons"].query("kind == 'member'").person_id)
    assert set(ties.source) | set(ties.target) <= members


def test_identifiers_have_one_holder_at_a_time():
    world = simulate(seed=6)
    owners = world.tables["ownership"].sort_values(["identifier", "from"])
    for _, group in owners.groupby("identifier"):
        ends = group["to"].iloc[:-1]
        starts = group["from"].iloc[1:]
        assert (ends.notna()).all()
        assert (ends.to_numpy() <= starts.to_numpy()).all()


@pytest.mark.parametrize("kind", ["migrant", "member", "family", "benign", "helper"])
def test_persons_of_every_kind(kind):
    world = simulate(seed=7)
    persons = world.tables["persons"]
    assert (persons.kind == kind).any()
    assert persons.person_id.is_unique
    assert persons[persons.kind == kind].name.notna().all()


def test_events_before_the_period_are_only_account_openings():
    world = simulate(seed=8)
    events = world.tables["events"]
    early = events[events.time < pd.Timestamp(world.scenario.period.start, tz="UTC")]
    assert set(early.kind) <= {"account_created"}


def test_log_drained_in_chunks_equals_the_whole_table():
    import datetime as dt

    import numpy as np

    from simulator.world.events import EventLog

    def fill(log, rng, first, last):
        for i in range(first, last):
            log.add(
                "call" if i % 2 else "sms", i * 100 + int(rng.integers(-5000, 5000)), f"P{i % 7}",
                f"P{i % 5}", "A" if i % 3 else None, detail={"i": i},
                amount_cents=i if i % 4 == 0 else None, actor_phone="+0" if i % 2 else None,
                lat=1.5 if i % 5 == 0 else None, lon=2.5 if i % 5 == 0 else None,
            )  # fmt: skip

    places = {"A": (2.0, 3.0)}
    whole_log = EventLog(dt.date(2024, 1, 1))
    fill(whole_log, np.random.default_rng(0), 0, 3000)
    chunked = EventLog(dt.date(2024, 1, 1))
    rng = np.random.default_rng(0)
    chunks = []
    for first in range(0, 3000, 500):
        fill(chunked, rng, first, first + 500)
        chunks.append(chunked.drain((first + 500) * 100 - 6000, places))
    chunks.append(chunked.drain(None, places))
    pd.testing.assert_frame_equal(whole_log.to_frame(places), pd.concat(chunks, ignore_index=True))
    assert len(chunked) == 3000 and chunked.counts()["call"] == 1500
    with pytest.raises(ValueError, match="horizon"):
        chunked.add("call", 0, "P1")


BUSY = {
    "period": {"days": 30},
    "migrants": {"count": 20, "family_payers": 0.8, "word_of_mouth": 0.5},
    "network": {"opsec": "high", "replace_arrested": 1.0, "roles": {"recruiter": 2}},
    "money": {"channels": {"hawala": 0.4, "crypto": 0.2, "money_transfer": 0.2, "cash": 0.2}},
    "online": {
        "benign": [{"kind": "crypto_user", "count": 2}, {"kind": "hawala_customer", "count": 2}]
    },
    "interventions": [
        {"kind": "arrest", "day": 3, "role": "recruiter"},
        {"kind": "takedown", "day": 5, "platform": "Facegroup"},
        {"kind": "seizure", "day": 7, "role": "coordinator", "what": "phone"},
    ],
}


@pytest.mark.parametrize("busy", [False, True])
def test_the_model_never_backdates_beyond_the_drain_margin(busy):
    from simulator.world.defaults import tiny_scenario
    from simulator.world.events import MAX_BACKDATE

    model = SmugglingModel(tiny_scenario(BUSY) if busy else None, seed=9)
    worst = []
    original = model.log.add

    def watching(kind, t, *args, **kwargs):
        worst.append(model.t() - t)
        return original(kind, t, *args, **kwargs)

    model.log.add = watching
    model.run()
    assert worst and max(worst) <= MAX_BACKDATE


def test_every_event_kind_and_column_is_documented():
    import simulator.world.events as events

    doc = events.__doc__
    lines = {line.strip() for line in doc.splitlines()}
    for kind in EventKind:
        assert kind.value in lines, kind
    for column in COLUMNS:
        assert column in doc, column
