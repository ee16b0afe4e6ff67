"""A large import rebuilds the search index once at the end; search still finds
everything and the index agrees with the tables."""

import json
from pathlib import Path

import pytest

from opslog.store import fulltext
from tests.conftest import Run


def test_a_large_import_is_searchable_and_consistent(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[bool] = []
    real = fulltext.bulk_load

    def spy(conn: object) -> object:
        used.append(True)
        return real(conn)  # type: ignore[arg-type]

    monkeypatch.setattr(fulltext, "bulk_load", spy)
    run("note", "already here 早已在此")
    lines = [
        json.dumps(
            {
                "kind": "note",
                "uid": f"00000000-0000-4000-8000-{i:012d}",
                "id": i + 10,
                "author": "bo",
                "created_at": "2026-11-20T10:00:00.000000+00:00",
                "updated_at": "2026-11-20T10:00:00.000000+00:00",
                "day": "2026-11-20",
                "text": f"bulk note {i} 批量导入 " + "x" * 150,
                "tags": [],
            },
            ensure_ascii=False,
        )
        for i in range(7000)
    ]
    lines.append(lines[-1].replace("bulk note 6999", "needle 针头").replace("06999", "99999"))
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    r = run("import", str(path))
    assert r.exit_code == 0, r.stderr
    assert used == [True]  # the index was rebuilt once, not row by row
    found = json.loads(run("search", "针头", "--json").stdout)
    assert [f["text"].split(" 批量")[0] for f in found] == ["needle 针头"]
    assert len(json.loads(run("search", "早已在此", "--json").stdout)) == 1
    assert run("info", "--check").exit_code == 0
