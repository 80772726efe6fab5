"""How migrants' fees move, and how the network pays its own people (FATF 2022; REALISM.md).

Channels (``money.channels`` shares, chosen once per journey):

hawala
    The payer deposits the fee plus the broker's commission with a home broker; the broker
    confirms to the smuggler that the money is there; when the migrant finishes the leg (or the
    journey) and sends the code word, a partner broker pays the smuggler out and the home broker
    owes the partner until the periodic settlement (cash courier, trade invoice or crypto). A
    migrant who dies or gives up has the escrow refunded. Some journeys pay leg by leg.
crypto
    The payer buys the stablecoin at the exchange and pays a recruiter's deposit wallet; every week
    the organiser sweeps deposit wallets into a consolidation wallet, then runs a peel chain (each
    hop peels a share to a member's wallet and moves the rest to a fresh wallet) that ends at an
    exchange account held by a mule, who cashes out and hands the cash over.
money_transfer
    The payer sends money through a transfer office to mules in the transit country; amounts above
    the reporting threshold are split below it (structuring) with the scenario's probability.
cash
    Paid in person to the coordinator before each leg (or to the recruiter for the whole journey);
    couriers carry collected cash to the organiser every week.

The network also pays drivers per trip, safe-house keepers per stay, bribes, forged documents and
boats bought online. Every movement is a row of the ledger and a ``payment`` event.

Examples
--------
>>> split_below(250_000, 100_000, [0.9, 0.8, 0.7, 0.6])
[90000, 80000, 80000]
>>> split_below(50_000, 100_000, [0.9])
[50000]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.world.clock import time_of_day
from simulator.world.draws import cumulative, pick
from simulator.world.events import DAY, EventKind
from simulator.world.ledger import Purpose, cents

if TYPE_CHECKING:
    from simulator.world.agents.base import PersonAgent
    from simulator.world.agents.migrants import Migrant
    from simulator.world.model import SmugglingModel

__all__ = ["CODE_WORDS", "FX_TO_EUR", "Escrow", "MoneyFlows", "split_below", "to_eur"]

#: Rough rates to compare amounts across currencies (budgets, thresholds). Modelling choice: fixed.
FX_TO_EUR: dict[str, float] = {
    "EUR": 1.0,
    "USD": 0.92,
    "GBP": 1.17,
    "TND": 0.30,
    "TRY": 0.028,
    "LYD": 0.19,
    "IQD": 0.0007,
    "AFN": 0.013,
    "PKR": 0.0033,
    "XOF": 0.0015,
    "DZD": 0.0068,
    "MAD": 0.092,
    "SYP": 0.00007,
    "EGP": 0.019,
}

#: Innocuous words a hawala deposit is tied to (the code word the migrant sends on arrival).
CODE_WORDS = (
    "zaytoun", "falcon", "jasmine", "blue", "mint", "river", "cedar", "palm", "star", "amber",
    "saffron", "pearl", "desert", "orange", "violet", "almond", "harbour", "lantern", "olive",
    "tea",
)  # fmt: skip


def to_eur(amount_cents: int, currency: str) -> float:
    """Approximate euros of an amount (for comparisons only, never for payments).

    >>> to_eur(100_000, "USD")
    920.0
    """
    return amount_cents / 100 * FX_TO_EUR.get(currency, 1.0)


def split_below(total: int, threshold: int, fractions: Sequence[float]) -> list[int]:
    """Split ``total`` cents into parts each below ``threshold`` (structuring), exactly.

    Each part is ``fraction * threshold`` rounded down to whole units; the last part takes the
    rest, which is then also below the threshold if enough fractions are given.
    """
    parts: list[int] = []
    left = total
    for fraction in fractions:
        if left < threshold:
            break
        part = int(fraction * threshold) // 100 * 100
        part = min(max(part, 100), threshold - 100, left)
        parts.append(part)
        left -= part
    if left > 0:
        parts.append(left)
    return parts


#: Organisers launder once their cash passes this (modelling choice, EUR).
LAUNDER_ABOVE_EUR = 5000
#: Front businesses per laundering behaviour (FATF 2022); ``name`` is the organiser's surname.
FRONTS = {
    "cash_business": "{name} Mobile Phones & Repairs",
    "travel_agency": "{name} Travel Services",
    "transport_firm": "{name} Logistics",
    "property": "apartment bought in the name of a relative of {name}",
    "trade_invoices": "{name} Import-Export",
}


@dataclass
class Escrow:
    """Money held by a home broker for a migrant's leg(s) until the code word comes."""

    migrant: str
    payer: PersonAgent
    home: PersonAgent
    partner: PersonAgent
    beneficiary: PersonAgent
    legs: tuple[int, ...]
    amount_cents: int
    currency: str
    code_word: str
    deposit_id: str
    settled: bool = False


