"""Model reporters for Mesa's ``DataCollector``: named functions, one number each, collected daily.

Examples
--------
>>> from simulator.world.model import SmugglingModel
>>> model = SmugglingModel(seed=1)
>>> model.run_until(5)
>>> frame = model.datacollector.get_model_vars_dataframe()
>>> list(frame.columns) == list(MODEL_REPORTERS)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.world.model import SmugglingModel

__all__ = [
    "MODEL_REPORTERS",
    "active_members",
    "arrived",
    "dead",
    "events_logged",
    "migrants_in_contact",
    "payments_made",
    "travelling",
    "waiting",
]


def _count_state(model: SmugglingModel, *states: str) -> int:
    counts = model.migrant_states
    return sum(counts[state] for state in states)


def migrants_in_contact(model: SmugglingModel) -> int:
    """Contacts made with a recruiter so far (a migrant whose recruiter vanished counts twice)."""
    return model.in_contact


def waiting(model: SmugglingModel) -> int:
    """Migrants waiting in safe houses (or about to be)."""
    return _count_state(model, "waiting", "assigned", "turned_back", "paying")


def travelling(model: SmugglingModel) -> int:
    """Migrants under way on a trip."""
    return _count_state(model, "travelling")


def arrived(model: SmugglingModel) -> int:
    """Migrants who reached the end of their route."""
    return _count_state(model, "arrived")


def dead(model: SmugglingModel) -> int:
    """Migrants who died on the way."""
    return _count_state(model, "dead")


def active_members(model: SmugglingModel) -> int:
    """Members of the network not arrested."""
    return len(model.members_of())


def events_logged(model: SmugglingModel) -> int:
    """Events in the log so far."""
    return len(model.log)


def payments_made(model: SmugglingModel) -> int:
    """Payments in the ledger so far."""
    return len(model.ledger)


MODEL_REPORTERS = {
    "migrants_in_contact": migrants_in_contact,
    "waiting": waiting,
    "travelling": travelling,
    "arrived": arrived,
    "dead": dead,
    "active_members": active_members,
    "events": events_logged,
    "payments": payments_made,
}
