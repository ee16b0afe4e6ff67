"""Print the DDL that the SQLModel tables compile to, for one dialect.

    python -m opslog.store.gen_ddl sqlite|postgresql

A new schema version starts here: compare this output with the last migration in
`store/migrations.py` and write the ALTER statements that get from one to the other.
`tests/test_schema_drift.py` fails until the migrations and the models agree.
"""

from __future__ import annotations

import sys


def ddl_statements(dialect_name: str) -> list[str]:
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable
    from sqlmodel import SQLModel

    import opslog.store.schema  # noqa: F401  (registers the tables)

    dialect = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect()}[dialect_name]
    out: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return out


if __name__ == "__main__":
    for statement in ddl_statements(sys.argv[1] if len(sys.argv) > 1 else "sqlite"):
        print(statement + ";\n")
