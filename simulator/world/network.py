"""The smugglers and their tie network: who works which route stage, and who knows whom.

The network is built to carry the signature of police-observed smuggling rings (REALISM.md,
network structure; Campana 2018): a few hubs and many low-degree aides, ties mostly inside a
route stage, organisers seldom tied to each other, recruiters sharing the migrants' nationality
and crossing facilitators local.

How it is grown (each step says why):

1. Stages are the scenario's ``Leg.stage_name`` values in route order. Every member works one
   stage and one cell in it (``cells_per_stage``); roles are spread over stages by what they do
   (recruiters near the origins, transporters and safe houses where the crossings are).
2. Inside each cell a hub (a coordinator if there is one) starts the cell; every other member
   ties to someone already in it, chosen in proportion to degree (preferential attachment gives
   hubs and negative assortativity), and often also to one of that person's contacts (triadic
   closure gives clustering). ``hierarchy`` ties nearly everyone straight to the hub; ``loose``
   has no favoured hub.
3. Organisers command the hubs of the cells in their zone (the stages nearest their home) and are
   seldom tied to each other; hubs of neighbouring stages hand groups over; brokers and couriers
   carry money across stages.
4. Extra cross-stage ties, from a hub to a low-degree member elsewhere, are added until ties
   within a stage are ``same_stage_tie_odds`` times as likely as across, never beyond a mean
   degree of :data:`MAX_MEAN_DEGREE`.

Example
-------
>>> import numpy as np
>>> from simulator.world.identities import IdentityFactory
>>> scenario = example_scenario()
>>> identities = IdentityFactory(np.random.default_rng(8), 8)
>>> members, graph = build_network(scenario, np.random.default_rng(7), identities)
>>> len(members) == scenario.network.roles.total == graph.number_of_nodes()
True
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from simulator.scenario.schema import Leg, Role, Scenario, Structure
from simulator.world.rings import Ring

if TYPE_CHECKING:
    from simulator.world.identities import IdentityFactory

__all__ = [
    "MAX_MEAN_DEGREE",
    "TIE_KINDS",
    "Member",
    "Stage",
    "attach_replacement",
    "build_network",
    "example_scenario",
    "make_member",
    "member_width",
    "route_stages",
    "tie_kind",
]

#: Cross-stage ties stop being added once the mean degree reaches this (police-observed rings:
#: about 2.5–6.5).
MAX_MEAN_DEGREE = 6.0
#: Cross-stage ties start at a member chosen with weight degree**HUB_EXPONENT: the steeper, the
#: more the best-connected members gather the ties that bridge stages (heavier-tailed degrees).
HUB_EXPONENT = 4.0
#: The kinds a tie can have.
TIE_KINDS = ("command", "logistics", "payment", "recruitment", "supply")

# Order in which roles are created (person ids follow it) and in which cells get their members,
# so coordinators, then organisers, are spread over the cells first and can be their hubs.
ROLE_ORDER = (
    Role.ORGANISER,
    Role.COORDINATOR,
    Role.RECRUITER,
    Role.TRANSPORTER,
    Role.SAFE_HOUSE_KEEPER,
    Role.MONEY_BROKER,
    Role.FORGER,
    Role.CASH_COURIER,
    Role.CORRUPT_OFFICIAL,
)
HUB_ORDER = (
    Role.ORGANISER,
    Role.COORDINATOR,
    Role.MONEY_BROKER,
    Role.SAFE_HOUSE_KEEPER,
    Role.TRANSPORTER,
    Role.RECRUITER,
    Role.FORGER,
    Role.CASH_COURIER,
    Role.CORRUPT_OFFICIAL,
)


@dataclass(frozen=True, slots=True)
class Member:
    """One smuggler: role, where they work, who they are."""

    person_id: str
    role: Role
    stage: str
    cell: int
    nationality: str
    languages: tuple[str, ...]
    name: str
    name_variants: tuple[str, ...]
    base_place: str


@dataclass(frozen=True, slots=True)
class Stage:
    """A route stage: its legs (from every route, in order) and whether it crosses a border."""

    name: str
    index: int
    legs: tuple[Leg, ...]
    first: bool

    @property
    def place(self) -> str:
        """The stage's main place: where its first leg starts."""
        return self.legs[0].from_

    @property
    def crossing(self) -> bool:
        """True if a leg of the stage crosses water (border countries are checked by callers)."""
        return any(leg.mode.by_sea for leg in self.legs)


