"""`/api/v1/joblog/…`: a citizen's joblog. The citizen (session) lists, adds and changes their
own entries; organisation systems (API key) and staff read, through the same access gate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from kontaktforloeb.api_errors import errors, invalid
from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.organisations.access import Actor

from .errors import JoblogInvalid, JoblogNotFound
from .models import JoblogEntry
from .schemas import EntryIn, EntryOut, EntryPatch, JoblogOut, WeekOut
from .schemas import Status as EntryStatus
from .selectors import joblog_case_summary, joblog_entries, joblog_entry_get, joblog_weeks
from .services import joblog_entry_add, joblog_entry_edit

router = Router(tags=["joblog"])
# YYYY-MM from year 0001: there is no year 0000 (a date of it was a 500).
MONTH = r"^([1-9][0-9]{3}|0([1-9][0-9]{2}|0[1-9][0-9]|00[1-9]))-(0[1-9]|1[0-2])$"


def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor


def _citizen(request: HttpRequest, citizen_id: int, why: str = "API") -> Citizen:
    return citizen_get(actor=_actor(request), citizen_id=citizen_id, what="joblog", why=why)


def _own(request: HttpRequest, citizen_id: int) -> Citizen:
    """Writes are the citizen's own: anyone else who may see the case gets 403."""
    citizen = _citizen(request, citizen_id, why="API: joblog write")
    if not _actor(request).is_citizen:
        raise HttpError(403, "Only the citizen keeps their joblog.")
    return citizen


def _out(entry: JoblogEntry) -> EntryOut:
    return EntryOut.model_validate(entry, from_attributes=True)


def _invalid(error: JoblogInvalid) -> Exception:
    """Each field's messages as validation errors at `body`, in the request's language."""
    return invalid(
        *((["body", field], msg) for field, msgs in error.as_text().items() for msg in msgs)
    )


@router.get(
    "/{int:citizen_id}",
    response={200: JoblogOut, **errors(404)},
    summary="A citizen's joblog: requirement, the last 8 ISO weeks, exemption, inactivity",
)
def joblog_detail(request: HttpRequest, citizen_id: int) -> JoblogOut:
    citizen = _citizen(request, citizen_id)
    summary = joblog_case_summary(citizen)
    exemption = summary["exemption"]
    weeks = joblog_weeks(
        citizen,
        on=summary["on"],
        per_week=summary["requirement"].per_week,
        required=summary["required"],
        exempt_from=exemption.exempt_from if exemption else None,
        spell_start=summary["spell_start"],
    )
    return JoblogOut(
        required=summary["required"],
        per_week=summary["requirement"].per_week,
        reason=summary["requirement"].reason,
        exempt_from=exemption.exempt_from if exemption else None,
        exemption_applies=bool(exemption and exemption.applies),
        last_activity_at=summary["last_activity"],
        inactive=summary["inactive"],
        weeks=[
            WeekOut(
                year=w.year,
                week=w.number,
                monday=w.monday,
                count=w.count,
                required=w.required,
                exempt=w.exempt,
            )
            for w in weeks
        ],
    )


@router.get(
    "/{int:citizen_id}/entries",
    response={200: list[EntryOut], **errors(404)},
    summary="A citizen's applications, newest first",
    description="`status` filters by status; `month` (`YYYY-MM`) by the month applied.",
)
def entries_list(
    request: HttpRequest,
    citizen_id: int,
    status: Query[EntryStatus | None] = None,
    month: Annotated[str | None, Query(pattern=MONTH)] = None,
) -> list[EntryOut]:
    citizen = _citizen(request, citizen_id)
    first = None if month is None else date.fromisoformat(f"{month}-01")
    return [_out(e) for e in joblog_entries(citizen, status=status or "", month=first)]


@router.post(
    "/{int:citizen_id}/entries",
    response={201: EntryOut, **errors(403, 404)},
    summary="The citizen adds an application",
)
def entries_add(request: HttpRequest, citizen_id: int, body: EntryIn) -> Status[EntryOut]:
    citizen = _own(request, citizen_id)
    try:
        entry = joblog_entry_add(actor=_actor(request), citizen=citizen, data=body.model_dump())
    except JoblogInvalid as error:
        raise _invalid(error) from None
    return Status(201, _out(entry))


@router.patch(
    "/{int:citizen_id}/entries/{int:entry_id}",
    response={200: EntryOut, **errors(403, 404)},
    summary="The citizen changes one of their applications",
)
def entries_edit(
    request: HttpRequest, citizen_id: int, entry_id: int, body: EntryPatch
) -> Status[EntryOut]:
    citizen = _own(request, citizen_id)
    try:
        entry = joblog_entry_get(actor=_actor(request), entry_id=entry_id)
    except JoblogNotFound:
        raise HttpError(404, "Not found.") from None
    if entry.citizen_id != citizen.pk:
        raise HttpError(404, "Not found.")
    try:
        entry = joblog_entry_edit(
            actor=_actor(request), entry=entry, data=body.model_dump(exclude_unset=True)
        )
    except JoblogInvalid as error:
        raise _invalid(error) from None
    return Status(200, _out(entry))
