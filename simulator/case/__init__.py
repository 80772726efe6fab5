"""Case folders: writing them atomically, their manifest, verifying them, and trainee releases.

A case is ``<folder>/<tier>/<table>.parquet`` for the tiers ``open``, ``provider``, ``seized`` and
``truth``, plus ``manifest.json``. This package knows nothing of the world model or observers: it
writes whatever tables it is given.
"""

from simulator.case.atomic import CaseExistsError, check_target
from simulator.case.manifest import (
    CATALOG_NAME,
    MANIFEST_NAME,
    CaseInfo,
    Column,
    FileEntry,
    Manifest,
    ManifestError,
    TableEntry,
    scenario_digest,
)
from simulator.case.parquet import TableLike, TableStream
from simulator.case.release import ANSWERS_NAME, AnswerStep, ReleaseError, release_case
from simulator.case.tiers import TIERS, TRAINEE_TIERS, TRUTH
from simulator.case.verify import Problem, VerifyReport, verify_case
from simulator.case.writer import InTurn, Progress, write_case

__all__ = [
    "ANSWERS_NAME",
    "CATALOG_NAME",
    "MANIFEST_NAME",
    "TIERS",
    "TRAINEE_TIERS",
    "TRUTH",
    "AnswerStep",
    "CaseExistsError",
    "CaseInfo",
    "Column",
    "FileEntry",
    "InTurn",
    "Manifest",
    "ManifestError",
    "Problem",
    "Progress",
    "ReleaseError",
    "TableEntry",
    "TableLike",
    "TableStream",
    "VerifyReport",
    "check_target",
    "release_case",
    "scenario_digest",
    "verify_case",
    "write_case",
]
