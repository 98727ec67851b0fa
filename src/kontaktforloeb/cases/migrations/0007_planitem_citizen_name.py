"""The citizen's names on each plan row, for the worklists' name sort: filled from the citizens in
one statement, indexed per organisation in name order, and kept right by a trigger when a
citizen's name changes, whatever code changes it."""

from django.db import migrations, models

FILL = (
    "UPDATE cases_planitem SET "
    "citizen_last_name = (SELECT last_name FROM cases_citizen WHERE id = cases_planitem.citizen_id), "
    "citizen_first_name = (SELECT first_name FROM cases_citizen WHERE id = cases_planitem.citizen_id)"
)
FILL_POSTGRESQL = (
    "UPDATE cases_planitem AS item SET citizen_last_name = c.last_name, "
    "citizen_first_name = c.first_name FROM cases_citizen AS c WHERE c.id = item.citizen_id"
)


def fill_and_create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(FILL_POSTGRESQL)
        schema_editor.execute(
            "CREATE FUNCTION cases_planitem_citizen_name() RETURNS trigger AS $$ "
            "BEGIN UPDATE cases_planitem SET citizen_last_name = NEW.last_name, "
            "citizen_first_name = NEW.first_name WHERE citizen_id = NEW.id; RETURN NULL; END; "
            "$$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER cases_planitem_citizen_name AFTER UPDATE OF first_name, last_name "
            "ON cases_citizen FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name "
            "OR OLD.last_name IS DISTINCT FROM NEW.last_name) "
            "EXECUTE FUNCTION cases_planitem_citizen_name();"
        )
    else:
        schema_editor.execute(FILL)
        if vendor == "sqlite":
            schema_editor.execute(
                "CREATE TRIGGER cases_planitem_citizen_name AFTER UPDATE OF first_name, last_name "
                "ON cases_citizen FOR EACH ROW WHEN OLD.first_name IS NOT NEW.first_name "
                "OR OLD.last_name IS NOT NEW.last_name BEGIN UPDATE cases_planitem SET "
                "citizen_last_name = NEW.last_name, citizen_first_name = NEW.first_name "
                "WHERE citizen_id = NEW.id; END;"
            )


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_planitem_citizen_name;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_planitem_citizen_name ON cases_citizen;")
        schema_editor.execute("DROP FUNCTION IF EXISTS cases_planitem_citizen_name();")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_consequence_list_indexes"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="planitem",
            name="citizen_last_name",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddField(
            model_name="planitem",
            name="citizen_first_name",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.RunPython(fill_and_create_trigger, drop_trigger),
        migrations.AddIndex(
            model_name="planitem",
            index=models.Index(
                fields=["jobcenter", "kind", "citizen_last_name", "citizen_first_name", "id"],
                name="planitem_jc_name",
            ),
        ),
        migrations.AddIndex(
            model_name="planitem",
            index=models.Index(
                fields=["akasse", "kind", "citizen_last_name", "citizen_first_name", "id"],
                name="planitem_ak_name",
            ),
        ),
    ]
