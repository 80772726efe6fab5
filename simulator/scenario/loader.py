"""Load a scenario file: read it safely, compose ``extends``/``include``, validate, locate problems.

The only outcomes are a :class:`~simulator.scenario.schema.Scenario` or a
:class:`~simulator.scenario.errors.ScenarioError` listing every problem as
``FILE:LINE:COL key.path: what is wrong (allowed: …)``.

Composition
-----------
``extends: base.yaml`` names one base scenario (which may itself extend another); ``include:`` lists
packs (partial scenarios such as a vocabulary or a set of places). The merged document is: the base
first, then each include in order, then the file's own keys. Mappings merge key by key; lists and
single values from a later document replace earlier ones. Paths are relative to the file that names
them and must stay inside the *scenarios root*: the nearest folder named ``scenarios`` holding the
top-level file, or, when there is none, the top-level file's own folder.
"""

from __future__ import annotations

import functools
import os
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from simulator.scenario.checks import cross_checks
from simulator.scenario.errors import Finding, ScenarioError, format_path
from simulator.scenario.introspect import FieldView, keys_of, lookup
from simulator.scenario.messages import describe_value, explain
from simulator.scenario.schema import Scenario
from simulator.scenario.yaml_positions import Document, Mark, parse_bytes, read_document

__all__ = [
    "MAX_FILES",
    "load_scenario",
    "scenario_from_text",
    "scenarios_root",
    "validate_file",
    "validation_report",
]

#: Most files one scenario may pull in through extends and include (a guard against fan-out).
MAX_FILES = 50
#: Deepest chain of extends/include.
MAX_CHAIN = 8
COMPOSE_KEYS = ("extends", "include")

Key = tuple[str | int, ...]


def scenarios_root(directory: Path) -> Path:
    """The folder extends/include may not leave: the nearest ``scenarios`` folder or ``directory``.

    >>> scenarios_root(Path("/repo/scenarios/packs")).as_posix()
    '/repo/scenarios'
    >>> scenarios_root(Path("/tmp/mine")).as_posix()
    '/tmp/mine'
    """
    for folder in (directory, *directory.parents):
        if folder.name == "scenarios":
            return folder
    return directory


def _deep_merge(earlier: Any, later: Any) -> Any:
    if isinstance(earlier, dict) and isinstance(later, dict):
        merged = dict(earlier)
        for key, value in later.items():
            merged[key] = _deep_merge(earlier[key], value) if key in earlier else value
        return merged
    return later


def _merge(parts: Sequence[Document], file: str) -> Document:
    """Merge documents in order; positions come from the last document that holds each path."""
    merged = Document(file)
    data: dict[str, Any] = {}
    for part in parts:
        data = _deep_merge(data, part.data)
        merged.at.update(part.at)
        merged.key_at.update(part.key_at)
        merged.bad |= part.bad
        merged.findings.extend(part.findings)
    merged.data = data
    return merged


