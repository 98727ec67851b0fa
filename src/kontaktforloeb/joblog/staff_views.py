"""Staff pages of the joblog: a citizen's joblog read-only, the weekly requirement (R40), and
the worklist of joblogs without activity. Every citizen comes through the access gate."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kontaktforloeb.cases.plans import today
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.web.views import staff_required

from .errors import JoblogInvalid, JoblogNotResponsible
from .forms import RequirementForm
from .selectors import INACTIVE_DAYS, joblog_requirement, joblogs_inactive, responsible_is
from .services import joblog_requirement_set
from .views import overview_context


def _page(
    request: HttpRequest, actor: Actor, citizen_id: int, form: RequirementForm | None = None
) -> HttpResponse:
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="joblog", why="Joblog åbnet")
    context = overview_context(citizen, request)
    may_set = responsible_is(actor, citizen, today())
    if may_set and form is None:
        requirement = joblog_requirement(citizen)
        form = RequirementForm(
            initial={"per_week": requirement.per_week, "reason": requirement.reason}
        )
    context.update({"staff_view": True, "may_set": may_set, "form": form})
    return render(request, "joblog/staff_citizen.html", context)


@staff_required
def staff_citizen_joblog(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    return _page(request, actor, citizen_id)


@staff_required
@require_POST
def staff_requirement_set(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="joblog", why="Krav til joblog fastsat"
    )
    form = RequirementForm(request.POST)
    if form.is_valid():
        try:
            joblog_requirement_set(
                actor=actor,
                citizen=citizen,
                per_week=form.cleaned_data["per_week"],
                reason=form.cleaned_data["reason"],
            )
        except JoblogNotResponsible:
            raise Http404 from None
        except JoblogInvalid as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kravet til joblogen er gemt."))
            return redirect("joblog_staff:citizen", citizen.pk)
    return _page(request, actor, citizen_id, form)


@staff_required
def staff_inactive(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Worklist: joblogs without activity for 30 days, of the citizens the organisation is
    responsible for."""
    citizens = joblogs_inactive(actor=actor, on=today())
    page = Paginator(citizens, 25).get_page(request.GET.get("side"))
    return render(
        request,
        "joblog/staff_inactive.html",
        {"page": page, "total": page.paginator.count, "days": INACTIVE_DAYS},
    )
