"""The citizen's own pages: plan, booking, meetings, preparation, asking for an interview,
messages, settings and "who has seen my data". Each is tried by its citizen, by another citizen
(404), by staff (404) and anonymously (log-in), and each form's errors are checked in both
languages with what was typed kept."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kontaktforloeb.booking.models import Booking, PreparationNote
from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.cases.models import InterviewRequest
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.organisations.access import Actor
from tests.support.calendar import TODAY, at, slot_of, weekday_free_times
from tests.support.processes import free_port


@pytest.fixture
def clock():
    with time_machine.travel(at(TODAY, 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(world, clock):
    """Weekday free times 9–12 for a caseworker of a-kasse one, Jobcenter København and
    Jobcenter Aarhus, for the next 16 weeks."""
    weekday_free_times((world.ak_one_worker, world.jc_kbh_worker, world.jc_aarhus_worker), weeks=16)
    return world


def register(world, citizen, group: str, on: str = "2024-09-02") -> None:
    worker = world.ak_one_worker if group == "dagpenge" else world.jc_aarhus_worker
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=citizen,
        events=[{"type": "registered", "date": on, "group": group}],
    )


@pytest.fixture
def anna(calendar):
    """Dagpenge; interview 1 with the a-kasse, in person, by Monday 16 September."""
    register(calendar, calendar.anna, "dagpenge")
    return calendar.anna


@pytest.fixture
def bo(calendar):
    register(calendar, calendar.bo, "kontanthjaelp_jobparat")
    return calendar.bo


def client_of(user, language: str = "da") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    if language == "en":
        client.cookies["kf_language"] = "en"
    return client


def booked(citizen, slot, interview: int = 1, channel: str = "in_person") -> Booking:
    return booking_create(
        actor=Actor.of_user(citizen.user),
        citizen=citizen,
        slot_id=slot.pk,
        interview=interview,
        channel=channel,
        topic="job_search",
    )


def text(response) -> str:
    return response.content.decode()


# --- Who may see what ----------------------------------------------------------------------

OWN_PAGES = [
    ("web:citizen_home", []),
    ("web:citizen_access_log", []),
    ("selfservice:plan", []),
    ("selfservice:meetings", []),
    ("selfservice:preparation", []),
    ("selfservice:interview_request", []),
    ("selfservice:inbox", []),
    ("selfservice:settings", []),
    ("selfservice:book", [1]),
]


@pytest.mark.parametrize(("name", "args"), OWN_PAGES)
def test_every_page_answers_the_citizen_404s_staff_and_sends_the_anonymous_to_log_in(
    anna, name, args
):
    url = reverse(name, args=args)
    assert client_of(anna.user).get(url).status_code == 200
    assert client_of(anna.user, "en").get(url).status_code == 200
    assert client_of(anna.user).get(url)["Content-Language"] == "da"
    assert Client().get(url).url.startswith(reverse("web:login"))
    assert client_of(anna.user.__class__.objects.get(username="jc-kbh")).get(url).status_code == 404


def test_another_citizens_meeting_and_message_are_404(anna, bo, calendar):
    meeting = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    message = Message.objects.get(citizen=anna)
    bo_client = client_of(bo.user)
    for name in (
        "meeting",
        "receipt",
        "meeting_ics",
        "meeting_rebook",
        "meeting_cancel",
        "meeting_preparation",
    ):
        url = reverse(f"selfservice:{name}", args=[meeting.pk])
        assert bo_client.get(url).status_code == 404, name
        if name != "meeting_ics":
            assert bo_client.post(url, {"tid": 1}).status_code == 404, name
        assert client_of(calendar.ak_one_worker).get(url).status_code == 404, name
    url = reverse("selfservice:message", args=[message.pk])
    assert bo_client.get(url).status_code == 404
    assert client_of(calendar.ak_one_worker).get(url).status_code == 404
    assert client_of(anna.user).get(url).status_code == 200
    assert Booking.objects.get(pk=meeting.pk).status == Booking.Status.LIVE


# --- Plan ----------------------------------------------------------------------------------


def test_plan_puts_the_next_step_first_with_why_and_a_booking_button(anna):
    page = text(client_of(anna.user).get(reverse("selfservice:plan")))
    assert page.index("Det skal du nu") < page.index("Hele dit forløb")
    assert "Samtale 1 med a-kassen" in page
    assert "mandag 16. september 2024" in page
    assert "Hvorfor?" in page
    assert "LAB § 31, stk. 1" in page
    assert reverse("selfservice:book", args=[1]) in page
    assert "2024-09-16" not in page  # never ISO dates on a page
    english = text(client_of(anna.user, "en").get(reverse("selfservice:plan")))
    assert "Monday 16 September 2024" in english
    assert "Why?" in english
    assert "What to do now" in english


def test_plan_marks_the_systems_interpretation(anna):
    page = text(client_of(anna.user).get(reverse("selfservice:plan")))
    assert "Systemets fortolkning" in page


def test_plan_shows_deregistration_and_what_to_do(calendar):
    citizen = calendar.anna
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=citizen,
        events=[
            {"type": "registered", "date": "2024-08-01", "group": "dagpenge"},
            {
                "type": "booking_deadline_issued",
                "date": "2024-08-02",
                "deadline": "2024-08-12",
                "last_meeting_date": "2024-08-14",
                "interview": 1,
            },
        ],
    )
    page = text(client_of(citizen.user).get(reverse("selfservice:plan")))
    assert "Afmeldt som jobsøgende" in page
    assert "tirsdag 13. august 2024" in page
    assert "Meld dig ledig igen" in page


# --- Booking -------------------------------------------------------------------------------


def test_booking_the_first_interview_offers_only_in_person_with_the_reason(anna, calendar):
    client = client_of(anna.user)
    calendar_page = client.get(reverse("selfservice:book", args=[1]))
    page = text(calendar_page)
    assert "Trin 1 af 3" in page
    assert "Samtalen holdes ved personligt fremmøde" in page
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9)
    assert f'value="{slot.pk}"' in page
    chosen = client.post(reverse("selfservice:book", args=[1]), {"tid": slot.pk})
    assert chosen.status_code == 302
    details = client.get(chosen.url)
    page = text(details)
    assert 'value="in_person"' in page
    assert 'value="phone"' not in page and 'value="video"' not in page
    assert "Hvorfor kan jeg ikke vælge telefon eller video?" in page
    done = client.post(
        chosen.url,
        {"tid": slot.pk, "channel": "in_person", "topic": "change_trade", "topic_text": "Lager"},
    )
    booking = Booking.objects.get(citizen=anna, status="live")
    assert done.url == reverse("selfservice:receipt", args=[booking.pk])
    assert booking.topic == "change_trade" and booking.topic_text == "Lager"
    receipt = text(client.get(done.url))
    assert "Føj til kalender" in receipt
    assert "torsdag 5. september 2024 kl. 09.00" in receipt


@pytest.mark.parametrize("refused", ["e-mail", "text message"])
def test_booking_works_while_e_mail_and_text_messages_are_refused_and_the_receipt_follows(
    anna, calendar, refused, django_capture_on_commit_callbacks
):
    """Nothing listens where the mail relay or the SMS gateway should be: the citizen books all
    the same, sees the receipt, and the message waits to be sent again (R52)."""
    if refused == "text message":
        anna.email, anna.mobile = "", "+45 20 30 40 50"
        anna.save(update_fields=["email", "mobile"])
    nowhere = free_port()
    sender = (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=nowhere,
            EMAIL_TIMEOUT=2,
        )
        if refused == "e-mail"
        else override_settings(
            NOTIFICATIONS_SMS_BACKEND="kontaktforloeb.notifications.gatewayapi.GatewayApiSms",
            GATEWAYAPI_BASE_URL=f"http://127.0.0.1:{nowhere}",
            GATEWAYAPI_TOKEN="test-token",
            GATEWAYAPI_TIMEOUT_SECONDS=2,
        )
    )
    client = client_of(anna.user)
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9)
    with sender, django_capture_on_commit_callbacks(execute=True):
        chosen = client.post(reverse("selfservice:book", args=[1]), {"tid": slot.pk})
        done = client.post(
            chosen.url, {"tid": slot.pk, "channel": "in_person", "topic": "job_search"}
        )
    booking = Booking.objects.get(citizen=anna, status="live")
    assert done.url == reverse("selfservice:receipt", args=[booking.pk])
    assert "torsdag 5. september 2024 kl. 09.00" in text(client.get(done.url))
    assert client.get(reverse("selfservice:plan")).status_code == 200
    message = Message.objects.get(citizen=anna)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.next_attempt_at is not None


def test_choosing_no_time_shows_the_error_in_both_languages(anna):
    url = reverse("selfservice:book", args=[1])
    danish = text(client_of(anna.user).post(url, {}))
    assert "Der er et problem" in danish
    assert danish.count("Vælg en tid i kalenderen.") == 2  # summary and field
    english = text(client_of(anna.user, "en").post(url, {}))
    assert "Choose a time in the calendar." in english


def test_booking_details_errors_keep_what_was_typed(anna, calendar):
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9)
    url = reverse("selfservice:book_details", args=[1])
    for language, message in (
        ("da", "Vælg, hvad samtalen skal handle om."),
        ("en", "Choose what the interview should be about."),
    ):
        response = client_of(anna.user, language).post(
            f"{url}?tid={slot.pk}",
            {"tid": slot.pk, "channel": "in_person", "topic_text": "Mit eget emne"},
        )
        page = text(response)
        assert response.status_code == 200
        assert page.count(message) == 2
        assert "Mit eget emne" in page
        assert 'href="#id_topic_0"' in page
    assert not Booking.objects.filter(citizen=anna).exists()


def test_a_phone_channel_for_the_first_interview_is_refused(anna, calendar):
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9)
    url = reverse("selfservice:book_details", args=[1])
    page = text(
        client_of(anna.user).post(url, {"tid": slot.pk, "channel": "phone", "topic": "other"})
    )
    assert page.count("Vælg en af de samtaleformer, der står her.") == 2
    assert not Booking.objects.filter(citizen=anna).exists()


def test_a_booking_refusal_shows_the_domain_message(anna, calendar):
    """A time after the last meeting date: booking's own words reach the page."""
    late = slot_of(calendar.ak_one_worker, date(2024, 9, 20), 9)
    url = reverse("selfservice:book_details", args=[1])
    data = {"tid": late.pk, "channel": "in_person", "topic": "other"}
    assert "Mødet skal ligge senest mandag 16. september 2024" in text(
        client_of(anna.user).post(url, data)
    )
    assert "The meeting must be on or before Monday 16 September 2024" in text(
        client_of(anna.user, "en").post(url, data)
    )


