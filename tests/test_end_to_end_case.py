"""The trainee toolkit on REAL generated cases: release, open, request, seized items, evidence.

The toolkit's own tests use a tiny hand-made case; these tests run it on what ``tracelab generate``
really writes (central-med seed 7, the course case, and channel seed 1 where a second case shows
the toolkit is not tuned to one scenario). Every case is generated once per module, in parallel
subprocesses (two runs of central-med with different ``PYTHONHASHSEED`` double as the
determinism check). Figures are never hard-coded: expectations come from the case's own files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest

import simulator
import simulator.cli as cli
import simulator.world
from simulator.case import verify_case
from simulator.exercises.key import compute_answers, derive_salt, read_answers
from simulator.exercises.normalise import normalise
from simulator.exercises.registry import all_questions
from simulator.investigate import AccessDenied, CaseError
from simulator.investigate.requests import target_keys

ROOT = Path(__file__).resolve().parents[1]
CENTRAL_MED = ROOT / "scenarios" / "central-med.yaml"
CHANNEL = ROOT / "scenarios" / "channel.yaml"

pytestmark = pytest.mark.skipif(
    not hasattr(simulator.world, "simulate"), reason="simulator.world.simulate is not written yet"
)

#: Each run: scenario, seed, PYTHONHASHSEED. The two central-med runs must be byte-identical.
RUNS = {
    "central-med-a": (CENTRAL_MED, 7, "1"),
    "central-med-b": (CENTRAL_MED, 7, "2024"),
    "channel": (CHANNEL, 1, "7"),
}

# A phone number as an advert writes it: "+216 83 845 729", "(+216) 83845729", "0021683845729".
ADVERT_PHONE = re.compile(r"(?:\(?\+|\b00)\d[\d\s\-.()]{6,}\d")
REASON = "number advertised for sea crossings in a smuggling advert on a public page"


# ----------------------------------------------------------------------------- fixtures


class Generations:
    """The generation subprocesses of this module, started together, awaited one by one."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        for name, (scenario, seed, hash_seed) in RUNS.items():
            environ = {**os.environ, "PYTHONHASHSEED": hash_seed}
            command = [sys.executable, "-m", "simulator", "generate", str(scenario),
                       "--seed", str(seed), "--out", str(root / name)]  # fmt: skip
            self.processes[name] = subprocess.Popen(
                command, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )

    def case(self, name: str) -> Path:
        process = self.processes[name]
        _out, err = process.communicate()
        assert process.returncode == 0, f"generating {name} failed: {err.decode()[-2000:]}"
        return self.root / name

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.fixture(scope="module")
def generations(tmp_path_factory):
    runs = Generations(tmp_path_factory.mktemp("generated"))
    yield runs
    runs.stop()


@pytest.fixture(scope="module")
def course_case(generations):
    """The instructor's course case (central-med seed 7), truth included."""
    return generations.case("central-med-a")


