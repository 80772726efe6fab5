"""Lawful requests to providers: decide with :mod:`rules`, minimise, apply retention, log.

A granted request returns only the named targets' records (data minimisation) that still exist at
the provider on the request date (retention, unless preserved). Its data is saved in the work
folder (``requests/REQ-0001/<table>.parquet``, hashed in the audit log) and becomes queryable in
``case.sql`` as the view ``req_0001``. A refused request returns no data and says why. Both are
logged before the result is returned.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.investigate.audit import AuditLog
from simulator.investigate.hashing import sha256_file, utc_now
from simulator.investigate.legal import LegalFramework, ProviderInfo
from simulator.investigate.retention import available_mask, preserved_since
from simulator.investigate.rules import (
    Decision,
    decide_preservation,
    decide_request,
    normalise_kind,
    parse_basis,
    parse_targets,
)
from simulator.investigate.tables import CaseTable

__all__ = ["RequestDesk", "RequestResult", "target_keys", "view_name"]


# A phone number as people write it: an optional "+" or "(+", digits, and the separators seen in
# adverts and records (spaces, dashes, dots, slashes, brackets). Letters never.
_PHONE = r"\(?\+?\d[\d\s\-./()]*\d"
# A dotted-quad IPv4 address: kept as written although it is all digits and dots.
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"


# Arabic-Indic and Extended Arabic-Indic (Persian, Pashto, Urdu) digits, as adverts in Arabic
# script write numbers, read as 0-9.
_DIGITS = str.maketrans(
    {chr(base + value): str(value) for base in (0x0660, 0x06F0) for value in range(10)}
)


def target_keys(values: pd.Series) -> pd.Series:
    """Comparable form of identifiers: trimmed, case-folded, no leading ``@``.

    Phone numbers are reduced to their digits with the international prefix written either way
    (``+216 83 845 729``, ``(+216) 83845729``, ``0021683845729`` and ``21683845729`` are one
    number), so a number copied from an advert finds the provider's record whatever the layout.
    Arabic-script digits count as 0-9. IPv4 addresses keep their dots; handles, accounts and
    e-mail addresses are only case-folded. A number written without its country code (national
    form) is not matched: give it in international form.

    >>> keys = target_keys(pd.Series(["@Eagle_1", "+216 83.85.36.98", "00216٨٣٨٥٣٦٩٨"]))
    >>> keys.tolist(), target_keys(pd.Series(["192.0.2.7"])).tolist()
    (['eagle_1', '21683853698', '21683853698'], ['192.0.2.7'])
    """
    text = values.astype("string").str.strip().str.casefold().str.lstrip("@")
    text = text.str.translate(_DIGITS)
    phone = text.str.fullmatch(_PHONE).fillna(False).astype(bool)
    phone &= ~text.str.fullmatch(_IPV4).fillna(False).astype(bool)
    digits = text.str.replace(r"\D", "", regex=True)
    # "00" is the international prefix dialled from most countries, "+" its written form.
    international = digits.str.slice(2).where(
        ~text.str.lstrip("(").str.startswith("+").fillna(False) & digits.str.startswith("00"),
        digits,
    )
    return text.where(~phone, international)


def view_name(request_id: str) -> str:
    """The SQL view of a granted request.

    >>> view_name("REQ-0007")
    'req_0007'
    """
    return re.sub(r"[^a-z0-9]+", "_", request_id.casefold())


def as_date(value: object) -> date:
    """A request date from ``date``, ``datetime``, ``Timestamp`` or ISO text.

    >>> as_date("2024-06-30T12:00")
    datetime.date(2024, 6, 30)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()


