"""Read one YAML file safely into plain data, remembering where every key and value was written.

Whatever the file holds, the answer is plain data (dicts, lists, text, numbers, booleans, ``None``)
plus findings, never an exception or a hang:

* the file must be a regular file of at most :data:`MAX_BYTES`, valid UTF-8, without control bytes;
* only the standard YAML tags are accepted (``!!python/object`` and friends construct nothing);
* duplicate keys are refused, not silently last-wins;
* alias expansion is bounded by :data:`MAX_NODES` (the "billion laughs" bomb stops early) and
  nesting by :data:`MAX_DEPTH` (the composer recurses, so depth is checked before descending);
* numbers must be finite (``.nan`` and ``.inf`` are refused).

Scalars follow the YAML 1.2 core schema, not PyYAML's YAML 1.1 default: ``yes``, ``no``, ``on``
and ``off`` stay text (so Norway's country code ``NO`` is not ``False``), dates stay text and are
parsed by the schema, and ``1e3`` is a number. Underscores may group digits (``100_000``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.composer import Composer, ComposerError
from yaml.error import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from simulator.scenario.errors import Finding, format_path
from simulator.scenario.messages import describe_value

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Document",
    "Mark",
    "parse_bytes",
    "read_document",
]

#: Largest file accepted. Shipped scenarios are under 25 KiB; PyYAML's pure-Python reader (used for
#: its positions and limits) needs seconds per 100 KiB of dense YAML: the cap also bounds the time.
MAX_BYTES = 256 * 1024
#: Deepest nesting accepted. The schema nests six levels (routes, legs, price...); 40 is generous.
MAX_DEPTH = 40
#: Most nodes built, counting every expansion of an alias: stops alias bombs long before memory.
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + name for name in ("str", "int", "float", "bool", "null"))
MAP, SEQ = TAG + "map", TAG + "seq"
ALLOWED_TAGS = "!!str, !!int, !!float, !!bool, !!null, !!seq, !!map"

# PyYAML's own definition of what may appear in a stream; anything else is a control byte.
NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a named file."""

    file: str
    line: int
    col: int


@dataclass
class Document:
    """One parsed file: its data, where each key path sits, and the problems met while reading.

    ``at`` maps a key path to where its value is best pointed at (the key's line for collections
    and empty values, the value itself for scalars); ``key_at`` maps it to the key itself. ``bad``
    holds paths whose value was replaced by ``None`` after a finding, so later checks stay quiet.
    """

    file: str
    data: Any = None
    at: dict[Path_, Mark] = field(default_factory=dict)
    key_at: dict[Path_, Mark] = field(default_factory=dict)
    bad: set[Path_] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)

    def fail(self, mark: Mark | None, path: Path_, message: str) -> None:
        """Record a finding at ``mark`` (or at no position)."""
        line, col = (mark.line, mark.col) if mark else (0, 0)
        self.findings.append(Finding(self.file, line, col, format_path(path), message))


class _CoreResolver(BaseResolver):
    """Implicit typing of plain scalars after the YAML 1.2 core schema."""


