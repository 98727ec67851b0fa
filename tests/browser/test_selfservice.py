"""The citizen's pages in Chromium, walked as a citizen would: read the plan and open a "Hvorfor?",
book the first interview (phone is not offered, and the page says why), prepare, rebook, cancel
with the consequence stated first, ask for an interview, read a message and see who has seen the
data. On a desktop and on a 390×844 phone, in Danish and in English; axe on every page, and a
screenshot of every page under test-results/selfservice/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.booking.models import Booking, WorkingPattern
from kontaktforloeb.booking.slots import slots_materialise
from kontaktforloeb.cases.models import InterviewRequest
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "selfservice"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
LOCALES = {"da": "da-DK", "en": "en-GB"}

WORDS = {
    "da": {
        "plan": "Min plan",
        "why": "Hvorfor?",
        "book1": "Book samtale 1",
        "next": "Videre",
        "topic": "Skifte branche",
        "book": "Book tiden",
        "booked": "Du har booket din samtale",
        "no_phone": "Hvorfor kan jeg ikke vælge telefon eller video?",
        "meetings": "Mine møder",
        "prepare": "Forbered dig til samtalen",
        "dream": "Hvad er dit drømmejob?",
        "saved": "Gemt",
        "save": "Gem",
        "rebook": "Ombook",
        "move": "Flyt mødet til den valgte tid",
        "moved": "Dit møde er flyttet.",
        "cancel": "Meld afbud",
        "consequence": "Melder du afbud uden lovligt fravær, mister du dagpenge for dagen.",
        "no": "Nej",
        "cancelled": "Du har meldt afbud.",
        "ask": "Bed om en samtale",
        "ask_label": "Hvad vil du gerne tale om?",
        "asked": "Din anmodning er sendt.",
        "messages": "Beskeder",
        "seen": "Hvem har set mine data",
        "receipt_intro": "Du har booket et møde.",
        "in_person_only": "Den første samtale i dit forløb skal holdes ved personligt fremmøde.",
    },
    "en": {
        "plan": "My plan",
        "why": "Why?",
        "book1": "Book interview 1",
        "next": "Continue",
        "topic": "Changing trade",
        "book": "Book this time",
        "booked": "You have booked your interview",
        "no_phone": "Why can I not choose phone or video?",
        "meetings": "My meetings",
        "prepare": "Prepare for the interview",
        "dream": "What is your dream job?",
        "saved": "Saved",
        "save": "Save",
        "rebook": "Rebook",
        "move": "Move the meeting to the chosen time",
        "moved": "Your meeting has been moved.",
        "cancel": "Cancel the meeting",
        "consequence": "If you cancel without lawful absence, you lose your dagpenge for the day.",
        "no": "No",
        "cancelled": "You have cancelled.",
        "ask": "Ask for an interview",
        "ask_label": "What would you like to talk about?",
        "asked": "Your request has been sent.",
        "messages": "Messages",
        "seen": "Who has seen my data",
        "receipt_intro": "You have booked a meeting.",
        "in_person_only": "The first interview of your course must be held in person.",
    },
}


def choose_time(page: Page, slot: Any) -> None:
    """Go to the slot's week in the calendar and choose it (a radio button)."""
    year, week, _ = slot.start.date().isocalendar()
    page.goto(f"{page.url.split('?')[0]}?uge={year}-W{week:02d}")
    page.locator(f"input[name=tid][value='{slot.pk}']").check()


def later_slots(worker: Any, count: int) -> list[Any]:
    """Free times at least two days ahead, so they can still be changed (24 hours before)."""
    from kontaktforloeb.booking.models import Slot

    first_day = date.today() + timedelta(days=2)
    return list(
        Slot.objects.filter(caseworker=worker, start__date__gte=first_day).order_by("start")[:count]
    )


