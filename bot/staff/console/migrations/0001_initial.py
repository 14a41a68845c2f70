from django.db import migrations, models

ROLES = ("owner", "editor")


def add_roles(apps, _schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLES:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.CreateModel(
            name="ChangeRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("made_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("made_by", models.CharField(max_length=150)),
                ("kind", models.CharField(choices=[("answer", "answer"), ("example", "example question"),
                                                   ("topic", "new topic"), ("review", "missed question"),
                                                   ("clinic", "clinic settings"), ("staff", "staff account")],
                                          max_length=10)),
                ("subject", models.CharField(max_length=100)),
                ("detail", models.TextField(blank=True)),
            ],
            options={"ordering": ["-made_at", "-id"]},
        ),
        migrations.RunPython(add_roles, migrations.RunPython.noop),
    ]
