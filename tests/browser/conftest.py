"""Chromium through Playwright against the live test server, with axe for accessibility.

One browser for the whole session (Debian's Chromium: Playwright cannot download its own here);
each test gets fresh browser contexts. Every page is watched for Content-Security-Policy
violations, JavaScript errors and static files that fail to load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response

from kontaktforloeb.organisations.models import User
from tests.support import factories

from .helpers import DESKTOP

# Playwright's sync API runs an event loop in the test's thread; Django's ORM must be told that
# this is fine for tests (the Makefile sets it too).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@dataclass
class PageProblems:
    """What went wrong while a page was open, beyond what the test asserts itself."""

    console_errors: list[str] = field(default_factory=list)
    failed_static: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            # The designed error pages a test opens on purpose: not found, too large.
            expected = ("status of 404", "status of 413")
            if message.type == "error" and not any(text in message.text for text in expected):
                self.console_errors.append(message.text)

        def on_response(response: Response) -> None:
            if "/static/" in response.url and response.status >= 400:
                self.failed_static.append(f"{response.status} {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("response", on_response)

    def assert_none(self) -> None:
        assert not self.console_errors, "Console errors (CSP?):\n" + "\n".join(self.console_errors)
        assert not self.failed_static, "Static files failed:\n" + "\n".join(self.failed_static)


@pytest.fixture
def open_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context (its own cookies) at a viewport and language."""
    contexts: list[BrowserContext] = []
    problems = PageProblems()

    def opener(viewport: dict[str, int] = DESKTOP, locale: str = "da-DK") -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield opener
    for context in contexts:
        context.close()
    problems.assert_none()


@dataclass
class DemoPeople:
    citizen_user: User
    citizen_name: str
    caseworker: User


@pytest.fixture
def demo_people(world: Any) -> DemoPeople:
    """A demo citizen and a demo caseworker in Jobcenter København, as the demo page lists them."""
    citizen = factories.citizen(
        world.jc_kbh, world.ak_one, first_name="Dorte", last_name="Demosen", cpr="2002881234"
    )
    citizen.user = User.objects.create_user(
        username="demo-dorte", password=factories.PASSWORD, role=User.Role.CITIZEN
    )
    citizen.save(update_fields=["user"])
    caseworker = User.objects.create_user(
        username="demo-sagsbehandler",
        password=factories.PASSWORD,
        role=User.Role.JOBCENTER_CASEWORKER,
        organisation=world.jc_kbh,
        first_name="Sanne",
        last_name="Sagsbehandler",
    )
    return DemoPeople(citizen_user=citizen.user, citizen_name=citizen.name, caseworker=caseworker)
