"""The lawful-request rules as pure functions: a request form in, a decision with its reasons out.

Checks, in the order a prosecutor would make them: is the provider known, is the data kind one it
holds, is the legal basis fitting for that kind (subscriber < traffic < content), is a cross-border
instrument cited for a provider seated abroad, is content asked of an end-to-end encrypted service,
and is the request proportionate (a stated reason, a named target, not too many targets). Every
problem found is reported, so a refusal says everything that is wrong at once.

>>> from simulator.investigate.legal import LegalFramework, ProviderInfo
>>> law = LegalFramework(providers=(ProviderInfo("Tel", "telecom", "IT"),))
>>> decision = decide_request(law, "Tel", "traffic", "+39 3XX 000 0001",
...     basis="subscriber_request", reason="number in smuggling advert 12",
...     held_kinds={"subscriber", "traffic"})
>>> decision.granted
False
>>> print(decision.reason)
refused: a subscriber_request does not cover traffic data (see case.legal_bases())
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.investigate.legal import DATA_KINDS, INSTRUMENTS, LegalFramework, ProviderInfo

__all__ = [
    "MAX_TARGETS",
    "MIN_REASON_WORDS",
    "Decision",
    "decide_preservation",
    "decide_request",
    "normalise_kind",
    "parse_basis",
    "parse_targets",
    "proportionality_problems",
]

#: More targets than this in one request is a fishing expedition, not a targeted request.
MAX_TARGETS = 5

#: A reason shorter than this many words cannot say why this target and which offence.
MIN_REASON_WORDS = 3

# Targets that name everyone rather than someone.
_BROAD_WORDS = frozenset(
    {
        "all",
        "any",
        "everyone",
        "everybody",
        "all users",
        "all accounts",
        "all subscribers",
        "all numbers",
        "everything",
        "null",
        "none",
        "*",
        "%",
        "?",
    }
)
_WILDCARD = re.compile(r"[*%?]|\.\*")

_KIND_ALIASES = {
    "subscriber_data": "subscriber",
    "traffic_data": "traffic",
    "content_data": "content",
    "metadata": "traffic",
    "kyc_data": "kyc",
    "transaction": "transactions",
    "transaction_data": "transactions",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """Granted when ``problems`` is empty; ``reason`` is the sentence shown to the trainee."""

    problems: tuple[str, ...]

    @property
    def granted(self) -> bool:
        """True when the request passes every rule."""
        return not self.problems

    @property
    def reason(self) -> str:
        """``granted`` or ``refused: ...`` with every problem, separated by semicolons."""
        return "granted" if self.granted else "refused: " + "; ".join(self.problems)


def normalise_kind(kind: str) -> str:
    """Accept ``"traffic_data"`` or ``"Traffic"`` for ``"traffic"``.

    >>> normalise_kind("Traffic_Data")
    'traffic'
    """
    cleaned = str(kind).strip().casefold().replace("-", "_").replace(" ", "_")
    return _KIND_ALIASES.get(cleaned, cleaned)


def parse_basis(basis: str | Iterable[str] | None) -> tuple[str, ...]:
    """The instruments cited: a string (``"a+b"`` or ``"a, b"`` for several) or a list.

    >>> parse_basis("court_order + mla_request")
    ('court_order', 'mla_request')
    """
    if basis is None:
        return ()
    pieces = re.split(r"[+,]", basis) if isinstance(basis, str) else [str(b) for b in basis]
    cleaned = (piece.strip().casefold().replace("-", "_").replace(" ", "_") for piece in pieces)
    return tuple(dict.fromkeys(piece for piece in cleaned if piece))


def parse_targets(target: object) -> tuple[str, ...]:
    """One identifier or a list of them, as stripped strings (an empty tuple for nothing).

    >>> parse_targets(["@eagle1", " +00 123 "])
    ('@eagle1', '+00 123')
    """
    if target is None:
        return ()
    if isinstance(target, str | int):
        items: Iterable[object] = [target]
    elif isinstance(target, Iterable):
        items = target
    else:
        items = [target]
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def proportionality_problems(
    targets: tuple[str, ...], reason: str | None, provider: ProviderInfo | None
) -> list[str]:
    """Why a request would be disproportionate (no reason, no target, too broad a target).

    >>> for problem in proportionality_problems(("*",), "advert 3 lists this number", None):
    ...     print(problem)
    disproportionate: target '*' is a wildcard or names everyone; name specific identifiers
    """
    problems: list[str] = []
    words = str(reason or "").split()
    if not words:
        problems.append(
            "disproportionate: no reason given (say why this target, for which offence)"
        )
    elif len(words) < MIN_REASON_WORDS:
        problems.append(
            f"disproportionate: the reason {reason!r} is too vague "
            "(say why this target, for which offence)"
        )
    if not targets:
        problems.append("disproportionate: no target named (give the identifier(s) you need)")
    if len(targets) > MAX_TARGETS:
        problems.append(
            f"disproportionate: {len(targets)} targets in one request (at most {MAX_TARGETS}); "
            "request only the identifiers the investigation needs"
        )
    platform_names = {provider.name.casefold(), provider.kind.casefold()} if provider else set()
    for target in targets:
        lowered = target.casefold()
        if lowered in _BROAD_WORDS or _WILDCARD.search(target):
            problems.append(
                f"disproportionate: target {target!r} is a wildcard or names everyone; "
                "name specific identifiers"
            )
        elif lowered in platform_names:
            problems.append(
                f"disproportionate: target {target!r} is the whole platform, not a user of it"
            )
    return problems


def _provider_problems(law: LegalFramework, name: str) -> tuple[ProviderInfo | None, list[str]]:
    try:
        return law.provider(name), []
    except LookupError as error:
        return None, [str(error)]


def _unknown_instruments(bases: tuple[str, ...]) -> list[str]:
    return [
        f"unknown legal basis {basis!r} (instruments: {', '.join(INSTRUMENTS)})"
        for basis in bases
        if basis not in INSTRUMENTS
    ]


#: Instruments that carry an order across a border; they never replace the domestic order itself.
CROSS_BORDER: frozenset[str] = frozenset(
    {"european_production_order", "european_preservation_order", "mla_request"}
)


def domestic_bases(law: LegalFramework, kind: str) -> set[str]:
    """The orders that cover ``kind`` data at home; a cross-border instrument only carries one.

    A scenario may list the European order or MLA next to the domestic orders for a data kind;
    they still need the domestic order they transmit (a subscriber request does not become a
    traffic order by being sent abroad). Only when a kind lists nothing but instruments do they
    count on their own.

    >>> from simulator.investigate.legal import LegalFramework
    >>> law = LegalFramework(legal_bases={"traffic": ("production_order", "mla_request")})
    >>> sorted(domestic_bases(law, "traffic"))
    ['production_order']
    """
    listed = set(law.bases_for(kind))
    return (listed - CROSS_BORDER) or listed


def _cross_border_problems(
    law: LegalFramework, provider: ProviderInfo, bases: tuple[str, ...], *, preserve: bool
) -> list[str]:
    needed = law.cross_border_instrument(provider, preserve=preserve)
    if needed is None or needed in bases:
        return []
    where = "another EU member state" if needed.startswith("european") else "outside the EU"
    return [
        f"{provider.name} is seated in {provider.country} ({where}), not in "
        f"{law.investigating_country}: a cross-border request needs a {needed}"
    ]


def decide_request(
    law: LegalFramework,
    provider_name: str,
    kind: str,
    target: object,
    *,
    basis: str | Iterable[str] | None,
    reason: str | None,
    held_kinds: Iterable[str],
) -> Decision:
    """Decide a production request; ``held_kinds`` are the data kinds the provider's tables hold."""
    provider, problems = _provider_problems(law, provider_name)
    kind = normalise_kind(kind)
    bases = parse_basis(basis)
    problems += _unknown_instruments(bases)
    if kind not in DATA_KINDS:
        problems.append(f"unknown data kind {kind!r} (kinds: {', '.join(DATA_KINDS)})")
    elif provider is not None:
        if provider.end_to_end_encrypted and kind == "content":
            problems.append(
                f"{provider.name} is end-to-end encrypted: the provider holds no message content "
                "(content exists only on seized devices)"
            )
        elif kind not in set(held_kinds):
            problems.append(f"{provider.name} ({provider.kind}) holds no {kind} data")
        if not bases:
            problems.append(f"no legal basis cited for {kind} data")
        elif not set(bases) & domestic_bases(law, kind):
            cited = " + ".join(bases)
            problems.append(f"a {cited} does not cover {kind} data (see case.legal_bases())")
        problems += _cross_border_problems(law, provider, bases, preserve=False)
    problems += proportionality_problems(parse_targets(target), reason, provider)
    return Decision(tuple(problems))


def decide_preservation(
    law: LegalFramework,
    provider_name: str,
    target: object,
    *,
    basis: str | Iterable[str] | None,
    reason: str | None,
) -> Decision:
    """Decide a preservation request (a ``preservation_order``, or the European one abroad).

    >>> from simulator.investigate.legal import LegalFramework, ProviderInfo
    >>> law = LegalFramework(providers=(ProviderInfo("Tel", "telecom", "IT"),))
    >>> decide_preservation(law, "Tel", "+00 1", basis="preservation_order",
    ...     reason="number seen in advert 4").granted
    True
    """
    provider, problems = _provider_problems(law, provider_name)
    bases = parse_basis(basis)
    problems += _unknown_instruments(bases)
    if provider is not None:
        if not bases:
            problems.append("no legal basis cited for preservation")
        elif not {"preservation_order", "european_preservation_order"} & set(bases):
            problems.append(
                f"a {' + '.join(bases)} is not a preservation order "
                "(preserve with a preservation_order, or its European counterpart)"
            )
        problems += _cross_border_problems(law, provider, bases, preserve=True)
    problems += proportionality_problems(parse_targets(target), reason, provider)
    return Decision(tuple(problems))