class _Composer:
    """Follows extends/include from one top-level file, guarding the folder, cycles and fan-out."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root else None
        self.files = 0

    def document(self, doc: Document, where: Path | None, chain: tuple[Path, ...]) -> Document:
        """``doc`` with its extends/include resolved and merged (findings carried along)."""
        if doc.data is None:
            if not doc.findings:
                doc.fail(Mark(doc.file, 1, 1), (), f"the file is empty{_root_allowed()}")
            return doc
        if not isinstance(doc.data, dict):
            mark = doc.at.get((), Mark(doc.file, 1, 1))
            doc.fail(mark, (), f"expected a mapping of sections, got {describe_value(doc.data)}")
            doc.data = None
            return doc
        parts: list[Document] = []
        if "extends" in doc.data:
            parts += self.follow(doc, ("extends",), doc.data.pop("extends"), where, chain)
        if "include" in doc.data:
            packs = doc.data.pop("include")
            if isinstance(packs, str):
                packs = [packs]
            if isinstance(packs, list):
                for index, pack in enumerate(packs):
                    parts += self.follow(doc, ("include", index), pack, where, chain)
            elif ("include",) not in doc.bad:
                doc.fail(
                    doc.at[("include",)],
                    ("include",),
                    f"expected a list of paths, got {describe_value(packs)} "
                    f"(allowed: a list such as [packs/vocabulary-ar.yaml])",
                )
        return _merge([*parts, doc], doc.file) if parts else doc

    def follow(
        self, doc: Document, key: Key, ref: Any, where: Path | None, chain: tuple[Path, ...]
    ) -> list[Document]:
        """The composed document ``ref`` names, or nothing (with a finding on ``doc``)."""
        mark = doc.at.get(key, Mark(doc.file, 1, 1))
        if key in doc.bad:
            return []
        target = self.target(doc, key, ref, where, chain, mark)
        if target is None:
            return []
        self.files += 1
        name = os.path.normpath(os.path.join(os.path.dirname(doc.file), ref))
        included = read_document(target, name)
        if included.data is None and not included.findings:
            included.fail(
                Mark(name, 1, 1), (), "the file is empty (allowed: a mapping of sections)"
            )
        composed = self.document(included, target.parent, (*chain, target))
        return [composed] if composed.data is not None else self.carry(doc, composed)

    def carry(self, doc: Document, broken: Document) -> list[Document]:
        doc.findings.extend(broken.findings)
        return []

    def target(
        self,
        doc: Document,
        key: Key,
        ref: Any,
        where: Path | None,
        chain: tuple[Path, ...],
        mark: Mark,
    ) -> Path | None:
        path = format_path(key)
        root = self.root
        shown = f"{root.name}/" if root else "the scenarios folder"
        if not isinstance(ref, str) or not ref.strip():
            doc.fail(
                mark,
                key,
                f"expected a relative path to a YAML file, got {describe_value(ref)} "
                f"(allowed: a path such as packs/places-central-med.yaml)",
            )
            return None
        if where is None or root is None:
            doc.fail(mark, key, f"{path} needs the scenario to be read from a file")
            return None
        if PurePosixPath(ref).is_absolute() or PureWindowsPath(ref).is_absolute() or ref[0] == "~":
            doc.fail(
                mark,
                key,
                f"{ref!r} is an absolute path (allowed: a path relative to this file, "
                f"inside {shown})",
            )
            return None
        target = (where / ref).resolve()
        if not target.is_relative_to(root):
            doc.fail(
                mark,
                key,
                f"{ref!r} leaves the scenarios folder (allowed: files inside {shown})",
            )
            return None
        if target in chain:
            loop = " → ".join(p.name for p in (*chain[chain.index(target) :], target))
            doc.fail(mark, key, f"{ref!r} makes a cycle: {loop} (allowed: no file extends itself)")
            return None
        if len(chain) > MAX_CHAIN or self.files >= MAX_FILES:
            doc.fail(
                mark,
                key,
                f"too many files through extends/include "
                f"(allowed: chains of at most {MAX_CHAIN}, {MAX_FILES} files in all)",
            )
            return None
        if not target.is_file():
            doc.fail(mark, key, f"{ref!r}: no such file (allowed: a YAML file inside {shown})")
            return None
        return target


def _root_allowed() -> str:
    return f" (allowed: a mapping of sections: {', '.join(_root_keys())})"


@functools.cache
def _root_keys() -> tuple[str, ...]:
    return (*COMPOSE_KEYS, *keys_of(Scenario))


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(Scenario.model_fields[name].annotation)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _walk(loc: Sequence[str | int], data: Any) -> tuple[Key, Key, bool]:
    """Data path (union tags dropped), schema path (tags kept), and whether the path exists."""
    path: list[str | int] = []
    schema: list[str | int] = []
    node, exists = data, True
    for part in loc:
        if part == "[key]":
            continue
        schema.append(part)
        if exists and isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue  # the discriminator tag pydantic inserts into the location
        exists = exists and _has(node, part)
        if exists:
            node = node[part]
        path.append(part)
    return tuple(path), tuple(schema), exists


def _mark(doc: Document, path: Key, key: bool = False) -> Mark:
    table = doc.key_at if key else doc.at
    if path in table:
        return table[path]
    for end in range(len(path) - 1, -1, -1):
        if path[:end] in doc.at:
            return doc.at[path[:end]]
    return Mark(doc.file, 1, 1)


def _suppressed(doc: Document, path: Key) -> bool:
    return any(path[:end] in doc.bad for end in range(len(path) + 1))


def _finding(doc: Document, error: dict[str, Any]) -> Finding | None:
    loc = tuple(error["loc"])
    path, schema, _ = _walk(loc, doc.data)
    kind = error["type"]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        path, schema = (*path, "kind"), (*schema, "kind")
    if _suppressed(doc, path):
        return None
    on_key = kind == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
    view: FieldView | None = lookup(Scenario, schema) if schema else FieldView(Scenario)
    parent = lookup(Scenario, schema[:-1]) if schema else None
    if loc and loc[-1] == "[key]" and parent is not None and typing.get_args(parent.annotation):
        view = FieldView(typing.get_args(parent.annotation)[0])  # the mapping's key type
    key = path[-1] if path else None
    root_keys = COMPOSE_KEYS if len(schema) == 1 else ()
    message = explain(error, view, parent, key, root_keys)
    mark = _mark(doc, path, key=on_key)
    return Finding(mark.file, mark.line, mark.col, format_path(path), message)


def _sections(scenario: Scenario | None, data: dict[str, Any], broken: set[Any]) -> dict[str, Any]:
    """Top-level sections that are valid on their own (defaults for those left out)."""
    if scenario is not None:
        return {name: getattr(scenario, name) for name in Scenario.model_fields}
    sections: dict[str, Any] = {}
    for name, info in Scenario.model_fields.items():
        if name in broken:
            continue
        if name not in data:
            if not info.is_required():
                sections[name] = info.get_default(call_default_factory=True)
            continue
        try:
            sections[name] = _adapter(name).validate_python(data[name])
        except ValidationError:
            continue
    return sections


def _validate(doc: Document) -> tuple[Scenario | None, list[Finding]]:
    findings = list(doc.findings)
    if doc.data is None:
        return None, sorted(set(findings))
    scenario: Scenario | None = None
    errors: list[Any] = []
    try:
        scenario = Scenario.model_validate(doc.data, context={"cross_checks": False})
    except ValidationError as error:
        errors = error.errors(include_url=False)
    for error in errors:
        finding = _finding(doc, dict(error))
        if finding is not None:
            findings.append(finding)
    broken = {error["loc"][0] for error in errors if error["loc"]}
    for path, message in cross_checks(_sections(scenario, doc.data, broken)):
        if not _suppressed(doc, path):
            mark = _mark(doc, path)
            findings.append(Finding(mark.file, mark.line, mark.col, format_path(path), message))
    findings = sorted(set(findings))
    return (scenario if not findings else None), findings


def _load(path: str | os.PathLike[str]) -> tuple[Scenario | None, list[Finding]]:
    name = os.fspath(path)
    file = Path(name)
    doc = read_document(file, name)
    if doc.data is None and doc.findings:
        return None, doc.findings
    folder = file.resolve().parent
    composed = _Composer(scenarios_root(folder)).document(doc, folder, (file.resolve(),))
    return _validate(composed)


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate the scenario file at ``path``.

    Raises
    ------
    ScenarioError
        With every problem found, each located by file, line, column and key path.

    Examples
    --------
    >>> load_scenario("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    simulator.scenario.errors.ScenarioError: no/such/file.yaml: no such file
    """
    scenario, findings = _load(path)
    if scenario is None:
        raise ScenarioError(findings)
    return scenario


