"""Self-booking and meetings, rule by rule (R19–R31, R48–R52)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.db import connection

from kontaktforloeb.booking.errors import (
    AfterLastMeetingDate,
    AlreadyBooked,
    ChannelNotOffered,
    NotAllowed,
    NotBookable,
    OverlappingMeeting,
    SlotTaken,
)
from kontaktforloeb.booking.models import (
    Booking,
    ClosingDay,
    PatternException,
    Slot,
    WorkingPattern,
)
from kontaktforloeb.booking.services import (
    booking_cancel,
    booking_create,
    booking_rebook,
    deadline_issue,
    meeting_record_outcome,
    selfbooking_change,
)
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.models import CaseEvent, CitizenPlan
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import ChannelNotAllowed, DeadlineTooShort
from tests.support.calendar import TODAY, at, slot_of, weekday_free_times


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(world, clock):
    """Weekday free times 9–12 (45 minutes, break 10.30–10.45 skipped) for a caseworker of
    a-kasse one and one of Jobcenter København, for the next 16 weeks."""
    weekday_free_times((world.ak_one_worker, world.jc_kbh_worker), weeks=16)
    return world


@pytest.fixture
def anna(calendar):
    """A dagpenge recipient registered the day before; interview 1 with the a-kasse by 16 Sep."""
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=calendar.anna,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    return calendar.anna


@pytest.fixture
def bo(calendar):
    case_events_append(
        actor=Actor.of_user(calendar.jc_aarhus_worker),
        citizen=calendar.bo,
        events=[{"type": "registered", "date": "2024-09-02", "group": "kontanthjaelp_jobparat"}],
    )
    return calendar.bo


def book(citizen, slot, interview=1, channel="in_person", **kwargs):
    actor = kwargs.pop("actor", None) or Actor.of_user(citizen.user)
    return booking_create(
        actor=actor,
        citizen=citizen,
        slot_id=slot.pk,
        interview=interview,
        channel=channel,
        topic=kwargs.pop("topic", "job_search"),
        **kwargs,
    )


def plan_of(citizen) -> dict:
    return CitizenPlan.objects.get(citizen=citizen).document_da


# --- Free times ----------------------------------------------------------------------------


def test_slots_follow_the_pattern_and_skip_holidays_and_closing_days(calendar):
    worker = calendar.ak_one_worker
    wednesday = date(2024, 9, 4)
    starts = [s.start for s in Slot.objects.filter(caseworker=worker, start__date=wednesday)]
    assert starts == [
        at(wednesday, 9),
        at(wednesday, 9, 45),
        at(wednesday, 10, 30),
        at(wednesday, 11, 15),
    ]
    assert not Slot.objects.filter(
        caseworker=worker, start__date=date(2024, 9, 7)
    ).exists()  # Saturday
    assert not Slot.objects.filter(start__date=date(2024, 12, 25)).exists()  # Christmas Day
    ClosingDay.objects.create(organisation=calendar.ak_one, date=date(2025, 1, 6))
    PatternException.objects.create(
        caseworker=worker, organisation=calendar.ak_one, kind="absence", date=date(2025, 1, 7)
    )
    slots_materialise(WorkingPattern.objects.all(), date(2025, 1, 6), date(2025, 1, 8))
    assert not Slot.objects.filter(caseworker=worker, start__date=date(2025, 1, 6)).exists()
    assert not Slot.objects.filter(caseworker=worker, start__date=date(2025, 1, 7)).exists()
    assert Slot.objects.filter(caseworker=worker, start__date=date(2025, 1, 8)).count() == 4


def test_making_slots_twice_adds_nothing(calendar):
    count = Slot.objects.count()
    slots_materialise(WorkingPattern.objects.all(), TODAY, TODAY + timedelta(weeks=16))
    assert Slot.objects.count() == count


# --- Booking (R19, R21–R24, R31) -------------------------------------------------------------


def test_the_citizen_books_the_first_interview_in_person(anna):
    slot = slot_of(anna.akasse.staff.first(), date(2024, 9, 10), 9)
    booking = book(anna, slot, topic="change_trade", topic_text="Jeg vil gerne prøve lager")
    assert booking.status == "live"
    assert booking.caseworker == slot.caseworker
    assert booking.title.startswith("Samtale 1 med A-kasse Et")
    assert plan_of(anna)["interviews"][0]["status"] == "booked"
    assert CaseEvent.objects.filter(citizen=anna, type="booked").count() == 1


def test_the_first_interview_by_phone_is_refused_with_a_clear_message(anna):
    slot = slot_of(anna.akasse.staff.first(), date(2024, 9, 10), 9)
    with pytest.raises(ChannelNotAllowed) as caught:
        book(anna, slot, channel="phone")
    assert "første samtale skal holdes ved personligt fremmøde" in caught.value.message("da")
    assert "first interview must be held in person" in caught.value.message("en")
    assert not Booking.objects.exists()
    assert not CaseEvent.objects.filter(type="booked").exists()


def test_a_later_interview_may_be_by_video(bo, calendar):
    # Bo's jobcentre is Aarhus: give it free times too.
    worker = calendar.jc_aarhus_worker
    WorkingPattern.objects.create(
        caseworker=worker,
        organisation=worker.organisation,
        weekday=2,
        start_time=time(9),
        end_time=time(12),
        valid_from=TODAY,
    )
    slots_materialise(
        WorkingPattern.objects.filter(caseworker=worker), TODAY, TODAY + timedelta(weeks=8)
    )
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=bo,
        events=[
            {
                "type": "interview_held",
                "date": "2024-09-03",
                "holder": "jobcenter",
                "channel": "in_person",
            }
        ],
    )
    booking = book(bo, slot_of(worker, date(2024, 10, 2), 9), interview=2, channel="video")
    assert booking.channel == "video"
    assert booking.video_link.startswith("https://")


def test_a_channel_the_time_does_not_offer_is_refused(anna):
    slot = slot_of(anna.akasse.staff.first(), date(2024, 9, 10), 9)
    slot.offers_in_person = False
    slot.save()
    with pytest.raises(ChannelNotOffered):
        book(anna, slot)


def test_a_slot_never_holds_two_bookings(anna, calendar):
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9)
    book(anna, slot)
    other = calendar.ak_two  # a second member of a-kasse one
    from tests.support import factories

    carl = factories.citizen(calendar.jc_kbh, calendar.ak_one, with_user=True, cpr="0202902222")
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=carl,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    with pytest.raises(SlotTaken) as caught:
        book(carl, slot)
    assert caught.value.message("da") == "Den tid blev lige taget af en anden. Vælg en anden tid."
    assert Booking.objects.filter(slot=slot, status="live").count() == 1
    assert not CaseEvent.objects.filter(citizen=carl, type="booked").exists()
    assert other is not None


def test_one_purpose_one_booking(anna, calendar):
    book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    with pytest.raises(AlreadyBooked):
        book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 11), 9))
    assert Booking.objects.filter(citizen=anna, status="live").count() == 1


def test_booking_after_the_last_meeting_date_is_refused(anna, calendar):
    deadline_issue(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 11),
        last_meeting_date=date(2024, 9, 13),
    )
    with pytest.raises(AfterLastMeetingDate) as caught:
        book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 16), 9))
    assert "fredag 13. september 2024" in caught.value.message("da")
    book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 13), 9))


def test_a_deadline_of_five_days_is_refused_and_points_to_a_summons(anna, calendar):
    with pytest.raises(DeadlineTooShort) as caught:
        deadline_issue(
            actor=Actor.of_user(calendar.ak_one_worker),
            citizen=anna,
            interview=1,
            deadline=TODAY + timedelta(days=5),
            last_meeting_date=TODAY + timedelta(days=10),
        )
    assert "Indkald borgeren i stedet" in caught.value.message("da")
    assert "Summon the citizen instead" in caught.value.message("en")
    assert not CaseEvent.objects.filter(type="booking_deadline_issued").exists()


def test_booking_fulfils_the_open_deadline(anna, calendar):
    deadline_issue(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 11),
        last_meeting_date=date(2024, 9, 16),
    )
    assert plan_of(anna)["selfbooking"]["open_deadlines"] == [
        {"deadline": "2024-09-11", "last_meeting_date": "2024-09-16", "interview": 1}
    ]
    book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 12), 9))
    assert plan_of(anna)["selfbooking"]["open_deadlines"] == []


def test_only_the_holder_issues_deadlines(anna, calendar):
    with pytest.raises(NotAllowed):
        deadline_issue(
            actor=Actor.of_user(calendar.jc_kbh_worker),
            citizen=anna,
            interview=1,
            deadline=date(2024, 9, 11),
            last_meeting_date=date(2024, 9, 16),
        )


def test_rebooking_keeps_exactly_one_live_booking_and_the_calendar_entry(anna, calendar):
    first = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    moved = booking_rebook(
        actor=Actor.of_user(anna.user),
        booking=first,
        slot_id=slot_of(calendar.ak_one_worker, date(2024, 9, 12), 9, 45).pk,
    )
    assert list(Booking.objects.filter(citizen=anna, status="live")) == [moved]
    first.refresh_from_db()
    assert first.status == "rebooked"
    assert moved.calendar_uid == first.calendar_uid
    assert moved.calendar_sequence == first.calendar_sequence + 1
    assert plan_of(anna)["interviews"][0]["status"] == "booked"
    assert not plan_of(anna)["consequences"]  # a rebooking costs nothing


def test_rebooking_to_a_taken_time_changes_nothing(anna, calendar):
    first = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    taken = slot_of(calendar.ak_one_worker, date(2024, 9, 12), 9)
    Booking.objects.filter(pk=first.pk).update()  # no-op: keep the first as it is
    from tests.support import factories

    carl = factories.citizen(calendar.jc_kbh, calendar.ak_one, with_user=True, cpr="0202902222")
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=carl,
        events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
    )
    book(carl, taken)
    events_before = CaseEvent.objects.filter(citizen=anna).count()
    with pytest.raises(SlotTaken):
        booking_rebook(actor=Actor.of_user(anna.user), booking=first, slot_id=taken.pk)
    first.refresh_from_db()
    assert first.status == "live"
    assert CaseEvent.objects.filter(citizen=anna).count() == events_before


def test_akasse_and_jobcenter_meetings_cannot_overlap_for_one_citizen(anna, calendar):
    book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    # The jobcentre summons her (R27) to a meeting at the same hour.
    with pytest.raises(OverlappingMeeting):
        book(
            anna,
            slot_of(calendar.jc_kbh_worker, date(2024, 9, 10), 9),
            interview=4,
            actor=Actor.of_user(calendar.jc_kbh_worker),
            summons=True,
        )
    assert Booking.objects.filter(citizen=anna, status="live").count() == 1


# --- Summons, exemption, withdrawal (R27–R29) --------------------------------------------------


def test_a_summons_may_be_at_short_notice(anna, calendar):
    booking = book(
        anna,
        slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9),
        actor=Actor.of_user(calendar.ak_one_worker),
        summons=True,
    )
    assert booking.summoned


def test_citizens_cannot_summon(anna, calendar):
    with pytest.raises(NotAllowed):
        book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 4), 9), summons=True)


def test_an_exempted_citizen_gets_no_deadlines_and_is_summoned(anna, calendar):
    akasse = Actor.of_user(calendar.ak_one_worker)
    deadline_issue(
        actor=akasse,
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 11),
        last_meeting_date=date(2024, 9, 16),
    )
    selfbooking_change(
        actor=Actor.of_user(calendar.jc_kbh_worker),
        citizen=anna,
        change="exempted",
        reason="Betydelige sprogbarrierer",
    )
    assert plan_of(anna)["selfbooking"]["required"] is False
    assert plan_of(anna)["selfbooking"]["open_deadlines"] == []
    with pytest.raises(NotBookable):
        deadline_issue(
            actor=akasse,
            citizen=anna,
            interview=1,
            deadline=date(2024, 9, 12),
            last_meeting_date=date(2024, 9, 16),
        )
    with pytest.raises(NotBookable):
        book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    assert book(
        anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9), actor=akasse, summons=True
    )


def test_exemption_needs_a_reason(anna, calendar):
    with pytest.raises(NotBookable):
        selfbooking_change(
            actor=Actor.of_user(calendar.jc_kbh_worker),
            citizen=anna,
            change="withdrawn",
            reason=" ",
        )


def test_sickness_suspends_a_deadline(anna, calendar, clock):
    deadline_issue(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 12),
        last_meeting_date=date(2024, 9, 16),
    )
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        events=[{"type": "sick", "date": "2024-09-03", "from": "2024-09-09", "to": "2024-09-20"}],
    )
    clock.move_to(at(date(2024, 9, 22), 8))
    document = plan_current(anna).document_da
    [open_deadline] = document["selfbooking"]["open_deadlines"]
    assert open_deadline["deadline"] == "2024-09-29"  # reissued from 21 September, 8 days
    assert document["consequences"] == []


# --- Cancelling and outcomes (R24, R48, R49) ------------------------------------------------


def test_cancelling_without_lawful_absence_costs_a_dagpenge_day(anna, calendar):
    booking = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    booking_cancel(actor=Actor.of_user(anna.user), booking=booking, lawful_absence=False)
    assert plan_of(anna)["consequences"][0]["type"] == "lost_day"
    assert plan_of(anna)["consequences"][0]["from"] == "2024-09-10"
    assert plan_of(anna)["interviews"][0]["status"] == "open"


def test_cancelling_with_lawful_absence_costs_nothing(anna, calendar):
    booking = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    booking_cancel(
        actor=Actor.of_user(anna.user),
        booking=booking,
        lawful_absence=True,
        reason="Jobsamtale hos arbejdsgiver",
    )
    assert plan_of(anna)["consequences"] == []


def test_the_holder_records_a_held_meeting(anna, calendar, clock):
    booking = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    clock.move_to(at(date(2024, 9, 10), 10))
    with pytest.raises(NotAllowed):
        meeting_record_outcome(
            actor=Actor.of_user(calendar.jc_kbh_worker), booking=booking, outcome="held"
        )
    meeting_record_outcome(
        actor=Actor.of_user(calendar.ak_one_worker),
        booking=booking,
        outcome="held",
        notes="Aftalt: 2 ansøgninger om ugen",
    )
    first = plan_of(anna)["interviews"][0]
    assert (first["status"], first["held_on"]) == ("held", "2024-09-10")


def test_a_no_show_without_lawful_absence_is_a_lost_day_until_contact(anna, calendar, clock):
    booking = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    clock.move_to(at(date(2024, 9, 12), 10))
    meeting_record_outcome(
        actor=Actor.of_user(calendar.ak_one_worker),
        booking=booking,
        outcome="no_show",
        lawful_absence=False,
        contact_date=date(2024, 9, 12),
    )
    [consequence] = plan_of(anna)["consequences"]
    assert (consequence["type"], consequence["from"], consequence["to"]) == (
        "lost_day",
        "2024-09-10",
        "2024-09-11",
    )


def test_the_organisation_cancelling_costs_the_citizen_nothing(anna, calendar):
    booking = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    meeting_record_outcome(
        actor=Actor.of_user(calendar.ak_one_worker),
        booking=booking,
        outcome="cancelled_by_organisation",
        notes="Sagsbehandler syg",
    )
    assert plan_of(anna)["consequences"] == []
    assert plan_of(anna)["interviews"][0]["status"] == "open"


def test_a_meeting_carries_what_the_organisations_exchange(anna, calendar):
    from kontaktforloeb.organisations.models import Location

    location = Location.objects.create(
        organisation=calendar.ak_one,
        name="Hovedkontor",
        street="Vesterbrogade 1",
        postal_code="1620",
        city="København V",
    )
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9)
    slot.location = location
    slot.save()
    booking = book(anna, slot)
    assert "Vesterbrogade 1" in booking.address
    assert booking.changeable_until == at(date(2024, 9, 9), 9)
    assert booking.caseworker == calendar.ak_one_worker
    assert booking.end - booking.start == timedelta(minutes=45)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints")
def test_postgresql_itself_refuses_overlapping_meetings(anna, calendar):
    """Even code that skips the services' checks cannot store overlapping live meetings."""
    from django.db import IntegrityError, transaction

    first = book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    other = slot_of(calendar.jc_kbh_worker, date(2024, 9, 10), 9)
    clash = Booking(
        citizen=anna,
        slot=other,
        organisation=calendar.jc_kbh,
        holder="jobcenter",
        caseworker=other.caseworker,
        interview=4,
        start=other.start,
        end=other.end,
        channel="phone",
        topic="other",
        title="x",
        calendar_uid="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    same_caseworker = Booking(
        citizen=calendar.bo,
        slot=first.slot,
        organisation=calendar.ak_one,
        holder="akasse",
        caseworker=first.caseworker,
        interview=1,
        start=first.start,
        end=first.end,
        channel="phone",
        topic="other",
        title="x",
        calendar_uid="y",
        status="held",
    )
    same_caseworker.save()  # not live: allowed
    same_caseworker.pk = None
    same_caseworker.status = "live"
    same_caseworker.slot = other
    with pytest.raises(IntegrityError), transaction.atomic():
        same_caseworker.save()


