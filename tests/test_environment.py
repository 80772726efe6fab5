"""The conda environment and pyproject list the same dependencies, and setup files agree."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def normalised(requirement: str) -> str:
    """Lower-case, no spaces, so `PyYAML == 6.0.4` and `pyyaml==6.0.4` compare equal."""
    return requirement.replace(" ", "").lower()


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        listed.extend(extra)
    return {normalised(item) for item in listed}


def environment_requirements() -> set[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_lists = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert len(pip_lists) == 1, "environment.yml should have exactly one pip: section"
    return {normalised(item) for item in pip_lists[0]}


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    in_pyproject = pyproject_requirements()
    in_environment = environment_requirements()
    assert in_environment - in_pyproject == set(), "only in environment.yml"
    assert in_pyproject - in_environment == set(), "only in pyproject.toml"


def test_output_changing_packages_are_pinned_exactly():
    pinned = {item.split("==")[0] for item in pyproject_requirements() if "==" in item}
    for package in ("mesa[network]", "faker", "numpy", "networkx", "pandas", "pyarrow"):
        assert package in pinned, f"{package} must be pinned with == so a seed means the same case"


def test_python_version_file_names_312():
    assert (ROOT / ".python-version").read_text().strip() == "3.12"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.12"


def test_ci_runs_the_readme_test_command():
    readme_head = (ROOT / "README.md").read_text().split("\n## ")[0]
    assert "make lab" in readme_head and "make test" in readme_head
    assert "make test" in (ROOT / ".ci" / "run").read_text()
