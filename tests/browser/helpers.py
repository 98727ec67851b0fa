"""What the browser tests check on every page: axe, width, and logging in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.sync_api import Page

from tests.support import factories

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page. The strict CSP forbids inline scripts, so
    axe goes in through the DevTools protocol, not a script tag."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return list(results["violations"])


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"       {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n{format_violations(violations)}"


def assert_fits_width(page: Page) -> None:
    """Nothing sticks out sideways (DKFDS hides the body's horizontal overflow, so measure)."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1
                           && getComputedStyle(el).position !== 'absolute')
                .slice(0, 5).map(el => el.outerHTML.slice(0, 120));
        }"""
    )
    assert not overflow, f"Wider than the screen on {page.url}:\n" + "\n".join(overflow)


def log_in(page: Page, username: str, password: str = factories.PASSWORD) -> None:
    """Log in through the username and password form, in whatever language the page is in."""
    page.goto("/log-ind/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form:has(#id_password) button[type=submit]").click()


def picture(name: str) -> Path:
    """Where a test puts a picture of a page: ``var/screenshots``, or the docs' own ``docs/img``
    with ``DOCS_SCREENSHOTS=1`` (so that running the tests never changes the documentation)."""
    folder = "docs/img" if os.environ.get("DOCS_SCREENSHOTS") == "1" else "var/screenshots"
    path = Path(__file__).resolve().parents[2] / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
