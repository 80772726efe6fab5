"""Ordinary money traffic in bulk: the haystack the network's payments hide in.

The chain the network uses and the money-transfer offices its families use serve far more ordinary
customers than smugglers: diaspora workers sending money home, people buying and selling coins,
paying each other. An investigator has to find the ring's flows among them (DESIGN.md: benign
actors make the haystack; IBM's synthetic anti-money-laundering sets put about one laundering
transaction among a thousand ordinary ones). Those customers never meet the network, so they need no
agents: this module draws them and their payments column by column with numpy, day by day, from a
stream of their own. The agent world is the same with or without them.

What ``money.background`` in a scenario sets (all zero by default, so nothing is added):

* ``customers``: ordinary people, each of one origin nationality of the scenario's migrants; half
  live in a destination country of the scenario (the diaspora that sends remittances), half in
  their home country (the families that receive them). Each has a name from the nationality's name
  pools, a phone number, an identity document and a wallet, built with the same fictional ranges as
  the world's own identifiers and never equal to one of them.
* ``chain_transfers_per_day``: wallet-to-wallet transfers among customers (Poisson per day).
* ``remittances_per_day``: money-transfer office transfers from the diaspora to home countries.

Who pays whom is heavy-tailed: a customer's activity weight is log-normal, so a few customers
make many payments, as on real ledgers. Amounts are log-normal around a median of EUR 150 on the
chain and EUR 250 for a remittance (modelling choice), in whole currency units.

Payment ids are ``PAYB`` and eight digits, in time order within each day, counted over the whole
period; customer ids are ``C`` and seven digits.

Example
-------
>>> import pandas as pd
>>> from simulator.world.defaults import default_scenario
>>> base = default_scenario()
>>> money = base.money.model_copy(
...     update={"background": BackgroundMoney(customers=50, chain_transfers_per_day=20)}
... )
>>> scenario = base.model_copy(update={"money": money})
>>> haystack = Background.plan(scenario, seed=1, taken=frozenset())
>>> len(haystack.persons), sorted(set(haystack.ownership["identifier_kind"]))
(50, ['id_document', 'phone_number', 'wallet'])
>>> days = list(haystack.days())
>>> len(days) == scenario.period.days and bool((days[0]["purpose"] == "benign_transfer").all())
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from simulator.scenario.schema import BackgroundMoney
from simulator.world.identities import (
    PHONE_PLAN,
    UNKNOWN_PHONE_PLAN,
    lab_chain_address,
)
from simulator.world.names import FAMILY_POOLS, MALE_POOLS, name_style

__all__ = ["CHAIN_MEDIAN_EUR", "REMITTANCE_MEDIAN_EUR", "Background", "BackgroundMoney"]

#: Median amounts (EUR) of an ordinary chain transfer and remittance. Modelling choice.
CHAIN_MEDIAN_EUR = 150.0
REMITTANCE_MEDIAN_EUR = 250.0
#: Spread of amounts and of customers' activity (log-normal sigma). Modelling choice.
AMOUNT_SIGMA = 0.9
ACTIVITY_SIGMA = 1.2
DAY_SECONDS = 86_400

PAYMENT_COLUMNS = (
    "payment_id", "time", "payer", "payee", "channel", "amount", "amount_cents", "currency",
    "purpose", "from_account", "to_account", "payer_instrument", "payee_instrument", "migrant",
    "leg_index", "trip_id", "parent", "place", "detail",
)  # fmt: skip


def _stream(seed: int) -> np.random.Generator:
    # Its own stream, from the seed and a fixed label: the agent world's streams are untouched.
    label = int.from_bytes(hashlib.sha256(b"background-money").digest()[:8], "big")
    return np.random.default_rng(np.random.SeedSequence([int(seed), label]))


def _name_pools(style: Any, seed: int) -> tuple[list[str], list[str]]:
    """Given and family names of a style: its own pools, else 200 names from its Faker locale."""
    if style.pool in MALE_POOLS and style.pool in FAMILY_POOLS:
        return (
            [entry[0] for entry in MALE_POOLS[style.pool]],
            [entry[0] for entry in FAMILY_POOLS[style.pool]],
        )
    from faker import Faker  # only for nationalities named through Faker (e.g. VN, TR, PK)

    faker = Faker(style.locale)
    faker.seed_instance(seed)
    return (
        sorted({faker.first_name_male() for _ in range(200)}),
        sorted({faker.last_name() for _ in range(200)}),
    )


def _names(nationalities: np.ndarray, rng: np.random.Generator, seed: int) -> list[str]:
    """A given and a family name from each nationality's names (first spelling of each)."""
    codes = nationalities.tolist()
    pools = {code: _name_pools(name_style(code), seed) for code in sorted(set(codes))}
    draws = rng.random((len(codes), 2)).tolist()
    names = []
    for code, (a, b) in zip(codes, draws, strict=True):
        given, family = pools[code]
        names.append(f"{given[int(a * len(given))]} {family[int(b * len(family))]}")
    return names


