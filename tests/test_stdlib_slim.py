"""slim.strip: the cut standard library's sources without docstrings and comments, same code."""

from __future__ import annotations

import ast
import textwrap

from site_plugins.assessment import slim

SOURCE = textwrap.dedent('''\
    # -*- coding: utf-8 -*-
    """Module docstring,
    over two lines."""
    # a comment line
    import math  # why math

    class Shape:
        """A shape."""

        def area(self):
            """Its area.

            Longer text.
            """
            return math.pi  # ± a comment with a non-ASCII character

    def only_docstring():
        """Nothing else in the body."""

    TEXT = "# not a comment"
    WHERE = "line 21"
''').encode()


def run(source: bytes) -> dict:
    namespace: dict = {}
    exec(compile(source, "<slim>", "exec"), namespace)
    return namespace


def test_docstrings_and_comments_go_code_and_lines_stay():
    stripped = slim.strip(SOURCE)
    assert len(stripped) < len(SOURCE)
    for gone in (b"Module docstring", b"Longer text", b"Nothing else", b"a comment line", b"why math", b"non-ASCII"):
        assert gone not in stripped
    assert b"# -*- coding: utf-8 -*-" in stripped  # a coding cookie is kept
    assert b'"# not a comment"' in stripped  # a string is not a comment
    assert stripped.count(b"\n") == SOURCE.count(b"\n")  # tracebacks keep their line numbers
    assert stripped.splitlines()[20] == SOURCE.splitlines()[20] == b'WHERE = "line 21"'
    before, after = run(SOURCE), run(stripped)
    assert after["Shape"]().area() == before["Shape"]().area()
    assert after["Shape"].__doc__ is None and after["Shape"].area.__doc__ is None
    assert after["only_docstring"]() is None
    assert before["Shape"].__doc__ == "A shape."  # the check above can fail


def test_docstrings_kept_when_asked():
    stripped = slim.strip(SOURCE, docstrings=False)
    assert b'"""A shape."""' in stripped and b"why math" not in stripped
    assert run(stripped)["Shape"].__doc__ == "A shape."


def test_source_it_cannot_parse_is_kept_as_is():
    newer = b'def f():\n    """doc"""\n    return t"{x}" if x else 1  # a comment\n' + b"match x:\n  case := 1\n"
    assert slim.strip(newer) == newer
    latin = b"# -*- coding: latin-1 -*-\n\n\nx = '\xe9'  # caf\xe9\n"
    assert slim.strip(latin) == latin  # not UTF-8: left alone rather than guessed


def test_result_compiles_to_the_same_tree_as_python_OO_would():
    stripped = slim.strip(SOURCE)
    tree = ast.parse(SOURCE)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0].value, "value", None), str):
            body[0] = ast.Expr(ast.Constant(0))
    assert ast.dump(ast.parse(stripped)) == ast.dump(tree)