def route_stages(scenario: Scenario) -> list[Stage]:
    """The scenario's route stages in route order, each listed once.

    Routes are read in the order they are written and legs in travel order; a stage keeps the
    position where it is first met.

    Example
    -------
    >>> [stage.name for stage in route_stages(example_scenario())]
    ['Agadez', 'Sabha', 'Zuwara']
    """
    order: list[str] = []
    legs: dict[str, list[Leg]] = {}
    firsts: set[str] = set()
    for route in scenario.routes:
        for position, leg in enumerate(route.legs):
            name = leg.stage_name
            if name not in legs:
                order.append(name)
                legs[name] = []
            legs[name].append(leg)
            if position == 0:
                firsts.add(name)
    return [
        Stage(name, index, tuple(legs[name]), name in firsts) for index, name in enumerate(order)
    ]


# ----------------------------------------------------------------------------- tie kinds

_KIND_BY_PAIR: dict[frozenset[Role], str] = {
    frozenset({Role.ORGANISER, Role.MONEY_BROKER}): "payment",
    frozenset({Role.ORGANISER, Role.CASH_COURIER}): "payment",
    frozenset({Role.ORGANISER, Role.CORRUPT_OFFICIAL}): "payment",
    frozenset({Role.ORGANISER, Role.RECRUITER}): "recruitment",
    frozenset({Role.ORGANISER, Role.FORGER}): "supply",
    frozenset({Role.COORDINATOR, Role.RECRUITER}): "recruitment",
    frozenset({Role.COORDINATOR, Role.FORGER}): "supply",
    frozenset({Role.COORDINATOR, Role.CORRUPT_OFFICIAL}): "payment",
    frozenset({Role.RECRUITER}): "recruitment",
    frozenset({Role.RECRUITER, Role.TRANSPORTER}): "recruitment",
    frozenset({Role.RECRUITER, Role.SAFE_HOUSE_KEEPER}): "recruitment",
    frozenset({Role.FORGER, Role.RECRUITER}): "supply",
    frozenset({Role.FORGER}): "supply",
    frozenset({Role.FORGER, Role.TRANSPORTER}): "supply",
    frozenset({Role.FORGER, Role.SAFE_HOUSE_KEEPER}): "supply",
}
_MONEY_ROLES = frozenset({Role.MONEY_BROKER, Role.CASH_COURIER, Role.CORRUPT_OFFICIAL})


def tie_kind(a: Role, b: Role) -> str:
    """What a tie between two roles is about (the same whichever way round).

    Example
    -------
    >>> tie_kind(Role.ORGANISER, Role.COORDINATOR), tie_kind(Role.CASH_COURIER, Role.TRANSPORTER)
    ('command', 'payment')
    """
    pair = frozenset({a, b})
    if pair in _KIND_BY_PAIR:
        return _KIND_BY_PAIR[pair]
    if a in _MONEY_ROLES or b in _MONEY_ROLES:
        return "payment"
    if Role.ORGANISER in pair:
        return "command"
    return "logistics"


# ----------------------------------------------------------------------------- members


def _spread(count: int, weights: list[float]) -> list[int]:
    """Stage index for each of ``count`` people, evenly spread in proportion to ``weights``.

    Systematic allocation: person ``i`` sits at ``(i + 0.5) / count`` of the cumulative weight,
    so few people land far apart along the route instead of piling up on the first stages.
    """
    total = math.fsum(weights)
    if count <= 0 or total <= 0:
        return [0] * max(count, 0)
    bounds = np.cumsum(weights) / total
    return [
        min(int(np.searchsorted(bounds, (i + 0.5) / count)), len(weights) - 1) for i in range(count)
    ]