def test_a_time_taken_meanwhile_says_so_and_offers_the_nearest_free_times(anna, bo, calendar):
    slot = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9)
    other = calendar.ak_one_worker.organisation.members.exclude(pk=anna.pk).first()
    assert other is None
    # Someone else takes the time while Anna fills in step 2.
    Booking.objects.create(
        citizen=bo,
        slot=slot,
        organisation=slot.organisation,
        holder="akasse",
        caseworker=slot.caseworker,
        interview=9,
        start=slot.start,
        end=slot.end,
        channel="in_person",
        topic="other",
        title="x",
        calendar_uid="x@test",
    )
    url = reverse("selfservice:book_details", args=[1])
    response = client_of(anna.user).post(
        url, {"tid": slot.pk, "channel": "in_person", "topic": "other", "topic_text": "Behold"}
    )
    page = text(response)
    assert "Den tid blev lige taget af en anden" in page
    assert "Vælg en af de nærmeste ledige tider" in page
    nearest = slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9, 45)
    assert f'value="{nearest.pk}"' in page
    assert "Behold" in page
    english = text(
        client_of(anna.user, "en").post(
            url, {"tid": slot.pk, "channel": "in_person", "topic": "other"}
        )
    )
    assert "That time was just taken" in english
    # Choosing one of the nearest times books it, keeping the topic.
    client_of(anna.user).post(
        url, {"tid": nearest.pk, "channel": "in_person", "topic": "other", "topic_text": "Behold"}
    )
    assert Booking.objects.get(citizen=anna, status="live").slot == nearest


