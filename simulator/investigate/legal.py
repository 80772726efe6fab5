"""The legal framework of a case, read from ``legal.json``: providers, retention and legal bases.

``legal.json`` is written by the case writer from the scenario's ``sources`` section. It is read
defensively: a missing file or key falls back to the defaults of the EU e-Evidence framework
(REALISM.md), so an older case still opens.

>>> framework = LegalFramework.from_dict({
...     "investigating_country": "IT",
...     "providers": [{"name": "Chatterbox", "kind": "messenger", "country": "IE"}],
...     "case_date": "2024-06-30",
... })
>>> framework.provider("chatterbox").end_to_end_encrypted
True
>>> framework.cross_border_instrument(framework.provider("Chatterbox"))
'european_production_order'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from simulator.investigate.errors import CaseError

__all__ = [
    "DATA_KINDS",
    "DEFAULT_LEGAL_BASES",
    "EU_COUNTRIES",
    "INSTRUMENTS",
    "LegalFramework",
    "ProviderInfo",
]

#: Kinds of provider data, each unlocked by its own legal bases.
DATA_KINDS: tuple[str, ...] = ("subscriber", "traffic", "content", "kyc", "transactions")

#: Every instrument a request may cite (the scenario schema's ``LegalBasis`` values).
INSTRUMENTS: tuple[str, ...] = (
    "preservation_order",
    "subscriber_request",
    "production_order",
    "european_production_order",
    "european_preservation_order",
    "mla_request",
    "court_order",
)

#: Used when ``legal.json`` has no ``legal_bases``: stricter orders for more intrusive data.
DEFAULT_LEGAL_BASES: dict[str, tuple[str, ...]] = {
    "subscriber": ("subscriber_request", "production_order"),
    "traffic": ("production_order", "court_order"),
    "content": ("court_order",),
    "kyc": ("production_order",),
    "transactions": ("production_order",),
}

#: EU member states (ISO 3166-1 alpha-2; Greece as ``GR``, its ISO code). Within the EU, the
#: e-Evidence orders apply; outside it, mutual legal assistance.
EU_COUNTRIES: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """A company that holds data, where it is seated and how long it keeps records."""

    name: str
    kind: str
    country: str
    retention_days: int = 180
    end_to_end_encrypted: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProviderInfo:
        """Build from a ``legal.json`` provider entry (messengers default to E2E encryption).

        >>> ProviderInfo.from_dict({"name": "Tel", "kind": "telecom", "country": "it"}).country
        'IT'
        """
        kind = str(data.get("kind", ""))
        encrypted = data.get("end_to_end_encrypted")
        if encrypted is None:
            # DESIGN.md: end-to-end encrypted messengers give providers metadata only.
            encrypted = kind == "messenger"
        return cls(
            name=str(data["name"]),
            kind=kind,
            country=str(data.get("country", "")).upper(),
            retention_days=int(data.get("retention_days", 180)),
            end_to_end_encrypted=bool(encrypted),
        )


@dataclass(frozen=True, slots=True)
class LegalFramework:
    """The request rules of one case."""

    investigating_country: str = "IT"
    preservation_days: int = 60
    legal_bases: dict[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_LEGAL_BASES)
    )
    providers: tuple[ProviderInfo, ...] = ()
    case_date: date | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LegalFramework:
        """Build from the parsed ``legal.json`` (missing keys take the defaults)."""
        bases = data.get("legal_bases") or DEFAULT_LEGAL_BASES
        case_date = data.get("case_date")
        return cls(
            investigating_country=str(data.get("investigating_country", "IT")).upper(),
            preservation_days=int(data.get("preservation_days", 60)),
            legal_bases={
                str(kind): tuple(str(b) for b in listed) for kind, listed in bases.items()
            },
            providers=tuple(ProviderInfo.from_dict(entry) for entry in data.get("providers", [])),
            case_date=date.fromisoformat(str(case_date)[:10]) if case_date else None,
        )

    @classmethod
    def load(cls, path: Path) -> LegalFramework:
        """Read ``legal.json``; a case without one gets the default framework and no providers."""
        if not path.exists():
            return cls()
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as error:
            raise CaseError(f"{path} is not a valid legal.json: {error}") from error

    def provider(self, name: str) -> ProviderInfo:
        """The provider called ``name`` (any letter case), or the only provider of kind ``name``."""
        wanted = str(name).strip().casefold()
        for provider in self.providers:
            if provider.name.casefold() == wanted:
                return provider
        of_kind = [provider for provider in self.providers if provider.kind.casefold() == wanted]
        if len(of_kind) == 1:
            return of_kind[0]
        known = ", ".join(f"{p.name} ({p.kind})" for p in self.providers) or "none"
        raise LookupError(f"no provider called {name!r} in this case; known providers: {known}")

    def cross_border_instrument(
        self, provider: ProviderInfo, *, preserve: bool = False
    ) -> str | None:
        """The instrument a request to ``provider`` needs on top of the domestic basis, or None.

        >>> home = ProviderInfo("Tel", "telecom", "IT")
        >>> LegalFramework().cross_border_instrument(home) is None
        True
        >>> LegalFramework().cross_border_instrument(ProviderInfo("X", "exchange", "SC"))
        'mla_request'
        """
        if provider.country == self.investigating_country:
            return None
        if provider.country in EU_COUNTRIES and self.investigating_country in EU_COUNTRIES:
            return "european_preservation_order" if preserve else "european_production_order"
        return "mla_request"

    def bases_for(self, kind: str) -> tuple[str, ...]:
        """The domestic legal bases that unlock ``kind`` data (empty when none is defined)."""
        return tuple(self.legal_bases.get(kind, ()))