def test_the_nightly_refresh_puts_a_missed_deadline_on_the_caseworkers_list(anna, calendar, clock):
    from kontaktforloeb.cases.plans import plans_refresh_due
    from kontaktforloeb.cases.selectors import consequences_awaiting_decision

    deadline_issue(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        interview=1,
        deadline=date(2024, 9, 11),
        last_meeting_date=date(2024, 9, 16),
    )
    assert not consequences_awaiting_decision(actor=Actor.of_user(calendar.ak_one_worker))
    clock.move_to(at(date(2024, 9, 12), 0, 5))
    assert plans_refresh_due() == 1
    [item] = consequences_awaiting_decision(actor=Actor.of_user(calendar.ak_one_worker))
    assert (item.citizen, item.subtype, item.earliest) == (anna, "deregistered", date(2024, 9, 12))
    assert any(reason["rule"] == "R25" for reason in item.because)
    assert not consequences_awaiting_decision(actor=Actor.of_user(calendar.ak_two_worker))


def test_deadlines_are_issued_from_the_plans_target_dates(anna, calendar):
    from kontaktforloeb.booking.services import deadlines_issue_due

    # Anna's first interview: target date within three weeks, legal deadline 16 September.
    result = deadlines_issue_due(TODAY)
    assert result.issued == 1
    [open_deadline] = plan_of(anna)["selfbooking"]["open_deadlines"]
    assert open_deadline["interview"] == 1
    assert open_deadline["deadline"] == "2024-09-11"  # the legal minimum of 8 days
    assert open_deadline["last_meeting_date"] <= "2024-09-16"
    # Running again issues nothing more: the deadline is open.
    assert deadlines_issue_due(TODAY).issued == 0


