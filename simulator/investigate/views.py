"""How a case shows itself: a plain-text summary and a rich HTML one for notebooks.

Both open and close with the SYNTHETIC notice, so no screenshot of a case can lose it.

>>> import pandas as pd
>>> text = case_text({"info": {"case": "demo/seed-1", "title": "Demo", "synthetic": "SYNTHETIC"},
...     "tables": pd.DataFrame(columns=["name", "tier", "access", "rows", "description"]),
...     "providers": pd.DataFrame(), "instructor": False, "work_dir": "/w", "requests": 0,
...     "evidence": 0, "case_date": None, "country": "IT"})
>>> text.splitlines()[0]
'SYNTHETIC'
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["case_html", "case_text"]


def _mode(summary: dict[str, Any]) -> str:
    return "INSTRUCTOR (truth visible)" if summary["instructor"] else "trainee"


def case_text(summary: dict[str, Any]) -> str:
    """Plain-text summary of a case (``repr(case)``)."""
    info = summary["info"]
    lines = [
        info["synthetic"],
        f"Case {info['case']}: {info['title']}",
        f"  mode {_mode(summary)}; investigating country {summary['country']}; "
        f"last day {summary['case_date']}",
        f"  work folder {summary['work_dir']} ({summary['requests']} requests logged, "
        f"{summary['evidence']} evidence items)",
        "  tables:",
    ]
    for row in summary["tables"].itertuples(index=False):
        rows = "" if row.rows is None or str(row.rows) == "<NA>" else f"{row.rows} rows, "
        lines.append(f"    {row.tier:<8} {row.name:<24} {rows}{row.access}")
    providers = summary["providers"]
    if len(providers):
        lines.append("  providers: " + ", ".join(
            f"{p.name} ({p.kind}, {p.country})" for p in providers.itertuples(index=False)
        ))  # fmt: skip
    lines.append(info["synthetic"])
    return "\n".join(lines)


def case_html(summary: dict[str, Any]) -> str:
    """HTML summary of a case (shown by Jupyter)."""
    info = summary["info"]
    notice = (
        '<div style="background:#fff3cd;border:2px solid #b58900;padding:4px;font-weight:bold">'
        f"{html.escape(info['synthetic'])}</div>"
    )
    head = (
        f"<h3>Case {html.escape(info['case'])}: {html.escape(str(info['title']))}</h3>"
        f"<p>Mode: <b>{_mode(summary)}</b> · investigating country "
        f"{html.escape(summary['country'])} · last day of the case {summary['case_date']}<br>"
        f"Work folder <code>{html.escape(summary['work_dir'])}</code>: {summary['requests']} "
        f"request(s) logged, {summary['evidence']} evidence item(s)</p>"
    )
    tables = summary["tables"].to_html(index=False, escape=True, na_rep="")
    providers = summary["providers"]
    provider_html = (
        "<h4>Providers</h4>" + providers.to_html(index=False, escape=True) if len(providers) else ""
    )
    return notice + head + "<h4>Tables</h4>" + tables + provider_html + notice
