"""The statistics' indexes on the plan rows (`PlanItem.Meta`): the covering ones an
organisation's timeliness figures are read from, and the open R25 deregistrations by citizen
(the day a course ended).

On PostgreSQL they are built with ``CREATE INDEX CONCURRENTLY``, hence a migration outside a
transaction: the table stays open for reads and writes while they are built (a SHARE UPDATE
EXCLUSIVE lock, which only other schema changes and VACUUM wait for). On 2.6 million plan rows
(300,000 citizens) the two covering ones took 13 s together (235 and 230 MB) and the partial one
6 s, with other work on the machine. Should a build be interrupted, PostgreSQL leaves the index
INVALID: drop it (``DROP INDEX CONCURRENTLY planitem_jc_stats``) and migrate again. Elsewhere
(SQLite) they are ordinary indexes, the covering ones without the included columns.
"""

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

INCLUDED = ["status", "held_on", "citizen", "holder", "ruleset_id"]


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """`AddIndexConcurrently` on PostgreSQL, `AddIndex` on the other databases."""

    def database_forwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *states)
        else:
            migrations.AddIndex.database_forwards(self, app_label, schema_editor, *states)

    def database_backwards(self, app_label: str, schema_editor: Any, *states: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *states)
        else:
            migrations.AddIndex.database_backwards(self, app_label, schema_editor, *states)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0012_planitem_decision"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="planitem",
            index=models.Index(
                fields=[organisation, "kind", "deadline"], include=INCLUDED, name=name
            ),
        )
        for organisation, name in (
            ("jobcenter", "planitem_jc_stats"),
            ("akasse", "planitem_ak_stats"),
        )
    ] + [
        AddIndexConcurrentlyOnPostgres(
            model_name="planitem",
            index=models.Index(
                fields=["citizen", "-earliest"],
                condition=models.Q(kind="consequence", subtype="deregistered", end__isnull=True),
                name="planitem_deregistered",
            ),
        )
    ]
