"""release_case: the trainee copy has no truth tier, no truth entries, and is itself verifiable."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simulator import __version__
from simulator.case import (
    CaseExistsError,
    CaseInfo,
    Manifest,
    ReleaseError,
    release_case,
    verify_case,
    write_case,
)

INFO = CaseInfo("demo-case", "12" * 32, seed=5, generator_version=__version__)


@pytest.fixture
def case(tmp_path):
    target = tmp_path / "case"
    write_case(
        target,
        {
            "open": {"adverts": pd.DataFrame({"advert_id": range(4)})},
            "seized": {"chats": pd.DataFrame({"chat_id": range(3), "text": ["ok"] * 3})},
            "truth": {"persons": pd.DataFrame({"person_id": range(2), "role": ["leader", "x"]})},
        },
        INFO,
    )
    return target


def test_release_has_no_truth(case, tmp_path):
    out = tmp_path / "trainee"
    released = release_case(case, out)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "open", "seized"]
    data = json.loads((out / "manifest.json").read_text())
    assert data["kind"] == "release" and data["synthetic"] is True
    assert "truth" not in data["tiers"]
    assert all(entry["tier"] != "truth" for entry in data["tables"])
    assert "truth" not in (out / "manifest.json").read_text()
    assert released.rows() == {"open/adverts": 4, "seized/chats": 3}
    assert verify_case(out).ok
    # The copied tables are the very same files.
    source = Manifest.read(case)
    for entry in released.tables:
        assert entry == source.table(entry.key)


def test_listed_instructor_files_stay_behind(tmp_path):
    case = tmp_path / "case"
    key = "instructor/answer-key.json"
    manifest = write_case(
        case,
        {"open": {"adverts": pd.DataFrame({"advert_id": range(4)})}},
        INFO,
        files={key: '{"leader": "person 0"}'},
    )
    assert [entry.path for entry in manifest.files] == [key]
    assert verify_case(case).ok
    released = release_case(case, tmp_path / "trainee")
    assert released.files == ()
    assert not (tmp_path / "trainee" / "instructor").exists()
    assert "person 0" not in (tmp_path / "trainee" / "manifest.json").read_text()


def test_case_with_unlisted_files_is_not_released(case, tmp_path):
    # Notes dropped into the case by hand are not in the manifest: verification fails, so nothing
    # is released, rather than silently copying or ignoring them.
    (case / "answer-key.txt").write_text("the leader is person 0")
    with pytest.raises(ReleaseError, match=r"fails verification: answer-key\.txt"):
        release_case(case, tmp_path / "trainee")
    assert not (tmp_path / "trainee").exists()


def test_tampered_case_is_not_released(case, tmp_path):
    path = case / "open" / "adverts.parquet"
    data = bytearray(path.read_bytes())
    data[20] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ReleaseError, match="table open/adverts changed"):
        release_case(case, tmp_path / "trainee")
    assert [p.name for p in tmp_path.iterdir()] == ["case"]


def test_answers_hook_writes_a_listed_file(case, tmp_path):
    seen = {}

    def answers(folder, manifest):
        seen["truth_readable"] = (folder / "truth" / "persons.parquet").is_file()
        seen["kind"] = manifest.kind
        return {"leader": {"salt": "s1", "sha256": "ab" * 32}}

    released = release_case(case, tmp_path / "trainee", answers=answers)
    assert seen == {"truth_readable": True, "kind": "case"}
    assert [entry.path for entry in released.files] == ["answers.json"]
    assert json.loads((tmp_path / "trainee" / "answers.json").read_text())["leader"]["salt"] == "s1"
    assert verify_case(tmp_path / "trainee").ok


def test_release_refuses_existing_out_without_force(case, tmp_path):
    out = tmp_path / "trainee"
    release_case(case, out)
    with pytest.raises(CaseExistsError):
        release_case(case, out)
    release_case(case, out, force=True)
    assert verify_case(out).ok


def test_release_into_the_case_is_refused(case):
    with pytest.raises(ReleaseError, match="outside the case"):
        release_case(case, case / "trainee")
    with pytest.raises(ReleaseError, match="outside the case"):
        release_case(case, case, force=True)
    assert verify_case(case).ok


def test_release_of_a_release_stays_without_truth(case, tmp_path):
    release_case(case, tmp_path / "one")
    again = release_case(tmp_path / "one", tmp_path / "two")
    assert [entry.tier for entry in again.tables] == ["open", "seized"]


def test_catalog_and_shared_files_travel_instructor_files_stay(tmp_path):
    from simulator.catalog import Column, TableSpec

    def spec(name, tier, column):
        return TableSpec(name, tier, f"{name} table", "a record", (Column(column, "int", "id"),))

    case = tmp_path / "case"
    manifest = write_case(
        case,
        {
            "open": {"adverts": pd.DataFrame({"advert_id": [1]})},
            "truth": {"persons": pd.DataFrame({"person_id": [1]})},
        },
        INFO,
        files={"instructor/key.json": '{"leader": 1}'},
        shared_files={"legal.json": '{"retention_days": 90}'},
        specs=[spec("persons", "truth", "person_id"), spec("adverts", "open", "advert_id"),
               spec("calls", "provider", "caller")],  # a spec without a table is ignored
    )  # fmt: skip
    catalog = json.loads((case / "catalog.json").read_text())
    assert [(entry["tier"], entry["name"]) for entry in catalog] == [
        ("open", "adverts"),
        ("truth", "persons"),
    ]
    audiences = {entry.path: entry.audience for entry in manifest.files}
    assert audiences == {
        "catalog.json": "trainee",
        "instructor/key.json": "instructor",
        "legal.json": "trainee",
    }

    out = tmp_path / "trainee"
    released = release_case(case, out)
    assert sorted(entry.path for entry in released.files) == ["catalog.json", "legal.json"]
    assert [entry["name"] for entry in json.loads((out / "catalog.json").read_text())] == [
        "adverts"
    ]
    assert (out / "legal.json").read_text() == '{"retention_days": 90}'
    assert not (out / "instructor").exists()
    assert verify_case(out).ok
