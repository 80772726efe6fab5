"""A tiny, hand-written sample case in the case layout, for doctests, tests and demos.

Real cases come from ``tracelab generate``; this one exists so the toolkit can be tried and tested
without the simulator (it is written from literals, no randomness). Every identifier is fictional:
phone numbers use the unassigned ``+00`` prefix, IP addresses the 192.0.2.0/24 documentation range,
and domains end in ``.example``.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     case = write_sample_case(pathlib.Path(folder) / "sample")
...     sorted(path.name for path in case.iterdir())
['catalog.json', 'legal.json', 'manifest.json', 'open', 'provider', 'seized', 'truth']
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from simulator import SYNTHETIC_NOTICE
from simulator.catalog import Column, TableSpec

__all__ = ["SAMPLE_CASE_DATE", "sample_tables", "write_sample_case"]

#: The last simulated day of the sample case (the default request date).
SAMPLE_CASE_DATE = "2024-06-30"

_T = pd.Timestamp
_A = "+00 555 0101"  # the advertised number
_B = "+00 555 0202"


def _spec(
    name: str, tier: str, description: str, frame: pd.DataFrame, **extra: object
) -> TableSpec:
    columns = tuple(Column(column, str(frame[column].dtype), column) for column in frame.columns)
    return TableSpec(
        name=name, tier=tier, description=description, imitates="sample", columns=columns, **extra
    )  # type: ignore[arg-type]


def sample_tables() -> list[tuple[TableSpec, pd.DataFrame]]:
    """Every table of the sample case with its spec, tier by tier."""
    posts = pd.DataFrame(
        {
            "post_id": [1, 2, 3, 4],
            "platform": ["Facepage"] * 4,
            "handle": ["eagle_travel1", "ngo_helpdesk", "eagle_travel2", "diaspora_news"],
            "posted_at": [_T("2024-01-05 10:00"), _T("2024-02-01 09:00"),
                          _T("2024-05-20 18:30"), _T("2024-06-01 12:00")],
            "text": ["🚤🌊🇹🇳➡️🇮🇹 safe trip 100% call +00 555 0101", "Know your rights at sea",
                     "backup account, same boss, +00 555 0101", "News from the community"],
        }
    )  # fmt: skip
    platform_subscribers = pd.DataFrame(
        {
            "provider": ["Facepage", "Facepage", "Facepage"],
            "handle": ["eagle_travel1", "eagle_travel2", "ngo_helpdesk"],
            "email": ["eagle@mail.example", "eagle2@mail.example", "help@ngo.example"],
            "signup_ip": ["192.0.2.10", "192.0.2.10", "192.0.2.99"],
            "created": [_T("2023-12-01"), _T("2024-05-01"), _T("2022-03-03")],
        }
    )
    messenger_traffic = pd.DataFrame(
        {
            "provider": ["Chatterbox"] * 5,
            "sender": [_A, _B, _A, "+00 555 0303", _A],
            "recipient": [_B, _A, "+00 555 0303", "+00 555 0404", _B],
            "sent_at": [_T("2024-01-10 08:00"), _T("2024-01-10 08:05"), _T("2024-04-15 20:00"),
                        _T("2024-05-02 07:00"), _T("2024-06-29 23:00")],
            "size_bytes": [120, 80, 2048, 64, 300],
        }
    )  # fmt: skip
    telecom_calls = pd.DataFrame(
        {
            "provider": ["Telco Demo", "Telco Demo", "Other Tel"],
            "caller": ["+00 555 0101", "+00 555 0202", "+00 555 0101"],
            "callee": ["+00 555 0202", "+00 555 0909", "+00 555 0303"],
            "start": [_T("2024-06-01 10:00"), _T("2024-06-02 11:00"), _T("2024-06-03 12:00")],
            "cell_id": ["CELL-1", "CELL-2", "CELL-3"],
        }
    )
    exchange_kyc = pd.DataFrame(
        {
            "provider": ["Coinhub"],
            "wallet": ["TDEMOxWALLETxNOTxVALID01"],
            "holder_name": ["A. Sample"],
            "opened": [_T("2024-02-02")],
        }
    )
    # The register as the devices observer writes it: one exhibit a row, named by the same
    # device_id / ledger_id as its extraction tables.
    seizures = pd.DataFrame(
        {
            "seizure_id": ["EX-000001", "EX-000002"],
            "date": ["2024-06-20", "2024-06-20"],
            "place": ["Lampedusa", "Sfax"],
            "what": ["phone", "hawala_ledger"],
            "device_id": ["PHONE-01", None],
            "ledger_id": [None, "LEDGER-01"],
            "seized_from": ["SAMPLE PILOT", "SAMPLE BROKER"],
            "with_arrest": [True, False],
        }
    )
    device_chats = pd.DataFrame(
        {
            "device_id": ["PHONE-01", "PHONE-01"],
            "peer": ["+00 555 0101", "+00 555 0101"],
            "sent_at": [_T("2024-06-10 09:00"), _T("2024-06-19 22:00")],
            "text": ["price 2500 per person, children half", "OK arrived"],
        }
    )
    device_photos = pd.DataFrame(
        {
            "device_id": ["PHONE-01"],
            "file": ["IMG_0001.jpg"],
            "taken_at": [_T("2024-06-19 21:00")],
            "gps_lat": [35.5],
            "gps_lon": [12.6],
        }
    )
    ledger_entries = pd.DataFrame(
        {
            "ledger_id": ["LEDGER-01", "LEDGER-01"],
            "entry_date": [_T("2024-06-05"), _T("2024-06-20")],
            "code_name": ["falcon", "falcon"],
            "amount": [2500.0, 2500.0],
            "code_word": ["blue sea", "blue sea"],
        }
    )
    persons = pd.DataFrame({"person_id": ["P1", "P2"], "role": ["organiser", "pilot"]})
    handle_owners = pd.DataFrame(
        {"handle": ["eagle_travel1", "eagle_travel2"], "person_id": ["P1", "P1"]}
    )
    return [
        (_spec("posts", "open", "Public posts and adverts.", posts), posts),
        (_spec("platform_subscribers", "provider", "Account registration data.",
               platform_subscribers, provider_kind="platform", data_kind="subscriber",
               target_columns=("handle",)), platform_subscribers),
        (_spec("messenger_traffic", "provider", "Messenger traffic metadata (no content).",
               messenger_traffic, provider_kind="messenger", data_kind="traffic",
               target_columns=("sender", "recipient"), time_column="sent_at"), messenger_traffic),
        (_spec("telecom_calls", "provider", "Call detail records.", telecom_calls,
               provider_kind="telecom", data_kind="traffic", target_columns=("caller", "callee"),
               time_column="start"), telecom_calls),
        (_spec("exchange_kyc", "provider", "Exchange customer identification.", exchange_kyc,
               provider_kind="exchange", data_kind="kyc", target_columns=("wallet",)),
         exchange_kyc),
        (_spec("seizures", "seized", "Register of seized items.", seizures), seizures),
        (_spec("device_chats", "seized", "Chats extracted from seized phones.", device_chats),
         device_chats),
        (_spec("device_photos", "seized", "Photos with EXIF from seized phones.", device_photos),
         device_photos),
        (_spec("hawala_ledger_entries", "seized", "Entries of seized hawala notebooks.",
               ledger_entries), ledger_entries),
        (_spec("persons", "truth", "Every person and role.", persons), persons),
        (_spec("handle_owners", "truth", "Who owns each handle.", handle_owners), handle_owners),
    ]  # fmt: skip


LEGAL = {
    "investigating_country": "IT",
    "preservation_days": 60,
    "legal_bases": {
        "subscriber": ["subscriber_request", "production_order"],
        "traffic": ["production_order", "court_order"],
        "content": ["court_order"],
        "kyc": ["production_order"],
        "transactions": ["production_order"],
    },
    "providers": [
        {"name": "Facepage", "kind": "platform", "country": "IT", "retention_days": 365,
         "end_to_end_encrypted": False},
        {"name": "Chatterbox", "kind": "messenger", "country": "IE", "retention_days": 90,
         "end_to_end_encrypted": True},
        {"name": "Telco Demo", "kind": "telecom", "country": "IT", "retention_days": 180,
         "end_to_end_encrypted": False},
        {"name": "Coinhub", "kind": "exchange", "country": "SC", "retention_days": 365,
         "end_to_end_encrypted": False},
    ],
    "case_date": SAMPLE_CASE_DATE,
}  # fmt: skip


def write_sample_case(folder: Path, *, with_truth: bool = True) -> Path:
    """Write the sample case to ``folder`` (created) and return it; ``with_truth=False`` gives
    a trainee-release-like copy."""
    folder = Path(folder)
    catalog = []
    for spec, frame in sample_tables():
        if spec.tier == "truth" and not with_truth:
            continue
        (folder / spec.tier).mkdir(parents=True, exist_ok=True)
        frame.to_parquet(folder / spec.tier / f"{spec.name}.parquet", index=False)
        catalog.append(spec.to_dict())
    manifest = {
        "scenario": {"id": "sample", "title": "Sample case", "sha256": "0" * 64},
        "seed": 1,
        "generator": {"name": "tracelab", "version": "sample"},
        "synthetic": SYNTHETIC_NOTICE,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    (folder / "catalog.json").write_text(json.dumps(catalog, indent=2), encoding="utf-8")
    (folder / "legal.json").write_text(json.dumps(LEGAL, indent=2), encoding="utf-8")
    return folder
