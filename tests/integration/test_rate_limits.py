"""Rate limits on log-in, booking, registration and the API: 429, ``Retry-After`` and a message in
the client's language; nothing done by the refused request; other clients unaffected."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.web import ratelimit
from tests.support import factories

UNLIMITED = (1_000_000, 60)


def limits(**low: tuple[int, int]) -> override_settings:
    configured = {"login": UNLIMITED, "booking": UNLIMITED, "registration": UNLIMITED}
    return override_settings(RATE_LIMITS={**configured, "api": UNLIMITED, **low})


@pytest.fixture(autouse=True)
def fresh_counters():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def log_in(client: Client, password: str = "wrong", **headers: str):
    return client.post("/log-ind/", {"username": "jc-kbh", "password": password}, **headers)


def test_the_login_form_is_limited_per_address_with_a_danish_message(world):
    client = Client()
    with limits(login=(3, 60), api=UNLIMITED):
        answers = [log_in(client).status_code for _ in range(3)]
        refused = log_in(client)
    assert answers == [200, 200, 200]  # the form again, with its error
    assert refused.status_code == 429
    assert refused["Retry-After"].isdigit()
    assert 1 <= int(refused["Retry-After"]) <= 60
    page = refused.content.decode()
    assert "For mange forespørgsler" in page
    assert "Vent" in page
    assert "Content-Security-Policy" in refused.headers


def test_the_refusal_speaks_english_to_an_english_reader(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with limits(login=(1, 60)):
        log_in(client)
        refused = log_in(client)
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()


def test_reading_the_login_page_is_not_counted_and_another_address_is_not_limited(world):
    with limits(login=(1, 60)):
        client = Client()
        assert [client.get("/log-ind/").status_code for _ in range(5)] == [200] * 5
        assert log_in(client).status_code == 200
        assert log_in(client).status_code == 429
        elsewhere = Client(REMOTE_ADDR="192.0.2.7")
        assert log_in(elsewhere).status_code == 200


def test_a_correct_password_is_refused_too_once_the_address_is_over_its_limit(world):
    client = Client()
    with limits(login=(2, 60)):
        log_in(client)
        log_in(client)
        refused = log_in(client, password=factories.PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_is_limited_per_organisation_key_in_json(world):
    key = factories.api_key(world.jc_kbh)
    other = factories.api_key(world.jc_aarhus)
    client = Client()
    with limits(api=(2, 60)):
        answers = [client.get("/api/v1/citizens", HTTP_X_API_KEY=key).status_code for _ in range(2)]
        refused = client.get("/api/v1/citizens", HTTP_X_API_KEY=key, HTTP_ACCEPT_LANGUAGE="en")
        others = client.get("/api/v1/citizens", HTTP_X_API_KEY=other)
    assert answers == [200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many requests. Wait ")
    assert others.status_code == 200


def test_registering_through_the_api_beyond_the_limit_stores_nothing(world):
    key = factories.api_key(world.ak_one)
    body = {
        "cpr": "0202924321",
        "first_name": "Ida",
        "last_name": "Olesen",
        "email": "ida@example.dk",
        "municipality_code": 101,
        "akasse_id": world.ak_one.pk,
        "group": "dagpenge",
        "first_day": "2026-12-01",
    }
    before = Citizen.objects.count()
    with limits(registration=(0, 60)):
        refused = Client().post(
            "/api/v1/citizens", body, content_type="application/json", HTTP_X_API_KEY=key
        )
    assert refused.status_code == 429
    assert "detail" in refused.json()
    assert Citizen.objects.count() == before


def test_registering_on_the_page_is_limited_per_address(world):
    client = Client()
    with limits(registration=(2, 60)):
        answers = [client.post("/meld-dig-ledig/", {}).status_code for _ in range(2)]
        refused = client.post("/meld-dig-ledig/", {})
    assert 429 not in answers
    assert refused.status_code == 429


def test_booking_is_limited_per_person_not_per_address(world):
    anna = Client()
    anna.force_login(world.anna.user)
    bo = Client()
    bo.force_login(world.bo.user)
    with limits(booking=(1, 60)):
        first = anna.post("/min-side/book/1/", {})
        refused = anna.post("/min-side/book/1/", {})
        bos = bo.post("/min-side/book/1/", {})
    assert first.status_code != 429
    assert refused.status_code == 429
    assert bos.status_code != 429


def test_a_window_ends_and_the_client_may_ask_again():
    with limits(api=(2, 60)):
        assert ratelimit.check(["api"], "addr:x", now=600.0) is None
        assert ratelimit.check(["api"], "addr:x", now=610.0) is None
        refusal = ratelimit.check(["api"], "addr:x", now=615.0)
        assert refusal is not None
        assert refusal.limit == "api"
        assert refusal.retry_after == 45
        assert ratelimit.check(["api"], "addr:x", now=660.0) is None


def test_behind_a_proxy_the_address_the_proxy_saw_is_counted_not_what_the_client_wrote():
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4", REMOTE_ADDR="10.1.1.1"
    )
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_address(request) == "198.51.100.4"
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert ratelimit.client_address(request) == "10.1.1.1"


def test_two_workers_sharing_redis_count_the_same_requests():
    """Production keeps the counters in Redis, so every worker process sees every request: two
    caches with connections of their own, as two processes have, count one client together."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    prefix = f"test-{uuid.uuid4().hex}"
    one, two = (RedisCache(url, {"KEY_PREFIX": prefix}) for _ in range(2))
    try:
        with limits(api=(3, 60)):
            answers = [
                ratelimit.check(["api"], "addr:y", now=600.0, cache=worker)
                for worker in (one, two, one, two)
            ]
        assert answers[:3] == [None, None, None]
        assert answers[3] is not None
        assert answers[3].retry_after == 60
    finally:
        one.delete("rl:api:addr:y:10")
