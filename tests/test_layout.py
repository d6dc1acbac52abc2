"""The runtime stays readable: small modules, small functions, no silenced type errors."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parents[1] / "service"
MAX_MODULE_LINES = 260
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(SERVICE.rglob("*.py"))


def test_no_service_module_is_long() -> None:
    long = {
        str(p.relative_to(SERVICE)): n
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def test_no_service_function_is_long() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(SERVICE)}:{node.name}"] = lines
    assert not long, f"split these functions (over {MAX_FUNCTION_LINES} lines): {long}"


def test_no_type_errors_are_silenced_in_the_service() -> None:
    silenced = [
        f"{path.relative_to(SERVICE)}:{number}"
        for path in _modules()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]
    assert not silenced, f"fix the types instead: {silenced}"


def test_the_runtime_does_not_import_the_developer_tools() -> None:
    runtime = [p for p in _modules() if "devtools" not in p.parts and p.name != "cli.py"]
    importing = [str(p.relative_to(SERVICE)) for p in runtime if "service.devtools" in p.read_text()]
    assert not importing, f"the runtime imports devtools: {importing}"
