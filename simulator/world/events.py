"""The event log: what truly happened, one row per happening, in columns.

Every event carries what some data source could later observe: who (``actor``), to whom
(``target``), when to the second (``time``, UTC), where (``place``, ``lat``/``lon``), how much
(``amount``, ``currency``), over which channel, and with which phone, handset, account, wallet or
device. Observers (``simulator.observers``) read this log and keep only what their source would see;
the truth tier of a case is this log plus who owned what.

Columns
-------
event_id
    Row number after sorting by time (ties keep the order of emission); int64.
time
    UTC timestamp, second resolution: ``period.start`` + day + a drawn time of day.
day
    Day of the period (0 = ``period.start``); negative for accounts created before the period.
kind
    One of :class:`EventKind` (below).
actor, target
    ``person_id`` of who acts and of whom it is aimed at (empty when nobody).
place
    Name of a scenario place (or empty).
lat, lon
    Degrees; the place's coordinates, or a handset position near it for ``location`` events.
amount, amount_cents, currency
    Money or a quoted price; ``amount_cents`` is exact (integer cents), ``amount`` its float.
channel
    How it travelled: ``messenger``, ``telecom``, ``platform``, ``hawala``, ``crypto``,
    ``money_transfer``, ``cash``, ``courier``, ``exchange``, ``bank``, ``in_person``.
platform
    Fictional platform, messenger, exchange or money-transfer brand involved.
actor_phone, target_phone
    Phone numbers (SIMs) used at each end.
actor_imei, target_imei
    Handsets (IMEI) used at each end.
actor_account, target_account
    Platform handle, messenger account or exchange account used.
actor_wallet, target_wallet
    Crypto wallet, hawala code name or bank account (IBAN-like) used.
device
    Device id of a seized handset (``seizure``) or of the handset that took a photo.
ip
    IP address the actor's device used online (documentation ranges only).
trip_id, payment_id, post_id
    References: the trip (``T…``), the payment (``PAY…``, a row of the payments table), the
    advert or post (``AD…``/``BP…``).
detail
    A small JSON object (sorted keys) with the kind-specific fields listed below.

Event kinds and their ``detail`` fields
---------------------------------------
account_created
    A platform, messenger or exchange account is opened. actor = owner; actor_account = handle.
    detail: ``display_name``, ``backup_number`` (0 = the main account), ``backup_of`` (handle it
    replaces, after a takedown), ``purpose`` (``advertising``, ``benign``, ``messenger``,
    ``exchange``), ``bio_language``.
account_taken_down
    A platform removes an account. actor = owner; actor_account = handle; platform.
    detail: ``reason`` (``referral`` for a scheduled takedown), ``intervention`` (its index).
advert_posted
    A smuggler's offer. actor = recruiter (or forger, or an organiser seeking drivers);
    actor_account; post_id; amount = the price quoted.
    detail: ``language``, ``words`` (code words chosen from the vocabulary pack), ``emoji`` (emoji
    sequences chosen), ``route`` and ``legs`` (from→to), ``contact_phone`` (the number to call, the
    recruiter's at that moment), ``image_only`` (the number only appears inside an image),
    ``child_discount``, ``claims`` (``safe``, ``guaranteed``...), ``brand`` and ``logo``
    (watermark),
    ``backup_number``, ``offer`` (``crossing``, ``documents``, ``driver_wanted``), ``media``
    (``text``, ``image``, ``video``).
benign_post
    A post by an NGO, travel agency, journalist or diaspora group. actor = benign actor.
    detail: ``language``, ``words`` (vocabulary shared with adverts), ``topic``, ``actor_kind``,
    ``media``.
contact
    A migrant first writes to a recruiter. actor = migrant; target = recruiter; channel messenger.
    detail: ``via`` (``advert`` or ``word_of_mouth``), ``referrer`` (the friend, word of mouth),
    ``language``.
message
    A messenger message (end-to-end encrypted: providers see only metadata). target may be empty
    when sent to a group (``detail.group``).
    detail: ``type`` (``negotiation``, ``payment_code``, ``arrival_ok``, ``hawala_confirmation``,
    ``logistics``, ``departure_notice``, ``family``, ``chatter``, ``location_share``, ``photo``),
    ``summary`` (what the content says; only seized devices reveal it), ``thread`` (conversation
    id), ``size_bytes``, ``media`` (``text``, ``voice``, ``image``, ``location``), plus
    ``code_word``, ``price``, ``group``, ``trip``, ``testimonial``, ``shared_contact`` where
    relevant. Photos and shared locations carry the sender's position in lat/lon (EXIF GPS) and
    the handset in ``device``.
call
    A phone call over the telecom network. detail: ``duration_s``.
sms
    A text message over the telecom network. detail: ``length``, ``summary``.
location
    A handset seen at a place (for cell sites). lat/lon = the handset's position.
    detail: ``reason`` (``routine``, ``safe_house``, ``departure``, ``arrival``, ``trip``).
negotiation
    Outcome of a price negotiation. actor = migrant; target = recruiter; amount = total agreed.
    detail: ``agreed`` (bool), ``prices`` (per leg), ``currencies``, ``budget``, ``channel``
    (payment channel agreed), ``leg_by_leg``, ``route``.
payment
    Money moves (one row of the payments table; ``payment_id``). actor = payer; target = payee;
    channel: ``hawala``, ``crypto``, ``money_transfer``, ``cash``, ``courier``, ``exchange``,
    ``bank``; actor_wallet/target_wallet: wallet, hawala code name, ID document (transfers),
    exchange deposit address or bank account used.
    detail: ``purpose`` — ``journey_fee``, ``hawala_deposit``, ``broker_fee``,
    ``hawala_release``, ``refund``, ``broker_settlement``, ``courier_pickup``,
    ``courier_delivery``, ``on_ramp``, ``consolidation``, ``peel``, ``peel_hop``,
    ``exchange_deposit``, ``cash_out``, ``mule_handover``, ``driver_pay``, ``safe_house_pay``,
    ``bribe``, ``document_fee``, ``boat_purchase``, ``operating_float``, ``laundering``,
    ``benign_remittance``, ``benign_transfer``; and where relevant ``migrant``, ``leg_index``,
    ``legs``, ``code_word`` and ``fee_cents`` (hawala), ``asset`` and ``tx_hash`` (crypto),
    ``hop`` and ``chain`` (peel chains), ``split``, ``parts`` and ``structured`` (transfers
    split below the reporting threshold), ``courier`` (who carried the cash), ``parent`` (the
    payment this one continues), ``invoice`` (trade settlement), ``behaviour`` and ``front``
    (laundering), ``post_id`` (a boat bought from a listing), ``reason`` (refunds).
safe_house_stay
    A migrant enters a safe house. actor = migrant; target = keeper. detail: ``leg_index``.
departure
    A migrant leaves on a trip. actor = migrant; target = transporter; trip_id.
    detail: ``leg_index``, ``mode``, ``group_size``, ``attempt``.
leg_arrival
    A migrant completes a leg. detail: ``leg_index``, ``rescued`` (after an incident).
interception
    A trip is intercepted and everyone on it turned back. actor = transporter; trip_id.
    detail: ``leg_index``, ``group_size``.
incident
    A trip meets an incident (breakdown, capsizing). actor = transporter; trip_id.
    detail: ``leg_index``, ``group_size``, ``deaths``.
death
    A migrant dies in an incident. actor = migrant; trip_id.
arrival
    A migrant reaches the end of the route. actor = migrant.
retry
    A turned-back migrant tries again. detail: ``attempt``, ``leg_index``.
give_up
    A turned-back migrant stops trying. detail: ``leg_index``.
arrest
    Police arrest a member. actor = member. detail: ``role``, ``intervention``.
seizure
    Police seize a phone or a hawala ledger. actor = owner; device (phone) or actor_wallet (ledger
    code name); actor_phone, actor_imei. detail: ``what`` (``phone``, ``hawala_ledger``),
    ``intervention``, ``with_arrest``.
sim_swap
    A member puts a new SIM in the same handset. actor_phone = new number; actor_imei = the
    handset; detail: ``old_phone``.
burner_activated
    A member starts a new handset and SIM. actor_phone/actor_imei = new; detail: ``old_phone``,
    ``old_imei``.
platform_move
    An advertiser moves to another platform. detail: ``from_platform``, ``to_platform``.
replacement
    A new member takes the place of an arrested one. actor = new member; target = arrested one.
    detail: ``role``, ``stage``.
marketplace_listing
    A boat, engine or vehicle is listed for sale online. actor = seller; post_id.
    detail: ``item``, ``capacity_text``, ``price``, ``language``, ``sold_to`` (a person, when
    bought by the network).
document_forged
    A forger makes a document for a migrant. actor = forger; target = migrant.
    detail: ``document`` (id), ``document_kind``, ``nationality_claimed``.

Examples
--------
>>> import datetime as dt
>>> log = EventLog(dt.date(2024, 5, 1))
>>> log.add(EventKind.CALL, 3600, "P1", "P2", channel="telecom", detail={"duration_s": 40})
0
>>> frame = log.to_frame()
>>> frame.loc[0, "time"].isoformat(), frame.loc[0, "kind"], frame.loc[0, "detail"]
('2024-05-01T01:00:00+00:00', 'call', '{"duration_s":40}')
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = [
    "COLUMNS",
    "COMPACT_EVERY",
    "DAY",
    "MAX_BACKDATE",
    "EventKind",
    "EventLog",
    "dump_detail",
    "text_array",
    "text_column",
]

#: Seconds in a day: event times are whole seconds from the start of the period.
DAY = 86_400
#: The model never stamps an event more than this before its clock (a boat listed the day before
#: it is bought, chats before a departure), so a chunked writer may drain up to ``now - this``.
MAX_BACKDATE = 2 * DAY
#: :meth:`EventLog.compact` waits until its horizon can move this far: rows stamped near the
#: horizon are carried over (sorted again) each time, so compacting daily would cost a fifth of
#: the simulation's CPU; weekly keeps the lists to about ten days of events for a few percent.
COMPACT_EVERY = 7 * DAY


class EventKind(StrEnum):
    """What happened (see the module docstring for each kind's fields)."""

    ACCOUNT_CREATED = "account_created"
    ACCOUNT_TAKEN_DOWN = "account_taken_down"
    ADVERT_POSTED = "advert_posted"
    BENIGN_POST = "benign_post"
    CONTACT = "contact"
    MESSAGE = "message"
    CALL = "call"
    SMS = "sms"
    LOCATION = "location"
    NEGOTIATION = "negotiation"
    PAYMENT = "payment"
    SAFE_HOUSE_STAY = "safe_house_stay"
    DEPARTURE = "departure"
    LEG_ARRIVAL = "leg_arrival"
    INTERCEPTION = "interception"
    INCIDENT = "incident"
    DEATH = "death"
    ARRIVAL = "arrival"
    RETRY = "retry"
    GIVE_UP = "give_up"
    ARREST = "arrest"
    SEIZURE = "seizure"
    SIM_SWAP = "sim_swap"
    BURNER_ACTIVATED = "burner_activated"
    PLATFORM_MOVE = "platform_move"
    REPLACEMENT = "replacement"
    MARKETPLACE_LISTING = "marketplace_listing"
    DOCUMENT_FORGED = "document_forged"


#: Column name -> (pandas dtype, meaning). Core columns are always set; the rest are optional.
COLUMNS: dict[str, tuple[str, str]] = {
    "event_id": ("int64", "row number after sorting by time"),
    "time": ("datetime64[s, UTC]", "when it happened (UTC, seconds)"),
    "day": ("int32", "day of the period (0 = period start)"),
    "kind": ("str", "what happened (EventKind)"),
    "actor": ("str", "person_id of who acts"),
    "target": ("str", "person_id of whom it is aimed at"),
    "place": ("str", "scenario place name"),
    "lat": ("float64", "latitude in degrees"),
    "lon": ("float64", "longitude in degrees"),
    "amount": ("float64", "amount in currency units"),
    "amount_cents": ("Int64", "exact amount in cents"),
    "currency": ("str", "ISO currency code or crypto ticker"),
    "channel": ("str", "how it travelled (messenger, telecom, hawala, crypto...)"),
    "platform": ("str", "fictional platform, messenger, exchange or transfer brand"),
    "actor_phone": ("str", "actor's phone number"),
    "target_phone": ("str", "target's phone number"),
    "actor_imei": ("str", "actor's handset IMEI"),
    "target_imei": ("str", "target's handset IMEI"),
    "actor_account": ("str", "actor's platform, messenger or exchange account"),
    "target_account": ("str", "target's platform, messenger or exchange account"),
    "actor_wallet": ("str", "actor's wallet, hawala code name or bank account"),
    "target_wallet": ("str", "target's wallet, hawala code name or bank account"),
    "device": ("str", "device id (seized handset, camera)"),
    "ip": ("str", "IP address used online"),
    "trip_id": ("str", "trip reference"),
    "payment_id": ("str", "payment reference (payments table)"),
    "post_id": ("str", "advert or post reference"),
    "detail": ("str", "kind-specific fields as a JSON object"),
}

CORE = ("time", "kind", "actor", "target", "place")
OPTIONAL = tuple(
    name for name in COLUMNS if name not in {*CORE, "event_id", "day", "amount", "detail"}
)
FLOAT_COLUMNS = frozenset({"lat", "lon"})


def _empty_sparse() -> dict[str, tuple[array[int], list[Any]]]:
    """Each optional column's (row numbers, values), empty."""
    return {name: (array("q"), []) for name in OPTIONAL}


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _make_dumps() -> Any:
    """A compact, key-sorted JSON encoder for detail dicts, identical to ``_ENCODER.encode``.

    ``JSONEncoder.encode`` builds a new C encoder for every call; the log encodes one detail per
    event, so the C encoder is built once here, with the arguments ``encode`` would give it (no
    circular-reference bookkeeping: details are small trees).
    """
    try:
        from json.encoder import c_make_encoder, encode_basestring
    except ImportError:  # pragma: no cover - CPython always has the C accelerator
        return _ENCODER.encode
    if c_make_encoder is None:  # pragma: no cover
        return _ENCODER.encode
    encode = c_make_encoder(None, _ENCODER.default, encode_basestring, None, ":", ",", True,
                            False, True)  # fmt: skip
    join = "".join

    def dumps(detail: Any) -> str:
        return join(encode(detail, 0))

    return dumps


_dumps = _make_dumps()


def dump_detail(detail: Mapping[str, Any] | None) -> str:
    """Serialise a detail dict as compact JSON with sorted keys (byte-stable across runs).

    >>> dump_detail({"b": 1, "a": "é"})
    '{"a":"é","b":1}'
    """
    if not detail:
        return "{}"
    return _dumps(detail)


class EventLog:
    """Append-only, columnar event log.

    Core columns (time, kind, actor, target, place, detail) are dense lists; every other column is
    sparse (row numbers + values), because most events use only a few identifiers. Times are whole
    seconds from the start of the period. :meth:`to_frame` builds the whole table at the end;
    :meth:`drain` hands out sorted chunks (everything before a horizon) for a writer that keeps
    memory flat, and the chunks concatenated are identical to :meth:`to_frame`. :meth:`compact`
    moves settled rows out of the Python lists into chunks the log keeps (a running model offers it
    every morning; it acts weekly), which :meth:`to_frame` joins without a second copy.

    Parameters
    ----------
    start : datetime.date
        The first day of the period (time 0 is its midnight, UTC).

    Examples
    --------
    >>> import datetime as dt
    >>> log = EventLog(dt.date(2024, 1, 1))
    >>> log.add("arrival", 90, "M1", place="Lampedusa")
    0
    >>> log.add("departure", 30, "M1", "P7", trip_id="T1")
    1
    >>> list(log.to_frame()["kind"])
    ['departure', 'arrival']
    """

    def __init__(self, start: dt.date) -> None:
        self.start = start
        self._time: list[int] = []
        self._kind: list[str] = []
        self._actor: list[str | None] = []
        self._target: list[str | None] = []
        self._place: list[str | None] = []
        self._detail: list[str] = []
        # Row numbers as a C array: read into numpy at every compaction by a copy of memory.
        self._sparse: dict[str, tuple[array[int], list[Any]]] = _empty_sparse()
        self._counts: Counter[str] = Counter()  # events per kind, of rows out of the lists
        self._seq_base = 0  # emission number of the first buffered row
        self._carry: dict[str, np.ndarray] | None = None  # sorted rows kept back by a drain
        self._drained = 0  # rows handed out by drain()
        self._horizon = -(10**15)  # nothing may be added before this time any more
        self._kept: list[pd.DataFrame] = []  # sorted chunks compacted, still part of the log
        self._handed_out = False  # drain() gave rows away: to_frame() would miss them
        self._spill: Callable[[pd.DataFrame], None] | None = None  # takes compacted chunks

    def __len__(self) -> int:
        return self._seq_base + len(self._time)

    def add(
        self,
        kind: str,
        t: int,
        actor: str | None,
        target: str | None = None,
        place: str | None = None,
        *,
        detail: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> int:
        """Append one event and return its emission number (0 for the first event ever added).

        ``fields`` are optional columns by name (``amount_cents``, ``actor_phone``...); a name that
        is not a column raises ``KeyError`` (a typo must not silently lose evidence).
        """
        if t < self._horizon:
            raise ValueError(f"event at {t} s is before the drained horizon ({self._horizon} s)")
        times = self._time
        row = len(times)
        times.append(int(t))
        self._kind.append(kind)  # counted per kind when the rows leave the lists
        self._actor.append(actor or None)
        self._target.append(target or None)
        self._place.append(place or None)
        self._detail.append(_dumps(detail) if detail else "{}")
        sparse = self._sparse
        for name, value in fields.items():
            # Empty means None or "". A true value is kept at once; a false one only if it is not
            # None and not a string (a zero). Only strings can equal "": asking a numpy number
            # whether it does makes numpy raise and swallow an error (more than the whole event).
            if value or (value is not None and not isinstance(value, str)):
                rows, values = sparse[name]
                rows.append(row)
                values.append(value)
        return self._seq_base + row

    def extend(
        self,
        kind: str,
        t: Sequence[int] | np.ndarray,
        actor: Sequence[str] | np.ndarray,
        target: Sequence[str | None] | np.ndarray | None = None,
        place: Sequence[str | None] | np.ndarray | None = None,
        *,
        detail: Sequence[Mapping[str, Any] | None] | None = None,
        **fields: Sequence[Any] | np.ndarray,
    ) -> None:
        """Append many events of one kind at once (bulk records such as routine pings).

        Every argument given is a sequence of the same length as ``t``.
        """
        n = len(t)
        if n and min(t) < self._horizon:
            raise ValueError(f"event before the drained horizon ({self._horizon} s)")
        first = len(self._time)
        self._time.extend(int(value) for value in t)
        self._kind.extend([str(kind)] * n)
        self._actor.extend(value or None for value in actor)
        self._target.extend([None] * n if target is None else [value or None for value in target])
        self._place.extend([None] * n if place is None else [value or None for value in place])
        self._detail.extend(["{}"] * n if detail is None else [dump_detail(d) for d in detail])
        for name, values in fields.items():
            rows, stored = self._sparse[name]
            for offset, value in enumerate(values):
                if value is None or (isinstance(value, str) and not value):
                    continue
                rows.append(first + offset)
                stored.append(value.item() if isinstance(value, np.generic) else value)

    def counts(self) -> dict[str, int]:
        """Events per kind, in :class:`EventKind` order (kinds never emitted give 0).

        >>> import datetime as dt
        >>> EventLog(dt.date(2024, 1, 1)).counts()["call"]
        0
        """
        counts = self._counts.copy()
        counts.update(self._kind)  # rows still in the lists
        return {kind.value: counts.get(kind.value, 0) for kind in EventKind}

    def to_frame(self, places: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
        """The whole sorted events table (see the module docstring for the columns).

        ``places`` maps a place name to ``(lat, lon)``, used where an event has a place but no
        explicit position (rows already compacted were placed with the mapping given then). Does
        not change what the log holds; use :meth:`drain` to write in chunks.
        """
        if self._handed_out:
            raise RuntimeError("part of the log was drained already; drain the rest instead")
        rest = self._finish(self._pool(places, consume=False), self._drained)
        if not self._kept:
            return rest
        if len(self._kept) > 1:
            # Kept as one chunk from now on: merging consumes the chunks, so memory holds the
            # table once, not once in chunks and once more in the result.
            self._kept = [_merge(self._kept)]
        if not len(rest):
            return self._kept[0].copy(deep=False)  # a frame of its own sharing the columns
        return _merge([self._kept[0].copy(deep=False), rest])

    def drain(
        self, before: int | None = None, places: Mapping[str, tuple[float, float]] | None = None
    ) -> pd.DataFrame:
        """Remove and return, sorted, every event earlier than ``before`` seconds (all if None).

        Chunks drained in turn and concatenated equal :meth:`to_frame` of the whole log, as long
        as no event is added before a horizon already drained (which raises ``ValueError``): the
        model stamps events at most :data:`MAX_BACKDATE` seconds before its clock, so draining up
        to ``now - MAX_BACKDATE`` is always safe. Rows :meth:`compact` kept come out first.
        """
        frame = self._take(before, places)
        if self._kept:
            frame = _merge([*self._kept, frame])
            self._kept = []
        self._handed_out = True
        return frame

    def compact(
        self, now: int | None = None, places: Mapping[str, tuple[float, float]] | None = None
    ) -> None:
        """Keep every event stamped before ``now - MAX_BACKDATE`` (all if None) compactly.

        Settled rows leave the Python lists for sorted chunks in the table's own column types,
        which :meth:`to_frame` joins; the table is the same. Nothing happens until that horizon
        is :data:`COMPACT_EVERY` past the last one. Give the same ``places`` as to
        :meth:`to_frame`. Events may not be added before the horizon after.

        >>> import datetime as dt
        >>> log = EventLog(dt.date(2024, 1, 1))
        >>> log.add("sms", 5 * DAY, "P1")
        0
        >>> log.add("call", DAY, "P2")
        1
        >>> log.compact(4 * DAY)
        >>> log.add("arrival", 3 * DAY, "P3")
        2
        >>> list(log.to_frame()["actor"]), len(log)
        (['P2', 'P3', 'P1'], 3)
        """
        before = None if now is None else now - MAX_BACKDATE
        if before is not None and before < self._horizon + COMPACT_EVERY:
            return
        chunk = self._take(before, places)
        if not len(chunk):
            return
        if self._spill is not None:
            self._spill(chunk)
        else:
            self._kept.append(chunk)

    def spill_to(self, keeper: Callable[[pd.DataFrame], None]) -> None:
        """From now on, hand each chunk :meth:`compact` settles to ``keeper`` instead of keeping it.

        For a process that writes the table as it runs (a ring's process writes its chunks to a
        file, :mod:`simulator.world.rings`): the log then holds only the rows not yet settled,
        never the whole table. Like :meth:`drain`, this gives rows away: the chunks handed on,
        followed by a last :meth:`drain`, are the table :meth:`to_frame` would have given.

        >>> import datetime as dt
        >>> log, chunks = EventLog(dt.date(2024, 1, 1)), []
        >>> log.spill_to(chunks.append)
        >>> log.add("call", 0, "P1"), log.add("sms", 9 * DAY, "P2")
        (0, 1)
        >>> log.compact(9 * DAY)
        >>> [list(chunk["actor"]) for chunk in [*chunks, log.drain()]]
        [['P1'], ['P2']]
        """
        if self._kept or self._drained:
            raise RuntimeError("spill_to must be called before any row is compacted or drained")
        self._spill = keeper
        self._handed_out = True

    def _take(
        self, before: int | None, places: Mapping[str, tuple[float, float]] | None
    ) -> pd.DataFrame:
        """Remove every row earlier than ``before`` (all if None) as a sorted, numbered frame."""
        pool = self._pool(places)
        if before is None:
            ready, self._carry = pool, None
            if len(pool["_t"]):
                # Later rows must sort after these for the chunks to join in order.
                self._horizon = max(self._horizon, int(pool["_t"][-1]))
        else:
            # The pool is sorted by time: the early rows are its head. The head is handed on as
            # views (no copy); the tail is copied, so that it holds none of the head's rows.
            cut = int(pool["_t"].searchsorted(before, side="left"))
            ready = {name: values[:cut] for name, values in pool.items()}
            self._carry = {name: values[cut:].copy() for name, values in pool.items()}
            self._horizon = max(self._horizon, int(before))
        frame = self._finish(ready, self._drained)
        self._drained += len(frame)
        return frame

    def _pool(
        self, places: Mapping[str, tuple[float, float]] | None, consume: bool = True
    ) -> dict[str, np.ndarray]:
        """Buffered rows (after rows carried over from the last drain), sorted, as raw columns.

        Raw columns stay numpy arrays until :meth:`_finish` builds the one frame: a frame here
        would turn every text column into Arrow strings and back again for nothing.
        """
        fresh = self._buffer_columns(places)
        if self._carry is not None:
            carry = self._carry
            fresh = {name: np.concatenate([carry[name], fresh[name]]) for name in fresh}
        if consume:
            self._carry = None
            self._reset_buffers()
        order = np.lexsort((fresh["_seq"], fresh["_t"]))
        return {name: values[order] for name, values in fresh.items()}

    def _buffer_columns(
        self, places: Mapping[str, tuple[float, float]] | None
    ) -> dict[str, np.ndarray]:
        n = len(self._time)
        columns: dict[str, Any] = {
            "_t": np.asarray(self._time, dtype=np.int64),
            "_seq": np.arange(self._seq_base, self._seq_base + n, dtype=np.int64),
            "kind": np.asarray(self._kind, dtype=object),
            "actor": np.asarray(self._actor, dtype=object),
            "target": np.asarray(self._target, dtype=object),
            "place": np.asarray(self._place, dtype=object),
            "detail": np.asarray(self._detail, dtype=object),
        }
        for name in OPTIONAL:
            rows, values = self._sparse[name]
            if name in FLOAT_COLUMNS:
                column = np.full(n, np.nan)
            elif name == "amount_cents":
                column = np.full(n, -1, dtype=np.int64)  # -1: no amount (amounts are >= 0)
            else:
                column = np.full(n, None, dtype=object)
            if rows:
                column[np.frombuffer(rows, dtype=np.int64)] = values
            columns[name] = column
        if places and n:
            # Fill positions from the place where none was given (a handset ping gives its own);
            # a place without a position leaves NaN, as it was.
            lat, lon, where = columns["lat"], columns["lon"], columns["place"]
            missing = np.flatnonzero(np.isnan(lat) & (where != None))  # noqa: E711
            codes, names = pd.factorize(where[missing])
            known = [places.get(name, (np.nan, np.nan)) for name in names]
            lat[missing] = np.array([p[0] for p in known], dtype=np.float64)[codes]
            lon[missing] = np.array([p[1] for p in known], dtype=np.float64)[codes]
        return columns

    def _reset_buffers(self) -> None:
        self._counts.update(self._kind)
        self._seq_base += len(self._time)
        self._time, self._kind, self._actor, self._target = [], [], [], []
        self._place, self._detail = [], []
        self._sparse = _empty_sparse()

    def _finish(self, pool: Mapping[str, np.ndarray], first_id: int) -> pd.DataFrame:
        """Final columns and dtypes of sorted raw rows, numbered from ``first_id``."""
        times = np.asarray(pool["_t"], dtype=np.int64)
        n = len(times)
        start = pd.Timestamp(self.start, tz="UTC")
        cents_raw = np.asarray(pool["amount_cents"], dtype=np.int64)
        has_amount = cents_raw >= 0
        cents = pd.array(np.where(has_amount, cents_raw, 0), dtype="Int64")
        cents[~has_amount] = pd.NA
        columns: dict[str, Any] = {
            "event_id": np.arange(first_id, first_id + n, dtype=np.int64),
            "time": pd.DatetimeIndex((start + pd.to_timedelta(times, unit="s")).as_unit("s")),
            "day": np.floor_divide(times, DAY).astype(np.int32),
            "amount": np.where(has_amount, cents_raw / 100.0, np.nan),
            "amount_cents": cents,
        }
        for name, (dtype, _meaning) in COLUMNS.items():
            if name not in columns:
                columns[name] = _text(pool[name]) if dtype == "str" else pool[name]
        return pd.DataFrame({name: columns[name] for name in COLUMNS})


#: The table's text dtype (pandas' default ``str``: Arrow-backed, missing values as NaN).
_STR = pd.api.types.pandas_dtype("str")


def text_array(values: Sequence[Any] | np.ndarray) -> Any:
    """Strings and None (a list or an object array) as a ``str`` column, or None if not all text.

    Equal to what pandas makes of them (``pd.array(values, dtype="str")``, ``astype("str")``),
    at half the cost: Arrow converts in one pass, where pandas checks every item first (and a
    frame built from object columns infers each column's type before converting it). When a
    value is not a string, Arrow refuses it and None tells the caller to take pandas' route.

    >>> list(text_array(["a", None]))
    ['a', nan]
    >>> text_array(["a", 1]) is None
    True
    """
    try:
        arrow = pa.array(values, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    return pd.array(arrow, dtype=_STR)


def text_column(values: Sequence[Any]) -> Any:
    """``pd.array(values, dtype="str")`` for a list of strings and None, at half the cost.

    >>> list(text_column(["a", None, 3]))
    ['a', nan, '3']
    """
    array = text_array(values)
    return pd.array(values, dtype="str") if array is None else array


def _text(values: np.ndarray) -> Any:
    """An object column of the log as its ``str`` column (what ``astype("str")`` makes)."""
    array = text_array(values)
    if array is None:
        return pd.Series(values, copy=False).astype("str").array
    return array


def _merge(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Consecutive chunks of the events table as one table, as :meth:`EventLog._finish` makes it.

    Consumes ``frames`` column by column (each column leaves the chunks once joined), so the peak
    is the chunks plus one column, not twice the table. Text columns are joined into one Arrow
    array, as a table built at once holds them (writers and filters see the same layout).
    """
    columns: dict[str, Any] = {}
    for name, (dtype, _meaning) in COLUMNS.items():
        column = pd.concat([frame.pop(name) for frame in frames], ignore_index=True)
        if dtype == "str":
            arrow = pa.array(column.array)
            if isinstance(arrow, pa.ChunkedArray):
                arrow = arrow.combine_chunks()
            column = pd.Series(pd.array(arrow, dtype=column.dtype), copy=False)
            # Hand the chunks' freed buffers back to the system now: the Arrow allocator keeps
            # them for reuse otherwise, and the next columns would add to the peak.
            pa.default_memory_pool().release_unused()
        # Plain numpy columns go in as arrays, to be stored together by dtype as _finish has them.
        columns[name] = column.to_numpy() if isinstance(column.dtype, np.dtype) else column
    return pd.DataFrame(columns, copy=False)
