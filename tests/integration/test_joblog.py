"""The joblog (R39, R40, R42 and the 30-day rule): the citizen's pages, the staff's pages and the
API, each tried by the citizen, another citizen, the own and a foreign organisation and the
anonymous; validation in both languages; weekly counts; the six-week exemption; CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.joblog.models import Joblog, JoblogEntry
from kontaktforloeb.joblog.selectors import joblog_case_summary, joblog_weeks
from kontaktforloeb.joblog.services import joblog_entry_add
from kontaktforloeb.organisations.access import Actor

CPH = ZoneInfo("Europe/Copenhagen")
# Wednesday of ISO week 42. Anna (dagpenge, a-kasse one) is in the a-kasse period until the
# handover on 1 December 2024; Bo (kontanthjælp, Aarhus) is the jobcentre's.
TODAY = date(2024, 10, 16)
ENTRY = {
    "applied_on": "14-10-2024",
    "employer": "Bageriet A/S",
    "title": "Bager",
    "source": "advertised",
    "hours": "full_time",
    "place": "København",
    "status": "applied",
    "application_text": "",
}


def logged_in(user, language: str = "da") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["kf_language"] = language
    return client


def register(world, citizen, group: str, day: str = "2024-09-02") -> None:
    actor = Actor.of_user(
        world.jc_kbh_worker if citizen.jobcenter == world.jc_kbh else world.jc_aarhus_worker
    )
    case_events_append(
        actor=actor, citizen=citizen, events=[{"type": "registered", "date": day, "group": group}]
    )


@pytest.fixture
def jw(world):
    """The world on Wednesday 16 October 2024 at 10.00, with both citizens registered."""
    with time_machine.travel(datetime(2024, 10, 16, 10, 0, tzinfo=CPH), tick=False) as traveller:
        register(world, world.anna, "dagpenge")
        register(world, world.bo, "kontanthjaelp_jobparat")
        world.traveller = traveller
        yield world


def add(citizen, **fields) -> JoblogEntry:
    data = {**ENTRY, **fields}
    return joblog_entry_add(actor=Actor.of_user(citizen.user), citizen=citizen, data=data)


# --- Citizen pages: scoping ------------------------------------------------------------------


def test_citizen_pages_are_the_citizens_own(jw):
    entry = add(jw.anna)
    anna, bo = logged_in(jw.anna.user), logged_in(jw.bo.user)
    own = [
        reverse("joblog:list"),
        reverse("joblog:add"),
        reverse("joblog:export"),
        reverse("joblog:edit", args=[entry.pk]),
        reverse("joblog:delete", args=[entry.pk]),
    ]
    for url in own:
        assert anna.get(url).status_code == 200, url
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/log-ind/" in anonymous["Location"], url
        for staff in (jw.jc_kbh_worker, jw.ak_one_worker):
            assert logged_in(staff).get(url).status_code == 404, (url, staff)
    # Another citizen cannot see, change or delete Anna's entry, and her list does not show it.
    assert bo.get(reverse("joblog:edit", args=[entry.pk])).status_code == 404
    assert bo.post(reverse("joblog:edit", args=[entry.pk]), ENTRY).status_code == 404
    assert bo.post(reverse("joblog:delete", args=[entry.pk])).status_code == 404
    assert "Bageriet" not in bo.get(reverse("joblog:list")).content.decode()
    assert JoblogEntry.objects.filter(pk=entry.pk, employer="Bageriet A/S").exists()


def test_citizen_adds_edits_and_deletes_an_entry(jw):
    client = logged_in(jw.anna.user)
    response = client.post(reverse("joblog:add"), ENTRY)
    assert response.status_code == 302
    entry = JoblogEntry.objects.get(citizen=jw.anna)
    assert (entry.applied_on, entry.employer, entry.title) == (
        date(2024, 10, 14),
        "Bageriet A/S",
        "Bager",
    )
    page = client.get(reverse("joblog:list")).content.decode()
    assert "Ansøgningen er gemt i din joblog." in page
    assert "mandag 14. oktober 2024" in page

    form = client.get(reverse("joblog:edit", args=[entry.pk])).content.decode()
    assert 'value="14-10-2024"' in form and 'value="Bageriet A/S"' in form
    client.post(reverse("joblog:edit", args=[entry.pk]), {**ENTRY, "status": "interview"})
    entry.refresh_from_db()
    assert entry.status == "interview"

    client.post(reverse("joblog:delete", args=[entry.pk]))
    assert not JoblogEntry.objects.filter(pk=entry.pk).exists()
    assert Joblog.objects.get(citizen=jw.anna).last_activity_at is not None


# --- Validation in both languages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "future", "employer", "title", "summary"),
    [
        (
            "da",
            "Datoen må ikke ligge i fremtiden.",
            "Skriv arbejdsgiverens navn.",
            "Skriv, hvilken stilling du søgte.",
            "Der er 3 problemer",
        ),
        (
            "en",
            "The date cannot be in the future.",
            "Enter the employer's name.",
            "Enter the job you applied for.",
            "There are 3 problems",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_messages_and_keeps_what_was_typed(
    jw, language, future, employer, title, summary
):
    client = logged_in(jw.anna.user, language)
    typed = {**ENTRY, "applied_on": "17-10-2024", "employer": "", "title": " ", "place": "Valby"}
    response = client.post(reverse("joblog:add"), typed)
    assert response.status_code == 200
    body = response.content.decode().replace("&#x27;", "'")
    for message in (future, employer, title, summary):
        assert message in body, message
    assert 'href="#id_applied_on"' in body  # the summary links to the field
    assert 'value="17-10-2024"' in body and 'value="Valby"' in body
    assert not JoblogEntry.objects.exists()


def test_a_date_that_is_not_a_date_is_named(jw):
    body = logged_in(jw.anna.user).post(
        reverse("joblog:add"), {**ENTRY, "applied_on": "31-02-2024"}
    )
    assert "Skriv datoen som dag, måned og år" in body.content.decode()


# --- Weekly count, requirement, exemption, inactivity on the page ------------------------------


def test_weekly_count_against_the_requirement(jw):
    add(jw.anna, applied_on="14-10-2024")  # week 42
    add(jw.anna, applied_on="16-10-2024")  # week 42
    add(jw.anna, applied_on="09-10-2024")  # week 41
    add(jw.anna, applied_on="01-08-2024")  # long ago: not in the last 8 weeks
    weeks = joblog_weeks(jw.anna, on=TODAY, per_week=3, spell_start=date(2024, 9, 2))
    assert [(w.number, w.count, w.required) for w in weeks[:3]] == [
        (42, 2, 3),
        (41, 1, 3),
        (40, 0, 3),
    ]
    assert len(weeks) == 8 and weeks[0].current and not weeks[0].met and weeks[0].missing == 1
    # Weeks that ended before the spell started expect nothing (week 35 ended 1 September).
    assert (weeks[-1].number, weeks[-1].required) == (35, 0)

    page = logged_in(jw.anna.user).get(reverse("joblog:list")).content.decode()
    assert "Du skal søge mindst 2 job om ugen." in page
    assert "Denne uge (uge 42): 2 af 2 ansøgninger." in page
    assert "Opfyldt" in page


def test_the_requirement_and_its_reason_reach_the_citizen(jw):
    url = reverse("joblog_staff:requirement", args=[jw.anna.pk])
    # During the a-kasse period the a-kasse sets it; the jobcentre can read but not set it.
    assert logged_in(jw.jc_kbh_worker).post(url, {"per_week": 4, "reason": "x"}).status_code == 404
    assert (
        logged_in(jw.jc_aarhus_worker).post(url, {"per_week": 4, "reason": "x"}).status_code == 404
    )
    refused = logged_in(jw.ak_one_worker).post(url, {"per_week": 4, "reason": ""})
    assert refused.status_code == 200
    assert "Skriv en begrundelse, som borgeren kan læse." in refused.content.decode()
    ok = logged_in(jw.ak_one_worker).post(
        url, {"per_week": 4, "reason": "Du søger både bager og kok."}
    )
    assert ok.status_code == 302
    joblog = Joblog.objects.get(citizen=jw.anna)
    assert (joblog.per_week, joblog.set_by) == (4, jw.ak_one_worker)
    page = logged_in(jw.anna.user).get(reverse("joblog:list")).content.decode()
    assert "Du skal søge mindst 4 job om ugen." in page
    assert "Du søger både bager og kok." in page
    # After the handover the jobcentre is responsible.
    jw.traveller.move_to(datetime(2024, 12, 2, 10, 0, tzinfo=CPH))
    assert (
        logged_in(jw.jc_kbh_worker).post(url, {"per_week": 3, "reason": "Nyt krav."}).status_code
        == 302
    )
    assert logged_in(jw.ak_one_worker).post(url, {"per_week": 5, "reason": "y"}).status_code == 404


def test_the_six_week_exemption_is_shown_with_its_reason(jw):
    case_events_append(
        actor=Actor.of_user(jw.ak_one_worker),
        citizen=jw.anna,
        events=[
            {
                "type": "job_start_documented",
                "date": "2024-10-14",
                "start_date": "2024-11-18",
                "kind": "job",
            }
        ],
    )
    page = logged_in(jw.anna.user).get(reverse("joblog:list")).content.decode()
    assert "Du behøver ikke søge job lige nu" in page
    assert "Seksugersreglen gælder fra mandag 14. oktober 2024" in page
    assert "Hvorfor?" in page and "R42" not in page.split("Hvorfor?")[0][-200:]
    assert "Fritaget" in page
    english = logged_in(jw.anna.user, "en").get(reverse("joblog:list")).content.decode()
    assert "You do not need to apply for jobs right now" in english
    summary = joblog_case_summary(jw.anna)
    assert summary["exemption"].applies and summary["this_week"].required == 0
    assert not summary["inactive"]


def test_the_citizen_is_warned_after_30_days_without_activity(jw):
    add(jw.anna)
    page = logged_in(jw.anna.user).get(reverse("joblog:list")).content.decode()
    assert "Ingen aktivitet i joblogen" not in page
    jw.traveller.move_to(datetime(2024, 11, 15, 10, 0, tzinfo=CPH))  # 30 days later
    page = logged_in(jw.anna.user).get(reverse("joblog:list")).content.decode()
    assert "Du har ikke skrevet i din joblog i 30 dage." in page


# --- Filters and CSV ------------------------------------------------------------------------------


def test_filter_by_status_and_month(jw):
    add(jw.anna, employer="Oktober Søgt", applied_on="14-10-2024")
    add(jw.anna, employer="Oktober Afslag", applied_on="02-10-2024", status="rejected")
    add(jw.anna, employer="September Afslag", applied_on="20-09-2024", status="rejected")
    client = logged_in(jw.anna.user)
    rejected = client.get(reverse("joblog:list"), {"status": "rejected"}).content.decode()
    assert (
        "Oktober Afslag" in rejected
        and "September Afslag" in rejected
        and "Oktober Søgt" not in rejected
    )
    october = client.get(
        reverse("joblog:list"), {"status": "rejected", "maaned": "2024-10"}
    ).content.decode()
    assert "Oktober Afslag" in october and "September Afslag" not in october
    assert '<option value="2024-09">September 2024</option>' in october


def test_csv_export_is_utf8_with_bom_and_danish_headers(jw):
    add(
        jw.anna,
        employer="Ærø Æbler",
        title="Plukker",
        status="hired",
        hours="part_time",
        source="network",
    )
    add(jw.anna, employer="Kro", applied_on="02-09-2024", status="rejected")
    response = logged_in(jw.anna.user, "en").get(reverse("joblog:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Dato",
        "Arbejdsgiver",
        "Stilling",
        "Hvordan fundet",
        "Arbejdstid",
        "Arbejdssted",
        "Status",
        "Ansøgning",
    ]
    assert rows[1][:7] == [
        "2024-10-14",
        "Ærø Æbler",
        "Plukker",
        "Via netværk",
        "Deltid",
        "København",
        "Fik job",
    ]
    assert len(rows) == 3
    only_rejected = logged_in(jw.anna.user).get(reverse("joblog:export"), {"status": "rejected"})
    assert only_rejected.content.decode("utf-8-sig").count("\r\n") == 2


# --- Staff pages --------------------------------------------------------------------------------


def test_staff_joblog_page_goes_through_the_gate_and_is_logged(jw):
    add(jw.anna)
    url = reverse("joblog_staff:citizen", args=[jw.anna.pk])
    for user in (jw.jc_kbh_worker, jw.ak_one_worker, jw.kbh_manager):
        body = logged_in(user).get(url).content.decode()
        assert "Bageriet A/S" in body, user
    for user in (jw.jc_aarhus_worker, jw.ak_two_worker, jw.bo.user, jw.anna.user):
        assert logged_in(user).get(url).status_code == 404, user
    assert (
        logged_in(jw.jc_kbh_worker).get(reverse("joblog_staff:citizen", args=[999_999])).status_code
        == 404
    )
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/log-ind/" in anonymous["Location"]
    assert AccessLogEntry.objects.filter(citizen=jw.anna, what="joblog").count() == 3
    # Read-only: no edit links; the requirement form only for the responsible a-kasse.
    jobcentre = logged_in(jw.jc_kbh_worker).get(url).content.decode()
    assert "/ret/" not in jobcentre and "Gem krav" not in jobcentre
    assert "Gem krav" in logged_in(jw.ak_one_worker).get(url).content.decode()


def test_case_summary_partial(jw):
    from django.template.loader import render_to_string

    add(jw.anna)
    summary = joblog_case_summary(jw.anna)
    assert summary["this_week"].count == 1 and summary["requirement"].per_week == 2
    assert summary["responsible"] == "akasse" and not summary["inactive"]
    html = render_to_string("joblog/_case_summary.html", {"joblog_summary": summary})
    assert "1 af 2 ansøgninger" in html and "Se hele joblogen" in html


def test_inactive_worklist_page(jw):
    jw.traveller.move_to(datetime(2024, 10, 20, 10, 0, tzinfo=CPH))
    body = logged_in(jw.ak_one_worker).get(reverse("joblog_staff:inactive")).content.decode()
    assert jw.anna.name in body
    aarhus = logged_in(jw.jc_aarhus_worker).get(reverse("joblog_staff:inactive")).content.decode()
    assert jw.bo.name in aarhus and jw.anna.name not in aarhus
    assert logged_in(jw.anna.user).get(reverse("joblog_staff:inactive")).status_code == 404
