"""The CV's rules and services: R37 completeness, submit, approve only by the approving
organisation (R36), return with a comment, and the case events and plan that follow."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.selectors import CitizenNotFound
from kontaktforloeb.cases.services import case_events_append
from kontaktforloeb.cv.completeness import cv_missing, cv_searchability
from kontaktforloeb.cv.errors import (
    CvCommentRequired,
    CvIncomplete,
    CvNotAllowed,
    CvWrongStatus,
)
from kontaktforloeb.cv.models import Cv
from kontaktforloeb.cv.schemas import CvContent
from kontaktforloeb.cv.selectors import cv_of, cvs_awaiting_approval
from kontaktforloeb.cv.services import cv_approve, cv_return, cv_save, cv_submit
from kontaktforloeb.notifications.models import Message
from kontaktforloeb.organisations.access import Actor

COMPLETE = CvContent(
    contact_email="anna@example.dk",
    job_goals=["Lagermedarbejder"],
    experience=[{"employer": "Lager A/S", "title": "Pakker", "start": "2019-01-01"}],
    education=[{"institution": "Erhvervsskolen", "title": "Lagerassistent"}],
    competences="Truckcertifikat, stabil",
    languages=[{"language": "Dansk", "level": "native"}],
    driving_licences=["B"],
    hours="full_time",
    area="Storkøbenhavn",
    radius_km=30,
)


def register(citizen, group: str, days_ago: int = 5) -> None:
    day = (today() - timedelta(days=days_ago)).isoformat()
    case_events_append(
        actor=Actor.of_operator("tests"),
        citizen=citizen,
        events=[{"type": "registered", "date": day, "group": group}],
    )


def me(citizen) -> Actor:
    return Actor.of_user(citizen.user)


@pytest.fixture
def anna(world):
    """A dagpenge member of a-kasse one: the a-kasse approves her CV."""
    register(world.anna, "dagpenge")
    return world.anna


@pytest.fixture
def bo(world):
    """On kontanthjælp in Aarhus: the jobcentre approves his CV."""
    register(world.bo, "kontanthjaelp_jobparat")
    return world.bo


def test_an_empty_cv_misses_every_part_by_name_in_both_languages(anna):
    missing = cv_missing(cv_of(anna))
    assert [part.key for part in missing] == [
        "contact",
        "job_goals",
        "experience",
        "education",
        "competences",
        "terms",
    ]
    assert missing[0].name("da").startswith("kontaktoplysninger")
    assert missing[0].name("en").startswith("contact details")


def test_a_phone_number_alone_is_enough_contact(anna):
    cv = Cv(citizen=anna, **COMPLETE.model_dump(mode="json"))
    cv.contact_email = ""
    cv.contact_phone = "12345678"
    assert cv_missing(cv) == []


def test_submit_is_refused_while_incomplete_naming_what_is_missing(anna):
    cv_save(
        actor=me(anna),
        citizen=anna,
        content=CvContent(contact_email="anna@example.dk", job_goals=["Pakker"]),
    )
    with pytest.raises(CvIncomplete) as refused:
        cv_submit(actor=me(anna), citizen=anna)
    assert "erhvervserfaring" in refused.value.message("da")
    assert "uddannelse" in refused.value.message("da")
    assert "work experience" in refused.value.message("en")
    assert "kontaktoplysninger" not in refused.value.message("da")
    assert not CaseEvent.objects.filter(citizen=anna, type="cv_published").exists()
    assert cv_of(anna).status == Cv.Status.DRAFT


def test_only_the_citizen_writes_and_submits(anna, world):
    with pytest.raises(CvNotAllowed):
        cv_save(actor=Actor.of_user(world.ak_one_worker), citizen=anna, content=COMPLETE)
    with pytest.raises(CvNotAllowed):
        cv_save(actor=me(world.bo), citizen=anna, content=COMPLETE)


def test_submit_appends_cv_published_and_the_plan_follows(anna):
    cv_save(actor=me(anna), citizen=anna, content=COMPLETE)
    cv_submit(actor=me(anna), citizen=anna)
    assert cv_of(anna).status == Cv.Status.SUBMITTED
    assert CaseEvent.objects.filter(citizen=anna, type="cv_published").count() == 1
    assert plan_current(anna).document("da")["cv"]["status"] == "published"
    with pytest.raises(CvWrongStatus):
        cv_submit(actor=me(anna), citizen=anna)


def test_only_the_akasse_approves_a_dagpenge_recipients_cv(anna, world):
    cv_save(actor=me(anna), citizen=anna, content=COMPLETE)
    cv_submit(actor=me(anna), citizen=anna)
    # The jobcentre sees Anna's case, but the a-kasse approves her CV: 404 for the jobcentre.
    for user in (world.jc_kbh_worker, world.ak_two_worker, world.jc_aarhus_worker):
        with pytest.raises(CitizenNotFound):
            cv_approve(actor=Actor.of_user(user), citizen=anna)
        with pytest.raises(CitizenNotFound):
            cv_return(actor=Actor.of_user(user), citizen=anna, comment="Nej")
    with pytest.raises(CitizenNotFound):
        cv_approve(actor=me(anna), citizen=anna)

    cv_approve(actor=Actor.of_user(world.ak_one_worker), citizen=anna)
    event = CaseEvent.objects.get(citizen=anna, type="cv_approved")
    assert event.data == {"by": "akasse"}
    assert event.organisation == world.ak_one
    assert plan_current(anna).document("da")["cv"]["status"] == "approved"
    assert cv_searchability(cv_of(anna), anna, today()).searchable


def test_the_jobcentre_approves_everyone_elses(bo, world):
    cv_save(actor=me(bo), citizen=bo, content=COMPLETE)
    cv_submit(actor=me(bo), citizen=bo)
    with pytest.raises(CitizenNotFound):
        cv_approve(actor=Actor.of_user(world.jc_kbh_worker), citizen=bo)
    cv_approve(actor=Actor.of_user(world.jc_aarhus_worker), citizen=bo)
    assert CaseEvent.objects.get(citizen=bo, type="cv_approved").data == {"by": "jobcenter"}


def test_awaiting_approval_lists_only_the_approving_organisations_citizens(anna, bo, world):
    for citizen in (anna, bo):
        cv_save(actor=me(citizen), citizen=citizen, content=COMPLETE)
        cv_submit(actor=me(citizen), citizen=citizen)

    def listed(user):
        return [cv.citizen for cv in cvs_awaiting_approval(actor=Actor.of_user(user))]

    assert listed(world.ak_one_worker) == [anna]
    assert listed(world.jc_kbh_worker) == []  # Anna's jobcentre does not approve her CV
    assert listed(world.jc_aarhus_worker) == [bo]
    assert listed(world.ak_two_worker) == []


def test_a_return_needs_a_comment_and_tells_the_citizen(anna, world):
    cv_save(actor=me(anna), citizen=anna, content=COMPLETE)
    cv_submit(actor=me(anna), citizen=anna)
    akasse = Actor.of_user(world.ak_one_worker)
    with pytest.raises(CvCommentRequired):
        cv_return(actor=akasse, citizen=anna, comment="   ")
    assert cv_of(anna).status == Cv.Status.SUBMITTED

    cv_return(actor=akasse, citizen=anna, comment="Skriv dine kompetencer mere konkret.")
    cv = cv_of(anna)
    assert cv.status == Cv.Status.RETURNED
    assert cv.approver_comment == "Skriv dine kompetencer mere konkret."
    message = Message.objects.get(citizen=anna, kind="cv_returned")
    assert "Skriv dine kompetencer mere konkret." in message.body
    assert "A-kasse Et" in message.body

    # The citizen fixes it and sends it again; the a-kasse approves.
    cv_submit(actor=me(anna), citizen=anna)
    cv_approve(actor=akasse, citizen=anna)
    assert cv_of(anna).status == Cv.Status.APPROVED
    assert CaseEvent.objects.filter(citizen=anna, type="cv_published").count() == 2


def test_an_approved_cv_is_hidden_while_sick_and_after_deregistration(anna, world):
    cv_save(actor=me(anna), citizen=anna, content=COMPLETE)
    cv_submit(actor=me(anna), citizen=anna)
    cv_approve(actor=Actor.of_user(world.ak_one_worker), citizen=anna)
    operator = Actor.of_operator("tests")
    day = today()
    case_events_append(
        actor=operator,
        citizen=anna,
        events=[
            {
                "type": "sick",
                "date": day.isoformat(),
                "from": (day - timedelta(days=1)).isoformat(),
                "to": (day + timedelta(days=3)).isoformat(),
            }
        ],
    )
    assert cv_searchability(cv_of(anna), anna, day) == (False, "sick")
    assert cv_searchability(cv_of(anna), anna, day + timedelta(days=4)).searchable
    case_events_append(
        actor=operator,
        citizen=anna,
        events=[{"type": "deregistered", "date": day.isoformat()}],
    )
    assert cv_searchability(cv_of(anna), anna, day + timedelta(days=4)) == (False, "deregistered")
