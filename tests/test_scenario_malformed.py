"""The malformed corpus: every file in tests/malformed/ gives exactly the findings listed here.

Each message is the contract an instructor sees, so it is compared in full, with file, line and
column. A new file in the corpus needs a row here (a test checks the table and folder agree).
"""

# ruff: noqa: E501  (the expected messages are compared in full and read best on one line)

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.scenario.errors import ScenarioError
from simulator.scenario.loader import load_scenario, validate_file
from simulator.scenario.yaml_positions import MAX_BYTES

MALFORMED = Path(__file__).parent / "malformed"

EXPECTED: dict[str, list[str]] = {
    "alias-bomb.yaml": [
        "alias-bomb.yaml:2:14: more than 100000 values once aliases are expanded (allowed: at most 100000; is this an alias bomb?)",
    ],
    "arrest-missing-role.yaml": [
        "arrest-missing-role.yaml:31:34 interventions[1].role: the network has no corrupt_official (network.roles.corrupt_official is 0) (allowed: a role with people: organiser, recruiter, coordinator, transporter, forger, money_broker, safe_house_keeper, cash_courier)",
    ],
    "bad-country.yaml": [
        "bad-country.yaml:8:27 places[0].country: 'Tunisia' is not in the expected form (allowed: two capital letters, an ISO 3166-1 alpha-2 code such as IT)",
    ],
    "bad-enum.yaml": [
        "bad-enum.yaml:32:14 network.structure: 'hierachy' is not allowed — did you mean hierarchy? (allowed: hierarchy, cells, loose)",
    ],
    "binary-nul.yaml": [
        "binary-nul.yaml:2:1: NUL byte: this is a binary file, not YAML (allowed: UTF-8 text)",
    ],
    "comments-only.yaml": [
        "comments-only.yaml:1:1: the file is empty (allowed: a mapping of sections: extends, include, id, title, summary, difficulty, objectives, period, places, routes, network, migrants, online, money, interventions, sources)",
    ],
    "control-char.yaml": [
        "control-char.yaml:3:12: control character U+0007 is not allowed (allowed: printable text, tabs and newlines)",
    ],
    "custom-tag.yaml": [
        "custom-tag.yaml:6:9 period.days: YAML tag !days is not allowed: scenario files hold plain data only (allowed: !!str, !!int, !!float, !!bool, !!null, !!seq, !!map)",
    ],
    "deep-nesting.yaml": [
        "deep-nesting.yaml:2:49: nesting deeper than 40 levels (allowed: at most 40)",
    ],
    "duplicate-key.yaml": [
        "duplicate-key.yaml:4:1 title: duplicate key title (first set at line 3; allowed: each key once)",
    ],
    "duplicate-place.yaml": [
        "duplicate-place.yaml:10:12 places[2].name: 'Sfax' is already used by places[0] (allowed: each name once)",
    ],
    "empty.yaml": [
        "empty.yaml:1:1: the file is empty (allowed: a mapping of sections: extends, include, id, title, summary, difficulty, objectives, period, places, routes, network, migrants, online, money, interventions, sources)",
    ],
    "extends-cycle.yaml": [
        "packs/cycle-back.yaml:2:10 extends: '../extends-cycle.yaml' makes a cycle: extends-cycle.yaml → cycle-back.yaml → extends-cycle.yaml (allowed: no file extends itself)",
    ],
    "extends-escape.yaml": [
        "extends-escape.yaml:2:10 extends: '../../scenarios/central-med.yaml' leaves the scenarios folder (allowed: files inside malformed/)",
    ],
    "huge-count.yaml": [
        "huge-count.yaml:20:10 migrants.count: 900000000000000000000 is above the maximum of 1000000 (allowed: whole numbers 1 to 1000000 people; more migrants than one machine can simulate: almost surely a typo)",
    ],
    "huge-role-count.yaml": [
        "huge-role-count.yaml:33:16 network.roles.recruiter: 50000 is above the maximum of 2000 (allowed: whole numbers 0 to 2000 people; larger than any published smuggling ring (about 292 actors): almost surely a typo)",
    ],
    "impossible-date.yaml": [
        "impossible-date.yaml:5:10 period.start: '2024-02-30' is not a valid date: day value is outside expected range (allowed: a date written YYYY-MM-DD)",
    ],
    "include-absolute.yaml": [
        "include-absolute.yaml:2:11 include[0]: '/etc/passwd' is an absolute path (allowed: a path relative to this file, inside malformed/)",
    ],
    "include-broken-pack.yaml": [
        "packs/broken-pack.yaml:5:15 online.languages[0]: 'french' is not in the expected form (allowed: two lowercase letters, an ISO 639-1 code such as ar)",
        "packs/broken-pack.yaml:6:3 online.vocabluary: unknown key vocabluary — did you mean vocabulary? (allowed: platforms, messenger, adverts, languages, vocabulary, benign)",
    ],
    "include-missing.yaml": [
        "include-missing.yaml:2:11 include[0]: 'packs/no-such-pack.yaml': no such file (allowed: a YAML file inside malformed/)",
    ],
    "infinity.yaml": [
        "infinity.yaml:8:36 places[0].lat: -.inf is not a finite number (allowed: finite numbers such as 0.25)",
    ],
    "intervention-after-period.yaml": [
        "intervention-after-period.yaml:30:27 interventions[0].day: day 45 is after the period, which has 30 days (allowed: 0 to 29)",
    ],
    "invalid-utf8.yaml": [
        "invalid-utf8.yaml:3:11: byte 0xe9 is not valid UTF-8 (allowed: UTF-8 text; save the file as UTF-8)",
    ],
    "legs-disconnected.yaml": [
        "legs-disconnected.yaml:12:5 routes[0].legs: legs[0] ends at 'Lampedusa' but legs[1] starts at 'Sfax' (allowed: each leg starts where the previous one ends)",
    ],
    "list-root.yaml": [
        "list-root.yaml:2:1: expected a mapping of sections, got a list",
    ],
    "merge-key.yaml": [
        "merge-key.yaml:4:1 defaults: unknown key defaults (allowed: extends, include, id, title, summary, difficulty, objectives, period, places, routes, network, migrants, online, money, interventions, sources)",
        "merge-key.yaml:6:3 period.<<: YAML merge keys are not supported (allowed: extends or include to reuse a file)",
    ],
    "missing-required.yaml": [
        "missing-required.yaml:19:1 migrants.budget: required key is missing: what a migrant (with family) can pay in all (allowed: keys min, max, currency)",
    ],
    "missing-section.yaml": [
        "missing-section.yaml:2:1 online: required key is missing: platforms, adverts and benign posters (allowed: keys platforms, messenger, adverts, languages, vocabulary, benign)",
    ],
    "multiple-documents.yaml": [
        "multiple-documents.yaml:31:1: the file holds more than one YAML document (allowed: one; remove the '---' line)",
    ],
    "nan.yaml": [
        "nan.yaml:17:40 routes[0].legs[0].duration_hours.max: .nan is not a finite number (allowed: finite numbers such as 0.25)",
    ],
    "negative-count.yaml": [
        "negative-count.yaml:20:10 migrants.count: -5 is below the minimum of 1 (allowed: whole numbers 1 to 1000000 people)",
    ],
    "non-text-key.yaml": [
        "non-text-key.yaml:7:3 period: a key must be text, not the number 1 (allowed: a name such as network; quote it if it must look like a number)",
    ],
    "probability-out-of-range.yaml": [
        "probability-out-of-range.yaml:19:23 routes[0].legs[0].interception: 1.5 is above the maximum of 1 (allowed: 0 to 1)",
    ],
    "python-tag.yaml": [
        "python-tag.yaml:3:8 title: YAML tag !!python/object/apply:os.system is not allowed: scenario files hold plain data only (allowed: !!str, !!int, !!float, !!bool, !!null, !!seq, !!map)",
    ],
    "range-unordered.yaml": [
        "range-unordered.yaml:17:9 routes[0].legs[0].duration_hours: min (30) is greater than max (20) (allowed: min at most max)",
    ],
    "route-shares.yaml": [
        "route-shares.yaml:10:1 routes: route shares add up to 0.5, they must add up to 1",
    ],
    "scalar-root.yaml": [
        "scalar-root.yaml:2:1: expected a mapping of sections, got the text 'just some words'",
    ],
    "self-alias.yaml": [
        "self-alias.yaml:2:9: nesting deeper than 40 levels (allowed: at most 40; does an alias contain itself?)",
    ],
    "shares-sum.yaml": [
        "shares-sum.yaml:21:3 migrants.origins: origin shares add up to 0.9, they must add up to 1",
    ],
    "syntax-error.yaml": [
        "syntax-error.yaml:7:7: YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence at line 6)",
    ],
    "tabs.yaml": [
        "tabs.yaml:6:1: tab character where YAML expects indentation (allowed: spaces only)",
    ],
    "unknown-intervention-kind.yaml": [
        "unknown-intervention-kind.yaml:30:12 interventions[0].kind: 'raid' is not a known kind (allowed: takedown, arrest, seizure)",
    ],
    "unknown-key.yaml": [
        "unknown-key.yaml:31:1 netwrok: unknown key netwrok — did you mean network? (allowed: extends, include, id, title, summary, difficulty, objectives, period, places, routes, network, migrants, online, money, interventions, sources)",
    ],
    "unknown-nested-key.yaml": [
        "unknown-nested-key.yaml:16:9 routes[0].legs[0].form: unknown key form — did you mean from? (allowed: from, to, mode, stage, price, duration_hours, capacity, departures_per_week, interception, incident, death)",
    ],
    "unknown-place.yaml": [
        "unknown-place.yaml:14:13 routes[0].legs[0].to: 'Lampedsa' is not a place — did you mean Lampedusa? (allowed: names in places: Sfax, Lampedusa)",
    ],
    "unknown-takedown-platform.yaml": [
        "unknown-takedown-platform.yaml:30:41 interventions[0].platform: 'Facebook' is not a platform (allowed: names in online.platforms: Facepage)",
    ],
    "unsafe-id.yaml": [
        "unsafe-id.yaml:2:5 id: '../../etc' is not a safe slug (allowed: lowercase letters, digits and single hyphens, e.g. central-med)",
    ],
    "wrong-type.yaml": [
        "wrong-type.yaml:6:9 period.days: expected a whole number, got the text 'thirty' (allowed: whole numbers 1 to 730 days)",
    ],
}


