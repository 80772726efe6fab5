"""Migrants and the family members at home who pay for them.

A migrant's journey is a chain of scheduled actions, each scheduling the next: hear of a
smuggler (an advert or a friend), contact the recruiter, negotiate, pay, wait in a safe house,
board a trip, and then arrive, be turned back (and retry or give up) or die. Trips call back into
the migrant when they leave and when they end.

Examples
--------
>>> [state.value for state in MigrantState][:3]
['new', 'contacted', 'no_deal']
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from simulator.world.agents.base import PersonAgent
from simulator.world.events import DAY, EventKind
from simulator.world.journeys import Deal, negotiate_prices
from simulator.world.money import FX_TO_EUR

if TYPE_CHECKING:
    from simulator.world.journeys import Trip
    from simulator.world.model import SmugglingModel

__all__ = ["MAX_ATTEMPTS", "FamilyPayer", "Migrant", "MigrantState"]

#: A turned-back migrant tries a leg at most this many times (modelling choice).
MAX_ATTEMPTS = 5
#: Chance a migrant with family shares a live location when leaving (modelling choice).
LOCATION_SHARE = 0.5
#: Chance an arrived migrant sends the recruiter a testimonial photo (modelling choice).
TESTIMONIAL = 0.3


class MigrantState(StrEnum):
    """Where a migrant is in the journey (the final one is the ``outcome`` in persons)."""

    NEW = "new"
    CONTACTED = "contacted"
    NO_DEAL = "no_deal"
    PAYING = "paying"
    WAITING = "waiting"
    ASSIGNED = "assigned"
    TRAVELLING = "travelling"
    TURNED_BACK = "turned_back"
    ARRIVED = "arrived"
    GAVE_UP = "gave_up"
    DEAD = "dead"


class FamilyPayer(PersonAgent):
    """A relative at home who pays the fees (hawala deposit, transfer, crypto)."""

    kind = "family"

    def __init__(self, model: SmugglingModel, person_id: str, **identity: object) -> None:
        super().__init__(model, person_id, "family_payer", **identity)  # type: ignore[arg-type]
        self.family_of: str | None = None

    def record(self) -> dict[str, object]:
        """Row of the persons table, naming the migrant paid for."""
        return {**super().record(), "family_of": self.family_of}


class Migrant(PersonAgent):
    """A person who buys passage from the network."""

    kind = "migrant"

    def __init__(
        self,
        model: SmugglingModel,
        person_id: str,
        *,
        route_index: int,
        budget_eur: float,
        arrival_t: int,
        **identity: object,
    ) -> None:
        super().__init__(model, person_id, "migrant", **identity)  # type: ignore[arg-type]
        self.route_index = route_index
        self.route = model.spec.routes[route_index]
        self.budget_eur = budget_eur
        self.arrival_t = arrival_t
        self.payer: FamilyPayer | None = None
        self.recruiter: PersonAgent | None = None
        self.deal: Deal | None = None
        self._state = MigrantState.NEW
        model.migrant_states[MigrantState.NEW] += 1
        self.leg_index = 0
        self.attempt = 1
        self.paid_legs: set[int] = set()
        self.keeper: PersonAgent | None = None
        self.queued_t = 0
        self.trip: Trip | None = None
        self.journey_row: int | None = None
        self.heard_via: str | None = None

    # ------------------------------------------------------------------ helpers

    @property
    def state(self) -> MigrantState:
        """Where the migrant is in the journey (counted by the model for its reporters)."""
        return self._state

    @state.setter
    def state(self, value: MigrantState) -> None:
        counts = self.model.migrant_states
        counts[self._state] -= 1
        counts[value] += 1
        self._state = value

    @property
    def payer_agent(self) -> PersonAgent:
        """Who pays: the family payer if there is one, else the migrant."""
        return self.payer if self.payer is not None else self

    @property
    def leg(self):
        """The leg the migrant is on or waiting for."""
        return self.route.legs[self.leg_index]

    def beneficiary(self, legs: tuple[int, ...] | list[int]) -> PersonAgent:
        """Who is owed the money for ``legs``: the stage coordinator for one leg, else the boss."""
        model = self.model
        if len(legs) == 1:
            boss = model.coordinator_for(self.route.legs[legs[0]])
            if boss is not None:
                return boss
        recruiter = self.deal.recruiter if self.deal else self.recruiter
        return model.boss_of(recruiter) or recruiter

    def record(self) -> dict[str, object]:
        """Row of the persons table, with the recruiter, route, outcome and how they heard."""
        return {
            **super().record(),
            "route": self.route.name,
            "recruiter": self.recruiter.person_id if self.recruiter else None,
            "heard_via": self.heard_via,
            "outcome": self.outcome,
            "budget_eur": round(self.budget_eur, 2),
        }

    @property
    def outcome(self) -> str:
        """Final outcome: arrived, dead, gave_up, no_deal, in_transit, waiting or not_started."""
        state = self.state
        if state in (MigrantState.ARRIVED, MigrantState.DEAD, MigrantState.GAVE_UP):
            return state.value
        if state is MigrantState.NO_DEAL:
            return "no_deal"
        if state is MigrantState.TRAVELLING:
            return "in_transit"
        if state is MigrantState.NEW:
            return "not_started"
        return "waiting"

    # ------------------------------------------------------------------ the journey

    def hear_of_smuggler(self) -> None:
        """Find a recruiter through an advert or a friend, and write to them."""
        model = self.model
        rng = model.streams.migrants
        t = model.t()
        detail: dict[str, object] = {}
        recruiter = None
        advert = None
        friend = None
        if rng.random() < model.spec.migrants.word_of_mouth:
            friend = model.friend_of(self)
            if friend is not None and friend.recruiter is not None and friend.recruiter.active:
                recruiter = friend.recruiter
                model.comms.message(
                    friend, self, t - int(rng.integers(600, 6 * 3600)), "referral",
                    "call this man, he is serious",
                    extra={"shared_contact": recruiter.number},
                )  # fmt: skip
                detail = {"via": "word_of_mouth", "referrer": friend.person_id}
        if recruiter is None:
            advert = model.online.find_advert(self, t)
            if advert is not None:
                recruiter = advert.owner
                detail = {"via": "advert", "contact_phone": advert.contact_phone}
        if recruiter is None:
            recruiter = model.pick_recruiter(self)
            detail = {"via": "word_of_mouth"}
        if recruiter is None:
            return
        self.recruiter = recruiter
        self.heard_via = str(detail["via"])
        self.state = MigrantState.CONTACTED
        language = model.common_language(self, recruiter)
        detail["language"] = language
        model.log.add(
            EventKind.CONTACT,
            t,
            self.person_id,
            recruiter.person_id,
            self.place,
            detail=detail,
            channel="messenger",
            platform=model.spec.online.messenger,
            actor_phone=self.number,
            actor_imei=self.imei,
            actor_account=self.messenger,
            target_phone=recruiter.number,
            target_imei=recruiter.imei,
            target_account=recruiter.messenger,
            ip=self.ip,
            post_id=advert.post_id if advert else None,
        )
        model.contacted(self)
        model.schedule_at(self.negotiate, t + int(rng.integers(1800, 20 * 3600)))

    def negotiate(self) -> None:
        """Agree on prices per leg and a payment channel, or fail to (budget too small)."""
        model = self.model
        rng = model.streams.migrants
        recruiter = self.recruiter
        if not recruiter.active:
            self.hear_of_smuggler()  # the recruiter went silent: look for another one
            return
        t = model.t()
        legs = self.route.legs
        prices = negotiate_prices(rng, legs, self.budget_eur)
        route_text = f"{legs[0].from_} to {legs[-1].to}"
        model.comms.message(self, recruiter, t, "negotiation", f"how much for {route_text}?")
        quoted = sum(int(leg.price.max) for leg in legs)
        t += int(rng.integers(120, 3 * 3600))
        model.comms.message(
            recruiter, self, t, "negotiation", f"{quoted} {legs[0].price.currency.value}, safe",
            extra={"price": quoted},
        )  # fmt: skip
        t += int(rng.integers(120, 3 * 3600))
        if prices is None:
            model.comms.message(self, recruiter, t, "negotiation", "too expensive for us")
            self.state = MigrantState.NO_DEAL
            model.log.add(
                EventKind.NEGOTIATION, t, self.person_id, recruiter.person_id, self.place,
                detail={"agreed": False, "route": self.route.name,
                        "budget_eur": round(self.budget_eur, 2)},
            )  # fmt: skip
            return
        channel = model.money.draw_channel()
        leg_by_leg = channel == "cash" or (
            channel == "hawala" and bool(rng.random() < model.spec.money.hawala.leg_by_leg)
        )
        currencies = [leg.price.currency.value for leg in legs]
        self.deal = Deal(self.route_index, recruiter, prices, currencies, channel, leg_by_leg, t)
        total = sum(prices)
        model.comms.message(
            self, recruiter, t, "negotiation", f"ok for {total // 100}, we pay by {channel}",
            extra={"price": total // 100},
        )  # fmt: skip
        t += int(rng.integers(60, 1800))
        model.comms.message(recruiter, self, t, "negotiation", "agreed, I send you the details")
        model.log.add(
            EventKind.NEGOTIATION,
            t,
            self.person_id,
            recruiter.person_id,
            self.place,
            detail={
                "agreed": True,
                "prices": [p // 100 for p in prices],
                "currencies": currencies,
                "channel": channel,
                "leg_by_leg": leg_by_leg,
                "route": self.route.name,
                "budget_eur": round(self.budget_eur, 2),
            },
            amount_cents=total,
            currency=currencies[0],
        )
        self.state = MigrantState.PAYING
        model.schedule_at(self.pay_up_front, t + int(rng.integers(DAY // 6, 2 * DAY)))

    def pay_up_front(self) -> None:
        """Pay what is due before setting off (everything, or the first leg), then go."""
        model = self.model
        deal = self.deal
        t = model.t()
        if deal.channel != "cash":
            legs = [0] if deal.leg_by_leg else list(range(len(self.route.legs)))
            t = model.money.pay_fees(self, legs, t)
            self.paid_legs.update(legs)
        if model.needs_document(self):
            model.forge_document(self, t)
        model.schedule_at(
            self.enter_safe_house, t + int(model.streams.migrants.integers(3600, DAY))
        )

    def enter_safe_house(self) -> None:
        """Pay for this leg if due, move into a safe house at the leg's start and wait."""
        model = self.model
        rng = model.streams.migrants
        t = model.t()
        leg = self.leg
        self.place = leg.from_
        if self.leg_index not in self.paid_legs:
            t = model.money.pay_fees(self, [self.leg_index], t)
            self.paid_legs.add(self.leg_index)
        self.keeper = model.keeper_for(leg)
        t += int(rng.integers(600, 3 * 3600))
        model.log.add(
            EventKind.SAFE_HOUSE_STAY,
            t,
            self.person_id,
            self.keeper.person_id if self.keeper else None,
            leg.from_,
            detail={"leg_index": self.leg_index, "attempt": self.attempt},
        )
        model.comms.ping(self, t, "safe_house", km=1.5)
        if self.payer is not None:
            model.comms.message(self, self.payer, t + 600, "family", "we are in the house, waiting")
        self.queued_t = t
        self.state = MigrantState.WAITING
        model.board.join(self, leg)

    def assigned(self, trip: Trip) -> None:
        """A place on a trip is reserved."""
        self.trip = trip
        self.state = MigrantState.ASSIGNED

    def unassigned(self) -> None:
        """The reserved trip was called off: wait again."""
        self.trip = None
        self.state = MigrantState.WAITING

    def board(self, trip: Trip) -> None:
        """Leave on the trip."""
        model = self.model
        t = trip.depart_t
        self.state = MigrantState.TRAVELLING
        model.log.add(
            EventKind.DEPARTURE,
            t,
            self.person_id,
            trip.transporter.person_id,
            trip.leg.from_,
            detail={
                "leg_index": self.leg_index,
                "mode": trip.leg.mode.value,
                "group_size": len(trip.migrants),
                "attempt": self.attempt,
            },
            trip_id=trip.trip_id,
        )
        model.comms.ping(self, t, "departure", km=0.5)
        if self.payer is not None and model.streams.migrants.random() < LOCATION_SHARE:
            model.comms.message(
                self, self.payer, t - 300, "location_share", "we are leaving now",
                media="location", where_km=0.3,
            )  # fmt: skip
        self.journey_row = model.journeys.open(
            migrant=self.person_id,
            route=self.route.name,
            leg_index=self.leg_index,
            from_place=trip.leg.from_,
            to_place=trip.leg.to,
            mode=trip.leg.mode.value,
            price_cents=self.deal.prices[self.leg_index],
            currency=self.deal.currencies[self.leg_index],
            channel=self.deal.channel,
            depart=t,
            attempt=self.attempt,
            trip_id=trip.trip_id,
        )

    def complete_leg(self, trip: Trip, rescued: bool) -> None:
        """Reach the end of the leg; send the code word; go on or arrive."""
        model = self.model
        rng = model.streams.migrants
        t = trip.arrive_t
        leg = trip.leg
        self.place = leg.to
        model.journeys.close(self.journey_row, "rescued" if rescued else "completed", t)
        model.log.add(
            EventKind.LEG_ARRIVAL, t, self.person_id, trip.transporter.person_id, leg.to,
            detail={"leg_index": self.leg_index, "rescued": rescued}, trip_id=trip.trip_id,
        )  # fmt: skip
        model.comms.ping(self, t + int(rng.integers(600, 3 * 3600)), "arrival", km=2.0)
        if self.deal.channel == "hawala":
            model.money.release_on_code_word(self, self.leg_index, t)
        elif self.payer is not None:
            model.comms.message(self, self.payer, t + int(rng.integers(600, 6 * 3600)),
                                "arrival_ok", "arrived OK")  # fmt: skip
        self.trip = None
        if self.leg_index == len(self.route.legs) - 1:
            self.state = MigrantState.ARRIVED
            model.log.add(
                EventKind.ARRIVAL, t + 1, self.person_id, None, leg.to,
                detail={"route": self.route.name},
            )  # fmt: skip
            recruiter = self.recruiter
            if recruiter is not None and recruiter.active and rng.random() < TESTIMONIAL:
                # Recruiters ask for a photo or video on arrival to advertise with (REALISM.md).
                model.comms.message(
                    self, recruiter, t + int(rng.integers(3600, DAY)), "photo",
                    "we arrived, thank you brother", media="image", where_km=1.0,
                    extra={"testimonial": True},
                )  # fmt: skip
            return
        self.leg_index += 1
        self.attempt = 1
        self.state = MigrantState.PAYING
        model.schedule_at(self.enter_safe_house, t + int(rng.integers(3 * 3600, 2 * DAY)))

    def turned_back(self, trip: Trip) -> None:
        """The trip was intercepted: back at the start of the leg, deciding what to do."""
        model = self.model
        self.place = trip.leg.from_
        self.trip = None
        self.state = MigrantState.TURNED_BACK
        model.journeys.close(self.journey_row, "intercepted", trip.arrive_t)
        rng = model.streams.migrants
        model.schedule_at(self.reconsider, trip.arrive_t + int(rng.integers(DAY, 5 * DAY)))

    def reconsider(self) -> None:
        """Retry the leg (the price covers retries) or give up and take the escrow back."""
        model = self.model
        rng = model.streams.migrants
        t = model.t()
        detail = {"leg_index": self.leg_index, "attempt": self.attempt}
        if self.attempt < MAX_ATTEMPTS and rng.random() < model.spec.migrants.retry:
            self.attempt += 1
            model.log.add(
                EventKind.RETRY, t, self.person_id, self.recruiter.person_id, self.place,
                detail={**detail, "attempt": self.attempt},
            )  # fmt: skip
            if self.recruiter.active:
                model.comms.message(self, self.recruiter, t + 60, "negotiation", "we try again")
            self.enter_safe_house()
            return
        self.state = MigrantState.GAVE_UP
        model.log.add(EventKind.GIVE_UP, t, self.person_id, None, self.place, detail=detail)
        model.money.refund(self, t, "gave_up")

    def die(self, trip: Trip) -> None:
        """Death in an incident; the family is refunded what is still in escrow."""
        model = self.model
        self.state = MigrantState.DEAD
        self.trip = None
        model.journeys.close(self.journey_row, "died", None)
        model.log.add(
            EventKind.DEATH, trip.arrive_t, self.person_id, None, trip.leg.to,
            detail={"leg_index": self.leg_index}, trip_id=trip.trip_id,
        )  # fmt: skip
        model.money.refund(self, trip.arrive_t, "death")

    def close_journey(self) -> None:
        """At the end of the period, record where the migrant still is."""
        model = self.model
        if self.state is MigrantState.NO_DEAL:
            model.journeys.open(
                migrant=self.person_id, route=self.route.name, leg_index=0,
                from_place=self.route.legs[0].from_, to_place=self.route.legs[0].to,
                mode=self.route.legs[0].mode.value, outcome="no_deal", attempt=0,
            )  # fmt: skip
        elif self.state in (MigrantState.WAITING, MigrantState.ASSIGNED, MigrantState.PAYING,
                            MigrantState.TURNED_BACK, MigrantState.CONTACTED):  # fmt: skip
            leg = self.leg
            deal = self.deal
            model.journeys.open(
                migrant=self.person_id, route=self.route.name, leg_index=self.leg_index,
                from_place=leg.from_, to_place=leg.to, mode=leg.mode.value,
                price_cents=deal.prices[self.leg_index] if deal else None,
                currency=deal.currencies[self.leg_index] if deal else None,
                channel=deal.channel if deal else None, outcome="waiting", attempt=self.attempt,
            )  # fmt: skip
        elif self.state is MigrantState.TRAVELLING and self.journey_row is not None:
            model.journeys.close(self.journey_row, "in_transit", None)


def budget_fits(budget_eur: float, prices: list[int], currencies: list[str]) -> bool:
    """True when the agreed prices fit the budget (in euros at the fixed rates).

    >>> budget_fits(1000.0, [90_000], ["EUR"])
    True
    """
    total = sum(p / 100 * FX_TO_EUR.get(c, 1.0) for p, c in zip(prices, currencies, strict=True))
    return total <= budget_eur + 1e-6
