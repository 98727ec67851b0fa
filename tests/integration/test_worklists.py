"""The worklists: each one scoped to the organisation, each row saying why, sortable, paginated,
with a fixed number of queries however long the list is."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kontaktforloeb.booking.models import Booking, Slot
from kontaktforloeb.cases.models import Citizen, CitizenPlan, InterviewRequest, PlanItem
from kontaktforloeb.cases.plans import plans_refresh_due
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support import factories

CPH = ZoneInfo("Europe/Copenhagen")
LISTS = ["frist-snart", "overskredet", "konsekvenser", "udeblevet", "oensker-samtale", "overdrages"]
EVERY_LIST = [*LISTS, "cv-godkendelse", "joblog-inaktiv", "indstillinger"]


def url(slug: str, **query: str) -> str:
    path = reverse("workspace:worklist", args=[slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(user, slug: str, day: date, **query: str) -> str:
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=CPH), tick=False):
        response = client_of(user).get(url(slug, **query))
    assert response.status_code == 200, (user, slug)
    return response.content.decode()


def register(world, citizen, day: str, group: str, *more: dict) -> None:
    events = [{"type": "registered", "date": day, "group": group}, *more]
    with time_machine.travel(date.fromisoformat(events[-1]["date"]), tick=False):
        case_events_append(actor=Actor.of_operator("tests"), citizen=citizen, events=events)


@pytest.fixture
def carl(world):
    """A member of a-kasse one who receives kontanthjælp: the jobcentre's citizen alone."""
    return factories.citizen(world.jc_kbh, world.ak_one, first_name="Carl", last_name="Kontant")


@pytest.fixture
def cases(world, carl):
    """Anna (dagpenge, a-kasse one, København), Bo (kontanthjælp, Aarhus) and Carl (a-kasse one's
    member on kontanthjælp in København), all registered at the start of September 2024."""
    register(world, world.anna, "2024-09-02", "dagpenge")
    register(world, world.bo, "2024-09-02", "kontanthjaelp_jobparat")
    register(world, carl, "2024-09-02", "kontanthjaelp_jobparat")
    return world


def test_interviews_due_soon_are_on_the_holders_list_with_the_reason(cases):
    w = cases
    body = page(w.ak_one_worker, "frist-snart", date(2024, 9, 5))
    assert w.anna.name in body
    assert "Samtale 1 med a-kassen" in body
    assert "Skal holdes senest mandag 16. september 2024, om 11 dage, og er ikke booket." in body
    # Carl is a member, but his kontanthjælp interviews are the jobcentre's; Bo is no member.
    assert "Kontant" not in body and w.bo.name not in body
    assert w.anna.name not in page(w.ak_two_worker, "frist-snart", date(2024, 9, 5))
    # The jobcentre's list holds its own interviews unless it asks for the a-kasse's.
    kbh = page(w.jc_kbh_worker, "frist-snart", date(2024, 9, 5))
    assert w.anna.name not in kbh and "Kontant" in kbh
    assert w.anna.name in page(w.jc_kbh_worker, "frist-snart", date(2024, 9, 5), holder="akasse")
    aarhus = page(w.jc_aarhus_worker, "frist-snart", date(2024, 9, 5))
    assert w.bo.name in aarhus and w.anna.name not in aarhus and "Kontant" not in aarhus


def test_the_number_of_days_is_chosen_on_the_page(cases):
    w = cases
    assert w.anna.name not in page(w.ak_one_worker, "frist-snart", date(2024, 9, 5), dage="7")
    assert w.anna.name in page(w.ak_one_worker, "frist-snart", date(2024, 9, 5), dage="30")
    # Nonsense falls back to the default of 14 days.
    assert w.anna.name in page(w.ak_one_worker, "frist-snart", date(2024, 9, 5), dage="x")


def test_overdue_interviews_say_when_the_deadline_was(cases):
    w = cases
    with time_machine.travel(date(2024, 9, 20), tick=False):
        plans_refresh_due(date(2024, 9, 20))
    body = page(w.ak_one_worker, "overskredet", date(2024, 9, 20))
    assert w.anna.name in body
    assert "Fristen var mandag 16. september 2024 (4 dage siden)" in body
    assert "Overskredet" in body
    assert w.anna.name not in page(w.ak_two_worker, "overskredet", date(2024, 9, 20))
    assert "Kontant" not in body


