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
from dataclasses import dataclass

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
    details,
    number_country,
    persons,
    place_countries,
    providers_of,
    text,
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
            site_ids = sites["site"].to_numpy()[best]
            for row, site, sec, hit in zip(rows, site_ids, sector, covered, strict=True):
                if hit:
                    out[row] = f"{site}{sec + 1}"
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
    phones = ownership[kinds == "phone_number"]
    imsis = ownership[kinds == "imsi"]
    pool: dict[tuple[str, object], list[str]] = defaultdict(list)
    for ident, person, start in zip(
        imsis["identifier"], imsis["person_id"], imsis["from"], strict=True
    ):
        pool[(str(person), start)].append(str(ident))
    out: dict[str, str] = {}
    taken: dict[tuple[str, object], int] = defaultdict(int)
    for ident, person, start in zip(
        phones["identifier"], phones["person_id"], phones["from"], strict=True
    ):
        key = (str(person), start)
        if taken[key] < len(pool[key]):
            out[str(ident)] = pool[key][taken[key]]
            taken[key] += 1
    return out


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
    for ident, person, start in zip(
        rows["identifier"], rows["person_id"], rows["from"], strict=True
    ):
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

    def home(self, number: str) -> ProviderRef | None:
        if self.default:
            return self.operators[0]
        return self.by_country.get(number_country(number))

    def serving(self, place: str) -> ProviderRef | None:
        if self.default:
            return self.operators[0] if place else None
        return self.by_country.get(self.place_country.get(place, ""))


def _records(
    events: pd.DataFrame, network: _Network, plan: CellPlan, imsi: dict[str, str]
) -> pd.DataFrame:
    """One row per (event, operator that records it)."""
    rows: dict[str, list[object]] = defaultdict(list)
    if events.empty:
        return pd.DataFrame(rows)
    serving = [network.serving(text(p)) for p in events["place"].tolist()]
    cells: dict[str, np.ndarray] = {}
    for operator in network.operators:
        cells[operator.name] = plan.serve(
            operator.name, events["lat"].to_numpy(dtype=float), events["lon"].to_numpy(dtype=float)
        )
    info = details(events)
    for i, event in enumerate(events.itertuples(index=False)):
        caller, callee = text(event.actor_phone), text(event.target_phone)
        if not caller:
            continue
        holders: list[ProviderRef] = []
        for candidate in (serving[i], network.home(caller), network.home(callee)):
            if candidate is not None and candidate not in holders:
                holders.append(candidate)
        for holder in holders:
            here = serving[i] == holder
            rows["provider"].append(holder.name)
            rows["event_id"].append(int(event.event_id))
            rows["time"].append(event.time)
            rows["caller"].append(caller)
            rows["callee"].append(callee or None)
            rows["caller_imsi"].append(
                (imsi.get(caller) or _derived_imsi(caller)) if here else None
            )
            rows["caller_imei"].append((text(event.actor_imei) or None) if here else None)
            rows["cell_id"].append((cells[holder.name][i] or None) if here else None)
            rows["duration_s"].append(int(info[i].get("duration_s") or 0))
    return pd.DataFrame(rows)


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
    offsets = [skews.get(name, pd.Timedelta(0)) for name in frame["provider"].tolist()]
    shifted = pd.to_datetime(frame[source], utc=True) + pd.to_timedelta(offsets).to_numpy()
    frame = frame.assign(timezone=zones)
    frame[target] = local_time(shifted, zones)
    return frame


