"""Database triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) of ledger rows.

They stop an honest mistake in code from rewriting history. They do not stop a database owner
who drops them: that is what ``nigraan ledger verify`` and the signed tree heads are for.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

FIRST_TABLES = ("ledger_event", "ledger_leaf", "ledger_treehead", "ledger_treenode")
# Witnesses' cosignatures are evidence too (migration 0005 added them).
APPEND_ONLY_TABLES = (*FIRST_TABLES, "ledger_witnesscosignature")
MESSAGE = "ledger rows are append-only"


def install_sql(vendor: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> list[str]:
    statements: list[str] = []
    if vendor == "sqlite":
        for table in tables:
            for op in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} on {table} refused'); END"
                )
    elif vendor == "postgresql":
        statements.append(
            "CREATE OR REPLACE FUNCTION nigraan_ledger_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql"
        )
        for table in tables:
            statements.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            statements.append(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION nigraan_ledger_append_only()"
            )
            statements.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            statements.append(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION nigraan_ledger_append_only()"
            )
    else:
        raise NotImplementedError(f"no append-only triggers for {vendor}")
    return statements


def drop_sql(vendor: str, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> list[str]:
    statements: list[str] = []
    for table in tables:
        if vendor == "sqlite":
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_no_update",
                f"DROP TRIGGER IF EXISTS {table}_no_delete",
            ]
        else:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
    return statements


def run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> None:
    run(connection, install_sql(connection.vendor, tables))


def drop(connection: BaseDatabaseWrapper, tables: tuple[str, ...] = APPEND_ONLY_TABLES) -> None:
    run(connection, drop_sql(connection.vendor, tables))
