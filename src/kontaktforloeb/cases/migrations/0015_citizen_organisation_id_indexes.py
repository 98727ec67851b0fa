"""An organisation's citizens as (organisation, id) indexes (`Citizen.Meta`), so that the start
page's counts of open interview requests and inactive joblogs join the organisation's citizens
from the index alone instead of reading every one of their rows: on 300,000 citizens, København's
36,000 citizens are 4,900 table pages but about 100 index pages, which is what decides the count's
time when the table is not in memory (after a large load or with other work on the machine).

Built with ``CREATE INDEX CONCURRENTLY`` on PostgreSQL, as the indexes of 0013: reads and writes
of the citizens go on meanwhile; should a build be interrupted, drop the INVALID index
(``DROP INDEX CONCURRENTLY citizen_jobcenter_ids``) and migrate again. Elsewhere (SQLite) they are
ordinary indexes.
"""

from importlib import import_module

from django.db import migrations, models

AddIndexConcurrentlyOnPostgres = import_module(
    "kontaktforloeb.cases.migrations.0013_planitem_stats_indexes"
).AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0014_planitem_capacity_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="citizen",
            index=models.Index(fields=[organisation, "id"], name=name),
        )
        for organisation, name in (
            ("jobcenter", "citizen_jobcenter_ids"),
            ("akasse", "citizen_akasse_ids"),
        )
    ]
