"""The CV pages: the citizen's own CV only; the approval pages for the approving organisation only
(the other organisation and foreign ones get 404); the anonymous are sent to log in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kontaktforloeb.audit.models import AccessLogEntry
from kontaktforloeb.cases.models import CaseEvent
from kontaktforloeb.cv.models import Cv
from kontaktforloeb.cv.selectors import cv_of
from kontaktforloeb.cv.services import cv_save, cv_submit
from kontaktforloeb.cv.views import cv_case_summary
from kontaktforloeb.organisations.access import Actor
from tests.integration.test_cv_services import COMPLETE, register


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna(world):
    register(world.anna, "dagpenge")
    return world.anna


@pytest.fixture
def submitted(anna):
    cv_save(actor=Actor.of_user(anna.user), citizen=anna, content=COMPLETE)
    cv_submit(actor=Actor.of_user(anna.user), citizen=anna)
    return anna


def form_data(**fields: str) -> dict[str, str]:
    data = {
        "experience-TOTAL_FORMS": "1",
        "experience-INITIAL_FORMS": "0",
        "education-TOTAL_FORMS": "1",
        "education-INITIAL_FORMS": "0",
        "languages-TOTAL_FORMS": "1",
        "languages-INITIAL_FORMS": "0",
        "action": "save",
    }
    data.update(fields)
    return data


FULL = form_data(
    contact_email="anna@example.dk",
    job_goals="Lagermedarbejder\nChauffør",
    competences="Truckcertifikat",
    **{
        "experience-0-employer": "Lager A/S",
        "experience-0-title": "Pakker",
        "experience-0-start": "01-03-2019",
        "education-0-title": "Lagerassistent",
        "languages-0-language": "Dansk",
        "languages-0-level": "native",
    },
    hours="full_time",
    area="Storkøbenhavn",
    driving_licences="B",
)


@pytest.mark.parametrize(
    "url", ["/min-side/cv/", "/min-side/cv/cv.pdf", "/sager/cv/", "/sager/cv/1/"]
)
def test_anonymous_visitors_are_sent_to_log_in(world, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_the_citizen_sees_the_deadline_approver_and_what_is_missing(anna):
    body = logged_in(anna.user).get("/min-side/cv/").content.decode()
    assert "Mit CV" in body
    assert "Din a-kasse godkender det." in body
    assert "Hvorfor?" in body
    assert "0 af 6 nødvendige dele er udfyldt" in body
    assert "Erhvervserfaring" in body and "Kontaktoplysninger med synlig e-mail" in body


def test_the_page_is_in_english_for_an_english_reader(anna):
    client = logged_in(anna.user)
    client.cookies["kf_language"] = "en"
    body = client.get("/min-side/cv/").content.decode()
    assert "My CV" in body
    assert "Your a-kasse approves it." in body
    assert "Contact details with a visible e-mail or phone" in body


def test_staff_get_404_on_the_citizens_cv_page(world):
    assert logged_in(world.jc_kbh_worker).get("/min-side/cv/").status_code == 404


def test_a_bad_form_keeps_what_was_typed_and_names_the_problem_at_the_field(anna):
    response = logged_in(anna.user).post(
        "/min-side/cv/",
        form_data(contact_email="ikke-en-mail", **{"experience-0-title": "Pakker"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Der er problemer i formularen" in body
    assert 'value="ikke-en-mail"' in body and 'value="Pakker"' in body
    assert "Skriv en e-mailadresse som navn@eksempel.dk." in body
    assert "Skriv arbejdsgiverens navn." in body
    assert 'href="#id_experience-0-employer"' in body
    assert not Cv.objects.filter(citizen=anna).exists()


def test_saving_then_submitting_from_the_page(anna):
    client = logged_in(anna.user)
    response = client.post("/min-side/cv/", FULL)
    assert response.status_code == 302
    cv = cv_of(anna)
    assert cv.job_goals == ["Lagermedarbejder", "Chauffør"]
    assert cv.experience[0]["start"] == "2019-03-01"
    assert cv.status == Cv.Status.DRAFT

    # The page now holds the saved rows as initial forms, and posts them so.
    again = {**FULL, "action": "submit"}
    again.update(
        {f"{name}-INITIAL_FORMS": "1" for name in ("experience", "education", "languages")}
    )
    response = client.post("/min-side/cv/", again, follow=True)
    assert "Dit cv er gemt og sendt til godkendelse." in response.content.decode()
    assert cv_of(anna).status == Cv.Status.SUBMITTED
    assert CaseEvent.objects.filter(citizen=anna, type="cv_published").exists()


def test_submitting_an_incomplete_cv_saves_it_and_names_the_missing_parts(anna):
    response = logged_in(anna.user).post(
        "/min-side/cv/", form_data(contact_phone="12345678", action="submit")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dit cv kan ikke sendes til godkendelse endnu" in body
    assert 'href="#id_job_goals">Mindst ét job, du søger</a>' in body
    assert cv_of(anna).contact_phone == "12345678"
    assert cv_of(anna).status == Cv.Status.DRAFT


def test_the_pdf_is_the_citizens_cv(submitted):
    response = logged_in(submitted.user).get("/min-side/cv/cv.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_the_approving_organisation_lists_and_reviews_the_cv(submitted, world):
    review = f"/sager/cv/{submitted.pk}/"
    assert submitted.name in logged_in(world.ak_one_worker).get("/sager/cv/").content.decode()
    assert logged_in(world.ak_one_worker).get(review).status_code == 200
    # Anna's own jobcentre sees her case, but the a-kasse approves a dagpenge recipient's CV.
    for user in (world.jc_kbh_worker, world.ak_two_worker, world.jc_aarhus_worker):
        client = logged_in(user)
        assert submitted.name not in client.get("/sager/cv/").content.decode()
        assert client.get(review).status_code == 404, user
        assert client.post(f"{review}godkend/").status_code == 404, user
        assert client.post(f"{review}retur/", {"comment": "Nej"}).status_code == 404, user
    assert logged_in(submitted.user).get(review).status_code == 404
    assert cv_of(submitted).status == Cv.Status.SUBMITTED


def test_reviewing_is_written_to_the_access_log(submitted, world):
    logged_in(world.ak_one_worker).get(f"/sager/cv/{submitted.pk}/")
    assert AccessLogEntry.objects.filter(citizen=submitted, what="cv").exists()


def test_a_return_without_a_comment_is_refused_at_the_field(submitted, world):
    response = logged_in(world.ak_one_worker).post(
        f"/sager/cv/{submitted.pk}/retur/", {"comment": ""}
    )
    assert response.status_code == 200
    assert "Skriv en kommentar, så borgeren ved, hvad der skal rettes." in response.content.decode()
    assert cv_of(submitted).status == Cv.Status.SUBMITTED


def test_return_then_the_citizen_sees_the_comment(submitted, world):
    client = logged_in(world.ak_one_worker)
    response = client.post(
        f"/sager/cv/{submitted.pk}/retur/", {"comment": "Tilføj din uddannelses år."}
    )
    assert response.status_code == 302
    body = logged_in(submitted.user).get("/min-side/cv/").content.decode()
    assert "Dit cv er sendt retur" in body
    assert "Tilføj din uddannelses år." in body


def test_approve_from_the_page(submitted, world):
    response = logged_in(world.ak_one_worker).post(f"/sager/cv/{submitted.pk}/godkend/")
    assert response.status_code == 302
    assert cv_of(submitted).status == Cv.Status.APPROVED
    body = logged_in(submitted.user).get("/min-side/cv/").content.decode()
    assert "Arbejdsgivere kan finde dit cv." in body


def test_the_case_summary_offers_review_only_to_the_approver(submitted, world):
    mine = cv_case_summary(submitted, Actor.of_user(world.ak_one_worker))
    theirs = cv_case_summary(submitted, Actor.of_user(world.jc_kbh_worker))
    assert mine["citizen"] == submitted
    assert mine["cv_summary"]["status"] == "submitted"
    assert mine["cv_summary"]["approver"] == "akasse"
    assert mine["cv_summary"]["review_url"] == f"/sager/cv/{submitted.pk}/"
    assert theirs["cv_summary"]["review_url"] == ""
    from django.template.loader import render_to_string

    html = render_to_string("cv/_case_summary.html", mine)
    assert "A-kassen godkender cv&#x27;et." in html or "A-kassen godkender cv'et." in html
