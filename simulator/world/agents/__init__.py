"""Agents of the smuggling world, by role family: smugglers, migrants and the benign haystack.

>>> from simulator.world.agents import Migrant, Recruiter
>>> Migrant.kind, Recruiter.kind
('migrant', 'member')
"""

from simulator.world.agents.base import Account, PersonAgent, Phone
from simulator.world.agents.benign import BenignActor, MarketplaceSeller
from simulator.world.agents.migrants import FamilyPayer, Migrant, MigrantState
from simulator.world.agents.smugglers import (
    ROLE_CLASSES,
    CashCourier,
    Coordinator,
    CorruptOfficial,
    Forger,
    MoneyBroker,
    MoneyMule,
    Organiser,
    Recruiter,
    SafeHouseKeeper,
    Smuggler,
    Transporter,
)

__all__ = [
    "ROLE_CLASSES",
    "Account",
    "BenignActor",
    "CashCourier",
    "Coordinator",
    "CorruptOfficial",
    "FamilyPayer",
    "Forger",
    "MarketplaceSeller",
    "Migrant",
    "MigrantState",
    "MoneyBroker",
    "MoneyMule",
    "Organiser",
    "PersonAgent",
    "Phone",
    "Recruiter",
    "SafeHouseKeeper",
    "Smuggler",
    "Transporter",
]