def _stage_weights(role: Role, stages: list[Stage], scenario: Scenario) -> list[float]:
    """Where a role works: recruiters near origins, facilitators where the crossings are."""
    crossing = [_is_crossing(stage, scenario) for stage in stages]
    match role:
        case Role.RECRUITER:
            return [3.0 if s.first else (1.0 if s.index == 1 else 0.3) for s in stages]
        case Role.TRANSPORTER:
            return [
                len(s.legs) * (2.0 if c else 1.0) for s, c in zip(stages, crossing, strict=True)
            ]
        case Role.SAFE_HOUSE_KEEPER | Role.CORRUPT_OFFICIAL:
            return [2.0 if c else 1.0 for c in crossing]
        case Role.MONEY_BROKER:
            return [2.0 if s.first else 1.0 for s in stages]
        case _:
            return [1.0] * len(stages)


def _countries(scenario: Scenario) -> dict[str, str]:
    return {place.name: place.country for place in scenario.places}


def _is_crossing(stage: Stage, scenario: Scenario) -> bool:
    """A stage crosses a border if a leg goes by sea or ends in another country."""
    country = _countries(scenario)
    return stage.crossing or any(country[leg.from_] != country[leg.to] for leg in stage.legs)


def _origin(scenario: Scenario, rng: np.random.Generator):
    origins = scenario.migrants.origins
    shares = np.array([origin.share for origin in origins], dtype=float)
    return origins[int(rng.choice(len(origins), p=shares / shares.sum()))]


#: Languages of nationalities that are not among a scenario's origins (ISO 639-1).
LANGUAGES: dict[str, tuple[str, ...]] = {
    "TN": ("ar", "fr"), "LY": ("ar",), "EG": ("ar",), "DZ": ("ar", "fr"), "MA": ("ar", "fr"),
    "SD": ("ar",), "SY": ("ar",), "IQ": ("ar", "ku"), "IR": ("fa",), "AF": ("ps", "fa"),
    "PK": ("ur",), "BD": ("bn",), "ER": ("ti", "ar"), "ET": ("am",), "SO": ("so",),
    "TR": ("tr",), "GR": ("el",), "IT": ("it",), "FR": ("fr",), "BE": ("fr", "nl"),
    "GB": ("en",), "DE": ("de",), "AT": ("de",), "NL": ("nl",), "ES": ("es",), "AL": ("sq",),
    "XK": ("sq",), "RS": ("sr",), "BA": ("bs",), "MK": ("mk",), "HU": ("hu",), "BG": ("bg",),
    "PL": ("pl",), "LT": ("lt",), "BY": ("be", "ru"), "RU": ("ru",), "UA": ("uk", "ru"),
    "SN": ("fr", "wo"), "ML": ("fr", "bm"), "CI": ("fr",), "GN": ("fr",), "NE": ("fr", "ha"),
    "NG": ("en", "ha"), "GH": ("en",), "GM": ("en",), "MR": ("ar", "fr"), "VN": ("vi",),
}  # fmt: skip


