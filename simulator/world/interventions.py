"""Scheduled interventions: platform takedowns, arrests and seizures, and their aftermath.

Each intervention of the scenario runs at 10:00 UTC on its day (one minute apart when several share
a day). Who is arrested or searched is decided that morning, before the day's routine calls and
pings are drawn, so nobody is seen phoning from a handset already in an evidence bag. An arrest
takes members of a role out of the network; if ``seize_devices`` their phones
(and any old handsets they kept) are seized, and a broker's hawala ledger with them. A seizure
without arrest takes one member's phone or ledger; the member starts a burner the next day.
Arrested members are replaced with probability ``network.replace_arrested`` after 2–10 days; the
newcomer inherits the ties (``network.attach_replacement``). Every seized object is a ``seizure``
event naming the device id, IMEI, number and owner, from which observers build extractions.

Examples
--------
>>> from simulator.scenario.schema import TakedownIntervention
>>> round(start_time(TakedownIntervention(kind="takedown", day=3, platform="X"), 1) * 24 * 60)
4921
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.world.clock import at, seconds
from simulator.world.events import DAY, EventKind

if TYPE_CHECKING:
    from simulator.world.agents.base import Phone
    from simulator.world.agents.smugglers import Smuggler
    from simulator.world.model import SmugglingModel

__all__ = ["Interventions", "ScheduledIntervention", "start_time"]


def seconds_of(model_time: float) -> int:
    """Whole seconds of a Mesa time (days)."""
    return seconds(model_time)


def start_time(intervention: Any, index: int) -> float:
    """Mesa time (days) at which the ``index``-th intervention runs: 10:00 plus a minute each."""
    return at(intervention.day, 10 * 3600 + 60 * index)


class ScheduledIntervention:
    """One intervention waiting for its day (kept alive by :class:`Interventions`)."""

    def __init__(self, owner: Interventions, index: int, spec: Any) -> None:
        self.owner = owner
        self.index = index
        self.spec = spec
        self.targets: list[Smuggler] = []

    def run(self) -> None:
        """Carry out the intervention."""
        self.owner.run(self)


class Replacement:
    """A pending replacement of an arrested member."""

    def __init__(self, owner: Interventions, old: Smuggler) -> None:
        self.owner = owner
        self.old = old

    def run(self) -> None:
        """Recruit the replacement."""
        self.owner.model.replace(self.old)


class Interventions:
    """Runs the scenario's interventions."""

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.interventions
        self.pending: list[Any] = []
        self.seized: list[dict[str, Any]] = []
        for index, intervention in enumerate(model.spec.interventions):
            task = ScheduledIntervention(self, index, intervention)
            self.pending.append(task)
            model.schedule_event(task.run, at=start_time(intervention, index))

    def prepare(self, day: int) -> None:
        """In the morning: choose today's targets and mark when they stop acting."""
        for task in self.pending:
            if not isinstance(task, ScheduledIntervention) or task.spec.day != day:
                continue
            spec = task.spec
            if spec.kind == "arrest":
                task.targets = self.choose(spec.role.value, spec.count)
            elif spec.kind == "seizure":
                task.targets = self.choose(spec.role.value, 1)
            when = seconds_of(start_time(spec, task.index))
            for offset, member in enumerate(task.targets):
                if spec.kind == "arrest":
                    member.leaves_at = when + offset * 120
                    member.arrest_pending = True
                elif spec.what == "phone":
                    member.leaves_at = when  # the seized handset goes quiet

    def run(self, task: ScheduledIntervention) -> None:
        """Dispatch on the intervention's kind."""
        t = self.model.t()
        intervention, index = task.spec, task.index
        if intervention.kind == "takedown":
            self.model.online.take_down(intervention.platform, intervention.accounts, index, t)
        elif intervention.kind == "arrest":
            self.arrest(task.targets, intervention, index, t)
        else:
            self.seize(task.targets, intervention, index, t)

    def choose(self, role: str, count: int) -> list[Smuggler]:
        """``count`` active members of ``role``, drawn without replacement (in id order)."""
        pool = sorted(self.model.members_of(role), key=lambda m: m.person_id)
        if not pool:
            return []
        picks = self.rng.choice(len(pool), size=min(count, len(pool)), replace=False)
        return [pool[i] for i in sorted(picks.tolist())]

    def arrest(self, targets: list[Smuggler], intervention: Any, index: int, t: int) -> None:
        """Arrest members, seize their phones (and a broker's ledger), plan replacements."""
        model = self.model
        for offset, member in enumerate(targets):
            when = t + offset * 120
            member.active = False
            member.arrested = True
            if member.person_id in model.graph:
                # attach_replacement skips arrested contacts when it can.
                model.graph.nodes[member.person_id]["active"] = False
            model.log.add(
                EventKind.ARREST, when, member.person_id, None, member.place,
                detail={"role": member.role, "intervention": index},
                actor_phone=member.number, actor_imei=member.imei,
            )  # fmt: skip
            if intervention.seize_devices:
                for phone in [p for p in (member.phone, *member.kept_phones) if p is not None]:
                    self.seize_phone(member, phone, when + 300, index, with_arrest=True)
                if member.hawala_code:
                    self.seize_ledger(member, when + 600, index, with_arrest=True)
            model.close_holdings(member, when)
            if self.rng.random() < model.spec.network.replace_arrested:
                task = Replacement(self, member)
                self.pending.append(task)
                delay = int(self.rng.integers(2 * DAY, 10 * DAY))
                model.schedule_at(task.run, when + delay)

    def seize(self, targets: list[Smuggler], intervention: Any, index: int, t: int) -> None:
        """Seize one member's phone or ledger without arresting them."""
        model = self.model
        if not targets:
            return
        member = targets[0]
        if intervention.what == "phone":
            if member.phone is None:
                return
            self.seize_phone(member, member.phone, t, index, with_arrest=False)
            member.phone_seized = True
            member.leaves_at = None
            model.schedule_at(member.start_burner, t + int(self.rng.integers(DAY // 2, 2 * DAY)))
        else:
            self.seize_ledger(member, t, index, with_arrest=False)

    def seize_phone(
        self, member: Smuggler, phone: Phone, t: int, index: int, *, with_arrest: bool
    ) -> None:
        """Record a seized handset (what observers extract)."""
        current = phone is member.phone
        self.model.log.add(
            EventKind.SEIZURE, t, member.person_id, None, member.place,
            detail={"what": "phone", "intervention": index, "with_arrest": with_arrest,
                    "current_phone": current},
            device=phone.device_id, actor_phone=phone.number, actor_imei=phone.imei,
            actor_account=member.messenger if current else None,
        )  # fmt: skip
        self.seized.append(
            {"t": t, "what": "phone", "owner": member.person_id, "device": phone.device_id,
             "imei": phone.imei, "number": phone.number}
        )  # fmt: skip
        if current:
            self.model.owners.release(phone.number, t)

    def seize_ledger(self, member: Smuggler, t: int, index: int, *, with_arrest: bool) -> None:
        """Record a seized hawala ledger (or a member's notebook)."""
        what = "hawala_ledger" if member.hawala_code else "notebook"
        self.model.log.add(
            EventKind.SEIZURE, t, member.person_id, None, member.place,
            detail={"what": what, "intervention": index, "with_arrest": with_arrest},
            actor_wallet=member.hawala_code,
        )  # fmt: skip
        self.seized.append({"t": t, "what": what, "owner": member.person_id, "device": None,
                            "imei": None, "number": None})  # fmt: skip
