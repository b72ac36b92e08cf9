"""A staff notice says what it says as data (its kind and parameters), put into the reader's
language when shown. Notices made before keep their text and no parameters: they are shown from
the text, the reader's half of "English · Urdu" where it has one (notify/notice_words.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0005_outbox_priority_and_pace"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffnotice",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