def _subscribers(
    view: WorldView, network: _Network, records: list[pd.DataFrame], imsi: dict[str, str],
    rng: np.random.Generator, locations: pd.DataFrame,
) -> pd.DataFrame:  # fmt: skip
    events = view.events
    people = persons(view.truth)
    owners = _owners(view.truth, "phone_number")
    documents = _documents(view.truth)
    burners = set(view.of_kind("burner_activated")["actor_phone"].dropna().astype(str))
    swapped = set(view.of_kind("sim_swap")["actor_phone"].dropna().astype(str))
    first_imei: dict[str, str] = {}
    first_time: dict[str, object] = {}
    for phone_col, imei_col in (("actor_phone", "actor_imei"), ("target_phone", "target_imei")):
        pairs = events[["time", phone_col, imei_col]].dropna(subset=[phone_col])
        for when, number, imei in zip(
            pairs["time"].tolist(), pairs[phone_col].tolist(), pairs[imei_col].tolist(), strict=True
        ):
            if number not in first_time or when < first_time[number]:
                first_time[number] = when
                if text(imei):
                    first_imei[number] = text(imei)
    numbers = sorted(set(first_time) | set(owners))
    # Which operators saw which foreign (roaming) number.
    roamed: dict[str, set[str]] = defaultdict(set)
    for frame in [*records, locations]:
        if frame.empty:
            continue
        number_col = "caller" if "caller" in frame.columns else "msisdn"
        seen = frame[frame["caller_imsi" if "caller_imsi" in frame.columns else "imsi"].notna()]
        for number, operator in zip(seen[number_col], seen["provider"], strict=True):
            roamed[str(number)].add(str(operator))
    upper = {o.name: stable_unit("upper", o.name) < 0.5 for o in network.operators}
    rows: list[dict[str, object]] = []
    for number in numbers:
        home = network.home(number)
        owner, acquired = owners.get(number, ("", None))
        activated = acquired if acquired is not None else first_time.get(number)
        base = {
            "msisdn": number,
            "imsi": imsi.get(number) or _derived_imsi(number),
            "imei": first_imei.get(number),
            "home_country": number_country(number),
            "activated": activated,
        }
        if home is not None:
            person = people.get(owner)
            unregistered = number in burners or (
                number in swapped and stable_unit("swap", number) < 0.5
            )
            if person is None or unregistered:
                rows.append(
                    {**base, "provider": home.name, "subscriber_type": "prepaid_unregistered"}
                )
                continue
            name = variant_name(
                person.name, rng, person.variants, variant_rate=0.5, typo_rate=0.08,
                case="upper" if upper[home.name] else "as_is",
            )  # fmt: skip
            document = documents.get(owner) if rng.random() > 0.15 else None
            rows.append(
                {**base, "provider": home.name, "subscriber_type": "prepaid_registered",
                 "subscriber_name": name, "id_document": document}
            )  # fmt: skip
        for operator in sorted(roamed.get(number, set())):
            if home is not None and operator == home.name:
                continue
            rows.append({**base, "provider": operator, "subscriber_type": "roaming"})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return conform(frame, SUBSCRIBERS)
    frame = _localise(frame, "activated", "activated", {}, network.zones)
    return conform(frame, SUBSCRIBERS, ["provider", "msisdn"])


def _locations(
    view: WorldView, network: _Network, plan: CellPlan, imsi: dict[str, str]
) -> pd.DataFrame:
    pings = view.of_kind("location")
    rows: dict[str, list[object]] = defaultdict(list)
    lat, lon = pings["lat"].to_numpy(dtype=float), pings["lon"].to_numpy(dtype=float)
    cells = {o.name: plan.serve(o.name, lat, lon) for o in network.operators}
    for i, (when, place, number, imei) in enumerate(
        zip(pings["time"], pings["place"], pings["actor_phone"], pings["actor_imei"], strict=True)
    ):
        operator = network.serving(text(place))
        number = text(number)
        if operator is None or not number or not cells[operator.name][i]:
            continue
        rows["provider"].append(operator.name)
        rows["msisdn"].append(number)
        rows["imsi"].append(imsi.get(number) or _derived_imsi(number))
        rows["imei"].append(text(imei) or None)
        rows["time"].append(when)
        rows["cell_id"].append(cells[operator.name][i])
    return pd.DataFrame(rows)


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
    calls = _records(view.of_kind("call"), network, plan, imsi)
    texts = _records(view.of_kind("sms"), network, plan, imsi)
    located = _locations(view, network, plan, imsi)
    subscribers = _subscribers(view, network, [calls, texts], imsi, rng, located)
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
        SMS.name: _finish_cdrs(texts, SMS, rng, skews, network.zones),
        CELLS.name: plan.cells,
        LOCATIONS.name: locations,
    }
