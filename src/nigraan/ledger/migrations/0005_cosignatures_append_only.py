"""Witnesses' cosignatures are evidence: append-only in the database like the rest of the log."""

from django.db import migrations

from nigraan.ledger import triggers

TABLES = ("ledger_witnesscosignature",)


def install(apps, schema_editor):
    triggers.install(schema_editor.connection, TABLES)


def drop(apps, schema_editor):
    triggers.drop(schema_editor.connection, TABLES)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_witnesses")]
    operations = [migrations.RunPython(install, drop)]
