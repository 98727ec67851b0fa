"""Screenshots of the pages for the docs, in Danish and English, on a desktop and a phone.

Run by hand (it is not part of the test suite):

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest tests/browser/screenshots.py

The pictures named in DOCS go to docs/img/; with SCREENSHOTS_ALL=1 every page in both languages
and both sizes goes to var/screenshots/ to look through.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.cv.services import cv_record_history
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.demo.cv import demo_cv_content

from .helpers import DESKTOP, PHONE, log_in

ROOT = Path(__file__).resolve().parents[2]
ALL = os.environ.get("SCREENSHOTS_ALL") == "1"
OUT = ROOT / ("var/screenshots" if ALL else "docs/img")
SIZES = {"desktop": DESKTOP, "phone": PHONE}
LOCALES = {"da": "da-DK", "en": "en-GB"}
# (page, language, size) worth showing in the docs.
DOCS = {
    ("login", "da", "desktop"),
    ("citizen-home", "da", "phone"),
    ("access-log", "en", "phone"),
    ("staff-home", "da", "desktop"),
    ("case", "da", "desktop"),
    ("case", "en", "phone"),
    ("demo-login", "da", "desktop"),
    ("not-found", "en", "desktop"),
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _story(world: Any) -> None:
    """Anna became unemployed three weeks ago and sent her CV for approval after five days (so
    the CV section and the plan agree); her caseworker opened her case."""
    actor = Actor.of_user(world.ak_one_worker)
    start = date.today() - timedelta(days=21)
    case_events_append(
        actor=actor,
        citizen=world.anna,
        events=[{"type": "registered", "date": start.isoformat(), "group": "dagpenge"}],
    )
    cv_record_history(
        actor=Actor.of_operator("screenshots"),
        citizen=world.anna,
        content=demo_cv_content(world.anna),
        submitted_on=start + timedelta(days=5),
    )
    citizen_get(
        actor=Actor.of_user(world.jc_kbh_worker),
        citizen_id=world.anna.pk,
        what="case",
        why="Sagen åbnet",
    )


def _shoot(page: Page, name: str, language: str, size: str) -> None:
    if ALL or (name, language, size) in DOCS:
        OUT.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=OUT / f"{name}-{language}-{size}.png", full_page=True)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LOCALES)
def test_screenshots(
    browser: Browser, live_server: Any, world: Any, demo_people: Any, language: str, size: str
) -> None:
    _story(world)
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES[size], locale=LOCALES[language]
    )
    page = context.new_page()

    page.goto("/log-ind/")
    _shoot(page, "login", language, size)
    page.goto("/demo/")
    _shoot(page, "demo-login", language, size)
    page.goto("/findes-ikke/")
    _shoot(page, "not-found", language, size)

    log_in(page, world.anna.user.username)
    page.wait_for_url("**/min-side/")
    _shoot(page, "citizen-home", language, size)
    page.goto("/min-side/hvem-har-set-mine-data/")
    _shoot(page, "access-log", language, size)
    page.locator(".log-off").click()

    log_in(page, world.jc_kbh_worker.username)
    page.wait_for_url("**/sager/")
    _shoot(page, "staff-home", language, size)
    page.goto(f"/sager/{world.anna.pk}/")
    _shoot(page, "case", language, size)
    context.close()
