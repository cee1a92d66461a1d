"""The web app stays readable in small pieces: no function of ``webapp/`` runs over 40 lines."""

from __future__ import annotations

import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parent.parent / "webapp"
MAX_FUNCTION_LINES = 40


def long_functions(folder: Path, limit: int) -> list[str]:
    """``file:line name (lines)`` of every function or method under ``folder`` longer than ``limit``
    lines, counted from its ``def`` to its last line (nested functions are counted in their own right too)."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(folder.parent)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_in_webapp_is_over_40_lines():
    assert long_functions(WEBAPP, MAX_FUNCTION_LINES) == []


def test_the_check_finds_a_long_function(tmp_path):
    body = "\n".join(f"    x{n} = {n}" for n in range(MAX_FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}\n", "utf-8")
    assert long_functions(tmp_path, MAX_FUNCTION_LINES) == [f"{tmp_path.name}/long.py:5 long (41 lines)"]
