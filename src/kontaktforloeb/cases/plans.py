"""The materialised plan: the rules engine's answer for one citizen, stored as rows.

`plan_recompute` runs inside the transaction that appends a citizen's events, so the stored plan
never disagrees with the log. Pages and worklists read the rows; nobody recomputes a population to
draw a page. `plans_refresh_due` is the nightly job: it recomputes only the plans whose statuses
change with the date, and those made with other parameter values. `plans_recompute_stale` is the
recomputation after a change of law (`kontaktforloeb recompute-plans`, docs/operations.md): the
plans whose `parameter_hash` is not this release's, in batches of their own transactions, with a
count of the plans that changed in substance.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kontaktforloeb.rules import Plan, plan

from .models import CaseEvent, Citizen, CitizenPlan, PlanItem


def today() -> date:
    return timezone.localdate()


def _files(folder: Traversable, suffix: str) -> Iterator[Traversable]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _files(entry, suffix)
        elif entry.name.endswith(suffix):
            yield entry


def fingerprinted() -> list[Traversable]:
    """What makes a plan: every parameter file and the rules' code (the engine, the rulesets,
    the texts), so that a release that changes either finds the plans it must recompute."""
    rules = files("kontaktforloeb.rules")
    return [*_files(rules / "parameters", ".yaml"), *_files(rules, ".py")]


@cache
def parameter_hash() -> str:
    """A short fingerprint of the rules (`fingerprinted`): stored rows say which rules made them."""
    digest = hashlib.sha256()
    for entry in fingerprinted():
        digest.update(entry.name.encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def _because(da: list[dict[str, str]], en: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {"rule": d["rule"], "citation": d["citation"], "da": d["text"], "en": e["text"]}
        for d, e in zip(da, en, strict=True)
    ]


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# A consequence as the log's decisions name it: (type, first day) -> the deciding event's id.
Decisions = dict[tuple[str, str], int]


def decisions_of(events: Iterable[CaseEvent]) -> Decisions:
    """The consequences decided in `events` (`consequence_decided`; the first decision counts)."""
    found: Decisions = {}
    for event in events:
        if event.type == "consequence_decided":
            key = (str(event.data.get("consequence")), str(event.data.get("from")))
            found.setdefault(key, event.pk)
    return found


def _items(
    citizen: Citizen,
    doc_da: dict[str, Any],
    doc_en: dict[str, Any],
    decisions: Decisions | None = None,
) -> list[PlanItem]:
    decisions = decisions or {}
    common = {
        "citizen": citizen,
        "jobcenter_id": citizen.jobcenter_id,
        "akasse_id": citizen.akasse_id,
        "citizen_last_name": citizen.last_name,
        "citizen_first_name": citizen.first_name,
        "ruleset_id": doc_da["ruleset"]["id"],
        "parameter_hash": parameter_hash(),
    }
    items = [
        PlanItem(
            kind=PlanItem.Kind.INTERVIEW,
            number=da["number"],
            holder=da["holder"],
            earliest=_d(da["earliest"]),
            target_date=_d(da["target_date"]),
            deadline=_d(da["deadline"]),
            status=da["status"],
            held_on=_d(da["held_on"]),
            joint=da["joint"] or "",
            required_channel=da["required_channel"] or "",
            because=_because(da["because"], en["because"]),
            **{**common, "ruleset_id": da["ruleset"] or common["ruleset_id"]},
            provisional=da["provisional"],
        )
        for da, en in zip(doc_da["interviews"], doc_en["interviews"], strict=True)
    ]
    offer_da, offer_en = doc_da.get("offer"), doc_en.get("offer")
    if offer_da and offer_en:  # R67
        items.append(
            PlanItem(
                kind=PlanItem.Kind.OFFER,
                holder="jobcenter",
                deadline=_d(offer_da["deadline"]),
                held_on=_d(offer_da["started_on"]),
                status=offer_da["status"],
                because=_because(offer_da["because"], offer_en["because"]),
                **{**common, "ruleset_id": offer_da["ruleset"]},
                provisional=offer_da["provisional"],
            )
        )
    if doc_da["handover"]:
        items.append(
            PlanItem(
                kind=PlanItem.Kind.HANDOVER,
                holder=doc_da["handover"]["from_holder"],
                deadline=_d(doc_da["handover"]["date"]),
                because=_because(doc_da["handover"]["because"], doc_en["handover"]["because"]),
                provisional=doc_da["handover"]["provisional"],
                **common,
            )
        )
    cv_da, cv_en = doc_da["cv"], doc_en["cv"]
    if cv_da["deadline"]:
        items.append(
            PlanItem(
                kind=PlanItem.Kind.CV,
                holder=cv_da["approver"] or "",
                deadline=_d(cv_da["deadline"]),
                status=cv_da["status"] or "",
                provisional=cv_da.get("provisional", False),
                because=_because(cv_da["because"], cv_en["because"]),
                **common,
            )
        )
    joblog_da, joblog_en = doc_da["joblog"], doc_en["joblog"]
    items.append(
        PlanItem(
            kind=PlanItem.Kind.JOBLOG,
            status="required" if joblog_da["required"] else "not_required",
            provisional=joblog_da.get("provisional", False),
            earliest=_d(joblog_da["exempt_from"]),
            because=_because(joblog_da["because"], joblog_en["because"]),
            **common,
        )
    )
    selfbooking_da, selfbooking_en = doc_da["selfbooking"], doc_en["selfbooking"]
    for deadline in selfbooking_da["open_deadlines"]:
        items.append(
            PlanItem(
                kind=PlanItem.Kind.BOOKING_DEADLINE,
                number=deadline["interview"],
                deadline=_d(deadline["deadline"]),
                end=_d(deadline["last_meeting_date"]),
                status="open",
                because=_because(selfbooking_da["because"], selfbooking_en["because"]),
                **common,
            )
        )
    for da, en in zip(doc_da["consequences"], doc_en["consequences"], strict=True):
        items.append(
            PlanItem(
                kind=PlanItem.Kind.CONSEQUENCE,
                subtype=da["type"],
                earliest=_d(da["from"]),
                end=_d(da["to"]),
                status="open" if da["to"] is None else "closed",
                decision_id=decisions.get((da["type"], da["from"])),
                provisional=da.get("provisional", False),
                because=_because(da["because"], en["because"]),
                **common,
            )
        )
    return items


def _next_change(items: list[PlanItem], as_of: date) -> date | None:
    """The first day after `as_of` on which a status can change: an interview opens on its
    earliest date, and anything with a deadline becomes overdue or expired the day after it."""
    candidates = []
    for item in items:
        if item.earliest and item.earliest > as_of:
            candidates.append(item.earliest)
        if (
            item.deadline
            and item.deadline >= as_of
            and item.status not in ("held", "held_late", "fulfilled", "late")
        ):
            candidates.append(item.deadline + timedelta(days=1))
    return min(candidates, default=None)


def plan_compute(citizen: Citizen, as_of: date) -> Plan | None:
    """The engine's plan for the citizen's events, or None when no spell has started."""
    events = [event.as_plan_event() for event in citizen.events.order_by("id")]
    if not any(event["type"] == "registered" for event in events):
        return None
    return plan(events, as_of)


_PLAN_FIELDS = (
    "as_of",
    "ruleset_id",
    "parameter_hash",
    "group",
    "spell_start",
    "handover",
    "next_change",
    "document_da",
    "document_en",
)


def _worked_out(
    citizen: Citizen,
    events: list[dict[str, Any]],
    as_of: date,
    decisions: Decisions | None = None,
) -> tuple[list[PlanItem], dict[str, Any]]:
    """The plan rows and the `CitizenPlan` fields for the citizen's events (the log's order) as
    of `as_of`, each consequence with its decision; no rows and empty fields when no spell has
    started."""
    if not any(event["type"] == "registered" for event in events):
        return [], {
            "as_of": as_of,
            "ruleset_id": "",
            "parameter_hash": "",
            "group": "",
            "spell_start": None,
            "handover": None,
            "next_change": None,
            "document_da": {},
            "document_en": {},
        }
    result = plan(events, as_of)
    doc_da, doc_en = result.to_dict("da"), result.to_dict("en")
    items = _items(citizen, doc_da, doc_en, decisions)
    return items, {
        "as_of": as_of,
        "ruleset_id": result.ruleset_id,
        "parameter_hash": parameter_hash(),
        "group": result.group or "",
        "spell_start": result.spell_start,
        "handover": result.handover.date if result.handover else None,
        "next_change": _next_change(items, as_of),
        "document_da": doc_da,
        "document_en": doc_en,
    }


def plan_recompute(citizen: Citizen, as_of: date | None = None) -> CitizenPlan:
    """Work out the citizen's plan and replace the stored rows, in one transaction.

    Whoever replaces a citizen's plan rows holds the lock on the citizen's row first (here, and
    in `plans_recompute_stale`): two transactions replacing them at once would each delete the
    rows they saw and insert their own, leaving two sets."""
    as_of = as_of or today()
    with transaction.atomic():
        Citizen.objects.select_for_update().filter(pk=citizen.pk).values_list("pk").first()
        rows = list(citizen.events.order_by("id"))
        events = [event.as_plan_event() for event in rows]
        items, fields = _worked_out(citizen, events, as_of, decisions_of(rows))
        PlanItem.objects.filter(citizen=citizen).delete()
        PlanItem.objects.bulk_create(items)
        stored, _ = CitizenPlan.objects.update_or_create(citizen=citizen, defaults=fields)
    return stored


def plan_current(citizen: Citizen) -> CitizenPlan:
    """The stored plan, recomputed first if it was worked out for an earlier day."""
    stored = CitizenPlan.objects.filter(citizen=citizen).first()
    if (
        stored is None
        or stored.as_of != today()
        or stored.parameter_hash not in ("", parameter_hash())
    ):
        stored = plan_recompute(citizen)
    return stored


# What a plan asks of people, compared before and after a recomputation: the interviews' number,
# holder, deadline, status and ruleset, the handover and the offer (R67). Not the day it was
# worked out for, nor the wording of the reasons.
_DUTY_KINDS: tuple[str, ...] = (
    PlanItem.Kind.INTERVIEW,
    PlanItem.Kind.HANDOVER,
    PlanItem.Kind.OFFER,
)
_DUTY_FIELDS: tuple[str, ...] = (
    "kind",
    "number",
    "holder",
    "deadline",
    "status",
    "held_on",
    "ruleset_id",
)
_Duty = tuple[Any, ...]  # the values of _DUTY_FIELDS


def _duty(item: PlanItem) -> _Duty:
    return tuple(getattr(item, name) for name in _DUTY_FIELDS)


def _substance(duties: Iterable[_Duty]) -> tuple[object, ...]:
    interviews, handover, offer = [], None, None
    for kind, number, holder, deadline, status, held_on, ruleset_id in duties:
        if kind == PlanItem.Kind.INTERVIEW:
            interviews.append((number, holder, deadline, status, ruleset_id))
        elif kind == PlanItem.Kind.HANDOVER:
            handover = (deadline, holder)
        elif kind == PlanItem.Kind.OFFER:
            offer = (deadline, status, held_on, ruleset_id)
    return (tuple(sorted(interviews, key=lambda i: i[0] or 0)), handover, offer)


def _interview_rulesets(duties: Iterable[_Duty]) -> dict[int, str]:
    return {d[1]: d[6] for d in duties if d[0] == PlanItem.Kind.INTERVIEW and d[1] is not None}


def _follows_other_rules(before: list[_Duty], after: list[_Duty]) -> bool:
    """Whether the citizen's interviews follow another ruleset now (RULES-2026 R60): one of the
    same number names another, or the rulesets they name are not the same."""
    old, new = _interview_rulesets(before), _interview_rulesets(after)
    if set(old.values()) != set(new.values()):
        return True
    return any(new[number] != ruleset for number, ruleset in old.items() if number in new)


@dataclass
class PlansRecomputed:
    """What `plans_recompute_stale` did: `stale` plans were found when it began, `recomputed` of
    them were worked out again, `changed` of those ask something else of someone now (see
    `_substance`), and in `other_rules` the interviews follow another ruleset (R60). `left` stale
    plans remained when it stopped (after `limit`, or written meanwhile by an older release)."""

    stale: int
    recomputed: int = 0
    changed: int = 0
    other_rules: int = 0
    seconds: float = 0.0
    left: int = 0
    limit: int | None = None

    @property
    def to_do(self) -> int:
        """How many it set out to recompute."""
        return self.stale if self.limit is None else min(self.stale, self.limit)


def plans_stale() -> Any:
    """The stored plans made with other parameter values than this release's (a citizen without
    a spell has none, and an empty hash)."""
    return CitizenPlan.objects.exclude(parameter_hash__in=(parameter_hash(), ""))


def _recompute_batch(stored_plans: list[CitizenPlan], as_of: date, report: PlansRecomputed) -> None:
    """Recompute the plans of one batch (in the caller's transaction): their events and old duty
    rows in a query each, the rows replaced in two, each plan updated."""
    ids = [stored.citizen_id for stored in stored_plans]
    events: dict[int, list[dict[str, Any]]] = {citizen_id: [] for citizen_id in ids}
    decided: dict[int, list[CaseEvent]] = {citizen_id: [] for citizen_id in ids}
    for event in CaseEvent.objects.filter(citizen_id__in=ids).order_by("citizen_id", "id"):
        events[event.citizen_id].append(event.as_plan_event())
        if event.type == "consequence_decided":
            decided[event.citizen_id].append(event)
    before: dict[int, list[_Duty]] = {citizen_id: [] for citizen_id in ids}
    duties = PlanItem.objects.filter(citizen_id__in=ids, kind__in=_DUTY_KINDS)
    for citizen_id, *duty in duties.values_list("citizen_id", *_DUTY_FIELDS):
        before[citizen_id].append(tuple(duty))
    rows: list[PlanItem] = []
    for stored in stored_plans:
        items, fields = _worked_out(
            stored.citizen,
            events[stored.citizen_id],
            as_of,
            decisions_of(decided[stored.citizen_id]),
        )
        rows.extend(items)
        for name, value in fields.items():
            setattr(stored, name, value)
        after = [_duty(item) for item in items if item.kind in _DUTY_KINDS]
        old = before[stored.citizen_id]
        report.changed += _substance(old) != _substance(after)
        report.other_rules += _follows_other_rules(old, after)
    PlanItem.objects.filter(citizen_id__in=ids).delete()
    PlanItem.objects.bulk_create(rows, batch_size=2000)
    for stored in stored_plans:
        stored.save(update_fields=[*_PLAN_FIELDS, "computed_at"])
    report.recomputed += len(stored_plans)


def plans_recompute_stale(
    *,
    on: date | None = None,
    batch: int = 500,
    limit: int | None = None,
    progress: Callable[[PlansRecomputed], None] | None = None,
) -> PlansRecomputed:
    """Recompute, as of `on` (today), the stored plans made with other parameter values: after
    a release with new rulesets or parameter values, and in the nightly job.

    The plans are found from the plan rows in the database, in batches by primary key (`pk >
    last`), each batch in its own transaction with its plans locked, so that a stop loses at
    most the batch in hand and a second run goes on with the plans still stale (and finds none
    after a full run). `limit` stops after that many plans; `progress` is called with the report
    once before the first batch and after each."""
    on = on or today()
    began = time.monotonic()
    report = PlansRecomputed(stale=plans_stale().count(), limit=limit)
    if progress is not None:
        progress(report)
    last = 0
    while limit is None or report.recomputed < limit:
        size = batch if limit is None else min(batch, limit - report.recomputed)
        with transaction.atomic():
            found = (
                plans_stale()
                .filter(pk__gt=last)
                .order_by("pk")
                .select_related("citizen")
                .defer("document_da", "document_en")  # replaced unread: 14 kB a plan
                # The citizens' rows too: the lock every replacement of plan rows takes.
                .select_for_update(of=("self", "citizen"))
            )
            stored_plans = list(found[:size])
            if not stored_plans:
                break
            _recompute_batch(stored_plans, on, report)
        last = stored_plans[-1].pk
        report.seconds = time.monotonic() - began
        if progress is not None:
            progress(report)
    report.left = plans_stale().count()
    report.seconds = time.monotonic() - began
    return report


def plans_refresh_due(on: date | None = None, batch: int = 500) -> int:
    """Recompute the plans that were made with other parameter values, and those whose statuses
    change by `on` (the nightly job). Returns how many."""
    on = on or today()
    count = plans_recompute_stale(on=on, batch=batch).recomputed
    while True:
        due = list(
            Citizen.objects.filter(plan__next_change__lte=on, plan__as_of__lt=on)
            .select_related("jobcenter", "akasse")
            .order_by("pk")[:batch]
        )
        if not due:
            return count
        for citizen in due:
            plan_recompute(citizen, on)
        count += len(due)


def plan_timeline(stored: CitizenPlan) -> list[PlanItem]:
    """The plan's rows in the order a person reads a timeline: by the date that matters."""
    items = list(
        PlanItem.objects.filter(citizen_id=stored.citizen_id).select_related(
            "decision__recorded_by", "decision__organisation"
        )
    )
    far = date.max

    def when(item: PlanItem) -> tuple[date, int]:
        return (item.held_on or item.deadline or item.earliest or far, item.number or 0)

    return sorted(items, key=when)


def plan_next_steps(stored: CitizenPlan, limit: int = 3) -> list[PlanItem]:
    """What the citizen should act on first: anything overdue, open booking deadlines, the CV
    while it is not approved, then the next interviews still to be held."""
    order = {"overdue": 0, "open": 1, "booked": 2, "upcoming": 3, "missing": 1, "published": 2}
    ended = stored.handover is not None and today() >= stored.handover
    items = [
        item
        for item in PlanItem.objects.filter(citizen_id=stored.citizen_id)
        if (
            item.kind == PlanItem.Kind.INTERVIEW
            and item.status in order
            # RULES.md R3 [D]: nothing to do about the first holder's interviews after it
            and not (ended and item.holder != "jobcenter" and item.status != "booked")
        )
        or item.kind == PlanItem.Kind.BOOKING_DEADLINE
        or (item.kind == PlanItem.Kind.CV and item.status in ("missing", "overdue", "published"))
    ]

    def urgency(item: PlanItem) -> tuple[int, date]:
        rank = 0 if item.kind == PlanItem.Kind.BOOKING_DEADLINE else order.get(item.status, 4)
        return (rank, item.deadline or date.max)

    return sorted(items, key=urgency)[:limit]
