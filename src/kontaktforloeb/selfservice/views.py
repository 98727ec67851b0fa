"""The citizen's own pages (Min side): what to do next, the plan, booking, meetings, preparation,
asking for an interview, messages, settings, and who has seen their data.

Every page goes through `citizen_required`: the anonymous are sent to log in, staff get 404, and a
citizen only ever reaches their own meetings and messages (anything else is 404). Views are thin:
they parse, call one service or selector, and render; the rules live in the rules engine and in
booking's services, and their refusals are shown in the citizen's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kontaktforloeb.audit.selectors import access_log_for_citizen
from kontaktforloeb.booking.errors import SlotTaken
from kontaktforloeb.booking.models import Booking, Channel, Slot
from kontaktforloeb.booking.services import (
    DueInterview,
    booking_cancel,
    booking_create,
    booking_rebook,
    due_interview,
)
from kontaktforloeb.booking.views import Week, week_monday
from kontaktforloeb.cases.models import Citizen, CitizenPlan, PlanItem
from kontaktforloeb.cases.plans import plan_current, plan_next_steps, plan_timeline, today
from kontaktforloeb.notifications.compose import (
    meeting_description,
    meeting_place,
    meeting_title,
)
from kontaktforloeb.notifications.ics import meeting_ics
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError
from kontaktforloeb.web.views import citizen_required

from . import selectors
from .forms import (
    BookingDetailsForm,
    CancelForm,
    InterviewRequestForm,
    PreparationForm,
    SettingsForm,
    SlotChoiceForm,
)
from .services import (
    PREPARATION_FIELDS,
    citizen_preferences_update,
    interview_request_create,
    preparation_save,
)


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _posted(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def _actor(request: HttpRequest) -> Actor:
    return Actor.of_user(request.user)  # type: ignore[arg-type]


def _is_dagpenge(plan: CitizenPlan) -> bool:
    return plan.group == "dagpenge"


# --- Start page and plan -------------------------------------------------------------------


@citizen_required
def citizen_home(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    plan = plan_current(citizen)
    return render(
        request,
        "selfservice/citizen_home.html",
        {
            "citizen": citizen,
            "plan": plan,
            "next_steps": _with_actions(citizen, plan_next_steps(plan)),
        },
    )


@dataclass
class PlanRow:
    """A plan item with what the citizen can do about it on this site."""

    item: PlanItem
    book_url: str = ""
    meeting: Booking | None = None


# An exempted interview may still be booked (RULES-2026 R65): the citizen can ask for one.
BOOKABLE = ("open", "upcoming", "overdue", "exempted")


def _with_actions(citizen: Citizen, items: list[PlanItem]) -> list[PlanRow]:
    live = selectors.live_meetings_by_interview(citizen)
    handover = plan_current(citizen).handover
    ended = handover is not None and today() >= handover  # RULES.md R3 [D]
    rows = []
    for item in items:
        row = PlanRow(item)
        if item.kind == PlanItem.Kind.INTERVIEW and item.number:
            row.meeting = live.get((item.holder, item.number))
            first_holder_done = ended and item.holder != "jobcenter"
            if row.meeting is None and item.status in BOOKABLE and not first_holder_done:
                row.book_url = reverse("selfservice:book", args=[item.number])
        elif item.kind == PlanItem.Kind.BOOKING_DEADLINE and item.number:
            row.book_url = reverse("selfservice:book", args=[item.number])
        rows.append(row)
    return rows


@citizen_required
def plan_page(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    plan = plan_current(citizen)
    timeline = plan_timeline(plan)
    next_steps = plan_next_steps(plan)
    consequences = [i for i in timeline if i.kind == PlanItem.Kind.CONSEQUENCE]
    return render(
        request,
        "selfservice/plan.html",
        {
            "citizen": citizen,
            "plan": plan,
            "next_steps": _with_actions(citizen, next_steps),
            "timeline": _with_actions(citizen, timeline),
            "open_consequences": [c for c in consequences if c.status == "open"],
            "dagpenge": _is_dagpenge(plan),
            "assessment_from": selectors.individual_assessment_from(plan),
        },
    )


# --- Booking -------------------------------------------------------------------------------


def _steps(current: int) -> list[dict[str, Any]]:
    labels = [_("Vælg tid"), _("Om samtalen"), _("Kvittering")]
    return [
        {"number": n, "label": label, "current": n == current, "done": n < current}
        for n, label in enumerate(labels, start=1)
    ]


def _refused(request: HttpRequest, error: BookingRuleError, status: int = 200) -> HttpResponse:
    return render(
        request, "selfservice/refused.html", {"message": error.message(_lang())}, status=status
    )


def _first_interview_reason(due: DueInterview) -> str:
    if due.required_channel == Channel.IN_PERSON:
        return _(
            "Den første samtale i dit forløb skal holdes ved personligt fremmøde. Det gælder for "
            "alle, der bliver ledige. Fra næste samtale vælger du selv mellem personligt "
            "fremmøde, telefon og video."
        )
    return ""


# Where the error summary points for a missing or taken time: the calendar of free times.
TID_TARGET = {"id_for_label": "id_tid"}


@dataclass
class CalendarWeek:
    week: Week
    days: list[selectors.FreeDay]
    previous: str
    next: str


def _calendar_week(request: HttpRequest, citizen: Citizen, due: DueInterview) -> CalendarWeek:
    now = today()
    this_monday = now - timedelta(days=now.weekday())
    fallback = this_monday
    if not request.GET.get("uge"):
        first = selectors.first_free(citizen, due.number)
        if first is not None:
            fallback = timezone.localtime(first.start).date()
    monday = max(week_monday(request.GET.get("uge"), fallback), this_monday)
    week = Week.of(monday)
    last_monday = due.last_meeting_date - timedelta(days=due.last_meeting_date.weekday())
    return CalendarWeek(
        week=week,
        days=selectors.free_week(citizen, due.number, monday),
        previous=week.previous if monday > this_monday else "",
        next=week.next if monday < last_monday else "",
    )


@citizen_required
def book(request: HttpRequest, citizen: Citizen, interview: int) -> HttpResponse:
    """Step 1: a free time in a week-by-week calendar (radio buttons: keyboard and phone)."""
    try:
        due = due_interview(citizen, interview)
    except BookingRuleError as error:
        return _refused(request, error)
    form = SlotChoiceForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        details = reverse("selfservice:book_details", args=[interview])
        return redirect(f"{details}?tid={form.cleaned_data['tid']}")
    return render(
        request,
        "selfservice/book_time.html",
        {
            "citizen": citizen,
            "due": due,
            "form": form,
            "calendar": _calendar_week(request, citizen, due),
            "steps": _steps(1),
            "channel_reason": _first_interview_reason(due),
        },
    )


def _slot_of(due: DueInterview, slot_id: Any) -> Slot | None:
    """The chosen time if it is one of the holder's; booking checks that it is still free."""
    try:
        pk = int(slot_id)
    except (TypeError, ValueError):
        return None
    slots = Slot.objects.select_related("caseworker", "location", "room")
    return slots.filter(pk=pk, organisation=due.organisation).first()


