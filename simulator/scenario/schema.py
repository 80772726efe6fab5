"""The scenario language: typed, immutable sections an instructor writes in YAML.

Every field carries its meaning, unit and range in its metadata, so the authoring guide
(``scenarios/README.md``) and the JSON Schema (``tracelab schema``) are generated from this file.
Defaults come from ``REALISM.md`` where a published figure exists; the source is named in the
field's meaning. Cross-field rules (shares sum to 1, legs name known places, ordered ranges) live in
validators of the section that owns them, so an error points at that section; rules that span
sections (legs name known places, interventions fall in the period...) live in
:mod:`simulator.scenario.checks`, which the loader runs section by section so each problem gets its
own line.

>>> from simulator.scenario.schema import Range
>>> Range(min=1000, max=4000).max
4000.0
"""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from simulator.scenario.checks import SHARE_TOLERANCE, SLUG, check_shares, cross_checks
from simulator.scenario.errors import format_path

__all__ = [
    "MAX_MIGRANTS",
    "MAX_ROLE_COUNT",
    "AdvertRates",
    "ArrestIntervention",
    "BenignActor",
    "BenignKind",
    "CryptoSettings",
    "Currency",
    "Difficulty",
    "HawalaSettings",
    "Intervention",
    "LaunderingBehaviour",
    "Leg",
    "LegalBasis",
    "Migrants",
    "Mode",
    "Money",
    "MoneyChannels",
    "MoneyTransferSettings",
    "Network",
    "Online",
    "Opsec",
    "Origin",
    "Period",
    "Place",
    "PlaceKind",
    "Platform",
    "PlatformKind",
    "Provider",
    "ProviderKind",
    "Range",
    "Role",
    "RoleCounts",
    "Route",
    "Scenario",
    "SeizureIntervention",
    "Settlement",
    "Sources",
    "Structure",
    "TakedownIntervention",
    "VocabularyPack",
]

#: Upper bound on ``migrants.count``: the large benchmark case is 100,000; beyond a million one
#: machine cannot hold the case, so a larger number is almost surely a typo.
MAX_MIGRANTS = 1_000_000
#: Upper bound on any single role count: the largest published ring had about 292 actors.
MAX_ROLE_COUNT = 2_000

# Re-exported for code written against the first draft of this module.
_ = (SHARE_TOLERANCE, SLUG, check_shares)

#: Why the sane limits exist, shown in the error when a count exceeds them.
WHY_MIGRANTS = "more migrants than one machine can simulate: almost surely a typo"
WHY_ROLES = "larger than any published smuggling ring (about 292 actors): almost surely a typo"
COUNTRY = "two capital letters, an ISO 3166-1 alpha-2 code such as IT"
LANGUAGE = "two lowercase letters, an ISO 639-1 code such as ar"


def describe(meaning: str, unit: str = "", **extra: Any) -> dict[str, Any]:
    """Metadata for :func:`pydantic.Field`: a unit and extra hints (``allowed``, ``why``).

    The one-line meaning goes to the field's description; the rest is kept for the guide, the JSON
    Schema and error messages. Empty hints are left out.

    >>> describe("days the world runs", unit="days")
    {'unit': 'days'}
    >>> describe("country", allowed="two capital letters", why="")
    {'allowed': 'two capital letters'}
    """
    hints = {"unit": unit, **extra}
    return {key: value for key, value in hints.items() if value}


def spec(
    default: Any = ...,
    meaning: str = "",
    unit: str = "",
    *,
    allowed: str = "",
    why: str = "",
    **constraints: Any,
) -> Any:
    """A field with a default, a one-line meaning, a unit and bounds (``ge``, ``le``, ``pattern``).

    ``allowed`` says in words what a ``pattern`` accepts; ``why`` explains an upper bound that is a
    sanity limit rather than a law of nature. Both appear in error messages and the guide.
    """
    return Field(
        default,
        description=meaning,
        json_schema_extra=describe(meaning, unit, allowed=allowed, why=why),
        **constraints,
    )


