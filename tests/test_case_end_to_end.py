"""The course case end to end: generate central-med seed 7, verify, tamper, release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import simulator.cli as cli
import simulator.world
from simulator.case import Manifest, verify_case

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "central-med.yaml"

pytestmark = pytest.mark.skipif(
    not hasattr(simulator.world, "simulate"), reason="simulator.world.simulate is not written yet"
)


@pytest.fixture(scope="module")
def course_case(tmp_path_factory):
    out = tmp_path_factory.mktemp("e2e") / "central-med" / "seed-7"
    assert cli.main(["generate", str(SCENARIO), "--seed", "7", "--out", str(out)]) == 0
    return out


def test_generated_course_case_verifies(course_case, capsys):
    manifest = Manifest.read(course_case)
    assert manifest.info.scenario_id == "central-med" and manifest.info.seed == 7
    assert manifest.tables and all(entry.rows >= 0 for entry in manifest.tables)
    assert cli.main(["verify", str(course_case), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == verify_case(course_case).to_dict()


def test_one_flipped_byte_is_named_then_release_has_no_truth(course_case, tmp_path, capsys):
    released = tmp_path / "trainee"
    assert cli.main(["release", str(course_case), "--out", str(released)]) == 0
    data = json.loads((released / "manifest.json").read_text())
    assert not (released / "truth").exists()
    assert (
        all(entry["tier"] != "truth" for entry in data["tables"]) and "truth" not in data["tiers"]
    )
    assert verify_case(released).ok

    entry = Manifest.read(course_case).tables[-1]
    path = course_case / entry.path
    original = path.read_bytes()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    path.write_bytes(bytes(changed))
    try:
        capsys.readouterr()
        assert cli.main(["verify", str(course_case)]) == 1
        assert f"table {entry.key} changed" in capsys.readouterr().out
    finally:
        path.write_bytes(original)
    assert verify_case(course_case).ok
