"""Read the Python in a notebook cell: names it binds and uses, its check and solution calls.

Cells may hold IPython syntax (``%matplotlib inline``, ``!ls``); it is translated to plain Python
with IPython's own transformer when IPython is installed (it is, with Jupyter), and magic lines are
dropped otherwise. A cell that still does not parse gives ``None`` and the checker says so.

>>> tree = parse_cell("%matplotlib inline\\nanswer_1 = sorted(posts.handle)")
>>> sorted(bound_names(tree)), sorted(used_names(tree))
(['answer_1'], ['posts'])
>>> [call.argument for call in check_calls(parse_cell("q[1].check(answer_1)"))]
['answer_1']
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

__all__ = [
    "CheckCall",
    "bound_names",
    "check_calls",
    "literal_check_calls",
    "parse_cell",
    "solution_calls",
    "used_names",
]

_BUILTINS = frozenset(dir(builtins)) | {"display", "get_ipython", "In", "Out", "__file__"}


def _to_python(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # plain Python: drop magics and shell escapes
        kept = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        return "\n".join(kept)
    return TransformerManager().transform_cell(source)


def parse_cell(source: str) -> ast.Module | None:
    """The cell's syntax tree, or ``None`` if it is not valid (IPython) Python.

    >>> parse_cell("x = (") is None
    True
    """
    try:
        return ast.parse(_to_python(source))
    except (SyntaxError, ValueError):
        return None


def _targets(node: ast.AST) -> list[str]:
    names: list[str] = []
    match node:
        case ast.Name(id=name, ctx=ast.Store()):
            names.append(name)
        case ast.Import(names=aliases) | ast.ImportFrom(names=aliases):
            names += [(alias.asname or alias.name).split(".")[0] for alias in aliases]
        case ast.FunctionDef(name=name) | ast.AsyncFunctionDef(name=name) | ast.ClassDef(name=name):
            names.append(name)
    return names


def bound_names(tree: ast.AST) -> set[str]:
    """Names the cell binds at any depth (assignments, imports, definitions, loop variables).

    Names bound only inside a function or comprehension are included too: over-counting here
    only makes the checker more lenient, never wrong about a name the cell does bind.

    >>> sorted(bound_names(ast.parse("import pandas as pd\\nfor i in x: total = i")))
    ['i', 'pd', 'total']
    """
    names: set[str] = set()
    for node in ast.walk(tree):
        names.update(_targets(node))
    return names


def used_names(tree: ast.AST) -> set[str]:
    """Free names the cell reads (loaded names minus builtins and names bound in the cell).

    >>> sorted(used_names(ast.parse("y = len(x) + y0\\nprint(y)")))
    ['x', 'y0']
    """
    loaded = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return loaded - bound_names(tree) - _BUILTINS


@dataclass(frozen=True, slots=True)
class CheckCall:
    """One ``<something>.check(argument)`` call: the argument as source, and whether it is a
    plain name (what a placeholder can set) or a literal (an answer written in clear)."""

    argument: str
    is_name: bool
    is_literal: bool


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is not None and node.value is not Ellipsis
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return bool(node.elts) and all(_is_literal(item) for item in node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.values) and all(_is_literal(item) for item in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_literal(node.operand)
    return False


def _method_calls(tree: ast.AST, method: str) -> list[ast.Call]:
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]
    return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


def check_calls(tree: ast.AST) -> list[CheckCall]:
    """Every ``.check(...)`` call in source order (the first positional argument of each).

    >>> calls = check_calls(ast.parse("q[1].check(total)\\nq[2].check(42)\\nq[3].check()"))
    >>> [(c.argument, c.is_name, c.is_literal) for c in calls]
    [('total', True, False), ('42', False, True), ('', False, False)]
    """
    found: list[CheckCall] = []
    for call in _method_calls(tree, "check"):
        argument = call.args[0] if call.args else None
        if argument is None:
            found.append(CheckCall("", False, False))
            continue
        found.append(
            CheckCall(ast.unparse(argument), isinstance(argument, ast.Name), _is_literal(argument))
        )
    return found


def literal_check_calls(tree: ast.AST) -> list[CheckCall]:
    """The ``.check(...)`` calls whose answer is written as a literal.

    >>> [c.argument for c in literal_check_calls(ast.parse("q[1].check({'a', 'b'})"))]
    ["{'a', 'b'}"]
    """
    return [call for call in check_calls(tree) if call.is_literal]


def solution_calls(tree: ast.AST) -> int:
    """How many times the cell calls ``.solution(...)`` or a bare ``solution(...)``.

    >>> solution_calls(ast.parse("q[1].solution()\\nsolution()\\nq[1].hint()"))
    2
    """
    bare = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "solution"
    ]
    return len(_method_calls(tree, "solution")) + len(bare)
