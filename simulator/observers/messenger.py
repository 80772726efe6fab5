"""The messenger provider: subscribers, IP logs and traffic metadata, never message content.

The deals move to an end-to-end encrypted messenger (Europol–Frontex 2021). Its provider sees who
registered which account with which phone number, from which IP address and port each account
connected, and who wrote to whom (or to which group), when, how many encrypted bytes and of which
type. It never sees what was written: content exists only on seized handsets
(:mod:`simulator.observers.devices`).

Imperfections and quirks, as a real provider's export has them:

* times are the provider's server clock, in UTC, exact to the second;
* sizes are of the encrypted payload (plaintext plus an envelope, padded to 16-byte blocks), so
  they never equal what the sender typed;
* IP logs list connection sessions (one per account, address and hour), with the source port:
  behind carrier-grade NAT an address alone does not identify a subscriber;
* every record is kept: the provider's short retention window is applied by the lawful-request
  engine at request time (``time_column``), not here.

Example
-------
>>> [spec.name for spec in TABLES]
['messenger_subscribers', 'messenger_ip_logs', 'messenger_traffic']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.catalog import Column, TableSpec
from simulator.observers.base import WorldView
from simulator.observers.imperfection import conform, stable_unit
from simulator.observers.lookup import (
    event_details_at,
    provider_for,
    text,
    texts,
    view_details,
)

__all__ = ["DEVICE_MODELS", "TABLES", "device_model", "encrypted_size", "observe"]

_PROVIDER = Column("provider", "string", "the messenger company that holds the record")
_RETENTION = "Records older than the provider's retention window at the request date are gone."
_REGISTER = (
    "Kept while the account exists: the retention window applies to logs, not to this register."
)

SUBSCRIBERS = TableSpec(
    name="messenger_subscribers",
    tier="provider",
    description="Accounts registered on the encrypted messenger, with their phone numbers.",
    imitates="a messenger service's basic subscriber information (BSI) returned to a request",
    columns=(
        _PROVIDER,
        Column("account", "string", "account id"),
        Column("phone", "string", "phone number the account is registered with (latest)"),
        Column("display_name", "string", "profile name the user chose (may be empty)"),
        Column("registered", "timestamp", "when the account was registered (UTC)"),
        Column("device_model", "string", "handset model of the last login"),
        Column("last_ip", "string", "IP address of the last connection"),
        Column("last_seen", "timestamp", "time of the last connection (UTC)"),
    ),
    provider_kind="messenger",
    data_kind="subscriber",
    target_columns=("account", "phone"),
    # No time column: an account's registration data is kept while the account exists; only
    # logs (connections, traffic) age out of the short retention window.
    notes=(_REGISTER,),
)

IP_LOGS = TableSpec(
    name="messenger_ip_logs",
    tier="provider",
    description="Connection log: which account connected from which IP address and source port.",
    imitates="a messenger service's IP connection logs (one row per session)",
    columns=(
        _PROVIDER,
        Column("account", "string", "account id"),
        Column("time", "timestamp", "start of the session (UTC, server clock)"),
        Column("ip", "string", "public IP address the account connected from"),
        Column("port", "int64", "source port (needed to resolve carrier-grade NAT addresses)"),
    ),
    provider_kind="messenger",
    data_kind="subscriber",
    target_columns=("account", "ip"),
    time_column="time",
    notes=(
        "IP addresses requested only to identify a user are treated like subscriber data "
        "(e-Evidence Regulation 2023/1543).",
        _RETENTION,
    ),
)

TRAFFIC = TableSpec(
    name="messenger_traffic",
    tier="provider",
    description="Who wrote to whom or which group, when, how many bytes, which type: no content.",
    imitates="a messenger service's traffic data (metadata of end-to-end encrypted messages)",
    columns=(
        _PROVIDER,
        Column("time", "timestamp", "when the server relayed the message (UTC)"),
        Column("sender_account", "string", "sending account"),
        Column("recipient_account", "string", "receiving account (empty for a group message)"),
        Column("group", "string", "group id (empty for a one-to-one message)"),
        Column("size_bytes", "int64", "size of the encrypted payload in bytes"),
        Column("type", "string", "text, voice or image"),
    ),
    provider_kind="messenger",
    data_kind="traffic",
    target_columns=("sender_account", "recipient_account", "group"),
    time_column="time",
    notes=("End-to-end encrypted: the provider has no message content.", _RETENTION),
)

TABLES: tuple[TableSpec, ...] = (SUBSCRIBERS, IP_LOGS, TRAFFIC)

#: Fictional handset models (brand + line); the number is drawn per handset.
DEVICE_MODELS = ("Norvik A", "Norvik Note ", "Sable X", "Korral M", "Tessin Pro ", "Lumo G")


def device_model(imei: str) -> str:
    """A fictional handset model, fixed by the IMEI (the same handset always shows the same model).

    >>> device_model("001234567890123") == device_model("001234567890123")
    True
    >>> device_model("")
    ''
    """
    if not imei:
        return ""
    draw = stable_unit("model", imei)
    line = DEVICE_MODELS[int(draw * len(DEVICE_MODELS))]
    return f"{line}{2 + int(draw * 997) % 14}"


def encrypted_size(plain_bytes: int) -> int:
    """Bytes on the wire for ``plain_bytes`` of content: a 48-byte envelope, 16-byte blocks.

    >>> encrypted_size(40), encrypted_size(0)
    (96, 48)
    """
    return int(-(-(max(plain_bytes, 0) + 48) // 16) * 16)


def _messages(view: WorldView) -> tuple[pd.DataFrame, np.ndarray]:
    """The messages the messenger relayed (those on another platform excluded), in log order,
    and their positions in the log.

    Only the columns the messenger's tables use (one filter of the event table, not two), and
    not the details: :func:`_traffic` parses them from the log's own column, a slice at a time,
    instead of from a copy (at x125 the messages' detail texts are about 170 MB).
    """
    events = view.events
    mine = np.zeros(len(events), dtype=bool)
    mine[view.kind_rows("message")] = True
    messenger = getattr(getattr(view.scenario, "online", None), "messenger", "")
    if messenger and "platform" in events.columns:
        mine &= events["platform"].isna() | (events["platform"] == messenger)
    positions = np.flatnonzero(mine)
    columns = [name for name in _MESSAGE_COLUMNS if name in events.columns]
    return events[columns].iloc[positions], positions


_MESSAGE_COLUMNS = ("time", "actor_account", "target_account", "actor_phone", "actor_imei", "ip")


def _traffic(
    view: WorldView, messages: pd.DataFrame, positions: np.ndarray, provider: str
) -> pd.DataFrame:
    groups: list[str | None] = []
    sizes: list[int] = []
    types: list[str] = []
    # One pass over the details, a slice at a time: kept for the view, the texts and dicts of
    # every message took 2 GB at x125 (no other task of this process reads them again).
    for detail in event_details_at(view, positions):
        media = text(detail.get("media")) or "text"
        groups.append(text(detail.get("group")) or None)
        sizes.append(encrypted_size(int(detail.get("size_bytes") or 0)))
        types.append(
            "voice" if media == "voice" else "image" if media in ("image", "photo") else "text"
        )
    return pd.DataFrame(
        {
            "provider": provider,
            # Arrays, not arrays of Python objects: conform casts them either way.
            "time": messages["time"].array,
            "sender_account": messages["actor_account"].array,
            "recipient_account": messages["target_account"].array,
            "group": groups,
            "size_bytes": sizes,
            "type": types,
        }
    )


def _sessions(messages: pd.DataFrame, rng: np.random.Generator, provider: str) -> pd.DataFrame:
    frame = messages[["time", "actor_account", "ip"]].dropna()
    frame = frame.assign(hour=frame["time"].dt.floor("h"))
    # One session per account, address and hour: the first message opens it.
    sessions = frame.drop_duplicates(["actor_account", "ip", "hour"], keep="first")
    return pd.DataFrame(
        {
            "provider": provider,
            # Arrays, not arrays of Python objects: conform casts them either way.
            "account": sessions["actor_account"].array,
            "time": sessions["time"].array,
            "ip": sessions["ip"].array,
            "port": rng.integers(1024, 65536, size=len(sessions)),
        }
    )


def _subscribers(view: WorldView, messages: pd.DataFrame, provider: str) -> pd.DataFrame:
    messenger = getattr(getattr(view.scenario, "online", None), "messenger", "")
    rows = _registered(view, messenger)
    # Every message updates what the provider last saw of its sender (phone, handset, address).
    latest = _latest(messages)
    # Timestamps of each account's first and last message only, not one per message.
    ends = [row for first, last, _shown in latest.values() for row in (first, last)]
    stamps = iter(messages["time"].iloc[ends].tolist())
    for account, (_first, _last, shown) in latest.items():
        registered, seen = next(stamps), next(stamps)
        row = rows.setdefault(
            account,
            {"registered": registered, "display_name": "", "phone": "", "imei": "", "ip": ""},
        )
        row["seen"] = seen
        row.update(shown)
    accounts = sorted(rows)
    return pd.DataFrame(
        {
            "provider": provider,
            "account": accounts,
            "phone": [rows[a]["phone"] or None for a in accounts],
            "display_name": [rows[a]["display_name"] or None for a in accounts],
            "registered": [rows[a]["registered"] for a in accounts],
            "device_model": [device_model(str(rows[a]["imei"])) or None for a in accounts],
            "last_ip": [rows[a]["ip"] or None for a in accounts],
            "last_seen": [rows[a].get("seen") for a in accounts],
        }
    )


#: The event columns :func:`_registered` reads.
_CREATED_COLUMNS = (
    "time",
    "platform",
    "actor_account",
    "actor_phone",
    "actor_imei",
    "ip",
    "detail",
)


def _registered(view: WorldView, messenger: str) -> dict[str, dict[str, object]]:
    """What each messenger account showed when it was registered (its first account_created
    event on the messenger, or with purpose messenger)."""
    created = view.of_kind("account_created", columns=_CREATED_COLUMNS)
    info = view_details(view, created)
    platforms = texts(created["platform"]) if "platform" in created.columns else [""] * len(info)
    first: dict[str, int] = {}
    for row, (platform, account, detail) in enumerate(
        zip(platforms, texts(created["actor_account"]), info, strict=True)
    ):
        if (
            account
            and account not in first
            and (platform == messenger or detail.get("purpose") == "messenger")
        ):
            first[account] = row
    # Only the registering rows are read further (their times as Timestamps).
    picked = created.iloc[list(first.values())]

    def column(name: str) -> list[str]:
        return texts(picked[name]) if name in picked.columns else [""] * len(picked)

    return {
        account: {
            "registered": when, "display_name": text(info[row].get("display_name")),
            "phone": phone, "imei": imei, "ip": ip, "seen": when,
        }
        for account, row, when, phone, imei, ip in zip(
            first, first.values(), picked["time"].tolist(), column("actor_phone"),
            column("actor_imei"), column("ip"), strict=True,
        )
    }  # fmt: skip


def _latest(messages: pd.DataFrame) -> dict[str, tuple[int, int, dict[str, str]]]:
    """Per sending account: its first and last message (row positions) and the last phone,
    handset and address its messages showed (only those some message showed)."""
    accounts = texts(messages["actor_account"])
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for row, account in enumerate(accounts):
        if account:
            first.setdefault(account, row)
            last[account] = row
    shown: dict[str, dict[str, str]] = {account: {} for account in first}
    for key, column in (("phone", "actor_phone"), ("imei", "actor_imei"), ("ip", "ip")):
        for account, value in zip(accounts, texts(messages[column]), strict=True):
            if account and value:
                shown[account][key] = value
    return {account: (first[account], last[account], shown[account]) for account in first}


def observe(view: WorldView) -> dict[str, pd.DataFrame]:
    """The messenger provider's tables (see :data:`TABLES`).

    >>> import datetime as dt
    >>> from simulator.world.events import EventLog
    >>> log = EventLog(dt.date(2024, 6, 1))
    >>> _ = log.add("message", 60, "P1", "P2", detail={"type": "chatter", "size_bytes": 50},
    ...             actor_account="wl-a", target_account="wl-b", ip="192.0.2.7")
    >>> tables = observe(WorldView(log.to_frame(), {}, None, 7))
    >>> tables["messenger_traffic"][["sender_account", "size_bytes"]].values.tolist()
    [['wl-a', 112]]
    """
    messenger = getattr(getattr(view.scenario, "online", None), "messenger", "")
    provider = provider_for(view.scenario, "messenger", name=messenger).name
    messages, positions = _messages(view)
    rng = view.rng("messenger")
    return {
        SUBSCRIBERS.name: conform(_subscribers(view, messages, provider), SUBSCRIBERS, ["account"]),
        IP_LOGS.name: conform(
            _sessions(messages, rng, provider), IP_LOGS, ["time", "account", "ip"]
        ),
        TRAFFIC.name: conform(
            _traffic(view, messages, positions, provider),
            TRAFFIC,
            ["time", "sender_account", "recipient_account"],
        ),
    }