def make_member(
    role: Role,
    stage: str,
    cell: int,
    scenario: Scenario,
    rng: np.random.Generator,
    identities: IdentityFactory,
    person_id: str,
) -> Member:
    """Draw one member: nationality, languages, name and base place fit the role and stage.

    Nationality follows REALISM.md (UNODC): recruiters share an origin nationality with chance
    ``recruiter_same_nationality``; transporters and guides on a crossing stage are nationals of
    the crossing's from-place with chance ``local_facilitators`` (otherwise migrants who steer the
    boat); corrupt officials are always local; organisers are diaspora of an origin country half
    the time (modelling choice), other roles local 60% of the time (modelling choice).

    Example
    -------
    >>> import numpy as np
    >>> from simulator.world.identities import IdentityFactory
    >>> scenario = example_scenario()
    >>> m = make_member(Role.CORRUPT_OFFICIAL, "Zuwara", 0, scenario, np.random.default_rng(1),
    ...                 IdentityFactory(np.random.default_rng(2), 2), "P0099")
    >>> m.nationality, m.base_place
    ('LY', 'Zuwara')
    """
    stages = {s.name: s for s in route_stages(scenario)}
    if stage not in stages:
        known = ", ".join(stages)
        raise ValueError(f"stage {stage!r} is not a stage of the scenario (known: {known})")
    here = stages[stage]
    country = _countries(scenario)
    leg = here.legs[0]
    if role in (Role.TRANSPORTER, Role.SAFE_HOUSE_KEEPER) and len(here.legs) > 1:
        leg = here.legs[int(rng.integers(len(here.legs)))]
    base_place = leg.from_
    local = country[base_place]
    origin = _origin(scenario, rng)
    network = scenario.network
    match role:
        case Role.RECRUITER:
            same = rng.random() < network.recruiter_same_nationality
            nationality = origin.country if same else local
        case Role.TRANSPORTER if _is_crossing(here, scenario):
            nationality = local if rng.random() < network.local_facilitators else origin.country
        case Role.TRANSPORTER:
            nationality = local if rng.random() < 0.8 else origin.country
        case Role.CORRUPT_OFFICIAL:
            nationality = local
        case Role.ORGANISER:
            nationality = origin.country if rng.random() < 0.5 else local
        case _:
            nationality = local if rng.random() < 0.6 else origin.country
    by_origin = {o.country: tuple(o.languages) for o in scenario.migrants.origins}
    languages = by_origin.get(nationality) or LANGUAGES.get(nationality, ("en",))
    if role is Role.RECRUITER:  # recruiters advertise in the migrants' languages
        languages = tuple(dict.fromkeys((*languages, *origin.languages)))
    name, variants = identities.person_name(nationality)
    return Member(
        person_id=person_id,
        role=role,
        stage=stage,
        cell=cell,
        nationality=nationality,
        languages=tuple(languages),
        name=name,
        name_variants=variants,
        base_place=base_place,
    )


def _place_members(scenario: Scenario, stages: list[Stage]) -> list[tuple[Role, int, int]]:
    """(role, stage index, cell) for every member, in person-id order."""
    counts = scenario.network.roles
    cells = scenario.network.cells_per_stage
    placed: list[tuple[Role, int]] = []
    for role in ROLE_ORDER:
        for index in _spread(getattr(counts, role.value), _stage_weights(role, stages, scenario)):
            placed.append((role, index))
    # Cells are dealt round-robin inside each stage in hub order, so each cell gets a
    # coordinator (or organiser) before it gets aides.
    rank = {role: i for i, role in enumerate(HUB_ORDER)}
    dealt = [0] * len(stages)
    cell_of: dict[int, int] = {}
    for position in sorted(range(len(placed)), key=lambda k: (rank[placed[k][0]], k)):
        index = placed[position][1]
        cell_of[position] = dealt[index] % cells
        dealt[index] += 1
    return [(role, index, cell_of[k]) for k, (role, index) in enumerate(placed)]


# ----------------------------------------------------------------------------- ties


@dataclass(frozen=True, slots=True)
class _Style:
    """How a structure grows its ties."""

    to_hub: float  # chance a newcomer ties straight to the cell's hub
    closure: float  # chance of a second tie to a contact of the first
    command: float  # chance an organiser commands a hub in its zone
    handover: float  # chance neighbouring stages' hubs are tied (always at zone borders)
    organiser_pair: float  # expected ties of an organiser to other organisers (seldom: < 1)


# Tuned so every structure passes the realism tests on the shipped routes (see the tests).
_STYLES = {
    Structure.HIERARCHY: _Style(
        to_hub=0.9, closure=0.35, command=1.0, handover=0.3, organiser_pair=0.3
    ),
    Structure.CELLS: _Style(to_hub=0.7, closure=0.4, command=1.0, handover=0.5, organiser_pair=0.3),
    Structure.LOOSE: _Style(
        to_hub=0.5, closure=0.35, command=0.7, handover=0.7, organiser_pair=0.5
    ),
}


