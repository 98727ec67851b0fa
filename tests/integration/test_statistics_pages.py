"""The managers' pages and API: who may open them (a manager their organisation's, the
administrator every one, caseworkers 404 on pages and 403 in the API), the figures as a manager
reads them, the lists behind the numbers (scoped, access-logged), CSV, the charts inline with
their tables, the API's statuses, and a bounded number of queries per page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.exemptions import exemption_share
from tests.support import factories
from tests.support import statistics_population as sp
from tests.support.statistics_population import TODAY, Population

TIMELINESS = "/statistik/rettidighed/"
EXEMPTIONS = "/statistik/undtagelser/"


@pytest.fixture
def pop(db: None) -> Iterator[Population]:
    population = sp.build()
    with sp.on(TODAY):
        yield population


def page(client, user, url: str, lang: str = "da") -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_who_may_open_the_pages(client, pop):
    for url in (TIMELINESS, EXEMPTIONS, f"{TIMELINESS}borgere/?maal=due"):
        assert client.get(url).status_code == 302  # the log-in page
        client.force_login(pop.caseworker)
        assert client.get(url).status_code == 404
        citizen_user = factories.citizen(pop.jc, with_user=True).user
        client.force_login(citizen_user)
        assert client.get(url).status_code == 404
        client.force_login(pop.manager)
        assert client.get(url).status_code == 200
        client.force_login(pop.administrator)
        assert client.get(url).status_code == 200
        client.logout()
    # Another organisation than the manager's own is not found.
    client.force_login(pop.manager)
    assert client.get(f"{TIMELINESS}?organisation={pop.ak.pk}").status_code == 404
    assert client.get(f"{EXEMPTIONS}?organisation={pop.ak.pk}").status_code == 404


def test_the_manager_reads_the_month_and_every_number_links_to_its_people(client, pop):
    html = page(client, pop.manager, f"{TIMELINESS}?maaned=2026-08")
    assert "Rettidighed: 33,3 % (2 af 6 afgjorte samtaler holdt til tiden)." in html
    assert "Samtaler med frist i august 2026" in html
    overdue = "/statistik/rettidighed/borgere/?maaned=2026-08&amp;maal=overdue"
    assert f'<a href="{overdue}">3</a>' in html
    # Each table has its chart (inline SVG named by its summary) and its CSV.
    for slug in ("trend", "efter-ansvarlig", "efter-gruppe", "efter-sagsbehandler", "varighed"):
        assert f'id="{slug}-table"' in html
        assert f'aria-labelledby="{slug}-summary"' in html
        assert f"/statistik/rettidighed/{slug}.csv?maaned=2026-08" in html
    # D1's first interview was held by the a-kasse's caseworker, named with her organisation.
    assert "Alma Akasse (A-kasse Test)" in html
    assert html.count("<svg") >= 6 and "<script" not in html.split("<main")[1]
    assert "style=" not in html.split("<main")[1]
    # The staff start page links to it for managers.
    assert "/statistik/rettidighed/" in page(client, pop.manager, "/sager/")


def test_english(client, pop):
    html = page(client, pop.manager, f"{TIMELINESS}?maaned=2026-08", lang="en")
    assert "Timeliness: 33.3 % (2 of 6 decided interviews held on time)." in html
    assert "Interviews with a deadline in August 2026" in html


def test_a_bad_month_is_named_at_its_field_and_the_current_month_shown(client, pop):
    html = page(client, pop.manager, f"{TIMELINESS}?maaned=2026-13")
    assert "Måneden skal skrives ÅÅÅÅ-MM" in html
    assert "Samtaler med frist i november 2026" in html


def test_the_list_behind_a_number_is_scoped_and_logged(client, pop):
    client.force_login(pop.manager)
    url = f"{TIMELINESS}borgere/?maaned=2026-08&maal=overdue"
    before = AccessLogEntry.objects.count()
    html = client.get(url).content.decode()
    for name in ("K5 Testesen", "K7 Testesen", "K8 Testesen"):
        assert name in html
    assert "O1 Testesen" not in html  # Aarhus
    logged = AccessLogEntry.objects.filter(user=pop.manager).order_by("citizen__first_name")
    assert AccessLogEntry.objects.count() == before + 3
    assert [entry.citizen.first_name for entry in logged] == ["K5", "K7", "K8"]
    assert logged[0].why == "Rettidighed: overdue 2026-08" and logged[0].what == "plan"
    # A breakdown's cell narrows the list: the a-kasse's interviews of October.
    html = client.get(f"{TIMELINESS}borgere/?maaned=2026-10&maal=exempted&ansvarlig=akasse")
    assert "D1 Testesen" in html.content.decode()
    # The administrator sees Aarhus too.
    client.force_login(pop.administrator)
    assert "O1 Testesen" in client.get(url).content.decode()
    # The duration bands' lists.
    client.force_login(pop.manager)
    band = client.get(f"{TIMELINESS}borgere/?maaned=2026-11&interval=1&maal=met").content.decode()
    assert "D1 Testesen" in band and "K1 Testesen" in band and "K5 Testesen" not in band
    assert client.get(f"{TIMELINESS}borgere/?maal=nonsense").status_code == 404


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def test_every_table_is_csv(client, pop):
    client.force_login(pop.manager)
    response = client.get(f"{TIMELINESS}trend.csv?maaned=2026-08")
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response.content)
    assert rows[0][:4] == ["Måned", "Skulle holdes", "Holdt til tiden", "Holdt for sent"]
    assert ["August 2026", "6", "2", "1", "3", "0", "0", "0", "33.3"] in [
        [row[0].capitalize(), *row[1:]] for row in rows
    ]
    holders = rows_of(client.get(f"{TIMELINESS}efter-ansvarlig.csv?maaned=2026-08").content)
    assert holders[1][:3] == ["Kommunen", "5", "1"]
    bands = rows_of(client.get(f"{TIMELINESS}varighed.csv?maaned=2026-11").content)
    assert bands[1] == ["0–3 måneder", "5", "4", "2", "3", "2", "60.0"]
    months = rows_of(client.get(f"{EXEMPTIONS}interviews-maaneder.csv").content)
    assert months[-1][2:] == ["10", "1", "10.0", "25.0", "Under grænsen"]
    people = client.get(f"{TIMELINESS}borgere/?maaned=2026-08&maal=overdue&format=csv")
    assert sorted(row[0] for row in rows_of(people.content)[1:]) == [
        "K5 Testesen",
        "K7 Testesen",
        "K8 Testesen",
    ]
    assert client.get(f"{TIMELINESS}nonsense.csv").status_code == 404


def test_the_exemption_page_shows_the_forms_number(client, pop):
    html = page(client, pop.manager, EXEMPTIONS)
    share, _ = exemption_share(pop.jc, on=TODAY)
    assert share.text("da") == "10,0 %"
    assert "Andel undtaget de seneste 12 måneder: 10,0 %" in html
    assert "1 af 10 borgere er undtaget: 10,0 %, grænsen er 25 %." in html
    assert 'id="kind-offer"' in html  # the municipality's offers
    html = page(client, pop.ak_manager, EXEMPTIONS)
    assert "Andel undtaget de seneste 12 måneder: 50,0 %" in html
    assert "Over grænsen" in html and 'id="kind-offer"' not in html
    client.force_login(pop.ak_manager)
    listed = client.get(f"{EXEMPTIONS}borgere/?art=interviews&maal=exempted").content.decode()
    assert "D1 Testesen" in listed and "S21 Testesen" not in listed
    assert client.get(f"{EXEMPTIONS}borgere/?art=offer&maal=exempted").status_code == 404
    # The administrator: every organisation, then one.
    html = page(client, pop.administrator, EXEMPTIONS)
    assert "A-kasse Test" in html and "Jobcenter Aarhus" in html
    html = page(client, pop.administrator, f"{EXEMPTIONS}?organisation={pop.jc.pk}")
    assert "Andel undtaget de seneste 12 måneder: 10,0 %" in html


def test_the_exemption_page_warns_before_the_limit(client, pop, settings):
    settings.STATISTICS_EXEMPTION_WARN_PERCENT = 10
    html = page(client, pop.manager, EXEMPTIONS)
    assert "Nær grænsen" in html and "Andelen nærmer sig grænsen (advarsel fra 10 %)." in html


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_make_no_query_per_citizen(client, pop):
    client.force_login(pop.manager)
    urls = [
        f"{TIMELINESS}?maaned=2026-08",
        EXEMPTIONS,
        f"{TIMELINESS}borgere/?maal=due&maaned=2027-02",
    ]
    before = [queries(client, url) for url in urls]
    for number in range(6):
        sp.register(pop.jc, TODAY, f"Ny{number}")
    with sp.on(TODAY):
        assert [queries(client, url) for url in urls] == before
    assert before[0] <= 20 and before[1] <= 40, before


# --- The API -------------------------------------------------------------------------------------


def api(client, url: str, key: str | None = None, lang: str = "da"):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key:
        headers["HTTP_X_API_KEY"] = key
    return client.get(url, **headers)


def test_the_api_gives_the_pages_figures(client, pop):
    key = factories.api_key(pop.jc)
    response = api(client, "/api/v1/statistics/timeliness?month=2026-08", key)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organisation"]["name"] == "Jobcenter København"
    assert body["totals"] == {
        "due": 6,
        "on_time": 2,
        "late": 1,
        "overdue": 3,
        "open": 0,
        "exempted": 0,
        "lapsed": 0,
        "rate": 33.3,
    }
    assert [row["month"] for row in body["trend"]][-1] == "2026-08"
    assert {row["key"]: row["due"] for row in body["by_holder"]} == {"jobcenter": 5, "akasse": 1}
    assert body["by_organisation"] is None and body["by_caseworker"] is not None
    assert body["duration_bands"][0]["band"] == "0-3"
    share = api(client, "/api/v1/statistics/exemptions", key).json()
    form, _ = exemption_share(pop.jc, on=TODAY)
    assert share["rolling"] == {
        "exempted": form.exempted,
        "citizens": form.citizens,
        "percent": 10.0,
        "limit": 25,
        "status": "within",
    }
    assert share["months"][-1]["month"] == "2026-11"
    offers = api(client, "/api/v1/statistics/exemptions?kind=offer", key).json()
    assert offers["rolling"]["exempted"] == 1


def test_the_api_for_sessions_and_its_refusals(client, pop):
    url = "/api/v1/statistics/timeliness"
    assert api(client, url).status_code == 401
    client.force_login(pop.caseworker)
    assert api(client, url).status_code == 403
    client.force_login(pop.ak_manager)
    assert api(client, f"{url}?month=2026-10").json()["totals"]["exempted"] == 1
    assert api(client, f"{url}?organisation={pop.jc.pk}").status_code == 404
    bad = api(client, f"{url}?month=2026-13", lang="en")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "month"]
    assert "YYYY-MM" in bad.json()["detail"][0]["msg"]
    assert api(client, f"{url}?holder=nobody").status_code == 422
    assert api(client, f"{url}?caseworker=abc").status_code == 422
    refused = api(client, "/api/v1/statistics/exemptions?kind=offer")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "kind"]
    client.force_login(pop.administrator)
    everyone = api(client, f"{url}?month=2026-08").json()
    assert everyone["organisation"] is None and everyone["totals"]["overdue"] == 4
    assert api(client, f"{url}?organisation=999999").status_code == 404
    shares = api(client, "/api/v1/statistics/exemptions").json()
    assert {row["organisation"]["name"] for row in shares["by_organisation"]} >= {
        "A-kasse Test",
        "Jobcenter København",
    }


def test_the_openapi_schema_documents_every_status(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/statistics/timeliness", "/api/v1/statistics/exemptions"):
        responses = schema["paths"][path]["get"]["responses"]
        assert set(responses) >= {"200", "401", "403", "404", "422"}
    assert reverse("statistics:timeliness") == TIMELINESS