def test_missed_booking_deadlines_are_consequences_for_the_right_organisation(world, carl):
    deadline = {
        "type": "booking_deadline_issued",
        "date": "2024-09-03",
        "deadline": "2024-09-11",
        "last_meeting_date": "2024-09-16",
    }
    register(world, world.anna, "2024-09-02", "dagpenge", deadline)
    register(world, carl, "2024-09-02", "kontanthjaelp_jobparat", deadline)
    with time_machine.travel(date(2024, 9, 13), tick=False):
        plans_refresh_due(date(2024, 9, 13))
    akasse = page(world.ak_one_worker, "konsekvenser", date(2024, 9, 13))
    assert world.anna.name in akasse
    assert "Afmeldt som jobsøgende" in akasse
    assert "A-kassen træffer afgørelsen." in akasse  # R25: the dagpenge a-kasse decides
    # A deduction in kontanthjælp is never the a-kasse's, even for its own member.
    assert "Kontant" not in akasse, akasse[akasse.index("Kontant") - 300 :][:600]
    assert "Grundlag for fradrag" not in akasse
    jobcenter = page(world.jc_kbh_worker, "konsekvenser", date(2024, 9, 13))
    assert world.anna.name in jobcenter and "Kontant" in jobcenter
    only = page(world.jc_kbh_worker, "konsekvenser", date(2024, 9, 13), type="deduction_basis")
    assert "Kontant" in only and world.anna.name not in only
    assert world.anna.name not in page(world.jc_aarhus_worker, "konsekvenser", date(2024, 9, 13))


def _no_show(citizen, org, caseworker, start: datetime, holder: str = "akasse") -> Booking:
    slot = Slot.objects.create(
        organisation=org, caseworker=caseworker, start=start, end=start + timedelta(minutes=45)
    )
    return Booking.objects.create(
        citizen=citizen,
        slot=slot,
        organisation=org,
        holder=holder,
        caseworker=caseworker,
        interview=1,
        start=slot.start,
        end=slot.end,
        channel="in_person",
        topic="job_search",
        title="Samtale",
        calendar_uid=f"uid-{citizen.pk}-{start:%Y%m%d%H%M}",
        status=Booking.Status.NO_SHOW,
    )


def test_no_shows_of_the_last_fourteen_days_are_on_the_holders_list(cases):
    w = cases
    colleague = factories.staff(w.ak_one)
    _no_show(w.anna, w.ak_one, w.ak_one_worker, datetime(2024, 9, 4, 10, 30, tzinfo=CPH))
    body = page(w.ak_one_worker, "udeblevet", date(2024, 9, 5))
    assert w.anna.name in body
    assert "Udeblev fra mødet onsdag 4. september 2024 kl. 10.30" in body
    mine = page(
        w.ak_one_worker, "udeblevet", date(2024, 9, 5), sagsbehandler=str(w.ak_one_worker.pk)
    )
    theirs = page(w.ak_one_worker, "udeblevet", date(2024, 9, 5), sagsbehandler=str(colleague.pk))
    assert w.anna.name in mine and w.anna.name not in theirs
    assert w.anna.name not in page(w.ak_two_worker, "udeblevet", date(2024, 9, 5))
    assert w.anna.name not in page(w.jc_kbh_worker, "udeblevet", date(2024, 9, 5))
    # After 14 days the no-show has left the review list.
    assert w.anna.name not in page(w.ak_one_worker, "udeblevet", date(2024, 9, 20))


def test_requests_for_an_interview_reach_the_responsible_organisation(cases):
    w = cases
    InterviewRequest.objects.create(citizen=w.anna, reason="Jeg vil gerne tale om uddannelse")
    InterviewRequest.objects.create(citizen=w.bo, reason="Hjælp til CV")
    carl = Citizen.objects.get(last_name="Kontant")
    InterviewRequest.objects.create(citizen=carl, reason="Carls ønske")
    handled = InterviewRequest.objects.create(citizen=w.anna, reason="Gammelt ønske")
    InterviewRequest.objects.filter(pk=handled.pk).update(
        handled_at=datetime(2024, 9, 4, tzinfo=CPH)
    )
    akasse = page(w.ak_one_worker, "oensker-samtale", date(2024, 9, 5))
    assert "Jeg vil gerne tale om uddannelse" in akasse
    assert "Gammelt ønske" not in akasse and "Carls ønske" not in akasse
    assert "Hjælp til CV" not in akasse
    aarhus = page(w.jc_aarhus_worker, "oensker-samtale", date(2024, 9, 5))
    assert "Hjælp til CV" in aarhus and "uddannelse" not in aarhus
    assert "Bad om en samtale" in aarhus
    assert "Hjælp til CV" not in page(w.jc_kbh_worker, "oensker-samtale", date(2024, 9, 5))


def test_citizens_handed_over_this_month_are_on_both_organisations_lists(cases):
    w = cases
    assert w.anna.name not in page(w.jc_kbh_worker, "overdrages", date(2024, 11, 5))
    for user in (w.jc_kbh_worker, w.ak_one_worker):
        body = page(user, "overdrages", date(2024, 12, 5))
        assert w.anna.name in body
        assert "søndag 1. december 2024" in body
    for user in (w.jc_aarhus_worker, w.ak_two_worker):
        assert w.anna.name not in page(user, "overdrages", date(2024, 12, 5))


