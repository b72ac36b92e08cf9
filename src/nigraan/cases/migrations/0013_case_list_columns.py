# The case row's list columns (cases.list_columns) and the indexes that count from them: the
# province summary and "overdue" of a district read an index instead of probing every case's
# deadlines and searching its accused list (docs/performance.md).

import json

from django.conf import settings
from django.db import migrations, models

BATCH = 5_000
# What cases.list_columns.derive gives, written in SQL for every existing case at once.
FROM_DEADLINES = (
    "UPDATE cases_case SET "
    "next_due_at = (SELECT MIN(d.due_at) FROM cases_deadline d WHERE d.case_id = cases_case.id "
    "AND d.met_at IS NULL AND NOT d.stopped), "
    "escalated = EXISTS (SELECT 1 FROM cases_deadline d WHERE d.case_id = cases_case.id "
    "AND d.met_at IS NULL AND NOT d.stopped AND d.level > 0)"
)
RELEASES = ("bailed", "released")  # vocabulary.RELEASES when this was written


def _released_ids(cursor) -> list[int]:
    cursor.execute("SELECT id, accused FROM cases_case")
    found = []
    while rows := cursor.fetchmany(BATCH):
        for pk, accused in rows:
            people = json.loads(accused) if isinstance(accused, str) else accused
            if any(isinstance(p, dict) and p.get("custody") in RELEASES for p in people or []):
                found.append(pk)
    return found


def backfill(apps, schema_editor) -> None:
    """The list columns from each case's deadline rows and accused list, as the commands keep
    them from now on (cases.list_columns.refresh)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FROM_DEADLINES)
        ids = _released_ids(cursor)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE cases_case SET accused_released = %s WHERE id IN ({marks})",  # noqa: S608
                [True, *chunk],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_staff_list_indexes_with_province"),
        ("geo", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="next_due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="escalated",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.AddField(
            model_name="case",
            name="accused_released",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=[
                    "province",
                    "district",
                    "is_open",
                    "next_due_at",
                    "escalated",
                    "owner",
                    "flagged_for_oversight",
                    "had_fir",
                    "accused_released",
                    "id",
                ],
                name="case_summary",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["district", "province", "next_due_at", "id"],
                name="case_district_due",
            ),
        ),
    ]
