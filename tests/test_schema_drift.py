"""The SQLModel models are the schema's one definition; the migrations the everyday
path runs must build exactly what they describe."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from opslog.store import ddl_v3, migrations
from opslog.store.db import Location
from opslog.store.gen_ddl import ddl_statements
from opslog.store.open import open_database


def shape(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(path)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%fts%' ORDER BY name"
        )
    ]
    out: dict[str, object] = {}
    for t in tables:
        cols = [r[1:6] for r in conn.execute(f'PRAGMA table_info("{t}")')]
        idx = sorted(
            (r[1], r[2], tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in conn.execute(f'PRAGMA index_list("{t}")')
        )
        fks = sorted(r[2:5] for r in conn.execute(f'PRAGMA foreign_key_list("{t}")'))
        out[t] = (cols, idx, fks)
    conn.close()
    return out


def models_shape(tmp_path: Path) -> dict[str, object]:
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import opslog.store.schema  # noqa: F401

    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return shape(tmp_path / "models.db")


def test_migrated_database_matches_the_models(tmp_path: Path) -> None:
    open_database(Location(path=tmp_path / "migrated.db")).close()
    migrated, models = shape(tmp_path / "migrated.db"), models_shape(tmp_path)
    assert set(migrated) == set(models)
    for table in models:
        assert migrated[table] == models[table], table


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_an_older_database_upgraded_step_by_step_matches_the_models(
    version: int, tmp_path: Path
) -> None:
    """The other roads to the newest schema: every upgrade step from each old file."""
    path = tmp_path / f"v{version}" / "opslog.db"
    path.parent.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / f"v{version}.db", path)
    open_database(Location(path=path)).close()
    upgraded, models = shape(path), models_shape(tmp_path)
    assert set(upgraded) == set(models)
    for table in models:
        assert upgraded[table] == models[table], table


def test_latest_ddl_is_what_the_models_compile_to_on_both_dialects() -> None:
    assert migrations.SCHEMA_VERSION == 3, "compare the newest migration module instead"
    assert [
        s.replace("\t", "    ").replace(", \n", ",\n") for s in ddl_statements("sqlite")
    ] == ddl_v3.SQLITE
    assert [
        s.replace("\t", "    ").replace(", \n", ",\n") for s in ddl_statements("postgresql")
    ] == ddl_v3.POSTGRESQL
