"""Random streams: every generator the world uses is derived from the one seed.

Each concern (the network, identities, migrants, online behaviour, money, journeys, interventions,
benign actors, communications, OPSEC) draws from its own ``numpy.random.Generator`` spawned from
``SeedSequence(seed)`` in a fixed order. Because the streams are independent, adding draws to one
concern does not shift the others, and nothing depends on ``PYTHONHASHSEED`` or the wall clock.

Examples
--------
>>> a, b = SeedStreams(7), SeedStreams(7)
>>> int(a.migrants.integers(1_000_000)) == int(b.migrants.integers(1_000_000))
True
>>> SeedStreams(7).mesa_seed != SeedStreams(8).mesa_seed
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["STREAM_NAMES", "SeedStreams"]

#: Order matters: appending a name keeps every existing stream unchanged.
STREAM_NAMES = (
    "mesa",
    "network",
    "identities",
    "faker",
    "migrants",
    "online",
    "money",
    "journeys",
    "interventions",
    "benign",
    "comms",
    "opsec",
)


class SeedStreams:
    """Named, independent generators spawned from one seed.

    Parameters
    ----------
    seed : int
        The case seed.

    Attributes
    ----------
    mesa_seed, faker_seed : int
        Integer seeds for Mesa's ``Model(rng=...)`` and Faker's ``seed_instance``.
    network, identities, migrants, online, money, journeys, interventions, benign, comms, opsec
        ``numpy.random.Generator`` per concern.
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        children = np.random.SeedSequence(self.seed).spawn(len(STREAM_NAMES))
        self._sequences = dict(zip(STREAM_NAMES, children, strict=True))
        self.mesa_seed = int(self._sequences["mesa"].generate_state(1, dtype=np.uint32)[0])
        self.faker_seed = int(self._sequences["faker"].generate_state(1, dtype=np.uint32)[0])
        for name in STREAM_NAMES:
            if name not in {"mesa", "faker"}:
                setattr(self, name, np.random.default_rng(self._sequences[name]))

    def spawn(self, name: str) -> np.random.Generator:
        """A fresh generator for ``name`` (same seed, same draws: for re-running one concern).

        >>> g1, g2 = SeedStreams(3).spawn("money"), SeedStreams(3).spawn("money")
        >>> float(g1.random()) == float(g2.random())
        True
        """
        return np.random.default_rng(self._sequences[name])
