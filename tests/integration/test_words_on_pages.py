"""R68 on the pages and in the mail: an item dated from 1 February 2026 says "kommunen" / "the
municipality", one dated before says "jobcentret", and a page that knows the municipality's own
organisation uses its name. No template says "jobcentret" (or R69's old "uddannelseshjælp") as
static text except in the branch a date rule chooses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.template.base import Lexer, TokenType
from django.test import Client
from django.urls import reverse

from kontaktforloeb.booking.services import booking_create
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.organisations.access import Actor
from tests.support.calendar import at, slot_of, weekday_free_times
from tests.support.smtp import SmtpServer, running_smtp_server

SRC = Path(__file__).resolve().parents[2] / "src" / "kontaktforloeb"


def client_of(user, language: str = "da") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    if language == "en":
        client.cookies["kf_language"] = "en"
    return client


@pytest.fixture
def bo(world):
    """Kontanthjælp in Aarhus from Monday 1 December 2025: interview 1 by 8 December 2025,
    interviews 2–4 by 1 June 2026, all with the municipality."""
    with time_machine.travel(at(date(2026, 1, 15), 8), tick=False):
        case_events_append(
            actor=Actor.of_user(world.jc_aarhus_worker),
            citizen=world.bo,
            events=[
                {"type": "registered", "date": "2025-12-01", "group": "kontanthjaelp_jobparat"}
            ],
        )
        yield world.bo


def test_the_citizens_plan_names_the_municipality_by_each_items_date(bo):
    interviews = {i["number"]: i for i in plan_current(bo).document_da["interviews"]}
    assert interviews[1]["deadline"] == "2025-12-08"
    assert interviews[2]["deadline"] == "2026-06-01"
    page = client_of(bo.user).get(reverse("selfservice:plan")).content.decode()
    assert "Samtale 1 med jobcentret" in page
    assert "Samtale 2 med kommunen" in page
    english = client_of(bo.user, "en").get(reverse("selfservice:plan")).content.decode()
    assert "Interview 1 with the jobcentre" in english
    assert "Interview 2 with the municipality" in english
    # The start page names the citizen's municipality by its own name.
    home = client_of(bo.user).get(reverse("web:citizen_home")).content.decode()
    assert "<dt>Kommune</dt><dd>Jobcenter Aarhus</dd>" in home


def test_a_page_without_a_spell_names_the_municipality_by_its_own_name(world):
    page = client_of(world.bo.user).get(reverse("selfservice:plan")).content.decode()
    assert "Jobcenter Aarhus har ikke registreret dig som ledig endnu." in page
    english = client_of(world.bo.user, "en").get(reverse("selfservice:plan")).content.decode()
    assert "Jobcenter Aarhus has not registered you as unemployed yet." in english


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def anna(world):
    """Dagpenge from Monday 1 September 2025: the municipality takes over on 1 December 2025
    and holds interview 4, which may be joint with the a-kasse (R4). Now: 2 February 2026."""
    with time_machine.travel(at(date(2026, 2, 2), 8), tick=False) as clock:
        case_events_append(
            actor=Actor.of_user(world.ak_one_worker),
            citizen=world.anna,
            events=[{"type": "registered", "date": "2025-09-01", "group": "dagpenge"}],
        )
        weekday_free_times([world.jc_kbh_worker], start=date(2026, 2, 2), weeks=2)
        yield world.anna, clock


def test_the_receipt_of_a_joint_meeting_in_2026_says_kommunen(
    anna, world, smtp_server, django_capture_on_commit_callbacks
):
    citizen, _clock = anna
    plan = plan_current(citizen)
    assert plan.handover == date(2025, 12, 1)
    interview = next(i for i in plan.document_da["interviews"] if i["number"] == 4)
    assert (interview["holder"], interview["joint"]) == ("jobcenter", "optional")
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(
            actor=Actor.of_user(citizen.user),
            citizen=citizen,
            slot_id=slot_of(world.jc_kbh_worker, date(2026, 2, 10), 9).pk,
            interview=4,
            channel="video",
            topic="job_search",
            akasse_participates=True,
        )
    [received] = smtp_server.wait_for(1)
    text = received.text()
    assert "Samtale 4 med Jobcenter København (fælles samtale med kommunen og a-kassen)" in text
    assert "jobcentret" not in text.lower()
    # The plan page of the same day: the handover of December 2025 is the jobcentre's, interview 4
    # (by March 2026) the municipality's, and the handover sentence uses the organisation's name.
    page = client_of(citizen.user).get(reverse("selfservice:plan")).content.decode()
    assert "Jobcentret overtager fra a-kassen" in page
    assert "Samtale 4 med kommunen" in page
    assert "Jobcenter København har ansvaret fra mandag 1. december 2025." in page


# --- No static "jobcentret" in the templates -----------------------------------------------------

# Words a person reads that the law has replaced: the jobcentre (R68) and uddannelseshjælp (R69).
OLD_WORDS = {
    "says_kommunen": re.compile(r"jobcent", re.IGNORECASE),
    "says_kontanthjaelp": re.compile(r"uddannelseshjælp", re.IGNORECASE),
}


def _readable(token) -> list[str]:
    """The text a person reads in one template token: static text, and the strings a
    `translate` tag or `_("…")` argument carries. Variables and tag arguments are code."""
    if token.token_type == TokenType.TEXT:
        return [token.contents]
    if token.token_type != TokenType.BLOCK:
        return []
    name, _, rest = token.contents.partition(" ")
    texts = re.findall(r"""_\((["'])(.*?)\1\)""", rest)
    found = [text for _quote, text in texts]
    if name in ("translate", "trans"):
        literal = re.match(r"""\s*(["'])(.*?)\1""", rest)
        if literal:
            found.append(literal.group(2))
    return found


def old_words_outside_date_rules(source: str) -> list[str]:
    """Each old word in static text that no `{% if …|says_kommunen %}` (or `says_kontanthjaelp`)
    sends to its `else` branch."""
    stack: list[tuple[str, bool]] = []  # (condition, in the else branch)
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name, _, rest = token.contents.partition(" ")
            if name == "if":
                stack.append((rest, False))
                continue
            if name in ("else", "elif") and stack:
                stack[-1] = (stack[-1][0], True)
                continue
            if name == "endif" and stack:
                stack.pop()
                continue
        for text in _readable(token):
            for rule, pattern in OLD_WORDS.items():
                for match in pattern.finditer(text):
                    decided = any(
                        else_branch and f"|{rule}" in condition for condition, else_branch in stack
                    )
                    if not decided:
                        found.append(f"line {token.lineno}: …{text[max(0, match.start() - 40) :]}")
    return found


def templates() -> list[Path]:
    return sorted(path for path in SRC.glob("*/templates/**/*") if path.suffix in (".html", ".txt"))


def test_the_scan_finds_static_jobcentret_and_allows_the_date_rules_old_branch():
    assert old_words_outside_date_rules('{% translate "Kontakt jobcentret." %}')
    assert old_words_outside_date_rules("<p>Jobcentret afgør det.</p>")
    assert old_words_outside_date_rules('{% include "x.html" with heading=_("Jobcentret") %}')
    assert old_words_outside_date_rules("{% if day|says_kommunen %}Jobcentret{% endif %}")
    assert not old_words_outside_date_rules(
        '{% if day|says_kommunen %}{% translate "Kommunen" %}'
        '{% else %}{% translate "Jobcentret" %}{% endif %}'
    )
    # Ids, variables and tag arguments are code, not text.
    assert not old_words_outside_date_rules(
        '{% if x.holder == "jobcenter" %}{{ citizen.jobcenter }}{% endif %}'
        '{% holder_name "jobcenter" day citizen.jobcenter as who %}'
    )


def test_no_template_says_jobcentret_unless_a_date_rule_decides():
    paths = templates()
    assert len(paths) > 50
    offending = {
        str(path.relative_to(SRC)): found
        for path in paths
        if (found := old_words_outside_date_rules(path.read_text(encoding="utf-8")))
    }
    assert offending == {}
