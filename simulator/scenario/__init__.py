"""The scenario language: schema, safe loader with positions, findings, and the authoring guide.

>>> from simulator.scenario import load_scenario, ScenarioError
>>> try:
...     load_scenario("no/such.yaml")
... except ScenarioError as error:
...     print(error.findings[0])
no/such.yaml: no such file
"""

from simulator.scenario.errors import Finding, ScenarioError
from simulator.scenario.loader import (
    load_scenario,
    scenario_from_text,
    validate_file,
    validation_report,
)
from simulator.scenario.schema import Scenario

__all__ = [
    "Finding",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "scenario_from_text",
    "validate_file",
    "validation_report",
]
