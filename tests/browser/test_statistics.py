"""A manager in Chromium: from the start page to Rettidighed, a month's figures with their charts
and tables, into one number to the citizens behind it, and the exemption share against the 25 %
limit. axe on every page, in Danish and English, at desktop and phone width; the page watcher
fails on any Content-Security-Policy violation (the charts are inline SVG)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.support import statistics_population as sp

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


@pytest.fixture
def population(db: None, settings) -> Iterator[sp.Population]:
    built = sp.build()
    # The server and the test see 16 November 2026, the browser its own clock: keep the session
    # cookie from expiring in the browser's eyes.
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    moment = datetime(2026, 11, 16, 10, tzinfo=sp.CPH)
    with time_machine.travel(moment, tick=True):
        yield built


def charts_have_tables(page: Page) -> int:
    """Every chart is an image named by its summary, followed by the table of its numbers."""
    found = page.evaluate(
        """() => [...document.querySelectorAll('figure.kf-chart svg')].map(svg => {
            const label = document.getElementById(svg.getAttribute('aria-labelledby'));
            const section = svg.closest('section');
            return [svg.getAttribute('role'), label ? label.textContent.trim().length : 0,
                    section && section.querySelector('table tbody tr') ? 1 : 0];
        })"""
    )
    assert found, "no charts"
    for role, label_length, has_table in found:
        assert role == "img" and label_length > 20 and has_table == 1, found
    return len(found)


@pytest.mark.parametrize(
    ("viewport", "locale", "name"),
    [
        (DESKTOP, "da-DK", "desktop-da"),
        (DESKTOP, "en-GB", "desktop-en"),
        (PHONE, "da-DK", "phone-da"),
        (PHONE, "en-GB", "phone-en"),
    ],
)
def test_a_manager_reads_timeliness_drills_down_and_reads_the_share(
    open_page: OpenPage, population: sp.Population, viewport, locale, name
) -> None:
    english = locale.startswith("en")
    page = open_page(viewport, locale)
    log_in(page, "kbh-leder")
    page.goto("/sager/")
    page.get_by_role(
        "link", name="Timeliness and exemptions" if english else "Rettidighed og undtagelser"
    ).click()
    expect(page.locator("h1")).to_have_text("Timeliness" if english else "Rettidighed")
    page.locator("#id_maaned").fill("2026-08")
    page.get_by_role("button", name="Show the figures" if english else "Vis tallene").click()
    expect(page.locator("#timeliness-rate")).to_contain_text(
        "33.3 % (2 of 6" if english else "33,3 % (2 af 6"
    )
    assert charts_have_tables(page) >= 6
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-timeliness-{name}.png"))
    trend = page.locator('section[aria-labelledby="trend-heading"]')
    trend.screenshot(path=picture(f"statistics-trend-{name}.png"))

    # Into the number of overdue interviews: the three citizens behind it.
    page.locator("#timeliness-figures a").nth(3).click()
    expect(page.locator("#people-table tbody tr")).to_have_count(3)
    expect(page.locator("#people-table")).to_contain_text("K5 Testesen")
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-people-{name}.png"))
    page.get_by_role("link", name="K7 Testesen").click()
    expect(page.locator("main")).to_contain_text("K7 Testesen")

    # The share of the municipality's citizens excused, against the limit.
    page.goto("/statistik/undtagelser/")
    expect(page.locator("#share-interviews")).to_contain_text("10.0 %" if english else "10,0 %")
    expect(page.locator("#share-offer")).to_be_visible()
    assert charts_have_tables(page) >= 2
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-exemptions-{name}.png"))
    months = page.locator('section[aria-labelledby="interviews-maaneder-heading"]')
    months.screenshot(path=picture(f"statistics-share-{name}.png"))
    page.locator("#share-interviews-exempted").click()
    expect(page.locator("#people-table tbody tr")).to_have_count(1)
    expect(page.locator("#people-table")).to_contain_text("K6 Testesen")
    assert_accessible(page)
