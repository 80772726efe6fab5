"""The loader: valid files load, shipped scenarios validate, composition, every problem at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from simulator.scenario.errors import Finding, ScenarioError
from simulator.scenario.loader import (
    load_scenario,
    scenario_from_text,
    scenarios_root,
    validate_file,
)
from simulator.scenario.schema import Scenario

TESTS = Path(__file__).parent
REPO = TESTS.parent
VALID = TESTS / "scenario_valid.yaml"
SHIPPED = sorted((REPO / "scenarios").glob("*.yaml"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_fixture_loads() -> None:
    scenario = load_scenario(VALID)
    assert scenario.id == "tiny-case"
    assert scenario.routes[0].legs[0].from_ == "Sfax"
    assert scenario.period.end.isoformat() == "2024-05-30"
    assert validate_file(VALID) == []


def test_the_shipped_scenarios_exist() -> None:
    names = {path.name for path in SHIPPED}
    assert {"_template.yaml", "central-med.yaml", "balkans.yaml", "channel.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_scenario_and_the_template_validate(path: Path) -> None:
    assert [str(finding) for finding in validate_file(path)] == []
    assert isinstance(load_scenario(path), Scenario)


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = VALID.read_text()
    text = text.replace("days: 30", "days: thirty").replace("to: Lampedusa", "to: Lampedsa")
    text += "difficulty: hard\nnetwrok: {}\n"
    findings = validate_file(write(tmp_path / "many.yaml", text))
    assert [finding.path for finding in findings] == [
        "period.days",
        "routes[0].legs[0].to",
        "difficulty",
        "netwrok",
    ]
    assert [finding.line for finding in findings] == sorted(finding.line for finding in findings)


def test_a_refused_value_is_reported_once(tmp_path: Path) -> None:
    # The tag is refused while reading; the schema must not add "expected a number" on top.
    text = VALID.read_text().replace("days: 30", "days: !!binary MzA=")
    findings = validate_file(write(tmp_path / "tag.yaml", text))
    assert len(findings) == 1
    assert findings[0].path == "period.days"


def test_yaml_1_2_scalars_norway_stays_text(tmp_path: Path) -> None:
    text = VALID.read_text().replace("country: GN", "country: NO")
    text = text.replace("count: 50", "count: 1_000")
    scenario = load_scenario(write(tmp_path / "norway.yaml", text))
    assert scenario.migrants.origins[1].country == "NO"
    assert scenario.migrants.count == 1000


def test_from_text_and_bytes() -> None:
    text = VALID.read_text()
    assert scenario_from_text(text).id == "tiny-case"
    assert scenario_from_text(text.encode()).id == "tiny-case"
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text("extends: other.yaml\n" + text, name="inline.yaml")
    assert [str(finding) for finding in caught.value.findings] == [
        "inline.yaml:1:10 extends: extends needs the scenario to be read from a file"
    ]


def test_scenario_built_in_python_still_runs_cross_checks() -> None:
    data = load_scenario(VALID).model_dump(by_alias=True)
    data["interventions"][0]["day"] = 99
    with pytest.raises(ValidationError, match=r"interventions\[0\]\.day: day 99 is after"):
        Scenario.model_validate(data)


def test_cross_checks_run_when_other_sections_are_broken(tmp_path: Path) -> None:
    # money is broken, yet the unknown place in routes is still found.
    text = VALID.read_text().replace("to: Lampedusa", "to: Nowhere") + "money: 3\n"
    paths = [finding.path for finding in validate_file(write(tmp_path / "two.yaml", text))]
    assert paths == ["routes[0].legs[0].to", "money"]


# --------------------------------------------------------------------------- composition


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A scenarios folder with a base, two packs and a child that extends and includes."""
    root = tmp_path / "scenarios"
    write(root / "base.yaml", VALID.read_text())
    write(
        root / "packs" / "one.yaml",
        """\
        network:
          opsec: high
          roles: {forger: 4}
        online:
          languages: [ar]
        """,
    )
    write(
        root / "packs" / "two.yaml",
        """\
        network:
          roles: {forger: 5}
        """,
    )
    write(
        root / "child" / "case.yaml",
        """\
        extends: ../base.yaml
        include: [../packs/one.yaml, ../packs/two.yaml]
        id: child-case
        network:
          structure: hierarchy
        """,
    )
    return root