@dataclass(frozen=True)
class RequestResult:
    """The answer to a request or preservation: granted or not, why, and the data if any."""

    id: str
    action: str
    provider: str
    kind: str
    targets: tuple[str, ...]
    basis: tuple[str, ...]
    justification: str
    date: date | None
    granted: bool
    reason: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    note: str = ""

    @property
    def view(self) -> str:
        """The name of this request's data in ``case.sql`` (granted requests only)."""
        return view_name(self.id)

    @property
    def data(self) -> pd.DataFrame:
        """The records obtained: one table as is, several stacked with a ``table`` column."""
        if not self.tables:
            return pd.DataFrame()
        if len(self.tables) == 1:
            return next(iter(self.tables.values())).copy()
        parts = [frame.assign(table=name) for name, frame in self.tables.items()]
        return pd.concat(parts, ignore_index=True)

    @property
    def rows(self) -> int:
        """How many records were obtained."""
        return sum(len(frame) for frame in self.tables.values())

    def __bool__(self) -> bool:
        return self.granted

    def _headline(self) -> str:
        what = f"{self.kind} data" if self.action == "request" else "preservation"
        return (
            f"{self.id} {what} from {self.provider} for {', '.join(self.targets) or '(none)'}"
            f" on {self.date}: {self.reason}"
        )

    def __repr__(self) -> str:
        lines = [self._headline()]
        if self.granted and self.action == "request":
            lines.append(f"  {self.rows} record(s); in SQL as view {self.view}")
        if self.note:
            lines.append(f"  {self.note}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1b5e20" if self.granted else "#b71c1c"
        parts = [f'<p style="color:{colour}"><b>{html.escape(self._headline())}</b></p>']
        if self.note:
            parts.append(f"<p>{html.escape(self.note)}</p>")
        if self.granted and self.action == "request":
            parts.append(f"<p>{self.rows} record(s); SQL view <code>{self.view}</code></p>")
            parts.append(self.data.head(10).to_html(index=False, escape=True))
        return "".join(parts)


def _day(value: object) -> date | None:
    return None if value is None else as_date(value)


class RequestDesk:
    """Serves requests against the provider tables of one case and logs every one."""

    def __init__(
        self,
        provider_tables: Iterable[CaseTable],
        law: LegalFramework,
        audit_log: AuditLog,
        handler: str,
    ) -> None:
        self.provider_tables = tuple(provider_tables)
        self.law = law
        self.audit_log = audit_log
        self.handler = handler
        # One provider's rows of a table, and their target keys per column: case files do not
        # change while a case is open, and keying every row again made each request cost seconds.
        self._held: dict[tuple[str, str], tuple[pd.DataFrame, dict[str, pd.Series]]] = {}

    # ------------------------------------------------------------------ helpers

    def _tables_of(self, provider: ProviderInfo, kind: str | None = None) -> list[CaseTable]:
        return [
            table
            for table in self.provider_tables
            if table.spec.provider_kind.casefold() == provider.kind.casefold()
            and (kind is None or table.spec.data_kind == kind)
        ]

    def _held_kinds(self, provider_name: str) -> set[str]:
        try:
            provider = self.law.provider(provider_name)
        except LookupError:
            return set()
        return {table.spec.data_kind for table in self._tables_of(provider)}

    def _next_id(self) -> str:
        return f"REQ-{len(self.audit_log) + 1:04d}"

    def _date_problems(self, when: date | None) -> list[str]:
        if when is None:
            return ["no request date: this case has no case_date, pass date='YYYY-MM-DD'"]
        if self.law.case_date and when > self.law.case_date:
            return [f"date {when} is after the last day of the case ({self.law.case_date})"]
        return []

    def _preserved_from(self, provider: ProviderInfo, target_key: str, when: date) -> date | None:
        served = []
        for entry in self.audit_log.entries():
            if entry.get("action") != "preserve" or not entry.get("granted"):
                continue
            if str(entry.get("provider", "")).casefold() != provider.name.casefold():
                continue
            keys = target_keys(pd.Series(list(entry.get("targets", [])), dtype="string"))
            if target_key in set(keys.dropna()):
                served.append(as_date(entry["date"]))
        return preserved_since(
            served,
            when,
            retention_days=provider.retention_days,
            hold_days=self.law.preservation_days,
        )

    def _held_rows(
        self, table: CaseTable, provider: ProviderInfo
    ) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
        """The rows ``provider`` holds in ``table`` and their keys per target column (cached)."""
        cache_key = (str(table.path), provider.name.casefold())
        if cache_key not in self._held:
            frame = pd.read_parquet(table.path)
            if "provider" in frame.columns:
                frame = frame[
                    frame["provider"].astype("string").str.casefold() == provider.name.casefold()
                ]
            columns = [column for column in table.spec.target_columns if column in frame.columns]
            keyed = {column: target_keys(frame[column]) for column in columns}
            self._held[cache_key] = (frame, keyed)
        return self._held[cache_key]

    def _extract(
        self, table: CaseTable, provider: ProviderInfo, targets: tuple[str, ...], when: date
    ) -> pd.DataFrame:
        frame, keyed = self._held_rows(table, provider)
        columns = list(keyed)
        if not columns or frame.empty:
            return frame.iloc[0:0]
        wanted = target_keys(pd.Series(list(targets), dtype="string"))
        keep = pd.Series(False, index=frame.index)
        for key in wanted:
            matches = pd.Series(False, index=frame.index)
            for column in columns:
                matches |= (keyed[column] == key).fillna(False).astype(bool)
            time_column = table.spec.time_column
            if time_column and time_column in frame.columns:
                matches &= available_mask(
                    frame[time_column],
                    when,
                    retention_days=provider.retention_days,
                    preserved_from=self._preserved_from(provider, key, when),
                )
            keep |= matches
        return frame[keep].reset_index(drop=True)

    def _save(self, request_id: str, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
        folder = self.audit_log.work_dir / "requests" / request_id
        folder.mkdir(parents=True, exist_ok=True)
        saved = {}
        for name, frame in tables.items():
            path = folder / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            relative = path.relative_to(self.audit_log.work_dir).as_posix()
            saved[name] = {"file": relative, "rows": len(frame), "sha256": sha256_file(path)}
        return saved

    def _log(self, result: RequestResult, data: dict[str, Any]) -> None:
        self.audit_log.append(
            {
                "request_id": result.id,
                "action": result.action,
                "at": utc_now(),
                "handler": self.handler,
                "provider": result.provider,
                "kind": result.kind,
                "targets": list(result.targets),
                "basis": list(result.basis),
                "justification": result.justification,
                "date": result.date.isoformat() if result.date else None,
                "granted": result.granted,
                "decision": result.reason,
                "data": data,
            }
        )

    # ------------------------------------------------------------------ the two services

    def request(
        self,
        provider: str,
        kind: str,
        target: object,
        *,
        basis: str | Iterable[str] | None,
        reason: str | None,
        date: object = None,
    ) -> RequestResult:
        """Ask ``provider`` for ``kind`` data on ``target``; see :func:`rules.decide_request`."""
        when = _day(date) if date is not None else self.law.case_date
        decision = decide_request(
            self.law, provider, kind, target, basis=basis, reason=reason,
            held_kinds=self._held_kinds(provider),
        )  # fmt: skip
        decision = Decision(decision.problems + tuple(self._date_problems(when)))
        kind = normalise_kind(kind)
        targets = parse_targets(target)
        request_id = self._next_id()
        tables: dict[str, pd.DataFrame] = {}
        note = ""
        info = self.law.provider(provider) if decision.granted else None
        if info is not None and when is not None:
            for table in self._tables_of(info, kind):
                tables[table.name] = self._extract(table, info, targets, when)
            if not any(len(frame) for frame in tables.values()):
                note = (
                    "the provider answered: no records for this target on this date "
                    "(never held, or deleted after its retention period)"
                )
        result = RequestResult(
            id=request_id, action="request", provider=info.name if info else str(provider),
            kind=kind, targets=targets, basis=parse_basis(basis),
            justification=str(reason or "").strip(), date=when, granted=decision.granted,
            reason=decision.reason, tables=tables, note=note,
        )  # fmt: skip
        saved = self._save(request_id, tables) if decision.granted else {}
        self._log(result, saved)
        return result

    def preserve(
        self,
        provider: str,
        target: object,
        *,
        basis: str | Iterable[str] | None,
        reason: str | None,
        date: object = None,
    ) -> RequestResult:
        """Serve a preservation order; see :func:`rules.decide_preservation`."""
        when = _day(date) if date is not None else self.law.case_date
        decision = decide_preservation(self.law, provider, target, basis=basis, reason=reason)
        decision = Decision(decision.problems + tuple(self._date_problems(when)))
        note = ""
        if decision.granted and when is not None:
            held = when + timedelta(days=self.law.preservation_days)
            note = (
                f"records held from {self.law.provider(provider).retention_days} days before "
                f"{when} until {held} (serve another preservation before then to extend)"
            )
        result = RequestResult(
            id=self._next_id(), action="preserve",
            provider=self.law.provider(provider).name if decision.granted else str(provider),
            kind="", targets=parse_targets(target), basis=parse_basis(basis),
            justification=str(reason or "").strip(), date=when, granted=decision.granted,
            reason=decision.reason, note=note,
        )  # fmt: skip
        self._log(result, {})
        return result

    def reload(self) -> dict[str, RequestResult]:
        """Granted requests of earlier sessions, rebuilt from the audit log and the saved files."""
        results: dict[str, RequestResult] = {}
        for entry in self.audit_log.entries():
            if entry.get("action") != "request" or not entry.get("granted"):
                continue
            tables = {}
            for name, part in entry.get("data", {}).items():
                path = Path(self.audit_log.work_dir) / part["file"]
                if path.exists():
                    tables[name] = pd.read_parquet(path)
            results[entry["request_id"]] = RequestResult(
                id=entry["request_id"], action="request", provider=entry["provider"],
                kind=entry["kind"], targets=tuple(entry["targets"]), basis=tuple(entry["basis"]),
                justification=entry["justification"], date=_day(entry.get("date")),
                granted=True, reason=entry["decision"], tables=tables,
            )  # fmt: skip
        return results
