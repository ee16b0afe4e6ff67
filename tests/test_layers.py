"""The layer rules of docs/architecture.md, kept by a machine: every import in src/opslog
(at module level or inside a function, `if TYPE_CHECKING:` included) is read from the
source and checked against what its layer may import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "opslog"

# What a layer must never import (a prefix of the imported module's name).
FORBIDDEN = {
    "render": ("opslog.store", "opslog.cli"),
    "store": ("opslog.render", "opslog.cli"),
    "domain": ("opslog.store", "opslog.render", "opslog.cli", "opslog.context", "opslog.config"),
}
# domain/ is pure: of opslog it imports only domain/, errors and the words (i18n); of
# the rest the standard library but its I/O, and dateutil (date arithmetic, no I/O).
DOMAIN_ALLOWED = ("opslog.domain", "opslog.errors", "opslog.i18n", "dateutil")
DOMAIN_NO_IO = ("os", "io", "sys", "pathlib", "shutil", "tempfile", "sqlite3", "socket",
                "subprocess", "urllib", "http", "logging")  # fmt: skip


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, relative imports resolved."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.append((node.lineno, base))
            # `from opslog import store` names a module too
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names if base == "opslog"]
    return found


def _layer(path: Path) -> str | None:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else None


def _stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


def violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        layer = _layer(path)
        if layer not in FORBIDDEN:
            continue
        for line, module in _imports(path):
            where = f"{path.relative_to(SRC)}:{line} imports {module}"
            if module.startswith(FORBIDDEN[layer]):
                found.append(where)
            elif layer == "domain" and not (
                module.startswith(DOMAIN_ALLOWED)
                or (_stdlib(module) and module.split(".")[0] not in DOMAIN_NO_IO)
            ):
                found.append(where + " (domain/ is pure: domain/, errors, i18n, stdlib but I/O)")
    return found


def test_no_module_imports_across_a_forbidden_line() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("layer", "source", "bad"),
    [
        ("render", "from opslog.store.search import Entry\n", True),
        ("render", "def f():\n    from opslog.store import export\n", True),
        ("render", "from opslog import store\n", True),
        ("store", "from opslog.render.safe import json_safe\n", True),
        ("store", "from ..render import safe\n", True),
        ("domain", "import sqlite3\n", True),
        ("domain", "import math\n", False),
        ("domain", "from rich.text import Text\n", True),
        ("domain", "from opslog.store.db import Conn\n", True),
        ("domain", "from opslog.domain.records import Note\n", False),
        ("render", "from opslog.domain.search import Entry\n", False),
        ("store", "from opslog.domain.kinds import KINDS\n", False),
    ],
)
def test_the_check_sees_each_kind_of_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layer: str, source: str, bad: bool
) -> None:
    """The checker itself: a planted import in each layer is found (or let through)."""
    root = tmp_path / "opslog"
    (root / layer).mkdir(parents=True)
    (root / layer / "planted.py").write_text(source, "utf-8")
    monkeypatch.setitem(globals(), "SRC", root)
    assert bool(violations()) is bad, violations()