def _channels(due: DueInterview, slot: Slot) -> list[str]:
    if due.required_channel:
        return [due.required_channel]
    return slot.channels


@citizen_required
def book_details(request: HttpRequest, citizen: Citizen, interview: int) -> HttpResponse:
    """Step 2: channel, topic and the a-kasse's participation; confirming books the time."""
    try:
        due = due_interview(citizen, interview)
    except BookingRuleError as error:
        return _refused(request, error)
    data = request.POST if request.method == "POST" else None
    slot = _slot_of(due, (data or request.GET).get("tid"))
    if slot is None:
        return redirect("selfservice:book", interview=interview)
    ask_akasse = due.holder == "jobcenter" and due.joint == "optional"
    form = BookingDetailsForm(
        data,
        initial={"tid": slot.pk},
        channels=_channels(due, slot),
        ask_akasse=ask_akasse,
    )
    nearest: list[Slot] = []
    taken = False
    if data is not None and form.is_valid():
        try:
            booking = booking_create(
                actor=_actor(request),
                citizen=citizen,
                slot_id=slot.pk,
                interview=interview,
                channel=form.cleaned_data["channel"],
                topic=form.cleaned_data["topic"],
                topic_text=form.cleaned_data["topic_text"],
                akasse_participates=form.akasse_choice,
            )
        except SlotTaken as error:
            taken = True
            form.add_error(None, error.message(_lang()))
            nearest = selectors.nearest_free(citizen, interview, slot.start)
        except BookingRuleError as error:
            form.add_error(None, error.message(_lang()))
        else:
            return redirect("selfservice:receipt", booking_id=booking.pk)
    return render(
        request,
        "selfservice/book_details.html",
        {
            "citizen": citizen,
            "due": due,
            "slot": slot,
            "form": form,
            "taken": taken,
            "nearest": nearest,
            "nearest_target": TID_TARGET if taken else None,
            "steps": _steps(2),
            "channel_reason": _first_interview_reason(due),
        },
    )


