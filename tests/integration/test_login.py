"""Staff log in with username and password: argon2 hashes, lock-out after repeated failures."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from tests.support.factories import PASSWORD


def test_production_hashes_passwords_with_argon2():
    from kontaktforloeb.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert identify_hasher(make_password("x" * 16)).algorithm == "argon2"


def test_a_caseworker_logs_in_and_lands_on_the_citizen_list(world):
    client = Client()
    response = client.post(
        reverse("web:login"), {"username": "jc-kbh", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:staff_home")
    assert "Jobcenter København" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message(world):
    response = Client().post(reverse("web:login"), {"username": "jc-kbh", "password": "wrong"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("web:login"), {"username": "jc-kbh", "password": "wrong"})
    response = client.post(reverse("web:login"), {"username": "jc-kbh", "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange forkerte forsøg" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_demo_page_logs_in_with_one_click_only_in_demo_mode(world, settings):
    world.jc_kbh_worker.username = "demo-jc-kbh-1"
    world.jc_kbh_worker.save()
    client = Client()
    page = client.get(reverse("web:demo_login")).content.decode()
    assert "Sags Behandler" in page
    response = client.post(reverse("web:demo_login"), {"user": world.jc_kbh_worker.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:staff_home")
    # A user who is not a demo user cannot be logged in this way.
    other = Client().post(reverse("web:demo_login"), {"user": world.jc_aarhus_worker.pk})
    assert other.status_code == 404

    settings.DEMO_MODE = False
    assert Client().get(reverse("web:demo_login")).status_code == 404
    assert (
        Client().post(reverse("web:demo_login"), {"user": world.jc_kbh_worker.pk}).status_code
        == 404
    )


def test_log_out_is_a_post(world):
    client = Client()
    client.force_login(world.jc_kbh_worker)
    assert client.get(reverse("web:logout")).status_code == 405
    client.post(reverse("web:logout"))
    assert "_auth_user_id" not in client.session