class _Builder:
    """Adds ties to a graph, keeping degrees and kinds consistent."""

    def __init__(self, members: list[Member], rng: np.random.Generator) -> None:
        self.rng = rng
        self.graph = nx.Graph()
        self.role = {m.person_id: m.role for m in members}
        for m in members:
            self.graph.add_node(m.person_id, role=m.role, stage=m.stage, cell=m.cell, first_seen=0)

    def tie(self, a: str, b: str) -> bool:
        if a == b or self.graph.has_edge(a, b):
            return False
        self.graph.add_edge(a, b, kind=tie_kind(self.role[a], self.role[b]), first_seen=0)
        return True

    def pick(self, items: list[str], weights: list[float] | None = None) -> str:
        if weights is None:
            return items[int(self.rng.integers(len(items)))]
        return items[self.pick_index(weights)]

    def pick_index(self, weights: list[float] | np.ndarray) -> int:
        """An index drawn with probabilities proportional to ``weights``."""
        p = np.asarray(weights, dtype=float)
        return int(self.rng.choice(len(p), p=p / p.sum()))

    def grow_cell(self, people: list[str], hub: str, style: _Style) -> None:
        """Preferential attachment with triadic closure inside one cell.

        Organisers join last and tie to aides, never to another organiser, when an aide is
        there: organisers seldom know each other (Campana 2018).
        """
        aides = [p for p in people if p != hub and self.role[p] is not Role.ORGANISER]
        bosses = [p for p in people if p != hub and self.role[p] is Role.ORGANISER]
        order = [hub]
        for group in (aides, bosses):
            order += [group[int(i)] for i in self.rng.permutation(len(group))]
        for k in range(1, len(order)):
            newcomer = order[k]
            present = order[:k]
            if self.role[newcomer] is Role.ORGANISER:
                present = [p for p in present if self.role[p] is not Role.ORGANISER] or present
            if hub in present and self.rng.random() < style.to_hub:
                first = hub
            else:  # superlinear preference: a few people become the ones everybody knows
                first = self.pick(present, [(self.graph.degree(p) + 1.0) ** 2 for p in present])
            self.tie(newcomer, first)
            if self.rng.random() < style.closure:
                contacts = sorted(
                    n for n in self.graph.neighbors(first) if n != newcomer and n in present
                )
                if contacts:  # the contact's best-connected acquaintances are met first
                    weights = [self.graph.degree(n) ** 2 for n in contacts]
                    self.tie(newcomer, self.pick(contacts, weights))


def _hub(people: list[str], role: dict[str, Role]) -> str:
    rank = {r: i for i, r in enumerate(HUB_ORDER)}
    return min(people, key=lambda p: (rank[role[p]], p))


def member_width(count: int, ring: Ring | None = None) -> int:
    """Digits of a member's number (at least 4) when a network, or each of its rings, has ``count``.

    >>> member_width(56), member_width(20_000), member_width(5_000, Ring(0, 2))
    (4, 5, 5)
    """
    return max(4, len(str(count * (ring.count if ring is not None else 1))))


