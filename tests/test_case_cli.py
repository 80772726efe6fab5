"""``tracelab verify`` and ``tracelab release``: exit codes, and --json equal to the library."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import simulator.cli as cli
from simulator import __version__
from simulator.case import CaseInfo, Manifest, verify_case, write_case

INFO = CaseInfo("demo-case", "34" * 32, seed=2, generator_version=__version__)


@pytest.fixture(autouse=True)
def only_case_commands(monkeypatch):
    monkeypatch.setattr(
        cli, "COMMANDS", {"generate": "generate", "verify": "verify", "release": "release"}
    )


@pytest.fixture
def case(tmp_path):
    target = tmp_path / "case"
    write_case(
        target,
        {
            "open": {"adverts": pd.DataFrame({"advert_id": range(30)})},
            "truth": {"persons": pd.DataFrame({"person_id": range(5)})},
        },
        INFO,
    )
    return target


def test_verify_intact_exit_0(case, capsys):
    assert cli.main(["verify", str(case)]) == 0
    assert "intact (2 files match the manifest)" in capsys.readouterr().out


def test_verify_json_equals_library_when_intact(case, capsys):
    assert cli.main(["verify", str(case), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == verify_case(case).to_dict()


def test_verify_json_equals_library_when_broken(case, capsys):
    (case / "truth" / "persons.parquet").unlink()
    (case / "open" / "extra.csv").write_text("a,b\n")
    assert cli.main(["verify", str(case), "--json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed == verify_case(case).to_dict()
    assert [(p["kind"], p["table"]) for p in printed["problems"]] == [
        ("missing", "truth/persons"),
        ("extra", None),
    ]


def test_verify_names_the_changed_table_exit_1(case, capsys):
    path = case / "open" / "adverts.parquet"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    assert cli.main(["verify", str(case)]) == 1
    out = capsys.readouterr().out
    assert "changed  open/adverts.parquet: table open/adverts changed" in out
    assert "1 problem" in out


def test_verify_without_manifest_exit_1(tmp_path, capsys):
    assert cli.main(["verify", str(tmp_path)]) == 1
    assert "no manifest.json" in capsys.readouterr().out


def test_release_cli(case, tmp_path, capsys):
    out = tmp_path / "trainee"
    assert cli.main(["release", str(case), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {"path": str(out), **Manifest.read(out).summary(), "answers": False}
    assert summary["tables"] == {"open/adverts": 30}
    assert not (out / "truth").exists() and verify_case(out).ok


def test_release_cli_refuses_existing_then_forces(case, tmp_path, capsys):
    out = tmp_path / "trainee"
    assert cli.main(["release", str(case), "--out", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["release", str(case), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tracelab release: ") and err.count("\n") == 1
    assert cli.main(["release", str(case), "--out", str(out), "--force"]) == 0


def test_release_cli_refuses_a_tampered_case(case, tmp_path, capsys):
    (case / "open" / "adverts.parquet").write_bytes(b"PAR1 not really")
    assert cli.main(["release", str(case), "--out", str(tmp_path / "trainee")]) == 2
    assert "fails verification: table open/adverts changed" in capsys.readouterr().err
    assert not (tmp_path / "trainee").exists()
