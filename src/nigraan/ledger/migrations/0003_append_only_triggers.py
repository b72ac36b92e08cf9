"""Make the ledger tables append-only in the database itself (SQLite and PostgreSQL)."""

from django.db import migrations

from nigraan.ledger import triggers


# The tables that existed then (later migrations add their own).
def install(apps, schema_editor):
    triggers.install(schema_editor.connection, triggers.FIRST_TABLES)


def drop(apps, schema_editor):
    triggers.drop(schema_editor.connection, triggers.FIRST_TABLES)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_treenode")]
    operations = [migrations.RunPython(install, drop)]
