"""A database trigger refuses UPDATE on the case event log, whatever code runs the statement."""

from django.db import migrations


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER cases_caseevent_append_only BEFORE UPDATE ON cases_caseevent "
            "BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION cases_caseevent_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'case events are append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER cases_caseevent_append_only BEFORE UPDATE ON cases_caseevent "
            "FOR EACH ROW EXECUTE FUNCTION cases_caseevent_append_only();"
        )


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_caseevent_append_only;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_caseevent_append_only ON cases_caseevent;")
        schema_editor.execute("DROP FUNCTION IF EXISTS cases_caseevent_append_only();")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
