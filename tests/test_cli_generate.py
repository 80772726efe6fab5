"""``tracelab generate``: pipeline wiring, default folder, refusal before simulating, --json, bar.

The world model is replaced by a small deterministic stand-in here, so these tests exercise the
command and the case machinery on their own; ``test_case_end_to_end.py`` runs the real model.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import simulator.cli as cli
import simulator.cli.pipeline as pipeline
import simulator.world
from simulator import __version__
from simulator.case import Manifest, scenario_digest, verify_case
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "central-med.yaml"


@pytest.fixture(autouse=True)
def only_case_commands(monkeypatch):
    # Other commands are written in parallel; these tests need only the case commands.
    monkeypatch.setattr(
        cli, "COMMANDS", {"generate": "generate", "verify": "verify", "release": "release"}
    )


@pytest.fixture
def fake_world(monkeypatch):
    calls = []

    def simulate(scenario, *, seed, progress=None):
        calls.append((scenario.id, seed))
        rng = np.random.default_rng(seed)
        if progress is not None:
            for day in range(3):
                progress(day + 1, 3)
        return SimpleNamespace(
            tables={
                "persons": pd.DataFrame({"person_id": range(20), "budget": rng.integers(0, 9, 20)}),
                "events": pd.DataFrame({"event_id": range(100), "day": rng.integers(0, 90, 100)}),
            }
        )

    monkeypatch.setattr(simulator.world, "simulate", simulate, raising=False)
    # The stand-in world has no event log the observers could read: keep only its truth tables,
    # with no table specs and an empty answer key (build_tables computes the key in its pool).
    monkeypatch.setattr(
        pipeline,
        "build_tables",
        lambda scenario, world, **_: {"truth": world.tables, "extra": {"answers": {}}},
    )
    monkeypatch.setattr(pipeline, "case_specs", list)
    monkeypatch.setattr(pipeline, "answer_key", lambda truth: {})
    return calls


def test_generate_writes_a_verifiable_case(tmp_path, fake_world, capsys):
    out = tmp_path / "case"
    assert cli.main(["generate", str(SCENARIO), "--seed", "7", "--out", str(out)]) == 0
    assert fake_world == [("central-med", 7)]
    manifest = Manifest.read(out)
    scenario = load_scenario(SCENARIO)
    assert manifest.info.scenario_id == "central-med"
    assert manifest.info.scenario_sha256 == scenario_digest(scenario)
    assert manifest.info.seed == 7 and manifest.info.generator_version == __version__
    assert manifest.rows() == {"truth/events": 100, "truth/persons": 20}
    assert verify_case(out).ok
    printed = capsys.readouterr()
    assert f"wrote {out}" in printed.out and printed.err == ""  # no bar when not a terminal


def test_json_summary(tmp_path, fake_world, capsys):
    out = tmp_path / "case"
    assert cli.main(["generate", str(SCENARIO), "--seed", "3", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    seconds = summary.pop("seconds")
    assert isinstance(seconds, float) and seconds >= 0
    assert summary == {"path": str(out), **Manifest.read(out).summary()}
    assert summary["tables"] == {"truth/events": 100, "truth/persons": 20}


def test_same_seed_same_bytes_different_seed_different_case(tmp_path, fake_world):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        argv = ["generate", str(SCENARIO), "--seed", str(seed), "--out", str(tmp_path / name)]
        assert cli.main(argv) == 0
    # The manifest holds every file's SHA-256, so equal manifests mean equal files.
    manifest = {name: (tmp_path / name / "manifest.json").read_bytes() for name in "abc"}
    assert manifest["a"] == manifest["b"] and manifest["a"] != manifest["c"]


def test_default_folder_under_current_directory_and_env(tmp_path, fake_world, monkeypatch):
    monkeypatch.delenv("TRACELAB_DATASETS", raising=False)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["generate", str(SCENARIO), "--seed", "7"]) == 0
    assert verify_case(tmp_path / "datasets" / "central-med" / "seed-7").ok

    monkeypatch.setenv("TRACELAB_DATASETS", str(tmp_path / "elsewhere"))
    assert cli.main(["generate", str(SCENARIO), "--seed", "2"]) == 0
    assert verify_case(tmp_path / "elsewhere" / "central-med" / "seed-2").ok


def test_existing_case_is_refused_before_simulating(tmp_path, fake_world, capsys):
    out = tmp_path / "case"
    assert cli.main(["generate", str(SCENARIO), "--out", str(out)]) == 0
    before = (out / "manifest.json").read_bytes()
    fake_world.clear()
    capsys.readouterr()
    assert cli.main(["generate", str(SCENARIO), "--seed", "9", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert fake_world == []  # nothing was simulated
    assert err.count("\n") == 1 and "already exists; use --force" in err
    assert (out / "manifest.json").read_bytes() == before


def test_force_replaces(tmp_path, fake_world):
    out = tmp_path / "case"
    assert cli.main(["generate", str(SCENARIO), "--seed", "1", "--out", str(out)]) == 0
    assert cli.main(["generate", str(SCENARIO), "--seed", "2", "--out", str(out), "--force"]) == 0
    assert Manifest.read(out).info.seed == 2 and verify_case(out).ok


def test_scenario_problems_are_findings_exit_1(tmp_path, fake_world, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Not A Slug\n")
    assert cli.main(["generate", str(bad), "--out", str(tmp_path / "case")]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err
    assert fake_world == [] and not (tmp_path / "case").exists()


def test_scenario_problems_as_json(tmp_path, fake_world, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    assert cli.main(["generate", str(bad), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False and payload["findings"]
    assert all(finding["file"] == str(bad) for finding in payload["findings"])


def test_negative_seed_is_a_usage_error(tmp_path, fake_world, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["generate", str(SCENARIO), "--seed", "-1"])
    assert stop.value.code == 2


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(tmp_path, fake_world, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["generate", str(SCENARIO), "--out", str(tmp_path / "case")]) == 0
    drawn = terminal.getvalue()
    assert "\rsimulating  [" in drawn and "100%" in drawn
    assert "\rwriting     [" in drawn and "truth/persons" in drawn
    assert drawn.endswith("\n")


def test_progress_bar_shows_the_observers_at_work(tmp_path, monkeypatch):
    # The real pipeline: at 100,000 migrants the observers run for a minute or more, and the
    # bar must not sit at "simulating 100%" meanwhile.
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["generate", str(SCENARIO), "--out", str(tmp_path / "case")]) == 0
    drawn = terminal.getvalue()
    assert "\robserving   [" in drawn
    for task in ("running platforms", "telecom", "answers"):
        assert task in drawn, task
    assert "100% " in drawn.split("\robserving")[-1].split("\r")[0]  # all done before writing