@dataclass
class CryptoState:
    """Crypto wallets the network uses: deposit wallets per recruiter, mules' exchange accounts."""

    deposit_wallets: dict[str, list[str]] = field(default_factory=dict)
    owner_of: dict[str, str] = field(default_factory=dict)


class MoneyFlows:
    """The money side of the world, over the model's :class:`~simulator.world.ledger.Ledger`."""

    def __init__(self, model: SmugglingModel) -> None:
        self.model = model
        self.rng: np.random.Generator = model.streams.money
        self.spec = model.spec.money
        self.asset = self.spec.crypto.asset
        self.exchange = self.spec.crypto.exchange
        self.escrows: dict[str, list[Escrow]] = defaultdict(list)
        #: (home broker, partner broker, currency) -> cents the home broker owes the partner.
        self.owed: defaultdict[tuple[str, str, str], int] = defaultdict(int)
        self.owed_since: dict[tuple[str, str, str], int] = {}
        self.crypto = CryptoState()
        self.transfer_brand = "Swiftcash Money Transfer"
        #: draw_channel's (names, cumulative weights), with and without hawala (brokers or not).
        self._channel_tables: dict[bool, tuple[list[str], np.ndarray]] = {}

    # ------------------------------------------------------------------ primitive

    def pay(
        self,
        t: int,
        payer: PersonAgent,
        payee: PersonAgent,
        amount_cents: int,
        currency: str,
        channel: str,
        purpose: Purpose,
        *,
        from_account: str = "cash",
        to_account: str = "cash",
        payer_instrument: str | None = None,
        payee_instrument: str | None = None,
        migrant: str | None = None,
        leg_index: int | None = None,
        trip_id: str | None = None,
        parent: str | None = None,
        place: str | None = None,
        platform: str | None = None,
        detail: dict[str, Any] | None = None,
        phones: bool = False,
    ) -> str:
        """Record one payment in the ledger and the event log; return its payment id."""
        place = place or payer.place
        payment_id = self.model.ledger.record(
            t,
            payer.person_id,
            payee.person_id,
            amount_cents,
            currency,
            channel,
            purpose,
            from_account=from_account,
            to_account=to_account,
            payer_instrument=payer_instrument,
            payee_instrument=payee_instrument,
            migrant=migrant,
            leg_index=leg_index,
            trip_id=trip_id,
            parent=parent,
            place=place,
            detail=detail,
        )
        event_detail = {"purpose": str(purpose)}
        if migrant:
            event_detail["migrant"] = migrant
        if leg_index is not None:
            event_detail["leg_index"] = leg_index
        if parent:
            event_detail["parent"] = parent
        if detail:
            event_detail.update(detail)
        fields: dict[str, Any] = {}
        if phones:
            fields = {
                "actor_phone": payer.number,
                "actor_imei": payer.imei,
                "target_phone": payee.number,
                "target_imei": payee.imei,
            }
        self.model.log.add(
            EventKind.PAYMENT,
            t,
            payer.person_id,
            payee.person_id,
            place,
            detail=event_detail,
            amount_cents=amount_cents,
            currency=currency,
            channel=channel,
            platform=platform,
            actor_wallet=payer_instrument,
            target_wallet=payee_instrument,
            trip_id=trip_id,
            payment_id=payment_id,
            **fields,
        )
        return payment_id

    def draw_channel(self) -> str:
        """A payment channel drawn from the scenario shares (hawala only if there is a broker)."""
        brokers = bool(self.model.members_of("money_broker"))
        table = self._channel_tables.get(brokers)
        if table is None:  # the shares never change: dump and sum them once per case
            shares = self.spec.channels.model_dump()
            if not brokers:
                shares["cash"] += shares.pop("hawala")
            names = list(shares)
            table = self._channel_tables[brokers] = (
                names, cumulative([shares[name] for name in names])
            )  # fmt: skip
        names, weights = table
        return names[pick(self.rng, weights)]

    # ------------------------------------------------------------------ migrants' fees

    def pay_fees(self, migrant: Migrant, legs: Sequence[int], t: int) -> int:
        """Pay for ``legs`` of the migrant's deal through its channel; return the time after."""
        deal = migrant.deal
        assert deal is not None
        by_currency: dict[str, int] = {}
        for index in legs:
            by_currency[deal.currencies[index]] = (
                by_currency.get(deal.currencies[index], 0) + deal.prices[index]
            )
        for currency, amount in by_currency.items():
            if amount <= 0:
                continue  # a free leg (e.g. a walk included in the next one)
            if deal.channel == "hawala":
                t = self.hawala_deposit(migrant, tuple(legs), amount, currency, t)
            elif deal.channel == "crypto":
                t = self.crypto_payment(migrant, amount, currency, t)
            elif deal.channel == "money_transfer":
                t = self.money_transfer(migrant, amount, currency, t)
            else:
                t = self.cash_payment(migrant, tuple(legs), amount, currency, t)
        return t

    def hawala_deposit(
        self, migrant: Migrant, legs: tuple[int, ...], amount: int, currency: str, t: int
    ) -> int:
        """Deposit fee + commission with the home broker, who confirms to the beneficiary."""
        model = self.model
        payer = migrant.payer_agent
        home, partner = model.brokers_for(migrant)
        beneficiary = migrant.beneficiary(legs)
        fee = cents(amount / 100 * self.spec.hawala.broker_fee)
        word = CODE_WORDS[int(self.rng.integers(len(CODE_WORDS)))]
        code_word = f"{word}-{int(self.rng.integers(10, 100))}"
        t += time_of_day_gap(self.rng)
        deposit = self.pay(
            t,
            payer,
            home,
            amount + fee,
            currency,
            "hawala",
            Purpose.HAWALA_DEPOSIT,
            to_account="escrow",
            payee_instrument=home.hawala_code,
            migrant=migrant.person_id,
            leg_index=legs[0] if len(legs) == 1 else None,
            place=home.place,
            detail={"code_word": code_word, "legs": list(legs), "fee_cents": fee},
            phones=True,
        )
        if fee:
            self.pay(
                t,
                home,
                home,
                fee,
                currency,
                "hawala",
                Purpose.BROKER_FEE,
                from_account="escrow",
                to_account="income",
                payer_instrument=home.hawala_code,
                payee_instrument=home.hawala_code,
                migrant=migrant.person_id,
                parent=deposit,
                place=home.place,
            )
        self.escrows[migrant.person_id].append(
            Escrow(
                migrant.person_id,
                payer,
                home,
                partner,
                beneficiary,
                legs,
                amount,
                currency,
                code_word,
                deposit,
            )
        )
        t += 60 + int(self.rng.integers(600, 4 * 3600))
        model.comms.message(
            home,
            beneficiary,
            t,
            "hawala_confirmation",
            f"money for {migrant.first_name} is here",
            amount_cents=amount,
            currency=currency,
            extra={"code_name": home.hawala_code},
        )
        if payer is not migrant:
            model.comms.message(
                payer, migrant, t + 120, "payment_code", "the money is with the broker",
                extra={"code_word": code_word},
            )  # fmt: skip
        return t

    def release_on_code_word(self, migrant: Migrant, leg_index: int, t: int) -> int:
        """The migrant finished ``leg_index``: release every escrow that ends with that leg."""
        model = self.model
        for escrow in self.escrows.get(migrant.person_id, []):
            if escrow.settled or escrow.legs[-1] != leg_index:
                continue
            if not escrow.home.active:
                continue  # the home broker is in custody: the escrow stays frozen in the ledger
            escrow.settled = True
            payer = escrow.payer
            if not escrow.beneficiary.active:
                escrow.beneficiary = migrant.beneficiary(escrow.legs)
            if not escrow.partner.active:
                escrow.partner = escrow.home
            t += 60 + int(self.rng.integers(60, 3600))
            if payer is not migrant:
                model.comms.message(
                    migrant,
                    payer,
                    t,
                    "arrival_ok",
                    "arrived OK",
                    extra={"code_word": escrow.code_word},
                )
                t += int(self.rng.integers(300, 6 * 3600))
            model.comms.message(
                payer, escrow.home, t, "payment_code", "release the money",
                extra={"code_word": escrow.code_word},
            )  # fmt: skip
            t += int(self.rng.integers(600, 8 * 3600))
            if escrow.partner is escrow.home:
                source, account, instrument = escrow.home, "escrow", escrow.home.hawala_code
            else:
                model.comms.message(
                    escrow.home, escrow.partner, t, "hawala_confirmation", "pay out",
                    amount_cents=escrow.amount_cents, currency=escrow.currency,
                    extra={"code_word": escrow.code_word},
                )  # fmt: skip
                t += int(self.rng.integers(600, 4 * 3600))
                source, account, instrument = escrow.partner, "cash", escrow.partner.hawala_code
                self.add_owed(escrow.home, escrow.partner, escrow.currency, escrow.amount_cents, t)
            self.pay(
                t,
                source,
                escrow.beneficiary,
                escrow.amount_cents,
                escrow.currency,
                "hawala",
                Purpose.HAWALA_RELEASE,
                from_account=account,
                payer_instrument=instrument,
                migrant=migrant.person_id,
                leg_index=leg_index,
                parent=escrow.deposit_id,
                place=source.place,
                detail={"code_word": escrow.code_word},
                phones=True,
            )
        return t

    def refund(self, migrant: Migrant, t: int, reason: str) -> None:
        """Return every unreleased escrow to its payer (death, giving up)."""
        for escrow in self.escrows.get(migrant.person_id, []):
            if escrow.settled or not escrow.home.active:
                continue
            escrow.settled = True
            when = t + int(self.rng.integers(DAY, 5 * DAY))
            self.pay(
                when,
                escrow.home,
                escrow.payer,
                escrow.amount_cents,
                escrow.currency,
                "hawala",
                Purpose.REFUND,
                from_account="escrow",
                payer_instrument=escrow.home.hawala_code,
                migrant=migrant.person_id,
                parent=escrow.deposit_id,
                place=escrow.home.place,
                detail={"reason": reason},
                phones=True,
            )

    def crypto_payment(self, migrant: Migrant, amount: int, currency: str, t: int) -> int:
        """Buy the stablecoin at the exchange and pay the recruiter's deposit wallet."""
        model = self.model
        payer = migrant.payer_agent
        recruiter = migrant.deal.recruiter
        if not recruiter.active:
            recruiter = model.pick_recruiter(migrant) or recruiter
        wallet = model.wallet_of(payer)
        account = model.exchange_account_of(payer)
        t += time_of_day_gap(self.rng)
        ramp = self.pay(
            t,
            payer,
            payer,
            amount,
            currency,
            "exchange",
            Purpose.ON_RAMP,
            to_account=f"wallet:{wallet}",
            payer_instrument=account,
            payee_instrument=wallet,
            migrant=migrant.person_id,
            platform=self.exchange,
            detail={"asset": self.asset},
        )
        deposit_wallet = self.deposit_wallet(recruiter)
        t += int(self.rng.integers(300, 6 * 3600))
        self.pay(
            t,
            payer,
            recruiter,
            amount,
            currency,
            "crypto",
            Purpose.JOURNEY_FEE,
            from_account=f"wallet:{wallet}",
            to_account=f"wallet:{deposit_wallet}",
            payer_instrument=wallet,
            payee_instrument=deposit_wallet,
            migrant=migrant.person_id,
            parent=ramp,
            platform=self.asset,
            detail={"asset": self.asset, "tx_hash": self.tx_hash()},
        )
        model.comms.message(
            payer, recruiter, t + 90, "payment_code", "sent, here is the transaction",
            extra={"wallet": deposit_wallet},
        )  # fmt: skip
        return t

    def money_transfer(self, migrant: Migrant, amount: int, currency: str, t: int) -> int:
        """Send through a transfer office to mules, split below the threshold if structuring."""
        model = self.model
        payer = migrant.payer_agent
        mules = model.mules
        settings = self.spec.money_transfer
        threshold = cents(settings.reporting_threshold / FX_TO_EUR.get(currency, 1.0))
        parts = [amount]
        structured = to_eur(amount, currency) > settings.reporting_threshold and bool(
            self.rng.random() < settings.structuring
        )
        if structured:
            fractions = self.rng.uniform(0.55, 0.95, size=amount // max(threshold // 2, 1) + 2)
            parts = split_below(amount, threshold, fractions)
        t += time_of_day_gap(self.rng)
        for number, part in enumerate(parts):
            mule = mules[int(self.rng.integers(len(mules)))] if mules else migrant.deal.recruiter
            self.pay(
                t,
                payer,
                mule,
                part,
                currency,
                "money_transfer",
                Purpose.JOURNEY_FEE,
                payer_instrument=model.id_document_of(payer),
                payee_instrument=model.id_document_of(mule),
                migrant=migrant.person_id,
                platform=self.transfer_brand,
                detail={"split": number + 1, "parts": len(parts), "structured": structured},
                phones=True,
            )
            # Structured parts go on different days so no single day crosses the threshold.
            t += int(self.rng.integers(DAY // 2, 2 * DAY)) if structured else 0
        return t

    def cash_payment(
        self, migrant: Migrant, legs: tuple[int, ...], amount: int, currency: str, t: int
    ) -> int:
        """Pay in person: the stage coordinator for one leg, the recruiter for the journey."""
        payee = migrant.beneficiary(legs) if len(legs) == 1 else migrant.deal.recruiter
        t += int(self.rng.integers(600, 6 * 3600))
        self.pay(
            t,
            migrant,
            payee,
            amount,
            currency,
            "cash",
            Purpose.JOURNEY_FEE,
            migrant=migrant.person_id,
            leg_index=legs[0] if len(legs) == 1 else None,
            place=migrant.place,
            detail={"legs": list(legs)},
        )
        return t

    # ------------------------------------------------------------------ network expenses

    def expense(
        self,
        t: int,
        payer: PersonAgent,
        payee: PersonAgent,
        amount: int,
        currency: str,
        purpose: Purpose,
        *,
        trip_id: str | None = None,
        migrant: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> str:
        """A cash payment by the network (driver pay, keepers, bribes, documents, boats)."""
        return self.pay(
            t,
            payer,
            payee,
            amount,
            currency,
            "cash",
            purpose,
            trip_id=trip_id,
            migrant=migrant,
            place=payee.place,
            detail=detail,
        )

    def draw_price(self, price_range: Any) -> int:
        """A whole-unit amount (in cents) drawn uniformly within a price range."""
        low, high = int(np.ceil(price_range.min)), int(np.floor(price_range.max))
        if high < low:
            return cents(price_range.min)
        return int(self.rng.integers(low, high + 1)) * 100

    # ------------------------------------------------------------------ periodic flows

    def daily(self, day: int) -> None:
        """Weekly courier runs, crypto sweeps and mule hand-overs; broker settlement."""
        if day > 0 and day % 7 == 6:
            self.courier_runs(day)
            self.sweep_crypto(day)
            self.mule_handovers(day)
        if day > 0 and day % 7 == 0:
            self.launder(day)
        interval = self.spec.settlement.interval_days
        if day > 0 and day % interval == interval - 1:
            self.settle_brokers(day)

    def courier_runs(self, day: int) -> None:
        """Couriers carry cash collected by recruiters and coordinators to the organisers."""
        model = self.model
        couriers = model.members_of("cash_courier")
        for collector in model.members_of("recruiter") + model.members_of("coordinator"):
            boss = model.boss_of(collector)
            if boss is None or boss is collector:
                continue
            for currency in model.currencies:
                balance = model.ledger.balance(collector.person_id, "cash", currency)
                t = self.after_last_in(collector, "cash", currency, day)
                if balance < 0:
                    # Expenses ran ahead of takings: the organiser sends a float back.
                    self.pay(
                        t, boss, collector, -balance, currency, "cash", Purpose.OPERATING_FLOAT,
                        place=collector.place,
                    )  # fmt: skip
                    continue
                if balance == 0:
                    continue
                if couriers:
                    courier = couriers[int(self.rng.integers(len(couriers)))]
                    pickup = self.pay(
                        t, collector, courier, balance, currency, "courier",
                        Purpose.COURIER_PICKUP, place=collector.place,
                    )  # fmt: skip
                    self.pay(
                        t + int(self.rng.integers(2 * 3600, DAY)), courier, boss, balance,
                        currency, "courier", Purpose.COURIER_DELIVERY, parent=pickup,
                        place=boss.place, detail={"courier": courier.person_id},
                    )  # fmt: skip
                else:
                    self.pay(
                        t, collector, boss, balance, currency, "cash", Purpose.COURIER_DELIVERY,
                        place=boss.place,
                    )  # fmt: skip

    def deposit_wallet(self, recruiter: PersonAgent) -> str:
        """The recruiter's deposit wallet for the next payment (high OPSEC rotates wallets)."""
        wallets = self.crypto.deposit_wallets.setdefault(recruiter.person_id, [])
        rotate = {"low": 0.0, "medium": 0.1, "high": 0.4}[self.model.spec.network.opsec.value]
        if not wallets or self.rng.random() < rotate:
            address = self.model.new_wallet(recruiter, self.model.t())
            wallets.append(address)
            self.crypto.owner_of[address] = recruiter.person_id
        return wallets[-1]

    def sweep_crypto(self, day: int) -> None:
        """Consolidate deposit wallets, peel through fresh wallets, cash out through a mule."""
        model = self.model
        for recruiter_id in sorted(self.crypto.deposit_wallets):
            recruiter = model.persons[recruiter_id]
            if not recruiter.active:
                continue  # an arrested recruiter's wallets are frozen
            boss = model.boss_of(recruiter) or recruiter
            for currency in model.currencies:
                total = 0
                t = day * DAY + time_of_day(self.rng, "waking")
                hub: str | None = None
                for wallet in self.crypto.deposit_wallets[recruiter_id]:
                    balance = model.ledger.balance(recruiter_id, f"wallet:{wallet}", currency)
                    if balance <= 0:
                        continue
                    t = max(
                        t, model.ledger.last_in(recruiter_id, f"wallet:{wallet}", currency) + 60
                    )
                    if hub is None:
                        hub = model.new_wallet(boss, t)
                    self.pay(
                        t, recruiter, boss, balance, currency, "crypto", Purpose.CONSOLIDATION,
                        from_account=f"wallet:{wallet}", to_account=f"wallet:{hub}",
                        payer_instrument=wallet, payee_instrument=hub, platform=self.asset,
                        detail={"asset": self.asset, "tx_hash": self.tx_hash()},
                    )  # fmt: skip
                    total += balance
                    t += int(self.rng.integers(60, 1800))
                if hub is not None and total > 0:
                    self.peel_chain(boss, hub, total, currency, t)

    def peel_chain(self, boss: PersonAgent, hub: str, total: int, currency: str, t: int) -> None:
        """Move ``total`` from ``hub`` through a peel chain to a mule's exchange account."""
        model = self.model
        hops_range = self.spec.crypto.peel_hops
        hops = int(self.rng.integers(int(hops_range.min), int(hops_range.max) + 1))
        chain = self.tx_hash()[:12]
        current, left = hub, total
        takers = model.cached(
            ("peel_takers", boss.person_id),
            lambda: [m for m in model.members_of() if m is not boss and m.role != "money_broker"],
        )
        for hop in range(hops):
            t += int(self.rng.integers(600, 12 * 3600))
            peel = cents(left / 100 * float(self.rng.uniform(0.03, 0.15)))
            if takers and 0 < peel < left:
                taker = takers[int(self.rng.integers(len(takers)))]
                wallet = model.wallet_of(taker)
                self.pay(
                    t, boss, taker, peel, currency, "crypto", Purpose.PEEL,
                    from_account=f"wallet:{current}", to_account=f"wallet:{wallet}",
                    payer_instrument=current, payee_instrument=wallet, platform=self.asset,
                    detail={"asset": self.asset, "tx_hash": self.tx_hash(), "hop": hop,
                            "chain": chain},
                )  # fmt: skip
                left -= peel
            fresh = model.new_wallet(boss, t)
            self.pay(
                t + 30, boss, boss, left, currency, "crypto", Purpose.PEEL_HOP,
                from_account=f"wallet:{current}", to_account=f"wallet:{fresh}",
                payer_instrument=current, payee_instrument=fresh, platform=self.asset,
                detail={"asset": self.asset, "tx_hash": self.tx_hash(), "hop": hop, "chain": chain},
            )  # fmt: skip
            current = fresh
        mules = model.mules
        if not mules:
            return
        mule = mules[int(self.rng.integers(len(mules)))]
        account = model.exchange_account_of(mule)
        deposit_address = model.exchange_deposit_address(mule)
        t += int(self.rng.integers(600, 6 * 3600))
        deposit = self.pay(
            t, boss, mule, left, currency, "crypto", Purpose.EXCHANGE_DEPOSIT,
            from_account=f"wallet:{current}", to_account="exchange",
            payer_instrument=current, payee_instrument=deposit_address, platform=self.exchange,
            detail={"asset": self.asset, "tx_hash": self.tx_hash(), "chain": chain,
                    "exchange_account": account},
        )  # fmt: skip
        t += int(self.rng.integers(3600, 2 * DAY))
        self.pay(
            t, mule, mule, left, currency, "exchange", Purpose.CASH_OUT,
            from_account="exchange", payer_instrument=account, platform=self.exchange,
            parent=deposit, place=mule.place,
        )  # fmt: skip

    def mule_handovers(self, day: int) -> None:
        """Mules keep a small cut and hand the rest of their cash to an organiser."""
        model = self.model
        organisers = model.members_of("organiser")
        if not organisers:
            return
        for mule in model.mules:
            boss = organisers[int(self.rng.integers(len(organisers)))]
            for currency in model.currencies:
                balance = model.ledger.balance(mule.person_id, "cash", currency)
                if balance <= 0:
                    continue
                handover = balance - cents(balance / 100 * 0.03)
                t = self.after_last_in(mule, "cash", currency, day)
                self.pay(
                    t, mule, boss, handover, currency, "cash", Purpose.MULE_HANDOVER,
                    place=mule.place, detail={"cut_cents": balance - handover},
                )  # fmt: skip

    def launder(self, day: int) -> None:
        """Organisers place part of their cash through the scenario's laundering behaviours.

        Cash businesses and agencies take it as many small deposits below the transfer reporting
        threshold; trade invoices and property take it in one bank payment. Every step moves the
        organiser's own money between their accounts (``cash`` to ``bank`` or ``property``), with
        the front named in the detail, so financial investigators find the pattern.
        """
        behaviours = [b.value for b in self.spec.laundering]
        if not behaviours:
            return
        model = self.model
        threshold = cents(self.spec.money_transfer.reporting_threshold)
        for boss in model.members_of("organiser"):
            for currency in model.currencies:
                balance = model.ledger.balance(boss.person_id, "cash", currency)
                if to_eur(balance, currency) < LAUNDER_ABOVE_EUR:
                    continue
                amount = cents(balance / 100 * float(self.rng.uniform(0.3, 0.6)))
                way = behaviours[int(self.rng.integers(len(behaviours)))]
                t = self.after_last_in(boss, "cash", currency, day)
                bank = model.bank_account_of(boss)
                front = FRONTS[way].format(name=boss.name.split()[-1])
                if way in {"property", "trade_invoices"}:
                    account = "property" if way == "property" else "bank"
                    self.pay(
                        t, boss, boss, amount, currency, "bank", Purpose.LAUNDERING,
                        to_account=account, payee_instrument=bank,
                        detail={"behaviour": way, "front": front},
                    )  # fmt: skip
                    continue
                fractions = self.rng.uniform(0.5, 0.95, size=amount // max(threshold // 2, 1) + 2)
                for number, part in enumerate(split_below(amount, threshold, fractions)):
                    self.pay(
                        t + number * int(self.rng.integers(3600, DAY)), boss, boss, part,
                        currency, "bank", Purpose.LAUNDERING, to_account="bank",
                        payee_instrument=bank,
                        detail={"behaviour": way, "front": front, "split": number + 1},
                    )  # fmt: skip

    def settle_brokers(self, day: int) -> None:
        """Home brokers pay partners what they owe: by courier, trade invoice or crypto."""
        model = self.model
        shares = self.spec.settlement
        names = ["courier", "trade_invoices", "crypto"]
        weights = np.array([shares.courier, shares.trade_invoices, shares.crypto], dtype=float)
        # pick() on these cumulative weights is the draw rng.choice(3, p=weights / weights.sum())
        # makes (one uniform, the same search), without choice's per-call checks.
        ways = cumulative(weights / weights.sum())
        couriers = model.members_of("cash_courier")
        for (home_id, partner_id, currency), amount in sorted(self.owed.items()):
            if amount <= 0:
                continue
            home, partner = model.persons[home_id], model.persons[partner_id]
            way = names[pick(self.rng, ways)]
            t = max(
                day * DAY + time_of_day(self.rng, "office"),
                self.owed_since[(home_id, partner_id, currency)] + 60,
            )
            common = {"from_account": "escrow", "payer_instrument": home.hawala_code}
            if way == "courier" and couriers:
                courier = couriers[int(self.rng.integers(len(couriers)))]
                pickup = self.pay(
                    t, home, courier, amount, currency, "courier", Purpose.COURIER_PICKUP,
                    place=home.place, detail={"settlement": True}, **common,
                )  # fmt: skip
                self.pay(
                    t + int(self.rng.integers(DAY // 2, 3 * DAY)), courier, partner, amount,
                    currency, "courier", Purpose.BROKER_SETTLEMENT, parent=pickup,
                    payee_instrument=partner.hawala_code, place=partner.place,
                    detail={"courier": courier.person_id},
                )  # fmt: skip
            elif way == "crypto":
                wallet = model.wallet_of(partner)
                self.pay(
                    t, home, partner, amount, currency, "crypto", Purpose.BROKER_SETTLEMENT,
                    payee_instrument=wallet, platform=self.asset,
                    detail={"asset": self.asset, "tx_hash": self.tx_hash()}, **common,
                )  # fmt: skip
            else:
                invoice = int(self.rng.integers(100_000, 1_000_000))
                self.pay(
                    t, home, partner, amount, currency, "bank", Purpose.BROKER_SETTLEMENT,
                    payee_instrument=model.bank_account_of(partner),
                    detail={"invoice": f"INV-{invoice}", "goods": "textiles",
                            "over_invoiced": True},
                    **common,
                )  # fmt: skip
            self.owed[(home_id, partner_id, currency)] = 0

    def add_owed(
        self, home: PersonAgent, partner: PersonAgent, currency: str, amount: int, t: int
    ) -> None:
        """The home broker now owes the partner ``amount`` (paid out by the partner at ``t``)."""
        key = (home.person_id, partner.person_id, currency)
        self.owed[key] += amount
        self.owed_since[key] = max(self.owed_since.get(key, t), t)

    def after_last_in(self, person: PersonAgent, account: str, currency: str, day: int) -> int:
        """A time on ``day`` (or just after the latest money in) to hand a balance over."""
        drawn = day * DAY + time_of_day(self.rng, "waking")
        return max(drawn, self.model.ledger.last_in(person.person_id, account, currency) + 60)

    def tx_hash(self) -> str:
        """A random 64-hex transaction hash (points at no real chain)."""
        return self.rng.bytes(32).hex()


def time_of_day_gap(rng: np.random.Generator) -> int:
    """A short, human delay before acting (10 minutes to 5 hours), in seconds."""
    return int(rng.integers(600, 5 * 3600))
