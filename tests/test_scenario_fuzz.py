"""Fuzzing the loader: whatever the bytes, the only outcomes are a Scenario or a ScenarioError.

Inputs are random text and bytes, random YAML documents, and random mutations (of the text and of
the data) of the small valid fixture and of every shipped scenario. Examples are derandomised and
bounded so the file runs in seconds and gives the same verdict on every machine.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario.errors import ScenarioError
from simulator.scenario.loader import scenario_from_text
from simulator.scenario.schema import Scenario

TESTS = Path(__file__).parent
SCENARIOS = TESTS.parent / "scenarios"
FIXTURE = TESTS / "scenario_valid.yaml"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
SOURCES = [FIXTURE, *SHIPPED]
# Fast C loader/dumper for the harness only; the loader under test uses its own safe reader.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The shipped scenarios are large (a parse takes about 0.1 s in pure Python): fewer examples each.
FEW = settings(FUZZ, max_examples=8)

# Fragments that stress the reader: tags, anchors, flow syntax, odd scalars, control bytes.
TOKENS = [
    "\t", "\x00", "\x07", "\n", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "*zz",
    "!!python/object:os.system ",
    "!x ", "<<: ", "---\n", "...", "'", '"', "#", "|\n", ">\n", ".nan", "-.inf", "1e999",
    "2024-02-30", "9" * 30, "-1", "~", "null", "yes", "NO", "? ", "%YAML 1.1\n", "\ufeff", "é",
    "\u2028",
]  # fmt: skip


def outcome(text: str | bytes, directory: Path | None = None) -> Scenario | ScenarioError:
    """Load and return the scenario or the error; anything else propagates and fails the test."""
    try:
        return scenario_from_text(text, name="fuzz.yaml", directory=directory)
    except ScenarioError as error:
        assert error.findings, "a ScenarioError must carry at least one finding"
        for finding in error.findings:
            assert isinstance(finding.message, str) and finding.message
            assert finding.line >= 0 and finding.col >= 0
            str(finding)
        return error


@FUZZ
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    outcome(text)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    outcome(raw)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40))
def test_random_token_soup(parts: list[str]) -> None:
    outcome("".join(parts))


PLAIN = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
DOCUMENTS = st.recursive(
    PLAIN,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=25,
)


@FUZZ
@given(DOCUMENTS)
def test_random_yaml_documents(document: Any) -> None:
    outcome(yaml.safe_dump(document, allow_unicode=True))


# --------------------------------------------------------------------------- mutations


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value if action == "replace" else data
    head, rest = path[0], path[1:]
    if rest:
        data[head] = _mutate(data[head], rest, action, value)
    elif action == "delete":
        del data[head]
    elif action == "rename" and isinstance(data, dict):
        data[f"{head}x"] = data.pop(head)
    else:
        data[head] = value
    return data


@functools.cache
def _original(source: Path) -> str:
    return source.read_text(encoding="utf-8")


def _data_mutation(source: Path, data: st.DataObject) -> None:
    document = yaml.load(_original(source), Loader=LOADER)
    paths = _paths(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete", "rename"]))
        value = data.draw(DOCUMENTS)
        try:
            document = _mutate(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
        paths = _paths(document)
    text = yaml.dump(document, Dumper=DUMPER, allow_unicode=True)
    outcome(text, directory=source.parent)


def _text_mutation(source: Path, data: st.DataObject) -> None:
    text = _original(source)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(at, min(len(text), at + 40)))
        insert = data.draw(st.sampled_from(TOKENS) | st.text(max_size=6))
        text = text[:at] + insert + text[end:]
    outcome(text, directory=source.parent)


@FUZZ
@given(data=st.data())
def test_data_mutations_of_the_fixture(data: st.DataObject) -> None:
    _data_mutation(FIXTURE, data)


@FUZZ
@given(data=st.data())
def test_text_mutations_of_the_fixture(data: st.DataObject) -> None:
    _text_mutation(FIXTURE, data)


@pytest.mark.parametrize("source", SHIPPED, ids=lambda path: path.name)
@FEW
@given(data=st.data())
def test_data_mutations_of_shipped_scenarios(source: Path, data: st.DataObject) -> None:
    _data_mutation(source, data)


@pytest.mark.parametrize("source", SHIPPED, ids=lambda path: path.name)
@FEW
@given(data=st.data())
def test_text_mutations_of_shipped_scenarios(source: Path, data: st.DataObject) -> None:
    _text_mutation(source, data)


def test_valid_sources_load_unmutated() -> None:
    # The mutation tests are only meaningful if their starting points are valid.
    for source in SOURCES:
        result = outcome(_original(source), directory=source.parent)
        assert isinstance(result, Scenario), f"{source.name}: {result}"
