"""The capacity forecast's covering partial indexes on the plan rows (`PlanItem.Meta`): the
interviews still to be held (not held; open, upcoming or overdue), a fraction of the rows.

On PostgreSQL they are built with ``CREATE INDEX CONCURRENTLY``, as the statistics' indexes of
0013: a SHARE UPDATE EXCLUSIVE lock, so reads and writes of the plan rows go on while they are
built (only other schema changes and VACUUM wait); 39 MB each on 2.6 million plan rows, built in
seconds (bench/README.md). An interrupted build leaves the index INVALID: drop it (``DROP INDEX
CONCURRENTLY planitem_jc_waiting``) and migrate again. Elsewhere (SQLite) they are partial
indexes without the included columns.
"""

from importlib import import_module

from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = import_module(
    "kontaktforloeb.cases.migrations.0013_planitem_stats_indexes"
).AddIndexConcurrentlyOnPostgres

WAITING = models.Q(
    kind="interview", held_on__isnull=True, status__in=["open", "upcoming", "overdue"]
)
INCLUDED = ["target_date", "required_channel", "number", "citizen"]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0013_planitem_stats_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="planitem",
            index=models.Index(
                fields=[organisation, "holder", "deadline"],
                include=INCLUDED,
                condition=WAITING,
                name=name,
            ),
        )
        for organisation, name in (
            ("jobcenter", "planitem_jc_waiting"),
            ("akasse", "planitem_ak_waiting"),
        )
    ]
