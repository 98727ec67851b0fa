"""The caseworker's workspace: the start page with its worklist, and the citizen's case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from kontaktforloeb.cases.exemptions import period_holder
from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.cases.owners import may_record
from kontaktforloeb.cases.plans import plan_current, plan_timeline, today
from kontaktforloeb.cases.selectors import (
    citizen_events,
    citizen_get,
    citizen_search,
    interviews_due_soon,
)
from kontaktforloeb.cv.views import cv_case_summary
from kontaktforloeb.joblog.selectors import joblog_case_summary
from kontaktforloeb.offers.views import offers_case_summary
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.web import words
from kontaktforloeb.web.views import staff_required

from .actions import DUE_STATUSES, EVENT_ACTIONS, holder_of
from .actions_consequences import decision_form
from .case import TimelineEntry, case_meetings, case_timeline
from .worklists import COUNT_CAP, decision_text, worklist_counts

# The first worklist on the staff start page: interviews due within this many days, not booked.
DUE_SOON_DAYS = 14


@staff_required
def staff_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Who needs me now: the size of each worklist, the most urgent interviews, and search."""
    query = request.GET.get("q", "")
    citizens = citizen_search(actor=actor, query=query)
    page = Paginator(citizens, 25).get_page(request.GET.get("side"))
    on = today()
    due = interviews_due_soon(actor=actor, on=on, days=DUE_SOON_DAYS)
    return render(
        request,
        "workspace/staff_home.html",
        {
            "query": query,
            "page": page,
            "total": page.paginator.count,
            "worklists": worklist_counts(actor=actor, on=on),
            "count_cap": COUNT_CAP,
            "due": due[:5],
            "due_days": DUE_SOON_DAYS,
        },
    )


@staff_required
def case_detail(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="case", why="Sagen åbnet")
    return render(request, "workspace/case_detail.html", _case_context(citizen, actor))


@staff_required
@require_POST
def case_reveal_cpr(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    """Show the full CPR number; the read is written to the citizen's access log."""
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="cpr", why="Fuldt CPR-nummer vist"
    )
    return render(
        request,
        "workspace/case_detail.html",
        {**_case_context(citizen, actor), "cpr_revealed": True},
    )


def _with_decisions(
    timeline: list[TimelineEntry], citizen: Citizen, actor: Actor
) -> list[TimelineEntry]:
    """Each consequence with its decision, or the form to decide it (R25, R26, R48, R49)."""
    entries = []
    for entry in timeline:
        item = entry.item
        if item is not None and item.kind == PlanItem.Kind.CONSEQUENCE:
            if item.decision is not None:
                entry = replace(entry, decision=decision_text(item.decision))
            else:
                entry = replace(entry, decision_form=decision_form(actor, citizen, item))
        entries.append(entry)
    return entries


def _case_context(citizen: Citizen, actor: Actor) -> dict[str, Any]:
    """Everything the case page shows; `citizen` has come through the access gate."""
    plan = plan_current(citizen)
    organisation = actor.organisation
    holder = holder_of(actor)
    plan_items = plan_timeline(plan)
    due = [
        item
        for item in plan_items
        if item.kind == PlanItem.Kind.INTERVIEW
        and item.holder == holder
        and item.status in DUE_STATUSES
        and organisation is not None
        # RULES.md R3 [D]: the first holder's interviews are not booked after the handover.
        and not (holder != "jobcenter" and plan.handover is not None and today() >= plan.handover)
    ]
    selfbooking = plan.document("da").get("selfbooking", {})
    # R65: the holder of the period may excuse from its interviews, or end the exemption.
    exemptions = [
        e
        for e in plan.document("da").get("exemptions", [])
        if e["kind"] == "interviews" and e["to"] is None
    ]
    holds_period = plan.group != "" and period_holder(citizen, today()) == holder
    offer = plan.document("da").get("offer")
    offer_exempted = any(
        e["kind"] == "offer" and e["to"] is None for e in plan.document("da").get("exemptions", [])
    )
    municipality = holder == "jobcenter" and offer is not None
    active_exemptions = [
        {
            **e,
            "from_date": date.fromisoformat(e["from"]),
            "decided_by": str(
                {"akasse": citizen.akasse, "anden_aktoer": citizen.other_actor}.get(
                    e["holder"], citizen.jobcenter
                )
            ),
        }
        for e in plan.document("da").get("exemptions", [])
        if e["to"] is None
    ]
    return {
        "active_exemptions": active_exemptions,
        # R67: the municipality may excuse from the offer due within six months, or end it.
        "may_exempt_offer": municipality
        and not offer_exempted
        and (offer or {}).get("status") == "open",
        "may_end_offer_exemption": municipality and offer_exempted,
        "may_exempt": holds_period and not any(e["holder"] == holder for e in exemptions),
        "may_end_exemption": holds_period and any(e["holder"] == holder for e in exemptions),
        "citizen": citizen,
        "events": citizen_events(citizen),
        "plan": plan,
        "group_label": capfirst(words.group_name(plan.group, None, get_language() or "da")),
        "plan_items": plan_items,
        "timeline": _with_decisions(case_timeline(plan), citizen, actor),
        "meetings": case_meetings(citizen, actor, plan.handover),
        "interview_requests": citizen.interview_requests.select_related("handled_by"),
        "due_interviews": due,
        "selfbooking_required": bool(selfbooking.get("required")),
        "holder": holder,
        # The event forms of the facts the actor's organisation records (`cases.owners`).
        "event_actions": [
            slug
            for slug, spec in EVENT_ACTIONS.items()
            if may_record(actor=actor, citizen=citizen, event_type=spec.fact)
        ],
        "cv_summary": cv_case_summary(citizen, actor)["cv_summary"],
        "joblog_summary": joblog_case_summary(citizen),
        **offers_case_summary(citizen, actor),
    }
