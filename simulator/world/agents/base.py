"""What every person in the world has: an identity, phones, accounts and wallets.

A :class:`Phone` is one SIM in one handset; a SIM swap keeps the handset (IMEI) and changes the
number and IMSI, a burner changes both. Agents hold their current phone and any old handsets they
kept (a seizure takes those too). Identifiers are issued by the model so that each one is recorded
in the ownership table when it is handed out.

Examples
--------
>>> phone = Phone("+39 555 0100", "001010000000001", "350000000000001", "dev-1", "IT", "192.0.2.1")
>>> phone.handset
('350000000000001', 'dev-1')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import mesa

if TYPE_CHECKING:
    from simulator.world.model import SmugglingModel

__all__ = ["Account", "PersonAgent", "Phone"]


@dataclass
class Phone:
    """A SIM (number, IMSI) in a handset (IMEI, device id), with the IP it goes online from."""

    number: str
    imsi: str
    imei: str
    device_id: str
    country: str
    ip: str
    burner: bool = False

    @property
    def handset(self) -> tuple[str, str]:
        """The handset's (IMEI, device id): what stays the same across a SIM swap."""
        return self.imei, self.device_id


@dataclass
class Account:
    """An account on a platform, messenger or exchange."""

    platform: str
    handle: str
    display_name: str
    backup_number: int = 0
    created: int = 0
    active: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    #: Bumped whenever an existing account's ``active`` flag is set (a takedown): caches of live
    #: adverts (``OnlineWorld.find_advert``) compare it to know when to recount.
    changes: ClassVar[int] = 0

    def __setattr__(self, name: str, value: object) -> None:
        if name == "active" and "active" in self.__dict__:
            Account.changes += 1
        super().__setattr__(name, value)


class PersonAgent(mesa.Agent):
    """A person: identity, place, phones, accounts and wallets.

    Parameters
    ----------
    model : SmugglingModel
        The world.
    person_id, role, name, name_variants, nationality, languages, base_place
        Identity fields, as in the ``persons`` truth table.
    """

    kind = "person"

    def __init__(
        self,
        model: SmugglingModel,
        person_id: str,
        role: str,
        name: str,
        name_variants: list[str],
        nationality: str,
        languages: list[str],
        base_place: str,
    ) -> None:
        super().__init__(model)
        self.person_id = person_id
        self.role = str(role)
        self.name = name
        self.name_variants = list(name_variants)
        self.nationality = nationality
        self.languages = list(languages)
        self.base_place = base_place
        self.place = base_place
        self.active = True
        #: Set in the morning of an arrest (or phone seizure): no routine traffic after it.
        self.leaves_at: int | None = None
        self.phone: Phone | None = None
        self.kept_phones: list[Phone] = []
        self.messenger: str | None = None
        self.accounts: dict[str, Account] = {}
        self.wallets: list[str] = []
        self.email: str | None = None

    @property
    def number(self) -> str | None:
        """The current phone number (``None`` without a phone)."""
        return self.phone.number if self.phone else None

    @property
    def imei(self) -> str | None:
        """The current handset's IMEI."""
        return self.phone.imei if self.phone else None

    @property
    def ip(self) -> str | None:
        """The IP address the current phone goes online from."""
        return self.phone.ip if self.phone else None

    @property
    def first_name(self) -> str:
        """The first word of the name (what adverts and chats call the person)."""
        return self.name.split()[0]

    def record(self) -> dict[str, object]:
        """This person's row of the ``persons`` truth table."""
        return {
            "person_id": self.person_id,
            "role": self.role,
            "kind": self.kind,
            "name": self.name,
            "name_variants": "|".join(self.name_variants),
            "nationality": self.nationality,
            "languages": "|".join(self.languages),
            "base_place": self.base_place,
        }
