"""Errors the trainee toolkit raises: one clear sentence each, saying what to do instead.

>>> str(CaseError("no such case"))
'no such case'
>>> issubclass(AccessDenied, CaseError)
True
"""

from __future__ import annotations

__all__ = ["AccessDenied", "CaseError", "EvidenceError"]


class CaseError(Exception):
    """A case cannot be found, read, or used the way it was asked."""


class AccessDenied(CaseError):
    """A table exists but is not reachable this way (provider data, truth tables)."""


class EvidenceError(CaseError):
    """An evidence item cannot be stored, verified or exported as asked."""
