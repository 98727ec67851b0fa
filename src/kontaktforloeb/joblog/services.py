"""Writes of the joblog: the citizen's own entries (R39) and the weekly requirement (R40).

Each write is one transaction and also stamps the joblog's last activity, which the 30-day
inactivity worklist reads from one indexed column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor

from .errors import JoblogInvalid, JoblogNotFound, JoblogNotResponsible
from .models import Joblog, JoblogEntry
from .selectors import responsible_is

FIELDS = (
    "applied_on",
    "employer",
    "title",
    "source",
    "hours",
    "place",
    "status",
    "application_text",
)
MAX_PER_WEEK = 50


# As people type dates (4-10-2024, 4.10.2024, 4/10/2024) and as the API sends them (ISO).
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


def _parse_date(value: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return str(value).strip() if value is not None else ""


def _clean(data: Mapping[str, Any], on: date) -> dict[str, Any]:
    """The entry's fields, checked; raises `JoblogInvalid` naming every field that is wrong."""
    errors: dict[str, list[Promise]] = {}
    cleaned: dict[str, Any] = {}
    applied_on = data.get("applied_on")
    if isinstance(applied_on, str) and applied_on.strip():
        applied_on = _parse_date(applied_on)
        if applied_on is None:
            errors["applied_on"] = [_("Skriv datoen som dag, måned og år, fx 4-10-2024.")]
    if not isinstance(applied_on, date):
        errors.setdefault("applied_on", [_("Skriv, hvilken dag du søgte jobbet.")])
    elif applied_on > on:
        errors["applied_on"] = [_("Datoen må ikke ligge i fremtiden.")]
    cleaned["applied_on"] = applied_on
    for name, message, limit in (
        ("employer", _("Skriv arbejdsgiverens navn."), 200),
        ("title", _("Skriv, hvilken stilling du søgte."), 200),
    ):
        value = _text(data, name)
        if not value:
            errors[name] = [message]
        elif len(value) > limit:
            errors[name] = [_("Teksten er for lang (højst 200 tegn).")]
        cleaned[name] = value
    place = _text(data, "place")
    if len(place) > 200:
        errors["place"] = [_("Teksten er for lang (højst 200 tegn).")]
    cleaned["place"] = place
    for name, choices, message in (
        ("source", JoblogEntry.Source, _("Vælg, hvordan du fandt jobbet.")),
        ("hours", JoblogEntry.Hours, _("Vælg fuldtid eller deltid.")),
        ("status", JoblogEntry.Status, _("Vælg en status for ansøgningen.")),
    ):
        value = _text(data, name) or (JoblogEntry.Status.APPLIED if name == "status" else "")
        if value not in choices.values:
            errors[name] = [message]
        cleaned[name] = value
    application_text = _text(data, "application_text")
    if len(application_text) > 20000:
        errors["application_text"] = [_("Ansøgningen er for lang (højst 20.000 tegn).")]
    cleaned["application_text"] = application_text
    if errors:
        raise JoblogInvalid(errors)
    return cleaned


def _own_citizen(actor: Actor, citizen: Citizen) -> None:
    """Only the citizen keeps their joblog; anyone else is told it does not exist."""
    if not actor.is_citizen or actor.user is None or citizen.user_id != actor.user.pk:
        raise JoblogNotFound(citizen.pk)


def _touch(citizen: Citizen) -> None:
    joblog, _created = Joblog.objects.get_or_create(citizen=citizen)
    joblog.last_activity_at = timezone.now()
    joblog.save(update_fields=["last_activity_at"])


def joblog_entry_add(*, actor: Actor, citizen: Citizen, data: Mapping[str, Any]) -> JoblogEntry:
    """The citizen documents one application. Raises `JoblogInvalid`; then nothing is stored."""
    _own_citizen(actor, citizen)
    cleaned = _clean(data, today())
    with transaction.atomic():
        entry = JoblogEntry.objects.create(citizen=citizen, **cleaned)
        _touch(citizen)
    return entry


def joblog_entry_edit(*, actor: Actor, entry: JoblogEntry, data: Mapping[str, Any]) -> JoblogEntry:
    """The citizen changes one of their entries; fields left out of `data` keep their value."""
    _own_citizen(actor, entry.citizen)
    merged = {name: getattr(entry, name) for name in FIELDS}
    merged.update({name: value for name, value in data.items() if name in FIELDS})
    cleaned = _clean(merged, today())
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(entry, name, value)
        entry.save()
        _touch(entry.citizen)
    return entry


def joblog_entry_delete(*, actor: Actor, entry: JoblogEntry) -> None:
    _own_citizen(actor, entry.citizen)
    with transaction.atomic():
        entry.delete()
        _touch(entry.citizen)


def joblog_requirement_set(*, actor: Actor, citizen: Citizen, per_week: int, reason: str) -> Joblog:
    """The caseworker sets how many applications a week the citizen is expected to send (R40).

    Only staff of the organisation responsible for the citizen today may (the a-kasse in the
    a-kasse period, the jobcentre otherwise): others get `JoblogNotResponsible`. The caller has
    obtained `citizen` through the access gate.
    """
    if actor.is_citizen or actor.user is None or not responsible_is(actor, citizen, today()):
        raise JoblogNotResponsible(citizen.pk)
    reason = reason.strip()
    errors: dict[str, list[Promise]] = {}
    if not 0 <= per_week <= MAX_PER_WEEK:
        errors["per_week"] = [_("Skriv et antal mellem 0 og 50.")]
    if not reason:
        errors["reason"] = [_("Skriv en begrundelse, som borgeren kan læse.")]
    elif len(reason) > 2000:
        errors["reason"] = [_("Begrundelsen er for lang (højst 2.000 tegn).")]
    if errors:
        raise JoblogInvalid(errors)
    with transaction.atomic():
        joblog, _created = Joblog.objects.select_for_update().get_or_create(citizen=citizen)
        joblog.per_week = per_week
        joblog.reason = reason
        joblog.set_by = actor.user
        joblog.set_at = timezone.now()
        joblog.save(update_fields=["per_week", "reason", "set_by", "set_at"])
    return joblog
