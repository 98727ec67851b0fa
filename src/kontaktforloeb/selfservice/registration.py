"""Registering as unemployed ("Meld dig ledig"): the citizen after MitID, and a caseworker for
someone who walks in. Both pages call the one registration service; a refusal is shown at the
form in the user's language, and nothing is stored.

The citizen's CPR number and name are the ones MitID vouched for (kept in the session for a
short while by the log-in), never typed: nobody can register someone else here."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import get_language, gettext

from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.registration import (
    AlreadyRegistered,
    NotResponsible,
    RegistrationRefused,
    citizen_register,
)
from kontaktforloeb.cases.registration_forms import (
    SelfRegistrationForm,
    StaffRegistrationForm,
    today_initial,
)
from kontaktforloeb.cases.selectors import CitizenNotFound
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.organisations.oidc import REGISTRATION_SESSION_KEY, registration_pending
from kontaktforloeb.web.views import citizen_required, staff_required

from .views import _with_actions

MITID_BACKEND = "kontaktforloeb.organisations.oidc.MitIDBackend"


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _fields(form: forms.Form) -> list[tuple[forms.BoundField, str]]:
    return [
        (field, "radio" if isinstance(field.field.widget, forms.RadioSelect) else "field")
        for field in form
    ]


def register(request: HttpRequest) -> HttpResponse:
    """ "Meld dig ledig": the person MitID vouched for, whom the system does not know yet."""
    pending = registration_pending(request)
    if pending is None:
        messages.info(
            request,
            gettext("Log ind med MitID først. Derefter kan du melde dig ledig."),
        )
        return redirect("web:login")
    form = SelfRegistrationForm(
        request.POST if request.method == "POST" else None, initial=today_initial(today())
    )
    name = f"{pending['first_name']} {pending['last_name']}".strip()
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    # A random name: a hash of a CPR number is no pseudonym.
                    username=f"mitid-{secrets.token_hex(10)}",
                    first_name=pending["first_name"],
                    last_name=pending["last_name"],
                    email=form.cleaned_data.get("email", ""),
                    role=User.Role.CITIZEN,
                )
                registration = form.registration(
                    pending["cpr"],
                    pending["first_name"] or gettext("Ukendt"),
                    pending["last_name"] or gettext("Ukendt"),
                )
                citizen_register(actor=Actor.of_user(user), registration=registration, user=user)
        except AlreadyRegistered:
            request.session.pop(REGISTRATION_SESSION_KEY, None)
            messages.info(
                request,
                gettext("Du er allerede meldt ledig. Log ind med MitID igen for at se din plan."),
            )
            return redirect("web:login")
        except RegistrationRefused as error:
            form.add_error("first_day", error.message(_lang()))
        else:
            request.session.pop(REGISTRATION_SESSION_KEY, None)
            login(request, user, backend=MITID_BACKEND)
            translation.activate(registration.language)
            response = redirect("registration:receipt")
            request.session["language"] = registration.language
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                registration.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "registration/register.html",
        {"form": form, "fields": _fields(form), "name": name},
    )


@citizen_required
def receipt(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    """What happens next and by when: the first interview's deadline with its reason, the CV."""
    stored = plan_current(citizen)
    items = PlanItem.objects.filter(citizen=citizen)
    first = items.filter(kind=PlanItem.Kind.INTERVIEW, number=1).first()
    cv = items.filter(kind=PlanItem.Kind.CV).first()
    rows = _with_actions(citizen, [item for item in (first, cv) if item is not None])
    return render(
        request,
        "registration/receipt.html",
        {"citizen": citizen, "plan": stored, "rows": rows},
    )


def _staff_defaults(actor: Actor) -> dict[str, Any]:
    initial = today_initial(today())
    organisation = actor.organisation
    if organisation is not None and organisation.kind == Organisation.Kind.JOBCENTER:
        initial["municipality"] = organisation.pk
    elif organisation is not None:
        initial["akasse"] = organisation.pk
        initial["group"] = "dagpenge"
    return initial


@staff_required
def register_walk_in(request: HttpRequest, actor: Actor) -> HttpResponse:
    """A caseworker registers someone who walks in, by CPR number: an existing citizen is
    opened, never registered twice."""
    form = StaffRegistrationForm(
        request.POST if request.method == "POST" else None, initial=_staff_defaults(actor)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen = citizen_register(
                actor=actor,
                registration=form.registration(data["cpr"], data["first_name"], data["last_name"]),
            )
        except AlreadyRegistered as known:
            messages.info(
                request,
                gettext("%(name)s er allerede registreret. Her er sagen.")
                % {"name": known.citizen.name},
            )
            return redirect("web:case_detail", known.citizen.pk)
        except CitizenNotFound:
            form.add_error(
                "cpr",
                gettext(
                    "Personen kan ikke registreres af jer. Er personen flyttet, registreres "
                    "flytningen af den kommune, der har sagen."
                ),
            )
        except NotResponsible as error:
            form.add_error("municipality", error.message(_lang()))
        except RegistrationRefused as error:
            form.add_error("first_day", error.message(_lang()))
        else:
            messages.success(
                request,
                gettext("%(name)s er meldt ledig, og planen er lavet.") % {"name": citizen.name},
            )
            return redirect("web:case_detail", citizen.pk)
    return render(
        request,
        "registration/register_staff.html",
        {"form": form, "fields": _fields(form)},
    )


app_name = "registration"
urlpatterns = [
    path("meld-dig-ledig/", register, name="register"),
    path("meld-dig-ledig/kvittering/", receipt, name="receipt"),
    path("sager/registrer/", register_walk_in, name="register_walk_in"),
]
