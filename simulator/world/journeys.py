"""Journeys: deals, waiting lists per leg, trips that fill a boat or vehicle, and their outcomes.

Departure slots accrue at ``departures_per_week`` / 7 a day (from a random phase); a slot not used
because too few people wait is kept, but at most a day's worth of slots is kept, since boats and
drivers cannot be stockpiled. A trip leaves when a slot is free and enough people wait to fill it
(``capacity.min``); it takes at most ``capacity.max``. Under way it lasts a duration drawn
within ``duration_hours``. Outcomes are drawn per trip, in this order: intercepted
(``interception``, everyone is turned back), otherwise an incident (``incident``) in which each
person dies with probability ``death`` and the survivors are rescued and complete the leg,
otherwise everyone completes the leg. Legs written identically in several routes share one
waiting list (the same crew runs them).

Examples
--------
>>> import numpy as np
>>> from simulator.scenario.schema import Leg
>>> leg = Leg.model_validate({"from": "A", "to": "B", "mode": "dinghy",
...     "price": {"min": 1000, "max": 2000}, "duration_hours": {"min": 2, "max": 3},
...     "capacity": {"min": 1, "max": 5}})
>>> prices = negotiate_prices(np.random.default_rng(1), [leg], budget_eur=1500)
>>> 100_000 <= prices[0] <= 150_000
True
>>> negotiate_prices(np.random.default_rng(1), [leg], budget_eur=900) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from simulator.scenario.schema import Leg
from simulator.world.clock import time_of_day
from simulator.world.events import DAY, EventKind, text_column
from simulator.world.ledger import Purpose, cents
from simulator.world.money import FX_TO_EUR

if TYPE_CHECKING:
    from simulator.world.agents.base import PersonAgent
    from simulator.world.agents.migrants import Migrant
    from simulator.world.model import SmugglingModel

__all__ = [
    "DepartureBoard",
    "JourneyBook",
    "Trip",
    "TripOutcome",
    "draw_duration",
    "negotiate_prices",
]

#: Nightly safe-house cost the coordinator pays the keeper, per person (modelling choice, EUR).
SAFE_HOUSE_NIGHT_EUR = (8, 25)
#: Bribe range for a corrupt official, per trip (modelling choice, EUR) and its chance per trip.
BRIBE_EUR = (200, 1500)
BRIBE_CHANCE = 0.35
#: Share of sea trips whose boat or engine is bought through an online marketplace listing.
ONLINE_BOAT_SHARE = 0.6


def negotiate_prices(
    rng: np.random.Generator, legs: Sequence[Leg], budget_eur: float
) -> list[int] | None:
    """Agreed price per leg in cents, each inside its leg's range, the total within the budget.

    Each leg's asking price is drawn uniformly in whole currency units; if the total is above the
    budget, every price is lowered towards its minimum by the same fraction. ``None`` when even the
    minimum prices exceed the budget (no deal).
    """
    lows = [int(np.ceil(leg.price.min)) for leg in legs]
    highs = [max(int(np.floor(leg.price.max)), low) for leg, low in zip(legs, lows, strict=True)]
    rates = [FX_TO_EUR.get(leg.price.currency.value, 1.0) for leg in legs]
    asked = [int(rng.integers(low, high + 1)) for low, high in zip(lows, highs, strict=True)]
    floor_eur = sum(low * rate for low, rate in zip(lows, rates, strict=True))
    asked_eur = sum(price * rate for price, rate in zip(asked, rates, strict=True))
    if floor_eur > budget_eur:
        return None
    if asked_eur > budget_eur:
        keep = (budget_eur - floor_eur) / (asked_eur - floor_eur)
        asked = [low + int((price - low) * keep) for low, price in zip(lows, asked, strict=True)]
    return [price * 100 for price in asked]


def draw_duration(rng: np.random.Generator, leg: Leg) -> int:
    """Seconds a trip on ``leg`` takes, uniform within ``duration_hours`` (whole seconds)."""
    low = int(np.ceil(leg.duration_hours.min * 3600))
    high = max(int(np.floor(leg.duration_hours.max * 3600)), low)
    return int(rng.integers(low, high + 1))


@dataclass
class Deal:
    """What a migrant agreed with a recruiter."""

    route_index: int
    recruiter: PersonAgent
    prices: list[int]
    currencies: list[str]
    channel: str
    leg_by_leg: bool
    agreed_t: int

    @property
    def total(self) -> int:
        """Sum of the leg prices in cents (mixed currencies added as numbers)."""
        return sum(self.prices)


@dataclass
class TripOutcome:
    """What happened to a trip."""

    intercepted: bool = False
    incident: bool = False
    dead: list[str] = field(default_factory=list)


class JourneyBook:
    """The ``journeys`` truth table: one row per migrant per leg attempt (plus unstarted ends)."""

    COLUMNS = (
        "migrant",
        "route",
        "leg_index",
        "from_place",
        "to_place",
        "mode",
        "price_cents",
        "currency",
        "channel",
        "depart",
        "arrive",
        "outcome",
        "attempt",
        "trip_id",
    )

    def __init__(self) -> None:
        self._rows: dict[str, list[Any]] = {name: [] for name in self.COLUMNS}

    def open(self, **values: Any) -> int:
        """Add a row (outcome pending); return its index."""
        for name in self.COLUMNS:
            self._rows[name].append(values.get(name))
        return len(self._rows["migrant"]) - 1

    def close(self, row: int, outcome: str, arrive: int | None = None) -> None:
        """Set the outcome (and arrival time) of a row."""
        self._rows["outcome"][row] = outcome
        if arrive is not None:
            self._rows["arrive"][row] = arrive

    def to_frame(self, start: Any) -> pd.DataFrame:
        """The table with UTC times, sorted by migrant, leg and attempt."""
        origin = pd.Timestamp(start, tz="UTC")
        rows = self._rows

        def times(values: list[int | None]) -> Any:
            seconds = pd.array(values, dtype="Int64").to_numpy(dtype="float64", na_value=np.nan)
            return (origin + pd.to_timedelta(seconds, unit="s")).as_unit("s")

        frame = pd.DataFrame(
            {
                "migrant": text_column(rows["migrant"]),
                "route": text_column(rows["route"]),
                "leg_index": pd.array(rows["leg_index"], dtype="int64"),
                "from_place": text_column(rows["from_place"]),
                "to_place": text_column(rows["to_place"]),
                "mode": text_column(rows["mode"]),
                "price": pd.array(rows["price_cents"], dtype="Int64") / 100,
                "price_cents": pd.array(rows["price_cents"], dtype="Int64"),
                "currency": text_column(rows["currency"]),
                "channel": text_column(rows["channel"]),
                "depart": times(rows["depart"]),
                "arrive": times(rows["arrive"]),
                "outcome": text_column(rows["outcome"]),
                "attempt": pd.array(rows["attempt"], dtype="Int64"),
                "trip_id": text_column(rows["trip_id"]),
            }
        )
        return frame.sort_values(
            ["migrant", "leg_index", "attempt"], kind="stable", ignore_index=True
        )


class Trip:
    """One boat, vehicle or walking group on one leg, led by a transporter."""

    def __init__(
        self,
        model: SmugglingModel,
        trip_id: str,
        leg: Leg,
        migrants: list[Migrant],
        transporter: PersonAgent,
        coordinator: PersonAgent,
        depart_t: int,
    ) -> None:
        self.model = model
        self.trip_id = trip_id
        self.leg = leg
        self.migrants = migrants
        self.transporter = transporter
        self.coordinator = coordinator
        self.depart_t = depart_t
        self.arrive_t = depart_t + draw_duration(model.streams.journeys, self.leg)
        self.outcome: TripOutcome | None = None

    def depart(self) -> None:
        """Pay the crew and the keepers, notify the group, and set off."""
        model, leg, t = self.model, self.leg, self.depart_t
        rng = model.streams.journeys
        if not self.transporter.active:
            # The crew was arrested since the morning: another takes over, or the trip is off.
            crew = model.transporter_for(leg, t)
            if crew is None:
                model.board.cancel(self)
                return
            self.transporter = crew
            model.board.busy_until[crew.person_id] = self.arrive_t
        if not self.coordinator.active:
            boss = model.coordinator_for(leg)
            if boss is None:
                model.board.cancel(self)
                return
            self.coordinator = boss
        crew, boss = self.transporter, self.coordinator
        group = f"G-{self.trip_id}"
        model.comms.message(
            boss, crew, t - int(rng.integers(3600, 6 * 3600)), "logistics",
            f"{len(self.migrants)} people tonight from {leg.from_}", extra={"trip": self.trip_id},
        )  # fmt: skip
        model.comms.call(boss, crew, t - int(rng.integers(600, 3600)), int(rng.integers(20, 240)))
        model.comms.message(
            boss, None, t - int(rng.integers(1800, 3 * 3600)), "departure_notice",
            "be ready, the car comes for you", group=group,
            extra={"recipients": len(self.migrants)},
        )  # fmt: skip
        if leg.mode.by_sea and rng.random() < ONLINE_BOAT_SHARE:
            model.online.buy_boat(boss, self, t - int(rng.integers(DAY // 4, DAY // 2)))
        currency = model.spec.money.driver_pay.currency.value
        model.money.expense(
            t - 1800, boss, crew, model.money.draw_price(model.spec.money.driver_pay), currency,
            Purpose.DRIVER_PAY, trip_id=self.trip_id,
        )  # fmt: skip
        self.pay_keepers(t - 900)
        official = model.official_for(leg)
        if official is not None and rng.random() < BRIBE_CHANCE:
            low, high = BRIBE_EUR
            model.money.expense(
                t - 2 * 3600, boss, official, int(rng.integers(low, high + 1)) * 100, "EUR",
                Purpose.BRIBE, trip_id=self.trip_id,
            )  # fmt: skip
        crew.place = leg.from_
        model.comms.message(
            crew, boss, t - int(rng.integers(1800, 4 * 3600)), "photo",
            f"the {leg.mode.value.replace('_', ' ')} is ready", media="image", where_km=0.3,
            extra={"trip": self.trip_id},
        )  # fmt: skip
        model.comms.ping(crew, t, "departure", km=0.5)
        for migrant in self.migrants:
            migrant.board(self)
        model.schedule_at(self.finish, self.arrive_t)

    def pay_keepers(self, t: int) -> None:
        """The coordinator pays each keeper for the nights this group spent in their house."""
        model = self.model
        rng = model.streams.journeys
        owed: dict[str, int] = {}
        for migrant in self.migrants:
            if migrant.keeper is None:
                continue
            nights = max(1, (t - migrant.queued_t) // DAY)
            rate = int(rng.integers(SAFE_HOUSE_NIGHT_EUR[0], SAFE_HOUSE_NIGHT_EUR[1] + 1))
            owed[migrant.keeper.person_id] = owed.get(migrant.keeper.person_id, 0) + nights * rate
        for keeper_id, amount in sorted(owed.items()):
            model.money.expense(
                t, self.coordinator, model.persons[keeper_id], cents(amount), "EUR",
                Purpose.SAFE_HOUSE_PAY, trip_id=self.trip_id,
            )  # fmt: skip

    def draw_outcome(self) -> TripOutcome:
        """Interception first, otherwise an incident with per-person deaths, otherwise safe."""
        rng = self.model.streams.journeys
        leg = self.leg
        outcome = TripOutcome()
        if rng.random() < leg.interception:
            outcome.intercepted = True
        elif rng.random() < leg.incident:
            outcome.incident = True
            dies = rng.random(len(self.migrants)) < leg.death
            outcome.dead = [m.person_id for m, d in zip(self.migrants, dies, strict=True) if d]
        return outcome

    def finish(self) -> None:
        """The trip ends: intercepted, incident or safe arrival, and everyone on it moves on."""
        model, leg, t = self.model, self.leg, self.arrive_t
        self.outcome = outcome = self.draw_outcome()
        crew = self.transporter
        detail = {
            "leg": f"{leg.from_}->{leg.to}",
            "mode": leg.mode.value,
            "group_size": len(self.migrants),
        }
        if outcome.intercepted:
            model.log.add(
                EventKind.INTERCEPTION, t, crew.person_id, None, leg.from_,
                detail=detail, trip_id=self.trip_id,
            )  # fmt: skip
            crew.place = crew.base_place
            for migrant in self.migrants:
                migrant.turned_back(self)
            return
        if outcome.incident:
            model.log.add(
                EventKind.INCIDENT, t, crew.person_id, None, leg.to,
                detail={**detail, "deaths": len(outcome.dead)}, trip_id=self.trip_id,
            )  # fmt: skip
        if crew.active:
            crew.place = leg.to
            model.comms.ping(crew, t, "arrival", km=1.0)
        crew.place = crew.base_place
        dead = set(outcome.dead)
        for migrant in self.migrants:
            if migrant.person_id in dead:
                migrant.die(self)
            else:
                migrant.complete_leg(self, rescued=outcome.incident)


class DepartureBoard:
    """Waiting lists per leg and the daily launch of trips.

    Legs written identically in several routes (same places, mode, stage, price, capacity...)
    share one waiting list: the same crew runs them, so people from both routes travel together.
    """

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.journeys
        self.legs: list[Leg] = []
        self.leg_ids: dict[Leg, int] = {}
        for route in model.spec.routes:
            for leg in route.legs:
                if leg not in self.leg_ids:
                    self.leg_ids[leg] = len(self.legs)
                    self.legs.append(leg)
        # The same look-up by object: hashing a scenario model hashes all its fields, and every
        # migrant's leg is one of these objects (leg_id falls back to leg_ids for any other).
        self._by_object: dict[int, tuple[Leg, int]] = {
            id(leg): (leg, self.leg_ids[leg]) for route in model.spec.routes for leg in route.legs
        }
        self.queues: dict[int, list[Migrant]] = {}
        self.trips: dict[str, Trip] = {}
        self.busy_until: dict[str, int] = {}
        # Slots in hand per leg, starting from a random phase so legs do not all leave on day 0.
        self.slots = [
            float(self.rng.random()) * min(1.0, leg.departures_per_week / 7) for leg in self.legs
        ]

    def leg_id(self, leg: Leg) -> int:
        """The leg's waiting-list number (``leg_ids[leg]``, found by identity when possible)."""
        found = self._by_object.get(id(leg))
        if found is not None and found[0] is leg:
            return found[1]
        return self.leg_ids[leg]

    def join(self, migrant: Migrant, leg: Leg) -> None:
        """Put a migrant on the waiting list of a leg."""
        self.queues.setdefault(self.leg_id(leg), []).append(migrant)

    def cancel(self, trip: Trip) -> None:
        """A trip that cannot leave: its people go back to the head of the waiting list."""
        queue = self.queues.setdefault(self.leg_id(trip.leg), [])
        queue[:0] = trip.migrants
        for migrant in trip.migrants:
            migrant.unassigned()
        self.busy_until.pop(trip.transporter.person_id, None)

    def launch(self, day: int) -> None:
        """Today's departure slots: fill trips from the waiting lists, first come first served."""
        model = self.model
        for key, leg in enumerate(self.legs):
            per_day = leg.departures_per_week / 7.0
            self.slots[key] = min(self.slots[key] + per_day, max(1.0, float(np.ceil(per_day))))
            queue = self.queues.get(key)
            if not queue:
                continue
            while self.slots[key] >= 1.0:
                if len(queue) < leg.capacity.min:
                    break
                profile = "night" if leg.mode.by_sea or leg.mode.value == "foot" else "road"
                depart_t = day * DAY + time_of_day(self.rng, profile)
                crew = model.transporter_for(leg, depart_t)
                boss = model.coordinator_for(leg)
                if crew is None or boss is None:
                    break
                self.slots[key] -= 1.0
                size = int(self.rng.integers(leg.capacity.min, leg.capacity.max + 1))
                group, queue[:] = queue[:size], queue[size:]
                trip_id = f"T{model.ring.number(len(self.trips) + 1):05d}"
                trip = Trip(model, trip_id, leg, group, crew, boss, depart_t)
                self.trips[trip_id] = trip
                self.busy_until[crew.person_id] = trip.arrive_t
                for migrant in group:
                    migrant.assigned(trip)
                model.schedule_at(trip.depart, depart_t)