class Section(BaseModel):
    """Base of every section: immutable, unknown keys refused (a typo is an error, not ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$", json_schema_extra={"allowed": LANGUAGE})]


# --------------------------------------------------------------------------- enumerations


class Difficulty(StrEnum):
    """How hard the case is for trainees."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class PlaceKind(StrEnum):
    """What happens at a place along a route."""

    ORIGIN = "origin"
    HUB = "hub"
    DEPARTURE = "departure"
    CROSSING = "crossing"
    TRANSIT = "transit"
    DESTINATION = "destination"


class Mode(StrEnum):
    """How a leg is travelled (REALISM.md, routes table)."""

    FOOT = "foot"
    CAR = "car"
    VAN = "van"
    LORRY = "lorry"
    BUS = "bus"
    TRAIN = "train"
    FLIGHT = "flight"
    DINGHY = "dinghy"
    SMALL_BOAT = "small_boat"
    IRON_BOAT = "iron_boat"
    FISHING_TRAWLER = "fishing_trawler"
    SAILING_YACHT = "sailing_yacht"
    SPEEDBOAT = "speedboat"
    WOODEN_CANOE = "wooden_canoe"
    JET_SKI = "jet_ski"

    @property
    def by_sea(self) -> bool:
        """True for the modes that cross water."""
        return self in SEA_MODES


SEA_MODES = frozenset(
    {
        Mode.DINGHY,
        Mode.SMALL_BOAT,
        Mode.IRON_BOAT,
        Mode.FISHING_TRAWLER,
        Mode.SAILING_YACHT,
        Mode.SPEEDBOAT,
        Mode.WOODEN_CANOE,
        Mode.JET_SKI,
    }
)


class Currency(StrEnum):
    """Currencies prices and payments are quoted in."""

    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"
    TND = "TND"
    TRY = "TRY"
    LYD = "LYD"
    IQD = "IQD"
    AFN = "AFN"
    PKR = "PKR"
    XOF = "XOF"
    DZD = "DZD"
    MAD = "MAD"
    SYP = "SYP"
    EGP = "EGP"


class Structure(StrEnum):
    """Shape of the smuggling network (REALISM.md, network structure)."""

    HIERARCHY = "hierarchy"
    CELLS = "cells"
    LOOSE = "loose"


class Role(StrEnum):
    """The nine smuggler roles (DESIGN.md, the model)."""

    ORGANISER = "organiser"
    RECRUITER = "recruiter"
    COORDINATOR = "coordinator"
    TRANSPORTER = "transporter"
    FORGER = "forger"
    MONEY_BROKER = "money_broker"
    SAFE_HOUSE_KEEPER = "safe_house_keeper"
    CASH_COURIER = "cash_courier"
    CORRUPT_OFFICIAL = "corrupt_official"


