"""Pages shared by every role: start, log-in, demo log-in, error pages, and the first case pages.

Views are thin: they find the actor, call one selector or service, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kontaktforloeb.audit.selectors import access_log_for_citizen
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plan_current, plan_next_steps, plan_timeline, today
from kontaktforloeb.cases.selectors import (
    CitizenNotFound,
    citizen_events,
    citizen_get,
    citizen_search,
    interviews_due_soon,
)
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User

from .forms import StaffLoginForm

View = Callable[..., HttpResponse]


def _login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(f"{reverse('web:login')}?next={request.get_full_path()}")


def citizen_required(view: View) -> View:
    """Logged in as a citizen with a case; staff get 404 here, the anonymous the log-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return _login_redirect(request)
        assert isinstance(user, User)
        citizen = Citizen.objects.select_related("jobcenter", "akasse").filter(user=user).first()
        if not user.is_citizen or citizen is None:
            raise Http404
        return view(request, citizen, *args, **kwargs)

    return wrapper


def staff_required(view: View) -> View:
    """Logged in as staff of an organisation; citizens get 404, the anonymous the log-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return _login_redirect(request)
        assert isinstance(user, User)
        if not user.is_staff_member:
            raise Http404
        try:
            return view(request, Actor.of_user(user), *args, **kwargs)
        except CitizenNotFound:
            raise Http404 from None

    return wrapper


def start(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("web:login")
    assert isinstance(user, User)
    if user.is_citizen:
        return redirect("web:citizen_home")
    if user.is_staff_member:
        return redirect("web:staff_home")
    return redirect("admin:index")


class StaffLoginView(LoginView):
    """Username and password for staff (argon2; django-axes locks out repeated failures).
    Citizens are pointed to MitID."""

    template_name = "web/login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["mitid_enabled"] = bool(settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


def demo_login(request: HttpRequest) -> HttpResponse:
    """Demo mode only: every demo user, and a one-click log-in as any of them."""
    if not settings.DEMO_MODE:
        raise Http404
    demo_users = User.objects.filter(username__startswith="demo-").select_related("organisation")
    if request.method == "POST":
        chosen = request.POST.get("user", "")
        user = demo_users.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if user is None:
            raise Http404
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("web:start")
    staff = demo_users.exclude(role=User.Role.CITIZEN).order_by("organisation__name", "role")
    citizens = (
        Citizen.objects.filter(user__in=demo_users)
        .select_related("user", "jobcenter", "akasse")
        .order_by("last_name")
    )
    return render(request, "web/demo_login.html", {"staff": staff, "citizens": citizens})


@citizen_required
def citizen_home(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    plan = plan_current(citizen)
    return render(
        request,
        "web/citizen_home.html",
        {"citizen": citizen, "plan": plan, "next_steps": plan_next_steps(plan)},
    )


@citizen_required
def citizen_access_log(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    page = Paginator(access_log_for_citizen(citizen), 50).get_page(request.GET.get("side"))
    return render(request, "web/citizen_access_log.html", {"citizen": citizen, "page": page})


# The first worklist on the staff start page: interviews due within this many days, not booked.
DUE_SOON_DAYS = 14


@staff_required
def staff_home(request: HttpRequest, actor: Actor) -> HttpResponse:
    query = request.GET.get("q", "")
    citizens = citizen_search(actor=actor, query=query)
    page = Paginator(citizens, 25).get_page(request.GET.get("side"))
    due = interviews_due_soon(actor=actor, on=today(), days=DUE_SOON_DAYS)
    return render(
        request,
        "web/staff_home.html",
        {
            "query": query,
            "page": page,
            "total": page.paginator.count,
            "due_count": due.count(),
            "due": due[:10],
            "due_days": DUE_SOON_DAYS,
        },
    )


@staff_required
def case_detail(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="case", why="Sagen åbnet")
    return render(request, "web/case_detail.html", _case_context(citizen))


@staff_required
@require_POST
def case_reveal_cpr(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    """Show the full CPR number; the read is written to the citizen's access log."""
    citizen = citizen_get(
        actor=actor, citizen_id=citizen_id, what="cpr", why="Fuldt CPR-nummer vist"
    )
    return render(request, "web/case_detail.html", {**_case_context(citizen), "cpr_revealed": True})


def _case_context(citizen: Citizen) -> dict[str, Any]:
    plan = plan_current(citizen)
    return {
        "citizen": citizen,
        "events": citizen_events(citizen),
        "plan": plan,
        "plan_items": plan_timeline(plan),
    }


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
