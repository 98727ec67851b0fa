"""The JSON API, `/api/v1/`: one NinjaAPI mounting each app's router.

Two ways in: an organisation system sends its API key in the `X-API-Key` header; a person uses
their logged-in session (with the CSRF token for writes). Both become an `Actor`, and every
handler goes through the same services and access gate as the pages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import APIKeyHeader, SessionAuth

from kontaktforloeb.booking.api import refusal_status
from kontaktforloeb.booking.api import router as booking_router
from kontaktforloeb.cases.api import router as cases_router
from kontaktforloeb.cases.selectors import CitizenNotFound
from kontaktforloeb.cv.api import router as cv_router
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.api_keys import api_key_authenticate
from kontaktforloeb.organisations.models import User
from kontaktforloeb.rules import BookingRuleError, EventError
from kontaktforloeb.workspace.api import router as workspace_router


class OrganisationKey(APIKeyHeader):
    """`X-API-Key: kf_…`, created with `kontaktforloeb create-api-key ORG`."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        api_key = api_key_authenticate(key or "")
        return Actor.of_api_key(api_key) if api_key is not None else None


class PersonSession(SessionAuth):
    """The browser session of a logged-in citizen or caseworker."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = super().authenticate(request, key)
        return Actor.of_user(user) if isinstance(user, User) else None


def _english(request: HttpRequest) -> bool:
    return bool(getattr(request, "LANGUAGE_CODE", "da").startswith("en"))


class MalformedJson(ValueError):
    """A request body that is not JSON; answered 422 like any other invalid body."""


# What no text of ours holds: NUL (PostgreSQL refuses it), the other control characters but tab,
# line feed and carriage return, and half a surrogate pair (no UTF-8 for it), which JSON can spell.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class UnstorableText(MalformedJson):
    """A text in the body (a value or a key) holding a character of `UNSTORABLE`, at `loc`."""

    def __init__(self, loc: list[str | int]) -> None:
        super().__init__(f"unstorable character at {loc}")
        self.loc = loc


def _refuse_unstorable(value: Any, loc: list[str | int]) -> None:
    if isinstance(value, str):
        if UNSTORABLE.search(value):
            raise UnstorableText(loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key, [*loc, key])
            _refuse_unstorable(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_unstorable(item, [*loc, index])


def _no_constant(name: str) -> Any:
    """NaN and Infinity, which Python's JSON reads and JSON (and PostgreSQL's) has not."""
    raise ValueError(f"{name} is not a JSON value")


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            body = json.loads(request.body, parse_constant=_no_constant)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError alike
            raise MalformedJson(str(error)) from error
        except RecursionError as error:  # "[[[[…" nested deeper than the parser goes
            raise MalformedJson("nested too deeply") from error
        _refuse_unstorable(body, ["body"])
        return body


class KontaktforloebAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        """After the operations, anything else under the API is a JSON 404 — also an id that is
        not a number, which no operation's path matches — never the site's HTML page."""
        return [*super()._get_urls(), re_path(r"^", csrf_exempt(self._not_found))]

    def _not_found(self, request: HttpRequest) -> HttpResponse:
        return self.create_response(request, {"detail": "Not found."}, status=404)


api = KontaktforloebAPI(
    title="Kontaktforløb API",
    version="1",
    description=(
        "Events in and out of citizens' contact courses, for a-kasse and municipal case systems "
        "and for the project's own pages. See docs/api.md for examples."
    ),
    auth=[OrganisationKey(), PersonSession()],
    urls_namespace="api",
    parser=JsonParser(),
)
api.add_router("/citizens", cases_router)
api.add_router("/citizens", "kontaktforloeb.cases.registration_api.router")
api.add_router("", booking_router)
api.add_router("", workspace_router)
api.add_router("", "kontaktforloeb.cases.exemptions_api.router")
api.add_router("", "kontaktforloeb.cases.consequences_api.router")
api.add_router("/offers", "kontaktforloeb.offers.api.router")
api.add_router("/cv", cv_router)
api.add_router("/joblog", "kontaktforloeb.joblog.api.router")
api.add_router("/statistics", "kontaktforloeb.statistics.api.router")
api.add_router("/statistics", "kontaktforloeb.statistics.capacity_api.router")
api.add_router("/statistics", "kontaktforloeb.statistics.whatif_api.router")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's errors as `{"detail"}`; a body that is not JSON as a validation error at `body`."""
    if isinstance(exc.__cause__, UnstorableText):
        what = (
            "The text holds a character that cannot be stored (a control character such as NUL, "
            "or half a surrogate pair). Nothing was stored."
            if _english(request)
            else "Teksten indeholder et tegn, der ikke kan gemmes (et kontroltegn som NUL eller "
            "et halvt surrogatpar). Intet er gemt."
        )
        item = {"loc": exc.__cause__.loc, "msg": what, "type": "string_unstorable"}
        return api.create_response(request, {"detail": [item]}, status=422)
    if isinstance(exc.__cause__, MalformedJson):
        what = "The body is not valid JSON" if _english(request) else "Kroppen er ikke gyldig JSON"
        item = {"loc": ["body"], "msg": f"{what}: {exc.__cause__}", "type": "json_invalid"}
        return api.create_response(request, {"detail": [item]}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(CitizenNotFound)
def citizen_not_found(request: HttpRequest, exc: CitizenNotFound) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(EventError)
def invalid_event(request: HttpRequest, exc: EventError) -> HttpResponse:
    detail: dict[str, Any] = {
        "loc": ["body", "events", exc.index, exc.field],
        "msg": str(exc),
        "type": "invalid_event",
    }
    return api.create_response(request, {"detail": [detail]}, status=422)


@api.exception_handler(BookingRuleError)
def booking_refused(request: HttpRequest, exc: BookingRuleError) -> HttpResponse:
    """A refusal by the booking rules, in the request's language (`Accept-Language`); nothing was
    changed. 409: the time was just taken (choose another); 403: not yours to do; else 422."""
    body = {
        "detail": exc.message("en" if _english(request) else "da"),
        "rule": exc.rule or None,
    }
    return api.create_response(request, body, status=refusal_status(exc))