@pytest.mark.parametrize("slug", EVERY_LIST)
def test_anonymous_log_in_citizens_get_404_and_unknown_lists_404(world, slug):
    response = Client().get(url(slug))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]
    assert client_of(world.anna.user).get(url(slug)).status_code == 404
    assert client_of(world.jc_kbh_worker).get(url("ingen-liste")).status_code == 404


def test_the_start_page_counts_each_list_and_links_to_it(cases):
    w = cases
    with time_machine.travel(date(2024, 9, 5), tick=False):
        body = client_of(w.ak_one_worker).get(reverse("web:staff_home")).content.decode()
        manager = client_of(w.kbh_manager).get(reverse("web:staff_home")).content.decode()
    assert 'id="count-frist-snart">1<' in body
    assert url("frist-snart") in body and url("udeblevet") in body
    assert 'id="count-frist-snart">1<' in manager  # Carl's first jobcentre interview


def _many(world, n: int, day: date) -> list[Citizen]:
    """n a-kasse members whose first interview falls due at various days after `day`."""
    citizens = Citizen.objects.bulk_create(
        Citizen(
            cpr=f"02029{i:05d}",
            birth_date=date(1990, 2, 2),
            first_name=f"Fornavn{i:02d}",
            last_name=f"Efternavn{(i * 7) % n:02d}",
            jobcenter=world.jc_kbh,
            akasse=world.ak_one,
        )
        for i in range(n)
    )
    common = {
        "jobcenter": world.jc_kbh,
        "akasse": world.ak_one,
        "ruleset_id": "LEAFLET-2024",
        "parameter_hash": "x",
        "because": [{"rule": "R1", "citation": "LAB § 31", "da": "Grund.", "en": "Reason."}],
    }
    rows = []
    for i, citizen in enumerate(citizens):
        # The citizen's names, as `plan_recompute` copies them onto each row.
        common["citizen_last_name"] = citizen.last_name
        common["citizen_first_name"] = citizen.first_name
        rows += [
            PlanItem(
                citizen=citizen,
                kind="interview",
                number=1,
                holder="akasse",
                status="open",
                deadline=day + timedelta(days=1 + i % 10),
                **common,
            ),
            PlanItem(
                citizen=citizen,
                kind="interview",
                number=2,
                holder="akasse",
                status="overdue",
                deadline=day - timedelta(days=1 + i % 10),
                **common,
            ),
            PlanItem(
                citizen=citizen,
                kind="consequence",
                subtype="deregistered",
                status="open",
                earliest=day - timedelta(days=i % 10),
                **common,
            ),
            PlanItem(citizen=citizen, kind="handover", deadline=day.replace(day=1), **common),
        ]
        InterviewRequest.objects.create(citizen=citizen, reason=f"Ønske {i}")
        _no_show(
            citizen,
            world.ak_one,
            world.ak_one_worker,
            datetime.combine(day - timedelta(days=1), datetime.min.time(), CPH)
            + timedelta(hours=8, minutes=15 * i),
        )
    PlanItem.objects.bulk_create(rows)
    CitizenPlan.objects.bulk_create(
        CitizenPlan(citizen=citizen, as_of=day, group="dagpenge") for citizen in citizens
    )
    return citizens


def test_sorting_and_pagination(world):
    day = date(2024, 9, 5)
    _many(world, 30, day)
    first = page(world.ak_one_worker, "frist-snart", day, sort="navn")
    assert "30 på listen." in first
    assert first.index("Efternavn00") < first.index("Efternavn01")
    assert "Efternavn29" not in first  # page 1 holds 25
    reverse_order = page(world.ak_one_worker, "frist-snart", day, sort="-navn")
    assert "Efternavn29" in reverse_order and "Efternavn00" not in reverse_order
    assert 'aria-sort="descending"' in reverse_order
    second = page(world.ak_one_worker, "frist-snart", day, sort="navn", side="2")
    assert "Efternavn29" in second and "Efternavn00" not in second
    assert "sort=navn&amp;side=1" in second  # paging keeps the sort and the filters
    by_date = page(world.ak_one_worker, "frist-snart", day)
    assert by_date.index("fredag 6. september 2024") < by_date.index("lørdag 7. september 2024")


