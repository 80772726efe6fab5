"""write_case: layout, metadata, streaming, determinism, refusal and forced replacement."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from simulator import SYNTHETIC_NOTICE, __version__
from simulator.case import (
    CaseExistsError,
    CaseInfo,
    InTurn,
    Manifest,
    TableStream,
    verify_case,
    write_case,
)
from simulator.case.atomic import clean_stale, publish, staging
from simulator.case.manifest import file_sha256
from simulator.case.parquet import read_back

INFO = CaseInfo("demo-case", "ab" * 32, seed=7, generator_version=__version__)


def sample_tables(rows: int = 50) -> dict:
    """A small case: a DataFrame, a pyarrow Table and a stream of record batches."""
    people = pd.DataFrame(
        {
            "person_id": range(rows),
            "name": [f"Synthetic Person {i}" for i in range(rows)],
            "born": pd.to_datetime("1990-01-01") + pd.to_timedelta(range(rows), unit="D"),
        }
    )
    adverts = pa.table({"advert_id": list(range(5)), "text": ["سلام", "bonjour", "hello", "", "x"]})

    def payments():
        for start in range(0, 3000, 1000):
            ids = pa.array(range(start, start + 1000), pa.int64())
            yield pa.record_batch({"payment_id": ids, "amount": pa.compute.multiply(ids, 2.5)})

    return {
        "open": {"adverts": adverts},
        "truth": {"persons": people, "payments": payments()},
    }


def test_layout_manifest_and_metadata(tmp_path):
    target = tmp_path / "datasets" / "demo-case" / "seed-7"
    manifest = write_case(target, sample_tables(), INFO)

    assert sorted(p.name for p in target.iterdir()) == ["manifest.json", "open", "truth"]
    assert (target / "truth" / "payments.parquet").is_file()
    assert manifest.rows() == {"open/adverts": 5, "truth/payments": 3000, "truth/persons": 50}

    data = json.loads((target / "manifest.json").read_text())
    assert data["synthetic"] is True and data["notice"] == SYNTHETIC_NOTICE
    assert data["scenario"] == {"id": "demo-case", "sha256": "ab" * 32}
    assert data["seed"] == 7 and data["generator"]["version"] == __version__
    persons = next(t for t in data["tables"] if t["name"] == "persons")
    assert persons["tier"] == "truth" and persons["path"] == "truth/persons.parquet"
    assert [c["name"] for c in persons["columns"]] == ["person_id", "name", "born"]
    assert persons["sha256"] == file_sha256(target / "truth" / "persons.parquet")
    assert Manifest.read(target) == manifest

    meta = pq.read_schema(target / "truth" / "persons.parquet").metadata
    assert meta[b"tracelab.synthetic"] == b"true"
    assert meta[b"tracelab.notice"] == SYNTHETIC_NOTICE.encode()
    assert meta[b"tracelab.tier"] == b"truth" and meta[b"tracelab.table"] == b"persons"
    assert b"pandas" not in meta  # version-dependent bytes are left out

    back = pd.read_parquet(target / "truth" / "persons.parquet")
    pd.testing.assert_frame_equal(back, sample_tables()["truth"]["persons"], check_dtype=False)


def test_stream_chunks_become_row_groups(tmp_path):
    write_case(tmp_path / "c", sample_tables(), INFO)
    parquet = pq.ParquetFile(tmp_path / "c" / "truth" / "payments.parquet")
    assert parquet.metadata.num_row_groups == 3
    assert parquet.read().column("payment_id").to_pylist() == list(range(3000))


def test_identical_input_gives_identical_bytes(tmp_path):
    first = write_case(tmp_path / "a", sample_tables(), INFO)
    second = write_case(tmp_path / "b", sample_tables(), INFO)
    assert first == second
    for entry in first.tables:
        assert (tmp_path / "a" / entry.path).read_bytes() == (
            tmp_path / "b" / entry.path
        ).read_bytes()
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (
        tmp_path / "b" / "manifest.json"
    ).read_bytes()


def test_release_gives_each_table_back_once_written_and_changes_no_byte(tmp_path):
    kept = write_case(tmp_path / "a", sample_tables(), INFO)
    tables = sample_tables()
    progress = []
    released = write_case(
        tmp_path / "b",
        tables,
        INFO,
        release=True,
        # Before each table: the ones written so far are gone, the others still there.
        progress=lambda done, total, label: progress.append(sum(map(len, tables.values()))),
    )
    assert tables == {"open": {}, "truth": {}}
    assert progress[0] == 3 and progress[-1] == 0
    assert released == kept


def test_release_writes_the_largest_held_table_first_and_streams_last(tmp_path):
    # truth/persons (a DataFrame of 50 rows) holds more than open/adverts (5 rows); the payments
    # are a stream: replaying it comes after every held table is given back.
    labels = []
    write_case(
        tmp_path / "c",
        sample_tables(),
        INFO,
        release=True,
        progress=lambda done, total, label: labels.append((done, label)),
    )
    firsts = [(done, label) for done, label in labels if "(" not in label]
    assert firsts == [(0, "truth/persons"), (1, "open/adverts"), (2, "truth/payments"), (3, "done")]


def test_identical_bytes_across_processes(tmp_path):
    # A fresh interpreter rules out state shared inside one process (caches, hash seeds).
    script = (
        "import sys; sys.path.insert(0, {tests!r}); from test_case_writer import INFO, "
        "sample_tables; from simulator.case import write_case; "
        "write_case({target!r}, sample_tables(), INFO)"
    ).format(tests=str(__import__("pathlib").Path(__file__).parent), target=str(tmp_path / "x"))
    subprocess.run([sys.executable, "-c", script], check=True, env={"PYTHONHASHSEED": "123"})
    write_case(tmp_path / "y", sample_tables(), INFO)
    assert (tmp_path / "x" / "manifest.json").read_bytes() == (
        tmp_path / "y" / "manifest.json"
    ).read_bytes()


def test_manifest_lists_tables_in_tier_order_whatever_the_input_order(tmp_path):
    tables = {"truth": {"b": pa.table({"x": [1]})}, "open": {"z": pa.table({"x": [1]})}}
    manifest = write_case(tmp_path / "c", tables, INFO)
    assert [entry.key for entry in manifest.tables] == ["open/z", "truth/b"]


def test_refuses_existing_case_without_force(tmp_path):
    target = tmp_path / "case"
    write_case(target, sample_tables(), INFO)
    before = (target / "manifest.json").read_bytes()
    with pytest.raises(CaseExistsError, match="already exists"):
        write_case(target, {"open": {"other": pa.table({"y": [1]})}}, INFO)
    assert (target / "manifest.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["case"]


def test_refusal_happens_before_any_table_is_consumed(tmp_path):
    target = tmp_path / "case"
    target.mkdir()

    def never():
        raise AssertionError("the stream was read although the target exists")
        yield

    with pytest.raises(CaseExistsError):
        write_case(target, {"truth": {"t": never()}}, INFO)


def test_force_replaces_the_case(tmp_path):
    target = tmp_path / "case"
    write_case(target, sample_tables(), INFO)
    manifest = write_case(target, {"open": {"other": pa.table({"y": [1, 2]})}}, INFO, force=True)
    assert manifest.rows() == {"open/other": 2}
    assert not (target / "truth").exists()
    assert verify_case(target).ok
    assert [p.name for p in tmp_path.iterdir()] == ["case"]


def test_force_without_atomic_exchange_parks_then_replaces(tmp_path, monkeypatch):
    import simulator.case.atomic as atomic

    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    target = tmp_path / "case"
    write_case(target, sample_tables(), INFO)
    write_case(target, {"open": {"other": pa.table({"y": [1]})}}, INFO, force=True)
    assert Manifest.read(target).rows() == {"open/other": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["case"]


def test_force_never_replaces_a_folder_that_is_not_a_case(tmp_path):
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(CaseExistsError, match="not a case folder"):
        write_case(precious, sample_tables(), INFO, force=True)
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_force_accepts_an_empty_folder(tmp_path):
    (tmp_path / "case").mkdir()
    write_case(tmp_path / "case", sample_tables(), INFO, force=True)
    assert verify_case(tmp_path / "case").ok


def test_failure_mid_write_leaves_nothing(tmp_path):
    def broken():
        yield pa.record_batch({"x": [1, 2]})
        raise RuntimeError("observer crashed")

    with pytest.raises(RuntimeError, match="observer crashed"):
        write_case(tmp_path / "case", {"truth": {"t": broken()}}, INFO)
    assert list(tmp_path.iterdir()) == []


def test_failure_during_forced_replace_keeps_the_old_case(tmp_path):
    target = tmp_path / "case"
    old = write_case(target, sample_tables(), INFO)

    def broken():
        yield pa.record_batch({"x": [1]})
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_case(target, {"truth": {"t": broken()}}, INFO, force=True)
    assert Manifest.read(target) == old and verify_case(target).ok


def test_bad_tier_and_table_names_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown tier 'secret'"):
        write_case(tmp_path / "c", {"secret": {"t": pa.table({"x": [1]})}}, INFO)
    with pytest.raises(ValueError, match="not allowed"):
        write_case(tmp_path / "c", {"open": {"../escape": pa.table({"x": [1]})}}, INFO)
    assert list(tmp_path.iterdir()) == []


def test_chunks_that_disagree_are_named(tmp_path):
    chunks = [pa.table({"x": [1]}), pa.table({"y": [2]})]
    with pytest.raises(ValueError, match=r"table truth/t: chunk 1 has columns \['y'\]"):
        write_case(tmp_path / "c", {"truth": {"t": chunks}}, INFO)
    assert not (tmp_path / "c").exists()


def test_dataframe_chunks_are_cast_to_the_first_schema(tmp_path):
    chunks = [pd.DataFrame({"x": [1.5]}), pd.DataFrame({"x": [2]})]
    write_case(tmp_path / "c", {"truth": {"t": chunks}}, INFO)
    assert pq.read_table(tmp_path / "c" / "truth" / "t.parquet").column("x").to_pylist() == [1.5, 2]


def test_empty_stream_needs_a_schema(tmp_path):
    with pytest.raises(ValueError, match="no chunks"):
        write_case(tmp_path / "c", {"truth": {"t": iter(())}}, INFO)
    schema = pa.schema([("x", pa.int64()), ("s", pa.string())])
    manifest = write_case(tmp_path / "d", {"truth": {"t": TableStream(schema, [])}}, INFO)
    assert manifest.rows() == {"truth/t": 0}
    assert pq.read_schema(tmp_path / "d" / "truth" / "t.parquet").names == ["x", "s"]


def test_not_a_table_is_a_clear_type_error(tmp_path):
    with pytest.raises(TypeError, match="table open/t: a table must be"):
        write_case(tmp_path / "c", {"open": {"t": "not a table"}}, INFO)


def test_progress_reports_every_table_and_the_end(tmp_path):
    calls = []
    write_case(tmp_path / "c", sample_tables(), INFO, progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 3, "open/adverts")
    assert calls[-1] == (3, 3, "done")
    assert (2, 3, "truth/payments (3,000 rows)") in calls


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_forked_stream_is_written_the_same_and_reported(tmp_path, monkeypatch, workers):
    monkeypatch.setenv("TRACELAB_WORKERS", workers)
    tables = sample_tables()
    tables["truth"]["payments"] = InTurn(tables["truth"]["payments"], forked=True)
    calls = []
    aside = write_case(tmp_path / "c", tables, INFO, progress=lambda *a: calls.append(a))
    plain = write_case(tmp_path / "d", sample_tables(), INFO)
    assert {t.key: t.sha256 for t in aside.tables} == {t.key: t.sha256 for t in plain.tables}
    labels = [label for _, _, label in calls]
    if workers == "2":  # a child writes it and cannot draw: the parent says it is under way
        assert (2, 3, "truth/payments (second process)") in calls
        assert not any(label.startswith("truth/payments (") and "rows" in label for label in labels)
    else:  # written here after the others, chunk by chunk like them
        assert (2, 3, "truth/payments (1,000 rows)") in calls
        assert not any("second process" in label for label in labels)
    assert calls[-1] == (3, 3, "done")


def test_stale_temporary_folders_are_cleaned_and_live_ones_kept(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(finished.stdout)
    stale = tmp_path / f".tmp-case-{dead}"
    (stale / "truth").mkdir(parents=True)
    other = tmp_path / f".tmp-other-{dead}"  # another target's leftovers are not ours to judge
    other.mkdir()
    live = tmp_path / f".tmp-case-{__import__('os').getppid()}"
    live.mkdir()
    write_case(tmp_path / "case", sample_tables(), INFO)
    assert not stale.exists() and other.exists() and live.exists()


def test_a_parked_old_case_is_restored_after_a_crash(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    parked = tmp_path / f".old-case-{int(finished.stdout)}"
    write_case(parked, sample_tables(), INFO)  # a complete case, parked by a dead process
    restored = clean_stale(tmp_path / "case")
    assert restored == [parked]
    assert verify_case(tmp_path / "case").ok


def test_publish_refuses_a_target_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "case"
    with staging(target) as stage:
        (stage / "manifest.json").write_text("{}")
        target.mkdir()
        (target / "manifest.json").write_text("{}")  # another run finished first
        with pytest.raises(CaseExistsError):
            publish(stage, target)
    assert [p.name for p in tmp_path.iterdir()] == ["case"]


def test_extra_files_are_listed_and_verified(tmp_path):
    manifest = write_case(
        tmp_path / "c",
        sample_tables(),
        INFO,
        files={"instructor/key.json": "{}", "notes.txt": b"x"},
    )
    assert [(f.path, f.bytes) for f in manifest.files] == [
        ("instructor/key.json", 2),
        ("notes.txt", 1),
    ]
    assert verify_case(tmp_path / "c").ok
    (tmp_path / "c" / "notes.txt").write_bytes(b"y")
    assert [p.path for p in verify_case(tmp_path / "c").of_kind("changed")] == ["notes.txt"]


@pytest.mark.parametrize("path", ["../x", "/abs", "truth/key.json", "manifest.json", "a//b", "./a"])
def test_extra_files_may_not_escape_or_hide_in_tiers(tmp_path, path):
    with pytest.raises(ValueError, match="extra file path"):
        write_case(tmp_path / "c", sample_tables(), INFO, files={path: "x"})
    assert not (tmp_path / "c").exists()


def test_spec_columns_must_match_the_table(tmp_path):
    spec = {"name": "adverts", "tier": "open", "columns": [{"name": "advert_id"}, {"name": "lang"}]}
    with pytest.raises(ValueError, match=r"table open/adverts has columns \['advert_id', 'text'\]"):
        write_case(tmp_path / "c", sample_tables(), INFO, specs=[spec])
    assert not (tmp_path / "c").exists()


def test_reserved_names_cannot_be_extra_files(tmp_path):
    with pytest.raises(ValueError, match="extra file path"):
        write_case(tmp_path / "c", sample_tables(), INFO, shared_files={"catalog.json": "[]"})


def test_read_back_equals_the_written_file_and_shares_what_comes_back_as_is(tmp_path):
    frame = pd.DataFrame(
        {
            "n": np.array([1, 2, 3], dtype=np.int64),
            "x": [1.5, float("nan"), -0.0],
            "flag": [True, False, True],
            "name": pd.array(["a", None, "c"], dtype="str"),
            "typed": pd.array(["a", None, "c"], dtype="string[pyarrow]"),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "when": pd.to_datetime(["2024-06-01", None, "2024-06-03"], utc=True).as_unit("s"),
        }
    )
    write_case(tmp_path / "c", {"truth": {"t": frame}}, INFO)
    stored = pd.read_parquet(tmp_path / "c" / "truth" / "t.parquet")
    back = read_back(frame)
    pd.testing.assert_frame_equal(back, stored, check_exact=True)
    for name in ("n", "x", "flag"):  # numpy columns: the same memory
        assert np.shares_memory(back[name].to_numpy(), frame[name].to_numpy()), name
    # Arrow text: the same character buffer.
    assert _text_buffer(back["name"]) == _text_buffer(frame["name"])


def _text_buffer(column: pd.Series) -> int:
    array = pa.array(column.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.chunk(0)
    return array.buffers()[-1].address