def _unique(draw: Any, count: int, taken: set[str]) -> list[str]:
    """``count`` values from ``draw(n)`` that are not in ``taken`` (which they then join)."""
    out: list[str] = []
    while len(out) < count:
        for value in draw(count - len(out)):
            if value not in taken:
                taken.add(value)
                out.append(value)
    return out


@dataclass(frozen=True)
class Background:
    """The ordinary customers of one case and a way to replay their payments day by day.

    Build it with :meth:`plan`; :meth:`days` yields each day's payments as a truth-tier frame
    (the columns of ``truth/payments``), the same every time it is called.
    """

    settings: BackgroundMoney
    start: dt.date
    period_days: int
    seed: int
    asset: str
    customers: pd.DataFrame
    persons: pd.DataFrame
    ownership: pd.DataFrame

    @classmethod
    def plan(cls, scenario: Any, *, seed: int, taken: frozenset[str]) -> Background:
        """Draw the customers of ``scenario``'s ``money.background`` for ``seed``.

        ``taken`` holds the world's identifiers (phone numbers, documents, wallets): customers
        never get one of them.
        """
        settings: BackgroundMoney = scenario.money.background
        rng = _stream(seed)
        n = settings.customers
        origins = [origin.country for origin in scenario.migrants.origins]
        shares = np.array([origin.share for origin in scenario.migrants.origins], dtype=float)
        nationality = np.array(origins)[rng.choice(len(origins), size=n, p=shares / shares.sum())]
        abroad = rng.random(n) < 0.5
        destinations = sorted(
            {p.country for p in scenario.places if p.kind.value == "destination"}
        ) or sorted({p.country for p in scenario.places})
        towns = {
            country: sorted(p.name for p in scenario.places if p.country == country)
            for country in {*origins, *destinations}
        }
        country = np.where(
            abroad, np.array(destinations)[rng.integers(len(destinations), size=n)], nationality
        )
        town = [
            (towns[c][int(rng.integers(len(towns[c])))] if towns.get(c) else "")
            for c in country.tolist()
        ]
        names = _names(nationality, rng, int(seed))
        used = set(taken)

        def phones(k: int, where: str) -> list[str]:
            code, prefix, length = PHONE_PLAN.get(where, UNKNOWN_PHONE_PLAN)
            digits = length - len(prefix)
            values = rng.integers(0, 10**digits, size=k)
            return [f"+{code} {prefix}{v:0{digits}d}" for v in values.tolist()]

        phone = [""] * n
        for where in sorted(set(country.tolist())):
            rows = np.flatnonzero(country == where)
            for row, number in zip(
                rows.tolist(),
                _unique(lambda k, w=where: phones(k, w), len(rows), used),
                strict=True,
            ):
                phone[row] = number

        # The document number opens with its holder's nationality.
        document = [
            _unique(lambda k, c=c: _documents_of(rng, c, k), 1, used)[0]
            for c in nationality.tolist()
        ]
        wallet = _unique(
            lambda k: [
                lab_chain_address(rng.bytes(20), 1 + int(rng.integers(255))) for _ in range(k)
            ],
            n,
            used,
        )
        ids = [f"C{i + 1:07d}" for i in range(n)]
        activity = rng.lognormal(0.0, ACTIVITY_SIGMA, size=n)
        customers = pd.DataFrame(
            {
                "person_id": ids,
                "name": names,
                "nationality": nationality,
                "country": country,
                "town": town,
                "abroad": abroad,
                "phone": phone,
                "id_document": document,
                "wallet": wallet,
                "activity": activity,
            }
        )
        start = scenario.period.start
        since = pd.Timestamp(start, tz="UTC")
        persons = pd.DataFrame(
            {
                "person_id": ids,
                "role": "ordinary_customer",
                "kind": "background",
                "is_migrant": False,
                "name": names,
                "name_variants": "",
                "nationality": nationality,
                "languages": "",
                "base_place": [t or None for t in town],
                "stage": None,
                "cell": pd.array([None] * n, dtype="Int64"),
                "arrested": pd.array([None] * n, dtype="boolean"),
                "route": None,
                "recruiter": None,
                "heard_via": None,
                "outcome": None,
                "budget_eur": np.nan,
                "family_of": None,
            }
        )
        kinds = (("phone_number", phone), ("id_document", document), ("wallet", wallet))
        ownership = pd.DataFrame(
            {
                "identifier": [v for _, values in kinds for v in values],
                "identifier_kind": [k for k, values in kinds for _ in values],
                "platform": None,
                "person_id": ids * len(kinds),
                "from": since,
                "to": pd.NaT,
            }
        )
        return cls(
            settings=settings,
            start=start,
            period_days=scenario.period.days,
            seed=int(seed),
            asset=scenario.money.crypto.asset,
            customers=customers,
            persons=persons,
            ownership=ownership,
        )

    def days(self) -> Iterator[pd.DataFrame]:
        """Each day's payments (chain transfers and remittances), in time order.

        A fresh generator per call replays the same payments, so two tables can be built from
        one background without holding all of it.
        """
        rng = _stream(self.seed)
        rng = np.random.default_rng(rng.integers(2**63))  # independent of the customer draws
        frame = self.customers
        weights = frame["activity"].to_numpy()
        everyone = np.cumsum(weights) / weights.sum()
        diaspora = np.flatnonzero(frame["abroad"].to_numpy())
        home = np.flatnonzero(~frame["abroad"].to_numpy())
        senders = np.cumsum(weights[diaspora]) / weights[diaspora].sum() if len(diaspora) else None
        receivers = np.cumsum(weights[home]) / weights[home].sum() if len(home) else None
        counted = 0
        for day in range(self.period_days):
            chain = self._chain(rng, day, everyone)
            remit = (
                self._remittances(rng, day, diaspora, senders, home, receivers)
                if senders is not None and receivers is not None
                else {}
            )
            parts = [pd.DataFrame(part) for part in (chain, remit) if part]
            day_frame = (
                pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["time"])
            )
            day_frame = day_frame.sort_values(["time", "payer"], kind="stable", ignore_index=True)
            count = len(day_frame)
            day_frame["payment_id"] = [f"PAYB{counted + i + 1:08d}" for i in range(count)]
            counted += count
            yield _payments(day_frame, self.start)

    def _chain(self, rng: np.random.Generator, day: int, cumulative: np.ndarray) -> dict[str, Any]:
        count = int(rng.poisson(self.settings.chain_transfers_per_day))
        if count == 0 or len(cumulative) < 2:
            return {}
        frame = self.customers
        payer = np.searchsorted(cumulative, rng.random(count), side="right")
        payee = np.searchsorted(cumulative, rng.random(count), side="right")
        payee = np.where(payee == payer, (payee + 1) % len(cumulative), payee)
        wallets = frame["wallet"].to_numpy()
        ids = frame["person_id"].to_numpy()
        hashes = rng.bytes(32 * count)
        return {
            "time": day * DAY_SECONDS + _seconds_of_day(rng, count),
            "payer": ids[payer],
            "payee": ids[payee],
            "channel": "crypto",
            "amount": _amounts(rng, count, CHAIN_MEDIAN_EUR),
            "currency": "EUR",
            "purpose": "benign_transfer",
            "from_account": ["wallet:" + w for w in wallets[payer].tolist()],
            "to_account": ["wallet:" + w for w in wallets[payee].tolist()],
            "payer_instrument": wallets[payer],
            "payee_instrument": wallets[payee],
            "place": None,
            "detail": [
                json.dumps(
                    {"asset": self.asset, "tx_hash": hashes[32 * i : 32 * i + 32].hex()},
                    separators=(",", ":"),
                )
                for i in range(count)
            ],
        }

    def _remittances(
        self,
        rng: np.random.Generator,
        day: int,
        diaspora: np.ndarray,
        senders: np.ndarray,
        home: np.ndarray,
        receivers: np.ndarray,
    ) -> dict[str, Any]:
        count = int(rng.poisson(self.settings.remittances_per_day))
        if count == 0:
            return {}
        frame = self.customers
        payer = diaspora[np.searchsorted(senders, rng.random(count), side="right")]
        payee = home[np.searchsorted(receivers, rng.random(count), side="right")]
        documents = frame["id_document"].to_numpy()
        countries = frame["country"].to_numpy()
        towns = frame["town"].to_numpy()
        return {
            "time": day * DAY_SECONDS + _seconds_of_day(rng, count),
            "payer": frame["person_id"].to_numpy()[payer],
            "payee": frame["person_id"].to_numpy()[payee],
            "channel": "money_transfer",
            "amount": _amounts(rng, count, REMITTANCE_MEDIAN_EUR),
            "currency": np.where(countries[payer] == "GB", "GBP", "EUR"),
            "purpose": "benign_remittance",
            "from_account": "cash",
            "to_account": "cash",
            "payer_instrument": documents[payer],
            "payee_instrument": documents[payee],
            "place": [t or None for t in towns[payer].tolist()],
            "detail": None,
        }


