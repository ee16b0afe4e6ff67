"""The test suite's own layout: shared helpers live in tests/fixtures/ or conftest.py,
so no test module imports another test module (which would run, or hide, its tests
twice and tie unrelated files together)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


def test_no_module_imports_a_test_module() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        for module in imported_modules(path):
            parts = module.split(".")
            if any(part.startswith("test_") for part in parts):
                offenders.append(f"{path.relative_to(TESTS)} imports {module}")
    assert offenders == []


def test_the_check_sees_an_import_of_a_test_module(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from tests.test_log import seed\nimport tests.test_info\n")
    assert imported_modules(probe) == ["tests.test_log", "tests.test_log.seed", "tests.test_info"]
