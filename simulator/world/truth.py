"""The truth tier: tables an instructor's answer key and the consistency checks rely on.

``persons``, ``ties``, ``ownership``, ``journeys``, ``payments`` and ``events``, each sorted
deterministically. Persons of every kind are included (members, migrants, family payers, mules,
benign actors, marketplace sellers) with ``kind`` telling them apart and ``role`` naming the role.

Examples
--------
>>> from simulator.world.model import SmugglingModel
>>> model = SmugglingModel(seed=2)
>>> model.run()
>>> tables = truth_tables(model)
>>> sorted(tables)
['events', 'journeys', 'ownership', 'payments', 'persons', 'ties']
>>> bool(tables["persons"]["person_id"].is_unique)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from simulator.world.model import SmugglingModel

__all__ = ["PERSON_COLUMNS", "persons_table", "place_positions", "ties_table", "truth_tables"]

PERSON_COLUMNS = (
    "person_id",
    "role",
    "kind",
    "is_migrant",
    "name",
    "name_variants",
    "nationality",
    "languages",
    "base_place",
    "stage",
    "cell",
    "arrested",
    "route",
    "recruiter",
    "heard_via",
    "outcome",
    "budget_eur",
    "family_of",
)


def persons_table(model: SmugglingModel) -> pd.DataFrame:
    """One row per person of any kind, sorted by ``person_id``."""
    rows = [person.record() for _, person in sorted(model.persons.items())]
    frame = pd.DataFrame.from_records(rows)
    for column in PERSON_COLUMNS:
        if column not in frame:
            frame[column] = None
    frame["is_migrant"] = frame["kind"] == "migrant"
    frame = frame[list(PERSON_COLUMNS)]
    for column in PERSON_COLUMNS:
        if column in {"is_migrant"}:
            continue
        if column == "cell":
            frame[column] = pd.array(frame[column], dtype="Int64")
        elif column == "budget_eur":
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif column == "arrested":
            frame[column] = frame[column].astype("boolean")
        else:
            frame[column] = frame[column].astype("str")
    return frame.reset_index(drop=True)


def ties_table(model: SmugglingModel) -> pd.DataFrame:
    """The smuggler tie network: one row per tie (source < target), kind and first day seen."""
    rows = []
    for a, b, data in model.graph.edges(data=True):
        source, target = sorted((str(a), str(b)))
        rows.append(
            {
                "source": source,
                "target": target,
                "kind": str(data.get("kind", "")),
                "first_seen": int(data.get("first_seen", 0)),
            }
        )
    frame = pd.DataFrame(rows, columns=["source", "target", "kind", "first_seen"])
    frame = frame.astype({"source": "str", "target": "str", "kind": "str", "first_seen": "int64"})
    return frame.sort_values(["source", "target"], kind="stable", ignore_index=True)


def place_positions(model: SmugglingModel) -> dict[str, tuple[float, float]]:
    """``(lat, lon)`` of each scenario place by name: where events with a place but no position are.

    The model gives the same mapping when it compacts its event log each morning.
    """
    return {name: (place.lat, place.lon) for name, place in model.places.items()}


def truth_tables(model: SmugglingModel, *, events: bool = True) -> dict[str, pd.DataFrame]:
    """All truth tables of a finished model; without ``events`` when the log's rows were handed
    on as it ran (:meth:`simulator.world.events.EventLog.spill_to`)."""
    start = model.spec.period.start
    tables = {
        "persons": persons_table(model),
        "ties": ties_table(model),
        "ownership": model.owners.to_frame(start),
        "journeys": model.journeys.to_frame(start),
        "payments": model.ledger.to_frame(start),
    }
    if events:
        tables["events"] = model.log.to_frame(place_positions(model))
    return tables
