"""Load a realistic population (default 300,000 citizens) into the PostgreSQL database named by
DATABASE_URL, for the benchmarks that need one (worklists, the citizen's plan page).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kf_pop .venv/bin/python bench/population.py \
        [--citizens 300000] [--templates 4000] [--seed 20240902] [--documents] [--ruleset ID]

What is loaded, with `COPY` (the database is migrated first, and must hold no citizens):

- 98 jobcentres, sized like Danish municipalities (København 12 % of the citizens, Aarhus 6 %,
  Odense and Aalborg 4 % each, the rest spread over 94 smaller ones), 20 a-kasser (the largest
  with a fifth of the members); 200 caseworkers in Jobcenter København (`bench-kbh-0` ...), 100 in
  the largest a-kasse (`bench-ak-0` ...), 5 in every other organisation, and a manager in each
  (`bench-kbh-leder`, `bench-ak-leder`); password `bench-password`.
- Citizens with the event histories of `bench/rules_bench.py` (groups in Danish proportions,
  payment reports, deadlines, bookings, held, cancelled and missed interviews, sickness, group
  changes, CVs, job starts), moved so that spells began in the last 14 months before today.
- Their plans, as rows (`PlanItem`) and `CitizenPlan`, as of today. The rules engine works out
  the plans of `--templates` template citizens (default 4,000: about 2 ms each with explanations
  in two languages); every citizen is a copy of one template's events and plan with their own
  identity and organisations. Computing all 300,000 plans would take the engine about 25 s a
  language, but storing their documents (7 kB a language each) would make a 4 GB table; so
  documents are stored only with `--documents`, otherwise `CitizenPlan.as_of` is yesterday and the
  first page view recomputes that citizen's plan, as after a night the nightly job had not reached.
- With `--ruleset ID` the plans are worked out under that ruleset alone, as a release before
  the later rulesets existed stored them (`LEAFLET-2024`: before RS2026-07 and R60), so that
  `kontaktforloeb recompute-plans` after marking them stale shows what a change of law changes.
- No-shows of the last 14 days as bookings (with their slots) of the holding organisation, and an
  unhandled interview request for 1 % of the citizens.

Prints the counts and the time taken. `VACUUM ANALYZE` runs at the end: the planner needs
statistics, and counts read only the index once the visibility map is set.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

CPH = ZoneInfo("Europe/Copenhagen")
PASSWORD = "bench-password"
RENAMED = {"from_date": "from", "to_date": "to"}
FIRST = [
    "Anna",
    "Bo",
    "Carl",
    "Dorte",
    "Emil",
    "Freja",
    "Gustav",
    "Hanne",
    "Ida",
    "Jens",
    "Karen",
    "Lars",
    "Mette",
    "Niels",
    "Olivia",
    "Peter",
    "Rikke",
    "Søren",
    "Tove",
    "Ulla",
    "Viggo",
]
LAST = [
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Holm",
    "Lund",
    "Berg",
    "Dahl",
    "Bach",
]


def raw_event(event: Any, shift: timedelta) -> dict[str, Any]:
    """An engine `Event` as the event log stores it (the `plan` contract's fields)."""
    out: dict[str, Any] = {"type": event.type, "date": (event.date + shift).isoformat()}
    for f in dataclasses.fields(event):
        if f.name in ("index", "type", "date"):
            continue
        value = getattr(event, f.name)
        if value is None or value == f.default:
            continue
        if f.name == "hours":
            value = f"{value / 100:.2f}"
        elif isinstance(value, date):
            value = (value + shift).isoformat()
        out[RENAMED.get(f.name, f.name)] = value
    return out


class Copier:
    """COPY rows into one table, streamed in chunks."""

    def __init__(self, cursor: Any, table: str, columns: list[str]) -> None:
        self.cursor, self.table, self.columns = cursor, table, columns
        self.buffer: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= 50_000:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        columns = ", ".join(f'"{c}"' for c in self.columns)
        sql = f"COPY {self.table} ({columns}) FROM STDIN"
        with self.cursor.copy(sql) as copy:
            for row in self.buffer:
                copy.write_row(row)
        self.count += len(self.buffer)
        self.buffer.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=300_000)
    parser.add_argument("--templates", type=int, default=4_000)
    parser.add_argument("--seed", type=int, default=20240902)
    parser.add_argument("--documents", action="store_true", help="store the plan documents too")
    parser.add_argument(
        "--ruleset", help="work out the stored plans under this ruleset (an older release's law)"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("population.py needs DATABASE_URL=postgres://... (it loads with COPY)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontaktforloeb.settings.dev")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    import rules_bench
    from kontaktforloeb.booking.models import Booking, Slot
    from kontaktforloeb.cases.models import (
        CaseEvent,
        Citizen,
        CitizenPlan,
        InterviewRequest,
        PlanItem,
    )
    from kontaktforloeb.cases.plans import _items, _next_change, parameter_hash
    from kontaktforloeb.organisations.models import Organisation, User
    from kontaktforloeb.rules import plan

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Citizen.objects.exists():
        sys.exit("The database already holds citizens; load into an empty one.")
    today = date.today()
    shift = today - rules_bench.AS_OF
    rng = random.Random(args.seed)

    # Organisations and staff.
    password = make_password(PASSWORD)
    municipalities = [
        (101, "København", 12),
        (751, "Aarhus", 6),
        (461, "Odense", 4),
        (851, "Aalborg", 4),
    ]
    municipalities += [(200 + n, f"Kommune {n + 1}", 74 / 94) for n in range(94)]
    jobcentres = Organisation.objects.bulk_create(
        Organisation(
            kind="jobcenter",
            name=f"Jobcenter {name}",
            municipality_code=code,
            municipality_name=name,
        )
        for code, name, _ in municipalities
    )
    akasser = Organisation.objects.bulk_create(
        Organisation(kind="akasse", name=f"A-kasse {n + 1}") for n in range(20)
    )
    ak_weights = [20, 12, 10, 8, 7, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1]
    users = []
    staff: dict[int, list[int]] = {}
    for org in [*jobcentres, *akasser]:
        big = org.name == "Jobcenter København" or org.name == "A-kasse 1"
        prefix = {"Jobcenter København": "bench-kbh", "A-kasse 1": "bench-ak"}.get(
            org.name, f"bench-{org.pk}"
        )
        role = User.Role.JOBCENTER_CASEWORKER if org.is_jobcenter else User.Role.AKASSE_CASEWORKER
        for n in range(200 if org.name == "Jobcenter København" else 100 if big else 5):
            users.append(
                User(
                    username=f"{prefix}-{n}",
                    password=password,
                    role=role,
                    organisation=org,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                )
            )
        users.append(
            User(
                username=f"{prefix}-leder",
                password=password,
                role=User.Role.MANAGER,
                organisation=org,
                first_name="Leder",
                last_name=org.name,
            )
        )
    for user in User.objects.bulk_create(users, batch_size=2000):
        if user.role != User.Role.MANAGER:
            staff.setdefault(user.organisation_id, []).append(user.pk)

    # Templates: events and the engine's plan for each.
    print(f"computing {args.templates} template plans ...", flush=True)
    templates = []
    placeholder = Citizen(jobcenter_id=0, akasse_id=None)
    for _ in range(args.templates):
        events = [raw_event(e, shift) for e in rules_bench.citizen(rng)]
        result = plan(events, today, args.ruleset)
        doc_da, doc_en = result.to_dict("da"), result.to_dict("en")
        items = _items(placeholder, doc_da, doc_en)
        templates.append((events, result, doc_da, doc_en, items, _next_change(items, today)))
    print(f"  done in {time.perf_counter() - began:.1f} s", flush=True)

    def table(model: Any) -> str:
        return str(model._meta.db_table)

    item_fields = [
        "kind",
        "number",
        "holder",
        "subtype",
        "earliest",
        "target_date",
        "deadline",
        "end",
        "status",
        "held_on",
        "joint",
        "required_channel",
        "because",
        "ruleset_id",
        "parameter_hash",
        "provisional",
    ]
    hashed = parameter_hash()
    jc_weights = [w for _, _, w in municipalities]
    now = datetime.now(CPH)
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        citizens = Copier(
            cursor,
            table(Citizen),
            [
                "id",
                "cpr",
                "birth_date",
                "first_name",
                "last_name",
                "email",
                "mobile",
                "language",
                "jobcenter_id",
                "akasse_id",
                "notify_by_email",
                "notify_by_sms",
                "created_at",
            ],
        )
        events_out = Copier(
            cursor,
            table(CaseEvent),
            [
                "citizen_id",
                "type",
                "date",
                "data",
                "recorded_at",
                "recorded_by_system",
                "organisation_id",
            ],
        )
        plans = Copier(
            cursor,
            table(CitizenPlan),
            [
                "citizen_id",
                "as_of",
                "ruleset_id",
                "parameter_hash",
                "group",
                "spell_start",
                "handover",
                "next_change",
                "document_da",
                "document_en",
                "computed_at",
            ],
        )
        rows = Copier(
            cursor,
            table(PlanItem),
            [
                "citizen_id",
                "jobcenter_id",
                "akasse_id",
                "citizen_last_name",
                "citizen_first_name",
                *item_fields,
            ],
        )
        slots = Copier(
            cursor,
            table(Slot),
            [
                "id",
                "organisation_id",
                "caseworker_id",
                "start",
                "end",
                "blocked",
                "slot_minutes",
                "offers_in_person",
                "offers_phone",
                "offers_video",
                "allows_first",
                "allows_followup",
                "allows_joint",
            ],
        )
        bookings = Copier(
            cursor,
            table(Booking),
            [
                "citizen_id",
                "slot_id",
                "organisation_id",
                "holder",
                "caseworker_id",
                "interview",
                "start",
                "end",
                "channel",
                "topic",
                "topic_text",
                "summoned",
                "status",
                "address",
                "phone_to_call",
                "video_link",
                "title",
                "description",
                "calendar_uid",
                "calendar_sequence",
                "created_at",
                "outcome_notes",
            ],
        )
        requests = Copier(
            cursor, table(InterviewRequest), ["citizen_id", "reason", "created_at", "handled_note"]
        )
        slot_id = 0
        busy: dict[tuple[int, date], int] = {}
        template_items = [
            [tuple(getattr(item, f) for f in item_fields) for item in t[4]] for t in templates
        ]
        encoded = [[json.dumps(i[12]) for i in items] for items in template_items]
        for n in range(args.citizens):
            citizen_id = n + 1
            t = rng.randrange(len(templates))
            events, result, doc_da, doc_en, _unused, next_change = templates[t]
            jobcentre = rng.choices(jobcentres, weights=jc_weights)[0]
            dagpenge = result.group == "dagpenge" or any(
                e.get("group") == "dagpenge" for e in events
            )
            akasse = (
                rng.choices(akasser, weights=ak_weights)[0]
                if dagpenge or (rng.random() < 0.2)
                else None
            )
            first, last = rng.choice(FIRST), rng.choice(LAST)
            birth = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
            citizens.add(
                (
                    citizen_id,
                    f"{n:010d}",
                    birth,
                    first,
                    last,
                    f"{first.lower()}{n}@example.dk",
                    "",
                    "da",
                    jobcentre.pk,
                    akasse.pk if akasse else None,
                    True,
                    False,
                    now,
                )
            )
            for event in events:
                data = {k: v for k, v in event.items() if k not in ("type", "date")}
                events_out.add(
                    (citizen_id, event["type"], event["date"], json.dumps(data), now, "bench", None)
                )
            plans.add(
                (
                    citizen_id,
                    today if args.documents else today - timedelta(days=1),
                    result.ruleset_id,
                    hashed,
                    result.group or "",
                    result.spell_start,
                    result.handover.date if result.handover else None,
                    next_change,
                    json.dumps(doc_da if args.documents else {}),
                    json.dumps(doc_en if args.documents else {}),
                    now,
                )
            )
            for values, because in zip(template_items[t], encoded[t], strict=True):
                rows.add(
                    (
                        citizen_id,
                        jobcentre.pk,
                        akasse.pk if akasse else None,
                        last,
                        first,
                        *values[:12],
                        because,
                        *values[13:],
                    )
                )
            for event in events:
                if event["type"] != "interview_missed":
                    continue
                day = date.fromisoformat(event["date"])
                if day < today - timedelta(days=14):
                    continue
                org = akasse if event.get("holder") == "akasse" and akasse else jobcentre
                caseworker = rng.choice(staff[org.pk])
                k = busy.get((caseworker, day), 0)
                busy[(caseworker, day)] = k + 1
                start = datetime(day.year, day.month, day.day, 8, tzinfo=CPH) + timedelta(
                    minutes=15 * k
                )
                slot_id += 1
                slots.add(
                    (
                        slot_id,
                        org.pk,
                        caseworker,
                        start,
                        start + timedelta(minutes=15),
                        False,
                        15,
                        True,
                        True,
                        True,
                        True,
                        True,
                        True,
                    )
                )
                bookings.add(
                    (
                        citizen_id,
                        slot_id,
                        org.pk,
                        event.get("holder", "jobcenter"),
                        caseworker,
                        2,
                        start,
                        start + timedelta(minutes=15),
                        "in_person",
                        "job_search",
                        "",
                        False,
                        "no_show",
                        "",
                        "",
                        "",
                        "Samtale",
                        "",
                        f"bench-{slot_id}",
                        0,
                        now,
                        "",
                    )
                )
            if rng.random() < 0.01:
                requests.add(
                    (
                        citizen_id,
                        "Jeg vil gerne tale om min jobsøgning.",
                        now - timedelta(days=rng.randrange(20)),
                        "",
                    )
                )
            if citizen_id % 50_000 == 0:
                print(f"  {citizen_id} citizens, {time.perf_counter() - began:.0f} s", flush=True)
        for copier in (citizens, events_out, plans, rows, slots, bookings, requests):
            copier.flush()
        for model in (Citizen, Slot):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table(model)}', 'id'), "
                f"(SELECT max(id) FROM {table(model)}))"
            )
    with connection.cursor() as wrapper:
        # Statistics for the planner, and the visibility map, so counts are index-only scans.
        wrapper.execute("VACUUM ANALYZE")
    print(
        f"loaded {citizens.count} citizens, {events_out.count} events, {rows.count} plan rows, "
        f"{bookings.count} no-shows, {requests.count} interview requests "
        f"in {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()