class Opsec(StrEnum):
    """Operational security of the network: drives SIM swaps, burners, code words, moves."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PlatformKind(StrEnum):
    """The kind of real service a fictional platform stands for."""

    SOCIAL_NETWORK = "social_network"
    SHORT_VIDEO = "short_video"
    BROADCAST_CHANNEL = "broadcast_channel"
    MESSENGER = "messenger"
    MARKETPLACE = "marketplace"
    FORUM = "forum"


class BenignKind(StrEnum):
    """Actors who post about migration without smuggling: the false positives."""

    NGO = "ngo"
    TRAVEL_AGENCY = "travel_agency"
    JOURNALIST = "journalist"
    DIASPORA_GROUP = "diaspora_group"
    CRYPTO_USER = "crypto_user"
    HAWALA_CUSTOMER = "hawala_customer"


class LaunderingBehaviour(StrEnum):
    """Ways proceeds are laundered (FATF 2022)."""

    CASH_BUSINESS = "cash_business"
    TRAVEL_AGENCY = "travel_agency"
    TRANSPORT_FIRM = "transport_firm"
    PROPERTY = "property"
    TRADE_INVOICES = "trade_invoices"


class ProviderKind(StrEnum):
    """The kind of company that holds a data source."""

    PLATFORM = "platform"
    MESSENGER = "messenger"
    TELECOM = "telecom"
    EXCHANGE = "exchange"
    MONEY_TRANSFER = "money_transfer"


class LegalBasis(StrEnum):
    """Instruments that unlock provider data (EU e-Evidence Regulation 2023/1543 and MLA)."""

    PRESERVATION_ORDER = "preservation_order"
    SUBSCRIBER_REQUEST = "subscriber_request"
    PRODUCTION_ORDER = "production_order"
    EUROPEAN_PRODUCTION_ORDER = "european_production_order"
    EUROPEAN_PRESERVATION_ORDER = "european_preservation_order"
    MLA_REQUEST = "mla_request"
    COURT_ORDER = "court_order"


DataKind = Literal["subscriber", "traffic", "content", "kyc", "transactions"]


# --------------------------------------------------------------------------- small shapes


class Range(Section):
    """An inclusive numeric range ``min``..``max``."""

    min: float = spec(meaning="lowest value", ge=0, allow_inf_nan=False)
    max: float = spec(meaning="highest value", ge=0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(
                f"min ({self.min:g}) is greater than max ({self.max:g}) (allowed: min at most max)"
            )
        return self


class Price(Range):
    """A price range per person, in a currency."""

    min: float = spec(meaning="lowest price per person", unit="currency", ge=0, le=1e6)
    max: float = spec(meaning="highest price per person", unit="currency", ge=0, le=1e6)
    currency: Currency = spec(Currency.EUR, "currency of the price")


class Hours(Range):
    """A duration range in hours."""

    min: float = spec(meaning="shortest duration", unit="hours", ge=0, le=24 * 365)
    max: float = spec(meaning="longest duration", unit="hours", ge=0, le=24 * 365)


class Capacity(Range):
    """How many people one vehicle, boat or group takes."""

    min: int = spec(meaning="fewest people per trip", unit="people", ge=1, le=1000)
    max: int = spec(meaning="most people per trip", unit="people", ge=1, le=1000)


# --------------------------------------------------------------------------- sections


class Period(Section):
    """When the simulated operation runs."""

    start: dt.date = spec(dt.date(2024, 5, 1), "first simulated day (ISO date)")
    days: int = spec(60, "how many days the world runs", unit="days", ge=1, le=730)

    @property
    def end(self) -> dt.date:
        """The last simulated day."""
        return self.start + dt.timedelta(days=self.days - 1)


class Place(Section):
    """A real place on a route (coordinates are public geography, not anyone's address)."""

    name: str = spec(meaning="unique place name used by legs", min_length=1, max_length=80)
    country: str = spec(
        meaning="ISO 3166-1 alpha-2 country code", pattern=r"^[A-Z]{2}$", allowed=COUNTRY
    )
    lat: float = spec(meaning="latitude", unit="degrees", ge=-90, le=90, allow_inf_nan=False)
    lon: float = spec(meaning="longitude", unit="degrees", ge=-180, le=180, allow_inf_nan=False)
    kind: PlaceKind = spec(PlaceKind.TRANSIT, "role of the place along the route")


class Leg(Section):
    """One stretch of a route: a mode, a price, a duration, a capacity and its risks."""

    from_: str = Field(
        ...,
        alias="from",
        description="place the leg starts from (a name in places)",
        min_length=1,
    )
    to: str = spec(meaning="place the leg ends at (a name in places)", min_length=1)
    mode: Mode = spec(meaning="how the leg is travelled")
    stage: str = spec(
        "",
        "route stage of the leg (cells specialise by stage); empty means the leg's from-place",
        max_length=40,
    )
    price: Price = spec(meaning="price per person charged for this leg")
    duration_hours: Hours = spec(meaning="time the leg takes once under way", unit="hours")
    capacity: Capacity = spec(meaning="people per trip (a vehicle, boat or walking group)")
    departures_per_week: float = spec(
        3.0, "trips the network can launch per week on this leg", unit="trips/week", gt=0, le=100
    )
    interception: Probability = spec(0.1, "chance a trip is intercepted and turned back")
    incident: Probability = spec(0.02, "chance a trip meets an incident (breakdown, capsizing)")
    death: Probability = spec(
        0.0, "chance that a person dies in an incident (per person, given an incident)"
    )

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @property
    def stage_name(self) -> str:
        """The stage this leg belongs to (its own ``stage`` or its from-place)."""
        return self.stage or self.from_


class Route(Section):
    """A route migrants take, as an ordered list of legs."""

    name: str = spec(meaning="unique route name", min_length=1, max_length=80)
    share: Share = spec(1.0, "share of migrants who take this route")
    legs: list[Leg] = spec(meaning="legs in travel order", min_length=1, max_length=20)

    @field_validator("legs")
    @classmethod
    def _connected(cls, legs: list[Leg]) -> list[Leg]:
        for index, (leg, following) in enumerate(itertools.pairwise(legs)):
            if leg.to != following.from_:
                raise ValueError(
                    f"legs[{index}] ends at {leg.to!r} but legs[{index + 1}] starts at "
                    f"{following.from_!r} (allowed: each leg starts where the previous one ends)"
                )
        return legs


class RoleCounts(Section):
    """How many people hold each smuggler role."""

    organiser: int = spec(
        3,
        "leaders/organisers who give orders",
        unit="people",
        ge=1,
        le=MAX_ROLE_COUNT,
        why=WHY_ROLES,
    )
    recruiter: int = spec(
        4, "recruiters/advertisers", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    coordinator: int = spec(
        3,
        "coordinators of departures and groups",
        unit="people",
        ge=0,
        le=MAX_ROLE_COUNT,
        why=WHY_ROLES,
    )
    transporter: int = spec(
        6, "drivers, boat pilots and guides", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    forger: int = spec(1, "document forgers", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES)
    money_broker: int = spec(
        2, "hawaladars holding escrow", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    safe_house_keeper: int = spec(
        2, "keepers of safe houses", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    cash_courier: int = spec(
        1, "couriers who move cash", unit="people", ge=0, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    corrupt_official: int = spec(
        0,
        "officials paid to look away (optional)",
        unit="people",
        ge=0,
        le=MAX_ROLE_COUNT,
        why=WHY_ROLES,
    )

    @property
    def total(self) -> int:
        """All members of the network."""
        return sum(getattr(self, role.value) for role in Role)

    @model_validator(mode="after")
    def _sane_total(self) -> Self:
        if self.total > MAX_ROLE_COUNT * 2:
            raise ValueError(
                f"the network has {self.total} members (allowed: at most {MAX_ROLE_COUNT * 2}; "
                f"{WHY_ROLES})"
            )
        return self


class Network(Section):
    """The smuggling network's shape (Campana 2018; Europol–INTERPOL 2016)."""

    structure: Structure = spec(Structure.CELLS, "hierarchy, cells per route stage, or a loose web")
    roles: RoleCounts = spec(RoleCounts(), "how many people hold each role")
    opsec: Opsec = spec(Opsec.MEDIUM, "operational security: SIM swaps, burners, code words")
    cells_per_stage: int = spec(
        1, "independent cells working each route stage", unit="cells", ge=1, le=20
    )
    same_stage_tie_odds: float = spec(
        7.0,
        "how much likelier a tie is within a stage than across (Campana 2018: about 7)",
        unit="odds ratio",
        ge=1,
        le=50,
    )
    recruiter_same_nationality: Probability = spec(
        0.8, "chance a recruiter shares the nationality of the migrants recruited (UNODC)"
    )
    local_facilitators: Probability = spec(
        0.9, "chance a crossing facilitator is a national of the crossing's country (UNODC)"
    )
    replace_arrested: Probability = spec(0.8, "chance an arrested member is replaced")


class Origin(Section):
    """A country migrants come from."""

    country: str = spec(
        meaning="ISO 3166-1 alpha-2 code of nationality", pattern=r"^[A-Z]{2}$", allowed=COUNTRY
    )
    share: Share = spec(meaning="share of migrants of this nationality")
    languages: list[LanguageCode] = spec(
        meaning="languages spoken (ISO 639-1 codes, e.g. ar, fr, ps)", min_length=1, max_length=6
    )


class Migrants(Section):
    """The people the network moves."""

    count: int = spec(
        200,
        "migrants who contact the network",
        unit="people",
        ge=1,
        le=MAX_MIGRANTS,
        why=WHY_MIGRANTS,
    )
    arrival: Literal["steady", "seasonal", "surge"] = spec(
        "steady", "how first contacts spread over the period"
    )
    surge_day: int = spec(
        0, "day of the peak for 'surge' and 'seasonal' arrivals", unit="day", ge=0, le=730
    )
    origins: list[Origin] = spec(meaning="nationalities with shares", min_length=1, max_length=30)
    budget: Price = spec(meaning="what a migrant (with family) can pay in all")
    family_payers: Probability = spec(0.7, "chance a family member at home pays the fees")
    word_of_mouth: Probability = spec(
        0.3, "chance a migrant hears of the smuggler from a friend rather than an advert"
    )
    retry: Probability = spec(0.6, "chance a turned-back migrant tries again")

    @field_validator("origins")
    @classmethod
    def _shares(cls, origins: list[Origin]) -> list[Origin]:
        check_shares(origins, "origin shares")
        return origins


class Platform(Section):
    """A fictional online platform, standing for a kind of real service."""

    name: str = spec(meaning="fictional platform name", min_length=1, max_length=40)
    kind: PlatformKind = spec(meaning="the kind of real service it stands for")
    share: Share = spec(meaning="share of adverts posted here")
    end_to_end_encrypted: bool = spec(False, "content is end-to-end encrypted (messengers)")


class VocabularyPack(Section):
    """Words and emoji that mark adverts in one language (REALISM.md, online modus operandi)."""

    language: str = spec(meaning="ISO 639-1 language code", pattern=r"^[a-z]{2}$", allowed=LANGUAGE)
    words: list[str] = spec(meaning="code words and phrases", min_length=1, max_length=200)
    emoji: list[str] = spec([], "emoji sequences used as codes", max_length=50)


class AdvertRates(Section):
    """How often recruiters advertise."""

    per_recruiter_per_week: float = spec(
        5.0, "adverts each active recruiter posts", unit="posts/week", ge=0, le=500
    )
    image_only_contact: Probability = spec(
        0.2, "chance the contact number appears only inside an image"
    )
    child_discount: Probability = spec(0.3, "chance an advert offers children half price")
    backup_accounts: int = spec(
        3, "numbered backup accounts a seller keeps for after a ban", unit="accounts", ge=0, le=20
    )


class BenignActor(Section):
    """Actors who post about migration but smuggle nobody."""

    kind: BenignKind = spec(meaning="what the actor is")
    count: int = spec(meaning="how many such actors", unit="actors", ge=0, le=100_000)
    posts_per_week: float = spec(2.0, "posts each makes", unit="posts/week", ge=0, le=500)


class Online(Section):
    """Where and how the network advertises, and the haystack around it."""

    platforms: list[Platform] = spec(meaning="fictional platforms with advert shares", min_length=1)
    messenger: str = spec(
        "Whisperline", "fictional end-to-end encrypted messenger used for deals", min_length=1
    )
    adverts: AdvertRates = spec(AdvertRates(), "advert rates and tactics")
    languages: list[LanguageCode] = spec(
        meaning="languages adverts are written in (ISO 639-1)", min_length=1
    )
    vocabulary: list[VocabularyPack] = spec([], "code words and emoji per language")
    benign: list[BenignActor] = spec([], "benign actors whose posts share the vocabulary")

    @field_validator("platforms")
    @classmethod
    def _shares(cls, platforms: list[Platform]) -> list[Platform]:
        check_shares(platforms, "platform shares")
        return platforms


class MoneyChannels(Section):
    """How migrants' fees are paid; the shares add up to 1 (FATF 2022)."""

    hawala: Share = spec(0.5, "share paid through hawala escrow")
    crypto: Share = spec(
        0.1, "share paid in crypto (a stablecoin on a low-fee chain: modelling choice)"
    )
    money_transfer: Share = spec(0.2, "share paid through money-transfer offices")
    cash: Share = spec(0.2, "share paid in cash")

    @model_validator(mode="after")
    def _sum(self) -> Self:
        check_shares(self.model_dump(), "money channel shares")
        return self


class HawalaSettings(Section):
    """Hawala escrow as described by FATF 2022."""

    leg_by_leg: Probability = spec(0.3, "chance a journey is paid leg by leg instead of at once")
    broker_fee: float = spec(0.03, "broker's commission", unit="fraction", ge=0, le=0.2)


class Settlement(Section):
    """How brokers settle among themselves."""

    interval_days: int = spec(14, "days between settlements", unit="days", ge=1, le=365)
    courier: Share = spec(0.5, "share settled by cash couriers")
    trade_invoices: Share = spec(0.3, "share settled by over/under-invoiced trade")
    crypto: Share = spec(0.2, "share settled in crypto")

    @model_validator(mode="after")
    def _sum(self) -> Self:
        check_shares(
            {"courier": self.courier, "trade_invoices": self.trade_invoices, "crypto": self.crypto},
            "settlement shares",
        )
        return self


class CryptoSettings(Section):
    """Crypto payments: consolidation, peel chains and cash-out (modelling choice)."""

    asset: str = spec(
        "TLUSD",
        "fictional stablecoin ticker",
        pattern=r"^[A-Z]{2,6}$",
        allowed="2 to 6 capital letters, such as TLUSD",
    )
    peel_hops: Range = spec(Range(min=2, max=6), "hops in a peel chain before the exchange")
    exchange: str = spec("Coinmoor", "fictional exchange where a mule cashes out", min_length=1)


class MoneyTransferSettings(Section):
    """Money-transfer offices and structuring below the reporting threshold."""

    reporting_threshold: float = spec(
        1000.0, "amount above which a transfer is reported", unit="EUR", gt=0, le=1e6
    )
    structuring: Probability = spec(0.6, "chance a large payment is split below the threshold")


class BackgroundMoney(Section):
    """Ordinary customers of the same chain and transfer offices: the haystack (bulk, no agents)."""

    customers: int = spec(
        0, "ordinary customers (half abroad sending, half at home receiving)", unit="people",
        ge=0, le=2_000_000,
    )  # fmt: skip
    chain_transfers_per_day: float = spec(
        0.0, "wallet-to-wallet transfers among them", unit="transfers/day", ge=0, le=1_000_000
    )
    remittances_per_day: float = spec(
        0.0, "money-transfer office remittances from abroad to home", unit="transfers/day",
        ge=0, le=1_000_000,
    )  # fmt: skip

    @model_validator(mode="after")
    def _customers(self) -> Self:
        if (self.chain_transfers_per_day or self.remittances_per_day) and self.customers < 2:
            raise ValueError(
                "background transfers need at least 2 customers: set money.background.customers"
            )
        return self


class Money(Section):
    """How money moves: channels, escrow, settlement, crypto, transfers and laundering."""

    channels: MoneyChannels = spec(MoneyChannels(), "payment channel shares")
    hawala: HawalaSettings = spec(HawalaSettings(), "hawala escrow")
    settlement: Settlement = spec(Settlement(), "broker settlement")
    crypto: CryptoSettings = spec(CryptoSettings(), "crypto payments")
    money_transfer: MoneyTransferSettings = spec(MoneyTransferSettings(), "money transfers")
    driver_pay: Price = spec(
        Price(min=100, max=500, currency=Currency.EUR), "what a driver or pilot is paid per trip"
    )
    laundering: list[LaunderingBehaviour] = spec(
        [LaunderingBehaviour.CASH_BUSINESS], "laundering behaviours in use"
    )
    background: BackgroundMoney = spec(
        BackgroundMoney(), "ordinary money traffic the network's payments hide in"
    )


class TakedownIntervention(Section):
    """A platform removes a seller's accounts."""

    kind: Literal["takedown"] = spec(meaning="a platform takedown")
    day: int = spec(meaning="day of the period it happens", unit="day", ge=0, le=730)
    platform: str = spec(meaning="platform name (from online.platforms)", min_length=1)
    accounts: int = spec(
        1, "how many advertising accounts are removed", unit="accounts", ge=1, le=10_000
    )


class ArrestIntervention(Section):
    """Police arrest members of a role; their phones are seized."""

    kind: Literal["arrest"] = spec(meaning="an arrest")
    day: int = spec(meaning="day of the period it happens", unit="day", ge=0, le=730)
    role: Role = spec(meaning="role of the people arrested")
    count: int = spec(
        1, "how many are arrested", unit="people", ge=1, le=MAX_ROLE_COUNT, why=WHY_ROLES
    )
    seize_devices: bool = spec(True, "their phones are seized and extracted")


class SeizureIntervention(Section):
    """Police seize devices or a hawala notebook without an arrest."""

    kind: Literal["seizure"] = spec(meaning="a seizure")
    day: int = spec(meaning="day of the period it happens", unit="day", ge=0, le=730)
    role: Role = spec(meaning="role of the person whose things are seized")
    what: Literal["phone", "hawala_ledger"] = spec("phone", "what is seized")


Intervention = Annotated[
    TakedownIntervention | ArrestIntervention | SeizureIntervention,
    Field(discriminator="kind"),
]


class Provider(Section):
    """A company holding data, with its retention window."""

    name: str = spec(meaning="fictional provider name", min_length=1, max_length=40)
    kind: ProviderKind = spec(meaning="the kind of data source")
    country: str = spec(
        meaning="ISO 3166-1 alpha-2 code of its seat", pattern=r"^[A-Z]{2}$", allowed=COUNTRY
    )
    retention_days: int = spec(
        180, "days records are kept before deletion", unit="days", ge=1, le=3650
    )


class Sources(Section):
    """Which providers hold what, and which legal basis unlocks what (e-Evidence 2023/1543)."""

    investigating_country: str = spec(
        "IT",
        "ISO 3166-1 alpha-2 code of the trainees' own jurisdiction",
        pattern=r"^[A-Z]{2}$",
        allowed=COUNTRY,
    )
    providers: list[Provider] = spec([], "providers and their retention")
    legal_bases: dict[DataKind, list[LegalBasis]] = spec(
        {
            "subscriber": [LegalBasis.SUBSCRIBER_REQUEST, LegalBasis.PRODUCTION_ORDER],
            "traffic": [LegalBasis.PRODUCTION_ORDER, LegalBasis.COURT_ORDER],
            "content": [LegalBasis.COURT_ORDER],
            "kyc": [LegalBasis.PRODUCTION_ORDER],
            "transactions": [LegalBasis.PRODUCTION_ORDER],
        },
        "for each kind of data, the legal bases that unlock it",
    )
    preservation_days: int = spec(
        60,
        "days a preservation order holds data (e-Evidence: 60, extendable)",
        unit="days",
        ge=1,
        le=365,
    )


class Scenario(Section):
    """A complete scenario: everything the simulator needs to play out one smuggling case."""

    id: str = spec(
        meaning="safe slug naming the case folder (a-z, 0-9, hyphens)", min_length=1, max_length=64
    )
    title: str = spec(meaning="title shown to trainees", min_length=1, max_length=200)
    summary: str = spec("", "a paragraph describing the case", max_length=4000)
    difficulty: Difficulty = spec(Difficulty.BEGINNER, "how hard the case is")
    objectives: list[str] = spec([], "what trainees should learn from this case")
    period: Period = spec(Period(), "when the operation runs")
    places: list[Place] = spec(meaning="places along the routes", min_length=2)
    routes: list[Route] = spec(meaning="routes with their legs", min_length=1)
    network: Network = spec(Network(), "the smuggling network")
    migrants: Migrants = spec(meaning="the people moved")
    online: Online = spec(meaning="platforms, adverts and benign posters")
    money: Money = spec(Money(), "payment channels and laundering")
    interventions: list[Intervention] = spec([], "scheduled takedowns, arrests and seizures")
    sources: Sources = spec(Sources(), "providers, retention and legal bases")

    @model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> Self:
        # The loader runs the same checks section by section to give each problem its own line;
        # it passes this context so they are not reported twice.
        if info.context and info.context.get("cross_checks") is False:
            return self
        sections = {name: getattr(self, name) for name in type(self).model_fields}
        problems = cross_checks(sections)
        if problems:
            raise ValueError("; ".join(f"{format_path(path)}: {text}" for path, text in problems))
        return self
