"""Online behaviour: accounts, adverts, takedowns and backups, benign posts, marketplace listings.

Adverts are events: the model records the choices (platform, language, code words and emoji from
the scenario's vocabulary packs, price quoted, contact number, image-only contact, child discount,
brand and logo, backup number); the platform observer writes the text later. Each advertiser posts
at ``online.adverts.per_recruiter_per_week`` (forgers at half the rate), spread over the platforms
by their share. After a takedown the seller comes back with the next numbered backup account
("name1", "name2"...) or, with high OPSEC, sometimes moves to another platform.

Benign actors post about the same things with overlapping words; ordinary crypto users and hawala
customers move money through the same chain and the same brokers; marketplace sellers list boats,
engines and vans, a few of which the network buys.

Examples
--------
>>> LOGOS[:3]
('eagle', 'wolf', 'lion')
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.scenario.schema import PlatformKind
from simulator.world.agents.base import Account
from simulator.world.clock import time_of_day, times_of_day
from simulator.world.draws import cumulative, pick, sample
from simulator.world.events import DAY, EventKind
from simulator.world.ledger import Purpose, cents
from simulator.world.ownership import IdentifierKind

if TYPE_CHECKING:
    from simulator.world.agents.base import PersonAgent
    from simulator.world.agents.migrants import Migrant
    from simulator.world.agents.smugglers import Smuggler
    from simulator.world.journeys import Trip
    from simulator.world.model import SmugglingModel

__all__ = ["DEFAULT_MARKETPLACE", "LOGOS", "Advert", "OnlineWorld"]

#: Watermark logos sellers brand their adverts with (REALISM.md: eagle, wolf, lion...).
LOGOS = ("eagle", "wolf", "lion", "falcon", "shark", "star", "crown", "anchor")
#: Marketplace used for boat and vehicle listings when the scenario names none.
DEFAULT_MARKETPLACE = "Tradepost"
#: Days an advert stays visible to migrants looking for a smuggler.
ADVERT_VISIBLE_DAYS = 14

ADVERT_MEDIA = cumulative([0.5, 0.3, 0.2])
POST_MEDIA = cumulative([0.5, 0.35, 0.15])
TOPICS = {
    "ngo": ("rescue_statistics", "legal_advice", "shelter_info", "missing_persons"),
    "travel_agency": ("visa_services", "flight_deals", "study_abroad", "family_reunion"),
    "journalist": ("investigation", "shipwreck_report", "border_news"),
    "diaspora_group": ("community_news", "job_offers", "housing", "remittances"),
}
ITEMS = (
    ("inflatable boat 8 m", "for 55-60 people", (2500, 6000), True),
    ("outboard engine 40 hp", "", (1200, 3000), True),
    ("outboard engine 60 hp", "", (2000, 4500), True),
    ("fishing boat 12 m", "for 80-100 people", (9000, 25000), True),
    ("used van", "9 seats", (3000, 9000), False),
    ("minibus", "18 seats", (6000, 15000), False),
    ("life jackets (lot of 50)", "", (300, 900), False),
)


@dataclass
class Advert:
    """An advert still useful to a migrant looking for a smuggler."""

    post_id: str
    owner: Smuggler
    account: Account
    language: str
    t: int
    contact_phone: str | None


class AdvertShelf:
    """The crossing adverts of one language in posting order, with running counts of live ones.

    :meth:`OnlineWorld.find_advert` draws among the live adverts (account up, owner active) of a
    time window, weighted by the owner's nationality. Building that candidate list for every
    migrant costs as much as the window holds, which grows with the world; running counts
    (prefix sums) give the same draw from a few look-ups. ``live[j]`` counts live adverts among
    positions ``offset`` to ``offset + j - 1``; ``same[nationality]`` counts only those whose
    owner has that nationality. Counts are made when a search needs them and made again (from the
    search's window on) whenever an account or a member changed status since (``state``).
    """

    #: Counts of adverts out of the window are dropped once there are this many (and more than
    #: counts still in use).
    rebase_after = 1024

    def __init__(self) -> None:
        self.adverts: list[Advert] = []
        self.times: list[int] = []
        self.offset = 0
        self.built = 0
        self.live: list[int] = [0]
        self.same: dict[str, list[int]] = {}
        self.state: tuple[int, int] | None = None

    def add(self, advert: Advert) -> None:
        """Shelve a new advert (posted no earlier than the ones before it)."""
        self.adverts.append(advert)
        self.times.append(advert.t)

    def window(self, t: int) -> tuple[int, int]:
        """Positions ``[first, last)`` of adverts posted in the visible window ending at ``t``."""
        first = bisect.bisect_left(self.times, t - ADVERT_VISIBLE_DAYS * DAY)
        return first, bisect.bisect_right(self.times, t)

    def counts(self, state: tuple[int, int], first: int, nationality: str) -> list[int]:
        """Bring the running counts up to date from ``first`` on; return ``nationality``'s."""
        if state != self.state or not self.offset <= first <= self.built:
            # Someone's status changed, or the window moved outside the counted stretch (back in
            # time, or past adverts never counted): count again from the window's start.
            self.state, self.offset, self.built = state, first, first
            self.live, self.same = [0], {}
        elif first - self.offset > max(self.rebase_after, self.built - first):
            # Most counts are of adverts that fell out of the window: drop them (differences of
            # running counts stay right), so memory follows the window, not the whole period.
            cut = first - self.offset
            self.live = self.live[cut:]
            self.same = {name: counts[cut:] for name, counts in self.same.items()}
            self.offset = first
        same = self.same.get(nationality)
        if same is None:
            same = self.same[nationality] = self._count_same(nationality)
        if self.built < len(self.adverts):
            self._extend()
        return same

    def _count_same(self, nationality: str) -> list[int]:
        """Running count of live adverts by owners of ``nationality`` over the counted positions."""
        counts = [0]
        total = 0
        for advert in self.adverts[self.offset : self.built]:
            total += _is_live(advert) and advert.owner.nationality == nationality
            counts.append(total)
        return counts

    def _extend(self) -> None:
        """Count the adverts shelved since the last count."""
        live, same = self.live, list(self.same.items())
        for advert in self.adverts[self.built :]:
            ok = _is_live(advert)
            live.append(live[-1] + ok)
            if ok:
                owner = advert.owner.nationality
                for nationality, counts in same:
                    counts.append(counts[-1] + (owner == nationality))
            else:
                for _, counts in same:
                    counts.append(counts[-1])
        self.built = len(self.adverts)

    def weight(self, first: int, last: int, same: list[int]) -> int:
        """Total draw weight of positions ``[first, last)``: 1 per live advert, 3 if same owner."""
        a, b = first - self.offset, last - self.offset
        return self.live[b] - self.live[a] + 2 * (same[b] - same[a])

    def locate(self, first: int, last: int, same: list[int], target: int) -> Advert:
        """The advert at which the running weight from ``first`` reaches ``target`` (>= 1)."""
        live, base = self.live, first - self.offset
        base_weight = live[base] + 2 * same[base]
        low, high = base, last - self.offset - 1
        while low < high:
            mid = (low + high) // 2
            if live[mid + 1] + 2 * same[mid + 1] - base_weight >= target:
                high = mid
            else:
                low = mid + 1
        return self.adverts[low + self.offset]


def _is_live(advert: Advert) -> bool:
    """An advert a migrant can still answer: its account is up and its owner not arrested."""
    return bool(advert.account.active and advert.owner.active)


class AllBut(Sequence):
    """A list without one of its items, by index arithmetic instead of a copy.

    >>> view = AllBut(["a", "b", "c"], 1)
    >>> len(view), list(view)
    (2, ['a', 'c'])
    """

    def __init__(self, items: list[Any], skip: int) -> None:
        self.items = items
        self.skip = skip

    def __len__(self) -> int:
        return len(self.items) - 1

    def __getitem__(self, index: int) -> Any:  # type: ignore[override]
        if not 0 <= index < len(self.items) - 1:
            raise IndexError(index)
        return self.items[index + (index >= self.skip)]


def _first_above(draw: float, total: int) -> int:
    """The smallest whole ``c`` in ``1..total`` with ``c / total > draw`` (as floats).

    :func:`~simulator.world.draws.pick` over integer weights returns the first index whose running
    sum ``c`` has ``c / total > draw`` (float division, exactly as numpy does it); float division
    is monotonic in ``c``, so the candidate drawn is the first whose running sum reaches this.

    >>> _first_above(0.0, 4), _first_above(0.25, 4), _first_above(0.99, 4)
    (1, 2, 4)
    """
    scale = float(total)
    c = max(1, min(total, int(draw * scale) + 1))
    while c > 1 and (c - 1) / scale > draw:
        c -= 1
    while c < total and c / scale <= draw:
        c += 1
    return c


class OnlineWorld:
    """Accounts and posts on the scenario's fictional platforms."""

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.online
        self.benign_rng: np.random.Generator = model.streams.benign
        online = model.spec.online
        self.settings = online.adverts
        self.ad_platforms = [p for p in online.platforms if p.share > 0]
        self.ad_shares = cumulative([p.share for p in self.ad_platforms])
        self.route_shares = cumulative([r.share for r in model.spec.routes])
        markets = [p.name for p in online.platforms if p.kind == PlatformKind.MARKETPLACE]
        self.marketplace = markets[0] if markets else DEFAULT_MARKETPLACE
        forums = [p.name for p in online.platforms if p.kind == PlatformKind.FORUM]
        self.forum = forums[0] if forums else self.ad_platforms[0].name
        self.vocabulary = {pack.language: pack for pack in online.vocabulary}
        self.languages = list(online.languages)
        self.adverts: dict[str, list[Advert]] = {}
        self._shelves: dict[str, AdvertShelf] = {}
        self._positions: dict[int, tuple[list[Any], int, dict[int, list[int]]]] = {}
        self.posts = 0
        self.listings = 0
        self.pending_releases: list[tuple[int, Any]] = []

    # ------------------------------------------------------------------ accounts

    def open_account(
        self,
        person: PersonAgent,
        platform: str,
        display_name: str,
        t: int,
        *,
        backup_number: int = 0,
        backup_of: str | None = None,
        purpose: str = "advertising",
    ) -> Account:
        """Create a platform account, record its ownership and emit ``account_created``."""
        model = self.model
        handle = model.identities.handle(display_name, platform, backup_number)
        account = Account(platform, handle, display_name, backup_number, t)
        person.accounts[platform] = account
        model.owners.acquire(handle, IdentifierKind.PLATFORM_ACCOUNT, person.person_id, t, platform)
        detail: dict[str, Any] = {
            "display_name": display_name,
            "backup_number": backup_number,
            "purpose": purpose,
            "bio_language": person.languages[0] if person.languages else None,
        }
        if backup_of:
            detail["backup_of"] = backup_of
        model.log.add(
            EventKind.ACCOUNT_CREATED, t, person.person_id, None, None, detail=detail,
            platform=platform, actor_account=handle, actor_phone=person.number, ip=person.ip,
        )  # fmt: skip
        return account

    def brand(self, smuggler: Smuggler) -> None:
        """Give an advertiser a brand name and a logo watermark."""
        logo = LOGOS[int(self.rng.integers(len(LOGOS)))]
        first = smuggler.first_name
        if smuggler.role == "forger":
            styles = (f"{first} Visa Consulting", f"Euro Travel {first}", f"{first} Study Abroad")
        else:
            styles = (f"{first} {logo.title()}", f"Abu {first} Trips", f"Captain {first}")
        smuggler.brand = styles[int(self.rng.integers(len(styles)))]
        smuggler.logo = logo

    def open_advertising_accounts(self, smuggler: Smuggler, t: int, established: bool) -> None:
        """Accounts on every advertising platform: old for an established seller, else new."""
        self.brand(smuggler)
        for platform in self.ad_platforms:
            if established:
                created = t - int(self.rng.integers(20, 400)) * DAY + time_of_day(self.rng)
            else:
                created = t + int(self.rng.integers(60, 6 * 3600))
            self.open_account(smuggler, platform.name, smuggler.brand, created)

    # ------------------------------------------------------------------ adverts

    def schedule_next_advert(self, smuggler: Smuggler) -> None:
        """Schedule the advertiser's next post (exponential gaps at the scenario rate)."""
        rate = self.settings.per_recruiter_per_week / 7.0
        if smuggler.role == "forger":
            rate /= 2
        elif smuggler.role not in {"recruiter"}:
            rate = 0.3 / 7.0
        if rate <= 0:
            return
        gap = self.rng.exponential(1.0 / rate)
        self.model.schedule_at(smuggler.advertise, self.model.t() + max(60, int(gap * DAY)))

    def post_advert(self, smuggler: Smuggler) -> None:
        """Compose and post one advert on a platform chosen by share."""
        model = self.model
        rng = self.rng
        t = model.t()
        if smuggler.role == "organiser":
            platform = self.forum
        else:
            platform = self.ad_platforms[pick(rng, self.ad_shares)].name
        account = smuggler.accounts.get(platform)
        if account is None or not account.active:
            live = [
                a for a in smuggler.accounts.values() if a.active and a.platform != self.marketplace
            ]
            if not live:
                return
            account = live[int(rng.integers(len(live)))]
            platform = account.platform
        language = self.pick_language(smuggler)
        detail, quote, currency = self.compose(smuggler, language, account)
        self.posts += 1
        post_id = f"AD{model.ring.number(self.posts):06d}"
        model.log.add(
            EventKind.ADVERT_POSTED, t, smuggler.person_id, None, smuggler.place, detail=detail,
            platform=platform, actor_account=account.handle, ip=smuggler.ip, post_id=post_id,
            amount_cents=quote, currency=currency,
        )  # fmt: skip
        if detail["offer"] == "crossing":
            advert = Advert(post_id, smuggler, account, language, t, smuggler.number)
            shelf = self._shelves.get(language)
            if shelf is None:
                shelf = self._shelves[language] = AdvertShelf()
                self.adverts[language] = shelf.adverts
            shelf.add(advert)

    def pick_language(self, smuggler: Smuggler) -> str:
        """A language of the scenario's adverts the advertiser speaks (else any of them)."""
        spoken = [lang for lang in self.languages if lang in smuggler.languages]
        pool = spoken or self.languages
        return pool[int(self.rng.integers(len(pool)))]

    def compose(
        self, smuggler: Smuggler, language: str, account: Account
    ) -> tuple[dict[str, Any], int | None, str | None]:
        """The choices an advert is made of (the observer writes the text from them)."""
        model = self.model
        rng = self.rng
        settings = self.settings
        pack = self.vocabulary.get(language)
        opsec = model.spec.network.opsec.value
        words: list[str] = []
        emoji: list[str] = []
        if pack is not None:
            k = min(len(pack.words), int(rng.integers(2, 5)))
            words = [pack.words[i] for i in sample(rng, len(pack.words), k)]
            if pack.emoji:
                e = min(len(pack.emoji), int(rng.integers(0, 3)) + (1 if opsec == "high" else 0))
                emoji = [pack.emoji[i] for i in sample(rng, len(pack.emoji), e)]
        image_only = bool(rng.random() < settings.image_only_contact)
        detail: dict[str, Any] = {
            "language": language,
            "words": words,
            "emoji": emoji,
            "brand": smuggler.brand,
            "logo": smuggler.logo,
            "backup_number": account.backup_number,
            "contact_phone": smuggler.number,
            "image_only": image_only,
            "opsec": opsec,
        }
        if smuggler.role == "forger":
            detail.update(offer="documents", media="image" if rng.random() < 0.7 else "video")
            return detail, None, None
        if smuggler.role == "organiser":
            detail.update(offer="driver_wanted", media="text", image_only=False)
            return detail, None, None
        route = model.spec.routes[pick(rng, self.route_shares)]
        low = sum(leg.price.min for leg in route.legs)
        high = sum(leg.price.max for leg in route.legs)
        quote = int(rng.uniform(low, high) // 50 * 50) or int(low)
        sea = [leg for leg in route.legs if leg.mode.by_sea]
        claims = [c for c, p in (("safe", 0.6), ("guaranteed", 0.5), ("daily_departures", 0.3),
                                 ("families_welcome", 0.3)) if rng.random() < p]  # fmt: skip
        media = "image" if image_only else ("text", "image", "video")[pick(rng, ADVERT_MEDIA)]
        detail.update(
            offer="crossing",
            route=route.name,
            legs=[f"{leg.from_}->{leg.to}" for leg in route.legs],
            price_quoted=quote,
            child_discount=bool(rng.random() < settings.child_discount),
            claims=claims,
            capacity_text=f"max {sea[0].capacity.max}" if sea else None,
            media=media,
        )
        return detail, quote * 100, route.legs[0].price.currency.value

    def find_advert(self, migrant: Migrant, t: int) -> Advert | None:
        """A recent advert, in a language the migrant reads, whose account is still up.

        The candidates are the live adverts of the last :data:`ADVERT_VISIBLE_DAYS` days, language
        by language in the migrant's order, each in posting order; one is drawn with
        :func:`~simulator.world.draws.pick` over their weights. The shelves' running counts give
        the same advert for the same random number without listing the candidates.
        """
        # People trust a seller of their own nationality more (UNODC): three times the weight.
        nationality = migrant.nationality
        state = (self.model.roster_version, Account.changes)
        segments: list[tuple[AdvertShelf, int, int, list[int], int]] = []
        total = 0
        for language in migrant.languages:
            shelf = self._shelves.get(language)
            if shelf is None or not shelf.times:
                continue
            first, last = shelf.window(t)
            if first >= last:
                continue
            same = shelf.counts(state, first, nationality)
            weight = shelf.weight(first, last, same)
            if weight:
                segments.append((shelf, first, last, same, weight))
                total += weight
        if not total:
            return None
        target = _first_above(self.model.streams.migrants.random(), total)
        for shelf, first, last, same, weight in segments:
            if target <= weight:
                return shelf.locate(first, last, same, target)
            target -= weight
        raise AssertionError("the target weight lies within the total")  # pragma: no cover

    # ------------------------------------------------------------------ takedowns

    def take_down(self, platform: str, count: int, index: int, t: int) -> None:
        """Remove ``count`` advertising accounts on ``platform``; their owners plan to return."""
        model = self.model
        live = sorted(
            (
                (person.accounts[platform].handle, person)
                for person in model.members_of()
                if platform in person.accounts and person.accounts[platform].active
            ),
            key=lambda pair: pair[0],
        )
        if not live:
            return
        picks = self.rng.choice(len(live), size=min(count, len(live)), replace=False)
        for position in sorted(picks.tolist()):  # ``index`` is the intervention's: keep it
            handle, person = live[position]
            account = person.accounts[platform]
            account.active = False
            model.owners.release(handle, t)
            model.log.add(
                EventKind.ACCOUNT_TAKEN_DOWN, t, person.person_id, None, None,
                detail={"reason": "referral", "intervention": index}, platform=platform,
                actor_account=handle,
            )  # fmt: skip
            person.pending_platforms.append(platform)
            fast = {"low": 4.0, "medium": 2.0, "high": 0.7}[model.spec.network.opsec.value]
            model.schedule_at(person.reappear, t + int(self.rng.exponential(fast) * DAY) + 600)

    def reappear(self, smuggler: Smuggler) -> None:
        """Open the next backup account (or move platform) for each platform lost."""
        model = self.model
        t = model.t()
        opsec = model.spec.network.opsec.value
        pending, smuggler.pending_platforms = smuggler.pending_platforms, []
        for platform in pending:
            old = smuggler.accounts[platform]
            others = [
                p.name
                for p in self.ad_platforms
                if p.name != platform
                and (p.name not in smuggler.accounts or not smuggler.accounts[p.name].active)
            ]
            move = {"low": 0.05, "medium": 0.2, "high": 0.5}[opsec]
            if others and self.rng.random() < move:
                target = others[int(self.rng.integers(len(others)))]
                model.log.add(
                    EventKind.PLATFORM_MOVE, t, smuggler.person_id, None, None,
                    detail={"from_platform": platform, "to_platform": target},
                    platform=target, actor_account=old.handle,
                )  # fmt: skip
                previous = smuggler.accounts.get(target)
                number = previous.backup_number + 1 if previous else 0
                self.open_account(
                    smuggler, target, smuggler.brand or smuggler.first_name, t + 60,
                    backup_number=number, backup_of=old.handle,
                )  # fmt: skip
                continue
            number = old.backup_number + 1
            display = old.display_name
            if number > self.settings.backup_accounts:
                display, number = f"{old.display_name} Official", 0
            self.open_account(
                smuggler, platform, display, t, backup_number=number, backup_of=old.handle
            )

    # ------------------------------------------------------------------ the haystack

    def benign_day(self, day: int) -> None:
        """Benign posts, crypto transfers, hawala remittances and marketplace listings."""
        model = self.model
        rng = self.benign_rng
        posters = model.benign_posters
        if posters:
            counts = rng.poisson([p.posts_per_week / 7.0 for p in posters])
            for actor, n in zip(posters, counts.tolist(), strict=True):
                # Most posters post nothing on a given day, and one draw of size 1 is the same
                # draw as a scalar one: skip numpy's per-array overhead where it buys nothing.
                if not n:
                    continue
                profile = "office" if actor.role != "journalist" else "waking"
                if n == 1:
                    self.benign_post(actor, day * DAY + time_of_day(rng, profile))
                    continue
                for second in times_of_day(rng, n, profile):
                    self.benign_post(actor, day * DAY + int(second))
        for actor in model.benign_crypto:
            for _ in range(int(rng.poisson(actor.posts_per_week / 7.0))):
                self.benign_crypto(actor, day * DAY + time_of_day(rng))
        brokers = model.members_of("money_broker")
        if brokers:
            for actor in model.benign_hawala:
                for _ in range(int(rng.poisson(actor.posts_per_week / 7.0))):
                    self.benign_remittance(actor, brokers, day * DAY + time_of_day(rng, "office"))
        self.release_remittances(day)
        for seller in model.sellers:
            if rng.random() < 0.25:
                self.list_item(seller, day * DAY + time_of_day(rng), sold_to=None)

    def all_but(self, pool: list[PersonAgent], actor: PersonAgent) -> Sequence[PersonAgent]:
        """``[a for a in pool if a is not actor]``, without copying the pool each time.

        The haystack's pools (crypto users, hawala customers) are built once; copying one for
        every transaction would cost the pool's size per transaction. Where each item sits is
        remembered per pool (and worked out again if the pool's length changes).
        """
        cached = self._positions.get(id(pool))
        if cached is None or cached[0] is not pool or cached[1] != len(pool):
            positions: dict[int, list[int]] = {}
            for index, item in enumerate(pool):
                positions.setdefault(id(item), []).append(index)
            cached = self._positions[id(pool)] = (pool, len(pool), positions)
        where = cached[2].get(id(actor), [])
        if len(where) == 1 and pool[where[0]] is actor:
            return AllBut(pool, where[0])
        return [a for a in pool if a is not actor]

    def benign_post(self, actor: PersonAgent, t: int) -> None:
        """One post by an NGO, agency, journalist or diaspora group, with shared words."""
        rng = self.benign_rng
        spoken = [lang for lang in self.languages if lang in actor.languages]
        pool = spoken or self.languages
        language = pool[int(rng.integers(len(pool)))]
        pack = self.vocabulary.get(language)
        words: list[str] = []
        if pack is not None and rng.random() < 0.7:
            k = min(len(pack.words), int(rng.integers(1, 3)))
            words = [pack.words[i] for i in sample(rng, len(pack.words), k)]
        live = [a for a in actor.accounts.values() if a.active]
        if not live:
            return
        account = live[int(rng.integers(len(live)))]
        topics = TOPICS[actor.role]
        self.posts += 1
        media = ("text", "image", "video")[pick(rng, POST_MEDIA)]
        self.model.log.add(
            EventKind.BENIGN_POST, t, actor.person_id, None, None,
            detail={"language": language, "words": words, "actor_kind": actor.role,
                    "topic": topics[int(rng.integers(len(topics)))], "media": media},
            platform=account.platform, actor_account=account.handle, ip=actor.ip,
            post_id=f"BP{self.model.ring.number(self.posts):06d}",
        )  # fmt: skip

    def benign_crypto(self, actor: PersonAgent, t: int) -> None:
        """An ordinary stablecoin transfer, purchase or sale on the same chain and exchange."""
        model = self.model
        rng = self.benign_rng
        money = model.money
        currency = "EUR"
        wallet = model.wallet_of(actor)
        amount = int(rng.integers(20, 2000)) * 100
        balance = model.ledger.balance(actor.person_id, f"wallet:{wallet}", currency)
        action = rng.random()
        if balance < amount or action < 0.3:
            money.pay(
                t, actor, actor, amount, currency, "exchange", Purpose.ON_RAMP,
                to_account=f"wallet:{wallet}", payer_instrument=model.exchange_account_of(actor),
                payee_instrument=wallet, platform=money.exchange, detail={"asset": money.asset},
            )  # fmt: skip
            return
        # Spend only what has arrived by then (credits are sometimes stamped later in the day).
        t = max(t, model.ledger.last_in(actor.person_id, f"wallet:{wallet}", currency) + 60)
        others = self.all_but(model.benign_crypto, actor)
        if others and action < 0.8:
            other = others[int(rng.integers(len(others)))]
            target = model.wallet_of(other)
            money.pay(
                t, actor, other, amount, currency, "crypto", Purpose.BENIGN_TRANSFER,
                from_account=f"wallet:{wallet}", to_account=f"wallet:{target}",
                payer_instrument=wallet, payee_instrument=target, platform=money.asset,
                detail={"asset": money.asset, "tx_hash": money.tx_hash()},
            )  # fmt: skip
            return
        money.pay(
            t, actor, actor, amount, currency, "crypto", Purpose.BENIGN_TRANSFER,
            from_account=f"wallet:{wallet}", to_account="exchange", payer_instrument=wallet,
            payee_instrument=model.exchange_deposit_address(actor), platform=money.exchange,
            detail={"asset": money.asset, "tx_hash": money.tx_hash(), "sale": True},
        )  # fmt: skip
        money.pay(
            t + 3600, actor, actor, amount, currency, "exchange", Purpose.CASH_OUT,
            from_account="exchange", payer_instrument=model.exchange_account_of(actor),
            platform=money.exchange,
        )  # fmt: skip

    def benign_remittance(self, actor: PersonAgent, brokers: list[PersonAgent], t: int) -> None:
        """A family remittance through hawala: deposit now, paid out to a relative in a few days."""
        model = self.model
        rng = self.benign_rng
        money = model.money
        home = brokers[int(rng.integers(len(brokers)))]
        partner = brokers[int(rng.integers(len(brokers)))]
        recipients = self.all_but(model.benign_hawala, actor)
        recipient = recipients[int(rng.integers(len(recipients)))] if recipients else actor
        amount = int(rng.integers(100, 1500)) * 100
        fee = cents(amount / 100 * model.spec.money.hawala.broker_fee)
        deposit = money.pay(
            t, actor, home, amount + fee, "EUR", "hawala", Purpose.BENIGN_REMITTANCE,
            to_account="escrow", payee_instrument=home.hawala_code, place=home.place,
            detail={"fee_cents": fee}, phones=True,
        )  # fmt: skip
        if fee:
            money.pay(
                t, home, home, fee, "EUR", "hawala", Purpose.BROKER_FEE, from_account="escrow",
                to_account="income", payer_instrument=home.hawala_code,
                payee_instrument=home.hawala_code, parent=deposit, place=home.place,
            )  # fmt: skip
        due = t + int(rng.integers(3600, 3 * DAY))
        self.pending_releases.append((due, (home, partner, recipient, amount, deposit)))

    def release_remittances(self, day: int) -> None:
        """Pay out remittances that fall due before the end of ``day``."""
        model = self.model
        money = model.money
        end = (day + 1) * DAY
        due = [item for item in self.pending_releases if item[0] < end]
        self.pending_releases = [item for item in self.pending_releases if item[0] >= end]
        for when, (home, partner, recipient, amount, deposit) in due:
            if partner is home:
                source, account = home, "escrow"
            else:
                source, account = partner, "cash"
                money.add_owed(home, partner, "EUR", amount, max(when, day * DAY))
            money.pay(
                max(when, day * DAY), source, recipient, amount, "EUR", "hawala",
                Purpose.BENIGN_REMITTANCE, from_account=account,
                payer_instrument=source.hawala_code, parent=deposit, place=source.place,
                phones=True,
            )  # fmt: skip

    # ------------------------------------------------------------------ marketplace

    def list_item(
        self, seller: PersonAgent, t: int, sold_to: PersonAgent | None, boat: bool = False
    ) -> tuple[str, int]:
        """A listing for a boat, engine or vehicle; returns (post id, price in cents)."""
        rng = self.benign_rng
        pool = [item for item in ITEMS if item[3]] if boat else list(ITEMS)
        name, capacity_text, (low, high), _ = pool[int(rng.integers(len(pool)))]
        price = int(rng.integers(low, high + 1)) // 50 * 50
        self.listings += 1
        post_id = f"ML{self.model.ring.number(self.listings):06d}"
        account = seller.accounts.get(self.marketplace)
        detail: dict[str, Any] = {
            "item": name,
            "capacity_text": capacity_text,
            "price": price,
            "language": seller.languages[0] if seller.languages else None,
        }
        if sold_to is not None:
            detail["sold_to"] = sold_to.person_id
        self.model.log.add(
            EventKind.MARKETPLACE_LISTING, t, seller.person_id, None, seller.place,
            detail=detail, platform=self.marketplace,
            actor_account=account.handle if account else None, ip=seller.ip, post_id=post_id,
            amount_cents=price * 100, currency="EUR", actor_phone=seller.number,
        )  # fmt: skip
        return post_id, price * 100

    def buy_boat(self, buyer: PersonAgent, trip: Trip, t: int) -> None:
        """The coordinator buys a boat or engine listed online for this trip, in cash."""
        model = self.model
        sellers = model.sellers
        if not sellers:
            return
        seller = sellers[int(self.benign_rng.integers(len(sellers)))]
        listed = t - int(self.benign_rng.integers(2 * 3600, 20 * 3600))
        post_id, price = self.list_item(seller, listed, sold_to=buyer, boat=True)
        model.comms.call(buyer, seller, listed + 1800, int(self.benign_rng.integers(30, 300)))
        model.money.expense(
            t, buyer, seller, price, "EUR", Purpose.BOAT_PURCHASE, trip_id=trip.trip_id,
            detail={"post_id": post_id},
        )  # fmt: skip
