"""A plain Mesa loop for comparison: every agent is stepped every tick, nothing is scheduled.

The smuggling model only wakes an agent when it has something to do (Mesa 3.5 event
scheduling). The usual alternative is ``AgentSet.do("step")`` once per tick over every agent. This
module runs that alternative with a step that does the least an agent must do when visited (look
at the clock, and act if its wake-up time has passed), so its time is a lower bound on what visiting
every agent every tick costs; the ratio to the real model shows what scheduling only active agents
buys.

>>> result = plain_loop(agents=50, days=3)
>>> result["agent_steps"], result["actions"] > 0
(150, True)
"""

from __future__ import annotations

import time
from typing import Any

import mesa

__all__ = ["PlainAgent", "PlainModel", "plain_loop"]


class PlainAgent(mesa.Agent):
    """An agent that acts once every few ticks but is visited every tick."""

    def __init__(self, model: PlainModel, wake: float) -> None:
        super().__init__(model)
        self.wake = wake

    def step(self) -> None:
        """Act if the wake-up time has passed, then sleep a random number of ticks."""
        if self.model.time >= self.wake:
            self.model.actions += 1
            self.wake = self.model.time + float(self.random.randint(1, 7))


class PlainModel(mesa.Model):
    """``agents`` agents stepped in random order once per tick."""

    def __init__(self, agents: int, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.actions = 0
        for _ in range(agents):
            PlainAgent(self, wake=float(self.random.randint(0, 7)))

    def step(self) -> None:
        """One tick: every agent, in random order."""
        self.agents.shuffle_do("step")


def plain_loop(agents: int, days: int, ticks_per_day: int = 1, seed: int = 0) -> dict[str, Any]:
    """Build and run the plain loop; return its seconds and agent steps per second.

    Parameters
    ----------
    agents
        How many agents (the real model's persons).
    days, ticks_per_day
        Simulated days and ticks in each (one tick a day is the coarsest clock such a model has;
        the real model stamps events to the second).
    """
    start = time.perf_counter()
    model = PlainModel(agents, seed=seed)
    built = time.perf_counter()
    for _ in range(days * ticks_per_day):
        model.step()
    end = time.perf_counter()
    steps = agents * days * ticks_per_day
    return {
        "agents": agents,
        "days": days,
        "ticks_per_day": ticks_per_day,
        "agent_steps": steps,
        "actions": model.actions,
        "build_seconds": built - start,
        "seconds": end - start,
        "agent_steps_per_second": steps / (end - built) if end > built else None,
    }
