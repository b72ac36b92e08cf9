from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_staff_ascii_usernames_login_failures"),
    ]

    operations = [
        migrations.AddField(
            model_name="staff",
            name="is_woman_officer",
            field=models.BooleanField(default=False),
        ),
    ]
