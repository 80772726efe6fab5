"""The court-ready evidence file: an HTML report and a JSON manifest, with the items themselves.

Folder layout written by :func:`export_evidence`::

    <dest>/evidence-report.html    readable report: notice, items (facts and inferences apart),
                                   chain of custody, timeline, audit log, verification
    <dest>/evidence-manifest.json  the same, machine-readable (format ``tracelab-evidence/1``)
    <dest>/items/EV-0001.csv ...   byte-identical copies of the stored items
    <dest>/audit_log.jsonl         the hash-chained audit log as kept

The export is refused if the evidence or the audit log fails verification, and it is written to a
temporary folder renamed at the end, so a half-written evidence file never exists.
"""

from __future__ import annotations

import base64
import html
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator import SYNTHETIC_NOTICE
from simulator.investigate.audit import AuditLog
from simulator.investigate.errors import EvidenceError
from simulator.investigate.evidence import EvidenceItem, EvidenceLocker
from simulator.investigate.hashing import sha256_file, utc_now
from simulator.investigate.report import VerifyReport

__all__ = ["EVIDENCE_FORMAT", "build_manifest", "export_evidence", "render_report"]

EVIDENCE_FORMAT = "tracelab-evidence/1"


def _report_dict(report: VerifyReport) -> dict[str, Any]:
    return {"ok": report.ok, "checked": report.checked, "problems": list(report.problems)}


def _custody(locker: EvidenceLocker) -> dict[str, list[dict[str, Any]]]:
    events: dict[str, list[dict[str, Any]]] = {item.id: [] for item in locker.items()}
    for entry in locker.register_entries():
        if entry.get("action") == "acquire":
            item = entry["item"]
            events[item["id"]].append(
                {"at": item["acquired_at"], "event": "acquired", "handler": item["handler"],
                 "detail": f"from {item['source']}; sha256 {item['sha256']}"}
            )  # fmt: skip
        elif entry.get("action") == "export":
            for item_id in entry.get("items", []):
                events.setdefault(item_id, []).append(
                    {"at": entry["at"], "event": "exported", "handler": entry["handler"],
                     "detail": f"to {entry['destination']}"}
                )  # fmt: skip
    return events


def _timeline(items: list[EvidenceItem], audit: AuditLog) -> list[dict[str, Any]]:
    events = [
        {"when": item.when, "type": item.kind, "ref": item.id, "what": item.description}
        for item in items
        if item.when
    ]
    for entry in audit.entries():
        if entry.get("date"):
            verdict = "granted" if entry.get("granted") else "refused"
            what = (
                f"{entry.get('action')} to {entry.get('provider')} "
                f"{entry.get('kind') or ''} for {', '.join(entry.get('targets', []))}: {verdict}"
            )
            events.append({"when": entry["date"], "type": entry["action"],
                           "ref": entry["request_id"], "what": " ".join(what.split())})  # fmt: skip
    return sorted(events, key=lambda event: (str(event["when"]), event["ref"]))


def build_manifest(
    locker: EvidenceLocker, audit: AuditLog, case_info: Mapping[str, Any], exporter: str
) -> dict[str, Any]:
    """The JSON manifest of an export (everything but the item bytes)."""
    items = locker.items()
    custody = _custody(locker)
    return {
        "format": EVIDENCE_FORMAT,
        "notice": SYNTHETIC_NOTICE,
        "synthetic": True,
        "case": dict(case_info),
        "exported_at": utc_now(),
        "exported_by": exporter,
        "verification": {
            "evidence": _report_dict(locker.verify()),
            "audit_log": _report_dict(audit.verify()),
        },
        "evidence_register_head": locker.register_head(),
        "items": [{**item.record(), "custody": custody.get(item.id, [])} for item in items],
        "timeline": _timeline(items, audit),
        "audit_log": {"head": audit.head(), "entries": [dict(entry) for entry in audit.entries()]},
    }


# ---------------------------------------------------------------------------------- HTML


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    if not rows:
        return "<p><i>none</i></p>"
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row.get(c, '')))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _preview(item: EvidenceItem) -> str:
    data = item.path.read_bytes()
    if item.media_type == "image/png":
        encoded = base64.b64encode(data).decode("ascii")
        source = f"data:image/png;base64,{encoded}"
        return f'<img alt="{html.escape(item.id)}" style="max-width:640px" src="{source}">'
    if item.media_type in ("text/csv", "text/plain", "application/json"):
        text = data.decode("utf-8", errors="replace")
        lines = text.splitlines()
        more = f"\n… ({len(lines) - 25} more lines)" if len(lines) > 25 else ""
        shown = "\n".join(lines[:25]) + more
        return f"<pre>{html.escape(shown)}</pre>"
    return f"<p>{len(data)} bytes (binary)</p>"


