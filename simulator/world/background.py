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
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from simulator.scenario.schema import BackgroundMoney
from simulator.world.identities import (
    PHONE_PLAN,
    UNKNOWN_PHONE_PLAN,
    WALLET_VERSION,
    _checksum,
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


def _unique_by_group(
    groups: np.ndarray, draw: Callable[[str, int], list[str]], taken: set[str]
) -> list[str]:
    """One new value per row, drawn as ``draw(group, n)`` for the rows of each group in turn."""
    out = [""] * len(groups)
    for group in sorted(set(groups.tolist())):
        rows = np.flatnonzero(groups == group)
        values = _unique(partial(draw, group), len(rows), taken)
        for row, value in zip(rows.tolist(), values, strict=True):
            out[row] = value
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

        def phones(where: str, k: int) -> list[str]:
            code, prefix, length = PHONE_PLAN.get(where, UNKNOWN_PHONE_PLAN)
            digits = length - len(prefix)
            values = rng.integers(0, 10**digits, size=k)
            return [f"+{code} {prefix}{v:0{digits}d}" for v in values.tolist()]

        phone = _unique_by_group(country, phones, used)
        # The document number opens with its holder's nationality.
        document = _unique_by_group(nationality, partial(_documents_of, rng), used)
        wallet = _unique(lambda k: lab_chain_addresses(rng.bytes(20 * k), rng), n, used)
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
        return cls.of(
            scenario, seed, {"customers": customers, "persons": persons, "ownership": ownership}
        )

    @classmethod
    def of(cls, scenario: Any, seed: int, frames: Mapping[str, pd.DataFrame]) -> Background:
        """The background :meth:`plan` drew, from its :meth:`frames` (planned elsewhere, e.g. in
        a worker process beside the observers)."""
        return cls(
            settings=scenario.money.background,
            start=scenario.period.start,
            period_days=scenario.period.days,
            seed=int(seed),
            asset=scenario.money.crypto.asset,
            customers=frames["customers"],
            persons=frames["persons"],
            ownership=frames["ownership"],
        )

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables :meth:`plan` drew: ``customers``, ``persons`` and ``ownership``."""
        return {"customers": self.customers, "persons": self.persons, "ownership": self.ownership}

    def days(self) -> Iterator[pd.DataFrame]:
        """Each day's payments (chain transfers and remittances), in time order.

        A fresh generator per call replays the same payments, so two tables can be built from
        one background without holding all of it.
        """
        rng = _stream(self.seed)
        rng = np.random.default_rng(rng.integers(2**63))  # independent of the customer draws
        frame = self.customers
        weights = frame["activity"].to_numpy()
        abroad = frame["abroad"].to_numpy()
        pools = {
            "everyone": _Pool(np.arange(len(frame)), weights),
            "diaspora": _Pool(np.flatnonzero(abroad), weights),
            "home": _Pool(np.flatnonzero(~abroad), weights),
        }
        columns = _CustomerColumns.of(frame)
        counted = 0
        for day in range(self.period_days):
            draws = [self._chain(rng, pools), self._remittances(rng, pools)]
            day_frame = _day_payments(draws, day, counted, self.start, self.asset, columns)
            counted += len(day_frame)
            yield day_frame

    def shared_days(self, readers: int) -> list[Iterator[pd.DataFrame]]:
        """``readers`` iterators over the same :meth:`days`, each day drawn only once.

        A day is kept until every reader has taken it, so memory stays at about a day when the
        readers are read in step (e.g. tables written a chunk of each in turn); a reader that
        runs ahead makes the others' days pile up.

        >>> from simulator.world.defaults import default_scenario
        >>> base = default_scenario()
        >>> money = base.money.model_copy(
        ...     update={"background": BackgroundMoney(customers=30, chain_transfers_per_day=5)}
        ... )
        >>> haystack = Background.plan(base.model_copy(update={"money": money}), seed=2,
        ...                            taken=frozenset())
        >>> one, two = haystack.shared_days(2)
        >>> all(a.equals(b) and a.equals(c)
        ...     for a, b, c in zip(one, two, haystack.days(), strict=True))
        True
        """
        return list(itertools.tee(self.days(), readers))

    def _chain(self, rng: np.random.Generator, pools: dict[str, _Pool]) -> _Draws:
        count = int(rng.poisson(self.settings.chain_transfers_per_day))
        everyone = pools["everyone"]
        if len(everyone.members) < 2:
            count = 0
        payer, payee = everyone.pick(rng, count), everyone.pick(rng, count)
        payee = np.where(payee == payer, (payee + 1) % len(everyone.members), payee)
        return _Draws(
            kind=0,
            seconds=_seconds_of_day(rng, count),
            payer=payer,
            payee=payee,
            amount=_amounts(rng, count, CHAIN_MEDIAN_EUR),
            hashes=rng.bytes(32 * count),
        )

    def _remittances(self, rng: np.random.Generator, pools: dict[str, _Pool]) -> _Draws:
        count = int(rng.poisson(self.settings.remittances_per_day))
        if not len(pools["diaspora"].members) or not len(pools["home"].members):
            count = 0
        return _Draws(
            kind=1,
            seconds=_seconds_of_day(rng, count) if count else np.zeros(0, np.int64),
            payer=pools["diaspora"].pick(rng, count),
            payee=pools["home"].pick(rng, count),
            amount=_amounts(rng, count, REMITTANCE_MEDIAN_EUR),
            hashes=b"",
        )


class _Pool:
    """Customers who can take one side of a payment, picked by their activity weight."""

    def __init__(self, members: np.ndarray, weights: np.ndarray) -> None:
        self.members = members
        chosen = weights[members]
        self.cumulative = np.cumsum(chosen) / (chosen.sum() if len(chosen) else 1.0)

    def pick(self, rng: np.random.Generator, count: int) -> np.ndarray:
        if count == 0:
            return np.zeros(0, np.int64)
        index = np.searchsorted(self.cumulative, rng.random(count), side="right")
        return self.members[np.minimum(index, len(self.members) - 1)]


@dataclass(frozen=True)
class _Draws:
    """One kind of payment drawn for a day: ``kind`` 0 is the chain, 1 a remittance."""

    kind: int
    seconds: np.ndarray
    payer: np.ndarray
    payee: np.ndarray
    amount: np.ndarray
    hashes: bytes


@dataclass(frozen=True)
class _CustomerColumns:
    """Customers' text columns as Arrow arrays, indexed by customer number.

    Each array that a payment column picks from by kind has the chain's value at a customer's
    number and the remittance's one after all customers (at ``number + n``, or at ``n`` for one
    shared value), so a day's column is a single ``take``: no Python string per row.
    """

    ids: pa.Array
    instruments: pa.Array
    accounts: pa.Array
    places: pa.Array
    currency: pa.Array

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _CustomerColumns:
        wallets = frame["wallet"].tolist()
        towns = [t or None for t in frame["town"].tolist()]
        currency = np.where(frame["country"].to_numpy() == "GB", "GBP", "EUR").tolist()
        return cls(
            ids=_texts(frame["person_id"].tolist()),
            instruments=_texts([*wallets, *frame["id_document"].tolist()]),
            accounts=_texts(["wallet:" + w for w in wallets] + ["cash"]),
            places=_texts([None] * len(towns) + towns),
            currency=_texts(["EUR", *currency]),
        )


def _texts(values: list[Any]) -> pa.Array:
    """Python strings (or None) as an Arrow ``large_string`` array, the type of ``str`` columns."""
    return pa.array(values, pa.large_string())


#: A payment's fixed texts by kind (0 the chain, 1 a remittance).
_CHANNELS = _texts(["crypto", "money_transfer"])
_PURPOSES = _texts(["benign_transfer", "benign_remittance"])


def _day_payments(
    draws: list[_Draws],
    day: int,
    counted: int,
    start: dt.date,
    asset: str,
    columns: _CustomerColumns,
) -> pd.DataFrame:
    """One day's draws as ``truth/payments`` rows, in time order, numbered after ``counted``."""
    chain, remit = draws
    seconds = np.concatenate([chain.seconds, remit.seconds])
    payer = np.concatenate([chain.payer, remit.payer])
    payee = np.concatenate([chain.payee, remit.payee])
    is_chain = np.concatenate([np.ones(len(chain.payer), bool), np.zeros(len(remit.payer), bool)])
    # Time order, then payer, then draw order: integer keys, no string sorting.
    order = np.lexsort((np.arange(len(seconds)), payer, seconds))
    amount = np.concatenate([chain.amount, remit.amount])[order]
    payer, payee, is_chain = payer[order], payee[order], is_chain[order]
    count = len(order)
    customers = len(columns.ids)
    kind = (~is_chain).astype(np.int64)  # 0 chain, 1 remittance
    # A remittance's detail is missing: its index points past the chain's details (a null).
    detail_at = np.where(is_chain, order, len(chain.payer))
    origin = np.datetime64(start, "s") + np.timedelta64(day * DAY_SECONDS, "s")
    text = {
        "payment_id": _payment_ids(counted + 1, count),
        "payer": columns.ids.take(payer),
        "payee": columns.ids.take(payee),
        "channel": _CHANNELS.take(kind),
        "currency": columns.currency.take(np.where(is_chain, 0, payer + 1)),
        "purpose": _PURPOSES.take(kind),
        "from_account": columns.accounts.take(np.where(is_chain, payer, customers)),
        "to_account": columns.accounts.take(np.where(is_chain, payee, customers)),
        "payer_instrument": columns.instruments.take(payer + kind * customers),
        "payee_instrument": columns.instruments.take(payee + kind * customers),
        "place": columns.places.take(payer + kind * customers),
        "detail": _details(chain.hashes, asset).take(detail_at),
    }
    text = {name: _text_column(values) for name, values in text.items()}
    frame = pd.DataFrame(
        {
            # A day without payments keeps the dtype pandas gave its empty list of ids.
            "payment_id": text["payment_id"] if count else [],
            "time": pd.DatetimeIndex(origin + seconds[order].astype("timedelta64[s]")).tz_localize(
                "UTC"
            ),
            "payer": text["payer"],
            "payee": text["payee"],
            "channel": text["channel"],
            "amount": amount,
            "amount_cents": np.round(amount * 100).astype(np.int64),
            "currency": text["currency"],
            "purpose": text["purpose"],
            "from_account": text["from_account"],
            "to_account": text["to_account"],
            "payer_instrument": text["payer_instrument"],
            "payee_instrument": text["payee_instrument"],
            "migrant": None,
            "leg_index": pd.array([None] * count, dtype="Int64"),
            "trip_id": None,
            "parent": None,
            "place": text["place"],
            "detail": text["detail"],
        }
    )
    return frame


