"""Who may open what: every page of the URL configuration and every operation of the OpenAPI
schema, visited as every role of an organisation, of another organisation and anonymously.

The URLs and operations are discovered, not listed: a new page must be given its row in
`MATRIX` (the test fails until it is), and a new API operation is covered as it is added. The
promises (docs/security.md):

- the anonymous reach only the public pages; any other page sends them to log in, and the API
  answers 401;
- a citizen reaches only citizens' pages and their own things; staff pages answer 404, as if
  they did not exist;
- staff reach only staff pages, and only their own organisation's citizens and things: another
  organisation's citizen, booking or free time answers 404, exactly like one that does not exist;
  citizens' pages answer 404; the managers' pages are for managers and the administrator;
- Django's admin is for the administrator's superusers only;
- every page that accepts a form refuses it without the CSRF token (403), and no page served has
  an inline script, an inline style or an event-handler attribute (the Content-Security-Policy
  forbids them, so they would not work).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kontaktforloeb.organisations.models import User
from tests.support import factories

# What each page answers a GET (and, where a GET is 405, a POST with no fields: "405/404")
# from each role. The citizen is Anna, of Jobcenter København and A-kasse Et; her caseworkers,
# the a-kasse's caseworker and København's manager are hers; the manager of Aarhus is another
# organisation's. Every other id in a path names nothing of the visitor's (a missing one: the
# same answer as another's, 404). The administrator has no organisation: no case pages.
ROLES = ("anonymous", "citizen", "caseworker", "akasse", "manager", "other manager", "admin")
# fmt: off
MATRIX: dict[str, str] = {
    "booking:caseworker_week": "302 404 404 404 404 404 404",
    "booking:exception_delete": "302 404 405/404 405/404 405/404 405/404 404",
    "booking:exception_new": "302 404 200 200 404 404 404",
    "booking:pattern_delete": "302 404 405/404 405/404 405/404 405/404 404",
    "booking:pattern_edit": "302 404 404 404 404 404 404",
    "booking:pattern_new": "302 404 200 200 404 404 404",
    "booking:patterns": "302 404 200 200 404 404 404",
    "booking:slot_toggle": "302 404 405/404 405/404 405/404 405/404 404",
    "booking:team": "302 404 404 404 200 200 404",
    "booking:week": "302 404 200 200 302 302 404",

    "cv:download": "302 200 404 404 404 404 404",
    "cv:page": "302 200 404 404 404 404 404",

    "cv_staff:approve": "302 404 405/200 405/404 405/200 405/404 404",
    "cv_staff:list": "302 404 200 200 200 200 404",
    "cv_staff:return": "302 404 405/200 405/404 405/200 405/404 404",
    "cv_staff:review": "302 404 200 404 200 404 404",

    "joblog:add": "302 200 404 404 404 404 404",
    "joblog:delete": "302 404 404 404 404 404 404",
    "joblog:edit": "302 404 404 404 404 404 404",
    "joblog:export": "302 200 404 404 404 404 404",
    "joblog:list": "302 200 404 404 404 404 404",

    "joblog_staff:citizen": "302 404 200 200 200 404 404",
    "joblog_staff:inactive": "302 404 200 200 200 200 404",
    "joblog_staff:requirement": "302 404 405/200 405/200 405/200 405/404 404",

    "notifications:gatewayapi_delivery_status": "405/404 405/404 405/404 405/404 405/404 405/404 405/404",

    "offers:citizen": "302 404 200 200 200 404 404",
    "offers:create": "302 404 200 404 200 404 404",
    "offers:mine": "302 200 404 404 404 404 404",
    "offers:participate": "302 405/404 404 404 404 404 404",
    "offers:recommend": "302 404 404 200 404 404 404",
    "offers:recommendation": "302 404 404 404 404 404 404",
    "offers:recommendations": "302 404 200 200 200 200 404",

    "oidc_authentication_callback": "302 302 302 302 302 302 302",

    "oidc_authentication_init": "302 302 302 302 302 302 302",

    "oidc_logout": "405/302 405/302 405/302 405/302 405/302 405/302 405/302",

    "registration:receipt": "302 200 404 404 404 404 404",
    "registration:register": "302 302 302 302 302 302 302",
    "registration:register_walk_in": "302 404 200 200 200 200 404",

    "selfservice:book": "302 200 404 404 404 404 404",
    "selfservice:book_details": "302 200 404 404 404 404 404",
    "selfservice:inbox": "302 200 404 404 404 404 404",
    "selfservice:interview_request": "302 200 404 404 404 404 404",
    "selfservice:meeting": "302 404 404 404 404 404 404",
    "selfservice:meeting_cancel": "302 404 404 404 404 404 404",
    "selfservice:meeting_ics": "302 404 404 404 404 404 404",
    "selfservice:meeting_preparation": "302 404 404 404 404 404 404",
    "selfservice:meeting_rebook": "302 404 404 404 404 404 404",
    "selfservice:meetings": "302 200 404 404 404 404 404",
    "selfservice:message": "302 404 404 404 404 404 404",
    "selfservice:plan": "302 200 404 404 404 404 404",
    "selfservice:preparation": "302 200 404 404 404 404 404",
    "selfservice:receipt": "302 404 404 404 404 404 404",
    "selfservice:settings": "302 200 404 404 404 404 404",
    "selfservice:trial_choice": "302 404 404 404 404 404 404",

    "set_language": "302 302 302 302 302 302 302",

    "statistics:capacity": "302 404 404 404 200 200 200",
    "statistics:capacity_csv": "302 404 404 404 404 404 404",
    "statistics:capacity_people": "302 404 404 404 404 404 404",
    "statistics:exemptions": "302 404 404 404 200 200 200",
    "statistics:exemptions_csv": "302 404 404 404 404 404 404",
    "statistics:exemptions_people": "302 404 404 404 200 200 404",
    "statistics:index": "302 404 404 404 302 302 302",
    "statistics:timeliness": "302 404 404 404 200 200 200",
    "statistics:timeliness_csv": "302 404 404 404 404 404 404",
    "statistics:timeliness_people": "302 404 404 404 404 404 404",
    "statistics:whatif": "302 404 404 404 200 200 200",

    "web:case_detail": "302 404 200 200 200 404 404",
    "web:case_reveal_cpr": "302 404 405/200 405/200 405/200 405/404 404",
    "web:citizen_access_log": "302 200 404 404 404 404 404",
    "web:citizen_home": "302 200 404 404 404 404 404",
    "web:demo_login": "200 200 200 200 200 200 200",
    "web:login": "200 302 302 302 302 302 302",
    "web:logout": "405/302 405/302 405/302 405/302 405/302 405/302 405/302",
    "web:staff_home": "302 404 200 200 200 200 404",
    "web:start": "302 302 302 302 302 302 302",

    "workspace:consequence_decide": "302 404 404 404 404 404 404",
    "workspace:deadline_new": "302 404 200 200 200 404 404",
    "workspace:event_new": "302 404 404 404 404 404 404",
    "workspace:exemption_end": "302 404 200 404 200 404 404",
    "workspace:exemption_new": "302 404 200 404 200 404 404",
    "workspace:handover": "302 404 200 200 200 200 404",
    "workspace:meetings_day": "302 404 200 200 200 200 404",
    "workspace:move_new": "302 404 200 404 200 404 404",
    "workspace:offer_exemption_end": "302 404 200 404 200 404 404",
    "workspace:offer_exemption_new": "302 404 200 404 200 404 404",
    "workspace:outcome_new": "302 404 404 404 404 404 404",
    "workspace:planned_new": "302 404 200 200 200 404 404",
    "workspace:request_handle": "302 404 404 404 404 404 404",
    "workspace:rules_diff": "302 404 200 200 200 200 404",
    "workspace:selfbooking_edit": "302 404 200 200 200 404 404",
    "workspace:summons_new": "302 404 200 200 200 404 404",
    "workspace:trial_change": "302 404 404 404 404 404 404",
    "workspace:worklist": "302 404 200 200 200 200 404",
}
# fmt: on
# The public pages: open to all, and their redirects lead where the page says.
PUBLIC = {
    "web:start",
    "web:login",
    "web:logout",
    "web:demo_login",
    "registration:register",
    "registration:receipt",
    "set_language",
    "oidc_authentication_callback",
    "oidc_authentication_init",
    "oidc_logout",
    "notifications:gatewayapi_delivery_status",
}
# Public endpoints that take a POST from another machine with their own proof of origin.
CSRF_EXEMPT = {"notifications:gatewayapi_delivery_status", "oidc_authentication_callback"}
# Valid values for path parameters that are not ids.
SLUGS = {
    "slug": "overskredet",
    "consequence": "afmelding",
    "day": "2026-12-01",
    "action": "interview_held",
}
MISSING = 987_654_321
# Django's admin has regular-expression routes.
REGEX_GROUPS = {"app_label": "cases", "url": "cases/citizen/"}

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"""<[a-z][^>]*\sstyle\s*=\s*["']""", re.I),
    re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=\s*["']""", re.I),
]