def _item_block(item: dict[str, Any], stored: EvidenceItem) -> str:
    banner = (
        f'<p class="inference">INFERENCE (confidence {html.escape(str(item["confidence"]))}): '
        "a conclusion drawn by the investigator, not an observation.</p>"
        if item["kind"] == "inference"
        else '<p class="fact">FACT: recorded as observed in the named source.</p>'
    )
    fields = ["source", "based_on", "when", "acquired_at", "handler", "sha256", "media_type",
              "size"]  # fmt: skip
    rows = "".join(
        f"<tr><th>{name}</th><td>{html.escape(str(item.get(name)))}</td></tr>" for name in fields
    )
    custody = _table(item["custody"], ["at", "event", "handler", "detail"])
    return (
        f'<div class="item"><h3>{html.escape(item["id"])}: {html.escape(item["description"])}</h3>'
        f"{banner}<table>{rows}</table><h4>Chain of custody</h4>{custody}"
        f"<h4>Content</h4>{_preview(stored)}</div>"
    )


_STYLE = """
body{font-family:sans-serif;max-width:1100px;margin:auto}
.notice{background:#fff3cd;border:2px solid #b58900;padding:8px;font-weight:bold}
.inference{background:#fde2e2;padding:4px}.fact{background:#e2f0e2;padding:4px}
table{border-collapse:collapse;margin:4px 0}
td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}
.item{border-top:1px solid #888;margin-top:12px}
"""


def render_report(manifest: Mapping[str, Any], locker: EvidenceLocker) -> str:
    """The HTML evidence report for ``manifest`` (item previews read from the locker)."""
    notice = f'<p class="notice">{html.escape(SYNTHETIC_NOTICE)}</p>'
    case = manifest["case"]
    case_rows = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in case.items()
    )
    checks = manifest["verification"]
    verified = "".join(
        f"<li>{name}: {'intact' if report['ok'] else 'FAILED'} ({report['checked']} checked)</li>"
        for name, report in checks.items()
    )
    stored = {item.id: item for item in locker.items()}
    facts = [i for i in manifest["items"] if i["kind"] == "fact"]
    inferences = [i for i in manifest["items"] if i["kind"] == "inference"]
    audit_rows = [
        {**entry, "targets": ", ".join(entry.get("targets", [])),
         "basis": " + ".join(entry.get("basis", []))}
        for entry in manifest["audit_log"]["entries"]
    ]  # fmt: skip
    audit_columns = ["seq", "request_id", "action", "at", "handler", "provider", "kind",
                     "targets", "basis", "justification", "date", "decision", "hash"]  # fmt: skip
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>Evidence file: {html.escape(str(case.get('title', '')))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        notice,
        "<h1>Evidence file</h1>",
        f"<p>Exported {html.escape(manifest['exported_at'])} by "
        f"{html.escape(manifest['exported_by'])}. Format {EVIDENCE_FORMAT}.</p>",
        f"<h2>Case</h2><table>{case_rows}</table>",
        f"<h2>Verification</h2><ul>{verified}</ul>",
        f"<p>Audit log head: seq {manifest['audit_log']['head'].get('seq')}, "
        f"hash {html.escape(str(manifest['audit_log']['head'].get('hash')))}</p>",
        f"<h2>Facts ({len(facts)})</h2>",
        *(_item_block(item, stored[item["id"]]) for item in facts),
        f"<h2>Inferences ({len(inferences)})</h2>",
        "<p>Conclusions drawn from the facts above; each names the items it rests on.</p>",
        *(_item_block(item, stored[item["id"]]) for item in inferences),
        "<h2>Timeline (case time)</h2>",
        _table(manifest["timeline"], ["when", "type", "ref", "what"]),
        "<h2>Audit log of lawful requests</h2>",
        _table(audit_rows, audit_columns),
        notice,
        "</body></html>",
    ]
    return "\n".join(parts)


def export_evidence(
    dest: Path,
    locker: EvidenceLocker,
    audit: AuditLog,
    case_info: Mapping[str, Any],
    *,
    overwrite: bool = False,
) -> Path:
    """Write the evidence file to ``dest`` and return the path of its HTML report."""
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and any(dest.iterdir()) and not overwrite:
        raise EvidenceError(f"{dest} is not empty: choose a new folder, or pass overwrite=True")
    problems = list(locker.verify().problems) + list(audit.verify().problems)
    if problems:
        raise EvidenceError("verification failed, nothing exported: " + "; ".join(problems))
    locker.record_export(str(dest))
    manifest = build_manifest(locker, audit, case_info, locker.handler)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        (staging / "items").mkdir()
        for item in locker.items():
            copy = staging / item.file
            shutil.copyfile(item.path, copy)
            if sha256_file(copy) != item.sha256:
                raise EvidenceError(f"{item.id}: copy does not match its hash")
        if audit.path.exists():
            shutil.copyfile(audit.path, staging / "audit_log.jsonl")
        text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        (staging / "evidence-manifest.json").write_text(text + "\n", encoding="utf-8")
        (staging / "evidence-report.html").write_text(render_report(manifest, locker), "utf-8")
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest / "evidence-report.html"