def test_no_automatic_deadline_for_an_exempted_citizen(anna, bo, calendar):
    from kontaktforloeb.booking.services import deadlines_issue_due

    selfbooking_change(
        actor=Actor.of_user(calendar.jc_kbh_worker),
        citizen=anna,
        change="exempted",
        reason="Ordblind",
    )
    result = deadlines_issue_due(TODAY)
    assert plan_of(anna)["selfbooking"]["open_deadlines"] == []
    # Bo's first interview (kontanthjælp, 7 days) is too close for an 8-day deadline: a summons.
    assert plan_of(bo)["selfbooking"]["open_deadlines"] == []
    assert result.too_late == 1


def test_no_automatic_deadline_for_a_booked_interview(anna, calendar):
    from kontaktforloeb.booking.services import deadlines_issue_due

    book(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 10), 9))
    assert deadlines_issue_due(TODAY).issued == 0
    assert plan_of(anna)["selfbooking"]["open_deadlines"] == []


@pytest.fixture
def carl(calendar):
    """Jobparat kontanthjælp in København: the jobcentre holds all his interviews."""
    from tests.support import factories

    carl = factories.citizen(calendar.jc_kbh, with_user=True, cpr="0303903333", first_name="Carl")
    case_events_append(
        actor=Actor.of_user(calendar.jc_kbh_worker),
        citizen=carl,
        events=[{"type": "registered", "date": "2024-09-02", "group": "kontanthjaelp_jobparat"}],
    )
    return carl


