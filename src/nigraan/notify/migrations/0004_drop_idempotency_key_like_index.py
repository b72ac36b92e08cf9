"""Drop the second index Django makes on PostgreSQL for a unique CharField (``…_like``,
``varchar_pattern_ops``, for LIKE 'prefix%' queries). Nothing in Nigraan queries the outbox's key
with LIKE (prefixes are read as ranges on the unique index), and every outbox row written, a
million for a large alert, had to update it (docs/performance.md, "Alerts: select and queue").
The unique index stays: it is the idempotency guarantee.

The key column is given the "C" collation on PostgreSQL: its unique index then compares bytes
(memcmp) instead of calling the locale's strcoll for every comparison while a row goes in. The
keys are ASCII, so equality and order are unchanged under a C.UTF-8 database (and ranges on the
key become exact under any locale)."""

from django.db import migrations

_FIND = (
    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
    "AND tablename = 'notify_outboxmessage' AND indexname LIKE %s"
)


def drop_like_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(_FIND, ["notify_outboxmessage_idempotency_key%_like"])
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
    schema_editor.execute(
        "ALTER TABLE notify_outboxmessage ALTER COLUMN idempotency_key "
        'TYPE varchar(100) COLLATE "C"'
    )


class Migration(migrations.Migration):
    dependencies = [("notify", "0003_staff_notice_without_case")]

    operations = [migrations.RunPython(drop_like_index, migrations.RunPython.noop)]
