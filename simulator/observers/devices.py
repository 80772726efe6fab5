"""Seized phones: what a forensic extraction of each handset shows, and the seizure records.

Only handsets and notebooks named by the scenario's ``seizure`` events exist here, with content
up to the moment of the seizure. A handset is identified by its IMEI: it holds the messenger chats
sent and received on it (readable, because end-to-end encryption ends on the phone), the calls it
made and took, the contacts the owner saved, photos (those taken with its camera carry EXIF GPS
and a local EXIF time; pictures received through the messenger have their metadata stripped), and
notes the owner typed (trip lists, code words).

The ``seizures`` table records each seizure as police wrote it up: date, place, what was seized,
the item's id, and the person it was taken from by the name on the report (a spelling variant,
in capitals), never by their role in the network.

Imperfections: some chat messages were deleted by the owner and only recovered (``deleted``),
more so with a careful (high-OPSEC) network; EXIF times are local wall-clock times without zone.

Example
-------
>>> [spec.name for spec in TABLES][:2]
['seizures', 'device_chats']
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.hawala import ledger_id_for
from simulator.observers.imperfection import conform, local_time, variant_name, zone_for
from simulator.observers.lookup import Person, details, details_of, persons, place_countries, text
from simulator.observers.messenger import device_model
from simulator.observers.phrasebook import chat_language, render

__all__ = ["DELETION_RATE", "TABLES", "observe"]

#: Share of chat messages the owner deleted (recovered by the extraction), by network OPSEC.
DELETION_RATE = {"low": 0.03, "medium": 0.10, "high": 0.25}
#: Chance that the owner photographs a place they pass through with a purpose (departure...).
PHOTO_RATE = 0.3
#: Chance of a photo where the owner merely is on an ordinary day (a safe house, a boat, a car).
ROUTINE_PHOTO_RATE = 0.04

_DEVICE = Column("device_id", "string", "the seized handset (see the seizures table)")
_SEIZED = ("Extraction content exists only up to the moment of the seizure.",)

SEIZURES = TableSpec(
    name="seizures",
    tier="seized",
    description="Phones and notebooks seized by police, as recorded in the seizure reports.",
    imitates="police seizure reports (exhibit list)",
    columns=(
        Column("seizure_id", "string", "exhibit number"),
        Column("date", "string", "date of the seizure (YYYY-MM-DD, local)"),
        Column("place", "string", "where it was seized"),
        Column("what", "string", "phone or hawala_ledger"),
        Column("device_id", "string", "the handset's extraction id (phones)"),
        Column("ledger_id", "string", "the notebook's id (hawala ledgers)"),
        Column("imei", "string", "IMEI read from the handset (phones)"),
        Column("sim_msisdn", "string", "number of the SIM found in the handset (phones)"),
        Column("seized_from", "string", "name of the person it was seized from, as reported"),
        Column("with_arrest", "bool", "seized during an arrest"),
    ),
)

CHATS = TableSpec(
    name="device_chats",
    tier="seized",
    description="Messenger chats extracted from seized phones, with their text.",
    imitates="a forensic phone extraction report (chats section)",
    columns=(
        _DEVICE,
        Column("app", "string", "messaging app"),
        Column("thread", "string", "conversation or group id"),
        Column("time", "timestamp", "when the message was sent (UTC)"),
        Column("direction", "string", "outgoing or incoming"),
        Column("sender", "string", "sending account"),
        Column("recipient", "string", "receiving account (empty for a group)"),
        Column("group", "string", "group id (empty for a one-to-one chat)"),
        Column("contact_name", "string", "the other party as saved in the phone's contacts"),
        Column("type", "string", "text, voice or image"),
        Column("text", "string", "message text (voice and image messages: the caption)"),
        Column("deleted", "bool", "deleted by the user and recovered by the extraction"),
    ),
    notes=_SEIZED,
)

CONTACTS = TableSpec(
    name="device_contacts",
    tier="seized",
    description="Contacts saved in seized phones.",
    imitates="a forensic phone extraction report (contacts section)",
    columns=(
        _DEVICE,
        Column("contact_name", "string", "name as saved by the owner"),
        Column("phone", "string", "phone number"),
        Column("messenger_account", "string", "messenger account linked to the contact"),
        Column("first_contact", "timestamp", "first call or message with the contact (UTC)"),
    ),
    notes=_SEIZED,
)

CALL_LOG = TableSpec(
    name="device_call_log",
    tier="seized",
    description="Call log of seized phones.",
    imitates="a forensic phone extraction report (call log section)",
    columns=(
        _DEVICE,
        Column("time", "timestamp", "start of the call (UTC)"),
        Column("direction", "string", "outgoing or incoming"),
        Column("number", "string", "the other party's number"),
        Column("contact_name", "string", "the other party as saved in contacts"),
        Column("duration_s", "int64", "duration in seconds"),
    ),
    notes=_SEIZED,
)

PHOTOS = TableSpec(
    name="device_photos",
    tier="seized",
    description="Pictures on seized phones with their EXIF metadata.",
    imitates="a forensic phone extraction report (media section with EXIF)",
    columns=(
        _DEVICE,
        Column("filename", "string", "file name"),
        Column("time", "timestamp", "file time (UTC)"),
        Column("exif_time", "local_timestamp", "EXIF DateTimeOriginal (local, no zone)"),
        Column("exif_lat", "float64", "EXIF GPS latitude (empty if stripped)"),
        Column("exif_lon", "float64", "EXIF GPS longitude (empty if stripped)"),
        Column("camera_model", "string", "EXIF camera model (empty if stripped)"),
        Column("source", "string", "camera or received (through the messenger)"),
    ),
    notes=_SEIZED,
)

NOTES = TableSpec(
    name="device_notes",
    tier="seized",
    description="Notes typed into seized phones.",
    imitates="a forensic phone extraction report (notes section)",
    columns=(
        _DEVICE,
        Column("note_id", "string", "note id"),
        Column("created", "timestamp", "when the note was created (UTC)"),
        Column("modified", "timestamp", "when it was last changed (UTC)"),
        Column("title", "string", "first line"),
        Column("text", "string", "the note"),
    ),
    notes=_SEIZED,
)

TABLES: tuple[TableSpec, ...] = (SEIZURES, CHATS, CONTACTS, CALL_LOG, PHOTOS, NOTES)


class _Phonebook:
    """How one owner saved the people they talk to (built as they first appear)."""

    def __init__(self, people: dict[str, Person], codes: dict[str, str], rng: np.random.Generator):
        self.people = people
        self.codes = codes
        self.rng = rng
        self.names: dict[str, str] = {}
        self.rows: dict[str, dict[str, object]] = {}

    def name(self, person_id: str, phone: str, account: str, when: pd.Timestamp) -> str:
        if person_id not in self.names:
            person = self.people.get(person_id)
            if person_id in self.codes:
                saved = self.codes[person_id]
            elif person is not None:
                first = variant_name(person.first_name, self.rng, (), typo_rate=0.05)
                extra = int(self.rng.integers(4))
                saved = (first, f"{first} {person.base_place}", f"{first} 2", f"{first} 📞")[extra]
            else:
                saved = phone or account
            self.names[person_id] = saved
        row = self.rows.setdefault(
            person_id, {"contact_name": self.names[person_id], "first_contact": when}
        )
        if phone and not row.get("phone"):
            row["phone"] = phone
        if account and not row.get("messenger_account"):
            row["messenger_account"] = account
        return self.names[person_id]


def _codes(view: WorldView) -> dict[str, str]:
    ownership = view.truth.get("ownership")
    if ownership is None or ownership.empty:
        return {}
    rows = ownership[ownership["identifier_kind"].astype(str) == "hawala_code_name"]
    return dict(zip(rows["person_id"].astype(str), rows["identifier"].astype(str), strict=True))


class _Log:
    """The events of one kind, indexed by the values that pick a phone's records.

    Built once per observation: each seized phone then finds its records through the indexes,
    in time proportional to its own records, instead of filtering the whole event table again.
    Positions are the log's own, and the columns are the log's, not copies: the messages,
    calls and pings of a large case are most of its events (at x125, copying the columns read
    took 700 MB).
    """

    def __init__(self, view: WorldView, kind: str) -> None:
        self.view = view
        self.positions = view.kind_rows(kind)
        events = view.events
        self.arrays = {name: events[name].array for name in _READ if name in events.columns}
        self.time = self.arrays["time"]
        # Column -> value -> positions, each built when first asked for.
        self.index: dict[str, dict[object, np.ndarray]] = {}

    def _where(self, column: str, value: str) -> np.ndarray:
        """Positions (ascending) of the events whose ``column`` equals ``value``."""
        if column not in self.index:
            values = self.view.events[column].iloc[self.positions]
            self.index[column] = {key: self.positions[at] for key, at in _positions(values).items()}
        return self.index[column].get(value, _NONE)

    def _until(self, positions: np.ndarray, until: pd.Timestamp) -> np.ndarray:
        """Those of ``positions`` at or before ``until``."""
        if positions.size == 0:
            return positions
        return positions[np.asarray(self.time[positions] <= until)]

    def on_handset(self, imei: str, owner: str, until: pd.Timestamp) -> np.ndarray:
        """Positions of the events sent or received on the handset ``imei`` up to ``until``.

        Without an IMEI, the events the ``owner`` sent or received.
        """
        if imei:
            mine = np.union1d(self._where("actor_imei", imei), self._where("target_imei", imei))
        else:
            mine = np.union1d(self._where("actor", owner), self._where("target", owner))
        return self._until(mine, until)

    def sent_by(self, owner: str, until: pd.Timestamp, imei: str = "") -> np.ndarray:
        """Positions of the events ``owner`` sent up to ``until`` (from handset ``imei`` if set)."""
        mine = self._where("actor", owner)
        if imei:
            mine = np.intersect1d(mine, self._where("actor_imei", imei))
        return self._until(mine, until)

    def rows(self, positions: np.ndarray, *names: str) -> list[Any]:
        """The events at ``positions`` as named tuples of the columns ``names`` (as itertuples
        gives them, reading each column once)."""
        columns = (self.arrays[name].take(positions).tolist() for name in names)
        return list(map(_event_type(names)._make, zip(*columns, strict=True)))

    def details(self, positions: np.ndarray) -> list[dict[str, Any]]:
        """The parsed details at ``positions`` (shared dicts: read only)."""
        if "detail" not in self.arrays:
            return [{} for _ in range(len(positions))]
        return details_of(self.view, self.arrays["detail"].take(positions).tolist())


_NONE = np.array([], dtype=np.intp)


@lru_cache(maxsize=32)
def _event_type(names: tuple[str, ...]) -> type:
    """The named-tuple type of an event read with the columns ``names``."""
    return namedtuple("Event", names)


def _positions(values: pd.Series) -> dict[object, np.ndarray]:
    """Each value of ``values`` -> the positions where it occurs, ascending (missing left out)."""
    codes, uniques = pd.factorize(values)
    # Stable sort by code keeps each value's positions in log order; missing values (code -1)
    # sort first and are skipped by the bounds.
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {value: order[bounds[k] : bounds[k + 1]] for k, value in enumerate(uniques.tolist())}


#: The event columns a phone extraction reads.
_READ = (
    "time", "actor", "target", "actor_imei", "target_imei", "actor_phone", "target_phone",
    "actor_account", "target_account", "lat", "lon", "place", "detail",
)  # fmt: skip


def _chats(
    view: WorldView, log: _Log, device: str, imei: str, owner: str, until: pd.Timestamp,
    book: _Phonebook, rng: np.random.Generator,
) -> list[dict[str, object]]:  # fmt: skip
    people = book.people
    messenger = getattr(getattr(view.scenario, "online", None), "messenger", "") or "messenger"
    opsec = str(getattr(getattr(view.scenario, "network", None), "opsec", "low"))
    deletion = DELETION_RATE.get(opsec.rsplit(".", 1)[-1].lower(), 0.03)
    mine = log.on_handset(imei, owner, until)
    columns = ("time", "actor", "target", "actor_imei", "actor_phone", "target_phone",
               "actor_account", "target_account")  # fmt: skip
    rows: list[dict[str, object]] = []
    for event, info in zip(log.rows(mine, *columns), log.details(mine), strict=True):
        outgoing = text(event.actor_imei) == imei if imei else text(event.actor) == owner
        other = text(event.target) if outgoing else text(event.actor)
        other_phone = text(event.target_phone) if outgoing else text(event.actor_phone)
        other_account = text(event.target_account) if outgoing else text(event.actor_account)
        contact = book.name(other, other_phone, other_account, event.time) if other else ""
        sender, receiver = people.get(text(event.actor)), people.get(text(event.target))
        language = chat_language(
            sender.languages if sender else (), receiver.languages if receiver else ()
        )
        media = text(info.get("media")) or "text"
        rows.append(
            {
                "device_id": device,
                "app": messenger,
                "thread": text(info.get("thread")) or text(info.get("group")),
                "time": event.time,
                "direction": "outgoing" if outgoing else "incoming",
                "sender": text(event.actor_account) or None,
                "recipient": text(event.target_account) or None,
                "group": text(info.get("group")) or None,
                "contact_name": contact or None,
                "type": "voice" if media == "voice" else "image" if media == "image" else "text",
                "text": render(text(info.get("summary")), language, info),
                "deleted": bool(rng.random() < deletion),
                "code_word": text(info.get("code_word")),
            }
        )
    return rows


def _calls(
    log: _Log, device: str, imei: str, owner: str, until: pd.Timestamp, book: _Phonebook
) -> list[dict[str, object]]:
    mine = log.on_handset(imei, owner, until)
    columns = ("time", "actor", "target", "actor_imei", "actor_phone", "target_phone")
    rows: list[dict[str, object]] = []
    for event, info in zip(log.rows(mine, *columns), log.details(mine), strict=True):
        outgoing = text(event.actor_imei) == imei if imei else text(event.actor) == owner
        other = text(event.target) if outgoing else text(event.actor)
        number = text(event.target_phone) if outgoing else text(event.actor_phone)
        rows.append(
            {
                "device_id": device,
                "time": event.time,
                "direction": "outgoing" if outgoing else "incoming",
                "number": number or None,
                "contact_name": book.name(other, number, "", event.time) if other else None,
                "duration_s": int(info.get("duration_s") or 0),
            }
        )
    return rows


def _photos(
    messages: _Log, pings: _Log, countries: dict[str, str], device: str, imei: str, owner: str,
    until: pd.Timestamp, rng: np.random.Generator,
) -> list[dict[str, object]]:  # fmt: skip
    rows: list[dict[str, object]] = []
    columns = ("time", "actor_imei", "lat", "lon", "place", "detail")
    for event in messages.rows(messages.on_handset(imei, owner, until), *columns):
        # Pictures only (the test str.contains made on the raw detail: missing is no picture).
        if not (isinstance(event.detail, str) and '"media":"image"' in event.detail):
            continue
        sent = text(event.actor_imei) == imei
        rows.append(
            {"device_id": device, "time": event.time, "source": "camera" if sent else "received",
             "exif_lat": event.lat if sent else None, "exif_lon": event.lon if sent else None,
             "camera_model": device_model(imei) if sent else None,
             "zone": zone_for(countries.get(text(event.place), ""))}
        )  # fmt: skip
    walked = pings.sent_by(owner, until, imei)
    for event, info in zip(
        pings.rows(walked, "time", "lat", "lon", "place"), pings.details(walked), strict=True
    ):
        rate = ROUTINE_PHOTO_RATE if info.get("reason") == "routine" else PHOTO_RATE
        if rng.random() >= rate:
            continue
        taken = event.time + pd.Timedelta(seconds=int(rng.integers(5, 900)))
        rows.append(
            {"device_id": device, "time": taken,
             "source": "camera", "exif_lat": event.lat, "exif_lon": event.lon,
             "camera_model": device_model(imei),
             "zone": zone_for(countries.get(text(event.place), ""))}
        )  # fmt: skip
    return rows


def _notes(device: str, chats: list[dict[str, object]], messages: _Log, owner_person: Person | None,
           owner: str, until: pd.Timestamp) -> list[dict[str, object]]:  # fmt: skip
    """Trip lists from the owner's logistics messages and a list of code words seen."""
    sent = messages.sent_by(owner, until)
    rows: list[dict[str, object]] = []
    trips = [
        (event.time, info) for event, info in zip(messages.rows(sent, "time"),
                                                  messages.details(sent), strict=True)
        if info.get("type") == "logistics"
    ]  # fmt: skip
    if trips:
        language = owner_person.languages[0] if owner_person and owner_person.languages else "en"
        lines = [f"{when:%d/%m} {render(text(info.get('summary')), language, {})}"
                 for when, info in trips]  # fmt: skip
        rows.append({"device_id": device, "note_id": f"{device[:8]}-n1", "created": trips[0][0],
                     "modified": trips[-1][0], "title": "trips",
                     "text": "trips\n" + "\n".join(lines)})  # fmt: skip
    # The owner jots down every code word that passed through the chats, with who sent it.
    codes = [(c["time"], c["code_word"], c["contact_name"]) for c in chats if c.get("code_word")]
    if codes:
        lines = [f"{code} {name or ''}".strip() for _when, code, name in codes]
        rows.append({"device_id": device, "note_id": f"{device[:8]}-n2", "created": codes[0][0],
                     "modified": codes[-1][0], "title": "codes",
                     "text": "codes\n" + "\n".join(dict.fromkeys(lines))})  # fmt: skip
    return rows


