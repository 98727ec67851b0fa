"""PostgreSQL guards overlaps itself: a citizen's live meetings and a caseworker's live meetings
never overlap in time (exclusion constraints over time ranges). SQLite has no such constraint;
there the booking services check inside the IMMEDIATE transaction that serialises writers."""

from django.db import migrations

CONSTRAINTS = {
    "booking_citizen_no_overlap": "citizen_id",
    "booking_caseworker_no_overlap": "caseworker_id",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist;")
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE booking_booking ADD CONSTRAINT {name} EXCLUDE USING gist "
            f'({column} WITH =, tstzrange("start", "end") WITH &&) WHERE (status = \'live\');'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE booking_booking DROP CONSTRAINT IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
