"""`tracelab validate` and `tracelab schema`: output, exit codes, --json equal to the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.scenario.jsonschema import scenario_json_schema
from simulator.scenario.loader import validation_report
from simulator.scenario.schema import Scenario

TESTS = Path(__file__).parent
VALID = TESTS / "scenario_valid.yaml"
MALFORMED = TESTS / "malformed"


def test_validate_a_valid_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(VALID)]) == 0
    assert capsys.readouterr().out == f"{VALID}: valid\n"


def test_validate_reports_findings_and_a_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(MALFORMED)
    assert main(["validate", "unknown-key.yaml", "bad-enum.yaml", str(VALID)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unknown-key.yaml:31:1 netwrok: unknown key netwrok — did you mean")
    assert lines[1].startswith("bad-enum.yaml:32:14 network.structure: 'hierachy' is not allowed")
    assert lines[2] == f"{VALID}: valid"
    assert lines[3] == "2 of 3 files invalid, 2 problems"


def test_json_output_equals_the_library_result(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(MALFORMED)
    files = ["unknown-place.yaml", "empty.yaml", "does-not-exist.yaml", str(VALID)]
    code = main(["validate", "--json", *files])
    printed = json.loads(capsys.readouterr().out)
    assert printed == validation_report(files)
    assert code == 1
    assert [entry["valid"] for entry in printed] == [False, False, False, True]
    assert printed[0]["findings"][0] == {
        "file": "unknown-place.yaml",
        "line": 14,
        "col": 13,
        "path": "routes[0].legs[0].to",
        "message": "'Lampedsa' is not a place — did you mean Lampedusa? "
        "(allowed: names in places: Sfax, Lampedusa)",
    }


def test_missing_file_exits_1_with_a_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no/such/file.yaml"]) == 1
    captured = capsys.readouterr()
    assert "no/such/file.yaml: no such file" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate"])
    assert exit_.value.code == 2


@pytest.mark.parametrize("command", ["validate", "schema"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"usage: tracelab {command}" in capsys.readouterr().out


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == scenario_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(Scenario.model_fields) <= set(schema["properties"])
    assert {"extends", "include"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    leg = schema["$defs"]["Leg"]["properties"]
    assert "from" in leg and leg["interception"]["maximum"] == 1.0


def test_schema_out_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scenario.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text()) == scenario_json_schema()
    assert capsys.readouterr().out == f"wrote {out}\n"


def test_schema_out_to_an_unwritable_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--out", str(tmp_path / "missing" / "x.json")]) == 2
    assert capsys.readouterr().err.startswith("tracelab schema: cannot write")
