"""A CV brought in with its history (the demo, a move from another system) goes through the CV
module: the CV and its status are stored with `cv_published` / `cv_approved` on the days of the
history, so the CV section and the plan say the same; only an operator may do it, and only with a
complete CV (R37)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cases.plans import plan_current
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.cv.errors import CvIncomplete, CvRefused
from kontaktforloeb.cv.models import Cv
from kontaktforloeb.cv.schemas import CvContent
from kontaktforloeb.cv.services import cv_record_history
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.demo.cv import demo_cv_content

pytestmark = pytest.mark.django_db

OPERATOR = Actor.of_operator("tests")


@pytest.fixture
def anna(world):
    with time_machine.travel(date(2024, 10, 1), tick=False):
        case_events_append(
            actor=OPERATOR,
            citizen=world.anna,
            events=[{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}],
        )
        yield world.anna


def test_the_cv_and_the_plan_follow_the_days_of_the_history(anna):
    with time_machine.travel(date(2024, 10, 1), tick=False):
        cv = cv_record_history(
            actor=OPERATOR,
            citizen=anna,
            content=demo_cv_content(anna),
            submitted_on=date(2024, 9, 8),
            approved_on=date(2024, 9, 20),
        )
        assert cv.status == Cv.Status.APPROVED
        assert plan_current(anna).document("da")["cv"]["status"] == "approved"
    events = CaseEvent.objects.filter(citizen=anna, type__startswith="cv_").order_by("id")
    assert [(e.type, e.date, e.data) for e in events] == [
        ("cv_published", date(2024, 9, 8), {}),
        ("cv_approved", date(2024, 9, 20), {"by": "akasse"}),  # R36: the dagpenge a-kasse
    ]


@pytest.mark.parametrize(
    ("actor", "content", "submitted", "refusal"),
    [
        ("caseworker", "complete", date(2024, 9, 8), CvRefused),
        ("operator", "empty", date(2024, 9, 8), CvIncomplete),
        ("operator", "complete", date(2024, 10, 2), CvRefused),  # after today
    ],
)
def test_a_history_is_refused_and_nothing_is_stored(
    world, anna, actor, content, submitted, refusal
):
    who = Actor.of_user(world.ak_one_worker) if actor == "caseworker" else OPERATOR
    what = demo_cv_content(anna) if content == "complete" else CvContent.model_validate({})
    before = CaseEvent.objects.count()
    with time_machine.travel(date(2024, 10, 1), tick=False), pytest.raises(refusal):
        cv_record_history(actor=who, citizen=anna, content=what, submitted_on=submitted)
    assert not Cv.objects.filter(citizen=anna).exists()
    assert CaseEvent.objects.count() == before
