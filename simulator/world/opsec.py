"""Operational security: SIM swaps, burner phones and new messenger accounts.

The network's ``opsec`` level sets how often members change SIMs and handsets (modelling choice,
rates per member per 30 days below). A SIM swap keeps the handset (the telecom still sees the same
IMEI under a new number); a burner changes both, and the old handset is sometimes kept in a drawer,
where a later seizure finds it. With high OPSEC every new number also gets a new messenger account.

Examples
--------
>>> SIM_SWAPS_PER_30_DAYS["high"] > SIM_SWAPS_PER_30_DAYS["low"]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulator.world.events import DAY, EventKind

if TYPE_CHECKING:
    from simulator.world.agents.smugglers import Smuggler
    from simulator.world.model import SmugglingModel

__all__ = ["BURNERS_PER_30_DAYS", "SIM_SWAPS_PER_30_DAYS", "Opsec"]

SIM_SWAPS_PER_30_DAYS = {"low": 0.1, "medium": 0.5, "high": 1.5}
BURNERS_PER_30_DAYS = {"low": 0.0, "medium": 0.15, "high": 0.8}
#: Roles that change phones for operational security (forgers and officials rarely appear on calls).
CAREFUL_ROLES = frozenset(
    {"organiser", "recruiter", "coordinator", "transporter", "money_broker", "cash_courier"}
)
BURNER_ROLES = frozenset({"organiser", "recruiter", "coordinator"})
#: Chance an old handset is kept (and can be seized) rather than thrown away.
KEEP_OLD_HANDSET = 0.5


class Opsec:
    """Schedules and performs phone changes for the members."""

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.opsec
        self.level = model.spec.network.opsec.value

    def start(self, smuggler: Smuggler) -> None:
        """Schedule the member's first SIM swap and burner (if their role and level call for it)."""
        if smuggler.role in CAREFUL_ROLES:
            self.schedule_swap(smuggler)
        if smuggler.role in BURNER_ROLES:
            self.schedule_burner(smuggler)

    def _schedule(self, rate_per_30_days: float, action: object) -> None:
        if rate_per_30_days <= 0:
            return
        gap_days = self.rng.exponential(30.0 / rate_per_30_days)
        when = self.model.t() + max(3600, int(gap_days * DAY))
        if when < self.model.days * DAY:
            self.model.schedule_at(action, when)  # type: ignore[arg-type]

    def schedule_swap(self, smuggler: Smuggler) -> None:
        """Schedule the next SIM swap."""
        self._schedule(SIM_SWAPS_PER_30_DAYS[self.level], smuggler.swap_sim)

    def schedule_burner(self, smuggler: Smuggler) -> None:
        """Schedule the next burner handset."""
        self._schedule(BURNERS_PER_30_DAYS[self.level], smuggler.start_burner)

    def swap_sim(self, smuggler: Smuggler) -> None:
        """A new SIM (number and IMSI) in the same handset."""
        model = self.model
        t = model.t()
        old = smuggler.phone
        if old is None:
            return
        phone = model.issue_phone(smuggler, t, keep_handset=True)
        model.log.add(
            EventKind.SIM_SWAP, t, smuggler.person_id, None, smuggler.place,
            detail={"old_phone": old.number}, actor_phone=phone.number, actor_imei=phone.imei,
        )  # fmt: skip
        model.register_messenger(smuggler, t, new_account=self.level == "high")

    def start_burner(self, smuggler: Smuggler) -> None:
        """A new handset and SIM; the old handset is kept or thrown away."""
        model = self.model
        t = model.t()
        old = smuggler.phone
        if old is None:
            return
        # A seized handset is in the evidence room, not in the drawer.
        keep = not smuggler.phone_seized and bool(self.rng.random() < KEEP_OLD_HANDSET)
        smuggler.phone_seized = False
        phone = model.issue_phone(smuggler, t, burner=True, keep_old=keep)
        model.log.add(
            EventKind.BURNER_ACTIVATED, t, smuggler.person_id, None, smuggler.place,
            detail={"old_phone": old.number, "old_imei": old.imei, "old_kept": keep},
            actor_phone=phone.number, actor_imei=phone.imei, device=phone.device_id,
        )  # fmt: skip
        model.register_messenger(smuggler, t, new_account=True)