_CoreResolver.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    INT,
    re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_CoreResolver.add_implicit_resolver(
    FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_CoreResolver.add_implicit_resolver(
    NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _LimitReached(Exception):
    """Raised inside the walk when a limit is hit; carries the finding's place and message."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


class _Composer(Reader, Scanner, Parser, Composer, _CoreResolver):
    """PyYAML's pure-Python front end (marks on every node), with a nesting limit."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        # The composer recurses once per level: refuse before Python's own recursion limit bites.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nesting deeper than {MAX_DEPTH} levels (allowed: at most {MAX_DEPTH})",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(TAG) if tag.startswith(TAG) else tag


class _Builder:
    """Turns composed nodes into plain data, recording marks and refusing what is not plain data."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0

    def mark(self, node: Node) -> Mark:
        return Mark(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, path: Path_, depth: int, where: Mark | None = None) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _LimitReached(
                node,
                f"more than {MAX_NODES} values once aliases are expanded "
                f"(allowed: at most {MAX_NODES}; is this an alias bomb?)",
            )
        if depth > MAX_DEPTH:
            # Only reachable through aliases that refer to themselves.
            raise _LimitReached(
                node,
                f"nesting deeper than {MAX_DEPTH} levels "
                f"(allowed: at most {MAX_DEPTH}; does an alias contain itself?)",
            )
        self.doc.at[path] = where or self.mark(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                return self.refuse_tag(node, path)
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        value, problem = self.scalar(node)
        if problem:
            self.doc.fail(self.doc.at[path], path, problem)
            self.doc.bad.add(path)
            return None
        return value

    def refuse_tag(self, node: Node, path: Path_) -> None:
        self.doc.fail(
            self.mark(node),
            path,
            f"YAML tag {_short_tag(node.tag)} is not allowed: scenario files hold plain data only "
            f"(allowed: {ALLOWED_TAGS})",
        )
        self.doc.bad.add(path)

    def mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any] | None:
        if node.tag != MAP:
            return self.refuse_tag(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = self.mark(key_node)
            key = self.key(key_node, path, key_mark)
            if key is None:
                continue
            child = (*path, key)
            if key in result:
                first = self.doc.key_at[child]
                self.doc.fail(
                    key_mark,
                    child,
                    f"duplicate key {key} (first set at line {first.line}; allowed: each key once)",
                )
                continue
            self.doc.key_at[child] = key_mark
            empty = isinstance(value_node, ScalarNode) and value_node.value == ""
            point = key_mark if empty or not isinstance(value_node, ScalarNode) else None
            result[key] = self.build(value_node, child, depth + 1, point)
        return result

    def key(self, node: Node, path: Path_, mark: Mark) -> str | None:
        value, problem = self.scalar(node) if isinstance(node, ScalarNode) else ([], None)
        if problem:
            self.doc.fail(mark, path, problem)
            return None
        if value == "<<" and node.tag == STR and node.style is None:
            self.doc.fail(
                mark,
                (*path, "<<"),
                "YAML merge keys are not supported (allowed: extends or include to reuse a file)",
            )
            return None
        if not isinstance(value, str):
            self.doc.fail(
                mark,
                path,
                f"a key must be text, not {describe_value(value)} "
                "(allowed: a name such as network; quote it if it must look like a number)",
            )
            return None
        return value

    def scalar(self, node: ScalarNode) -> tuple[Any, str | None]:
        text, tag = node.value, node.tag
        if tag == STR:
            return text, None
        if tag == NULL:
            ok = text in ("", "~") or text.lower() == "null"
            return None, None if ok else f"{text!r} is not a valid !!null"
        if tag == BOOL:
            if text.lower() in ("true", "false"):
                return text.lower() == "true", None
            return None, f"{text!r} is not a valid !!bool (allowed: true, false)"
        if tag == INT:
            return _integer(text)
        if tag == FLOAT:
            return _number(text)
        return None, (
            f"YAML tag {_short_tag(tag)} is not allowed: scenario files hold plain data only "
            f"(allowed: {ALLOWED_TAGS})"
        )


def _integer(text: str) -> tuple[int | None, str | None]:
    digits = text.replace("_", "")
    try:
        if digits[:2] in ("0o", "0x"):
            return int(digits[2:], 8 if digits[1] == "o" else 16), None
        return int(digits), None
    except ValueError:
        if len(digits) > 100:
            return None, (
                f"a number with {len(digits)} digits is too large to read "
                f"(allowed: numbers within the ranges in scenarios/README.md)"
            )
        return None, f"{text!r} is not a valid !!int (allowed: whole numbers such as 42)"


def _number(text: str) -> tuple[float | None, str | None]:
    lowered = text.lower()
    specials = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    try:
        value = specials[lowered] if lowered in specials else float(text.replace("_", ""))
    except ValueError:
        return None, f"{text!r} is not a valid !!float (allowed: numbers such as 0.25)"
    if not math.isfinite(value):
        return None, f"{text} is not a finite number (allowed: finite numbers such as 0.25)"
    return value, None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_message(error: MarkedYAMLError) -> str:
    problem = error.problem or "malformed YAML"
    if "'\\t'" in problem:
        return "tab character where YAML expects indentation (allowed: spaces only)"
    if error.context == "expected a single document in the stream":
        return "the file holds more than one YAML document (allowed: one; remove the '---' line)"
    if problem.startswith("nesting deeper"):
        return problem
    context = ""
    if error.context and error.context_mark is not None:
        context = f" ({error.context} at line {error.context_mark.line + 1})"
    return f"YAML syntax error: {problem}{context}"


def parse_bytes(raw: bytes, file: str) -> Document:
    """Parse the bytes of one YAML file; problems become findings of the returned document.

    Parameters
    ----------
    raw : bytes
        The file's content.
    file : str
        The name findings carry.

    Returns
    -------
    Document
        ``data`` is ``None`` when the file cannot be read as YAML at all.

    Examples
    --------
    >>> doc = parse_bytes(b"id: demo\\ncountry: NO\\nn: 1_000\\n", "a.yaml")
    >>> doc.data, doc.at[("n",)].line
    ({'id': 'demo', 'country': 'NO', 'n': 1000}, 3)
    >>> print(parse_bytes(b"a: 1\\na: 2\\n", "a.yaml").findings[0])
    a.yaml:2:1 a: duplicate key a (first set at line 1; allowed: each key once)
    """
    doc = Document(file)
    if len(raw) > MAX_BYTES:
        doc.fail(
            Mark(file, 1, 1),
            (),
            f"the file is {len(raw)} bytes (allowed: at most {MAX_BYTES} bytes, 256 KiB)",
        )
        return doc
    if b"\x00" in raw:
        line, col = _position(raw.decode("latin-1"), raw.index(b"\x00"))
        doc.fail(
            Mark(file, line, col),
            (),
            "NUL byte: this is a binary file, not YAML (allowed: UTF-8 text)",
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, _ = _position(raw.decode("latin-1"), error.start)
        start = raw.rfind(b"\n", 0, error.start) + 1
        col = len(raw[start : error.start].decode("utf-8", "replace")) + 1
        byte = raw[error.start]
        doc.fail(
            Mark(file, line, col),
            (),
            f"byte 0x{byte:02x} is not valid UTF-8 (allowed: UTF-8 text; save the file as UTF-8)",
        )
        return doc
    bad = NON_PRINTABLE.search(text)
    if bad:
        line, col = _position(text, bad.start())
        doc.fail(
            Mark(file, line, col),
            (),
            f"control character U+{ord(bad.group()):04X} is not allowed "
            f"(allowed: printable text, tabs and newlines)",
        )
        return doc
    return _compose(text, doc)


def _compose(text: str, doc: Document) -> Document:
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Mark(doc.file, mark.line + 1, mark.column + 1) if mark else Mark(doc.file, 1, 1)
        doc.fail(where, (), _syntax_message(error))
        return doc
    except (YAMLError, RecursionError) as error:  # pragma: no cover - defensive, never seen
        doc.fail(Mark(doc.file, 1, 1), (), f"YAML syntax error: {error}")
        return doc
    finally:
        composer.dispose()
    if node is None:
        return doc
    try:
        doc.data = _Builder(doc).build(node, (), 0)
    except _LimitReached as limit:
        mark = limit.node.start_mark
        doc.at.clear()
        doc.key_at.clear()
        doc.data = None
        doc.fail(Mark(doc.file, mark.line + 1, mark.column + 1), (), limit.message)
    return doc


def read_document(path: Path, file: str) -> Document:
    """Read and parse the file at ``path``; ``file`` is the name findings carry.

    A missing file, a folder, a device or an over-large file gives a finding, never an exception.

    >>> print(read_document(Path("no/such.yaml"), "no/such.yaml").findings[0])
    no/such.yaml: no such file
    """
    doc = Document(file)
    try:
        if not path.exists():
            doc.fail(None, (), "no such file")
        elif path.is_dir():
            doc.fail(None, (), "is a folder (allowed: a YAML file, e.g. scenarios/*.yaml)")
        elif not path.is_file():
            doc.fail(None, (), "is not a regular file (allowed: a YAML file)")
        else:
            with path.open("rb") as handle:
                # Read one byte past the limit: enough to know the file is too big, never more.
                raw = handle.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                size = max(path.stat().st_size, len(raw))
                doc.fail(
                    Mark(file, 1, 1),
                    (),
                    f"the file is {size} bytes (allowed: at most {MAX_BYTES} bytes, 256 KiB)",
                )
                return doc
            return parse_bytes(raw, file)
    except OSError as error:
        doc.fail(None, (), f"cannot be read: {error.strerror or error}")
    return doc
