"""`/api/v1/citizens`: register a citizen, find one by CPR number, list the caller's citizens, and
record a move, for municipal and a-kasse systems.

Who may register: the municipality of residence, and the a-kasse for its members. A known CPR
number the caller may see answers 409 with that citizen's id; one it may not see answers 404, as
for any citizen that is not the caller's, so the answer never reveals that a number is known.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from kontaktforloeb.api_errors import Error, errors
from kontaktforloeb.audit.services import access_log_record
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation

from .cpr import normalise_cpr
from .models import Citizen
from .plans import today
from .registration import (
    AlreadyRegistered,
    Registration,
    RegistrationRefused,
    citizen_move,
    citizen_register,
    municipality_by_code,
)
from .schemas import CitizenOut
from .selectors import CitizenNotFound, citizen_get, citizens_visible_to

router = Router(tags=["citizens"])
PAGE_SIZE = 50


class CitizenIn(Schema):
    cpr: str = Field(
        ..., description="Ten digits, with or without the hyphen", examples=["0101901234"]
    )
    first_name: str = Field(..., min_length=1, max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    email: str = Field("", max_length=254)
    mobile: str = Field("", max_length=20)
    language: Literal["da", "en"] = "da"
    municipality_code: int = Field(..., description="The municipality of residence", examples=[101])
    akasse_id: int | None = Field(None, description="The a-kasse the citizen is a member of")
    group: Literal["dagpenge", "kontanthjaelp_jobparat"] = "dagpenge"
    first_day: date | None = Field(
        None, description="The first day of unemployment (the dagpenge period); default today"
    )
    events: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=500,
        description="Initial events after `registered`, in the plan contract's vocabulary",
    )


class MoveIn(Schema):
    municipality_code: int = Field(..., description="The new municipality of residence")


class CitizenPage(Schema):
    items: list[CitizenOut]
    next: str | None = Field(None, description="Pass as `page` for the next page; null at the end")


class KnownOut(Error):
    """The 409 of a registration: the error, and the citizen the caller already sees."""

    citizen_id: int


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _lang(request: HttpRequest) -> str:
    return "en" if getattr(request, "LANGUAGE_CODE", "da").startswith("en") else "da"


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=citizen.pk,
        masked_cpr=citizen.masked_cpr,
        name=citizen.name,
        jobcenter=str(citizen.jobcenter),
        municipality_code=citizen.jobcenter.municipality_code,
        akasse=str(citizen.akasse) if citizen.akasse else None,
    )


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"c{pk}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if text.startswith("c") and text[1:].isdigit():
            return int(text[1:])
    except (ValueError, UnicodeDecodeError):
        pass
    raise RegistrationRefused(
        "Ukendt side: brug værdien af `next` fra forrige side.",
        "Unknown page: use the value of `next` from the previous page.",
    )


@router.post(
    "",
    response={201: CitizenOut, **errors(403, 404, refusals=True), 409: KnownOut},
    summary="Register a citizen as unemployed",
    description=(
        "Creates the citizen in the municipality of residence with a `registered` event (and "
        "the initial events, checked as on the events endpoint) and works out the plan. 403: the "
        "caller is neither the municipality of residence nor the citizen's a-kasse, or may not "
        "record an initial event; 409: the CPR number is a citizen the caller sees (its id is "
        "in the body); 404: as for any citizen that is not the caller's; 422: invalid CPR "
        "number, municipality code, first day or event."
    ),
)
def citizen_create_endpoint(request: HttpRequest, body: CitizenIn) -> Status[Any]:
    actor = _actor(request)
    lang = _lang(request)
    akasse = None
    if body.akasse_id is not None:
        akasse = Organisation.objects.filter(
            pk=body.akasse_id, kind=Organisation.Kind.AKASSE
        ).first()
        if akasse is None:
            raise RegistrationRefused(
                f"Der er ingen a-kasse med id {body.akasse_id}.",
                f"There is no a-kasse with id {body.akasse_id}.",
            )
    try:
        registration = Registration(
            cpr=body.cpr,
            first_name=body.first_name,
            last_name=body.last_name,
            municipality=municipality_by_code(body.municipality_code),
            group=body.group,
            first_day=body.first_day or today(),
            akasse=akasse,
            email=body.email,
            mobile=body.mobile,
            language=body.language,
        )
        citizen = citizen_register(actor=actor, registration=registration, events=body.events)
    except AlreadyRegistered as known:
        detail = (
            "The CPR number is already registered: this is the citizen."
            if lang == "en"
            else "CPR-nummeret er allerede registreret: det er denne borger."
        )
        return Status(409, KnownOut(detail=detail, citizen_id=known.citizen.pk))
    except ValidationError as error:
        messages = "; ".join(error.messages)
        return Status(422, Error(detail=messages))
    return Status(201, citizen_out(citizen))


@router.get(
    "",
    response={200: CitizenPage, **errors(refusals=True)},
    summary="Find a citizen by CPR number, or list the caller's citizens",
    description=(
        "With `cpr`: the citizen with that number if the caller may see them (the lookup is "
        "written to the citizen's access log), else an empty list. Without: the caller's "
        "citizens by id, `PAGE_SIZE` at a time; `next` is the cursor for the following page."
    ),
)
def citizens_list(
    request: HttpRequest,
    cpr: str | None = None,
    page: str | None = None,
) -> CitizenPage:
    actor = _actor(request)
    visible = citizens_visible_to(actor).order_by("pk")
    if cpr is not None:
        try:
            digits = normalise_cpr(cpr)
        except ValidationError as error:
            raise RegistrationRefused(
                "; ".join(error.messages), "; ".join(error.messages)
            ) from error
        found = visible.filter(cpr=digits).first()
        if found is None:
            return CitizenPage(items=[], next=None)
        if actor.is_staff_or_system:
            access_log_record(actor=actor, citizen=found, what="case", why="Fundet på CPR-nummer")
        return CitizenPage(items=[citizen_out(found)], next=None)
    if page:
        visible = visible.filter(pk__gt=_after(page))
    rows = list(visible[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return CitizenPage(
        items=[citizen_out(row) for row in rows],
        next=_cursor(rows[-1].pk) if more and rows else None,
    )


@router.post(
    "/{int:citizen_id}/moves",
    response={201: CitizenOut, **errors(403, 404, refusals=True)},
    summary="The citizen moved to another municipality",
    description=(
        "Records `moved` and hands the case, with its history, to the new municipality; both "
        "organisations' access logs show it. Only the municipality that holds the case. 422: "
        "an unknown municipality code, or the one the citizen already lives in."
    ),
)
def citizen_moves(request: HttpRequest, citizen_id: int, body: MoveIn) -> Status[CitizenOut]:
    actor = _actor(request)
    if actor.is_citizen:
        raise CitizenNotFound(citizen_id)
    citizen = citizen_get(actor=actor, citizen_id=citizen_id, what="case", why="API: flytning")
    citizen_move(actor=actor, citizen=citizen, municipality_code=body.municipality_code)
    citizen.refresh_from_db()
    return Status(201, citizen_out(citizen))