def test_the_topic_is_chosen_from_the_list_with_optional_free_text(carl, calendar):
    slot = slot_of(calendar.jc_kbh_worker, date(2024, 9, 5), 9)
    with pytest.raises(NotBookable):
        book(carl, slot, topic="weather")
    booking = book(carl, slot, topic="cv_applications", topic_text="Hjælp til mit CV")
    assert (booking.topic, booking.topic_text) == ("cv_applications", "Hjælp til mit CV")


def test_a_kontanthjaelp_no_show_is_a_deduction_basis_until_contact(carl, calendar, clock):
    booking = book(carl, slot_of(calendar.jc_kbh_worker, date(2024, 9, 5), 9))
    clock.move_to(at(date(2024, 9, 9), 10))
    meeting_record_outcome(
        actor=Actor.of_user(calendar.jc_kbh_worker),
        booking=booking,
        outcome="no_show",
        lawful_absence=False,
        contact_date=date(2024, 9, 9),
    )
    [consequence] = plan_of(carl)["consequences"]
    assert (consequence["type"], consequence["from"], consequence["to"]) == (
        "deduction_basis",
        "2024-09-05",
        "2024-09-08",
    )
    assert any(reason["rule"] == "R49" for reason in consequence["because"])


def test_a_kontanthjaelp_cancellation_costs_no_dagpenge_day(carl, calendar):
    booking = book(carl, slot_of(calendar.jc_kbh_worker, date(2024, 9, 5), 9))
    booking_cancel(actor=Actor.of_user(carl.user), booking=booking, lawful_absence=False)
    assert plan_of(carl)["consequences"] == []


