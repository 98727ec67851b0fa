"""The capacity forecast on a known population (tests/support/capacity_population.py): demand
by target week and by deadline week, free times per channel and location, the shortfall week by
week and cumulated, the week boundaries, blocked, booked and past times, overdue interviews in
week 1, the in-person requirement, the a-kasse apart from the municipality; the page, its lists
and CSV, the API and who may see them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.statistics import capacity
from kontaktforloeb.statistics.capacity import WeekFigures
from tests.support import capacity_population as cp
from tests.support import factories
from tests.support.capacity_population import TODAY, Population

PAGE = "/statistik/kapacitet/"
API = "/api/v1/statistics/capacity"


@pytest.fixture
def pop(db: None) -> Iterator[Population]:
    population = cp.build()
    with cp.on(TODAY):
        yield population


def forecast(pop: Population, user=None, organisation=None) -> capacity.Forecast:
    actor = Actor.of_user(user or pop.manager)
    return capacity.forecast(actor, organisation or pop.jc, TODAY)


def need(week: WeekFigures, view: str) -> tuple[int, int]:
    found = week.by_target if view == "target" else week.by_deadline
    return found.in_person, found.any_channel


def test_the_weeks_are_iso_weeks_from_the_current_one():
    weeks = capacity.weeks_from(TODAY)
    assert len(weeks) == 12
    assert (weeks[0].monday, weeks[0].sunday, weeks[0].key) == (
        date(2027, 1, 4),
        date(2027, 1, 10),
        "2027-W01",
    )
    assert (weeks[1].monday, weeks[1].iso) == (date(2027, 1, 11), 2)
    assert weeks[-1].sunday == date(2027, 3, 28)
    # A Sunday is the last day of its week, a Monday the first of the next.
    assert capacity.weeks_from(date(2027, 1, 10))[0].monday == date(2027, 1, 4)
    assert capacity.weeks_from(date(2027, 1, 11))[0].monday == date(2027, 1, 11)


def test_demand_by_target_week_and_by_deadline_week(pop):
    weeks = forecast(pop).weeks
    # (in person, any channel) per week.
    assert [need(week, "deadline") for week in weeks] == [
        (1, 1),  # C due Sunday 10 January; B overdue since December
        (1, 1),  # A due 12 January; D due Monday 11 January
        (0, 5),  # four and the joint interview J
        (4, 0),
        *[(0, 0)] * 8,  # K's deadline is in week 13
    ]
    assert [need(week, "target") for week in weeks] == [
        (2, 1),  # A's target (5 January) has passed: now; C; B
        (0, 1),  # D
        (0, 5),
        (4, 0),
        *[(0, 0)] * 7,
        (0, 1),  # K
    ]
    # The overdue interview is demand now, in week 1, and only there.
    assert (weeks[0].overdue.in_person, weeks[0].overdue.any_channel) == (0, 1)
    assert all(week.overdue.total == 0 for week in weeks[1:])


def test_free_times_per_channel_skip_blocked_booked_and_past_times(pop):
    weeks = forecast(pop).weeks

    def free(week: WeekFigures) -> tuple[int, int, int, int]:
        s = week.supply
        return s.total, s.in_person, s.phone, s.video

    # Week 1: the in-person and the phone time; not the blocked one, not E's booked one, not
    # the one that began at 08:00 today. Week 2: Sunday 23:30 (every channel). Week 3: Monday
    # 00:00 (phone) and two video times. The time in week 13 is not counted.
    assert [free(week) for week in weeks[:5]] == [
        (2, 1, 1, 0),
        (1, 1, 1, 1),
        (3, 0, 1, 2),
        (1, 1, 0, 0),
        (0, 0, 0, 0),
    ]
    assert sum(week.supply.total for week in weeks) == 7


def test_free_times_per_location(pop):
    result = forecast(pop)
    by_place = {row.location_id: [s.total for s in row.weeks[:4]] for row in result.locations}
    assert by_place == {pop.nord.pk: [2, 0, 0, 1], pop.syd.pk: [0, 1, 2, 0], None: [0, 0, 1, 0]}
    places = [row.location_id for row in result.locations]
    assert places == [*sorted([pop.nord.pk, pop.syd.pk]), None]


def test_the_shortfall_is_cumulative_and_in_person_where_needed(pop):
    weeks = forecast(pop).weeks
    # Due so far (all, in person) against free so far:
    # week 1: 2, 1 against 2, 1; week 2: 4, 2 against 3, 2; week 3: 9, 2 against 6, 2;
    # week 4: 13, 6 against 7, 3. So 1 more time by week 2, 3 by week 3, 6 by week 4, of which
    # 3 in person (week 4): the early ones are in-person times, since they serve everyone.
    assert [(w.due_so_far.total, w.due_so_far.in_person) for w in weeks[:4]] == [
        (2, 1),
        (4, 2),
        (9, 2),
        (13, 6),
    ]
    assert [(w.free_so_far.total, w.free_so_far.in_person) for w in weeks[:4]] == [
        (2, 1),
        (3, 2),
        (6, 2),
        (7, 3),
    ]
    assert [(w.publish_in_person, w.publish_any) for w in weeks] == [
        (0, 0),
        (1, 0),
        (2, 0),
        (0, 3),
        *[(0, 0)] * 8,
    ]
    result = forecast(pop)
    # The brief's measure: the most, over the weeks, that cumulated demand exceeds supply.
    assert result.shortfall == max(w.due_so_far.total - w.free_so_far.total for w in weeks) == 6
    assert result.shortfall_in_person == 3
    assert result.first_short is not None and result.first_short.week == weeks[1].week


def test_behind_the_plan_is_a_week_of_targets_beyond_its_times(pop):
    weeks = forecast(pop).weeks
    # Week 1: two in-person targets against one in-person time; week 3: five against three;
    # week 4: four in person against one; week 12: K against none.
    assert [w.behind_plan for w in weeks] == [1, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 1]
    assert [w.status for w in weeks] == [
        "behind_plan",
        "short",
        "short",
        "short",
        *["enough"] * 7,
        "behind_plan",
    ]


def test_publishing_the_times_named_keeps_every_deadline(pop):
    """Publishing what the forecast names, in the weeks it names, leaves nothing short."""
    for week in forecast(pop).weeks:
        day = week.week.monday + timedelta(days=2)  # a Wednesday; week 1's is today
        for n in range(week.publish_in_person):
            cp.slot(pop.jc, pop.caseworker, cp.at(day, 14, n), in_person=True)
        for n in range(week.publish_any):
            cp.slot(pop.jc, pop.caseworker, cp.at(day, 15, n), video=True)
    again = forecast(pop)
    assert again.shortfall == 0
    assert all(w.due_so_far.total <= w.free_so_far.total for w in again.weeks)
    assert all(w.due_so_far.in_person <= w.free_so_far.in_person for w in again.weeks)


def test_the_akasse_holds_its_own_interviews_on_its_own_times(pop):
    # I's interview is the a-kasse's: not on København's times, nor the a-kasse's time counted
    # for København; the joint interview J is the municipality's.
    # P's a-kasse interview, overdue since before the handover and without a target date, is
    # not the a-kasse's to hold any more (R3): not in week 1.
    result = forecast(pop, pop.ak_manager, pop.ak)
    assert [need(w, "deadline") for w in result.weeks[:3]] == [(0, 0), (0, 1), (0, 0)]
    assert result.weeks[0].overdue.total == 0
    assert result.weeks[0].supply.total == 1
    assert result.shortfall == 0
    assert result.weeks[1].behind_plan == 1  # its target is in week 2, the time in week 1
    jc = forecast(pop)
    assert "I" not in {item.citizen.first_name for item in _listed(pop, 2, "deadline")}
    assert sum(w.by_deadline.total for w in jc.weeks) == 13


def test_a_new_booking_moves_an_interview_from_demand_and_its_time_from_supply(pop):
    before = forecast(pop).weeks[3]
    free = cp.slot(pop.jc, pop.caseworker, cp.at(date(2027, 1, 27), 11), in_person=True)
    assert forecast(pop).weeks[3].supply.in_person == before.supply.in_person + 1
    cp.book(pop.people["W4a"], free, number=1)
    after = forecast(pop).weeks[3]
    assert after.supply.in_person == before.supply.in_person
    assert after.by_deadline.in_person == before.by_deadline.in_person - 1


def _listed(pop: Population, week: int, view: str, people: str = "all", user=None):
    actor = Actor.of_user(user or pop.manager)
    return list(
        capacity.listed(actor, pop.jc, TODAY, capacity.weeks_from(TODAY)[week - 1], view, people)
    )


def test_the_interviews_behind_each_number(pop):
    def names(items):
        return sorted(item.citizen.first_name for item in items)

    assert names(_listed(pop, 1, "deadline")) == ["B", "C"]
    assert names(_listed(pop, 1, "target")) == ["A", "B", "C"]
    assert names(_listed(pop, 1, "target", "in_person")) == ["A", "C"]
    assert names(_listed(pop, 1, "deadline", "overdue")) == ["B"]
    assert names(_listed(pop, 2, "deadline")) == ["A", "D"]
    assert names(_listed(pop, 3, "deadline")) == ["J", "W3a", "W3b", "W3c", "W3d"]
    assert names(_listed(pop, 12, "target")) == ["K"]
    # Every number is the count of its list.
    weeks = forecast(pop).weeks
    for week in weeks:
        assert len(_listed(pop, week.week.number, "deadline")) == week.by_deadline.total
        assert len(_listed(pop, week.week.number, "target")) == week.by_target.total
        assert (
            len(_listed(pop, week.week.number, "target", "in_person")) == week.by_target.in_person
        )


# --- The page ------------------------------------------------------------------------------------


def page(client, user, url: str = PAGE, lang: str = "da") -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_manager_reads_what_to_publish(client, pop):
    html = page(client, pop.manager)
    assert (
        "Udgiv 1 tid mere med personligt fremmøde senest i uge 2, 11.–17. januar 2027 for at "
        "holde alle frister." in html
    )
    assert "Udgiv 2 flere tider med personligt fremmøde senest i uge 3, 18.–24. januar 2027" in html
    assert "Udgiv 3 flere tider senest i uge 4, 25.–31. januar 2027 for at holde alle frister." in (
        html
    )
    assert "mangler Jobcenter København 6 tider, heraf 3 med personligt fremmøde" in html
    assert "1 samtale</a> har en overskredet frist og tæller i uge 1" in html
    # The table, its chart (an image named by the summary) and CSV; numbers link to people.
    assert 'id="uger-table"' in html and 'aria-labelledby="uger-summary"' in html
    assert "/statistik/kapacitet/uger.csv" in html
    assert (
        '<a href="/statistik/kapacitet/borgere/?uge=3&amp;efter=deadline&amp;hvem=all">5</a>'
        in (html)
    )
    assert "Uge 1, 4.–10. januar 2027" in html
    assert "Jobcenter Nord" in html and "Uden sted" in html
    assert "<script" not in html.split("<main")[1] and "style=" not in html.split("<main")[1]
    assert 'aria-current="page">Kapacitet' in html


def test_english(client, pop):
    html = page(client, pop.manager, lang="en")
    assert (
        "Publish 1 more in-person time by week 2, 11–17 January 2027 to keep every deadline."
        in html
    )
    assert "Publish 3 more times by week 4, 25–31 January 2027 to keep every deadline." in html
    assert "Capacity" in html


def test_the_location_and_channel_filters_choose_the_free_times_shown(client, pop):
    html = page(client, pop.manager, f"{PAGE}?sted={pop.syd.pk}&samtaleform=video")
    table = html.split('id="steder-table"')[1].split("</table>")[0]
    assert "Jobcenter Syd" in table and "Jobcenter Nord" not in table
    # Week 2: one time (every channel), week 3: two video times: 3 in all.
    assert "3 ledige tider de næste 12 uger på de valgte steder." in html
    # The forecast itself stays the organisation's.
    assert "mangler Jobcenter København 6 tider" in html
    bad = page(client, pop.manager, f"{PAGE}?sted=999999&samtaleform=fax")
    assert "999999 er ikke en af de tilgængelige valgmuligheder" in bad
    assert "fax er ikke en af de tilgængelige valgmuligheder" in bad
    assert "mangler Jobcenter København 6 tider" in bad


def test_the_list_behind_a_number_is_scoped_and_logged(client, pop):
    client.force_login(pop.manager)
    before = AccessLogEntry.objects.count()
    html = client.get(f"{PAGE}borgere/?uge=1&efter=target&hvem=in_person").content.decode()
    assert "A Kapacitetsen" in html and "C Kapacitetsen" in html and "B Kapacitetsen" not in html
    assert AccessLogEntry.objects.count() == before + 2
    entry = AccessLogEntry.objects.filter(user=pop.manager).latest("pk")
    assert entry.why == "Kapacitet: target in_person 2027-W01" and entry.what == "plan"
    exported = client.get(f"{PAGE}borgere/?uge=3&efter=deadline&hvem=all&format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert len(rows) == 6 and rows[0][0] == "Navn"
    for bad in ("uge=13&efter=target", "uge=1&efter=plan", "uge=x&efter=target", "uge=1"):
        assert client.get(f"{PAGE}borgere/?{bad}").status_code == 404
    # Aarhus' manager sees none of København's, and cannot ask for it.
    client.force_login(pop.other_manager)
    assert client.get(f"{PAGE}?organisation={pop.jc.pk}").status_code == 404
    assert client.get(
        f"{PAGE}borgere/?uge=1&efter=target&organisation={pop.jc.pk}"
    ).status_code == (404)
    assert "O Kapacitetsen" in client.get(f"{PAGE}borgere/?uge=1&efter=target").content.decode()


def test_every_table_is_csv(client, pop):
    client.force_login(pop.manager)
    response = client.get(f"{PAGE}uger.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kapacitet-2027-W01-uger.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Uge" and rows[0][-2:] == ["Skal udgives", "Status"]
    assert rows[2][0] == "Uge 2, 11.–17. januar 2027"
    assert rows[2][1:] == ["1", "0", "2", "1", "1", "1", "1", "1", "4", "3", "1", "Mangler tider"]
    places = client.get(f"{PAGE}steder.csv?samtaleform=in_person")
    assert places.status_code == 200
    assert client.get(f"{PAGE}nonsense.csv").status_code == 404


def test_who_may_open_the_page(client, pop):
    assert client.get(PAGE).status_code == 302
    client.force_login(pop.caseworker)
    assert client.get(PAGE).status_code == 404
    assert client.get(f"{PAGE}borgere/?uge=1&efter=target").status_code == 404
    # The administrator chooses the organisation; without one, the page asks for it.
    html = page(client, pop.administrator)
    assert "Vælg den organisation" in html and 'id="uger-table"' not in html
    html = page(client, pop.administrator, f"{PAGE}?organisation={pop.jc.pk}")
    assert "mangler Jobcenter København 6 tider" in html
    assert f"organisation={pop.jc.pk}" in html.split('id="uger-table"')[1]
    aarhus = page(client, pop.administrator, f"{PAGE}?organisation={pop.other_jc.pk}")
    assert "mangler Jobcenter Aarhus 1 tider" in aarhus
    assert client.get(f"{PAGE}?organisation=999999").status_code == 404
    bad = page(client, pop.administrator, f"{PAGE}?organisation=x")
    assert "x er ikke en af de tilgængelige valgmuligheder" in bad


def test_the_page_makes_no_query_per_citizen(client, pop, django_assert_max_num_queries):
    client.force_login(pop.manager)
    client.get(PAGE)
    for name in ("W5a", "W5b", "W5c"):
        person = factories.citizen(pop.jc, first_name=name)
        cp.interview(person, deadline=date(2027, 2, 5), target=date(2027, 2, 2))
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200


# --- The API -------------------------------------------------------------------------------------


def api(client, url: str = API, key: str | None = None, lang: str = "da"):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    if key:
        headers["HTTP_X_API_KEY"] = key
    return client.get(url, **headers)


def test_the_api_gives_the_pages_figures(client, pop):
    response = api(client, key=factories.api_key(pop.jc))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["organisation"]["name"] == "Jobcenter København"
    assert body["today"] == "2027-01-06"
    assert (body["shortfall"], body["shortfall_in_person"]) == (6, 3)
    week = body["weeks"][1]
    assert week == {
        "number": 2,
        "week": "2027-W02",
        "monday": "2027-01-11",
        "sunday": "2027-01-17",
        "by_target": {"total": 1, "in_person": 0, "any_channel": 1},
        "by_deadline": {"total": 2, "in_person": 1, "any_channel": 1},
        "overdue": {"total": 0, "in_person": 0, "any_channel": 0},
        "supply": {"total": 1, "in_person": 1, "phone": 1, "video": 1},
        "due_so_far": {"total": 4, "in_person": 2, "any_channel": 2},
        "free_so_far": {"total": 3, "in_person": 2, "phone": 2, "video": 1},
        "publish_in_person": 1,
        "publish_any": 0,
        "behind_plan": 0,
        "status": "short",
    }
    assert body["weeks"][0]["overdue"]["total"] == 1
    assert [w["publish_any"] for w in body["weeks"]][:4] == [0, 0, 0, 3]
    assert {
        row["location"]: sum(s["total"] for s in row["weeks"]) for row in body["locations"]
    } == ({pop.nord.pk: 3, pop.syd.pk: 3, None: 1})


def test_the_api_refusals(client, pop):
    assert api(client).status_code == 401
    client.force_login(pop.caseworker)
    assert api(client).status_code == 403
    client.force_login(pop.other_manager)
    assert api(client, f"{API}?organisation={pop.jc.pk}").status_code == 404
    assert api(client).json()["shortfall"] == 1  # Aarhus: O's interview, no times
    assert api(client, f"{API}?organisation=abc").status_code == 422
    client.force_login(pop.administrator)
    missing = api(client, lang="en")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["query", "organisation"]
    assert "one organisation at a time" in missing.json()["detail"][0]["msg"]
    assert api(client, f"{API}?organisation=999999").status_code == 404
    assert api(client, f"{API}?organisation={pop.ak.pk}").json()["weeks"][1]["by_deadline"] == {
        "total": 1,
        "in_person": 0,
        "any_channel": 1,
    }


def test_the_openapi_schema_documents_every_status(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"][API]["get"]["responses"]
    assert set(responses) >= {"200", "401", "403", "404", "422"}
    for status in ("200", "401", "403", "404", "422"):
        assert "schema" in responses[status]["content"]["application/json"]


def test_the_covering_index_holds_exactly_the_interviews_the_forecast_reads():
    from django.db.models import Q

    from kontaktforloeb.cases.models import PlanItem

    waiting = Q(kind="interview", held_on__isnull=True, status__in=list(capacity.WAITING))
    indexes = {index.name: index for index in PlanItem._meta.indexes}
    for name, column in (("planitem_jc_waiting", "jobcenter"), ("planitem_ak_waiting", "akasse")):
        assert indexes[name].condition == waiting
        assert list(indexes[name].fields) == [column, "holder", "deadline"]


@pytest.mark.parametrize(
    ("monday", "lang", "label"),
    [
        (date(2027, 1, 11), "da", "uge 2, 11.–17. januar 2027"),
        (date(2027, 1, 11), "en", "week 2, 11–17 January 2027"),
        (date(2027, 3, 29), "da", "uge 13, 29. marts – 4. april 2027"),
        (date(2027, 3, 29), "en", "week 13, 29 March – 4 April 2027"),
        (date(2026, 12, 28), "da", "uge 53, 28. december 2026 – 3. januar 2027"),
        (date(2026, 12, 28), "en", "week 53, 28 December 2026 – 3 January 2027"),
    ],
)
def test_a_week_is_named_by_its_iso_number_and_its_dates(monday, lang, label):
    from django.utils import translation

    from kontaktforloeb.statistics.views_capacity import week_label

    with translation.override(lang):
        assert week_label(capacity.Week(1, monday)) == label
