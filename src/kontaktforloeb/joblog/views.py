"""The citizen's joblog pages (Min joblog): list with filters, add, edit, delete, CSV export.

Thin: parse, call one service or selector, render. Every page works without JavaScript.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import User
from kontaktforloeb.web.views import citizen_required

from .errors import JoblogInvalid, JoblogNotFound
from .forms import JoblogEntryForm
from .models import JoblogEntry
from .selectors import (
    WEEKS_SHOWN,
    joblog_case_summary,
    joblog_entries,
    joblog_entry_get,
    joblog_months,
    joblog_weeks,
)
from .services import joblog_entry_add, joblog_entry_delete, joblog_entry_edit

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> Actor:
    assert isinstance(request.user, User)
    return Actor.of_user(request.user)


def filters_from(request: HttpRequest) -> tuple[str, date | None]:
    """`?status=` (one of the statuses) and `?maaned=YYYY-MM`; anything else is ignored."""
    status = request.GET.get("status", "")
    if status not in JoblogEntry.Status.values:
        status = ""
    month = None
    raw = request.GET.get("maaned", "")
    try:
        year, number = (int(part) for part in raw.split("-"))
        month = date(year, number, 1)
    except ValueError:
        month = None
    return status, month


def overview_context(citizen: Citizen, request: HttpRequest) -> dict[str, Any]:
    """What the citizen's list page and the staff's read-only page both show."""
    status, month = filters_from(request)
    summary = joblog_case_summary(citizen)
    exemption = summary["exemption"]
    weeks = joblog_weeks(
        citizen,
        on=today(),
        per_week=summary["requirement"].per_week,
        required=summary["required"],
        exempt_from=exemption.exempt_from if exemption else None,
        spell_start=summary["spell_start"],
    )
    page = Paginator(joblog_entries(citizen, status=status, month=month), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    query = request.GET.copy()
    query.pop("side", None)
    return {
        "citizen": citizen,
        "joblog_summary": summary,
        "weeks": weeks,
        "weeks_shown": WEEKS_SHOWN,
        "page": page,
        "status": status,
        "month": month,
        "month_value": month.strftime("%Y-%m") if month else "",
        "months": joblog_months(citizen),
        "statuses": JoblogEntry.Status.choices,
        "filter_query": query.urlencode(),
        "filtered": bool(status or month),
    }


@citizen_required
def joblog_list(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    return render(request, "joblog/list.html", overview_context(citizen, request))


@citizen_required
@require_http_methods(["GET", "POST"])
def joblog_add(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    if request.method == "POST":
        form = JoblogEntryForm(request.POST)
        if form.is_valid():
            try:
                joblog_entry_add(actor=_actor(request), citizen=citizen, data=form.cleaned_data)
            except JoblogInvalid as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Ansøgningen er gemt i din joblog."))
                return redirect("joblog:list")
    else:
        form = JoblogEntryForm(initial={"applied_on": today().strftime("%d-%m-%Y")})
    return render(request, "joblog/entry_form.html", {"form": form, "entry": None})


def _entry(request: HttpRequest, entry_id: int) -> JoblogEntry:
    try:
        return joblog_entry_get(actor=_actor(request), entry_id=entry_id)
    except JoblogNotFound:
        raise Http404 from None


@citizen_required
@require_http_methods(["GET", "POST"])
def joblog_edit(request: HttpRequest, citizen: Citizen, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if request.method == "POST":
        form = JoblogEntryForm(request.POST)
        if form.is_valid():
            try:
                joblog_entry_edit(actor=_actor(request), entry=entry, data=form.cleaned_data)
            except JoblogInvalid as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Ændringen er gemt."))
                return redirect("joblog:list")
    else:
        form = JoblogEntryForm.for_entry(entry)
    return render(request, "joblog/entry_form.html", {"form": form, "entry": entry})


@citizen_required
@require_http_methods(["GET", "POST"])
def joblog_delete(request: HttpRequest, citizen: Citizen, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if request.method == "POST":
        joblog_entry_delete(actor=_actor(request), entry=entry)
        messages.success(request, _("Ansøgningen er slettet fra din joblog."))
        return redirect("joblog:list")
    return render(request, "joblog/delete.html", {"entry": entry})


CSV_COLUMNS = (
    ("applied_on", "Dato"),
    ("employer", "Arbejdsgiver"),
    ("title", "Stilling"),
    ("source", "Hvordan fundet"),
    ("hours", "Arbejdstid"),
    ("place", "Arbejdssted"),
    ("status", "Status"),
    ("application_text", "Ansøgning"),
)


def _cell(text: str) -> str:
    """A text as a spreadsheet shows it, never as a formula it runs: one that begins with =, +,
    -, @, a tab or a carriage return gets an apostrophe first (OWASP, "CSV injection")."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def joblog_csv(entries: Any, filename: str) -> HttpResponse:
    """The entries as CSV for Excel: UTF-8 with a byte-order mark, semicolons (Danish Excel
    reads commas as decimal marks), Danish headers and labels, dates as YYYY-MM-DD; the citizen's
    texts as text, never formulas (`_cell`)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    with translation.override("da"):
        writer.writerow([header for _name, header in CSV_COLUMNS])
        for entry in entries:
            writer.writerow(
                [
                    entry.applied_on.isoformat(),
                    _cell(entry.employer),
                    _cell(entry.title),
                    entry.get_source_display(),
                    entry.get_hours_display(),
                    _cell(entry.place),
                    entry.get_status_display(),
                    _cell(entry.application_text),
                ]
            )
    return response


@citizen_required
def joblog_export(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    status, month = filters_from(request)
    entries = joblog_entries(citizen, status=status, month=month)
    return joblog_csv(entries, f"joblog-{today().isoformat()}.csv")