@pytest.fixture
def in_corpus(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the corpus folder so findings name files the way the table does."""
    monkeypatch.chdir(MALFORMED)
    return MALFORMED


def test_corpus_and_table_agree() -> None:
    files = sorted(path.name for path in MALFORMED.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_findings(name: str, in_corpus: Path) -> None:
    assert [str(finding) for finding in validate_file(name)] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_raises_the_same_findings(name: str, in_corpus: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(name)
    assert [str(finding) for finding in caught.value.findings] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exit_1_and_no_traceback(
    name: str, in_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", name]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    for line in EXPECTED[name]:
        assert line in out.splitlines()


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generated here rather than committed: the corpus should not carry a megabyte of padding.
    monkeypatch.chdir(tmp_path)
    Path("big.yaml").write_bytes(b"id: big\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    size = Path("big.yaml").stat().st_size
    assert [str(finding) for finding in validate_file("big.yaml")] == [
        f"big.yaml:1:1: the file is {size} bytes (allowed: at most 262144 bytes, 256 KiB)"
    ]


def test_missing_file_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("folder").mkdir()
    assert [str(finding) for finding in validate_file("gone.yaml")] == ["gone.yaml: no such file"]
    assert [str(finding) for finding in validate_file("folder")] == [
        "folder: is a folder (allowed: a YAML file, e.g. scenarios/*.yaml)"
    ]