@pytest.mark.parametrize("slug", ["frist-snart", "overskredet", "konsekvenser", "overdrages"])
def test_plan_row_lists_sort_by_the_names_on_the_plan_rows(world, slug):
    """The name sort of a plan-row list reads the names copied onto the rows (indexed per
    organisation), last name, then first name, then row."""
    day = date(2024, 9, 5)
    _many(world, 6, day)
    # The copies decide the order: reversed here against the citizens' own names.
    for item in PlanItem.objects.filter(citizen__cpr__startswith="02029"):
        item.citizen_last_name = f"Sort{99 - int(item.citizen.cpr[-2:]):02d}"
        item.save(update_fields=["citizen_last_name"])
    body = page(world.ak_one_worker, slug, day, sort="navn")
    first_names = [f"Fornavn{i:02d}" for i in range(5, -1, -1)]
    positions = [body.index(name) for name in first_names]
    assert positions == sorted(positions), slug
    descending = page(world.ak_one_worker, slug, day, sort="-navn")
    positions = [descending.index(name) for name in reversed(first_names)]
    assert positions == sorted(positions), slug


def test_a_renamed_citizens_plan_rows_follow_the_new_name(cases):
    w = cases
    Citizen.objects.filter(pk=w.anna.pk).update(last_name="Aabye", first_name="Anne")
    Citizen.objects.filter(pk=w.bo.pk).update(first_name="Bo")  # unchanged
    names = set(
        PlanItem.objects.filter(citizen=w.anna).values_list(
            "citizen_last_name", "citizen_first_name"
        )
    )
    assert names == {("Aabye", "Anne")}
    bo = Citizen.objects.get(pk=w.bo.pk)
    assert set(
        PlanItem.objects.filter(citizen=bo).values_list("citizen_last_name", "citizen_first_name")
    ) == {(bo.last_name, bo.first_name)}
    assert PlanItem.objects.filter(citizen=bo).exists()


def test_plan_recompute_copies_the_citizens_names(cases):
    w = cases
    rows = PlanItem.objects.filter(citizen=w.anna)
    assert rows.exists()
    assert set(rows.values_list("citizen_last_name", "citizen_first_name")) == {
        (w.anna.last_name, w.anna.first_name)
    }


@pytest.mark.parametrize("slug", LISTS)
def test_a_page_costs_the_same_queries_for_5_and_50_rows(
    world, slug, django_assert_max_num_queries
):
    day = date(2024, 9, 5)
    counts = []
    for n in (5, 50):
        PlanItem.objects.all().delete()
        CitizenPlan.objects.all().delete()
        InterviewRequest.objects.all().delete()
        Booking.objects.all().delete()
        Slot.objects.all().delete()
        Citizen.objects.filter(cpr__startswith="02029").delete()
        _many(world, n, day)
        client = client_of(world.ak_one_worker)
        with (
            time_machine.travel(datetime(2024, 9, 5, 9, tzinfo=CPH), tick=False),
            django_assert_max_num_queries(8) as captured,
        ):
            response = client.get(url(slug))
        assert response.status_code == 200
        assert min(n, 25) == response.content.decode().count("Efternavn"), slug
        counts.append(len(captured))
    assert counts[0] == counts[1], f"{slug}: {counts}"


def test_cvs_awaiting_approval_are_on_the_approving_organisations_list(cases):
    from kontaktforloeb.cv.models import Cv

    w = cases
    Cv.objects.create(
        citizen=w.anna, status=Cv.Status.SUBMITTED, submitted_at=datetime(2024, 9, 3, tzinfo=CPH)
    )
    body = page(w.ak_one_worker, "cv-godkendelse", date(2024, 9, 5))
    assert w.anna.name in body and "Sendt til godkendelse tirsdag 3. september 2024" in body
    # Anna is on dagpenge: the a-kasse approves, not the jobcentre.
    assert w.anna.name not in page(w.jc_kbh_worker, "cv-godkendelse", date(2024, 9, 5))
    assert w.anna.name not in page(w.ak_two_worker, "cv-godkendelse", date(2024, 9, 5))


def test_recommendations_are_the_jobcentres_list_only(cases):
    from kontaktforloeb.offers.models import OfferType, Recommendation

    w = cases
    Recommendation.objects.create(
        citizen=w.anna,
        akasse=w.ak_one,
        jobcenter=w.jc_kbh,
        type=OfferType.values[0],
        provider="AMU Hovedstaden",
        start=date(2024, 10, 1),
        end=date(2024, 10, 31),
        justification="Truckcertifikat",
        created_by_system="tests",
    )
    body = page(w.jc_kbh_worker, "indstillinger", date(2024, 9, 5))
    assert w.anna.name in body and "AMU Hovedstaden" in body
    assert "skal det begrundes skriftligt" in body
    assert w.anna.name not in page(w.jc_aarhus_worker, "indstillinger", date(2024, 9, 5))
    assert client_of(w.ak_one_worker).get(url("indstillinger")).status_code == 404


def test_inactive_joblogs_page_answers_for_both_kinds_of_organisation(cases):
    w = cases
    for user in (w.jc_kbh_worker, w.ak_one_worker, w.jc_aarhus_worker):
        assert "Joblogs uden aktivitet i 30 dage" in page(
            user, "joblog-inaktiv", date(2024, 10, 20)
        )