def _seizure_row(
    event: Any, info: dict[str, object], people: dict[str, Person], zone: str,
    rng: np.random.Generator,
) -> dict[str, object]:  # fmt: skip
    """The seizure report: who it was taken from by name as written, never by role."""
    person = people.get(text(event.actor))
    name = (
        variant_name(person.name, rng, person.variants, variant_rate=0.5, typo_rate=0.05,
                     case="upper")
        if person is not None
        else "UNKNOWN"
    )  # fmt: skip
    what = text(info.get("what"))
    when = local_time(pd.Series([event.time]), zone).iloc[0]
    phone = what == "phone"
    ledger = ledger_id_for(text(event.actor_wallet), int(event.event_id))
    return {
        "seizure_id": f"EX-{int(event.event_id):06d}",
        "date": f"{when:%Y-%m-%d}",
        "place": text(event.place) or None,
        "what": what,
        "device_id": (text(event.device) or None) if phone else None,
        "ledger_id": ledger if what == "hawala_ledger" else None,
        "imei": (text(event.actor_imei) or None) if phone else None,
        "sim_msisdn": (text(event.actor_phone) or None) if phone else None,
        "seized_from": name,
        "with_arrest": bool(info.get("with_arrest")),
    }


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The seizure records and every seized phone's extraction (see :data:`TABLES`)."""
    rng = view.rng("devices")
    people = persons(view.truth)
    codes = _codes(view)
    countries = place_countries(view.scenario)
    tables: dict[str, list[dict[str, object]]] = {spec.name: [] for spec in TABLES}
    seizures = view.of_kind("seizure")
    # The message, call and location logs, read when the first phone needs them.
    logs: dict[str, _Log] | None = None
    for event, info in zip(seizures.itertuples(index=False), details(seizures), strict=True):
        zone = zone_for(countries.get(text(event.place), ""))
        tables[SEIZURES.name].append(_seizure_row(event, info, people, zone, rng))
        device = text(event.device)
        if info.get("what") != "phone" or not device:
            continue
        owner, imei = text(event.actor), text(event.actor_imei)
        book = _Phonebook(people, codes, rng)
        if logs is None:
            logs = {kind: _Log(view, kind) for kind in ("message", "call", "location")}
        messages, until = logs["message"], event.time
        chats = _chats(view, messages, device, imei, owner, until, book, rng)
        tables[CHATS.name] += chats
        tables[CALL_LOG.name] += _calls(logs["call"], device, imei, owner, until, book)
        tables[PHOTOS.name] += _photos(
            messages, logs["location"], countries, device, imei, owner, until, rng
        )
        tables[NOTES.name] += _notes(device, chats, messages, people.get(owner), owner, until)
        tables[CONTACTS.name] += [{"device_id": device, **row} for row in book.rows.values()]
    photos = pd.DataFrame(tables[PHOTOS.name])
    if not photos.empty:
        photos["exif_time"] = pd.concat(
            [local_time(part["time"], str(z)) for z, part in photos.groupby("zone", sort=True)]
        ).sort_index()
        photos = photos.sort_values(["device_id", "time"], kind="stable")
        photos["filename"] = [f"IMG_{t:%Y%m%d_%H%M%S}.jpg" for t in photos["exif_time"]]
    return {
        SEIZURES.name: conform(pd.DataFrame(tables[SEIZURES.name]), SEIZURES, ["seizure_id"]),
        CHATS.name: conform(pd.DataFrame(tables[CHATS.name]), CHATS, ["device_id", "time"]),
        CONTACTS.name: conform(
            pd.DataFrame(tables[CONTACTS.name]), CONTACTS, ["device_id", "contact_name", "phone"]
        ),
        CALL_LOG.name: conform(
            pd.DataFrame(tables[CALL_LOG.name]), CALL_LOG, ["device_id", "time"]
        ),
        PHOTOS.name: conform(photos, PHOTOS, ["device_id", "time", "filename"]),
        NOTES.name: conform(pd.DataFrame(tables[NOTES.name]), NOTES, ["device_id", "note_id"]),
    }
