"""Salted, slow digests: how answers are stored without being readable.

Each stored piece is ``PBKDF2-HMAC-SHA256(question id | part | normalised value, salt)``. The salt
is unique per case and the key derivation is deliberately slow, so a trainee cannot precompute
tables or cheaply try every phone number; the question id and part keep one answer's digest from
matching another question's.

>>> digester = Digester(bytes.fromhex("00" * 16), iterations=1000)
>>> digester.digest("q1", "value", "42") == digester.digest("q1", "value", "42")
True
>>> digester.digest("q1", "value", "42") == digester.digest("q2", "value", "42")
False
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

__all__ = ["DEFAULT_ITERATIONS", "KDF_NAME", "Digester"]

#: PBKDF2 rounds: about 6 ms a digest, enough to make guessing slow, cheap enough to check sets.
DEFAULT_ITERATIONS = 10_000

KDF_NAME = "pbkdf2_hmac_sha256"


@dataclass(frozen=True, slots=True)
class Digester:
    """Digests pieces of answers with one salt and iteration count."""

    salt: bytes
    iterations: int = DEFAULT_ITERATIONS

    def digest(self, question_id: str, part: str, value: str) -> str:
        """Hex digest of ``value`` as ``part`` of the answer to ``question_id``."""
        message = "\x1f".join((question_id, part, value)).encode("utf-8")
        return hashlib.pbkdf2_hmac("sha256", message, self.salt, self.iterations).hex()
