"""Specs of the truth tier: what truly happened and who held what (instructors only).

The world (``simulator.world.truth``) builds these tables; it does not describe them as
:class:`~simulator.catalog.TableSpec` because ``world`` must not depend on the case format. They are
described here so the data dictionary and the manifest cover every tier. The ``events`` spec is
derived from :data:`simulator.world.events.COLUMNS`, so it follows the event log by construction.

>>> [spec.name for spec in TABLES]
['events', 'journeys', 'ownership', 'payments', 'persons', 'ties']
>>> EVENTS.column_names()[:3]
('event_id', 'time', 'day')
"""

from __future__ import annotations

from simulator.catalog import Column, TableSpec
from simulator.world.events import COLUMNS

__all__ = ["EVENTS", "JOURNEYS", "OWNERSHIP", "PAYMENTS", "PERSONS", "TABLES", "TIES"]

# pandas dtype of the event log -> the logical types the observers' specs use.
_LOGICAL = {"str": "string", "datetime64[s, UTC]": "timestamp", "int32": "int64"}

EVENTS = TableSpec(
    name="events",
    tier="truth",
    description="The world's event log: every happening with who, whom, when, where, how much and "
    "with which phone, handset, account or wallet. Every other table is a lens on these rows. "
    "The kinds and their 'detail' fields are listed in simulator/world/events.py.",
    imitates="nothing real: the ground truth no investigator ever holds",
    columns=tuple(
        Column(name, _LOGICAL.get(dtype, dtype), meaning)
        for name, (dtype, meaning) in COLUMNS.items()
    ),
    time_column="time",
)

PERSONS = TableSpec(
    name="persons",
    tier="truth",
    description="Every synthetic person: network members, migrants, family payers, mules, benign "
    "actors and marketplace sellers, with role, names and spelling variants.",
    imitates="nothing real: the answer key's list of people",
    columns=(
        Column(
            "person_id",
            "string",
            "the person's id (P… members, M… migrants, B… benign, C… ordinary customers...)",
        ),
        Column("role", "string", "network role, or the kind of benign actor"),
        Column("kind", "string", "member, migrant, family, benign, seller, background..."),
        Column("is_migrant", "bool", "whether the person is moved by the network"),
        Column("name", "string", "canonical full name"),
        Column("name_variants", "string", "other spellings, separated by '|'"),
        Column("nationality", "string", "ISO 3166-1 alpha-2 code"),
        Column("languages", "string", "ISO 639-1 codes, separated by '|'"),
        Column("base_place", "string", "scenario place where the person is based"),
        Column("stage", "string", "route stage a member works on"),
        Column("cell", "Int64", "cell number of a member"),
        Column("arrested", "boolean", "whether the member was arrested"),
        Column("route", "string", "route a migrant takes"),
        Column("recruiter", "string", "person_id of the migrant's recruiter"),
        Column("heard_via", "string", "how the migrant found the network (advert, word of mouth)"),
        Column("outcome", "string", "how the migrant's journey ended"),
        Column("budget_eur", "float64", "what the migrant (with family) could pay, in euros"),
        Column("family_of", "string", "person_id of the migrant a family payer pays for"),
    ),
)

TIES = TableSpec(
    name="ties",
    tier="truth",
    description="The smuggling network's ties: one row per pair of members who work together.",
    imitates="nothing real: the network an investigation tries to reconstruct",
    columns=(
        Column("source", "string", "person_id (the smaller of the two)"),
        Column("target", "string", "person_id"),
        Column("kind", "string", "kind of tie (command, same stage, money...)"),
        Column("first_seen", "int64", "day of the period the tie is first active"),
    ),
)

OWNERSHIP = TableSpec(
    name="ownership",
    tier="truth",
    description="Who held every identifier and when: phone numbers, SIMs, handsets, devices, "
    "platform and messenger accounts, wallets, bank accounts, e-mails, documents, hawala code "
    "names.",
    imitates="nothing real: the attribution an investigation must prove",
    columns=(
        Column("identifier", "string", "the identifier as it appears in the other tables"),
        Column("identifier_kind", "string", "phone_number, imei, platform_account, wallet..."),
        Column("platform", "string", "platform, messenger or exchange the account is on"),
        Column("person_id", "string", "holder"),
        Column("from", "timestamp", "start of holding (UTC)"),
        Column("to", "timestamp", "end of holding (UTC); empty while still held"),
    ),
)

JOURNEYS = TableSpec(
    name="journeys",
    tier="truth",
    description="Each migrant's legs and attempts: from where to where, by what, at what price, "
    "paid how, and how each attempt ended.",
    imitates="nothing real: the journeys behind the traces",
    columns=(
        Column("migrant", "string", "person_id of the migrant"),
        Column("route", "string", "scenario route name"),
        Column("leg_index", "int64", "leg number along the route (0 = first)"),
        Column("from_place", "string", "place the leg starts at"),
        Column("to_place", "string", "place the leg ends at"),
        Column("mode", "string", "how the leg is travelled"),
        Column("price", "Float64", "price agreed for the leg"),
        Column("price_cents", "Int64", "exact price in cents"),
        Column("currency", "string", "ISO currency code"),
        Column("channel", "string", "payment channel"),
        Column("depart", "timestamp", "departure (UTC)"),
        Column("arrive", "timestamp", "arrival or end of the attempt (UTC)"),
        Column("outcome", "string", "completed, intercepted, died..."),
        Column("attempt", "Int64", "attempt number"),
        Column("trip_id", "string", "trip reference (events.trip_id)"),
    ),
)

PAYMENTS = TableSpec(
    name="payments",
    tier="truth",
    description="Every movement of money: fees, hawala deposits and releases, broker settlements, "
    "crypto hops, structured transfers, cash runs, wages.",
    imitates="nothing real: the money flows a financial investigation reconstructs",
    notes=(
        "Ordinary customers' traffic (scenario key money.background) follows the world's own "
        "rows, a day per row group: ids PAYB…, purposes benign_transfer and benign_remittance.",
    ),
    columns=(
        Column("payment_id", "string", "payment reference (events.payment_id)"),
        Column("time", "timestamp", "when it happened (UTC)"),
        Column("payer", "string", "person_id paying"),
        Column("payee", "string", "person_id paid"),
        Column("channel", "string", "hawala, crypto, money_transfer, cash..."),
        Column("amount", "float64", "amount in currency units"),
        Column("amount_cents", "int64", "exact amount in cents"),
        Column("currency", "string", "ISO currency code or crypto ticker"),
        Column("purpose", "string", "why the money moved (fee, deposit, release, settlement...)"),
        Column("from_account", "string", "ledger account debited"),
        Column("to_account", "string", "ledger account credited"),
        Column("payer_instrument", "string", "wallet, code name or bank account used by the payer"),
        Column("payee_instrument", "string", "wallet, code name or bank account used by the payee"),
        Column("migrant", "string", "person_id of the migrant the money is for"),
        Column("leg_index", "Int64", "leg paid for"),
        Column("trip_id", "string", "trip reference"),
        Column("parent", "string", "payment this one splits or settles"),
        Column("place", "string", "where it happened"),
        Column("detail", "string", "channel-specific fields as a JSON object"),
    ),
    time_column="time",
)

TABLES: tuple[TableSpec, ...] = (EVENTS, JOURNEYS, OWNERSHIP, PAYMENTS, PERSONS, TIES)