def test_only_the_citizens_jobcentre_changes_self_booking(anna, calendar):
    for other in (calendar.ak_one_worker, calendar.jc_aarhus_worker):
        with pytest.raises(NotAllowed):
            selfbooking_change(
                actor=Actor.of_user(other), citizen=anna, change="withdrawn", reason="Udeblivelser"
            )
    assert plan_of(anna)["selfbooking"]["required"] is True


def test_the_citizen_chooses_akasse_participation_in_the_first_jobcentre_interview(
    anna, calendar, clock
):
    """R4: after the handover the first jobcentre interview may be joint, if the citizen wants."""
    clock.move_to(at(date(2024, 12, 2), 8))
    interview_4 = next(i for i in plan_current(anna).document_da["interviews"] if i["number"] == 4)
    assert (interview_4["holder"], interview_4["joint"]) == ("jobcenter", "optional")
    booking = book(
        anna,
        slot_of(calendar.jc_kbh_worker, date(2024, 12, 10), 9),
        interview=4,
        channel="video",
        akasse_participates=True,
    )
    assert booking.akasse_participates is True
    choice = CaseEvent.objects.get(citizen=anna, type="akasse_participation")
    assert choice.data == {"wants": True, "interview": 4}
    # The a-kasse sees the meeting of its member, through the same gate as every read.
    from kontaktforloeb.booking.selectors import citizen_bookings
    from kontaktforloeb.cases.selectors import citizen_get

    member = citizen_get(
        actor=Actor.of_user(calendar.ak_one_worker), citizen_id=anna.pk, what="case", why="test"
    )
    assert booking in list(citizen_bookings(member))