def _walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))
PAGES = [(name, route) for name, route in ROUTES if not route.startswith("api/")]
SITE = [(name, route) for name, route in PAGES if not name.startswith("admin:")]
ADMIN = [(name, route) for name, route in PAGES if name.startswith("admin:")]


def fill(route: str, citizen_id: int, other_id: int = MISSING) -> str:
    """The route with its parameters filled: ``citizen_id`` for a citizen, ``other_id`` for
    every other id, the values of `SLUGS` for the rest."""

    def value(match: re.Match[str]) -> str:
        converter, name = (match.group(1) or "str"), match.group(2)
        if name == "citizen_id":
            return str(citizen_id)
        if converter == "int" or name.endswith("_id"):
            return str(other_id)
        return SLUGS.get(name, "x")

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: REGEX_GROUPS.get(m.group(1), "x"), route)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "")


@pytest.fixture
def people(world):
    administrator = User.objects.create_superuser(
        username="admin", password=factories.PASSWORD, role=User.Role.ADMINISTRATOR
    )
    return {
        "anonymous": None,
        "citizen": world.anna.user,
        "caseworker": world.jc_kbh_worker,
        "akasse": world.ak_one_worker,
        "manager": world.kbh_manager,
        "other manager": factories.staff(world.jc_aarhus, role=User.Role.MANAGER),
        "admin": administrator,
    }


