"""The audit log is append-only: any rewrite of it, or of the data it hashes, fails verify()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.investigate import open_case
from simulator.investigate.sample import write_sample_case

A = "+00 555 0101"
REASON = "number advertised in smuggling posts 1 and 3"


@pytest.fixture
def case(tmp_path: Path):
    case = open_case(write_sample_case(tmp_path / "case"), work=tmp_path / "work")
    case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    case.preserve("Telco Demo", A, basis="preservation_order", reason=REASON)
    return case


def lines(case) -> list[dict]:
    return [json.loads(line) for line in case.audit_log.path.read_text().splitlines()]


def write(case, entries: list[dict]) -> None:
    text = "".join(
        json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n" for entry in entries
    )
    case.audit_log.path.write_text(text)


def test_untouched_log_verifies(case):
    report = case.audit_log.verify()
    assert report.ok and report.checked == 3
    assert "OK" in repr(report)


def test_entries_cannot_be_changed_through_the_api(case):
    entry = case.audit_log[0]
    with pytest.raises(TypeError):
        entry["granted"] = True  # type: ignore[index]
    assert not hasattr(case.audit_log, "remove") and not hasattr(case.audit_log, "clear")


def test_turning_a_refusal_into_a_grant_is_detected(case):
    entries = lines(case)
    entries[0]["granted"] = True
    entries[0]["decision"] = "granted"
    write(case, entries)
    report = case.audit_log.verify()
    assert not report.ok
    assert any("entry 1: content changed" in problem for problem in report.problems)


def test_rehashing_an_edited_entry_still_breaks_the_chain(case):
    from simulator.investigate.chain import entry_hash

    entries = lines(case)
    entries[0]["granted"] = True
    entries[0]["hash"] = entry_hash(entries[0])  # a forger recomputes this entry's hash...
    write(case, entries)
    problems = case.audit_log.verify().problems
    assert any("entry 2: not linked" in problem for problem in problems)  # ...the next one breaks


def test_deleting_a_middle_entry_is_detected(case):
    entries = lines(case)
    write(case, [entries[0], entries[2]])
    assert not case.audit_log.verify().ok


def test_cutting_off_the_last_entry_is_detected(case):
    write(case, lines(case)[:-1])
    problems = case.audit_log.verify().problems
    assert any("head records 3 entries" in problem for problem in problems)


def test_reordering_entries_is_detected(case):
    entries = lines(case)
    write(case, [entries[1], entries[0], entries[2]])
    assert not case.audit_log.verify().ok


def test_changing_granted_data_on_disk_is_detected(case):
    granted = next(entry for entry in case.audit_log if entry["granted"] and entry["data"])
    part = next(iter(granted["data"].values()))
    path = case.work_dir / part["file"]
    path.write_bytes(path.read_bytes() + b"x")
    problems = case.audit_log.verify().problems
    assert any(granted["request_id"] in problem and "changed" in problem for problem in problems)


def test_new_requests_keep_appending_after_reopening(case, tmp_path):
    again = open_case(tmp_path / "case", work=tmp_path / "work")
    result = again.request("Telco Demo", "subscriber", A, basis="production_order", reason=REASON)
    assert result.id == "REQ-0004"
    assert again.audit_log.verify().ok and len(again.audit_log) == 4
