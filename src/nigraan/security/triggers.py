"""Database triggers that refuse UPDATE, DELETE and (PostgreSQL) TRUNCATE of security events,
the same guard as the ledger's (``nigraan.ledger.triggers``): a mistake in code, or a staff
member with the application's powers, cannot quietly remove the record of a refused attempt.
Whoever owns the database can drop them; that is outside what an application can prevent."""

from __future__ import annotations

from typing import Any

TABLE = "security_securityevent"
MESSAGE = "security events are append-only"


def install_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} on {TABLE} refused'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION nigraan_security_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME; END; "
            "$$ LANGUAGE plpgsql",
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION nigraan_security_append_only()",
            f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION nigraan_security_append_only()",
        ]
    raise NotImplementedError(f"no append-only triggers for {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
            f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    ]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any) -> None:
    _run(connection, install_sql(connection.vendor))


def drop(connection: Any) -> None:
    _run(connection, drop_sql(connection.vendor))