def build_network(
    scenario: Scenario,
    rng: np.random.Generator,
    identities: IdentityFactory,
    *,
    ring: Ring | None = None,
) -> tuple[list[Member], nx.Graph]:
    """Draw the network's members and their ties.

    Parameters
    ----------
    scenario
        The validated scenario; ``scenario.network`` sets role counts, structure, cells per stage,
        the same-stage tie odds and the nationality rules.
    rng
        Generator for placement and ties (members' nationalities draw from it too).
    identities
        The world's identity factory (names).
    ring
        Which ring of a world of several the network is: members are numbered round-robin
        between rings (:class:`simulator.world.rings.Ring`). One ring by default.

    Returns
    -------
    tuple
        ``(members, graph)``: members in person-id order (``P0001``...), and an undirected graph
        whose nodes are person ids with ``role``, ``stage``, ``cell`` and ``first_seen``, and whose
        edges carry ``kind`` (one of :data:`TIE_KINDS`) and ``first_seen`` (0).

    Example
    -------
    >>> import numpy as np
    >>> from simulator.world.identities import IdentityFactory
    >>> members, graph = build_network(example_scenario(), np.random.default_rng(1),
    ...                                IdentityFactory(np.random.default_rng(2), 2))
    >>> members[0].person_id, members[0].role.value
    ('P0001', 'organiser')
    >>> sorted({kind for _, _, kind in graph.edges(data="kind")}) <= sorted(TIE_KINDS)
    True
    """
    stages = route_stages(scenario)
    placed = _place_members(scenario, stages)
    ring = ring if ring is not None else Ring()
    width = member_width(len(placed), ring)
    ids = [f"P{ring.number(k + 1):0{width}d}" for k in range(len(placed))]
    members = [
        make_member(role, stages[index].name, cell, scenario, rng, identities, person_id)
        for person_id, (role, index, cell) in zip(ids, placed, strict=True)
    ]
    style = _STYLES[scenario.network.structure]
    build = _Builder(members, rng)
    stage_index = {s.name: s.index for s in stages}

    # 1. cells
    cells: dict[tuple[int, int], list[str]] = {}
    for m in members:
        cells.setdefault((stage_index[m.stage], m.cell), []).append(m.person_id)
    keys = sorted(cells)
    hubs = {key: _hub(cells[key], build.role) for key in keys}
    for key in keys:
        build.grow_cell(cells[key], hubs[key], style)

    # 2. organisers command the hubs of the cells in their zone (nearest home stage)
    organisers = [m for m in members if m.role is Role.ORGANISER]
    zone: dict[tuple[int, int], str] = {}
    for key in keys:
        nearest = min(organisers, key=lambda o: (abs(stage_index[o.stage] - key[0]), o.person_id))
        zone[key] = nearest.person_id
        if rng.random() < style.command:
            build.tie(nearest.person_id, hubs[key])
    pair_chance = min(1.0, style.organiser_pair / max(len(organisers) - 1, 1))
    for i, a in enumerate(organisers):
        for b in organisers[i + 1 :]:
            if rng.random() < pair_chance:
                build.tie(a.person_id, b.person_id)

    # 3. hand-overs between neighbouring stages, always where zones meet (keeps one component)
    by_stage: dict[int, list[tuple[int, int]]] = {}
    for key in keys:
        by_stage.setdefault(key[0], []).append(key)
    present = sorted(by_stage)
    for before, after in itertools.pairwise(present):
        for key in by_stage[before]:
            target = by_stage[after][key[1] % len(by_stage[after])]
            if zone[key] != zone[target] or rng.random() < style.handover:
                build.tie(hubs[key], hubs[target])
    # cells of one stage are linked through their organiser; if a stage's cells have no
    # command tie (loose), tie each cell hub to the stage's first cell hub
    for index in present:
        first = hubs[by_stage[index][0]]
        for key in by_stage[index][1:]:
            if not nx.has_path(build.graph, first, hubs[key]):
                build.tie(first, hubs[key])

    # 4. money moves across stages: brokers answer to an organiser, couriers to a broker
    brokers = [m for m in members if m.role is Role.MONEY_BROKER]
    for m in members:
        if m.role is Role.MONEY_BROKER:
            build.tie(m.person_id, zone[(stage_index[m.stage], m.cell)])
        elif m.role is Role.CASH_COURIER and brokers:
            far = [b.person_id for b in brokers if b.stage != m.stage] or [
                b.person_id for b in brokers
            ]
            build.tie(m.person_id, build.pick(far))

    # 5. a stray piece (possible in loose webs) joins the rest through its best-connected member
    _stitch(build, {m.person_id: m.stage for m in members})
    # 6. cross-stage ties up to the target odds, from hubs to low-degree members elsewhere
    _add_cross_ties(build, members, scenario.network.same_stage_tie_odds)
    return members, build.graph


