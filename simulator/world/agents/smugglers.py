"""The smuggling network's members, one class per role, plus the money mules they use.

Members come from :func:`simulator.world.network.build_network` (identity, stage, cell, base
place); these agents add what they do. Idle members are never stepped: advertisers schedule their
next advert, everyone with OPSEC duties schedules the next SIM swap or burner, and the rest act
when a migrant, a trip or the money flows call on them.

Examples
--------
>>> ROLE_CLASSES["recruiter"].__name__
'Recruiter'
>>> sorted(ROLE_CLASSES) == sorted(role.value for role in Role)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.scenario.schema import Role
from simulator.world.agents.base import PersonAgent

if TYPE_CHECKING:
    from simulator.world.model import SmugglingModel
    from simulator.world.network import Member

__all__ = [
    "ROLE_CLASSES",
    "CashCourier",
    "Coordinator",
    "CorruptOfficial",
    "Forger",
    "MoneyBroker",
    "MoneyMule",
    "Organiser",
    "Recruiter",
    "SafeHouseKeeper",
    "Smuggler",
    "Transporter",
]


#: Attributes the model's cached rosters depend on: who ``SmugglingModel.members_of`` lists, and
#: the pools built from it (keepers by place, brokers and recruiters by nationality or language).
ROSTER_ATTRIBUTES = frozenset(
    {"active", "arrest_pending", "role", "stage", "base_place", "nationality", "languages"}
)


class Smuggler(PersonAgent):
    """A member of the network (any role).

    Setting any of :data:`ROSTER_ATTRIBUTES` (``active``, ``arrest_pending``...) tells the model
    (``roster_changed``), which caches who is active: no assignment anywhere can leave a cached
    roster stale. (Lists such as ``languages`` are replaced, never changed in place.)
    """

    kind = "member"
    advertises = False

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name in ROSTER_ATTRIBUTES:
            changed = getattr(self.model, "roster_changed", None)
            if changed is not None:
                changed()

    def __init__(self, model: SmugglingModel, member: Member) -> None:
        super().__init__(
            model,
            member.person_id,
            str(member.role),
            member.name,
            list(member.name_variants),
            member.nationality,
            list(member.languages),
            member.base_place,
        )
        self.member = member
        self.stage = member.stage
        self.cell = member.cell
        self.arrested = False
        self.brand: str | None = None
        self.logo: str | None = None
        self.pending_platforms: list[str] = []
        self.hawala_code: str | None = None
        self.phone_seized = False
        #: Chosen for arrest this morning: given no new work today.
        self.arrest_pending = False

    def record(self) -> dict[str, object]:
        """Row of the persons table, with stage, cell and arrest status."""
        return {
            **super().record(),
            "stage": self.stage,
            "cell": self.cell,
            "arrested": self.arrested,
        }

    def advertise(self) -> None:
        """Post the next advert and schedule the one after (advertisers only)."""
        if self.active:
            self.model.online.post_advert(self)
            self.model.online.schedule_next_advert(self)

    def reappear(self) -> None:
        """Come back online with backup accounts after a takedown."""
        if self.active:
            self.model.online.reappear(self)

    def swap_sim(self) -> None:
        """Put a new SIM in the handset (OPSEC), then schedule the next swap."""
        if self.active:
            self.model.opsec.swap_sim(self)
            self.model.opsec.schedule_swap(self)

    def start_burner(self) -> None:
        """Switch to a new handset and SIM (OPSEC), then schedule the next burner."""
        if self.active:
            self.model.opsec.start_burner(self)
            self.model.opsec.schedule_burner(self)


class Organiser(Smuggler):
    """Leader of a route or a hub: gives orders, receives the proceeds."""


class Recruiter(Smuggler):
    """Finds customers online and by word of mouth; negotiates; often shares their nationality."""

    advertises = True


class Coordinator(Smuggler):
    """Runs a stage: groups people, pays drivers and keepers, sends departure notices."""


class Transporter(Smuggler):
    """Driver, boat pilot or guide, paid per trip; usually local to the crossing."""


class Forger(Smuggler):
    """Makes documents; advertises as a travel or consultancy firm, mostly with images."""

    advertises = True


class MoneyBroker(Smuggler):
    """Hawaladar: holds escrow, pays out on the code word, settles with partner brokers."""


class SafeHouseKeeper(Smuggler):
    """Keeps the flats where migrants wait for a departure."""


class CashCourier(Smuggler):
    """Carries cash between collectors, organisers and brokers."""


class CorruptOfficial(Smuggler):
    """An official paid to look away on a stage."""


ROLE_CLASSES: dict[str, type[Smuggler]] = {
    Role.ORGANISER.value: Organiser,
    Role.RECRUITER.value: Recruiter,
    Role.COORDINATOR.value: Coordinator,
    Role.TRANSPORTER.value: Transporter,
    Role.FORGER.value: Forger,
    Role.MONEY_BROKER.value: MoneyBroker,
    Role.SAFE_HOUSE_KEEPER.value: SafeHouseKeeper,
    Role.CASH_COURIER.value: CashCourier,
    Role.CORRUPT_OFFICIAL.value: CorruptOfficial,
}


class MoneyMule(PersonAgent):
    """Receives transfers and holds the exchange account where crypto is cashed out.

    Not a member of the tie network: mules are recruited for their clean names and know little.
    """

    kind = "helper"
