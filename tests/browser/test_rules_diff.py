"""What changed in the rules, in Chromium: a caseworker opens it from the start page, reads the
change of 2026, chooses the provisional rules of 2027, and gets a clear message for a ruleset
that does not exist; in Danish and English, on a desktop and a phone, axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]
SIZES = {"desktop": DESKTOP, "phone": PHONE}
LOCALES = {"da": "da-DK", "en": "en-GB"}
WORDS = {
    "da": {
        "link": "Hvad er ændret i reglerne",
        "compare": "Reglerne fra 1. januar 2024 sammenlignet med reglerne fra 1. juli 2026",
        "akasse": "Samtaler med a-kassen i de første 3 måneder",
        "before": "3 samtaler",
        "after": "2 samtaler",
        "to": "Til regelsættet",
        "rs2027": "1. januar 2027 (RS2027, foreløbigt)",
        "show": "Vis ændringerne",
        "provisional": "Foreløbig",
        "rests_on": "Reglerne fra 1. januar 2027 er foreløbige",
        "trial": "Forsøg: udbetalte timer, før kommunen overtager",
        "unknown": "»RS1999« er ikke et regelsæt.",
    },
    "en": {
        "link": "What changed in the rules",
        "compare": "The rules from 1 January 2024 compared with the rules from 1 July 2026",
        "akasse": "Interviews with the a-kasse in the first 3 months",
        "before": "3 interviews",
        "after": "2 interviews",
        "to": "To the ruleset",
        "rs2027": "1 January 2027 (RS2027, provisional)",
        "show": "Show the changes",
        "provisional": "Provisional",
        "rests_on": "The rules from 1 January 2027 are provisional",
        "trial": "Trial: paid hours before the municipality takes over",
        "unknown": "“RS1999” is not a ruleset.",
    },
}


def _check(page: Page, name: str) -> None:
    """axe, nothing wider than the screen, and a picture to look at."""
    assert_accessible(page)
    assert_fits_width(page)
    page.screenshot(path=str(picture(f"{name}.png")), full_page=True)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LOCALES)
def test_a_caseworker_reads_what_changed_in_the_rules(
    open_page: OpenPage, world: Any, language: str, size: str
) -> None:
    words = WORDS[language]
    page = open_page(viewport=SIZES[size], locale=LOCALES[language])
    log_in(page, world.jc_kbh_worker.username)
    page.get_by_role("link", name=words["link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["link"])
    expect(page.locator("#rules-diff-heading")).to_have_text(words["compare"])

    # The change of 1 July 2026: two a-kasse interviews instead of three, with both sources.
    row = page.locator("tr", has=page.get_by_role("rowheader", name=words["akasse"]))
    expect(row).to_contain_text(words["before"])
    expect(row).to_contain_text(words["after"])
    expect(
        row.get_by_role("link", name="LAB § 31, stk. 1 (LBK nr. 280 af 1/3/2024)")
    ).to_have_attribute("href", "https://www.retsinformation.dk/eli/lta/2024/280")
    expect(row.get_by_role("link", name="som ændret ved lov nr. 1750")).to_have_attribute(
        "href", "https://www.retsinformation.dk/eli/lta/2025/1750"
    )
    _check(page, f"rules-diff-{language}-{size}")

    # The provisional rules of 2027: the tag and what they rest on, on every row.
    page.get_by_label(words["to"]).select_option("RS2027")
    expect(page.get_by_label(words["to"]).locator("option:checked")).to_have_text(words["rs2027"])
    page.get_by_role("button", name=words["show"]).click()
    expect(page).to_have_url(re.compile(r"/sager/regler/aendringer/\?fra=LEAFLET-2024&til=RS2027$"))
    expect(page.locator(".alert-warning")).to_contain_text(words["rests_on"])
    trial = page.locator("tr", has=page.get_by_role("rowheader", name=words["trial"]))
    expect(trial.locator(".badge-warning")).to_have_text(words["provisional"])
    _check(page, f"rules-diff-2027-{language}-{size}")

    # A ruleset that does not exist: the error summary links to the field, and the default
    # comparison is shown.
    page.goto("/sager/regler/aendringer/?fra=RS1999&til=RS2026-07")
    summary = page.locator(".alert-error")
    expect(summary).to_contain_text(words["unknown"])
    expect(page.locator("#rules-diff-heading")).to_have_text(words["compare"])
    summary.get_by_role("link", name=words["unknown"]).click()
    expect(page.locator("#id_fra")).to_be_focused()
    _check(page, f"rules-diff-error-{language}-{size}")
