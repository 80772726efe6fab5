"""Messages, calls, texts and handset locations: the metadata telecoms and messengers keep.

Deal-driven messages (negotiation, payment codes, "OK" on arrival, departure notices) are sent by
the agents through :meth:`Comms.message`. Routine traffic along the network's ties (members calling
and messaging the people they work with) and the daily cell-site pings of members' handsets are
drawn in bulk once a day, because they are many and need no decision.

Examples
--------
>>> import numpy as np
>>> jitter(np.random.default_rng(0), 36.8, 10.7, 0.0)
(36.8, 10.7)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.world.clock import times_of_day
from simulator.world.events import DAY, EventKind

if TYPE_CHECKING:
    from simulator.world.agents.base import PersonAgent
    from simulator.world.model import SmugglingModel

__all__ = ["TIE_TRAFFIC", "Comms", "jitter"]

#: Contacts per tie per day: (calls, sms, messenger messages). Modelling choice.
TIE_TRAFFIC = (0.25, 0.08, 0.6)

#: Message sizes in bytes by media (modelling choice; what providers' traffic data shows).
SIZES = {
    "text": (40, 400),
    "location": (100, 300),
    "voice": (5_000, 80_000),
    "image": (20_000, 900_000),
}

CHATTER = (
    "where are you",
    "call me",
    "tomorrow",
    "ok",
    "the group is ready",
    "send the list",
    "money received",
    "police at the port",
    "change of plan",
    "need a new number",
)


def jitter(rng: np.random.Generator, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A position about ``km`` kilometres around (lat, lon), rounded to 5 decimals (~1 m)."""
    if km <= 0:
        return round(lat, 5), round(lon, 5)
    dlat = rng.normal(0, km / 111.0)
    dlon = rng.normal(0, km / (111.0 * _lon_factor(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


#: Latitude -> cosine factor of a degree of longitude (places are few; pings are many).
_LON_FACTORS: dict[float, float] = {}


def _lon_factor(lat: float) -> float:
    """``max(cos(lat), 0.2)``: how much shorter a degree of longitude is than one of latitude.

    >>> bool(_lon_factor(60.0) == max(np.cos(np.radians(60.0)), 0.2))
    True
    """
    factor = _LON_FACTORS.get(lat)
    if factor is None:
        factor = _LON_FACTORS[lat] = max(np.cos(np.radians(lat)), 0.2)
    return factor


class Comms:
    """Emits communications between people with their phones, handsets and accounts."""

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.comms
        self.messenger = model.spec.online.messenger
        self._threads: dict[tuple[str, str], str] = {}

    def thread(self, a: PersonAgent, b: PersonAgent) -> str:
        """A stable conversation id for a pair of people."""
        first, second = a.person_id, b.person_id
        key = (first, second) if first <= second else (second, first)
        threads = self._threads
        found = threads.get(key)
        if found is None:
            found = threads[key] = f"TH{self.model.ring.number(len(threads) + 1):06d}"
        return found

    def message(
        self,
        sender: PersonAgent,
        receiver: PersonAgent | None,
        t: int,
        kind: str,
        summary: str,
        *,
        amount_cents: int | None = None,
        currency: str | None = None,
        group: str | None = None,
        media: str = "text",
        extra: dict[str, Any] | None = None,
        where_km: float | None = None,
    ) -> None:
        """A messenger message (E2E encrypted: only a seized handset shows ``summary``).

        ``where_km`` stamps the sender's position (within that many km of their place) on the
        event: a photo's EXIF GPS, a shared live location.
        """
        detail: dict[str, Any] = {
            "type": kind,
            "summary": summary,
            "media": media,
            "size_bytes": int(self.rng.integers(*SIZES.get(media, SIZES["image"]))),
        }
        if receiver is not None:
            detail["thread"] = self.thread(sender, receiver)
        if group:
            detail["group"] = group
        if extra:
            detail.update(extra)
        lat = lon = None
        if where_km is not None and sender.place in self.model.places:
            place = self.model.places[sender.place]
            lat, lon = jitter(self.rng, place.lat, place.lon, where_km)
        self.model.log.add(
            EventKind.MESSAGE,
            t,
            sender.person_id,
            receiver.person_id if receiver else None,
            sender.place,
            detail=detail,
            channel="messenger",
            platform=self.messenger,
            actor_phone=sender.number,
            actor_imei=sender.imei,
            actor_account=sender.messenger,
            target_phone=receiver.number if receiver else None,
            target_imei=receiver.imei if receiver else None,
            target_account=receiver.messenger if receiver else None,
            ip=sender.ip,
            amount_cents=amount_cents,
            currency=currency,
            lat=lat,
            lon=lon,
            device=sender.phone.device_id if where_km is not None and sender.phone else None,
        )

    def call(self, caller: PersonAgent, callee: PersonAgent, t: int, duration_s: int) -> None:
        """A phone call over the telecom network."""
        self.model.log.add(
            EventKind.CALL,
            t,
            caller.person_id,
            callee.person_id,
            caller.place,
            detail={"duration_s": int(duration_s)},
            channel="telecom",
            actor_phone=caller.number,
            actor_imei=caller.imei,
            target_phone=callee.number,
            target_imei=callee.imei,
        )

    def ping(self, person: PersonAgent, t: int, reason: str, km: float = 2.0) -> None:
        """The person's handset seen near their current place (a cell-site record)."""
        if person.phone is None:
            return
        place = self.model.places[person.place]
        lat, lon = jitter(self.rng, place.lat, place.lon, km)
        self.model.log.add(
            EventKind.LOCATION,
            t,
            person.person_id,
            None,
            person.place,
            detail={"reason": reason},
            lat=lat,
            lon=lon,
            actor_phone=person.number,
            actor_imei=person.imei,
        )

    def routine(self, day: int) -> None:
        """One day of calls, texts and messages along active ties, and members' pings.

        Every number is drawn for the whole day at once (counts per tie, times, directions,
        durations, positions); only the records are written one by one.
        """
        model = self.model
        log = model.log
        rng = self.rng
        edges = model.active_edges()
        if edges:
            counts = rng.poisson(TIE_TRAFFIC, size=(len(edges), 3))
            totals = counts.sum(axis=1)
            n = int(totals.sum())
            times = (day * DAY + times_of_day(rng, n)).tolist()
            flips = (rng.random(n) < 0.5).tolist()
            durations = (rng.gamma(2.0, 60.0, size=n).astype(np.int64) + 5).tolist()
            lengths = rng.integers(5, 140, size=n).tolist()
            chatter = rng.integers(len(CHATTER), size=n).tolist()
            cursor = 0
            for (a, b), (n_calls, n_sms, _), total in zip(
                edges, counts.tolist(), totals.tolist(), strict=True
            ):
                cut = min(_leaves(a), _leaves(b))
                for index in range(total):
                    k = cursor + index
                    t = times[k]
                    if t >= cut:
                        continue  # arrested (or phone seized) earlier that day
                    first, second = (b, a) if flips[k] else (a, b)
                    if index < n_calls:
                        self.call(first, second, t, durations[k])
                    elif index < n_calls + n_sms:
                        log.add(
                            EventKind.SMS,
                            t,
                            first.person_id,
                            second.person_id,
                            first.place,
                            detail={"length": lengths[k]},
                            channel="telecom",
                            actor_phone=first.number,
                            actor_imei=first.imei,
                            target_phone=second.number,
                            target_imei=second.imei,
                        )
                    else:
                        self.message(first, second, t, "chatter", CHATTER[chatter[k]])
                cursor += total
        members = [m for m in model.members_of() if m.phone is not None]
        if not members:
            return
        pings = rng.integers(1, 4, size=len(members))
        n = int(pings.sum())
        times = (day * DAY + times_of_day(rng, n)).tolist()
        offsets = rng.normal(0.0, 2.0 / 111.0, size=(n, 2)).tolist()
        cursor = 0
        places = model.places
        for member, count in zip(members, pings.tolist(), strict=True):
            cut = _leaves(member)
            place = places[member.place]
            shrink = 1.0 / _lon_factor(place.lat)
            for k in range(cursor, cursor + count):
                if times[k] < cut:
                    dlat, dlon = offsets[k]
                    log.add(
                        EventKind.LOCATION,
                        times[k],
                        member.person_id,
                        None,
                        member.place,
                        detail=ROUTINE,
                        lat=round(place.lat + dlat, 5),
                        lon=round(place.lon + dlon * shrink, 5),
                        actor_phone=member.number,
                        actor_imei=member.imei,
                    )
            cursor += count


#: Detail of a routine ping (shared: the log serialises it on the way in).
ROUTINE = {"reason": "routine"}


def _leaves(person: PersonAgent) -> float:
    """When the person's routine traffic stops today (infinity if it does not)."""
    return float("inf") if person.leaves_at is None else person.leaves_at
