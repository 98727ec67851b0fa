"""Pages shared by every role: start, log-in, demo log-in and error pages, and the gates
(`citizen_required`, `staff_required`) every other app's pages go through.

Views are thin: they find the actor, call one selector or service, and render.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.selectors import CitizenNotFound
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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400; 413 with what to do when the body was larger than Django takes (its size or number of
    fields, DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS): nothing was read, so
    nothing was stored."""
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        if request.path.startswith("/api/"):
            detail = gettext("Det, du sendte, er for stort til, at vi kan tage imod det.")
            stored = gettext("Intet er gemt.")
            body = {"detail": f"{detail} {stored}", "rule": None}
            return JsonResponse(body, status=413)
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database cannot be reached (a restart, a fail-over): then the
    request changed nothing, and the answer says to try again, to people and to the API."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "detail": gettext(
                        "Tjenesten er kortvarigt utilgængelig. Intet er ændret; prøv igen."
                    )
                },
                status=503,
            )
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response
    return render(request, "500.html", status=500)
