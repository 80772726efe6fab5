"""verify_case names every changed, missing or extra file, and a broken or missing manifest."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from simulator import __version__
from simulator.case import CaseInfo, verify_case, write_case

INFO = CaseInfo("demo-case", "ef" * 32, seed=1, generator_version=__version__)


@pytest.fixture
def case(tmp_path):
    target = tmp_path / "case"
    write_case(
        target,
        {
            "open": {"adverts": pd.DataFrame({"advert_id": range(100), "text": ["x"] * 100})},
            "provider": {"ip_logs": pa.table({"ip": ["192.0.2.1", "198.51.100.7"]})},
            "truth": {"persons": pd.DataFrame({"person_id": range(10)})},
        },
        INFO,
    )
    return target


def flip_one_byte(path, offset=None):
    data = bytearray(path.read_bytes())
    offset = len(data) // 2 if offset is None else offset
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_intact_case(case):
    report = verify_case(case)
    assert report.ok and report.problems == () and report.checked == 3


def test_one_byte_change_names_the_table(case):
    flip_one_byte(case / "provider" / "ip_logs.parquet")
    report = verify_case(case)
    assert not report.ok
    [problem] = report.problems
    assert (problem.kind, problem.path, problem.table) == (
        "changed",
        "provider/ip_logs.parquet",
        "provider/ip_logs",
    )
    assert "provider/ip_logs" in problem.message


def test_missing_and_extra_files(case):
    (case / "truth" / "persons.parquet").unlink()
    (case / "open" / "notes.txt").write_text("added by someone")
    (case / "stray.parquet").write_bytes(b"PAR1")
    report = verify_case(case)
    assert [(p.kind, p.path, p.table) for p in report.problems] == [
        ("missing", "truth/persons.parquet", "truth/persons"),
        ("extra", "open/notes.txt", None),
        ("extra", "stray.parquet", None),
    ]


def test_every_problem_is_reported_not_just_the_first(case):
    flip_one_byte(case / "open" / "adverts.parquet")
    flip_one_byte(case / "truth" / "persons.parquet", offset=10)
    report = verify_case(case)
    assert [p.table for p in report.of_kind("changed")] == ["open/adverts", "truth/persons"]


def test_missing_manifest(case):
    (case / "manifest.json").unlink()
    report = verify_case(case)
    [problem] = report.problems
    assert problem.kind == "manifest" and "no manifest.json" in problem.message


def test_manifest_that_is_not_json(case):
    (case / "manifest.json").write_text("{ not json")
    [problem] = verify_case(case).problems
    assert problem.kind == "manifest" and "not valid JSON (line 1" in problem.message


def test_manifest_with_a_wrong_hash_format(case):
    data = json.loads((case / "manifest.json").read_text())
    data["tables"][0]["sha256"] = "nope"
    (case / "manifest.json").write_text(json.dumps(data))
    [problem] = verify_case(case).problems
    assert problem.kind == "manifest" and "64 lowercase hex digits" in problem.message


def test_manifest_that_points_outside_the_case_is_refused(case):
    data = json.loads((case / "manifest.json").read_text())
    data["files"] = [{"path": "../../etc/passwd", "sha256": "0" * 64, "bytes": 1}]
    (case / "manifest.json").write_text(json.dumps(data))
    [problem] = verify_case(case).problems
    assert problem.kind == "manifest" and "inside the case folder" in problem.message


def test_edited_manifest_entry_is_caught(case):
    # Someone "fixes" a row count by hand: the manifest still parses, but the file no longer
    # matches what the manifest claims only if its hash changed, so the hash is the authority.
    data = json.loads((case / "manifest.json").read_text())
    data["tables"][0]["sha256"] = "0" * 64
    (case / "manifest.json").write_text(json.dumps(data))
    [problem] = verify_case(case).problems
    assert problem.kind == "changed" and problem.table == "open/adverts"


def test_no_such_folder(tmp_path):
    [problem] = verify_case(tmp_path / "nowhere").problems
    assert problem.kind == "manifest" and "no case folder" in problem.message
