"""Citizens log in with MitID: the whole OpenID Connect code flow over HTTP.

A browser (a `requests` session) starts on the log-in page of the live server, follows the
"Log ind med MitID" button to a real provider on 127.0.0.1 and back; the relying party then calls
the provider's token, JWKS and userinfo endpoints over loopback HTTP itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from importlib import import_module

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from pytest_django.live_server_helper import LiveServer

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import User
from tests.conftest import World
from tests.support import factories
from tests.support.oidc_provider import OIDCProvider, running_provider

SessionStore = import_module(django_settings.SESSION_ENGINE).SessionStore
CPR_CLAIM = "dk:gov:cpr"
MITID_BUTTON = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>\s*Log ind med MitID\s*</a>')
FAILED = "Log-in med MitID lykkedes ikke"


@pytest.fixture
def provider(settings: SettingsWrapper, live_server: LiveServer) -> Iterator[OIDCProvider]:
    with running_provider() as provider:
        provider.redirect_uris = [live_server.url + reverse("oidc_authentication_callback")]
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.OIDC_CPR_CLAIM = CPR_CLAIM
        yield provider


def log_in_with_mitid(live_server: LiveServer) -> tuple[requests.Session, requests.Response]:
    """Open the log-in page, press "Log ind med MitID" and follow every redirect."""
    browser = requests.Session()
    page = browser.get(live_server.url + reverse("web:login"), timeout=10)
    assert page.status_code == 200
    button = MITID_BUTTON.search(page.text)
    assert button is not None, "the log-in page has no MitID button"
    response = browser.get(live_server.url + unescape(button.group(1)), timeout=10)
    return browser, response


def text_of(response: requests.Response) -> str:
    return unescape(response.text)


def is_logged_in(browser: requests.Session, live_server: LiveServer) -> bool:
    response = browser.get(live_server.url + reverse("web:citizen_home"), timeout=10)
    return response.url == live_server.url + reverse("web:citizen_home")


def logged_in_user_id(browser: requests.Session) -> int | None:
    session = SessionStore(session_key=browser.cookies.get(django_settings.SESSION_COOKIE_NAME))
    user_id = session.get(SESSION_KEY)
    return None if user_id is None else int(user_id)


def path_of(url: str, live_server: LiveServer) -> str:
    return url.removeprefix(live_server.url)


def test_a_known_citizen_logs_in_and_sees_their_own_page(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234", "name": "Anna"})

    browser, response = log_in_with_mitid(live_server)

    assert response.status_code == 200
    assert path_of(response.url, live_server) == "/min-side/"
    page = text_of(response)
    assert "Hej Anna" in page
    assert "010190-****" in page
    assert world.bo.first_name not in page
    # The browser went to the provider and back; the relying party called the provider itself.
    hops = [r.url for r in response.history]
    assert any(url.startswith(provider.url("/authorize")) for url in hops)
    assert ("POST", "/token") in provider.calls
    assert ("GET", "/jwks") in provider.calls
    assert ("GET", "/userinfo") in provider.calls
    # The session is Anna's own account, linked to her case before.
    assert logged_in_user_id(browser) == world.anna.user_id


def test_a_person_the_system_does_not_know_is_offered_to_register_and_nobody_is_created(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    users_before = User.objects.count()
    provider.log_in_as(
        "mitid-stranger", **{CPR_CLAIM: "0202024321", "given_name": "Ida", "family_name": "Olesen"}
    )

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("registration:register")
    assert "Ida Olesen" in text_of(response) and "Meld dig ledig" in text_of(response)
    assert not is_logged_in(browser, live_server)
    assert User.objects.count() == users_before
    assert not Citizen.objects.filter(cpr="0202024321").exists()


def test_a_new_person_registers_after_mitid_with_the_cpr_number_mitid_gave(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-stranger", **{CPR_CLAIM: "0202024321", "name": "Ida Marie Olesen"})
    browser, response = log_in_with_mitid(live_server)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert token is not None
    today = date.today()
    answer = browser.post(
        response.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "group": "kontanthjaelp_jobparat",
            "municipality": world.jc_kbh.pk,
            "first_day": today.strftime("%d-%m-%Y"),
            "email": "ida@example.dk",
            "language": "da",
            "consent": "on",
            # A CPR number typed into the form is never used: MitID's is.
            "cpr": "0101901234",
        },
        headers={"Referer": response.url},
        timeout=10,
    )
    assert path_of(answer.url, live_server) == reverse("registration:receipt")
    citizen = Citizen.objects.get(cpr="0202024321")
    assert (citizen.first_name, citizen.last_name) == ("Ida Marie", "Olesen")
    assert logged_in_user_id(browser) == citizen.user_id
    assert "Du er meldt ledig" in text_of(answer)
    assert Citizen.objects.filter(cpr="0101901234").count() == 1  # Anna, untouched


def test_an_id_token_signed_with_another_key_is_refused(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})
    provider.sign_with_unpublished_key()

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("web:login")
    assert FAILED in text_of(response)
    assert not is_logged_in(browser, live_server)
    # The signature was checked against the provider's published keys, and found wanting.
    assert ("GET", "/jwks") in provider.calls
    assert ("GET", "/userinfo") not in provider.calls


def test_a_log_in_without_the_cpr_claim_is_refused(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    users_before = User.objects.count()
    provider.log_in_as("mitid-anna", name="Anna")

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("web:login")
    assert FAILED in text_of(response)
    assert not is_logged_in(browser, live_server)
    assert User.objects.count() == users_before


def test_a_malformed_cpr_claim_is_refused(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234-0"})

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("web:login")
    assert not is_logged_in(browser, live_server)


def test_the_first_log_in_links_an_account_and_the_second_reuses_it(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    cecilie = factories.citizen(world.jc_kbh, cpr="2412851122", first_name="Cecilie")
    assert cecilie.user_id is None
    provider.log_in_as("mitid-cecilie", **{CPR_CLAIM: "2412851122"})

    first_browser, first = log_in_with_mitid(live_server)

    assert path_of(first.url, live_server) == "/min-side/"
    assert "Hej Cecilie" in text_of(first)
    cecilie.refresh_from_db()
    assert cecilie.user is not None
    account = cecilie.user
    assert account.role == User.Role.CITIZEN
    assert "2412851122" not in account.username
    users_after_first = User.objects.count()

    second_browser, second = log_in_with_mitid(live_server)

    assert path_of(second.url, live_server) == "/min-side/"
    assert "Hej Cecilie" in text_of(second)
    cecilie.refresh_from_db()
    assert cecilie.user_id == account.pk
    assert User.objects.count() == users_after_first
    assert logged_in_user_id(first_browser) == logged_in_user_id(second_browser) == account.pk


def test_an_id_token_for_another_client_is_refused(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})
    provider.audience = "some-other-service"

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("web:login")
    assert FAILED in text_of(response)
    assert not is_logged_in(browser, live_server)


def test_without_a_userinfo_endpoint_the_cpr_number_comes_from_the_id_token(
    world: World, provider: OIDCProvider, live_server: LiveServer, settings: SettingsWrapper
) -> None:
    settings.OIDC_OP_USER_ENDPOINT = ""
    provider.id_token_claims = None
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})

    _, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == "/min-side/"
    assert "Hej Anna" in text_of(response)
    assert ("GET", "/userinfo") not in provider.calls


def test_a_wrong_client_secret_is_refused_by_the_provider(
    world: World, provider: OIDCProvider, live_server: LiveServer, settings: SettingsWrapper
) -> None:
    settings.OIDC_RP_CLIENT_SECRET = "not-the-secret"
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})

    browser, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == reverse("web:login")
    assert FAILED in text_of(response)
    assert not is_logged_in(browser, live_server)
    assert ("GET", "/jwks") not in provider.calls


def test_refused_log_ins_do_not_lock_other_citizens_out(
    world: World, provider: OIDCProvider, live_server: LiveServer, settings: SettingsWrapper
) -> None:
    # Everyone behind one address (a proxy, a library's network) shares the failure count of
    # the staff log-in lock-out; MitID refusals must not add to it.
    provider.log_in_as("mitid-stranger", **{CPR_CLAIM: "0202024321"})
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _, refused = log_in_with_mitid(live_server)
        assert path_of(refused.url, live_server) == reverse("registration:register")

    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})
    _, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == "/min-side/"
    assert "Hej Anna" in text_of(response)


def test_a_replayed_callback_does_not_log_in(
    world: World, provider: OIDCProvider, live_server: LiveServer
) -> None:
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})
    _, response = log_in_with_mitid(live_server)
    callback = next(
        r.headers["Location"] for r in response.history if "code=" in r.headers.get("Location", "")
    )

    # Someone else's browser presenting the same code and state (a leaked URL) gets nowhere,
    # and nor does the same browser pressing reload.
    stranger = requests.Session()
    replayed = stranger.get(callback, timeout=10)

    assert path_of(replayed.url, live_server) == reverse("web:login")
    assert FAILED in text_of(replayed)
    assert logged_in_user_id(stranger) is None


def test_pkce_is_used_when_switched_on(
    world: World, provider: OIDCProvider, live_server: LiveServer, settings: SettingsWrapper
) -> None:
    settings.OIDC_USE_PKCE = True
    provider.log_in_as("mitid-anna", **{CPR_CLAIM: "0101901234"})

    _, response = log_in_with_mitid(live_server)

    assert path_of(response.url, live_server) == "/min-side/"
    authorize = next(
        r.url for r in response.history if r.url.startswith(provider.url("/authorize"))
    )
    assert "code_challenge=" in authorize


def test_the_staff_log_in_form_never_talks_to_the_broker(
    world: World, provider: OIDCProvider, client: Client
) -> None:
    response = client.post(
        reverse("web:login") + "?code=stolen&state=guessed",
        {"username": world.jc_kbh_worker.username, "password": "wrong password"},
    )

    assert response.status_code == 200
    assert provider.calls == []
