"""Python source without what the engine never reads: docstrings and comments.

One job, for the cut standard library (stdlib.py): shrink a module's source without changing
the code it compiles to, the way `python -OO` drops docstrings (CPython's standard library is
tested to work under -OO, where every `__doc__` is None). pyodide-pack minifies Pyodide bundles
the same way.

- A docstring becomes the statement `0` (no docstring, so `__doc__` is None); comments go,
  except on the first two lines (a coding cookie). Line breaks stay where they were, so line
  numbers in a traceback still point at the right line.
- Every result is checked: the stripped source must parse to the same syntax tree as the
  original with its docstrings replaced by `0`. A module the build's Python cannot parse (syntax
  newer than it knows), or whose check fails, is kept as it was. Never a wrong file, at worst a
  larger one.
"""

from __future__ import annotations

import ast
import io
import tokenize

_DOC_HOLDERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def strip(source: bytes, *, docstrings: bool = True) -> bytes:
    """`source` without comments (and docstrings), or unchanged when that cannot be proven safe."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    nodes = _docstring_nodes(tree) if docstrings else []
    try:
        result = _drop_comments(_replace_spans(source, nodes))
        stripped = ast.parse(result)
    except (SyntaxError, ValueError, tokenize.TokenError):
        return source
    expected = _ReplaceDocstrings(nodes).visit(tree)
    return result if ast.dump(stripped) == ast.dump(expected) else source


def _docstring_nodes(tree: ast.Module) -> list[ast.Expr]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, _DOC_HOLDERS) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                found.append(first)
    return found


class _ReplaceDocstrings(ast.NodeTransformer):
    def __init__(self, nodes):
        self.ids = {id(node) for node in nodes}

    def visit_Expr(self, node):
        if id(node) in self.ids:
            return ast.Expr(value=ast.Constant(0))
        return node


def _line_starts(source: bytes) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _replace_spans(source: bytes, nodes: list[ast.Expr]) -> bytes:
    """Each docstring statement becomes `0` followed by as many line breaks as it spanned."""
    starts = _line_starts(source)
    for node in sorted(nodes, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        begin = starts[node.lineno - 1] + node.col_offset  # ast offsets are UTF-8 bytes
        end = starts[node.end_lineno - 1] + node.end_col_offset
        source = source[:begin] + b"0" + b"\n" * source[begin:end].count(b"\n") + source[end:]
    return source


def _drop_comments(source: bytes) -> bytes:
    """Remove each comment (and the spaces before it), keeping its line."""
    starts = _line_starts(source)
    cuts = []
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type != tokenize.COMMENT or token.start[0] <= 2:
            continue
        row = token.start[0] - 1
        line = source[starts[row]:starts[row + 1]].decode("utf-8")
        begin = starts[row] + len(line[: token.start[1]].rstrip().encode("utf-8"))  # tokenize: str columns
        end = starts[row] + len(line[: token.end[1]].encode("utf-8"))
        cuts.append((begin, end))
    for begin, end in reversed(cuts):
        source = source[:begin] + source[end:]
    return source