def _text_column(values: pa.Array) -> Any:
    """``values`` as the column pandas makes of the same Python strings: ``str``, or ``object``
    where no value is present (all missing, or no rows), as pandas infers it.

    >>> _text_column(_texts(["a", None])).dtype, _text_column(_texts([None])).dtype
    (<StringDtype(na_value=nan)>, dtype('O'))
    """
    if values.null_count == len(values):
        return np.full(len(values), None, dtype=object)
    return pd.array(values, dtype="str")


def _payment_ids(first: int, count: int) -> pa.Array:
    """``PAYB`` and the numbers ``first``, ``first + 1``, ... in eight digits at least.

    >>> _payment_ids(9, 2).to_pylist()
    ['PAYB00000009', 'PAYB00000010']
    """
    numbers = pc.cast(pa.array(np.arange(first, first + count, dtype=np.int64)), pa.large_string())
    prefix, separator = (pa.scalar(text, pa.large_string()) for text in ("PAYB", ""))
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(numbers, 8, "0"), separator)


def _details(hashes: bytes, asset: str) -> pa.Array:
    """Each chain transfer's detail ``{"asset":...,"tx_hash":...}`` from its 32 hash bytes, and
    one null after them.

    >>> one, missing = _details(bytes(range(32)) * 2, "X").to_pylist()[1:]
    >>> one == '{"asset":"X","tx_hash":"' + bytes(range(32)).hex() + '"}', missing
    (True, None)
    """
    head = f'{{"asset":"{asset}","tx_hash":"'.encode()
    tail = b'"}'
    count = len(hashes) // 32
    # Every detail has the same length: build them as rows of one byte matrix.
    width = len(head) + 64 + len(tail)
    rows = np.empty((count, width), np.uint8)
    rows[:, : len(head)] = np.frombuffer(head, np.uint8)
    rows[:, len(head) : len(head) + 64] = np.frombuffer(hashes.hex().encode(), np.uint8).reshape(
        count, 64
    )
    rows[:, len(head) + 64 :] = np.frombuffer(tail, np.uint8)
    offsets = np.arange(count + 2, dtype=np.int64) * width
    offsets[-1] = offsets[-2]  # the null at the end takes no bytes
    validity = np.packbits(np.r_[np.ones(count, bool), False], bitorder="little")
    return pa.LargeStringArray.from_buffers(
        count + 1, pa.py_buffer(offsets), pa.py_buffer(rows.tobytes()), pa.py_buffer(validity)
    )