def test_later_interviews_offer_every_channel_of_the_time(anna, calendar):
    case_events_append(
        actor=Actor.of_user(calendar.ak_one_worker),
        citizen=anna,
        events=[
            {
                "type": "interview_held",
                "date": "2024-09-03",
                "holder": "akasse",
                "channel": "in_person",
            }
        ],
    )
    slot = slot_of(calendar.ak_one_worker, date(2024, 10, 8), 9)
    url = reverse("selfservice:book_details", args=[2])
    page = text(client_of(anna.user).get(f"{url}?tid={slot.pk}"))
    assert 'value="phone"' in page and 'value="video"' in page


def test_ics_has_the_same_uid_and_sequence_as_the_receipt(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    response = client_of(anna.user).get(reverse("selfservice:meeting_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    mail = Message.objects.get(citizen=anna, booking=booking)
    assert f"UID:{booking.calendar_uid}" in body.replace("\r\n ", "")
    assert f"UID:{booking.calendar_uid}" in mail.ics.replace("\r\n ", "")
    assert "SEQUENCE:0" in body and "SEQUENCE:0" in mail.ics


# --- Meetings: rebook and cancel -----------------------------------------------------------


def test_meeting_page_shows_what_r52_lists(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    page = text(client_of(anna.user).get(reverse("selfservice:meeting", args=[booking.pk])))
    for words in (
        "Personligt fremmøde",
        "Sagsbehandler",
        "onsdag 4. september 2024 kl. 09.00",
        "Ombook",
        "Meld afbud",
    ):
        assert words in page, words


def test_rebooking_moves_the_meeting(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    new_slot = slot_of(calendar.ak_one_worker, date(2024, 9, 6), 11, 15)
    client = client_of(anna.user)
    url = reverse("selfservice:meeting_rebook", args=[booking.pk])
    assert "Det har ingen betydning for dine dagpenge" in text(client.get(url))
    response = client.post(url, {"tid": new_slot.pk})
    new = Booking.objects.get(citizen=anna, status="live")
    assert response.url == reverse("selfservice:meeting", args=[new.pk])
    assert new.slot == new_slot and new.calendar_uid == booking.calendar_uid
    # The old page leads to the new meeting.
    assert client.get(reverse("selfservice:meeting", args=[booking.pk])).url == response.url


def test_rebooking_to_a_taken_time_shows_the_nearest_free_times(anna, bo, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    taken = slot_of(calendar.ak_one_worker, date(2024, 9, 6), 9)
    Booking.objects.create(
        citizen=bo,
        slot=taken,
        organisation=taken.organisation,
        holder="akasse",
        caseworker=taken.caseworker,
        interview=9,
        start=taken.start,
        end=taken.end,
        channel="in_person",
        topic="other",
        title="x",
        calendar_uid="y@test",
    )
    page = text(
        client_of(anna.user).post(
            reverse("selfservice:meeting_rebook", args=[booking.pk]), {"tid": taken.pk}
        )
    )
    assert "Den tid blev lige taget af en anden" in page
    assert "De nærmeste ledige tider" in page
    assert Booking.objects.get(citizen=anna, status="live").pk == booking.pk


def test_cancelling_states_the_dagpenge_consequence_first(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    url = reverse("selfservice:meeting_cancel", args=[booking.pk])
    page = text(client_of(anna.user).get(url))
    assert "Melder du afbud uden lovligt fravær, mister du dagpenge for dagen." in page
    english = text(client_of(anna.user, "en").get(url))
    assert "If you cancel without lawful absence, you lose your dagpenge for the day." in english


def test_cancelling_states_the_kontanthjaelp_consequence(bo, calendar):
    booking = booked(bo, slot_of(calendar.jc_aarhus_worker, date(2024, 9, 5), 9))
    page = text(client_of(bo.user).get(reverse("selfservice:meeting_cancel", args=[booking.pk])))
    assert "kan jobcentret trække dig i hjælpen for dagen" in page


def test_cancel_form_errors_in_both_languages_and_lawful_absence_needs_a_reason(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    url = reverse("selfservice:meeting_cancel", args=[booking.pk])
    page = text(client_of(anna.user).post(url, {}))
    assert page.count("Vælg, om du har lovligt fravær.") == 2
    page = text(client_of(anna.user, "en").post(url, {"lawful_absence": "yes"}))
    assert page.count("Write what your lawful absence is") == 2
    assert Booking.objects.get(pk=booking.pk).status == "live"
    response = client_of(anna.user).post(
        url, {"lawful_absence": "yes", "reason": "Jobsamtale hos Lego"}
    )
    assert response.status_code == 302
    cancelled = Booking.objects.get(pk=booking.pk)
    assert cancelled.status == "cancelled" and cancelled.outcome_notes == "Jobsamtale hos Lego"
    event = anna.events.filter(type="booking_cancelled").get()
    assert event.data["lawful_absence"] is True


# --- Preparation ---------------------------------------------------------------------------


def test_preparation_saves_with_and_without_htmx(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    url = reverse("selfservice:meeting_preparation", args=[booking.pk])
    client = client_of(anna.user)
    page = text(client.get(url))
    assert 'hx-trigger="keyup changed delay:800ms"' in page
    assert "Hvad er dit drømmejob?" in page
    response = client.post(url, {"dream_job": "Tømrer"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Gemt" in text(response)
    assert PreparationNote.objects.get(booking=booking).dream_job == "Tømrer"
    response = client.post(url, {"dream_job": "Tømrer", "first_steps": "Et kursus"})
    assert response.status_code == 302
    assert PreparationNote.objects.get(booking=booking).first_steps == "Et kursus"
    assert "Et kursus" in text(client.get(url))


def test_preparation_too_long_keeps_the_text_and_says_why(anna):
    url = reverse("selfservice:preparation")
    long = "x" * 2001
    for language, message in (("da", "Skriv højst 2000 tegn."), ("en", "Write at most 2000")):
        page = text(client_of(anna.user, language).post(url, {"dream_job": long}))
        assert message in page
        assert long in page
    assert not PreparationNote.objects.exists()


# --- Asking for an interview ---------------------------------------------------------------


def test_before_six_months_the_interviews_are_planned_already(anna):
    url = reverse("selfservice:interview_request")
    page = text(client_of(anna.user).get(url))
    assert "Dine samtaler i de første seks måneder er allerede planlagt" in page
    assert "søndag 2. marts 2025" in page
    client_of(anna.user).post(url, {"reason": "Nu"})
    assert not InterviewRequest.objects.exists()


def test_after_six_months_the_citizen_can_ask_for_an_interview(calendar):
    register(calendar, calendar.anna, "dagpenge", on="2024-01-15")
    client = client_of(calendar.anna.user)
    url = reverse("selfservice:interview_request")
    page = text(client.post(url, {}))
    assert page.count("Skriv, hvad du gerne vil tale om.") == 2
    page = text(client_of(calendar.anna.user, "en").post(url, {}))
    assert "Write what you would like to talk about." in page
    response = client.post(url, {"reason": "Jeg vil tale om et kursus"})
    assert response.status_code == 302
    request = InterviewRequest.objects.get()
    assert request.citizen == calendar.anna and request.reason == "Jeg vil tale om et kursus"
    assert "Du bad om en samtale" in text(client.get(url))


# --- Messages and settings -----------------------------------------------------------------


def test_inbox_lists_own_messages_newest_first_and_opens_one(anna, calendar):
    booking = booked(anna, slot_of(calendar.ak_one_worker, date(2024, 9, 5), 9))
    client = client_of(anna.user)
    client.post(
        reverse("selfservice:meeting_cancel", args=[booking.pk]),
        {"lawful_absence": "no"},
    )
    page = text(client.get(reverse("selfservice:inbox")))
    assert page.index("er aflyst") < page.index("Kvittering: dit møde")
    message = Message.objects.filter(citizen=anna).order_by("id").first()
    assert message is not None
    opened = text(client.get(reverse("selfservice:message", args=[message.pk])))
    assert message.subject in opened
    assert "Du har booket et møde" in opened


def test_settings_need_at_least_one_way_and_keep_what_was_typed(anna):
    url = reverse("selfservice:settings")
    page = text(client_of(anna.user).post(url, {"language": "da", "email": "ny@example.dk"}))
    assert page.count("Vælg mindst én måde at få besked på.") == 2
    assert "ny@example.dk" in page
    page = text(client_of(anna.user, "en").post(url, {"language": "da", "notify": ["sms"]}))
    assert page.count("Write your mobile number if you want messages by text") == 2
    anna.refresh_from_db()
    assert anna.notify_by_email and not anna.notify_by_sms


def test_settings_save_language_and_channels(anna):
    client = client_of(anna.user)
    response = client.post(
        reverse("selfservice:settings"),
        {"language": "en", "notify": ["email", "sms"], "email": anna.email, "mobile": "12345678"},
    )
    assert response.status_code == 302
    assert response.cookies["kf_language"].value == "en"
    anna.refresh_from_db()
    assert anna.language == "en" and anna.notify_by_sms and anna.mobile == "12345678"
    assert "Your settings have been saved." in text(client.get(response.url))


def test_access_log_uses_plain_words(anna):
    page = text(client_of(anna.user).get(reverse("web:citizen_access_log")))
    assert "Hvem har set mine data" in page
    assert "Ingen har set dine data endnu." in page
