"""Min joblog in Chromium: a citizen adds two applications, filters, edits one and downloads the
CSV; axe on every page, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


def check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def add_application(page: Page, day: date, title: str, employer: str, source: str) -> None:
    page.get_by_role("link", name="Tilføj ansøgning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj ansøgning")
    page.get_by_label("Dato for ansøgningen").fill(day.strftime("%d-%m-%Y"))
    page.get_by_label("Stilling").fill(title)
    page.get_by_label("Arbejdsgiver").fill(employer)
    page.get_by_label("Hvordan fandt du jobbet?").select_option(label=source)
    page.get_by_label("Arbejdstid").select_option(label="Fuldtid")
    page.get_by_role("button", name="Gem ansøgning").click()
    expect(page.locator("main")).to_contain_text("Ansøgningen er gemt i din joblog.")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_citizen_keeps_the_joblog(
    open_page: OpenPage, world: Any, viewport: dict[str, int]
) -> None:
    today = date.today()
    case_events_append(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=world.anna,
        events=[
            {
                "type": "registered",
                "date": (today - timedelta(days=40)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )
    page = open_page(viewport=viewport)
    log_in(page, world.anna.user.username)
    page.goto("/min-side/joblog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min joblog")
    # Registered 40 days ago and nothing written since: the warning stands first.
    expect(page.locator("main")).to_contain_text("Du har ikke skrevet i din joblog i 30 dage.")
    check(page)

    # A bad submit keeps what was typed and says what is wrong, at the top and at the field.
    page.get_by_role("link", name="Tilføj ansøgning").click()
    page.get_by_label("Stilling").fill("Bager")
    page.get_by_role("button", name="Gem ansøgning").click()
    expect(page.get_by_role("heading", name="Der er 3 problemer")).to_be_visible()
    expect(page.get_by_label("Stilling")).to_have_value("Bager")
    check(page)
    page.get_by_role("link", name="Tilbage til joblogen").click()

    add_application(page, today, "Bager", "Bageriet A/S", "Opslået stilling")
    last_month = today.replace(day=1) - timedelta(days=1)
    add_application(page, last_month, "Kok", "Kroen", "Via netværk")
    expect(page.locator("main")).not_to_contain_text("Du har ikke skrevet i din joblog")
    rows = page.locator("table.table--responsive-headers tbody tr")
    expect(rows).to_have_count(2)
    check(page)

    # Filter by month (works without JavaScript: a plain GET form).
    page.get_by_label("Måned").select_option(value=today.strftime("%Y-%m"))
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bageriet A/S")
    page.get_by_role("link", name="Vis alle").click()
    expect(rows).to_have_count(2)

    # Edit one: the applicant got an interview.
    page.get_by_role("link", name="Ret Kok, Kroen").click()
    expect(page.get_by_label("Stilling")).to_have_value("Kok")
    page.get_by_label("Status").select_option(label="Samtale")
    page.get_by_role("button", name="Gem ansøgning").click()
    expect(page.locator("main")).to_contain_text("Ændringen er gemt.")
    page.get_by_label("Status").select_option(label="Samtale")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Kroen")
    page.get_by_role("link", name="Vis alle").click()
    if viewport == PHONE:
        page.screenshot(path=str(picture("joblog-da-phone.png")), full_page=True)
    check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent joblogen som CSV (til Excel)").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Dato;Arbejdsgiver;Stilling")
    assert "Bageriet A/S" in text and "Kroen" in text and "Samtale" in text


def test_caseworker_reads_the_joblog_and_sets_the_requirement(
    open_page: OpenPage, world: Any
) -> None:
    today = date.today()
    case_events_append(
        actor=Actor.of_user(world.ak_one_worker),
        citizen=world.anna,
        events=[
            {
                "type": "registered",
                "date": (today - timedelta(days=40)).isoformat(),
                "group": "dagpenge",
            }
        ],
    )
    page = open_page()
    log_in(page, world.ak_one_worker.username)
    page.goto("/sager/joblog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Joblog uden aktivitet")
    check(page)
    page.get_by_role("link", name=world.anna.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Joblog for {world.anna.name}")
    expect(page.locator("main")).to_contain_text("Borgeren har ikke skrevet i joblogen i 30 dage.")
    page.get_by_label("Ansøgninger om ugen").fill("3")
    page.get_by_role("button", name="Gem krav").click()
    expect(
        page.get_by_role("link", name="Skriv en begrundelse, som borgeren kan læse.")
    ).to_be_visible()
    check(page)
    page.get_by_label("Begrundelse").fill("Du søger både som bager og som kok.")
    page.get_by_role("button", name="Gem krav").click()
    expect(page.locator("main")).to_contain_text("Kravet til joblogen er gemt.")
    expect(page.locator("main")).to_contain_text("Du søger både som bager og som kok.")
    check(page)
