# ruff: noqa: F811 (the shared fixtures are imported by name)
"""The API for what the case page adds: planned interviews (R5) and interview requests; the
other actions go through the booking API and `POST /citizens/{id}/events`."""

from __future__ import annotations

from kontaktforloeb.cases.models import InterviewRequest
from kontaktforloeb.workspace.models import PlannedInterview
from tests.integration.test_case_page import anna, calendar, carl, clock  # noqa: F401
from tests.support import factories


def headers(organisation, lang="da"):
    return {"HTTP_X_API_KEY": factories.api_key(organisation), "HTTP_ACCEPT_LANGUAGE": lang}


def test_plan_an_interview_and_list_it(client, carl, calendar):
    h = headers(calendar.jc_kbh)
    url = f"/api/v1/citizens/{carl.pk}/planned-interviews"
    response = client.post(
        url, {"date": "2025-03-14", "reason": "Følg op"}, content_type="application/json", **h
    )
    assert response.status_code == 201, response.content
    assert response.json()["holder"] == "jobcenter"
    assert [row["reason"] for row in client.get(url, **h).json()] == ["Følg op"]


def test_planning_in_the_past_is_refused_in_the_request_language(client, carl, calendar):
    url = f"/api/v1/citizens/{carl.pk}/planned-interviews"
    body = {"date": "2024-01-01", "reason": "x"}
    response = client.post(
        url, body, content_type="application/json", **headers(calendar.jc_kbh, "en")
    )
    assert response.status_code == 422
    assert "has passed" in response.json()["detail"]
    assert not PlannedInterview.objects.exists()


def test_foreign_organisation_gets_404(client, carl, calendar):
    h = headers(calendar.jc_aarhus)
    assert client.get(f"/api/v1/citizens/{carl.pk}/planned-interviews", **h).status_code == 404
    request = InterviewRequest.objects.create(citizen=carl, reason="Hjælp")
    response = client.post(
        f"/api/v1/interview-requests/{request.pk}/handled",
        {"note": "x"},
        content_type="application/json",
        **h,
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/citizens/{carl.pk}/interview-requests").status_code == 401


def test_mark_a_request_handled(client, carl, calendar):
    request = InterviewRequest.objects.create(citizen=carl, reason="Hjælp")
    h = headers(calendar.jc_kbh)
    listed = client.get(f"/api/v1/citizens/{carl.pk}/interview-requests", **h).json()
    assert listed[0]["handled_at"] is None
    response = client.post(
        f"/api/v1/interview-requests/{request.pk}/handled",
        {"note": "Samtale aftalt"},
        content_type="application/json",
        **h,
    )
    assert response.status_code == 200
    assert response.json()["handled_note"] == "Samtale aftalt"
    again = client.post(
        f"/api/v1/interview-requests/{request.pk}/handled",
        {"note": "igen"},
        content_type="application/json",
        **h,
    )
    assert again.status_code == 422
