"""The wall: the trainee toolkit never imports the simulator internals (DESIGN.md, walls)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "simulator"
TRAINEE_SIDE = ("investigate", "exercises")
# What the trainee side may import from the package: itself, the notice and the table catalogue.
ALLOWED = ("simulator", "simulator.catalog", "simulator.investigate", "simulator.exercises")


def package_of(path: Path) -> tuple[str, ...]:
    """The dotted package a module file belongs to, as parts (``("simulator", "investigate")``)."""
    return path.relative_to(PACKAGE.parent).parent.parts


def imported_modules(source: str, package: tuple[str, ...]) -> list[tuple[int, str]]:
    """Absolute names of the simulator modules a file imports (relative imports resolved)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                name = f"{base}.{node.module}" if node.module else base
                found.append((node.lineno, name))
                found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module or ""))
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "simulator"]


def allowed(name: str) -> bool:
    parts = name.split(".")
    if len(parts) == 1:
        return True
    if f"simulator.{parts[1]}" in ALLOWED:
        return True
    # `from simulator import SYNTHETIC_NOTICE` shows up as simulator.SYNTHETIC_NOTICE: not a module.
    return (
        len(parts) == 2
        and not (PACKAGE / parts[1]).exists()
        and not (PACKAGE / f"{parts[1]}.py").exists()
    )


def deferred_import_lines(source: str) -> set[int]:
    """Lines of imports made inside a function body (run only when that function is called)."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    lines.add(inner.lineno)
    return lines


# Question sets' answer functions run once, when the instructor generates a case, never in a
# trainee's copy; they may apply the simulator's own rules (e.g. which operator a number belongs
# to) through imports deferred into those functions. Everything at module level stays walled.
GENERATION_ONLY = PACKAGE / "exercises" / "sets"


def test_trainee_side_imports_nothing_but_catalog_and_itself():
    offences = []
    files = [path for side in TRAINEE_SIDE for path in sorted((PACKAGE / side).rglob("*.py"))]
    assert len(files) > 10
    for path in files:
        source = path.read_text(encoding="utf-8")
        deferred = deferred_import_lines(source) if GENERATION_ONLY in path.parents else set()
        for line, name in imported_modules(source, package_of(path)):
            if not allowed(name) and line not in deferred:
                offences.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert offences == []


def test_the_scan_would_catch_a_forbidden_import():
    source = (
        "from simulator.world import model\nfrom ..observers import telecom\nimport simulator.cli\n"
    )
    names = [name for _, name in imported_modules(source, ("simulator", "investigate"))]
    assert not allowed("simulator.cli") and "simulator.cli" in names
    assert not allowed("simulator.world.model") and "simulator.world" in names
    assert "simulator.observers" in names


def test_only_imports_inside_functions_count_as_deferred():
    source = "from simulator.world import model\ndef answer(truth):\n    import simulator.cli\n"
    assert deferred_import_lines(source) == {3}


def test_importing_the_toolkit_loads_no_simulator_internals():
    code = (
        "import sys, simulator.investigate, simulator.exercises, simulator.investigate.sample;"
        "print(sorted(m for m in sys.modules if m.startswith('simulator.')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = ast.literal_eval(output)  # the printed list of module names
    internals = ("world", "observers", "scenario", "cli", "case")
    forbidden = [m for m in loaded if m.split(".")[1] in internals]
    assert forbidden == []
