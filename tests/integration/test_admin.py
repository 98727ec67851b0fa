"""The administrator's pages: everything listed, the event and access logs read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from kontaktforloeb.organisations.models import User


@pytest.fixture
def admin_client(world) -> Client:
    admin = User.objects.create_superuser("root", "root@example.dk", "x" * 16, role="administrator")
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/cases/citizen/",
        "/admin/cases/caseevent/",
        "/admin/organisations/organisation/",
        "/admin/organisations/user/",
        "/admin/organisations/apikey/",
        "/admin/audit/accesslogentry/",
    ],
)
def test_admin_lists_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_the_event_log_cannot_be_added_to_or_changed_in_the_admin(admin_client):
    assert admin_client.get("/admin/cases/caseevent/add/").status_code == 403


def test_the_citizen_form_never_shows_the_full_cpr_number(admin_client, world):
    body = admin_client.get(f"/admin/cases/citizen/{world.anna.pk}/change/").content.decode()
    assert "010190-****" in body
    assert "0101901234" not in body
