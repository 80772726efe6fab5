"""The :class:`Case` a trainee opens: visible tables, SQL, lawful requests, seized items, evidence.

Who sees what (DESIGN.md, access tiers):

* **open** tables: always, as attributes (``case.posts``), ``case.table(name)`` and in ``case.sql``.
* **provider** tables: never directly; only the target's records, through ``case.request(...)``.
  A granted request's data becomes the SQL view ``req_0001`` (and ``req_0001_<table>``).
* **seized** tables: visible (every seized table is post-seizure by construction), and per item
  through ``case.device(id)`` / ``case.ledger(id)``.
* **truth** tables: only when the case is opened with ``instructor=True`` and they exist on disk.

``case.sql`` runs DuckDB over views on the Parquet files (no copy) with file access limited to
the visible tables, so SQL cannot read provider or truth files either.
"""

from __future__ import annotations

import difflib
import getpass
import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from simulator import SYNTHETIC_NOTICE
from simulator.investigate.audit import AuditLog
from simulator.investigate.devices import ID_COLUMNS, Extraction
from simulator.investigate.errors import AccessDenied, CaseError
from simulator.investigate.evidence import EvidenceLocker
from simulator.investigate.export import export_evidence
from simulator.investigate.legal import LegalFramework
from simulator.investigate.paths import resolve_case, work_dir_for
from simulator.investigate.requests import RequestDesk, RequestResult
from simulator.investigate.tables import CaseTable, discover_tables, read_json
from simulator.investigate.views import case_html, case_text

__all__ = ["SEIZURES_TABLE", "Case", "open_case"]

#: The seized-tier register of seizures: one row per exhibit, with its device_id or ledger_id.
SEIZURES_TABLE = "seizures"

_ACCESS = {
    "open": "visible",
    "seized": "visible (seized)",
    "provider": "case.request(...)",
    "truth": "instructor only",
}


def _truthy(value: str | None) -> bool:
    return str(value or "").strip().casefold() in ("1", "true", "yes", "on")


