"""The CV pages: the citizen's CV (`/min-side/cv/`) and the caseworker's approval pages
(`/sager/cv/`). Thin: parse, call one service or selector, render.

`cv_case_summary` gives the context of the partial `cv/_case_summary.html` that the case page
includes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.web.views import citizen_required, staff_required

from .completeness import PARTS, cv_complete_share, cv_missing, cv_searchability
from .errors import CvIncomplete, CvRefused
from .forms import (
    LANGUAGE_LEVELS,
    ReturnForm,
    cv_forms,
    education_rows,
    experience_rows,
    language_rows,
)
from .models import Cv
from .pdf import cv_pdf
from .schemas import CvContent
from .selectors import cv_approver, cv_citizen_for_approval, cv_of, cvs_awaiting_approval
from .services import cv_approve, cv_return, cv_save, cv_submit


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _plan_cv(citizen: Citizen) -> dict[str, Any]:
    """The plan's CV duty in the reader's language: deadline (a date), approver, status, because."""
    document = plan_current(citizen).document(_language())
    duty = dict(document.get("cv") or {}) if document else {}
    deadline = duty.get("deadline")
    duty["deadline"] = date.fromisoformat(deadline) if deadline else None
    duty.setdefault("approver", cv_approver(citizen))
    duty.setdefault("because", [])
    return duty


def _missing(cv: Cv) -> list[dict[str, str]]:
    language = _language()
    return [{"name": part.name(language), "field": part.field} for part in cv_missing(cv)]


def _page_context(citizen: Citizen, cv: Cv) -> dict[str, Any]:
    return {
        "citizen": citizen,
        "cv": cv,
        "duty": _plan_cv(citizen),
        "missing": _missing(cv),
        "parts_total": len(PARTS),
        "parts_done": len(PARTS) - len(cv_missing(cv)),
        "complete_percent": cv_complete_share(cv),
        "searchability": cv_searchability(cv, citizen, today()),
    }


def _render_page(
    request: HttpRequest, citizen: Citizen, cv: Cv, forms: Any, **extra: Any
) -> HttpResponse:
    form, experience, education, languages = forms
    context = {
        **_page_context(citizen, cv),
        "form": form,
        "experience": experience,
        "education": education,
        "languages": languages,
        "all_forms": [form, *experience.forms, *education.forms, *languages.forms],
        **extra,
    }
    return render(request, "cv/cv_page.html", context)


@citizen_required
def cv_page(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    """The CV form in sections. "Gem" saves; "Gem og send til godkendelse" saves and submits."""
    cv = cv_of(citizen)
    if request.method != "POST":
        return _render_page(request, citizen, cv, cv_forms(cv))
    forms = cv_forms(cv, request.POST)
    form, experience, education, languages = forms
    valid = [f.is_valid() for f in forms]  # every form validated, so each shows its errors
    if not all(valid):
        return _render_page(request, citizen, cv, forms, failed=True)
    content = CvContent.model_validate(
        {
            "contact_email": form.cleaned_data["contact_email"],
            "contact_phone": form.cleaned_data["contact_phone"],
            "job_goals": form.cleaned_goals(),
            "experience": experience_rows(experience),
            "education": education_rows(education),
            "competences": form.cleaned_data["competences"],
            "languages": language_rows(languages),
            "driving_licences": form.cleaned_data["driving_licences"],
            "hours": form.cleaned_data["hours"],
            "area": form.cleaned_data["area"],
            "radius_km": form.cleaned_data["radius_km"],
        }
    )
    actor = Actor.of_user(request.user)  # type: ignore[arg-type]
    cv = cv_save(actor=actor, citizen=citizen, content=content)
    if request.POST.get("action") == "submit":
        try:
            cv_submit(actor=actor, citizen=citizen)
        except CvIncomplete as refusal:
            return _render_page(
                request,
                citizen,
                cv,
                cv_forms(cv),
                refusal=refusal.message(_language()),
                refused_parts=_missing(cv),
                failed=True,
            )
        except CvRefused as refusal:
            messages.error(request, refusal.message(_language()))
            return redirect("cv:page")
        messages.success(request, _("Dit cv er gemt og sendt til godkendelse."))
    else:
        messages.success(request, _("Dit cv er gemt."))
    return redirect("cv:page")


@citizen_required
@require_GET
def cv_download(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    cv = cv_of(citizen)
    response = HttpResponse(cv_pdf(cv, citizen, _language()), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="cv.pdf"'
    return response


# --- Caseworkers ---------------------------------------------------------------------------


@staff_required
@require_GET
def awaiting_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    cvs = list(cvs_awaiting_approval(actor=actor)[:200])
    deadlines = {
        item.citizen_id: item.deadline for item in _cv_items([cv.citizen_id for cv in cvs])
    }
    rows = [{"cv": cv, "deadline": deadlines.get(cv.citizen_id)} for cv in cvs]
    return render(request, "cv/staff_list.html", {"rows": rows})


def _cv_items(citizen_ids: list[int]) -> Any:
    return PlanItem.objects.filter(citizen_id__in=citizen_ids, kind=PlanItem.Kind.CV).only(
        "citizen_id", "deadline"
    )


def _review(
    request: HttpRequest, citizen: Citizen, form: ReturnForm, status: int = 200, refusal: str = ""
) -> HttpResponse:
    cv = cv_of(citizen)
    context = {
        **_page_context(citizen, cv),
        "form": form,
        "levels": dict(LANGUAGE_LEVELS),
        "refusal": refusal,
    }
    return render(request, "cv/staff_review.html", context, status=status)


@staff_required
@require_GET
def review(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = cv_citizen_for_approval(actor=actor, citizen_id=citizen_id, why="CV-godkendelse")
    return _review(request, citizen, ReturnForm())


@staff_required
@require_POST
def approve(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = cv_citizen_for_approval(actor=actor, citizen_id=citizen_id, why="CV-godkendelse")
    try:
        cv_approve(actor=actor, citizen=citizen)
    except CvRefused as refusal:
        return _review(request, citizen, ReturnForm(), refusal=refusal.message(_language()))
    messages.success(request, _("Cv'et for %(name)s er godkendt.") % {"name": citizen.name})
    return redirect("cv_staff:list")


@staff_required
@require_POST
def return_cv(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = cv_citizen_for_approval(actor=actor, citizen_id=citizen_id, why="CV-godkendelse")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review(request, citizen, form)
    try:
        cv_return(actor=actor, citizen=citizen, comment=form.cleaned_data["comment"])
    except CvRefused as refusal:
        return _review(request, citizen, form, refusal=refusal.message(_language()))
    messages.success(
        request, _("Cv'et for %(name)s er sendt retur med din kommentar.") % {"name": citizen.name}
    )
    return redirect("cv_staff:list")


def cv_case_summary(citizen: Citizen, actor: Actor | None = None) -> dict[str, Any]:
    """The context of `cv/_case_summary.html` for the case page: pass the citizen through the
    gate first, then `{**cv_case_summary(citizen, actor), ...}` (keys `citizen`, `cv_summary`).

    `cv_summary`: `status` (draft/submitted/approved/returned, or "none" when not started),
    `status_label`, `approver` ("akasse"|"jobcenter"), `deadline` (date or None), `plan_status`
    (the plan's cv status), `missing` (names of the missing parts in the reader's language),
    `complete_percent`, `searchable`, `comment` (the approver's last comment), `submitted_at`,
    and `review_url` (set only when the CV awaits approval and `actor`'s organisation approves).
    """
    cv = cv_of(citizen)
    duty = _plan_cv(citizen)
    review_url = ""
    organisation = actor.organisation if actor is not None else None
    if cv.status == Cv.Status.SUBMITTED and organisation and organisation.kind == duty["approver"]:
        review_url = reverse("cv_staff:review", args=[citizen.pk])
    return {
        "citizen": citizen,
        "cv_summary": {
            "status": cv.status if cv.pk else "none",
            "status_label": Cv.Status(cv.status).label if cv.pk else _("Ikke påbegyndt"),
            "approver": duty["approver"],
            "deadline": duty["deadline"],
            "plan_status": duty.get("status"),
            "missing": [item["name"] for item in _missing(cv)],
            "complete_percent": cv_complete_share(cv),
            "searchable": cv_searchability(cv, citizen, today()).searchable if cv.pk else False,
            "comment": cv.approver_comment,
            "submitted_at": cv.submitted_at,
            "review_url": review_url,
        },
    }
