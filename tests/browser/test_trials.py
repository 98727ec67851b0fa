"""The free-choice trial in Chromium (RULES-2026 R73, from 2027): in a free-choice municipality a
citizen chooses another actor, and that actor's caseworker then sees the case and books the first
interview, while the a-kasse does not hold it. The clock is in February 2027, when the trials have
begun. axe on every page, in Danish and English, at phone and desktop width."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.registration import Registration, citizen_register
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location, User
from tests.support import factories
from tests.support.calendar import weekday_free_times

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
MOMENT = datetime(2027, 2, 2, 9, tzinfo=ZoneInfo("Europe/Copenhagen"))  # a Tuesday


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def set_up(world: Any) -> Any:
    """Jobformidling Øst, another actor København names, with a caseworker and free times; Freja,
    a member of a-kasse one in København who registered yesterday on dagpenge."""
    actor = factories.anden_aktoer("Jobformidling Øst", serves=(world.jc_kbh,))
    Location.objects.create(
        organisation=actor,
        name="Jobformidling Øst, Amagerbrogade",
        street="Amagerbrogade 150",
        postal_code="2300",
        city="København S",
    )
    worker = factories.staff(actor, username="aktoer-oest")
    worker.first_name, worker.last_name = "Nanna", "Refslund"
    worker.save()
    weekday_free_times((worker, world.ak_one_worker), start=date(2027, 2, 1), weeks=4)
    user = User.objects.create_user(
        username="freja", password=factories.PASSWORD, role=User.Role.CITIZEN
    )
    registered = citizen_register(
        actor=Actor.of_user(user),
        registration=Registration(
            cpr="1203951234",
            first_name="Freja",
            last_name="Bak",
            municipality=world.jc_kbh,
            group="dagpenge",
            first_day=date(2027, 2, 1),
            akasse=world.ak_one,
        ),
        user=user,
    )
    world.actor, world.actor_worker = actor, worker
    world.freja = Citizen.objects.get(pk=registered.pk)
    return world


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "da-DK"), (PHONE, "en-GB")])
def test_a_citizen_chooses_another_actor_who_sees_the_case_and_books_the_first_interview(
    open_page: OpenPage, world: Any, viewport: dict[str, int], locale: str
) -> None:
    english = locale.startswith("en")
    with time_machine.travel(MOMENT, tick=True):
        set_up(world)
        freja = world.freja
        width = viewport["width"]

        # The citizen is asked to choose on Min plan, compares the three and chooses the actor.
        citizen = open_page(viewport, locale)
        log_in(citizen, "freja")
        citizen.goto("/min-side/plan/")
        main = citizen.locator("main")
        expect(main).to_contain_text(
            "Choose who holds your first 4 months"
            if english
            else "Vælg hvem der skal holde dine første 4 måneder"
        )
        _check(citizen)
        citizen.get_by_role(
            "link", name="Compare and choose" if english else "Sammenlign og vælg"
        ).click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(
            "Who should hold your first 4 months?"
            if english
            else "Hvem skal holde dine første 4 måneder?"
        )
        for text in (
            ("The a-kasse: A-kasse Et", "A-kassen: A-kasse Et"),
            ("The municipality: Jobcenter København", "Kommunen: Jobcenter København"),
            ("Another actor: Jobformidling Øst", "En anden aktør: Jobformidling Øst"),
            ("Amagerbrogade 150, 2300 København S", "Amagerbrogade 150, 2300 København S"),
        ):
            expect(main).to_contain_text(text[0] if english else text[1])
        _check(citizen)
        citizen.screenshot(path=picture(f"trial-choice-{locale[:2]}-{width}.png"), full_page=True)
        # Saving without a choice says why, at the top and at the field, and stores nothing.
        citizen.get_by_role("button", name="Save my choice" if english else "Gem mit valg").click()
        expect(citizen.locator(".form-error-message").first).to_be_visible()
        _check(citizen)
        citizen.get_by_label(
            "Another actor: Jobformidling Øst" if english else "En anden aktør: Jobformidling Øst"
        ).check()
        citizen.get_by_role("button", name="Save my choice" if english else "Gem mit valg").click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(
            "Your choice of course" if english else "Dit valg af forløb"
        )
        expect(main).to_contain_text(
            "can only be changed by the municipality's staff"
            if english
            else "kan kun ændres af kommunens medarbejdere"
        )
        _check(citizen)
        freja.refresh_from_db()
        assert freja.other_actor == world.actor

        # The actor's caseworker sees the case, and summons Freja to the first interview.
        staff = open_page(viewport, locale)
        log_in(staff, "aktoer-oest")
        expect(staff.locator("main")).to_contain_text(freja.name)
        _check(staff)
        staff.goto(f"/sager/{freja.pk}/")
        expect(staff.get_by_role("heading", level=1)).to_have_text(freja.name)
        expect(staff.locator("main")).to_contain_text(
            "Jobformidling Øst holds the first 4 months"
            if english
            else "Jobformidling Øst holder de første 4 måneder"
        )
        _check(staff)
        staff.get_by_role(
            "link", name="Summon to interview 1" if english else "Indkald til samtale 1"
        ).click()
        _check(staff)
        staff.locator("#id_slot").select_option(index=1)
        staff.get_by_role("button", name="Summon" if english else "Indkald", exact=True).click()
        expect(staff.locator(".alert-success")).to_contain_text(
            "summoned to interview 1" if english else "indkaldt til samtale 1"
        )
        _check(staff)
        staff.screenshot(path=picture(f"trial-actor-case-{locale[:2]}-{width}.png"), full_page=True)
        booking = Booking.objects.get(citizen=freja, status="live")
        assert booking.organisation == world.actor and booking.holder == "anden_aktoer"
        assert booking.caseworker == world.actor_worker and booking.interview == 1

        # The a-kasse sees its member, but holds none of the first interviews: nothing to book.
        akasse = open_page(viewport, locale)
        log_in(akasse, world.ak_one_worker.username)
        akasse.goto(f"/sager/{freja.pk}/")
        expect(akasse.locator("#actions-heading ~ p").first).to_have_text(
            "Your organisation has no interviews in the plan left to book."
            if english
            else "Din organisation mangler ikke at booke nogen samtaler i planen."
        )
        _check(akasse)
        akasse.goto(f"/sager/{freja.pk}/indkald/")
        expect(akasse.locator("main")).to_contain_text(
            "There are no interviews"
            if english
            else "Der er ingen samtaler, som din organisation mangler at holde eller booke."
        )

        # The citizen's plan shows the meeting with the actor.
        citizen.goto("/min-side/plan/")
        expect(citizen.locator("main")).to_contain_text("Jobformidling Øst")
        _check(citizen)