class Case:
    """One case folder opened for investigation. Use :func:`open_case` to make one."""

    def __init__(
        self,
        path: Path,
        *,
        instructor: bool = False,
        work: str | Path | None = None,
        handler: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.manifest: dict[str, Any] = read_json(self.path / "manifest.json", {})
        self.legal = LegalFramework.load(self.path / "legal.json")
        self._all = discover_tables(self.path)
        if instructor and not self.has_truth:
            raise CaseError(
                f"{self.path} has no truth tier (a trainee release): "
                "open it without instructor=True"
            )
        self.instructor = bool(instructor)
        self.work_dir = (
            Path(work).expanduser() if work else work_dir_for(self.path, self.manifest)
        ).resolve()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.handler = handler or os.environ.get("TRACELAB_HANDLER") or getpass.getuser()
        self.audit_log = AuditLog(self.work_dir)
        provider_tables = [t for t in self._all.values() if t.tier == "provider"]
        self._desk = RequestDesk(provider_tables, self.legal, self.audit_log, self.handler)
        self._results: dict[str, RequestResult] = self._desk.reload()
        self.evidence = EvidenceLocker(
            self.work_dir,
            handler=self.handler,
            request_lookup=self._request_granted,
            exporter=self._export,
        )
        self._frames: dict[str, pd.DataFrame] = {}
        self._connection: duckdb.DuckDBPyConnection | None = None

    # ------------------------------------------------------------------ identity

    def _scenario(self, key: str) -> Any:
        scenario = self.manifest.get("scenario")
        return scenario.get(key) if isinstance(scenario, dict) else None

    @property
    def name(self) -> str:
        """``<scenario>/seed-<n>`` (or the folder names when the manifest says nothing)."""
        scenario, seed = self._scenario("id"), self.manifest.get("seed")
        if scenario and seed is not None:
            return f"{scenario}/seed-{seed}"
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def has_truth(self) -> bool:
        """True when truth tables exist on disk (an instructor case, not a release)."""
        return any(table.tier == "truth" for table in self._all.values())

    def info(self) -> dict[str, Any]:
        """Identity of the case for reports: scenario, seed, rings, generator, notice.

        ``rings`` is how many independent rings played the scenario (``tracelab generate
        --rings``): with the scenario and the seed, it is what reproduces the case.
        """
        return {
            "case": self.name,
            "title": self._scenario("title") or self.manifest.get("title") or self.name,
            "scenario_id": self._scenario("id"),
            "scenario_sha256": self._scenario("sha256"),
            "seed": self.manifest.get("seed"),
            "rings": self._scenario("rings") or 1,  # the manifest names it only above one
            "generator_version": (self.manifest.get("generator") or {}).get("version"),
            "path": str(self.path),
            "synthetic": SYNTHETIC_NOTICE,
        }

    # ------------------------------------------------------------------ tables

    def _visible(self, table: CaseTable) -> bool:
        return table.tier in ("open", "seized") or (table.tier == "truth" and self.instructor)

    def visible_tables(self) -> list[str]:
        """Names of the tables this case shows (open, seized; truth for instructors)."""
        return [name for name, table in self._all.items() if self._visible(table)]

    def tables(self) -> pd.DataFrame:
        """Every table the trainee may know of: name, tier, how to reach it, rows, description.

        Provider tables are listed (so requests can be planned) without their row counts;
        truth tables only in instructor mode.
        """
        rows = []
        for name, table in self._all.items():
            if table.tier == "truth" and not self.instructor:
                continue
            rows.append(
                {
                    "name": name,
                    "tier": table.tier,
                    "access": _ACCESS[table.tier],
                    "rows": table.rows() if self._visible(table) else None,
                    "holder": table.spec.provider_kind or None,
                    "data_kind": table.spec.data_kind or None,
                    "description": table.spec.description,
                }
            )
        frame = pd.DataFrame(
            rows,
            columns=["name", "tier", "access", "rows", "holder", "data_kind", "description"],
        )
        frame["rows"] = frame["rows"].astype("Int64")
        return frame

    def _lookup(self, name: str) -> CaseTable:
        table = self._all.get(name)
        if table is None:
            close = difflib.get_close_matches(name, self.visible_tables(), n=3)
            suggestion = f"; did you mean {', '.join(close)}?" if close else ""
            raise CaseError(f"this case has no table {name!r}{suggestion} (see case.tables())")
        if table.tier == "truth" and not self.instructor:
            raise AccessDenied(
                f"{name!r} is ground truth: instructors only, with open_case(..., instructor=True)"
            )
        if table.tier == "provider":
            holder = table.spec.provider_kind or "the provider"
            raise AccessDenied(
                f"{name!r} is held by a provider ({holder}): ask for a target's records with "
                f"case.request(provider, kind={table.spec.data_kind!r}, target=..., basis=..., "
                "reason=...)"
            )
        return table

    def table(self, name: str) -> pd.DataFrame:
        """A visible table as a pandas DataFrame (your own copy: changing it changes nothing)."""
        table = self._lookup(name)
        if name not in self._frames:
            self._frames[name] = pd.read_parquet(table.path)
        return self._frames[name].copy(deep=False)

    def schema(self, name: str) -> pd.DataFrame:
        """The columns of a table with their type and meaning (provider tables included)."""
        table = self._all.get(name)
        if table is None or (table.tier == "truth" and not self.instructor):
            self._lookup(name)  # raises the right error
            raise CaseError(name)  # unreachable: _lookup raised
        return pd.DataFrame(
            [(c.name, c.dtype, c.meaning) for c in table.spec.columns],
            columns=["column", "type", "meaning"],
        )

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or "_all" not in self.__dict__:
            raise AttributeError(name)
        try:
            return self.table(name)
        except AccessDenied:
            raise
        except CaseError as error:
            raise AttributeError(str(error)) from None

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.visible_tables()))

    # ------------------------------------------------------------------ SQL

    def _sql(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            connection = duckdb.connect(":memory:")
            visible = [self._all[name] for name in self.visible_tables()]
            for table in visible:
                location = str(table.path).replace("'", "''")
                connection.execute(
                    f"CREATE VIEW \"{table.name}\" AS SELECT * FROM read_parquet('{location}')"
                )
            # Views read their files at query time, so allow exactly those files and nothing else:
            # SQL must not become a way around the request rules.
            allowed = ", ".join("'" + str(t.path).replace("'", "''") + "'" for t in visible)
            connection.execute(f"SET allowed_paths = [{allowed}]")
            connection.execute("SET enable_external_access = false")
            connection.execute("SET lock_configuration = true")
            self._connection = connection
            for result in self._results.values():
                self._register(result)
        return self._connection

    def _register(self, result: RequestResult) -> None:
        if self._connection is None or not result.granted:
            return
        self._connection.register(result.view, result.data)
        if len(result.tables) > 1:
            for name, frame in result.tables.items():
                self._connection.register(f"{result.view}_{name}", frame)

    def sql(self, query: str) -> pd.DataFrame:
        """Run DuckDB SQL over every visible table (and granted requests' views)."""
        try:
            return self._sql().execute(query).df()
        except duckdb.PermissionException as error:
            raise AccessDenied(
                f"SQL may read only the case's visible tables and your granted requests ({error})"
            ) from None

    # ------------------------------------------------------------------ lawful requests

    def providers(self) -> pd.DataFrame:
        """The providers: kind, seat, retention, encryption, cross-border instrument needed."""
        rows = [
            {
                "name": p.name,
                "kind": p.kind,
                "country": p.country,
                "retention_days": p.retention_days,
                "end_to_end_encrypted": p.end_to_end_encrypted,
                "cross_border": self.legal.cross_border_instrument(p) or "",
            }
            for p in self.legal.providers
        ]
        columns = ["name", "kind", "country", "retention_days", "end_to_end_encrypted",
                   "cross_border"]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)

    def legal_bases(self) -> pd.DataFrame:
        """Which domestic legal bases unlock which kind of provider data."""
        rows = [{"data_kind": kind, "bases": " or ".join(bases)} for kind, bases in
                self.legal.legal_bases.items()]  # fmt: skip
        return pd.DataFrame(rows, columns=["data_kind", "bases"])

    def request(
        self,
        provider: str,
        kind: str,
        target: object,
        *,
        basis: str | list[str] | None = None,
        reason: str | None = None,
        date: object = None,
    ) -> RequestResult:
        """Ask ``provider`` for ``kind`` data (subscriber, traffic, content, kyc, transactions)
        about ``target`` (one identifier or a short list), citing ``basis`` (an instrument, or
        several joined with ``+`` / as a list, e.g. ``"court_order + mla_request"``) and a
        ``reason``, on ``date`` (default: the last day of the case). Granted or refused, the
        request is written to the audit log before the result is returned.
        """
        result = self._desk.request(provider, kind, target, basis=basis, reason=reason, date=date)
        if result.granted:
            self._results[result.id] = result
            self._register(result)
        return result

    def preserve(
        self,
        provider: str,
        target: object,
        *,
        basis: str | list[str] | None = None,
        reason: str | None = None,
        date: object = None,
    ) -> RequestResult:
        """Serve a preservation order on ``provider`` for ``target`` (logged like a request).

        It freezes what the provider holds that day for ``legal.preservation_days``; a later
        request within that window gets records older than the provider's retention.
        """
        return self._desk.preserve(provider, target, basis=basis, reason=reason, date=date)

    def requests(self) -> pd.DataFrame:
        """The audit log as a table (every request and preservation, granted or refused)."""
        return self.audit_log.to_frame()

    def result(self, request_id: str) -> RequestResult:
        """A granted request's result (also from earlier sessions)."""
        if request_id not in self._results:
            raise CaseError(f"no granted request {request_id!r}; see case.requests()")
        return self._results[request_id]

    def _request_granted(self, request_id: str) -> bool | None:
        for entry in self.audit_log.entries():
            if entry.get("request_id") == request_id:
                return bool(entry.get("granted")) and entry.get("action") == "request"
        return None

    # ------------------------------------------------------------------ seized items

    def _seized_tables(self, item_type: str) -> list[CaseTable]:
        column = ID_COLUMNS[item_type]
        return [
            table
            for table in self._all.values()
            if table.tier == "seized"
            and table.name != SEIZURES_TABLE
            and column in table.column_names()
        ]

    def _items(self, item_type: str) -> pd.DataFrame:
        column = ID_COLUMNS[item_type]
        register = self._all.get(SEIZURES_TABLE)
        if register is not None and register.tier == "seized" and column in register.column_names():
            # The register names each exhibit by the id its extraction tables use: a phone row
            # has a device_id, a notebook row a ledger_id (the other one is empty).
            frame = self.table(SEIZURES_TABLE)
            frame = frame[frame[column].notna()].reset_index(drop=True)
        else:
            ids: set[str] = set()
            for table in self._seized_tables(item_type):
                ids.update(self.table(table.name)[column].dropna().astype(str))
            frame = pd.DataFrame({column: sorted(ids)})
        counts = {}
        for table in self._seized_tables(item_type):
            counts[table.name] = self.table(table.name)[column].astype("string").value_counts()
        for name, count in counts.items():
            frame[f"{name}_records"] = (
                frame[column].astype("string").map(count).fillna(0).astype("int64")
            )
        return frame

    def _extraction(self, item_type: str, item_id: str) -> Extraction:
        column = ID_COLUMNS[item_type]
        known = set(self._items(item_type)[column].astype(str))
        if str(item_id) not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise CaseError(f"no seized {item_type} {item_id!r} in this case; seized: {listed}")
        tables = {}
        for table in self._seized_tables(item_type):
            frame = self.table(table.name)
            tables[table.name] = frame[frame[column].astype(str) == str(item_id)].reset_index(
                drop=True
            )
        return Extraction(item_type, str(item_id), tables)

    def devices(self) -> pd.DataFrame:
        """The seized phones (from the seizure register) with record counts per extraction table."""
        return self._items("phone")

    def device(self, device_id: str) -> Extraction:
        """One phone extraction (``.chats``, ``.contacts``, ``.call_log``, ``.photos``...)."""
        return self._extraction("phone", device_id)

    def ledgers(self) -> pd.DataFrame:
        """The seized hawala ledgers (notebooks) with record counts."""
        return self._items("ledger")

    def ledger(self, ledger_id: str) -> Extraction:
        """One seized hawala ledger (its tables by short name, e.g. ``.entries``)."""
        return self._extraction("ledger", ledger_id)

    # ------------------------------------------------------------------ truth (instructors)

    def truth(self, name: str) -> pd.DataFrame:
        """A truth table (instructor mode only)."""
        table = self._all.get(name)
        if table is None or table.tier != "truth":
            raise CaseError(f"no truth table {name!r} in this case")
        return self.table(name)

    def truth_tables(self) -> dict[str, pd.DataFrame]:
        """Every truth table by name (instructor mode only)."""
        if not self.instructor:
            raise AccessDenied("ground truth is for instructors: open_case(..., instructor=True)")
        return {n: self.table(n) for n, t in self._all.items() if t.tier == "truth"}

    # ------------------------------------------------------------------ evidence and views

    def _export(self, dest: Path, *, overwrite: bool = False) -> Path:
        info = self.info()
        return export_evidence(dest, self.evidence, self.audit_log, info, overwrite=overwrite)

    def _summary(self) -> dict[str, Any]:
        return {
            "info": self.info(),
            "tables": self.tables(),
            "providers": self.providers(),
            "instructor": self.instructor,
            "work_dir": str(self.work_dir),
            "requests": len(self.audit_log),
            "evidence": len(self.evidence),
            "case_date": self.legal.case_date,
            "country": self.legal.investigating_country,
        }

    def __repr__(self) -> str:
        return case_text(self._summary())

    def _repr_html_(self) -> str:
        return case_html(self._summary())