def test_merge_order_base_then_includes_then_own_keys(library: Path) -> None:
    scenario = load_scenario(library / "child" / "case.yaml")
    assert scenario.id == "child-case"  # own key beats the base
    assert scenario.title == "A tiny case for tests"  # from the base
    assert scenario.network.structure == "hierarchy"  # own key, merged into pack mappings
    assert scenario.network.opsec == "high"  # from pack one
    assert scenario.network.roles.forger == 5  # pack two overrides pack one
    assert scenario.online.languages == ["ar"]  # a list replaces, never appends
    assert scenario.online.platforms[0].name == "Facepage"  # mapping merge keeps the base's keys


def test_findings_in_an_included_file_name_that_file(library: Path) -> None:
    write(library / "packs" / "two.yaml", "network:\n  roles: {forger: -1}\n")
    findings = validate_file(library / "child" / "case.yaml")
    assert [(Path(f.file).name, f.line, f.path) for f in findings] == [
        ("two.yaml", 2, "network.roles.forger")
    ]
    assert findings[0].file.endswith("packs/two.yaml")


def test_extends_chain_and_cycle(library: Path) -> None:
    write(library / "a.yaml", "extends: b.yaml\nid: a\n")
    write(library / "b.yaml", "extends: a.yaml\nid: b\n")
    findings = validate_file(library / "a.yaml")
    assert any("makes a cycle: a.yaml → b.yaml → a.yaml" in f.message for f in findings)


def test_paths_may_not_leave_the_scenarios_folder(library: Path, tmp_path: Path) -> None:
    write(tmp_path / "outside.yaml", "summary: from outside\n")
    write(library / "escape.yaml", "extends: ../outside.yaml\n")
    write(library / "absolute.yaml", f"include: [{tmp_path / 'outside.yaml'}]\n")
    escape = [f for f in validate_file(library / "escape.yaml") if f.path == "extends"]
    assert escape[0].message == (
        "'../outside.yaml' leaves the scenarios folder (allowed: files inside scenarios/)"
    )
    absolute = [f for f in validate_file(library / "absolute.yaml") if f.path == "include[0]"]
    assert "is an absolute path" in absolute[0].message


def test_dotdot_inside_the_folder_is_fine(library: Path) -> None:
    # child/case.yaml reaches ../base.yaml: .. is allowed while it stays inside scenarios/.
    assert validate_file(library / "child" / "case.yaml") == []


def test_scenarios_root_is_the_nearest_scenarios_folder(library: Path, tmp_path: Path) -> None:
    assert scenarios_root(library / "child") == library
    assert scenarios_root(tmp_path) == tmp_path


def test_include_must_be_a_list_of_paths(library: Path) -> None:
    write(library / "bad.yaml", "include: {a: 1}\n" + VALID.read_text())
    assert [str(f).split(" ", 1)[1] for f in validate_file(library / "bad.yaml")] == [
        "include: expected a list of paths, got a mapping "
        "(allowed: a list such as [packs/vocabulary-ar.yaml])"
    ]


def test_a_pack_that_is_not_a_mapping(library: Path) -> None:
    write(library / "packs" / "list.yaml", "- a\n- b\n")
    write(library / "uses.yaml", "include: [packs/list.yaml]\n" + VALID.read_text())
    findings = validate_file(library / "uses.yaml")
    assert [(Path(f.file).name, f.message) for f in findings] == [
        ("list.yaml", "expected a mapping of sections, got a list")
    ]


def test_finding_is_hashable_and_sorted() -> None:
    a = Finding("a.yaml", 2, 1, "x", "m")
    b = Finding("a.yaml", 1, 5, "y", "m")
    assert sorted([a, b]) == [b, a]
    assert len({a, a}) == 1
