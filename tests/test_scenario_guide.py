"""The authoring guide: its generated key reference is fresh and covers every key of the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.scenario import guide
from simulator.scenario.introspect import keys_of
from simulator.scenario.schema import Leg, Network, Scenario

README = Path(__file__).parent.parent / "scenarios" / "README.md"


def test_committed_readme_reference_is_fresh() -> None:
    current = README.read_text(encoding="utf-8")
    assert guide.update_readme(current) == current, (
        f"scenarios/README.md is stale; regenerate it with: {guide.REGENERATE}"
    )


def test_check_flag_detects_a_stale_readme(tmp_path: Path) -> None:
    stale = tmp_path / "README.md"
    stale.write_text(f"intro\n{guide.BEGIN}\nold table\n{guide.END}\n", encoding="utf-8")
    assert guide.main(["--check", str(stale)]) == 1
    assert guide.main(["--write", str(stale)]) == 0
    assert guide.main(["--check", str(stale)]) == 0
    assert stale.read_text().startswith("intro\n")


def test_reference_lists_every_key_with_type_and_meaning() -> None:
    reference = guide.render_reference()
    for key in keys_of(Scenario):
        assert f"| `{key}` |" in reference
    for key in keys_of(Leg):
        assert f"| `routes[].legs[].{key}` |" in reference
    for key in keys_of(Network):
        assert f"| `network.{key}` |" in reference
    assert "| `interventions[] (kind: arrest).role` | choice |" in reference
    # Every row has six cells and a meaning.
    rows = [line for line in reference.splitlines() if line.startswith("| `")]
    for row in rows:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]
        assert len(cells) == 6, row
        assert cells[5], f"no meaning: {row}"


def test_readme_without_markers_is_an_error() -> None:
    with pytest.raises(ValueError, match="marker"):
        guide.update_readme("no markers here")
