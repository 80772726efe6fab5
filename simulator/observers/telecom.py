"""Mobile operators: subscribers, call and SMS records, cell sites and handset locations.

Each telecom provider of the scenario keeps what its network saw:

* ``telecom_subscribers``: one row per SIM it knows, its own subscribers (name as registered at the
  kiosk, often a transliteration variant or a typo; burners unregistered) and foreign SIMs that
  roamed on its network (number, IMSI and handset only);
* ``call_records`` and ``sms_records``: a record when the caller's or the callee's SIM is its own,
  or when the caller used its network, with the caller's cell when it served the caller;
* ``handset_locations``: the cell each handset on its network used over time;
* ``cell_sites``: the operator's masts near the scenario's places (three sectors each).

A SIM swap shows up as a new MSISDN and IMSI on a known IMEI; a burner as a new IMEI with a new,
unregistered SIM. An operator in the same country as a place serves it; places in a country with
no listed operator have no cell data. Numbers belong to the operator of their country code.

Imperfections: times are the operator's local wall-clock time with a ``timezone`` column (a
classic trap when merging with UTC sources), the operator's clock runs a few seconds off, the
mediation system duplicates a few records, handset IMEIs are sometimes missing, names are spelled
as the kiosk clerk heard them, and phones at sea are out of coverage. All records are kept; the
lawful-request engine applies each operator's retention window at request time.

Example
-------
>>> [spec.name for spec in TABLES]
['telecom_subscribers', 'call_records', 'sms_records', 'cell_sites', 'handset_locations']
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import (
    blank,
    clock_skew,
    conform,
    duplicate_rows,
    local_time,
    stable_unit,
    variant_name,
    zone_for,
)
from simulator.observers.lookup import (
    ProviderRef,
    number_country,
    persons,
    place_countries,
    providers_of,
    text,
    texts,
    view_details,
)
from simulator.world.identities import MCC

__all__ = ["COVERAGE_KM", "TABLES", "CellPlan", "cell_plan", "observe"]

#: Beyond this distance from the nearest mast a handset has no coverage (open sea).
COVERAGE_KM = 35.0
#: Masts per place, each with three 120-degree sectors.
SITES_PER_PLACE = 3

_PROVIDER = Column("provider", "string", "the mobile operator that holds the record")
_ZONE = Column("timezone", "string", "IANA time zone of the local times in this row")
_RETENTION = "Records older than the operator's retention window at the request date are gone."
_REGISTER = (
    "Kept while the SIM is in service: the retention window does not apply to this register."
)

SUBSCRIBERS = TableSpec(
    name="telecom_subscribers",
    tier="provider",
    description="SIM cards the operator knows: its own subscribers and foreign SIMs roaming on it.",
    imitates="a mobile operator's subscriber register (MSISDN, IMSI, IMEI, registration)",
    columns=(
        _PROVIDER,
        Column("msisdn", "string", "phone number"),
        Column("imsi", "string", "SIM identity (IMSI)"),
        Column("imei", "string", "handset the SIM was first seen in (IMEI)"),
        Column("subscriber_name", "string", "name as registered (empty when unregistered)"),
        Column("id_document", "string", "identity document shown at registration"),
        Column("subscriber_type", "string", "prepaid_registered, prepaid_unregistered, roaming"),
        Column("home_country", "string", "country of the SIM's home network"),
        Column("activated", "local_timestamp", "activation (or first roaming) time, local"),
        _ZONE,
    ),
    provider_kind="telecom",
    data_kind="subscriber",
    target_columns=("msisdn", "imsi", "imei"),
    # No time column: the register is kept while the SIM is in service, whatever the retention
    # window of call and location records (an old SIM is not deleted for being old).
    notes=(_REGISTER,),
)

_CDR_COLUMNS = (
    _PROVIDER,
    Column("record_id", "string", "the operator's record number"),
    Column("caller", "string", "calling (sending) number"),
    Column("callee", "string", "called (receiving) number"),
    Column("start", "local_timestamp", "start time, local"),
    _ZONE,
    Column("caller_imsi", "string", "caller's SIM (IMSI), when it was on this network"),
    Column("caller_imei", "string", "caller's handset (IMEI), when it was on this network"),
    Column("cell_id", "string", "cell that served the caller (empty if another network did)"),
)

CALLS = TableSpec(
    name="call_records",
    tier="provider",
    description="Call detail records: who called whom, when, how long, from which cell.",
    imitates="a mobile operator's call detail records (CDR)",
    columns=(*_CDR_COLUMNS, Column("duration_s", "int64", "call duration in seconds")),
    provider_kind="telecom",
    data_kind="traffic",
    target_columns=("caller", "callee", "caller_imsi", "caller_imei"),
    time_column="start",
    notes=("Times are local: convert with the timezone column before comparing.", _RETENTION),
)

SMS = TableSpec(
    name="sms_records",
    tier="provider",
    description="SMS detail records: who texted whom, when, from which cell. No content.",
    imitates="a mobile operator's SMS detail records",
    columns=_CDR_COLUMNS,
    provider_kind="telecom",
    data_kind="traffic",
    target_columns=("caller", "callee", "caller_imsi", "caller_imei"),
    time_column="start",
    notes=("Times are local: convert with the timezone column before comparing.", _RETENTION),
)

CELLS = TableSpec(
    name="cell_sites",
    tier="open",
    description="Masts and sectors of the mobile operators near the case's places.",
    imitates="a cell-site list (as supplied with CDRs, or from public cell databases)",
    columns=(
        Column("operator", "string", "mobile operator"),
        Column("cell_id", "string", "cell id as MCC-MNC-LAC-CI"),
        Column("site", "string", "mast id"),
        Column("lat", "float64", "mast latitude"),
        Column("lon", "float64", "mast longitude"),
        Column("azimuth", "int64", "sector direction in degrees from north"),
        Column("range_km", "float64", "nominal radius of the sector"),
        Column("near", "string", "town or area the mast serves"),
    ),
)

LOCATIONS = TableSpec(
    name="handset_locations",
    tier="provider",
    description="Which cell a handset (IMSI/IMEI) used over time on the operator's network.",
    imitates="a mobile operator's location records (network events with serving cell)",
    columns=(
        _PROVIDER,
        Column("msisdn", "string", "phone number of the SIM"),
        Column("imsi", "string", "SIM identity (IMSI)"),
        Column("imei", "string", "handset identity (IMEI)"),
        Column("time", "local_timestamp", "time of the network event, local"),
        _ZONE,
        Column("cell_id", "string", "serving cell"),
    ),
    provider_kind="telecom",
    data_kind="traffic",
    target_columns=("msisdn", "imsi", "imei"),
    time_column="time",
    notes=("Times are local: convert with the timezone column before comparing.", _RETENTION),
)

TABLES: tuple[TableSpec, ...] = (SUBSCRIBERS, CALLS, SMS, CELLS, LOCATIONS)


@dataclass(frozen=True)
class CellPlan:
    """Every operator's cells: one row per sector, plus arrays for fast nearest-cell search."""

    cells: pd.DataFrame

    def serve(self, operator: str, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """The serving cell of each position on ``operator``'s network ("" without coverage)."""
        out = np.full(len(lat), "", dtype=object)
        mine = self.cells[self.cells["operator"] == operator]
        if mine.empty or len(lat) == 0:
            return out
        sites = mine.drop_duplicates("site")
        slat, slon = sites["lat"].to_numpy(), sites["lon"].to_numpy()
        # Every sector's cell id, by site and sector (a fourth column never used, to be safe).
        names = np.array(
            [[f"{site}{sector + 1}" for sector in range(4)] for site in sites["site"].tolist()],
            dtype=object,
        ).reshape(len(sites), 4)
        ok = ~(np.isnan(lat) | np.isnan(lon))
        for start in range(0, len(lat), 20_000):
            rows = np.arange(start, min(start + 20_000, len(lat)))
            rows = rows[ok[rows]]
            if rows.size == 0:
                continue
            km = _km(lat[rows, None], lon[rows, None], slat[None, :], slon[None, :])
            best = km.argmin(axis=1)
            covered = km[np.arange(rows.size), best] <= COVERAGE_KM
            bearing = _bearing(slat[best], slon[best], lat[rows], lon[rows])
            sector = (((bearing + 60.0) % 360.0) // 120.0).astype(int)
            out[rows[covered]] = names[best[covered], sector[covered]]
        return out

    def serve_each(self, operators: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """The serving cell of each position on its own operator's network.

        ``operators`` names the operator of each position ("" for none, whose cell is "").
        Each position is searched on one network only, not on every operator's.
        """
        out = np.full(len(lat), "", dtype=object)
        for operator in dict.fromkeys(operators.tolist()):
            if operator:
                rows = np.flatnonzero(operators == operator)
                out[rows] = self.serve(operator, lat[rows], lon[rows])
        return out


def _km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _bearing(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    x = np.sin(dl) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)
    return (np.degrees(np.arctan2(x, y)) + 360.0) % 360.0


def _serving(operators: list[ProviderRef]) -> dict[str, ProviderRef]:
    """Country -> operator serving it (the first listed operator seated there)."""
    out: dict[str, ProviderRef] = {}
    for operator in operators:
        out.setdefault(operator.country, operator)
    return out


def cell_plan(scenario: object) -> CellPlan:
    """The masts of every operator near every place it serves (deterministic, no randomness).

    >>> cell_plan(None).cells.empty
    True
    """
    operators = providers_of(scenario, "telecom")
    default = not _listed(scenario)
    serving = _serving(operators)
    rows: list[dict[str, object]] = []
    for place in getattr(scenario, "places", []) or []:
        operator = operators[0] if default else serving.get(place.country)
        if operator is None:
            continue
        index = operators.index(operator)
        mcc = MCC.get(place.country, "001")
        lac = 1000 + int(stable_unit("lac", operator.name, place.name) * 8000)
        for site in range(SITES_PER_PLACE):
            # Masts spread up to ~3 km around the place centre.
            angle = stable_unit("angle", operator.name, place.name, site) * 2 * np.pi
            radius = 0.3 + 2.7 * stable_unit("radius", operator.name, place.name, site)
            lat = place.lat + radius / 111.0 * np.cos(angle)
            lon = place.lon + radius / (111.0 * max(np.cos(np.radians(place.lat)), 0.2)) * np.sin(
                angle
            )
            ci = int(stable_unit("ci", operator.name, place.name, site) * 6000)
            # A sector's cell id is its site id plus the sector digit 1-3.
            site_id = f"{mcc}-9{index + 1}-{lac}-{ci:04d}"
            for sector in range(3):
                rows.append(
                    {
                        "operator": operator.name,
                        "cell_id": f"{site_id}{sector + 1}",
                        "site": site_id,
                        "lat": round(float(lat), 5),
                        "lon": round(float(lon), 5),
                        "azimuth": sector * 120,
                        "range_km": 5.0 if place.kind in ("departure", "crossing") else 3.0,
                        "near": place.name,
                    }
                )
    frame = conform(pd.DataFrame(rows), CELLS, ["operator", "cell_id"])
    return CellPlan(frame)


def _listed(scenario: object) -> list[object]:
    sources = getattr(scenario, "sources", None)
    return [p for p in getattr(sources, "providers", []) or [] if str(p.kind) == "telecom"]


def _imsi_by_number(truth: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Pair each phone number with the IMSI its owner acquired at the same moment."""
    ownership = truth.get("ownership")
    if ownership is None or ownership.empty:
        return {}
    kinds = ownership["identifier_kind"].astype(str)
    phones = np.flatnonzero((kinds == "phone_number").to_numpy())
    imsis = np.flatnonzero((kinds == "imsi").to_numpy())
    # Acquisition times only pair rows here: compare them as integers when they can be.
    starts = _time_keys_at(ownership["from"])
    pool: dict[tuple[str, object], list[str]] = defaultdict(list)
    for ident, person, start in _columns_at(ownership, imsis, starts):
        pool[(str(person), start)].append(str(ident))
    out: dict[str, str] = {}
    taken: dict[tuple[str, object], int] = defaultdict(int)
    for ident, person, start in _columns_at(ownership, phones, starts):
        key = (str(person), start)
        if taken[key] < len(pool[key]):
            out[str(ident)] = pool[key][taken[key]]
            taken[key] += 1
    return out


def _columns_at(
    ownership: pd.DataFrame, rows: np.ndarray, starts: Callable[[np.ndarray], list[object]]
) -> zip:
    """(identifier, person, start key) of the ownership rows at positions ``rows``."""
    return zip(
        ownership["identifier"].iloc[rows].tolist(),
        ownership["person_id"].iloc[rows].tolist(),
        starts(rows),
        strict=True,
    )


def _time_keys_at(times: pd.Series) -> Callable[[np.ndarray], list[object]]:
    """Sort keys for ``times`` at the positions asked for (made only for those).

    Integers (nanoseconds) when the whole column is datetimes with none missing, else the values:
    integers order and compare as the Timestamps do, without making one Timestamp per row.
    """
    if getattr(times.dtype, "kind", "") == "M" and not times.isna().any():
        nanoseconds = times.array.asi8
        return lambda rows: nanoseconds[rows].tolist()
    return lambda rows: times.iloc[rows].tolist()


def _columns(frame: pd.DataFrame, *names: str) -> zip:
    """The rows of ``frame``'s columns ``names`` as tuples (lists first: iterating Arrow-backed
    columns value by value is slow)."""
    return zip(*(frame[name].tolist() for name in names), strict=True)


@lru_cache(maxsize=1 << 17)
def _derived_imsi(number: str) -> str:
    """An IMSI for a number the truth does not pair (test MCC 001 for unknown countries)."""
    mcc = MCC.get(number_country(number), "001")
    digits = str(int(hashlib.sha256(number.encode()).hexdigest(), 16))[-10:]
    return f"{mcc}99{digits}"


def _owners(truth: dict[str, pd.DataFrame], kind: str) -> dict[str, tuple[str, object]]:
    """identifier -> (first holder, from) for one identifier kind."""
    ownership = truth.get("ownership")
    if ownership is None or ownership.empty:
        return {}
    rows = ownership[ownership["identifier_kind"].astype(str) == kind]
    out: dict[str, tuple[str, object]] = {}
    for ident, person, start in _columns(rows, "identifier", "person_id", "from"):
        out.setdefault(str(ident), (str(person), start))
    return out


def _documents(truth: dict[str, pd.DataFrame]) -> dict[str, str]:
    """person -> first identity document held."""
    return {person: ident for ident, (person, _start) in _owners(truth, "id_document").items()}


class _Network:
    """Which operator holds which record."""

    def __init__(self, scenario: object) -> None:
        self.operators = providers_of(scenario, "telecom")
        self.default = not _listed(scenario)
        self.by_country = _serving(self.operators)
        self.zones = {o.name: zone_for(o.country) for o in self.operators}
        self.place_country = place_countries(scenario)
        # Answers per number and per place: the same few thousand recur in every record.
        self._homes: dict[str, ProviderRef | None] = {}
        self._serving: dict[str, ProviderRef | None] = {}

    def home(self, number: str) -> ProviderRef | None:
        """The operator whose country code ``number`` has (None for a country without one)."""
        if number not in self._homes:
            self._homes[number] = (
                self.operators[0] if self.default else self.by_country.get(number_country(number))
            )
        return self._homes[number]

    def serving(self, place: str) -> ProviderRef | None:
        """The operator that serves ``place`` (None without coverage there)."""
        if place not in self._serving:
            if self.default:
                self._serving[place] = self.operators[0] if place else None
            else:
                self._serving[place] = self.by_country.get(self.place_country.get(place, ""))
        return self._serving[place]


#: The event columns :func:`_records` reads (the only ones copied from the log).
_RECORD_COLUMNS = (
    "event_id", "time", "place", "lat", "lon",
    "actor_phone", "target_phone", "actor_imei", "detail",
)  # fmt: skip


def _records(
    view: WorldView, events: pd.DataFrame, network: _Network, plan: CellPlan, imsi: dict[str, str]
) -> pd.DataFrame:
    """One row per (event, operator that records it)."""
    rows: dict[str, list[object]] = defaultdict(list)
    if events.empty:
        return pd.DataFrame(rows)
    serving = [network.serving(text(p)) for p in events["place"].tolist()]
    # Each event's cell on the network serving its place (the only cell a record shows).
    cells = plan.serve_each(
        np.array([_name(operator) for operator in serving], dtype=object),
        events["lat"].to_numpy(dtype=float),
        events["lon"].to_numpy(dtype=float),
    )
    info = view_details(view, events)
    callers, callees = texts(events["actor_phone"]), texts(events["target_phone"])
    # Each number's home operator, asked once per distinct number.
    homes = {number: network.home(number) for number in dict.fromkeys([*callers, *callees])}
    # (row, operator, whether it serves the event's place) for every record, in record order.
    picks: list[tuple[int, ProviderRef, bool]] = []
    for i, (caller, callee, here) in enumerate(zip(callers, callees, serving, strict=True)):
        if not caller:
            continue
        holders: list[ProviderRef] = []
        for candidate in (here, homes[caller], homes[callee]):
            if candidate is not None and candidate not in holders:
                holders.append(candidate)
                picks.append((i, candidate, here == candidate))
    if not picks:
        return pd.DataFrame(rows)
    at = [i for i, _holder, _here in picks]
    served = [here for _i, _holder, here in picks]
    ids, times = events["event_id"].tolist(), events["time"].tolist()
    imeis = texts(events["actor_imei"])
    sims = {caller: imsi.get(caller) or _derived_imsi(caller) for caller in dict.fromkeys(callers)}
    return pd.DataFrame(
        {
            "provider": [holder.name for _i, holder, _here in picks],
            "event_id": [int(ids[i]) for i in at],
            "time": [times[i] for i in at],
            "caller": [callers[i] for i in at],
            "callee": [callees[i] or None for i in at],
            "caller_imsi": [
                sims[callers[i]] if h else None for i, h in zip(at, served, strict=True)
            ],
            "caller_imei": [
                (imeis[i] or None) if h else None for i, h in zip(at, served, strict=True)
            ],
            "cell_id": [(cells[i] or None) if h else None for i, h in zip(at, served, strict=True)],
            "duration_s": [int(info[i].get("duration_s") or 0) for i in at],
        }
    )


def _finish_cdrs(
    frame: pd.DataFrame,
    spec: TableSpec,
    rng: np.random.Generator,
    skews: dict[str, pd.Timedelta],
    zones: dict[str, str],
) -> pd.DataFrame:
    if frame.empty:
        return conform(frame, spec)
    frame = frame.assign(
        record_id=[
            f"{spec.name[:3].upper()}{hashlib.sha256(f'{p}|{e}'.encode()).hexdigest()[:12]}"
            for p, e in zip(frame["provider"], frame["event_id"], strict=True)
        ]
    )
    frame["caller_imei"] = blank(frame["caller_imei"].astype("str"), rng, 0.01)
    frame = duplicate_rows(frame, rng, 0.004)
    frame = _localise(frame, "time", "start", skews, zones)
    return conform(frame, spec, ["provider", "start", "caller", "record_id"])


def _localise(
    frame: pd.DataFrame,
    source: str,
    target: str,
    skews: dict[str, pd.Timedelta],
    zones_by_provider: dict[str, str],
) -> pd.DataFrame:
    """Times as the operator writes them: its (skewed) clock, in local time, with the zone."""
    zones = frame["provider"].map(zones_by_provider)
    # One offset per row, as nanoseconds (what pd.to_timedelta of the Timedeltas would give).
    skew = {name: offset.to_timedelta64().astype("m8[ns]") for name, offset in skews.items()}
    none = np.timedelta64(0, "ns")
    offsets = np.array(
        [skew.get(name, none) for name in frame["provider"].tolist()], dtype="timedelta64[ns]"
    )
    shifted = pd.to_datetime(frame[source], utc=True) + offsets
    frame = frame.assign(timezone=zones)
    frame[target] = local_time(shifted, zones)
    return frame


def _first_seen_phones(events: pd.DataFrame) -> tuple[dict[str, object], dict[str, str]]:
    """Each phone number's first time in the log, and the handset of its first sighting.

    Actor numbers are read before target numbers, each in log order; a number's time moves only
    to a strictly earlier one, and its handset with it when that row names one.
    """
    times = events["time"]
    # Sort keys made only for the rows read (not one per event).
    keys_at = _time_keys_at(times)
    head = keys_at(np.arange(min(len(times), 1)))
    # In a log sorted by time (the world's), a number's later rows in one pass are never earlier
    # than its first row there, so they change nothing: only each pass's first row per number
    # needs looking at.
    in_order = isinstance(head[0] if head else 0, int) and times.is_monotonic_increasing
    first_row: dict[str, int] = {}
    first_key: dict[str, object] = {}
    first_imei: dict[str, str] = {}
    for phone_col, imei_col in (("actor_phone", "actor_imei"), ("target_phone", "target_imei")):
        rows = np.flatnonzero(events[phone_col].notna().to_numpy())
        if in_order:
            # A present number's earlier rows are present too: looking among them is enough.
            rows = rows[~events[phone_col].iloc[rows].duplicated().to_numpy()]
        numbers = events[phone_col].iloc[rows].tolist()
        imeis = events[imei_col].iloc[rows].tolist()
        for row, key, number, imei in zip(
            rows.tolist(), keys_at(rows), numbers, imeis, strict=True
        ):
            if number not in first_row or key < first_key[number]:
                first_row[number] = row
                first_key[number] = key
                imei = text(imei)
                if imei:
                    first_imei[number] = imei
    stamps = times.iloc[list(first_row.values())].tolist()
    return dict(zip(first_row, stamps, strict=True)), first_imei


#: The columns of the rows _subscribers makes, before localising and conforming.
_REGISTER_COLUMNS = (
    "provider", "msisdn", "imsi", "imei", "home_country", "activated",
    "subscriber_type", "subscriber_name", "id_document",
)  # fmt: skip


def _subscribers(
    view: WorldView, network: _Network, records: list[pd.DataFrame], imsi: dict[str, str],
    rng: np.random.Generator, locations: pd.DataFrame,
) -> pd.DataFrame:  # fmt: skip
    events = view.events
    people = persons(view.truth)
    owners = _owners(view.truth, "phone_number")
    documents = _documents(view.truth)
    phone = ("actor_phone",)
    burners = set(
        view.of_kind("burner_activated", columns=phone)["actor_phone"].dropna().astype(str)
    )
    swapped = set(view.of_kind("sim_swap", columns=phone)["actor_phone"].dropna().astype(str))
    first_time, first_imei = _first_seen_phones(events)
    numbers = sorted(set(first_time) | set(owners))
    # Which operators saw which foreign (roaming) number.
    pairs: set[tuple[object, object]] = set()
    for frame in [*records, locations]:
        if frame.empty:
            continue
        number_col = "caller" if "caller" in frame.columns else "msisdn"
        seen = frame[frame["caller_imsi" if "caller_imsi" in frame.columns else "imsi"].notna()]
        # Distinct pairs first: the pings alone are hundreds of thousands of rows, a few pairs.
        distinct = seen[[number_col, "provider"]].drop_duplicates()
        pairs.update(_columns(distinct, number_col, "provider"))
    roamed: dict[str, set[str]] = defaultdict(set)
    for number, operator in pairs:
        roamed[str(number)].add(str(operator))
    upper = {o.name: stable_unit("upper", o.name) < 0.5 for o in network.operators}
    # One tuple per row, in _REGISTER_COLUMNS order (a name and document only when registered).
    rows: list[tuple[object, ...]] = []
    for number in numbers:
        home = network.home(number)
        owner, acquired = owners.get(number, ("", None))
        activated = acquired if acquired is not None else first_time.get(number)
        base = (
            number,
            imsi.get(number) or _derived_imsi(number),
            first_imei.get(number),
            number_country(number),
            activated,
        )
        if home is not None:
            person = people.get(owner)
            unregistered = number in burners or (
                number in swapped and stable_unit("swap", number) < 0.5
            )
            if person is None or unregistered:
                rows.append((home.name, *base, "prepaid_unregistered", None, None))
                continue
            name = variant_name(
                person.name, rng, person.variants, variant_rate=0.5, typo_rate=0.08,
                case="upper" if upper[home.name] else "as_is",
            )  # fmt: skip
            document = documents.get(owner) if rng.random() > 0.15 else None
            rows.append((home.name, *base, "prepaid_registered", name, document))
        for operator in sorted(roamed.get(number, set())):
            if home is not None and operator == home.name:
                continue
            rows.append((operator, *base, "roaming", None, None))
    if not rows:
        return conform(pd.DataFrame(), SUBSCRIBERS)
    frame = pd.DataFrame.from_records(rows, columns=_REGISTER_COLUMNS)
    frame = _localise(frame, "activated", "activated", {}, network.zones)
    return conform(frame, SUBSCRIBERS, ["provider", "msisdn"])


def _texts(values: pd.Series) -> np.ndarray:
    """:func:`~simulator.observers.lookup.texts` as an object array (for column-wise masks)."""
    return np.array(texts(values), dtype=object)


def _locations(
    view: WorldView, network: _Network, plan: CellPlan, imsi: dict[str, str]
) -> pd.DataFrame:
    pings = view.of_kind(
        "location", columns=("time", "place", "lat", "lon", "actor_phone", "actor_imei")
    )
    if pings.empty:
        return pd.DataFrame()
    lat, lon = pings["lat"].to_numpy(dtype=float), pings["lon"].to_numpy(dtype=float)
    # Column-wise: the serving operator of each ping's place, and that operator's cell.
    codes, places = pd.factorize(pings["place"])
    names = [_name(network.serving(text(place))) for place in places]
    # Code -1 (no place) is the last entry: the operator serving "".
    operator = np.array([*names, _name(network.serving(""))], dtype=object)[codes]
    cell = plan.serve_each(operator, lat, lon)
    numbers = _texts(pings["actor_phone"])
    # A record needs a serving operator, a number and coverage.
    kept = np.flatnonzero((operator != "") & (numbers != "") & (cell != ""))
    if kept.size == 0:
        return pd.DataFrame()
    msisdn = numbers[kept].tolist()
    sims = {number: imsi.get(number) or _derived_imsi(number) for number in dict.fromkeys(msisdn)}
    return pd.DataFrame(
        {
            "provider": operator[kept].tolist(),
            "msisdn": msisdn,
            "imsi": [sims[number] for number in msisdn],
            "imei": [imei or None for imei in _texts(pings["actor_imei"])[kept].tolist()],
            # The times as an array: a list of Timestamps would be cast back to the same.
            "time": pings["time"].array.take(kept),
            "cell_id": cell[kept].tolist(),
        }
    )


def _name(operator: ProviderRef | None) -> str:
    """An operator's name ("" for none)."""
    return operator.name if operator is not None else ""


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """Every operator's tables (see :data:`TABLES`), all operators in one table per kind.

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("call", 60, "P1", "P2", detail={"duration_s": 30},
    ...             actor_phone="+216 83000001", target_phone="+216 83000002")
    >>> tables = observe(WorldView(log.to_frame(), {}, None, 7))
    >>> tables["call_records"][["caller", "duration_s"]].values.tolist()
    [['+216 83000001', 30]]
    """
    rng = view.rng("telecom")
    network = _Network(view.scenario)
    plan = cell_plan(view.scenario)
    skews = {o.name: clock_skew(rng, 30) for o in network.operators}
    imsi = _imsi_by_number(view.truth)
    calls = _records(view, view.of_kind("call", columns=_RECORD_COLUMNS), network, plan, imsi)
    sms = _records(view, view.of_kind("sms", columns=_RECORD_COLUMNS), network, plan, imsi)
    located = _locations(view, network, plan, imsi)
    subscribers = _subscribers(view, network, [calls, sms], imsi, rng, located)
    locations = (
        conform(
            _localise(located, "time", "time", skews, network.zones),
            LOCATIONS,
            ["provider", "time", "msisdn"],
        )
        if not located.empty
        else conform(located, LOCATIONS)
    )
    return {
        SUBSCRIBERS.name: subscribers,
        CALLS.name: _finish_cdrs(calls, CALLS, rng, skews, network.zones),
        SMS.name: _finish_cdrs(sms, SMS, rng, skews, network.zones),
        CELLS.name: plan.cells,
        LOCATIONS.name: locations,
    }
