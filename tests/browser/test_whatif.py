"""A manager in Chromium on Hvad nu hvis: from Rettidighed to the what-if, LEAFLET-2024 chosen
for every course, both sides (today and the scenario) in each chart and its table; a bad value is
named at its field with nothing computed. axe on every page, in Danish and English, at desktop
and phone width; the page watcher fails on any Content-Security-Policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import test_statistics as managers

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

population = managers.population  # the known population, the server seeing 16 November 2026


def row(page: Page, table: str, index: int) -> list[str]:
    cells = page.locator(f"#{table}-table tbody tr").nth(index).locator("th, td")
    return [text.strip() for text in cells.all_inner_texts()]


@pytest.mark.parametrize(
    ("viewport", "locale", "name"),
    [
        (DESKTOP, "da-DK", "desktop-da"),
        (DESKTOP, "en-GB", "desktop-en"),
        (PHONE, "da-DK", "phone-da"),
        (PHONE, "en-GB", "phone-en"),
    ],
)
def test_a_manager_tries_leaflet_2024_beside_today(
    open_page, population, viewport, locale, name
) -> None:
    english = locale.startswith("en")
    page = open_page(viewport, locale)
    log_in(page, "kbh-leder")
    page.goto("/statistik/")
    page.get_by_role("link", name="What if" if english else "Hvad nu hvis").click()
    expect(page.locator("h1")).to_have_text("What if" if english else "Hvad nu hvis")
    assert_accessible(page)

    # A bad value: named at its field, in the page's language, and nothing is computed.
    page.locator("#id_akasse_count").fill("9")
    page.get_by_role("button", name="Calculate" if english else "Beregn").click()
    expect(page.locator("#id_akasse_count-error")).to_contain_text(
        "from 1 to 6, not '9'" if english else "fra 1 til 6, ikke »9«"
    )
    expect(page.locator("#samtaler-pr-uge-table")).to_have_count(0)
    assert_accessible(page)

    page.locator("#id_akasse_count").fill("")
    page.locator("#id_regelsaet").select_option("LEAFLET-2024")
    page.get_by_role("button", name="Calculate" if english else "Beregn").click()
    expect(page.locator("#whatif-scenario")).to_contain_text(
        "LEAFLET-2024 for every course" if english else "LEAFLET-2024 for alle forløb"
    )
    assert managers.charts_have_tables(page) == 2
    headers = page.locator("#samtaler-pr-uge-table thead th").all_inner_texts()
    assert [h.strip() for h in headers][1:] == (
        ["Today", "The scenario", "Difference"] if english else ["I dag", "Scenariet", "Forskel"]
    )
    assert row(page, "samtaler-pr-uge", 10)[1:] == ["5", "6", "+1"]
    assert row(page, "overskredne", 3)[1:] == ["7", "11", "+4"]
    for chart in page.locator("figure.kf-chart svg").all():
        text = chart.text_content() or ""
        assert ("Today" if english else "I dag") in text
        assert ("The scenario" if english else "Scenariet") in text
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=picture(f"statistics-whatif-{name}.png"), full_page=True)