def _stitch(build: _Builder, stage: dict[str, str]) -> None:
    """Tie every smaller component to the largest, preferring a contact in the same stage."""
    graph = build.graph
    pieces = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    if len(pieces) < 2:
        return
    main = set(pieces[0])
    for piece in pieces[1:]:
        a = min(piece, key=lambda p: (-graph.degree(p), p))
        near = [p for p in main if stage[p] == stage[a]] or list(main)
        build.tie(a, min(near, key=lambda p: (-graph.degree(p), p)))
        main |= piece


def _pair_counts(members: list[Member]) -> tuple[int, int]:
    """(same-stage pairs, cross-stage pairs) among members."""
    sizes: dict[str, int] = {}
    for m in members:
        sizes[m.stage] = sizes.get(m.stage, 0) + 1
    same = sum(n * (n - 1) // 2 for n in sizes.values())
    return same, len(members) * (len(members) - 1) // 2 - same


def _add_cross_ties(build: _Builder, members: list[Member], odds: float) -> None:
    same_pairs, cross_pairs = _pair_counts(members)
    if not same_pairs or not cross_pairs:
        return
    stage = {m.person_id: m.stage for m in members}
    graph = build.graph
    same_ties = sum(1 for a, b in graph.edges if stage[a] == stage[b])
    edges = graph.number_of_edges()
    cross_ties = edges - same_ties
    wanted = round(same_ties * cross_pairs / (same_pairs * odds))
    ceiling = int(MAX_MEAN_DEGREE * len(members) / 2)
    ids = [m.person_id for m in members]
    cap = max(15.0, 2.5 * math.sqrt(len(members)))

    # a hub (chosen by a steep power of degree) reaches out to a low-degree member of another
    # stage (chosen by inverse squared degree): hubs tied to small nodes, as police data show;
    # nobody keeps more contacts than a busy person can (the cap grows with the network)
    def hub_weight(degree: int) -> float:
        return degree**HUB_EXPONENT + 0.1 if degree < cap else 0.0

    def reach_weight(degree: int) -> float:
        return 1 / (degree + 1) ** 2

    # Degrees, both weights and the edge count are kept up to date as ties are added (only the two
    # ends of a new tie change), rather than read from the graph for every member at every attempt:
    # that was quadratic in the size of the network. The weights are the same floats, in the same
    # order, so every draw is the same.
    degrees = [graph.degree(p) for p in ids]
    hub_weights = np.array([hub_weight(d) for d in degrees], dtype=float)
    reach_weights = np.array([reach_weight(d) for d in degrees], dtype=float)
    stage_of = [stage[p] for p in ids]
    elsewhere = {
        name: np.array([i for i, other in enumerate(stage_of) if other != name], dtype=np.int64)
        for name in dict.fromkeys(stage_of)
    }
    attempts = 0
    while cross_ties < wanted and edges < ceiling and attempts < 50 * wanted:
        attempts += 1
        hub = build.pick_index(hub_weights)
        others = elsewhere[stage_of[hub]]
        if not len(others):
            continue
        other = int(others[build.pick_index(reach_weights[others])])
        if build.tie(ids[hub], ids[other]):
            cross_ties += 1
            edges += 1
            for i in (hub, other):
                degrees[i] += 1
                hub_weights[i] = hub_weight(degrees[i])
                reach_weights[i] = reach_weight(degrees[i])


def attach_replacement(
    graph: nx.Graph, old: Member, new: Member, day: int, rng: np.random.Generator
) -> None:
    """Add a replacement member who inherits a fitting share of the old member's ties.

    Command, logistics and recruitment ties pass on with chance 0.8 (the job comes with its
    contacts), payment and supply ties with 0.6; at least one tie always passes (to the
    best-connected contact), so the newcomer is reachable. Contacts whose node has
    ``active=False`` (arrested) are skipped while any other is left. New edges and the new node
    get ``first_seen=day``; the old member's node and ties stay (they are history).

    Example
    -------
    >>> import numpy as np
    >>> g = nx.Graph()
    >>> g.add_node("P1", role=Role.COORDINATOR, stage="A", cell=0, first_seen=0)
    >>> g.add_node("P2", role=Role.TRANSPORTER, stage="A", cell=0, first_seen=0)
    >>> g.add_edge("P1", "P2", kind="logistics", first_seen=0)
    >>> old = Member("P1", Role.COORDINATOR, "A", 0, "LY", ("ar",), "X", (), "A")
    >>> new = Member("P3", Role.COORDINATOR, "A", 0, "LY", ("ar",), "Y", (), "A")
    >>> attach_replacement(g, old, new, 12, np.random.default_rng(0))
    >>> g.edges["P3", "P2"]
    {'kind': 'logistics', 'first_seen': 12}
    """
    graph.add_node(new.person_id, role=new.role, stage=new.stage, cell=new.cell, first_seen=day)
    contacts = sorted(n for n in graph.neighbors(old.person_id) if n != new.person_id)
    active = [n for n in contacts if graph.nodes[n].get("active", True)]
    contacts = active or contacts
    kept = []
    for n in contacts:
        kind = graph.edges[old.person_id, n]["kind"]
        keep = 0.8 if kind in ("command", "logistics", "recruitment") else 0.6
        if rng.random() < keep:
            kept.append(n)
    if not kept and contacts:
        kept = [min(contacts, key=lambda n: (-graph.degree(n), n))]
    if not contacts:  # an isolated member: the replacement joins the best-connected of the cell
        mates = sorted(
            n
            for n, data in graph.nodes(data=True)
            if n not in (old.person_id, new.person_id)
            and data.get("stage") == new.stage
            and data.get("cell") == new.cell
        )
        if mates:
            kept = [min(mates, key=lambda n: (-graph.degree(n), n))]
    for n in kept:
        kind = graph.edges[old.person_id, n]["kind"] if graph.has_edge(old.person_id, n) else None
        role = graph.nodes[n].get("role")
        graph.add_edge(new.person_id, n, kind=kind or tie_kind(new.role, role), first_seen=day)


def example_scenario() -> Scenario:
    """A small, valid scenario (Central Sahara to Libya) for doctests and quick experiments.

    Example
    -------
    >>> example_scenario().network.roles.total
    22
    """
    leg = {
        "price": {"min": 300, "max": 600},
        "duration_hours": {"min": 20, "max": 60},
        "capacity": {"min": 10, "max": 30},
    }
    return Scenario.model_validate(
        {
            "id": "example-sahara",
            "title": "Example: Agadez to the Libyan coast",
            "places": [
                {"name": "Agadez", "country": "NE", "lat": 16.97, "lon": 7.99, "kind": "hub"},
                {"name": "Sabha", "country": "LY", "lat": 27.04, "lon": 14.43, "kind": "transit"},
                {
                    "name": "Zuwara",
                    "country": "LY",
                    "lat": 32.93,
                    "lon": 12.08,
                    "kind": "departure",
                },
                {
                    "name": "Lampedusa",
                    "country": "IT",
                    "lat": 35.5,
                    "lon": 12.6,
                    "kind": "destination",
                },
            ],
            "routes": [
                {
                    "name": "central",
                    "legs": [
                        {"from": "Agadez", "to": "Sabha", "mode": "lorry", **leg},
                        {"from": "Sabha", "to": "Zuwara", "mode": "car", **leg},
                        {"from": "Zuwara", "to": "Lampedusa", "mode": "dinghy", **leg},
                    ],
                }
            ],
            "migrants": {
                "origins": [
                    {"country": "NG", "share": 0.5, "languages": ["en"]},
                    {"country": "SD", "share": 0.5, "languages": ["ar"]},
                ],
                "budget": {"min": 1000, "max": 4000},
            },
            "online": {
                "platforms": [{"name": "Chirp", "kind": "social_network", "share": 1.0}],
                "languages": ["en", "ar"],
            },
        }
    )