_ALPHABET = np.frombuffer(b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", np.uint8)
#: Base58 digits of a 25-byte payload: 58**35 > 256**25.
_DIGITS = 35


def lab_chain_addresses(bodies: bytes, rng: np.random.Generator) -> list[str]:
    """Many :func:`~simulator.world.identities.lab_chain_address` at once, Base58 in numpy.

    ``bodies`` holds 20 bytes per address; each gets a checksum flip from ``rng``. The same
    bodies and flips give exactly the addresses the one-at-a-time builder gives.

    >>> import numpy as np
    >>> from simulator.world.identities import lab_chain_address
    >>> bodies = np.random.default_rng(0).bytes(60)
    >>> ours = lab_chain_addresses(bodies, np.random.default_rng(1))
    >>> flips = 1 + np.random.default_rng(1).integers(255, size=3)
    >>> ours == [lab_chain_address(bodies[20 * i : 20 * i + 20], int(f))
    ...          for i, f in enumerate(flips)]
    True
    """
    count = len(bodies) // 20
    flips = 1 + rng.integers(255, size=count)
    payload = np.zeros((count, 25), np.int64)
    payload[:, 0] = WALLET_VERSION
    payload[:, 1:21] = np.frombuffer(bodies, np.uint8).reshape(count, 20)
    heads = payload[:, :21].astype(np.uint8).tobytes()
    sums = b"".join(_checksum(heads[21 * row : 21 * row + 21]) for row in range(count))
    checks = np.frombuffer(sums, np.uint8).reshape(count, 4).astype(np.int64)
    checks[:, 3] ^= flips  # the double SHA-256 checksum with its last byte flipped
    payload[:, 21:25] = checks
    digits = np.zeros((count, _DIGITS), np.uint8)
    for place in range(_DIGITS - 1, -1, -1):  # long division by 58, least significant first
        rest = np.zeros(count, np.int64)
        for column in range(25):
            value = rest * 256 + payload[:, column]
            payload[:, column], rest = np.divmod(value, 58)
        digits[:, place] = rest
    text = _ALPHABET[digits].view(f"S{_DIGITS}").ravel()
    # The version byte is not zero, so every leading "1" is a leading zero digit.
    return [address.decode("ascii").lstrip("1") for address in text.tolist()]


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
