"""Evidence locker: immutable hashed copies, facts vs inferences, tampering, the export."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest

from simulator import SYNTHETIC_NOTICE
from simulator.investigate import EvidenceError, open_case
from simulator.investigate.hashing import sha256_hex
from simulator.investigate.sample import write_sample_case

A = "+00 555 0101"
REASON = "number advertised in smuggling posts 1 and 3"


@pytest.fixture
def case(tmp_path: Path):
    return open_case(write_sample_case(tmp_path / "case"), work=tmp_path / "work", handler="T-01")


def tamper(path: Path, data: bytes) -> None:
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(data)


def test_every_supported_kind_of_item_is_stored_with_its_hash(case):
    figure, axes = plt.subplots()
    axes.plot([1, 2], [3, 4])
    graph = nx.Graph([("a", "b")])
    items = {
        "table": case.posts.head(2),
        "text": "advert text",
        "bytes": b"\x00\x01",
        "record": {"handle": "eagle_travel1"},
        "figure": figure,
        "graph": graph,
    }
    for label, item in items.items():
        stored = case.evidence.add(item, source="open/posts", description=label)
        assert stored.sha256 == sha256_hex(stored.path.read_bytes())
        assert stored.handler == "T-01" and stored.acquired_at.endswith("Z")
        assert not os.access(stored.path, os.W_OK) or os.geteuid() == 0  # read-only on disk
    plt.close(figure)
    kinds = [item.media_type for item in case.evidence]
    assert kinds == ["text/csv", "text/plain", "application/octet-stream", "application/json",
                     "image/png", "application/json"]  # fmt: skip
    assert case.evidence["EV-0001"].load()["post_id"].tolist() == [1, 2]
    assert case.evidence["EV-0005"].path.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(EvidenceError, match="cannot keep a object"):
        case.evidence.add(object(), source="x", description="nothing")


def test_granted_request_becomes_evidence_with_its_id_as_source(case):
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    item = case.evidence.add(result, description="calls of the advertised number")
    assert item.source == result.id
    assert item.load()["caller"].tolist() == [A]


def test_refused_request_cannot_become_evidence(case):
    refused = case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    with pytest.raises(EvidenceError, match="was refused"):
        case.evidence.add(refused, description="x")
    with pytest.raises(EvidenceError, match="was refused"):
        case.evidence.add("x", source=refused.id, description="x")
    with pytest.raises(EvidenceError, match="not a request"):
        case.evidence.add("x", source="REQ-0999", description="x")


def test_inferences_need_a_confidence_and_known_foundations(case):
    fact = case.evidence.add("post 1 and 3 share a number", source="open/posts", description="f")
    with pytest.raises(EvidenceError, match="needs a confidence"):
        case.evidence.add("same seller", kind="inference", based_on=[fact.id], description="i")
    with pytest.raises(EvidenceError, match="unknown items: EV-0042"):
        case.evidence.add("same", kind="inference", confidence=0.7, based_on=["EV-0042"],
                          description="i")  # fmt: skip
    with pytest.raises(EvidenceError, match="not a number from 0 to 1"):
        case.evidence.add("same", kind="inference", confidence=7, based_on=[fact.id],
                          description="i")  # fmt: skip
    with pytest.raises(EvidenceError, match="a fact needs a source"):
        case.evidence.add("seen", description="f")
    inference = case.evidence.add(
        "eagle_travel1 and eagle_travel2 are one seller", kind="inference", confidence="high",
        based_on=[fact.id], description="accounts linked",
    )  # fmt: skip
    assert inference.label() == "INFERENCE (confidence high)"
    assert inference.source == f"inference from {fact.id}"


def test_verify_names_the_tampered_item(case):
    case.evidence.add("first", source="open/posts", description="one")
    second = case.evidence.add("second", source="open/posts", description="two")
    assert case.evidence.verify().ok
    tamper(second.path, b"forged")
    report = case.evidence.verify()
    assert not report.ok
    assert report.problems == ("EV-0002: content changed since acquisition (items/EV-0002.txt)",)


def test_verify_catches_missing_files_and_register_edits(case, tmp_path):
    item = case.evidence.add("first", source="open/posts", description="one")
    register = case.evidence.folder / "register.jsonl"
    text = register.read_text().replace('"description":"one"', '"description":"changed"')
    register.write_text(text)
    assert any("content changed after" in p for p in case.evidence.verify().problems)
    os.chmod(item.path, stat.S_IRWXU)
    item.path.unlink()
    assert any("EV-0001: file" in p for p in case.evidence.verify().problems)


def test_export_writes_report_manifest_items_and_audit_log(case, tmp_path):
    result = case.request("Telco Demo", "traffic", A, basis="production_order", reason=REASON)
    case.request("Telco Demo", "traffic", A, basis="subscriber_request", reason=REASON)
    fact = case.evidence.add(result, description="calls of the number", when="2024-06-01 10:00")
    case.evidence.add(
        "the number belongs to the organiser", kind="inference", confidence=0.6,
        based_on=[fact.id], description="who uses the number",
    )  # fmt: skip
    report_path = case.evidence.export(tmp_path / "export")
    folder = report_path.parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "audit_log.jsonl", "evidence-manifest.json", "evidence-report.html", "items"]  # fmt: skip
    manifest = json.loads((folder / "evidence-manifest.json").read_text())
    assert manifest["notice"] == SYNTHETIC_NOTICE and manifest["synthetic"] is True
    assert (
        manifest["verification"]["evidence"]["ok"] and manifest["verification"]["audit_log"]["ok"]
    )
    assert [e["granted"] for e in manifest["audit_log"]["entries"]] == [True, False]
    custody = manifest["items"][0]["custody"]
    assert [event["event"] for event in custody] == ["acquired", "exported"]
    assert manifest["timeline"][0]["ref"] == fact.id  # case time 2024-06-01 comes first
    for item in manifest["items"]:
        assert sha256_hex((folder / item["file"]).read_bytes()) == item["sha256"]
    html = report_path.read_text()
    assert html.index(SYNTHETIC_NOTICE) < html.index("<h1>")  # the notice opens the report
    assert html.rstrip().endswith(f'<p class="notice">{SYNTHETIC_NOTICE}</p>\n</body></html>')
    assert "INFERENCE (confidence 0.6)" in html and "not an observation" in html
    assert "Chain of custody" in html and "Audit log" in html


def test_export_is_refused_when_anything_was_tampered(case, tmp_path):
    item = case.evidence.add("first", source="open/posts", description="one")
    tamper(item.path, b"forged")
    with pytest.raises(EvidenceError, match="EV-0001: content changed"):
        case.evidence.export(tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_export_does_not_overwrite_without_being_asked(case, tmp_path):
    case.evidence.add("first", source="open/posts", description="one")
    case.evidence.export(tmp_path / "export")
    with pytest.raises(EvidenceError, match="not empty"):
        case.evidence.export(tmp_path / "export")
    case.evidence.export(tmp_path / "export", overwrite=True)


def test_evidence_views(case):
    case.evidence.add(pd.DataFrame({"a": [1]}), source="open/posts", description="one")
    assert "EV-0001 [FACT]" in repr(case.evidence)
    assert "EV-0001" in case.evidence._repr_html_()