def _documents_of(rng: np.random.Generator, nationality: str, k: int) -> list[str]:
    """Identity numbers in the world's fictional format: nationality, two letters, seven digits."""
    letters = rng.integers(0, 26, size=(k, 2)).tolist()
    digits = rng.integers(0, 10**7, size=k).tolist()
    pairs = zip(letters, digits, strict=True)
    return [f"{nationality}{chr(65 + a)}{chr(65 + b)}{d:07d}" for (a, b), d in pairs]


def _seconds_of_day(rng: np.random.Generator, count: int) -> np.ndarray:
    # People pay in the waking hours: a bell around 14:00 UTC, clipped to the day.
    return np.clip(rng.normal(14 * 3600, 4 * 3600, size=count), 0, DAY_SECONDS - 1).astype(np.int64)


def _amounts(rng: np.random.Generator, count: int, median: float) -> np.ndarray:
    return np.maximum(1.0, np.round(rng.lognormal(np.log(median), AMOUNT_SIGMA, size=count)))


def _payments(frame: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """A day's draws as ``truth/payments`` rows (same columns and types as the world's ledger)."""
    if frame.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in PAYMENT_COLUMNS})
    origin = pd.Timestamp(start, tz="UTC")
    out = frame.copy()
    out["time"] = (origin + pd.to_timedelta(out["time"].astype(np.int64), unit="s")).astype(
        "datetime64[s, UTC]"
    )
    out["amount_cents"] = (out["amount"] * 100).round().astype(np.int64)
    for column in ("migrant", "trip_id", "parent"):
        out[column] = None
    out["leg_index"] = pd.array([None] * len(out), dtype="Int64")
    return out[list(PAYMENT_COLUMNS)]
