"""The trainee toolkit: open a case, ask providers lawfully, examine seized items, keep evidence.

It loads data, gates lawful access, keeps evidence; it does not solve the case (trainees use
pandas, DuckDB SQL, networkx and matplotlib themselves). It reads case files only and never
imports the simulator internals, so a trainee release needs nothing else.
"""

from simulator.investigate.audit import AuditLog
from simulator.investigate.case import SEIZURES_TABLE, Case, open_case
from simulator.investigate.devices import Extraction
from simulator.investigate.errors import AccessDenied, CaseError, EvidenceError
from simulator.investigate.evidence import EvidenceItem, EvidenceLocker
from simulator.investigate.legal import EU_COUNTRIES, LegalFramework, ProviderInfo
from simulator.investigate.report import VerifyReport
from simulator.investigate.requests import RequestResult
from simulator.investigate.rules import MAX_TARGETS

__all__ = [
    "EU_COUNTRIES",
    "MAX_TARGETS",
    "SEIZURES_TABLE",
    "AccessDenied",
    "AuditLog",
    "Case",
    "CaseError",
    "EvidenceError",
    "EvidenceItem",
    "EvidenceLocker",
    "Extraction",
    "LegalFramework",
    "ProviderInfo",
    "RequestResult",
    "VerifyReport",
    "open_case",
]
