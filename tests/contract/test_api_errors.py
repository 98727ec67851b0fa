"""The API's errors have one shape (`kontaktforloeb.api_errors`): a body that is not JSON is a
validation error like any other invalid body, an id that is not a number a JSON 404, and every
operation documents the statuses every operation can answer."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.test import Client
from ninja import Schema

from kontaktforloeb.api import api
from kontaktforloeb.cases.models import CaseEvent
from tests.support import factories


@pytest.fixture
def key(world) -> str:
    return factories.api_key(world.jc_kbh)


@pytest.mark.parametrize(
    ("language", "message"),
    [("da", "Kroppen er ikke gyldig JSON"), ("en", "The body is not valid JSON")],
)
def test_a_body_that_is_not_json_is_422_at_body_and_changes_nothing(world, key, language, message):
    before = CaseEvent.objects.count()
    response = Client().post(
        f"/api/v1/citizens/{world.anna.pk}/events",
        '{"events": [',
        content_type="application/json",
        headers={"X-API-Key": key, "Accept-Language": language},
    )
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert item["loc"] == ["body"] and item["type"] == "json_invalid"
    assert item["msg"].startswith(message)
    assert CaseEvent.objects.count() == before


def test_an_id_that_is_not_a_number_is_a_json_404(world, key):
    for path in ("/api/v1/citizens/abc", "/api/v1/bookings/-1", "/api/v1/no-such-thing"):
        response = Client().get(path, headers={"X-API-Key": key})
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == {"detail": "Not found."}


def test_without_credentials_401_in_the_documented_shape(world):
    response = Client().get(f"/api/v1/citizens/{world.anna.pk}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_every_operation_documents_401_422_429_and_404_where_it_takes_an_id():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = {int(status) for status in operation["responses"]}
            assert {401, 422, 429} <= statuses, (method, path)
            if "{" in path:
                assert 404 in statuses, (method, path)


def test_every_schema_name_is_one_class():
    """The OpenAPI components are named by class: two schemas of one name would make one of
    them document the other's body."""

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    modules: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("kontaktforloeb."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: where for name, where in modules.items() if len(where) > 1} == {}