def validate_file(path: str | os.PathLike[str]) -> list[Finding]:
    """Every problem in the scenario file at ``path``; an empty list means it is valid.

    >>> [str(finding) for finding in validate_file("no/such/file.yaml")]
    ['no/such/file.yaml: no such file']
    """
    return _load(path)[1]


def scenario_from_text(
    text: str | bytes, *, name: str = "<text>", directory: str | os.PathLike[str] | None = None
) -> Scenario:
    """Load a scenario from YAML text; ``directory`` (if any) is where extends/include look.

    Examples
    --------
    >>> scenario_from_text("id: x\\n", name="inline.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    simulator.scenario.errors.ScenarioError: inline.yaml:1:1 migrants: required key is missing...
    """
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    doc = parse_bytes(raw, name)
    folder = Path(directory).resolve() if directory is not None else None
    root = scenarios_root(folder) if folder else None
    chain = (folder / name,) if folder else ()
    scenario, findings = _validate(_Composer(root).document(doc, folder, chain))
    if scenario is None:
        raise ScenarioError(findings)
    return scenario


def validation_report(paths: Iterable[str | os.PathLike[str]]) -> list[dict[str, Any]]:
    """Per file: its name, whether it is valid and its findings, as ``tracelab validate --json``.

    >>> validation_report(["no/such/file.yaml"])[0]["valid"]
    False
    """
    report = []
    for path in paths:
        findings = validate_file(path)
        report.append(
            {
                "file": os.fspath(path),
                "valid": not findings,
                "findings": [finding.as_dict() for finding in findings],
            }
        )
    return report
