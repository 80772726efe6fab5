"""The data dictionary (datasets/README.md) is complete, and a stale copy fails loudly."""

from __future__ import annotations

from pathlib import Path

from simulator.catalog import TIERS
from simulator.observers import dictionary
from simulator.observers.platform_catalog import PROFILES

README = Path(__file__).resolve().parents[1] / "datasets" / "README.md"


def test_committed_readme_is_up_to_date():
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    assert current == dictionary.render(), (
        f"datasets/README.md is stale; regenerate it with: {dictionary.COMMAND}"
    )


def test_every_table_and_column_is_described_with_tier_and_imitation():
    text = dictionary.render()
    specs = dictionary.all_specs()
    assert {spec.tier for spec in specs} >= {"open", "truth"}
    for spec in specs:
        assert spec.tier in TIERS and spec.description and spec.imitates, spec.name
        assert f"### `{spec.tier}/{spec.name}`" in text
        assert spec.imitates in text
        for column in spec.columns:
            assert column.meaning, (spec.name, column.name)
            assert f"| `{column.name}` | {column.dtype} |" in text


def test_open_social_tables_and_truth_tables_are_listed():
    names = {(spec.tier, spec.name) for spec in dictionary.all_specs()}
    expected_open = {"accounts", "posts", "comments", "memberships", "takedown_notices", "listings"}
    assert {("open", name) for name in expected_open} <= names
    assert {("truth", name) for name in ("events", "persons", "ownership", "payments")} <= names


def test_platforms_and_identifier_rules_are_documented():
    text = dictionary.render()
    for kind, profile in PROFILES.items():
        assert f"`{kind}`" in text and profile.stands_for in text
    for name in ("Kinfold", "Spinclip", "Beaconcast", "Swapstall"):
        assert f"| {name} |" in text
    for rule in ("192.0.2.0/24", "2001:db8::/32", "example.com", "mod-97", "Luhn", "07700 900"):
        assert rule in text


def test_check_mode_reports_a_stale_file(tmp_path, capsys):
    stale = tmp_path / "README.md"
    stale.write_text("old\n", encoding="utf-8")
    assert dictionary.main(["--check", str(stale)]) == 1
    assert dictionary.COMMAND in capsys.readouterr().err
    assert dictionary.main(["--write", str(stale)]) == 0
    assert dictionary.main(["--check", str(stale)]) == 0
