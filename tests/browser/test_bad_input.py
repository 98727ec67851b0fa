"""A form larger than the server takes, in Chromium: the page says what happened and what to do,
in the reader's language, on a desktop and a phone; axe on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.integration.test_cv_services import register

from .helpers import DESKTOP, PHONE, assert_accessible, assert_fits_width, log_in, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OpenPage = Callable[..., Page]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("locale", "heading", "text"),
    [
        ("da-DK", "For meget på én gang", "Intet er gemt."),
        ("en-GB", "Too much at once", "Nothing was stored."),
    ],
    ids=["da", "en"],
)
def test_a_form_too_large_answers_a_page_saying_nothing_was_stored(
    open_page: OpenPage, world: Any, viewport: dict[str, int], locale: str, heading: str, text: str
) -> None:
    register(world.anna, "dagpenge")
    page = open_page(viewport=viewport, locale=locale)
    log_in(page, world.anna.user.username)
    page.goto("/min-side/joblog/ny/")
    page.locator("#id_employer").fill("Lager A/S")
    page.locator("#id_application_text").evaluate(
        "(area, size) => { area.value = 'x'.repeat(size); }",
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1,
    )
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert posted.value.status == 413
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(text)
    assert_accessible(page)
    assert_fits_width(page)
    size = "desktop" if viewport == DESKTOP else "phone"
    page.screenshot(path=picture(f"bad-input-413-{locale[:2]}-{size}.png"), full_page=True)
