"""`/api/v1/statistics/what-if` on the known population: the page's figures for an organisation's
key and for sessions, its refusals (401, 403, 404, 422 with the field) and its OpenAPI schema."""

from __future__ import annotations

from tests.integration import test_statistics_whatif as known
from tests.support import factories

pop = known.pop  # the known population, seen on TODAY
URL = "/api/v1/statistics/what-if"


def api(client, url: str, key: str | None = None, lang: str = "da"):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key:
        headers["HTTP_X_API_KEY"] = key
    return client.get(url, **headers)


def counts(akasse=0, jobcenter=0, anden_aktoer=0):
    return {
        "akasse": akasse,
        "jobcenter": jobcenter,
        "anden_aktoer": anden_aktoer,
        "total": akasse + jobcenter + anden_aktoer,
    }


def test_the_api_gives_the_pages_figures(client, pop):
    key = factories.api_key(pop.jc)
    response = api(client, f"{URL}?ruleset=LEAFLET-2024", key)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organisation"]["name"] == "Jobcenter København"
    assert body["today"] == "2026-11-16" and body["weeks"] == 12 and body["citizens"] == 11
    assert body["scenario"] == {
        "ruleset": "LEAFLET-2024",
        "values": [],
        "engine_ruleset": "LEAFLET-2024",
    }
    assert len(body["demand"]) == 12
    assert body["demand"][0] == {
        "week_start": "2026-11-16",
        "today": counts(jobcenter=1),
        "scenario": counts(jobcenter=1),
        "difference": 0,
    }
    assert body["demand"][10]["scenario"] == counts(jobcenter=6)
    assert body["demand"][10]["difference"] == 1
    assert body["overdue"] == {
        "today": counts(1, 6),
        "scenario": counts(4, 7),
        "difference": 4,
    }
    assert body["timeliness"]["today"] == {"on_time": 1, "late": 1, "overdue": 4, "rate": 16.7}
    assert body["timeliness"]["scenario"]["overdue"] == 7


def test_a_value_under_the_law_in_force(client, pop):
    client.force_login(pop.manager)
    body = api(client, f"{URL}?akasse_count=3&weeks=26").json()
    assert body["weeks"] == 26 and len(body["demand"]) == 26
    assert body["scenario"]["ruleset"] is None
    assert body["scenario"]["values"] == [
        {"key": "akasse_count", "parameter": "interviews/dagpenge_akasse_count", "value": 3}
    ]
    assert body["scenario"]["engine_ruleset"].startswith("WHATIF-")
    assert body["overdue"]["scenario"] == counts(2, 6)


def test_the_api_for_sessions_and_its_refusals(client, pop):
    assert api(client, URL).status_code == 401
    client.force_login(pop.caseworker)
    assert api(client, URL).status_code == 403
    assert api(client, f"{URL}/parameters").status_code == 403
    client.force_login(pop.manager)
    assert api(client, f"{URL}?organisation={pop.other_jc.pk}").status_code == 404
    for query, field in (
        ("ruleset=RS1999", "ruleset"),
        ("weeks=13", "weeks"),
        ("akasse_count=7", "akasse_count"),
        ("handover_hours=1.5", "handover_hours"),
        ("organisation=abc", "organisation"),
    ):
        bad = api(client, f"{URL}?{query}", lang="en")
        assert bad.status_code == 422, query
        assert bad.json()["detail"][0]["loc"] == ["query", field]
    message = api(client, f"{URL}?akasse_count=7").json()["detail"][0]["msg"]
    assert message == (
        "A-kassens samtaler i de første måneder skal være et helt tal fra 1 til 6, ikke »7«."
    )
    client.force_login(pop.administrator)
    everyone = api(client, URL).json()
    assert everyone["organisation"] is None and everyone["citizens"] == 12
    assert api(client, f"{URL}?organisation=999999").status_code == 404


def test_what_may_be_varied(client, pop):
    client.force_login(pop.manager)
    body = api(client, f"{URL}/parameters", lang="en").json()
    assert body["rulesets"] == ["RS2020", "LEAFLET-2024", "RS2026-07", "RS2027"]
    assert body["weeks"] == [12, 26]
    handover = next(p for p in body["parameters"] if p["key"] == "handover_hours")
    assert handover == {
        "key": "handover_hours",
        "parameter": "handover/dagpenge_hours_threshold",
        "rule": "R3",
        "label": "Paid hours before the handover to the municipality",
        "minimum": 160,
        "maximum": 1000,
        "unit": "hours",
    }


def test_the_openapi_schema_documents_every_status(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (URL, f"{URL}/parameters"):
        responses = schema["paths"][path]["get"]["responses"]
        assert set(responses) >= {"200", "401", "403", "404", "422"}
        for status in ("401", "403", "404", "422"):
            assert responses[status]["content"]["application/json"]["schema"]
