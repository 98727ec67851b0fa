"""Small builders for tests: organisations, staff, citizens and API keys."""

from __future__ import annotations

import itertools
from typing import Any

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.services import citizen_create
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.api_keys import api_key_create
from kontaktforloeb.organisations.models import Organisation, User, caseworker_role

PASSWORD = "correct-horse-battery-staple"
_serial = itertools.count(1000)


def jobcenter(code: int = 101, name: str | None = None) -> Organisation:
    return Organisation.objects.create(
        kind="jobcenter", name=name or f"Jobcenter {code}", municipality_code=code
    )


def akasse(name: str = "Test A-kasse") -> Organisation:
    return Organisation.objects.create(kind="akasse", name=name)


def anden_aktoer(name: str = "Test Aktør", serves: tuple[Organisation, ...] = ()) -> Organisation:
    """Another actor (R73) that the citizens of `serves` may choose in the free-choice trial."""
    actor = Organisation.objects.create(kind="anden_aktoer", name=name)
    actor.serves.set(serves)
    return actor


def staff(org: Organisation, role: str | None = None, username: str | None = None) -> User:
    role = role or caseworker_role(org)
    return User.objects.create_user(
        username=username or f"staff{next(_serial)}",
        password=PASSWORD,
        role=role,
        organisation=org,
        first_name="Sags",
        last_name="Behandler",
    )


def citizen(
    jobcenter_org: Organisation,
    akasse_org: Organisation | None = None,
    *,
    with_user: bool = False,
    **fields: Any,
) -> Citizen:
    serial = next(_serial)
    person = citizen_create(
        actor=Actor.of_operator("tests"),
        cpr=fields.pop("cpr", f"0101900{serial % 1000:03d}"),
        first_name=fields.pop("first_name", "Anna"),
        last_name=fields.pop("last_name", f"Jensen{serial}"),
        jobcenter_id=jobcenter_org.pk,
        akasse_id=akasse_org.pk if akasse_org else None,
        email=fields.pop("email", f"anna{serial}@example.dk"),
        **fields,
    )
    if with_user:
        person.user = User.objects.create_user(
            username=f"citizen{serial}", password=PASSWORD, role=User.Role.CITIZEN
        )
        person.save(update_fields=["user"])
    return person


def api_key(org: Organisation, name: str = "case system") -> str:
    return api_key_create(organisation=org, name=name)[1]