@citizen_required
def receipt(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    """Step 3: what was booked, with the calendar file."""
    booking = selectors.own_booking(citizen, booking_id)
    return render(
        request,
        "selfservice/receipt.html",
        {"citizen": citizen, "booking": booking, "steps": _steps(3), **_meeting(booking)},
    )


# --- Meetings ------------------------------------------------------------------------------


def _meeting(booking: Booking) -> dict[str, Any]:
    now = timezone.now()
    changeable = booking.status == Booking.Status.LIVE and (
        booking.changeable_until is None or now <= booking.changeable_until
    )
    return {
        "place": meeting_place(booking),
        "changeable": changeable,
        "upcoming": booking.status == Booking.Status.LIVE and booking.end > now,
    }


@citizen_required
def meetings(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    now = timezone.now()
    rows = list(selectors.own_meetings(citizen))
    upcoming = [b for b in rows if b.status == Booking.Status.LIVE and b.end > now]
    past = [b for b in reversed(rows) if b not in upcoming]
    return render(
        request,
        "selfservice/meetings.html",
        {"citizen": citizen, "upcoming": upcoming, "past": past},
    )


@citizen_required
def meeting(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    booking = selectors.own_booking(citizen, booking_id)
    if booking.status == Booking.Status.REBOOKED and hasattr(booking, "replaced_by"):
        return redirect("selfservice:meeting", booking_id=booking.replaced_by.pk)
    return render(
        request,
        "selfservice/meeting.html",
        {
            "citizen": citizen,
            "booking": booking,
            "preparation": selectors.preparation_for(citizen, booking),
            **_meeting(booking),
        },
    )


@require_GET
@citizen_required
def meeting_ics_download(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    """The meeting as a calendar file, with the same UID and SEQUENCE as the e-mail receipt's,
    so importing both gives one entry."""
    booking = selectors.own_booking(citizen, booking_id)
    if booking.status == Booking.Status.REBOOKED:
        raise Http404
    language = _lang()
    with translation.override(language):
        body = meeting_ics(
            booking,
            summary=meeting_title(booking),
            location=meeting_place(booking),
            description=meeting_description(booking, language),
            cancel=booking.status == Booking.Status.CANCELLED,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="samtale-{booking.interview}.ics"'
    return response


@citizen_required
def meeting_rebook(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    booking = selectors.own_booking(citizen, booking_id)
    if booking.status != Booking.Status.LIVE:
        return redirect("selfservice:meeting", booking_id=booking.pk)
    try:
        due = due_interview(citizen, booking.interview)
    except BookingRuleError as error:
        return _refused(request, error)
    form = SlotChoiceForm(_posted(request))
    nearest: list[Slot] = []
    if request.method == "POST" and form.is_valid():
        chosen_id = form.cleaned_data["tid"]
        try:
            new = booking_rebook(actor=_actor(request), booking=booking, slot_id=chosen_id)
        except SlotTaken as error:
            form.add_error("tid", error.message(_lang()))
            chosen = Slot.objects.filter(pk=chosen_id).first()
            if chosen is not None:
                nearest = selectors.nearest_free(citizen, booking.interview, chosen.start)
        except Slot.DoesNotExist:
            form.add_error("tid", _("Vælg en tid i kalenderen."))
        except BookingRuleError as error:
            form.add_error("tid", error.message(_lang()))
        else:
            messages.success(request, _("Dit møde er flyttet. Du får en kvittering."))
            return redirect("selfservice:meeting", booking_id=new.pk)
    return render(
        request,
        "selfservice/rebook.html",
        {
            "citizen": citizen,
            "booking": booking,
            "due": due,
            "form": form,
            "nearest": nearest,
            "calendar": _calendar_week(request, citizen, due),
            **_meeting(booking),
        },
    )


@citizen_required
def meeting_cancel(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    booking = selectors.own_booking(citizen, booking_id)
    if booking.status != Booking.Status.LIVE:
        return redirect("selfservice:meeting", booking_id=booking.pk)
    plan = plan_current(citizen)
    form = CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(
                actor=_actor(request),
                booking=booking,
                lawful_absence=form.cleaned_data["lawful_absence"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except BookingRuleError as error:
            form.add_error(None, error.message(_lang()))
        else:
            messages.success(request, _("Du har meldt afbud. Du får en kvittering."))
            return redirect("selfservice:meeting", booking_id=booking.pk)
    return render(
        request,
        "selfservice/cancel.html",
        {
            "citizen": citizen,
            "booking": booking,
            "form": form,
            "dagpenge": _is_dagpenge(plan),
            **_meeting(booking),
        },
    )


# --- Preparation ---------------------------------------------------------------------------


def _preparation(
    request: HttpRequest, citizen: Citizen, booking: Booking | None, url: str
) -> HttpResponse:
    note = selectors.preparation_for(citizen, booking)
    initial = {name: getattr(note, name) for name in PREPARATION_FIELDS} if note else {}
    form = PreparationForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        preparation_save(citizen=citizen, booking=booking, answers=form.cleaned_data)
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "selfservice/_saved.html", {"at": timezone.now()})
        messages.success(request, _("Din forberedelse er gemt."))
        return redirect(url)
    if request.method == "POST" and request.htmx:  # type: ignore[attr-defined]
        return render(request, "selfservice/_saved.html", {"failed": True}, status=422)
    return render(
        request,
        "selfservice/preparation.html",
        {"citizen": citizen, "booking": booking, "form": form, "note": note, "url": url},
    )


@citizen_required
def preparation(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    return _preparation(request, citizen, None, reverse("selfservice:preparation"))


@citizen_required
def meeting_preparation(request: HttpRequest, citizen: Citizen, booking_id: int) -> HttpResponse:
    booking = selectors.own_booking(citizen, booking_id)
    url = reverse("selfservice:meeting_preparation", args=[booking.pk])
    return _preparation(request, citizen, booking, url)


# --- Asking for an interview ---------------------------------------------------------------


@citizen_required
def interview_request(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    plan = plan_current(citizen)
    start = selectors.individual_assessment_from(plan)
    allowed = start is not None and today() >= start
    form = InterviewRequestForm(_posted(request))
    if request.method == "POST" and allowed and form.is_valid():
        interview_request_create(citizen=citizen, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("Din anmodning er sendt. Din sagsbehandler kontakter dig for at finde en tid."),
        )
        return redirect("selfservice:interview_request")
    return render(
        request,
        "selfservice/interview_request.html",
        {
            "citizen": citizen,
            "plan": plan,
            "allowed": allowed,
            "assessment_from": start,
            "form": form,
            "open_requests": list(selectors.open_interview_requests(citizen)),
        },
    )


# --- Messages and settings -----------------------------------------------------------------


@citizen_required
def inbox(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    page = Paginator(selectors.own_messages(citizen), 25).get_page(request.GET.get("side"))
    return render(request, "selfservice/inbox.html", {"citizen": citizen, "page": page})


@citizen_required
def message(request: HttpRequest, citizen: Citizen, message_id: int) -> HttpResponse:
    shown = selectors.own_message(citizen, message_id)
    return render(request, "selfservice/message.html", {"citizen": citizen, "shown": shown})


@citizen_required
def settings_page(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    initial = {
        "language": citizen.language,
        "email": citizen.email,
        "mobile": citizen.mobile,
        "notify": [
            name
            for name, on in (("email", citizen.notify_by_email), ("sms", citizen.notify_by_sms))
            if on
        ],
    }
    form = SettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen_preferences_update(
            citizen=citizen,
            language=data["language"],
            email=data["email"],
            mobile=data["mobile"],
            notify_by_email="email" in data["notify"],
            notify_by_sms="sms" in data["notify"],
        )
        translation.activate(data["language"])
        request.session["language"] = data["language"]
        messages.success(request, _("Dine indstillinger er gemt."))
        response = redirect("selfservice:settings")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
    return render(request, "selfservice/settings.html", {"citizen": citizen, "form": form})


# --- Who has seen my data ------------------------------------------------------------------


@citizen_required
def citizen_access_log(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    page = Paginator(access_log_for_citizen(citizen), 50).get_page(request.GET.get("side"))
    return render(
        request, "selfservice/citizen_access_log.html", {"citizen": citizen, "page": page}
    )
