"""Opening a case: path resolution, visible tables, SQL, tier gating, seized items, summaries."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from simulator import SYNTHETIC_NOTICE, open_case
from simulator.investigate import AccessDenied, CaseError
from simulator.investigate.paths import resolve_case
from simulator.investigate.sample import write_sample_case


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    return write_sample_case(tmp_path / "datasets" / "sample" / "seed-1")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("TRACELAB_CASE", "TRACELAB_DATASETS", "TRACELAB_INSTRUCTOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACELAB_WORK", str(tmp_path / "work-root"))


def test_name_resolves_walking_up_to_a_datasets_folder(case_dir, tmp_path, monkeypatch):
    courses = tmp_path / "courses" / "episode"
    courses.mkdir(parents=True)
    monkeypatch.chdir(courses)
    assert open_case("sample/seed-1").path == case_dir.resolve()


def test_tracelab_datasets_and_tracelab_case_override(case_dir, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("TRACELAB_DATASETS", str(tmp_path / "datasets"))
    assert open_case("sample/seed-1").path == case_dir.resolve()
    monkeypatch.setenv("TRACELAB_CASE", str(case_dir))
    assert open_case("no-such/seed-99").path == case_dir.resolve()


def test_unknown_case_is_a_clear_error(tmp_path):
    with pytest.raises(CaseError, match="no case found for 'nothing/seed-1'"):
        resolve_case("nothing/seed-1", cwd=tmp_path, environ={})


def test_open_tables_as_attributes_table_and_listing(case_dir):
    case = open_case(case_dir)
    assert list(case.posts["post_id"]) == [1, 2, 3, 4]
    assert case.table("posts").equals(case.posts)
    listing = case.tables()
    assert list(listing.columns[:4]) == ["name", "tier", "access", "rows"]
    by_name = listing.set_index("name")
    assert by_name.loc["posts", "rows"] == 4
    assert by_name.loc["messenger_traffic", "tier"] == "provider"
    assert pd.isna(by_name.loc["messenger_traffic", "rows"])  # provider volumes are not shown
    assert "persons" not in by_name.index  # truth is not even listed for trainees


def test_changing_a_returned_frame_does_not_change_the_case(case_dir):
    case = open_case(case_dir)
    frame = case.posts
    frame.loc[0, "handle"] = "edited"
    assert case.posts.loc[0, "handle"] == "eagle_travel1"


def test_sql_sees_visible_tables_as_views(case_dir):
    case = open_case(case_dir)
    result = case.sql("select count(*) as n from posts where handle like 'eagle%'")
    assert result["n"].item() == 2
    joined = case.sql(
        "select c.text from device_chats c join seizures s on s.device_id = c.device_id "
        "order by c.sent_at"
    )
    assert joined["text"].tolist()[-1] == "OK arrived"


def test_provider_and_truth_tables_are_not_reachable_directly(case_dir):
    case = open_case(case_dir)
    with pytest.raises(AccessDenied, match=r"case.request"):
        _ = case.messenger_traffic
    with pytest.raises(AccessDenied, match="instructors only"):
        case.table("persons")
    with pytest.raises(CaseError, match="did you mean posts"):
        case.table("post")
    for table in ("messenger_traffic", "persons"):
        with pytest.raises(Exception, match="does not exist"):
            case.sql(f"select * from {table}")


def test_sql_cannot_read_files_around_the_rules(case_dir):
    case = open_case(case_dir)
    for tier, table in (("provider", "messenger_traffic"), ("truth", "persons")):
        path = case_dir / tier / f"{table}.parquet"
        with pytest.raises(AccessDenied, match="visible tables"):
            case.sql(f"select * from read_parquet('{path}')")
    with pytest.raises(Exception):  # noqa: B017 - the configuration is locked, any error is fine
        case.sql("set enable_external_access = true")


def test_instructor_mode_needs_the_truth_tier(case_dir, tmp_path, monkeypatch):
    instructor = open_case(case_dir, instructor=True)
    assert instructor.persons["role"].tolist() == ["organiser", "pilot"]
    assert instructor.sql("select count(*) as n from persons")["n"].item() == 2
    assert set(instructor.truth_tables()) == {"persons", "handle_owners"}
    release = write_sample_case(tmp_path / "release", with_truth=False)
    with pytest.raises(CaseError, match="no truth tier"):
        open_case(release, instructor=True)
    monkeypatch.setenv("TRACELAB_INSTRUCTOR", "1")
    assert open_case(case_dir).instructor is True
    assert open_case(release).instructor is False  # the variable cannot conjure a truth tier
    with pytest.raises(CaseError, match="no table 'persons'"):
        open_case(release).table("persons")


def test_seized_phones_and_ledgers(case_dir):
    case = open_case(case_dir)
    devices = case.devices()
    assert devices["device_id"].tolist() == ["PHONE-01"]
    assert devices.loc[0, "device_chats_records"] == 2
    phone = case.device("PHONE-01")
    assert phone.names() == ["chats", "photos"]
    assert phone.photos.loc[0, "gps_lat"] == 35.5
    with pytest.raises(AttributeError, match="has no table 'contacts'"):
        _ = phone.contacts
    with pytest.raises(CaseError, match="no seized phone"):
        case.device("PHONE-99")
    assert case.ledgers()["ledger_id"].tolist() == ["LEDGER-01"]
    assert case.ledger("LEDGER-01").entries["amount"].sum() == 5000.0


def test_devices_without_a_seizure_register_are_listed_from_extractions(case_dir):
    (case_dir / "seized" / "seizures.parquet").unlink()
    case = open_case(case_dir)
    assert case.devices()["device_id"].tolist() == ["PHONE-01"]


def test_summaries_carry_the_synthetic_notice(case_dir):
    case = open_case(case_dir)
    text = repr(case)
    assert text.startswith(SYNTHETIC_NOTICE) and text.rstrip().endswith(SYNTHETIC_NOTICE)
    assert "posts" in text and "case.request" in text
    assert case._repr_html_().count(SYNTHETIC_NOTICE) == 2


def test_default_work_folder_is_outside_a_read_only_case(case_dir, tmp_path):
    for path in [*sorted(case_dir.rglob("*"), reverse=True), case_dir]:
        mode = stat.S_IRUSR | stat.S_IXUSR if path.is_dir() else stat.S_IRUSR
        os.chmod(path, mode)
    try:
        case = open_case(case_dir)
        assert case.work_dir == (tmp_path / "work-root" / "sample-seed-1").resolve()
        result = case.request(
            "Facepage", "subscriber", "eagle_travel1",
            basis="subscriber_request", reason="handle advertised crossings in post 1",
        )  # fmt: skip
        assert result.granted and (case.work_dir / "audit_log.jsonl").exists()
    finally:
        for path in [case_dir, *case_dir.rglob("*")]:
            os.chmod(path, stat.S_IRWXU)


def test_catalogue_less_case_still_opens(tmp_path):
    folder = tmp_path / "bare"
    (folder / "open").mkdir(parents=True)
    pd.DataFrame({"x": [1]}).to_parquet(folder / "open" / "things.parquet")
    case = open_case(folder, work=tmp_path / "w")
    assert case.tables().loc[0, "description"] == "(not in the catalogue)"
    assert case.things["x"].tolist() == [1]


def test_info_names_the_case_its_seed_and_rings(case_dir):
    info = open_case(case_dir).info()
    assert (info["case"], info["scenario_id"], info["seed"]) == ("sample/seed-1", "sample", 1)
    assert info["rings"] == 1  # a one-ring case's manifest does not name its rings
    assert info["generator_version"] == "sample"
    assert info["synthetic"] == SYNTHETIC_NOTICE