def check(page: Page, name: str, language: str, size: str) -> None:
    """axe, nothing wider than the screen, and a screenshot to look at."""
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_fits_width(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{language}-{size}.png", full_page=True)


@pytest.fixture
def free_times(world: Any) -> Any:
    """The a-kasse's and the jobcentre's caseworkers have free times 9–12 every weekday."""
    today = date.today()
    for worker in (world.ak_one_worker, world.jc_aarhus_worker):
        for weekday in range(5):
            WorkingPattern.objects.create(
                caseworker=worker,
                organisation=worker.organisation,
                weekday=weekday,
                start_time=time(9),
                end_time=time(12),
                slot_minutes=45,
                valid_from=today,
            )
    slots_materialise(WorkingPattern.objects.all(), today, today + timedelta(weeks=8))
    return world


@pytest.fixture
def anna(free_times: Any) -> Any:
    """A dagpenge recipient who registered yesterday; a jobcentre caseworker opened her case."""
    case_events_append(
        actor=Actor.of_user(free_times.ak_one_worker),
        citizen=free_times.anna,
        events=[
            {
                "type": "registered",
                "date": (date.today() - timedelta(days=1)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )
    citizen_get(
        actor=Actor.of_user(free_times.ak_one_worker),
        citizen_id=free_times.anna.pk,
        what="case",
        why="Sagen åbnet",
    )
    return free_times.anna


def _worker(citizen: Any) -> Any:
    pattern = WorkingPattern.objects.filter(organisation=citizen.akasse).first()
    assert pattern is not None
    return pattern.caseworker


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LOCALES)
def test_citizen_reads_the_plan_books_prepares_rebooks_and_cancels(
    open_page: OpenPage, anna: Any, language: str, size: str
) -> None:
    words = WORDS[language]
    page = open_page(viewport=SIZES[size], locale=LOCALES[language])
    log_in(page, anna.user.username)
    check(page, "home", language, size)

    # The plan: the first interview stands first; its "Hvorfor?" opens and gives the citation.
    page.get_by_role("navigation", name="Min side" if language == "da" else "My page").get_by_role(
        "link", name=words["plan"]
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["plan"])
    first_why = page.locator(".kf-next-step details").first
    first_why.locator("summary").click()
    expect(first_why.locator(".details-text")).to_contain_text("LAB § 31, stk. 1")
    check(page, "plan", language, size)

    # Book the first interview: a free time, by keyboard-operable radio buttons.
    page.locator(".kf-next-step").first.get_by_role("link", name=words["book1"]).click()
    check(page, "booking-time", language, size)
    first, second = later_slots(_worker(anna), 2)
    choose_time(page, first)
    page.get_by_role("button", name=words["next"]).click()
    # Only in person, and the page says why.
    expect(page.locator("input[name=channel]")).to_have_count(1)
    expect(page.locator("input[value=phone]")).to_have_count(0)
    expect(page.locator("input[value=video]")).to_have_count(0)
    expect(page.locator("#channel-reason")).to_contain_text(words["no_phone"])
    expect(page.locator("#channel-reason")).to_contain_text(words["in_person_only"])
    # Submitting without a topic: the error summary, and the typed text is kept.
    page.locator("#id_topic_text").fill("Lager og logistik")
    page.get_by_role("button", name=words["book"]).click()
    expect(page.locator(".alert-error")).to_be_visible()
    expect(page.locator("#id_topic_text")).to_have_value("Lager og logistik")
    check(page, "booking-details-error", language, size)
    page.get_by_label(words["topic"]).check()
    check(page, "booking-details", language, size)
    page.get_by_role("button", name=words["book"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["booked"])
    ics = page.locator("a[href$='kalender.ics']").first
    expect(ics).to_be_visible()
    check(page, "booking-receipt", language, size)
    booking = Booking.objects.get(citizen=anna, status="live")
    assert booking.channel == "in_person" and booking.topic == "change_trade"

    # Prepare: typing saves by itself; the Save button works too.
    page.get_by_role("link", name=words["prepare"]).click()
    page.get_by_label(words["dream"]).press_sequentially("Tømrer", delay=20)
    expect(page.locator("#saved-status")).to_contain_text(words["saved"])
    check(page, "preparation", language, size)
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.get_by_label(words["dream"])).to_have_value("Tømrer")

    # Rebook to another free time.
    page.get_by_role("link", name=words["meetings"]).click()
    check(page, "meetings", language, size)
    page.locator(".kf-meetings a").first.click()
    check(page, "meeting", language, size)
    page.get_by_role("link", name=words["rebook"], exact=True).click()
    check(page, "rebook", language, size)
    choose_time(page, second)
    page.get_by_role("button", name=words["move"]).click()
    expect(page.locator("main")).to_contain_text(words["moved"])
    moved = Booking.objects.get(citizen=anna, status="live")
    assert moved.pk != booking.pk and moved.calendar_uid == booking.calendar_uid

    # Cancel: the consequence comes before the button.
    page.get_by_role("link", name=words["cancel"]).click()
    expect(page.locator(".alert-warning")).to_contain_text(words["consequence"])
    check(page, "cancel", language, size)
    page.get_by_label(words["no"], exact=True).check()
    page.get_by_role("button", name=words["cancel"]).click()
    expect(page.locator("main")).to_contain_text(words["cancelled"])
    assert not Booking.objects.filter(citizen=anna, status="live").exists()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LOCALES)
def test_citizen_asks_for_an_interview_reads_a_message_and_sees_who_saw_the_data(
    open_page: OpenPage, free_times: Any, language: str, size: str
) -> None:
    words = WORDS[language]
    bo = free_times.bo
    worker = free_times.jc_aarhus_worker
    start = date.today() - timedelta(days=220)
    case_events_append(
        actor=Actor.of_user(worker),
        citizen=bo,
        events=[
            {"type": "registered", "date": start.isoformat(), "group": "kontanthjaelp_jobparat"}
        ],
    )
    citizen_get(actor=Actor.of_user(worker), citizen_id=bo.pk, what="case", why="Sagen åbnet")
    # A summons from the jobcentre sends Bo a message.
    from kontaktforloeb.booking.models import Slot
    from kontaktforloeb.booking.services import booking_create

    slot = Slot.objects.filter(caseworker=worker).order_by("start").last()
    assert slot is not None
    document = bo.plan.document("da") if hasattr(bo, "plan") else {}
    open_interview = next(
        (i["number"] for i in document.get("interviews", []) if i["status"] != "held"), None
    )
    if open_interview is not None:
        booking_create(
            actor=Actor.of_user(worker),
            citizen=bo,
            slot_id=slot.pk,
            interview=open_interview,
            channel="in_person",
            topic="job_search",
            summons=True,
        )

    page = open_page(viewport=SIZES[size], locale=LOCALES[language])
    log_in(page, bo.user.username)

    page.goto("/min-side/bed-om-en-samtale/")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["ask"])
    page.get_by_role("button", name=words["ask"]).click()
    expect(page.locator(".alert-error")).to_be_visible()
    check(page, "interview-request-error", language, size)
    page.get_by_label(words["ask_label"]).fill("Jeg vil gerne tale om et kursus i truckkørsel")
    page.get_by_role("button", name=words["ask"]).click()
    expect(page.locator("main")).to_contain_text(words["asked"])
    check(page, "interview-request", language, size)
    assert InterviewRequest.objects.get(citizen=bo).reason.startswith("Jeg vil gerne")

    page.get_by_role("link", name=words["messages"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["messages"])
    check(page, "inbox", language, size)
    if open_interview is not None:
        page.locator(".kf-inbox-item a").first.click()
        check(page, "message", language, size)

    page.get_by_role("link", name=words["seen"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["seen"])
    expect(page.locator("tbody tr")).to_have_count(1)
    check(page, "access-log", language, size)

    page.goto("/min-side/indstillinger/")
    check(page, "settings", language, size)