def open_case(
    path_or_name: str | os.PathLike[str],
    instructor: bool | None = None,
    *,
    work: str | os.PathLike[str] | None = None,
    handler: str | None = None,
) -> Case:
    """Open a case by path or name (``"central-med/seed-7"``).

    Parameters
    ----------
    path_or_name
        A case folder, or a name resolved against ``$TRACELAB_DATASETS`` and the nearest
        ``datasets/`` folder up from here. ``$TRACELAB_CASE`` overrides it when set.
    instructor
        ``True`` to see truth tables and solutions (the case must have its truth tier).
        ``None`` (default): instructor mode if ``$TRACELAB_INSTRUCTOR`` is 1/true and the truth
        tier exists, trainee mode otherwise.
    work
        The folder keeping your audit log, granted data, evidence and exercise attempts
        (default ``$TRACELAB_WORK/<case>`` or ``~/.tracelab/work/<case>``).
    handler
        Your name or badge number for the chain of custody (default ``$TRACELAB_HANDLER`` or
        the login name).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> with tempfile.TemporaryDirectory() as root:
    ...     folder = pathlib.Path(root, "case")
    ...     (folder / "open").mkdir(parents=True)
    ...     pd.DataFrame({"post_id": [1, 2]}).to_parquet(folder / "open" / "posts.parquet")
    ...     case = open_case(folder, work=pathlib.Path(root, "work"))
    ...     (len(case.posts), case.sql("select count(*) as n from posts")["n"].item())
    (2, 2)
    """
    folder = resolve_case(path_or_name)
    if instructor is None:
        truth = folder / "truth"
        instructor = (
            _truthy(os.environ.get("TRACELAB_INSTRUCTOR"))
            and truth.is_dir()
            and any(truth.glob("*.parquet"))
        )
    return Case(folder, instructor=instructor, work=work, handler=handler)
