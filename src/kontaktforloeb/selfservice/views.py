"""The citizen's own pages (Min side): what to do next, the plan, and who has seen their data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kontaktforloeb.audit.selectors import access_log_for_citizen
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plan_current, plan_next_steps
from kontaktforloeb.web.views import citizen_required


@citizen_required
def citizen_home(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    plan = plan_current(citizen)
    return render(
        request,
        "selfservice/citizen_home.html",
        {"citizen": citizen, "plan": plan, "next_steps": plan_next_steps(plan)},
    )


@citizen_required
def citizen_access_log(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    page = Paginator(access_log_for_citizen(citizen), 50).get_page(request.GET.get("side"))
    return render(
        request, "selfservice/citizen_access_log.html", {"citizen": citizen, "page": page}
    )
