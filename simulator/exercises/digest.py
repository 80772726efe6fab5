"""Salted, slow digests: how answers are stored without being readable.

Each stored piece is ``PBKDF2-HMAC-SHA256(question id | part | normalised value, salt)``. The salt
is unique per case and the key derivation is deliberately slow, so a trainee cannot precompute
tables or cheaply try every phone number; the question id and part keep one answer's digest from
matching another question's.

How slow is set per answer key (:func:`budgeted_iterations`): a course-sized key (tens to
hundreds of digests) gets the full :data:`DEFAULT_ITERATIONS`; a key of thousands (a scaled case
asks for every advertised number and SIM card, 13,463 digests at x125) shares a fixed budget of
rounds, down to :data:`MIN_ITERATIONS`. Without that, the x125 key cost 70 CPU s, a tenth of the
whole generation, and checking a trainee's list of 5,883 numbers took 30 s on one core. What a
guess costs falls with it, but the sets are where guessing helps least: their candidates are the
numbers printed in the case itself, a few thousand, which a full-strength digest would let a
trainee try in under a minute anyway.

>>> digester = Digester(bytes.fromhex("00" * 16), iterations=1000)
>>> digester.digest("q1", "value", "42") == digester.digest("q1", "value", "42")
True
>>> digester.digest("q1", "value", "42") == digester.digest("q2", "value", "42")
False
>>> digester.digest_many([("q1", "value", "42")]) == {("q1", "value", "42"): digester.digest(
...     "q1", "value", "42")}
True
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

__all__ = [
    "DEFAULT_ITERATIONS",
    "KDF_NAME",
    "KEY_BUDGET",
    "MAX_THREADS",
    "MIN_ITERATIONS",
    "Digester",
    "budgeted_iterations",
    "usable_cores",
]

#: PBKDF2 rounds: about 6 ms a digest, enough to make guessing slow, cheap enough to check sets.
DEFAULT_ITERATIONS = 10_000

#: Rounds one answer key spends in all before its digests get fewer each: 2,000 digests at full
#: strength, about 10 CPU s.
KEY_BUDGET = 2_000 * DEFAULT_ITERATIONS

#: The fewest rounds a digest ever gets (about 0.6 ms).
MIN_ITERATIONS = 1_000

KDF_NAME = "pbkdf2_hmac_sha256"

#: Threads :meth:`Digester.digest_many` uses at most (PBKDF2 runs outside the GIL).
MAX_THREADS = 4

type Piece = tuple[str, str, str]


def budgeted_iterations(pieces: int) -> int:
    """PBKDF2 rounds a digest for an answer key of ``pieces`` digests (see the module docstring).

    >>> [budgeted_iterations(n) for n in (76, 2_000, 4_717, 13_463, 10**6)]
    [10000, 10000, 4200, 1400, 1000]
    """
    if pieces <= 0:
        return DEFAULT_ITERATIONS
    rounds = KEY_BUDGET // pieces // 100 * 100  # a round number, for the key's readers
    return max(MIN_ITERATIONS, min(DEFAULT_ITERATIONS, rounds))


def usable_cores() -> int:
    """Cores this process may run on (a trainee's copy may not import ``simulator.forked``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Digester:
    """Digests pieces of answers with one salt and iteration count."""

    salt: bytes
    iterations: int = DEFAULT_ITERATIONS

    def digest(self, question_id: str, part: str, value: str) -> str:
        """Hex digest of ``value`` as ``part`` of the answer to ``question_id``."""
        message = "\x1f".join((question_id, part, value)).encode("utf-8")
        return hashlib.pbkdf2_hmac("sha256", message, self.salt, self.iterations).hex()

    def digest_many(self, pieces: Iterable[Piece]) -> dict[Piece, str]:
        """``{(question id, part, value): digest}`` for many pieces, on a few threads.

        ``hashlib.pbkdf2_hmac`` releases the GIL, so the digests of a whole answer key (about
        12,000 at 3 ms each in the largest case) run on every core; each is the same as
        :meth:`digest` gives.
        """
        unique = list(dict.fromkeys(pieces))
        threads = max(1, min(MAX_THREADS, usable_cores(), len(unique)))
        if threads == 1:
            return {piece: self.digest(*piece) for piece in unique}
        with ThreadPoolExecutor(max_workers=threads) as pool:
            digests = pool.map(lambda piece: self.digest(*piece), unique)
            return dict(zip(unique, digests, strict=True))