def _release(case: Path, out: Path) -> Path:
    assert cli.main(["release", str(case), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def course_release(course_case, tmp_path_factory):
    return _release(course_case, tmp_path_factory.mktemp("release") / "central-med-7")


@pytest.fixture(scope="module")
def channel_release(generations, tmp_path_factory):
    return _release(generations.case("channel"), tmp_path_factory.mktemp("release") / "channel-1")


@pytest.fixture
def trainee(course_release, tmp_path):
    """A trainee's session on the released course case, with a fresh work folder."""
    return simulator.open_case(course_release, work=tmp_path / "work", handler="trainee-01")


# ----------------------------------------------------------------------------- helpers


def provider_frame(case_dir: Path, table: str) -> pd.DataFrame:
    """A provider table as the provider holds it (for the test's expectations only)."""
    return pd.read_parquet(case_dir / "provider" / f"{table}.parquet")


def advertised_numbers(case) -> pd.DataFrame:
    """Phone numbers as posts write them, with their normalised key, most-advertised first."""
    written = case.posts["text"].fillna("").str.findall(ADVERT_PHONE).explode().dropna()
    frame = pd.DataFrame({"written": written.astype("string")})
    frame["key"] = target_keys(frame["written"])
    frame["count"] = frame.groupby("key")["key"].transform("size")
    return frame.sort_values(["count", "key", "written"], ascending=[False, True, True])


def home_telecom(case, key: str) -> str | None:
    """The telecom of the number's country, as a trainee finds it from the country code."""
    number = phonenumbers.parse("+" + key)
    region = phonenumbers.region_code_for_country_code(number.country_code)
    telecoms = [p for p in case.legal.providers if p.kind == "telecom" and p.country == region]
    return telecoms[0].name if telecoms else None


def basis_for(case, provider: str, domestic: str) -> list[str]:
    """The domestic basis plus the cross-border instrument the provider's seat requires."""
    needed = case.legal.cross_border_instrument(case.legal.provider(provider))
    return [domestic, needed] if needed else [domestic]


def an_advertised_number(case) -> tuple[str, str, str]:
    """(number as written, its key, its home telecom) for the most-advertised number."""
    for row in advertised_numbers(case).itertuples():
        telecom = home_telecom(case, row.key)
        if telecom:
            return row.written, row.key, telecom
    pytest.fail("no advertised number has a telecom in its country")


# ----------------------------------------------------------------------------- 1. the release


def test_release_has_no_truth_and_carries_the_shared_files(course_case, course_release):
    assert not (course_release / "truth").exists()
    for name in ("legal.json", "answers.json", "catalog.json", "manifest.json"):
        assert (course_release / name).is_file(), name
    catalog = json.loads((course_release / "catalog.json").read_text())
    assert catalog and {spec["tier"] for spec in catalog} == {"open", "provider", "seized"}
    manifest = json.loads((course_release / "manifest.json").read_text())
    assert manifest["kind"] == "release" and "truth" not in manifest["tiers"]
    assert (course_release / "legal.json").read_bytes() == (course_case / "legal.json").read_bytes()
    assert verify_case(course_release).ok


def test_trainee_queries_every_visible_table(trainee, course_release):
    assert not trainee.instructor and not trainee.has_truth
    listed = trainee.tables()
    assert set(listed["tier"]) == {"open", "provider", "seized"}
    on_disk = {
        p.stem for tier in ("open", "seized") for p in (course_release / tier).glob("*.parquet")
    }
    assert set(trainee.visible_tables()) == on_disk
    for name in trainee.visible_tables():
        frame = trainee.table(name)
        counted = trainee.sql(f'select count(*) as n from "{name}"')["n"].item()
        assert counted == len(frame) == listed.set_index("name").loc[name, "rows"], name
    assert len(trainee.posts) > 0 and "text" in trainee.posts.columns
    with pytest.raises(AccessDenied):
        _ = trainee.telecom_subscribers
    with pytest.raises(CaseError):
        trainee.table("persons")
    with pytest.raises(CaseError, match="no truth tier"):
        simulator.open_case(course_release, instructor=True, work=trainee.work_dir)


def test_instructor_reaches_truth_only_on_the_full_case(course_case, tmp_path):
    instructor = simulator.open_case(course_case, instructor=True, work=tmp_path / "w")
    assert {"persons", "events", "ownership"} <= set(instructor.truth_tables())
    student = simulator.open_case(course_case, instructor=False, work=tmp_path / "w2")
    with pytest.raises(AccessDenied, match="instructors only"):
        student.table("persons")


# ----------------------------------------------------------------------------- 2. requests


def check_provider_tables(release: Path) -> None:
    """Every provider table names providers of legal.json, of the right kind, with usable specs."""
    legal = json.loads((release / "legal.json").read_text())
    kinds = {p["name"]: p["kind"] for p in legal["providers"]}
    catalog = json.loads((release / "catalog.json").read_text())
    provider_specs = [spec for spec in catalog if spec["tier"] == "provider"]
    assert provider_specs
    for spec in provider_specs:
        frame = provider_frame(release, spec["name"])
        names = set(frame["provider"].dropna().unique())
        assert names <= set(kinds), f"{spec['name']}: providers {names - set(kinds)} unknown"
        assert {kinds[name] for name in names} <= {spec["provider_kind"]}, spec["name"]
        assert spec["data_kind"] in legal["legal_bases"], spec["name"]
        assert spec["target_columns"] and set(spec["target_columns"]) <= set(frame.columns)
        if spec["time_column"]:
            times = pd.to_datetime(frame[spec["time_column"]], utc=True, format="mixed")
            assert times.notna().all(), spec["name"]
        # Logs age out of retention; registers (subscribers, KYC) have no retention clock.
        if spec["data_kind"] in ("traffic", "transactions"):
            assert spec["time_column"], spec["name"]
        if spec["name"] in ("telecom_subscribers", "messenger_subscribers", "exchange_kyc"):
            assert not spec["time_column"], spec["name"]


def check_advertised_number(release: Path, work: Path) -> None:
    """A number copied from an advert gets exactly its subscriber record, however written."""
    case = simulator.open_case(release, work=work)
    written, key, telecom = an_advertised_number(case)
    basis = basis_for(case, telecom, "subscriber_request")
    result = case.request(telecom, "subscriber", written, basis=basis, reason=REASON)
    assert result.granted, result.reason
    data = result.data
    assert len(data) >= 1 and set(data["provider"]) == {telecom}
    matched = pd.concat([target_keys(data[c]) == key for c in ("msisdn", "imsi", "imei")], axis=1)
    assert matched.any(axis=1).all()  # data minimisation: that number's rows only
    expected = provider_frame(release, "telecom_subscribers")
    expected = expected[
        (expected["provider"] == telecom) & (target_keys(expected["msisdn"]) == key)
    ]
    assert sorted(data["imsi"]) == sorted(expected["imsi"])
    # The same number however it is written (with 00, +, spaces, dots) finds the same record,
    # and an exercise answer normalises it the same way.
    for variant in ("00" + key, "+" + key, f"+{key[:3]} {key[3:5]}.{key[5:8]}.{key[8:]}"):
        again = case.request(telecom, "subscriber", variant, basis=basis, reason=REASON)
        assert again.granted and sorted(again.data["imsi"]) == sorted(data["imsi"]), variant
        assert normalise(variant, "phone") == normalise(written, "phone") == key


def test_course_provider_tables_fit_the_legal_document(course_release):
    check_provider_tables(course_release)


def test_course_advertised_number_gets_its_subscriber_record(course_release, tmp_path):
    check_advertised_number(course_release, tmp_path / "work")


def test_a_public_ledger_address_gets_its_exchange_records(trainee, course_release):
    exchange = next(p.name for p in trainee.legal.providers if p.kind == "exchange")
    held = provider_frame(course_release, "exchange_transfers")
    public = pd.concat([trainee.ledger_transactions[c] for c in ("from_address", "to_address")])
    known = sorted(set(public.dropna()) & set(held["address"].dropna()))
    assert known, "no public ledger address is an address the exchange knows"
    basis = basis_for(trainee, exchange, "production_order")
    result = trainee.request(exchange, "transactions", known[0], basis=basis, reason=REASON)
    assert result.granted and result.rows >= 1
    assert (result.data["address"] == known[0]).any()
    kyc = trainee.request(exchange, "kyc", result.data["account"].iloc[0], basis=basis,
                          reason=REASON)  # fmt: skip
    assert kyc.granted and kyc.rows == 1


def test_requests_without_reason_or_fitting_basis_are_refused_and_logged(trainee):
    written, _key, telecom = an_advertised_number(trainee)
    basis = basis_for(trainee, telecom, "subscriber_request")
    no_reason = trainee.request(telecom, "subscriber", written, basis=basis)
    assert not no_reason.granted and "no reason given" in no_reason.reason
    assert no_reason.data.empty

    abroad = trainee.legal.cross_border_instrument(trainee.legal.provider(telecom))
    assert abroad, "the advertised number's telecom should be seated abroad in the course case"
    no_instrument = trainee.request(
        telecom, "subscriber", written, basis="subscriber_request", reason=REASON
    )
    assert not no_instrument.granted and f"needs a {abroad}" in no_instrument.reason

    log = trainee.requests()
    assert len(log) == 2 and not log["granted"].any()


def test_traffic_data_needs_more_than_a_subscriber_basis(trainee, course_release):
    domestic = [p for p in trainee.legal.providers if p.kind == "telecom"
                and trainee.legal.cross_border_instrument(p) is None]  # fmt: skip
    assert domestic, "the course case has a telecom in the investigating country"
    telecom = domestic[0].name
    locations = provider_frame(course_release, "handset_locations")
    number = locations.loc[locations["provider"] == telecom, "msisdn"].dropna().iloc[0]
    refused = trainee.request(telecom, "traffic", number, basis="subscriber_request", reason=REASON)
    assert not refused.granted
    assert refused.reason == (
        "refused: a subscriber_request does not cover traffic data (see case.legal_bases())"
    )
    granted = trainee.request(telecom, "traffic", number, basis="production_order", reason=REASON)
    assert granted.granted and granted.rows >= 1
    assert set(granted.tables) == {"call_records", "sms_records", "handset_locations"}


def test_no_content_from_the_end_to_end_encrypted_messenger(trainee):
    messenger = next(p for p in trainee.legal.providers if p.kind == "messenger")
    assert messenger.end_to_end_encrypted
    basis = ["court_order", trainee.legal.cross_border_instrument(messenger) or "court_order"]
    result = trainee.request(messenger.name, "content", "someaccount", basis=basis, reason=REASON)
    assert not result.granted and "end-to-end encrypted" in result.reason


def test_old_messenger_traffic_is_gone_unless_preserved_first(trainee, course_release):
    messenger = next(p for p in trainee.legal.providers if p.kind == "messenger")
    law, name = trainee.legal, messenger.name
    case_date, retention = law.case_date, messenger.retention_days
    cutoff = pd.Timestamp(case_date - timedelta(days=retention), tz="UTC")
    # The account behind an advertised number, found as a trainee would: a subscriber request.
    traffic = provider_frame(course_release, "messenger_traffic")
    account = None
    for row in advertised_numbers(trainee).drop_duplicates("key").itertuples():
        found = trainee.request(name, "subscriber", row.written,
                                basis=basis_for(trainee, name, "subscriber_request"),
                                reason=REASON)  # fmt: skip
        subscribers = found.tables.get("messenger_subscribers", pd.DataFrame())
        for candidate in subscribers.get("account", pd.Series(dtype="string")):
            mine = (traffic["sender_account"] == candidate) | (
                traffic["recipient_account"] == candidate
            )
            if (traffic.loc[mine, "time"] < cutoff).any():
                account, held = candidate, traffic[mine]
                break
        if account:
            break
    assert account, "no advertised number leads to messenger traffic older than the retention"

    basis = basis_for(trainee, name, "production_order")
    late = trainee.request(name, "traffic", account, basis=basis, reason=REASON)
    assert late.granted and late.rows >= 1
    assert (late.data["time"] >= cutoff).all()  # older records were deleted by the provider
    assert late.rows < len(held[held["time"] < pd.Timestamp(case_date, tz="UTC") + timedelta(1)])

    # Preserve early in the case (within the preservation hold of the case date), then ask again.
    served = case_date - timedelta(days=law.preservation_days - 5)
    preserve_basis = ["preservation_order"] + [
        b for b in [law.cross_border_instrument(messenger, preserve=True)] if b
    ]
    kept = trainee.preserve(name, account, basis=preserve_basis, reason=REASON, date=served)
    assert kept.granted, kept.reason
    full = trainee.request(name, "traffic", account, basis=basis, reason=REASON)
    assert full.granted and full.rows > late.rows
    assert (full.data["time"] < cutoff).any()
    oldest_kept = pd.Timestamp(served - timedelta(days=retention), tz="UTC")
    day_after = pd.Timestamp(case_date, tz="UTC") + timedelta(days=1)
    expected = held[(held["time"] >= oldest_kept) & (held["time"] < day_after)]
    assert full.rows == len(expected)
    assert trainee.sql(f"select count(*) as n from {full.view}")["n"].item() == full.rows


# ----------------------------------------------------------------------------- 3. seized items


def test_seized_phones_and_ledgers_are_reachable(trainee):
    register = trainee.seizures
    phones = register[register["device_id"].notna()]
    assert len(phones) >= 1
    devices = trainee.devices()
    assert devices["device_id"].tolist() == phones["device_id"].tolist()
    assert {"date", "place", "seized_from"} <= set(devices.columns)
    seen: dict[str, int] = {}
    for device_id in devices["device_id"]:
        phone = trainee.device(device_id)
        assert set(phone.names()) == {"chats", "contacts", "call_log", "photos", "notes"}
        for name in phone.names():
            frame = phone.table(name)
            assert (frame["device_id"] == device_id).all()
            seen[name] = seen.get(name, 0) + len(frame)
        assert {"exif_lat", "exif_lon", "exif_time"} <= set(phone.photos.columns)
    assert all(seen[name] > 0 for name in ("chats", "contacts", "call_log", "photos")), seen
    with pytest.raises(CaseError, match="no seized phone"):
        trainee.device("no-such-phone")

    ledgers = trainee.ledgers()
    assert ledgers["ledger_id"].tolist() == register["ledger_id"].dropna().tolist()
    for ledger_id in ledgers["ledger_id"]:
        entries = trainee.ledger(ledger_id).entries
        assert len(entries) >= 1 and (entries["ledger_id"] == ledger_id).all()
    # SQL joins the register to the extractions on the same id column.
    joined = trainee.sql(
        "select count(*) as n from device_chats c join seizures s on s.device_id = c.device_id"
    )
    assert joined["n"].item() == len(trainee.device_chats)


# ----------------------------------------------------------------------------- 4. evidence


def test_evidence_from_a_granted_request_and_open_data_exports(trainee, tmp_path):
    written, _key, telecom = an_advertised_number(trainee)
    result = trainee.request(telecom, "subscriber", written,
                             basis=basis_for(trainee, telecom, "subscriber_request"),
                             reason=REASON)  # fmt: skip
    adverts = trainee.posts[trainee.posts["text"].str.contains(written, regex=False, na=False)]
    assert len(adverts) >= 1
    first = trainee.evidence.add(
        adverts, source="open/posts", description="adverts with the number"
    )
    second = trainee.evidence.add(result, description="subscriber record of the advertised number")
    assert second.source == result.id and first.kind == second.kind == "fact"
    assert trainee.evidence.verify().ok
    report = trainee.evidence.export(tmp_path / "evidence-file")
    assert report.name == "evidence-report.html" and report.is_file()
    manifest = json.loads((report.parent / "evidence-manifest.json").read_text())
    assert len(manifest["items"]) == 2
    assert (report.parent / "audit_log.jsonl").is_file()
    assert result.id in report.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- 5. answers


def test_answer_key_is_computed_from_the_truth_and_released(course_case, course_release):
    key = read_answers(course_case)
    assert read_answers(course_release) == key
    truth = {p.stem: pd.read_parquet(p) for p in sorted((course_case / "truth").glob("*.parquet"))}
    # The generator digests the truth in memory; read back from disk it must give the same key.
    assert key == compute_answers(all_questions(), truth, derive_salt(truth))


# ----------------------------------------------------------------------------- 6. determinism


def test_whole_case_is_identical_across_hash_seeds(generations):
    first, second = generations.case("central-med-a"), generations.case("central-med-b")
    one = json.loads((first / "manifest.json").read_text())
    two = json.loads((second / "manifest.json").read_text())
    hashes = [{t["path"]: t["sha256"] for t in m["tables"] + m["files"]} for m in (one, two)]
    differing = sorted(path for path in hashes[0] if hashes[0][path] != hashes[1].get(path))
    assert not differing, f"tables differ between PYTHONHASHSEED runs: {differing}"
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()


# ----------------------------------------------------------------------------- a second scenario
# Last in the file: channel takes the longest to generate, and runs while the tests above do.


def test_channel_provider_tables_fit_the_legal_document(channel_release):
    check_provider_tables(channel_release)


def test_channel_advertised_number_gets_its_subscriber_record(channel_release, tmp_path):
    check_advertised_number(channel_release, tmp_path / "work")


# ----------------------------------------------------------------------------- golden manifest

#: The course case's manifest as last reviewed. Any change to generated output (a table's bytes,
#: rows or columns) fails here until someone regenerates it on purpose:
#:     TRACELAB_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_end_to_end_case.py -k golden
GOLDEN = ROOT / "tests" / "golden" / "central-med-seed-7.manifest.json"


def golden_view(manifest: dict) -> dict:
    """What the golden file pins: every table's rows, columns and hash, and every extra file."""
    return {
        "scenario": manifest["scenario"],
        "seed": manifest["seed"],
        "generator": manifest["generator"],
        "tables": {
            table["path"]: {
                "rows": table["rows"],
                "columns": [column["name"] for column in table["columns"]],
                "sha256": table["sha256"],
            }
            for table in manifest["tables"]
        },
        "files": {entry["path"]: entry["sha256"] for entry in manifest.get("files", [])},
    }


def test_course_case_matches_the_golden_manifest(course_case):
    current = golden_view(json.loads((course_case / "manifest.json").read_text()))
    if os.environ.get("TRACELAB_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    golden = json.loads(GOLDEN.read_text())
    changed = sorted(
        path
        for path in set(golden["tables"]) | set(current["tables"])
        if golden["tables"].get(path) != current["tables"].get(path)
    )
    assert changed == [], (
        f"generated output changed in {changed}; if deliberate, regenerate {GOLDEN.name} with "
        "TRACELAB_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_end_to_end_case.py -k golden"
    )
    assert current == golden, f"the case's manifest header or extra files changed: see {GOLDEN}"
