"""The smuggling world as a Mesa 3.5 model: the wiring of cast, clock, money, online life, events.

``SmugglingModel(scenario, seed)`` builds the network (``network.build_network``), the migrants
with their family payers, the mules, the benign haystack and the marketplace sellers; gives every
person their identifiers; and schedules what happens. Time runs in days (Mesa ``model.time``);
events are stamped in seconds. Agents are never stepped while idle: each schedules its next action
with ``schedule_event``; one recurring event per morning handles what is drawn in bulk (departure
slots, routine calls and pings, benign activity, periodic money flows, data collection).

Examples
--------
>>> model = SmugglingModel(seed=3)
>>> model.step()
>>> model.time
1.0
>>> model.run_until(model.days)
>>> model.log.counts()["advert_posted"] > 0
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from heapq import heappush
from typing import Any

import mesa
import networkx as nx
import numpy as np
from mesa.time import Event, Priority, Schedule

from simulator.scenario.schema import Leg, Scenario
from simulator.world.agents.base import Phone
from simulator.world.agents.benign import BenignActor, MarketplaceSeller
from simulator.world.agents.migrants import FamilyPayer, Migrant
from simulator.world.agents.smugglers import ROLE_CLASSES, MoneyMule, Smuggler
from simulator.world.clock import seconds, time_of_day
from simulator.world.comms import Comms
from simulator.world.defaults import default_scenario
from simulator.world.events import DAY, EventKind, EventLog
from simulator.world.identities import IdentityFactory
from simulator.world.interventions import Interventions
from simulator.world.journeys import DepartureBoard, JourneyBook
from simulator.world.ledger import Ledger, Purpose
from simulator.world.money import FX_TO_EUR, MoneyFlows
from simulator.world.network import attach_replacement, build_network, make_member, member_width
from simulator.world.online import OnlineWorld
from simulator.world.opsec import Opsec
from simulator.world.ownership import IdentifierKind, OwnershipRegistry
from simulator.world.reporters import MODEL_REPORTERS
from simulator.world.rings import Ring
from simulator.world.streams import SeedStreams
from simulator.world.truth import place_positions

__all__ = ["SmugglingModel"]

#: Organisation names for benign posters (the registrant is a synthetic person).
ORG_STYLES = {
    "ngo": ("{place} Migrant Aid", "Sea Watch Friends {place}", "Open Doors {place}"),
    "travel_agency": (
        "{place} Travel & Visa",
        "Golden Wings Travel {place}",
        "{place} Study Abroad",
    ),
    "journalist": ("{name}, reporter", "{name} News", "{name} (freelance)"),
    "diaspora_group": (
        "{nat} Community in Europe",
        "{nat} Diaspora Network",
        "{nat} Brothers Abroad",
    ),
}
#: Chance a migrant on a route without flights still buys a forged document.
DOCUMENT_CHANCE = 0.05


class _Call:
    """A one-off action on Mesa's event list, ordered exactly as a Mesa ``Event`` would be.

    ``schedule_event`` wraps each callable in a weak reference and an ``Event`` with lists of
    arguments; the model schedules tens of thousands of bound methods of agents, trips and
    interventions the model keeps anyway, so a strong reference gives the same runs for less.
    Order on the heap is Mesa's: time, then priority, then the shared ``Event`` counter (so these
    mix with Mesa's own events, such as the recurring morning, in the same order as before).
    """

    __slots__ = ("fn", "priority", "time", "unique_id")
    CANCELED = False  # never cancelled (Mesa's event list asks before running)

    def __init__(self, time: float, fn: Callable[[], None]) -> None:
        self.time = time
        self.priority = _DEFAULT
        self.unique_id = next(Event._ids)
        self.fn = fn

    def execute(self) -> None:
        """Run the action (called by Mesa's event loop)."""
        self.fn()

    def __lt__(self, other: Any) -> bool:
        if self.time != other.time:
            return self.time < other.time
        if self.priority != other.priority:
            return self.priority < other.priority
        return self.unique_id < other.unique_id


_DEFAULT = Priority.DEFAULT.value


class SmugglingModel(mesa.Model):
    """A smuggling operation played out day by day.

    Parameters
    ----------
    scenario : Scenario, optional
        The validated scenario; the built-in toy scenario when omitted.
    seed : int
        The case seed; every random stream is derived from it.
    progress : callable, optional
        Called as ``progress(day, total_days)`` each simulated morning.
    ring : Ring, optional
        Which ring of a world of several this model plays (:mod:`simulator.world.rings`): it
        sets the random streams, the numbering of ids and which identifiers may be drawn. One
        ring by default.

    Attributes
    ----------
    spec : Scenario
        The scenario (Mesa's own ``scenario`` attribute is its experiment object).
    log : EventLog
        Everything that happened.
    ledger : Ledger
        Every payment, in cents.
    owners : OwnershipRegistry
        Who held which identifier when.
    journeys : JourneyBook
        Leg attempts of every migrant.
    graph : networkx.Graph
        The smuggler tie network (replacements included).
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        seed: int = 7,
        progress: Callable[[int, int], None] | None = None,
        ring: Ring | None = None,
    ) -> None:
        ring = ring if ring is not None else Ring()
        streams = SeedStreams(ring.seed(seed))
        super().__init__(rng=streams.mesa_seed)
        # Answers about who is active (members_of and the pools built from it), kept until any
        # member's roster attributes change (see roster_changed): per-migrant look-ups would
        # otherwise scan the whole network each time, quadratic in the size of the world.
        self.roster_version = 0
        self._roster: dict[tuple[Any, ...], Any] = {}
        self.streams = streams
        self.seed = int(seed)
        self.ring = ring
        self.spec: Scenario = scenario if scenario is not None else default_scenario()
        self.days = self.spec.period.days
        self.progress = progress
        self.places = {place.name: place for place in self.spec.places}
        self.currencies = sorted(
            {leg.price.currency.value for route in self.spec.routes for leg in route.legs}
            | {self.spec.money.driver_pay.currency.value, "EUR"}
        )
        self.log = EventLog(self.spec.period.start)
        self.owners = OwnershipRegistry()
        self.ledger = Ledger(ring.number)
        self.journeys = JourneyBook()
        self.identities = IdentityFactory(streams.identities, streams.faker_seed, ring=ring)
        self.persons: dict[str, Any] = {}
        self.members: list[Smuggler] = []
        self.mules: list[MoneyMule] = []
        self.benign_posters: list[BenignActor] = []
        self.benign_crypto: list[BenignActor] = []
        self.benign_hawala: list[BenignActor] = []
        self.sellers: list[MarketplaceSeller] = []
        self.migrant_list: list[Migrant] = []
        #: Migrants per state, kept up to date by the migrants (cheap daily reporters).
        self.migrant_states: Counter[str] = Counter()
        self.in_contact = 0
        self._friends: dict[str, list[Migrant]] = {}
        self._wallets: dict[str, str] = {}
        self._exchange: dict[str, tuple[str, str]] = {}
        self._documents: dict[str, str] = {}
        self._banks: dict[str, str] = {}
        self._counters: dict[str, int] = {}

        self.comms = Comms(self)
        self.money = MoneyFlows(self)
        self.online = OnlineWorld(self)
        self.opsec = Opsec(self)
        self.board = DepartureBoard(self)

        members, graph = build_network(self.spec, streams.network, self.identities, ring=ring)
        self.graph: nx.Graph = graph
        self._member_number = len(members)
        self._member_width = member_width(len(members), ring)
        for member in members:
            self.add_member(member, t=0, created_before=True)
        self.create_helpers()
        self.create_benign()
        self.create_migrants()
        self.interventions = Interventions(self)
        self.datacollector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
        self.schedule_recurring(
            self.start_day,
            Schedule(interval=1.0, start=0.0, end=float(self.days - 1)),
            priority=Priority.HIGH,
        )

    # ------------------------------------------------------------------ clock

    def t(self) -> int:
        """Now, in whole seconds since the start of the period."""
        return seconds(self.time)

    def schedule_at(self, action: Callable[[], None], t: int) -> None:
        """Schedule a bound method at ``t`` seconds (never in the past; dropped after the end)."""
        when = max(t / DAY, self.time)
        if when < self.days:
            # What schedule_event(action, at=when) does, without its per-event weak reference.
            heappush(self._event_list._events, _Call(when, action))

    def start_day(self) -> None:
        """The morning routine: bulk activity of the day and departure slots."""
        day = round(self.time)
        # Settled events leave the log's Python lists for compact chunks: peak memory.
        self.log.compact(self.t(), place_positions(self))
        self.datacollector.collect(self)
        self.interventions.prepare(day)
        self.board.launch(day)
        self.comms.routine(day)
        self.online.benign_day(day)
        self.money.daily(day)
        if self.progress is not None:
            self.progress(day, self.days)

    def run(self) -> None:
        """Run the whole period and close open journeys."""
        self.run_until(self.days)
        self.finish()

    def finish(self) -> None:
        """Record where every migrant still is when the period ends."""
        if Migrant in self.agents_by_type:
            self.agents_by_type[Migrant].do("close_journey")
        self.log.compact(None, place_positions(self))

    # ------------------------------------------------------------------ identities

    def next_id(self, prefix: str, width: int = 5) -> str:
        """A new person id such as ``M00001`` (prefix per kind of person)."""
        self._counters[prefix] = self._counters.get(prefix, 0) + 1
        return f"{prefix}{self.ring.number(self._counters[prefix]):0{width}d}"

    def issue_phone(
        self,
        person: Any,
        t: int,
        *,
        country: str | None = None,
        keep_handset: bool = False,
        burner: bool = False,
        keep_old: bool = False,
    ) -> Phone:
        """Give ``person`` a new SIM (and a new handset unless ``keep_handset``)."""
        ident = self.identities
        old = person.phone
        country = country or (old.country if old else self.country_of(person))
        if keep_handset and old is not None:
            imei, device_id = old.imei, old.device_id
        else:
            imei, device_id = ident.imei(), ident.device_id()
        phone = Phone(
            ident.phone_number(country), ident.imsi(country), imei, device_id, country,
            ident.ip_address(), burner,
        )  # fmt: skip
        owners = self.owners
        if old is not None:
            owners.release(old.number, t)
            owners.release(old.imsi, t)
            if not keep_handset:
                if keep_old:
                    person.kept_phones.append(old)
                else:
                    owners.release(old.imei, t)
                    owners.release(old.device_id, t)
        owners.acquire(phone.number, IdentifierKind.PHONE_NUMBER, person.person_id, t)
        owners.acquire(phone.imsi, IdentifierKind.IMSI, person.person_id, t)
        if not (keep_handset and old is not None):
            owners.acquire(phone.imei, IdentifierKind.IMEI, person.person_id, t)
            owners.acquire(phone.device_id, IdentifierKind.DEVICE_ID, person.person_id, t)
        person.phone = phone
        return phone

    def register_messenger(self, person: Any, t: int, new_account: bool = True) -> None:
        """A messenger account on the current number (new, or re-registered to the number)."""
        messenger = self.spec.online.messenger
        if new_account or person.messenger is None:
            if person.messenger is not None:
                self.owners.release(person.messenger, t)
            handle = self.identities.handle(person.name, messenger, 0)
            person.messenger = handle
            self.owners.acquire(
                handle, IdentifierKind.MESSENGER_ACCOUNT, person.person_id, t, messenger
            )
        self.log.add(
            EventKind.ACCOUNT_CREATED, t, person.person_id, None, None,
            detail={"purpose": "messenger", "display_name": person.first_name,
                    "backup_number": 0, "new_account": new_account},
            platform=messenger, actor_account=person.messenger, actor_phone=person.number,
            actor_imei=person.imei, ip=person.ip,
        )  # fmt: skip

    def equip(self, person: Any, t: int, country: str | None = None) -> None:
        """A phone and a messenger account."""
        self.issue_phone(person, t, country=country)
        self.register_messenger(person, t)

    def country_of(self, person: Any) -> str:
        """Country of the person's base place (their nationality when it is not a place)."""
        place = self.places.get(person.base_place)
        return place.country if place else person.nationality

    def new_wallet(self, person: Any, t: int) -> str:
        """A fresh crypto wallet owned by ``person``."""
        address = self.identities.wallet_address()
        self.owners.acquire(address, IdentifierKind.WALLET, person.person_id, t, self.money.asset)
        person.wallets.append(address)
        return address

    def wallet_of(self, person: Any) -> str:
        """The person's everyday wallet (created on first use)."""
        if person.person_id not in self._wallets:
            self._wallets[person.person_id] = self.new_wallet(person, self.t())
        return self._wallets[person.person_id]

    def exchange_account_of(self, person: Any) -> str:
        """The person's account at the scenario's exchange (opened with KYC on first use)."""
        if person.person_id not in self._exchange:
            t = self.t()
            exchange = self.money.exchange
            account = self.identities.handle(person.name, exchange, 0)
            deposit = self.identities.wallet_address()
            self._exchange[person.person_id] = (account, deposit)
            self.owners.acquire(
                account, IdentifierKind.EXCHANGE_ACCOUNT, person.person_id, t, exchange
            )
            self.owners.acquire(deposit, IdentifierKind.WALLET, person.person_id, t, exchange)
            self.log.add(
                EventKind.ACCOUNT_CREATED, t, person.person_id, None, person.place,
                detail={"purpose": "exchange", "display_name": person.name, "backup_number": 0,
                        "kyc_document": self.id_document_of(person), "deposit_address": deposit},
                platform=exchange, actor_account=account, actor_phone=person.number, ip=person.ip,
            )  # fmt: skip
        return self._exchange[person.person_id][0]

    def exchange_deposit_address(self, person: Any) -> str:
        """The deposit address of the person's exchange account."""
        self.exchange_account_of(person)
        return self._exchange[person.person_id][1]

    def id_document_of(self, person: Any) -> str:
        """The person's identity document number (issued on first use)."""
        if person.person_id not in self._documents:
            number = self.identities.id_document(person.nationality)
            self._documents[person.person_id] = number
            self.owners.acquire(number, IdentifierKind.ID_DOCUMENT, person.person_id, self.t())
        return self._documents[person.person_id]

    def bank_account_of(self, person: Any) -> str:
        """A (front company's) bank account of the person."""
        if person.person_id not in self._banks:
            account = self.identities.iban_like(self.country_of(person))
            self._banks[person.person_id] = account
            self.owners.acquire(account, IdentifierKind.BANK_ACCOUNT, person.person_id, self.t())
        return self._banks[person.person_id]

    def close_holdings(self, person: Any, t: int) -> None:
        """An arrested person stops holding phones, accounts and wallets."""
        phones = [p for p in (person.phone, *person.kept_phones) if p is not None]
        for phone in phones:
            for identifier in (phone.number, phone.imsi, phone.imei, phone.device_id):
                self.owners.release(identifier, t)
        if person.messenger:
            self.owners.release(person.messenger, t)

    # ------------------------------------------------------------------ cast

    def add_member(self, member: Any, t: int, created_before: bool = False) -> Smuggler:
        """Turn a network member into an agent with phone, accounts and duties."""
        agent = ROLE_CLASSES[str(member.role)](self, member)
        self.persons[agent.person_id] = agent
        self.members.append(agent)
        self.roster_changed()
        start = t - (int(self.streams.identities.integers(30, 300)) * DAY if created_before else 0)
        self.equip(agent, start)
        role = agent.role
        if role == "money_broker":
            agent.hawala_code = self.identities.hawala_code_name()
            self.owners.acquire(
                agent.hawala_code, IdentifierKind.HAWALA_CODE_NAME, agent.person_id, start
            )
        if agent.advertises:
            self.online.open_advertising_accounts(agent, t, established=created_before)
            self.online.schedule_next_advert(agent)
        elif role == "organiser":
            self.online.brand(agent)
            self.online.open_account(agent, self.online.forum, agent.first_name, start + DAY)
            self.online.schedule_next_advert(agent)
        self.opsec.start(agent)
        return agent

    def create_helpers(self) -> None:
        """Money mules (transfers, exchange cash-out) and marketplace sellers."""
        rng = self.streams.identities
        spec = self.spec
        first_places = [route.legs[0].from_ for route in spec.routes]
        transit = self.places[first_places[0]]
        channels = spec.money.channels
        n_mules = 0
        if channels.crypto > 0 or channels.money_transfer > 0:
            n_mules = max(2, spec.network.roles.recruiter // 2)
        languages = list(spec.online.languages)
        for _ in range(n_mules):
            name, variants = self.identities.person_name(transit.country)
            mule = MoneyMule(
                self, self.next_id("U", 4), "money_mule", name, variants, transit.country,
                languages[:1], transit.name,
            )  # fmt: skip
            self.persons[mule.person_id] = mule
            self.mules.append(mule)
            self.equip(mule, -int(rng.integers(30, 300)) * DAY)
        sea_from = [leg.from_ for route in spec.routes for leg in route.legs if leg.mode.by_sea]
        seller_places = sorted(set(sea_from)) or [transit.name]
        for index in range(max(2, 2 * len(seller_places))):
            place = self.places[seller_places[index % len(seller_places)]]
            name, variants = self.identities.person_name(place.country)
            seller = MarketplaceSeller(
                self, self.next_id("S", 4), "marketplace_seller", name, variants, place.country,
                languages[:1], place.name,
            )  # fmt: skip
            self.persons[seller.person_id] = seller
            self.sellers.append(seller)
            start = -int(rng.integers(30, 600)) * DAY
            self.equip(seller, start)
            self.online.open_account(seller, self.online.marketplace, name, start, purpose="benign")

    def create_benign(self) -> None:
        """NGOs, agencies, journalists, diaspora groups, crypto users and hawala customers."""
        rng = self.streams.benign
        spec = self.spec
        destinations = [p for p in spec.places if p.kind.value == "destination"] or spec.places[-1:]
        hubs = [
            p for p in spec.places if p.kind.value in {"hub", "departure", "origin"}
        ] or spec.places[:1]
        origins = spec.migrants.origins
        ad_platforms = self.online.ad_platforms
        for group in spec.online.benign:
            kind = group.kind.value
            for _ in range(group.count):
                origin = origins[int(rng.integers(len(origins)))]
                if kind in {"ngo", "journalist"}:
                    place = destinations[int(rng.integers(len(destinations)))]
                    nationality, languages = place.country, ["en", *spec.online.languages[:1]]
                elif kind == "travel_agency":
                    place = hubs[int(rng.integers(len(hubs)))]
                    nationality, languages = place.country, [*origin.languages, "en"]
                else:
                    place = (destinations if kind == "diaspora_group" else hubs)[0]
                    nationality, languages = origin.country, list(origin.languages)
                name, variants = self.identities.person_name(nationality)
                actor = BenignActor(
                    self, self.next_id("B"), kind, group.posts_per_week, name=name,
                    name_variants=variants, nationality=nationality,
                    languages=list(dict.fromkeys(languages)), base_place=place.name,
                )  # fmt: skip
                self.persons[actor.person_id] = actor
                start = -int(rng.integers(60, 900)) * DAY
                self.equip(actor, start, country=nationality if kind == "hawala_customer" else None)
                if actor.posts:
                    styles = ORG_STYLES[kind]
                    display = styles[int(rng.integers(len(styles)))].format(
                        place=place.name, name=name, nat=origin.country
                    )
                    for platform in ad_platforms:
                        if rng.random() < 0.7 or platform is ad_platforms[0]:
                            self.online.open_account(
                                actor, platform.name, display, start, purpose="benign"
                            )
                    self.benign_posters.append(actor)
                elif kind == "crypto_user":
                    self.benign_crypto.append(actor)
                else:
                    self.benign_hawala.append(actor)

    def create_migrants(self) -> None:
        """Every migrant, with their family payer, phone and the day they start looking."""
        rng = self.streams.migrants
        spec = self.spec.migrants
        n = spec.count
        origins = spec.origins
        shares = np.array([o.share for o in origins], dtype=float)
        nat_index = rng.choice(len(origins), size=n, p=shares / shares.sum())
        routes = self.spec.routes
        route_shares = np.array([r.share for r in routes], dtype=float)
        route_index = rng.choice(len(routes), size=n, p=route_shares / route_shares.sum())
        budget = spec.budget
        budget_eur = rng.uniform(budget.min, budget.max, size=n) * FX_TO_EUR.get(
            budget.currency.value, 1.0
        )
        arrival_day = self.arrival_days(rng, n)
        has_payer = rng.random(n) < spec.family_payers
        tods = [time_of_day(rng) for _ in range(n)]
        for i in range(n):
            origin = origins[int(nat_index[i])]
            route = routes[int(route_index[i])]
            first = self.places[route.legs[0].from_]
            name, variants = self.identities.person_name(origin.country)
            arrival_t = int(arrival_day[i]) * DAY + tods[i]
            migrant = Migrant(
                self, self.next_id("M"), route_index=int(route_index[i]),
                budget_eur=float(budget_eur[i]), arrival_t=arrival_t, name=name,
                name_variants=variants, nationality=origin.country,
                languages=list(origin.languages), base_place=first.name,
            )  # fmt: skip
            self.persons[migrant.person_id] = migrant
            self.migrant_list.append(migrant)
            self.equip(migrant, arrival_t - int(rng.integers(DAY, 20 * DAY)), country=first.country)
            if has_payer[i]:
                payer_name, payer_variants = self.identities.person_name(origin.country)
                payer = FamilyPayer(
                    self, self.next_id("F"), name=payer_name, name_variants=payer_variants,
                    nationality=origin.country, languages=list(origin.languages),
                    base_place="",
                )  # fmt: skip
                payer.place = None
                payer.family_of = migrant.person_id
                migrant.payer = payer
                self.persons[payer.person_id] = payer
                self.equip(payer, -int(rng.integers(100, 2000)) * DAY, country=origin.country)
            self.schedule_at(migrant.hear_of_smuggler, arrival_t)

    def arrival_days(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Days migrants start looking for a smuggler, per the scenario's arrival pattern."""
        spec = self.spec.migrants
        days = self.days
        window = max(1, int(days * 0.75))
        if spec.arrival == "steady":
            values = rng.uniform(0, window, size=n)
        elif spec.arrival == "seasonal":
            values = rng.normal(spec.surge_day, days / 4, size=n)
        else:
            surge = rng.random(n) < 0.6
            values = np.where(
                surge, rng.normal(spec.surge_day, 3.0, size=n), rng.uniform(0, window, size=n)
            )
        return np.clip(np.floor(values), 0, days - 1).astype(np.int64)

    # ------------------------------------------------------------------ who does what

    def roster_changed(self) -> None:
        """Forget cached rosters: a member joined, or a member's role, stage or status changed.

        Called by :class:`~simulator.world.agents.smugglers.Smuggler` whenever one of its
        ``ROSTER_ATTRIBUTES`` (``active``, ``arrest_pending``, ``role``, ``stage``...) is set, by
        :meth:`add_member` and when the tie graph grows; ``roster_version`` lets other caches
        (live adverts online) notice too.
        """
        self.roster_version += 1
        self._roster = {}

    def cached(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """``build()``, remembered under ``key`` until the roster changes."""
        roster = self._roster
        if key in roster:
            return roster[key]
        value = roster[key] = build()
        return value

    def members_of(self, role: str | None = None, stage: str | None = None) -> list[Smuggler]:
        """Active members (not about to be arrested), optionally of one role and stage, in order.

        The list is cached until the roster changes and shared between callers: do not modify it.
        """
        key = ("members", role, stage)
        roster = self._roster
        if key in roster:
            return roster[key]
        pool = roster[key] = [
            m
            for m in self.members
            if m.active
            and not m.arrest_pending
            and (role is None or m.role == role)
            and (stage is None or m.stage == stage)
        ]
        return pool

    def _pick(self, pool: list[Any]) -> Any:
        return pool[int(self.streams.journeys.integers(len(pool)))] if pool else None

    def boss_of(self, member: Any) -> Smuggler | None:
        """The organiser a member answers to: tied to them, else of their stage, else any."""
        if member is None:
            return None
        if getattr(member, "role", None) == "organiser" and member.active:
            return member
        return self.cached(("boss", member.person_id), lambda: self._find_boss(member))

    def _find_boss(self, member: Any) -> Smuggler | None:
        """:meth:`boss_of` for a member who is not an active organiser (uncached)."""
        organisers = self.members_of("organiser")
        if not organisers:
            return None
        if member.person_id in self.graph:
            tied = {n for n in self.graph.neighbors(member.person_id)}
            linked = [o for o in organisers if o.person_id in tied]
            if linked:
                return linked[0]
        same = [o for o in organisers if o.stage == getattr(member, "stage", None)]
        return (same or organisers)[0]

    def coordinator_for(self, leg: Leg) -> Smuggler | None:
        """Who runs this leg's stage: a coordinator of the stage, else any, else an organiser."""
        stage = leg.stage_name
        pool = self.members_of("coordinator", stage) or self.members_of("coordinator")
        pool = pool or self.members_of("organiser", stage) or self.members_of("organiser")
        return pool[0] if len(pool) == 1 else self._pick(pool)

    def transporter_for(self, leg: Leg, t: int) -> Smuggler | None:
        """A free driver, pilot or guide for the leg (same stage preferred)."""
        busy = self.board.busy_until

        def free(pool: list[Smuggler]) -> list[Smuggler]:
            return [m for m in pool if busy.get(m.person_id, -1) < t]

        stage = leg.stage_name
        pool = free(self.members_of("transporter", stage)) or free(self.members_of("transporter"))
        return self._pick(pool)

    def keeper_for(self, leg: Leg) -> Smuggler | None:
        """A safe-house keeper at the leg's start (same place or stage preferred)."""
        here = self.cached(("keepers", leg.from_, leg.stage_name), lambda: self._keepers(leg))
        return self._pick(here)

    def _keepers(self, leg: Leg) -> list[Smuggler]:
        """Keepers at the leg's start place or of its stage, else every keeper."""
        keepers = self.members_of("safe_house_keeper")
        here = [k for k in keepers if k.base_place == leg.from_ or k.stage == leg.stage_name]
        return here or keepers

    def official_for(self, leg: Leg) -> Smuggler | None:
        """A corrupt official working this leg's stage, if any."""
        return self._pick(self.members_of("corrupt_official", leg.stage_name))

    def brokers_for(self, migrant: Migrant) -> tuple[Smuggler, Smuggler]:
        """Home broker (the migrant's nationality if possible) and partner (on the route)."""
        nationality = migrant.nationality
        home_pool = self.cached(
            ("home_brokers", nationality), lambda: self._home_brokers(nationality)
        )
        home = home_pool[int(self.streams.money.integers(len(home_pool)))]
        route_places = frozenset(
            {leg.from_ for leg in migrant.route.legs} | {migrant.route.legs[-1].to}
        )
        partner_pool = self.cached(
            ("partner_brokers", home.person_id, route_places),
            lambda: self._partner_brokers(home, route_places),
        )
        partner = partner_pool[int(self.streams.money.integers(len(partner_pool)))]
        return home, partner

    def _home_brokers(self, nationality: str) -> list[Smuggler]:
        """Brokers of that nationality, else every broker."""
        brokers = self.members_of("money_broker")
        return [b for b in brokers if b.nationality == nationality] or brokers

    def _partner_brokers(self, home: Smuggler, route_places: frozenset[str]) -> list[Smuggler]:
        """Brokers other than ``home`` on the route, else any other, else ``home`` itself."""
        brokers = self.members_of("money_broker")
        partner_pool = [b for b in brokers if b is not home and b.base_place in route_places]
        return partner_pool or [b for b in brokers if b is not home] or [home]

    def pick_recruiter(self, migrant: Migrant) -> Smuggler | None:
        """A recruiter for someone who heard by word of mouth: same nationality, then language."""
        key = ("recruiters", migrant.nationality, tuple(migrant.languages))
        return self._pick(self.cached(key, lambda: self._recruiters_for(migrant)))

    def _recruiters_for(self, migrant: Migrant) -> list[Smuggler]:
        """Recruiters (or coordinators, organisers): same nationality, else language, else all."""
        recruiters = self.members_of("recruiter") or self.members_of("coordinator")
        recruiters = recruiters or self.members_of("organiser")
        same = [r for r in recruiters if r.nationality == migrant.nationality]
        speaks = [r for r in recruiters if set(r.languages) & set(migrant.languages)]
        return same or speaks or recruiters

    def friend_of(self, migrant: Migrant) -> Migrant | None:
        """Someone of the same nationality who already contacted the network."""
        friends = self._friends.get(migrant.nationality)
        if not friends:
            return None
        return friends[int(self.streams.migrants.integers(len(friends)))]

    def contacted(self, migrant: Migrant) -> None:
        """Remember a migrant who has a recruiter (for later word of mouth)."""
        self.in_contact += 1
        self._friends.setdefault(migrant.nationality, []).append(migrant)

    def common_language(self, a: Any, b: Any) -> str:
        """A language both speak (the first of ``a``'s), else ``a``'s first language."""
        for language in a.languages:
            if language in b.languages:
                return language
        return a.languages[0] if a.languages else "en"

    def needs_document(self, migrant: Migrant) -> bool:
        """Routes with a flight need forged papers; others sometimes buy them."""
        if not self.members_of("forger"):
            return False
        if any(leg.mode.value == "flight" for leg in migrant.route.legs):
            return True
        return bool(self.streams.migrants.random() < DOCUMENT_CHANCE)

    def forge_document(self, migrant: Migrant, t: int) -> None:
        """A forger makes a document for the migrant; the coordinator pays for it."""
        rng = self.streams.migrants
        forger = self._pick(self.members_of("forger"))
        coordinator = self.coordinator_for(migrant.route.legs[0])
        t += int(rng.integers(3600, DAY))
        number = self.identities.id_document(migrant.nationality)
        self.owners.acquire(number, IdentifierKind.ID_DOCUMENT, migrant.person_id, t)
        kinds = ("passport", "visa", "residence_permit", "id_card")
        self.log.add(
            EventKind.DOCUMENT_FORGED, t, forger.person_id, migrant.person_id, forger.place,
            detail={"document": number, "document_kind": kinds[int(rng.integers(len(kinds)))],
                    "nationality_claimed": migrant.nationality},
        )  # fmt: skip
        self.comms.message(
            forger, migrant, t + 600, "photo", "your document", media="image",
            extra={"document": number},
        )  # fmt: skip
        if coordinator is not None and coordinator is not forger:
            price = int(rng.integers(150, 600)) * 100
            self.money.expense(
                t, coordinator, forger, price, "EUR", Purpose.DOCUMENT_FEE,
                migrant=migrant.person_id,
            )  # fmt: skip

    def active_edges(self) -> list[tuple[Smuggler, Smuggler]]:
        """Ties between two active members, in a fixed order."""
        persons = self.persons
        edges = []
        for a, b in sorted(tuple(sorted(edge)) for edge in self.graph.edges()):
            left, right = persons.get(a), persons.get(b)
            if left is not None and right is not None and left.active and right.active:
                edges.append((left, right))
        return edges

    def replace(self, old: Smuggler) -> None:
        """Recruit a replacement for an arrested member and tie them in."""
        t = self.t()
        # Replacements continue the network's numbering (P0001...), so ids do not give them away.
        self._member_number += 1
        person_id = f"P{self.ring.number(self._member_number):0{self._member_width}d}"
        member = make_member(
            old.member.role, old.stage, old.cell, self.spec, self.streams.network,
            self.identities, person_id,
        )  # fmt: skip
        attach_replacement(self.graph, old.member, member, t // DAY, self.streams.network)
        self.roster_changed()  # new ties: cached bosses may differ
        agent = self.add_member(member, t)
        self.log.add(
            EventKind.REPLACEMENT, t, agent.person_id, old.person_id, agent.place,
            detail={"role": agent.role, "stage": agent.stage},
        )  # fmt: skip
