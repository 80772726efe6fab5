"""The haystack: people whose activity looks like smuggling but is not.

NGOs, travel agencies, journalists and diaspora groups post about migration with the same words;
ordinary crypto users move the same stablecoin; hawala customers send remittances through the
same brokers; marketplace sellers list boats and vans. Their activity is drawn in bulk each day by
:mod:`simulator.world.online`, so these agents only hold identity and identifiers.

Examples
--------
>>> BenignActor.kind, MarketplaceSeller.kind
('benign', 'benign')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.world.agents.base import PersonAgent

if TYPE_CHECKING:
    from simulator.world.model import SmugglingModel

__all__ = ["BenignActor", "MarketplaceSeller"]


class BenignActor(PersonAgent):
    """An NGO, travel agency, journalist, diaspora group, crypto user or hawala customer."""

    kind = "benign"

    def __init__(
        self,
        model: SmugglingModel,
        person_id: str,
        role: str,
        posts_per_week: float,
        **identity: object,
    ) -> None:
        super().__init__(model, person_id, role, **identity)  # type: ignore[arg-type]
        self.posts_per_week = posts_per_week

    @property
    def posts(self) -> bool:
        """True for the kinds that post on platforms (not crypto users or hawala customers)."""
        return self.role in {"ngo", "travel_agency", "journalist", "diaspora_group"}


class MarketplaceSeller(PersonAgent):
    """Someone who sells boats, engines or vehicles online (sometimes to the network)."""

    kind = "benign"