def client_of(user: User | None, **options: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="da", **options)
    if user is not None:
        client.force_login(user)
    return client


def answer(client: Client, path: str) -> tuple[str, Any]:
    """The GET's status, and where it is 405 the POST's after it; and the last response."""
    response = client.get(path)
    code = str(response.status_code)
    if response.status_code == 405:
        response = client.post(path, {})
        code += f"/{response.status_code}"
    return code, response


def assert_no_inline_code(path: str, response: Any) -> None:
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        for inline in INLINE:
            found = inline.search(body)
            assert found is None, (path, found.group(0) if found else "")


def test_every_page_has_its_row_in_the_matrix():
    names = {name for name, _ in SITE}
    assert not names - MATRIX.keys(), f"add these pages to MATRIX: {sorted(names - MATRIX.keys())}"
    assert not MATRIX.keys() - names, f"gone from the URLs: {sorted(MATRIX.keys() - names)}"


@pytest.mark.parametrize(("name", "route"), SITE)
def test_every_page_answers_every_role_as_promised(people, world, name, route):
    path = fill(route, world.anna.pk)
    promised = MATRIX[name].split()
    for role, user in people.items():
        code, response = answer(client_of(user), path)
        assert code == promised[ROLES.index(role)], (role, path, code)
        if role == "anonymous" and code == "302" and name not in PUBLIC:
            assert response["Location"].startswith("/log-ind/"), (path, response["Location"])
        assert_no_inline_code(path, response)
    if "<int:citizen_id>" in route:
        # Another organisation's citizen (Bo, of Aarhus) is not there for København's caseworker,
        # exactly like one that does not exist.
        for citizen in (world.bo.pk, MISSING):
            code, _ = answer(client_of(people["caseworker"]), fill(route, citizen))
            assert code.split("/")[-1] == "404", (path, citizen, code)


@pytest.mark.parametrize(("name", "route"), ADMIN)
def test_the_admin_is_for_the_administrator_only(people, world, name, route):
    path = fill(route, world.anna.pk)
    for role in ("anonymous", "citizen", "manager", "admin"):
        code, response = answer(client_of(people[role]), path)
        if role == "admin":
            assert int(code.split("/")[-1]) < 500, (path, code)
        elif name in {"admin:login", "admin:logout"}:
            assert code in {"200", "302"}, (role, path, code)
        else:
            assert code.split("/")[-1] == "302", (role, path, code)
            assert response["Location"].startswith("/admin/login/"), (role, path)


@pytest.mark.parametrize(("name", "route"), SITE)
def test_every_page_refuses_a_form_without_the_csrf_token(people, world, name, route):
    if name in CSRF_EXEMPT:
        return
    path = fill(route, world.anna.pk)
    for role in ("anonymous", "citizen", "caseworker", "manager"):
        client = client_of(people[role], enforce_csrf_checks=True)
        response = client.post(path, {"anything": "1"})
        assert response.status_code == 403, (role, path, response.status_code)


def _operations() -> list[tuple[str, str]]:
    from kontaktforloeb.api import api

    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    )


OPERATIONS = _operations()


def _api_path(path: str, citizen_id: int) -> str:
    def value(match: re.Match[str]) -> str:
        return str(citizen_id) if match.group(1) == "citizen_id" else str(MISSING)

    return re.sub(r"\{(?:\w+:)?(\w+)\}", value, path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_api_operation_answers_401_without_credentials(world, method, path):
    response = Client().generic(method, _api_path(path, world.anna.pk), "{}", "application/json")
    assert response.status_code == 401, (method, path, response.status_code)


@pytest.mark.parametrize(
    ("method", "path"), [op for op in OPERATIONS if "{citizen_id}" in op[1].replace("int:", "")]
)
def test_another_organisations_key_finds_no_citizen_of_ours(world, method, path):
    """Aarhus's system asks about Anna (København, A-kasse Et): 404, as for nobody; nothing
    is written."""
    from kontaktforloeb.cases.models import CaseEvent

    key = factories.api_key(world.jc_aarhus)
    before = CaseEvent.objects.count()
    for citizen in (world.anna.pk, MISSING):
        response = Client().generic(
            method, _api_path(path, citizen), "{}", "application/json", HTTP_X_API_KEY=key
        )
        # A body that is not valid is refused before the citizen is looked up (422), which
        # tells nothing about the citizen either.
        assert response.status_code in {404, 422}, (method, path, response.status_code)
    assert CaseEvent.objects.count() == before
