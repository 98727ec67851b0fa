"""The actions on a citizen's case, each a small form on its own page (works without JavaScript).

Views are thin: they get the citizen through the access gate, validate the form, call one service
and go back to the case with a receipt. A refusal by the rules is shown at the form in the user's
language, and nothing is changed. Only the organisation that holds an interview may set its
booking deadline, summon to it or record its outcome: the booking services enforce it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.models import Booking, Channel, Slot
from kontaktforloeb.booking.selectors import booking_get
from kontaktforloeb.booking.services import (
    booking_create,
    deadline_issue,
    meeting_record_outcome,
    selfbooking_change,
)
from kontaktforloeb.booking.slots import COPENHAGEN
from kontaktforloeb.cases.models import Citizen, InterviewRequest
from kontaktforloeb.cases.owners import NotOwner, may_record
from kontaktforloeb.cases.plans import plan_current, today
from kontaktforloeb.cases.selectors import citizen_get
from kontaktforloeb.cases.services import case_facts_record
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError, EventError, format_date
from kontaktforloeb.web.views import staff_required

from .forms import (
    DeadlineForm,
    GroupForm,
    JobStartForm,
    OutcomeForm,
    PaymentForm,
    PlannedInterviewForm,
    RegistrationForm,
    RequestHandledForm,
    SelfbookingForm,
    SicknessForm,
    SummonsForm,
)
from .services import interview_request_handle, planned_interview_create

# How far ahead the summons form offers the organisation's free times.
SUMMONS_DAYS_AHEAD = 28
SUMMONS_MAX_SLOTS = 120
# A proposed deadline: the citizen books by 3 days before the target date (never under the legal
# minimum of 8 days), and the meeting may lie up to a week after it, within the legal deadline.
PROPOSAL_DAYS_BEFORE_TARGET = 3
PROPOSAL_DAYS_AFTER_TARGET = 7
MINIMUM_DEADLINE_DAYS = 8
DUE_STATUSES = ("open", "upcoming", "overdue")
SAVE = _("Gem")


def language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def case_citizen(actor: Actor, citizen_id: int) -> Citizen:
    """The citizen through the access gate; reading the case to act on it is logged."""
    return citizen_get(actor=actor, citizen_id=citizen_id, what="case", why="Sagen åbnet")


def holder_of(actor: Actor) -> str:
    """The holder id of the actor's organisation in the plan (another actor: R73)."""
    organisation = actor.organisation
    return organisation.holder if organisation is not None else "jobcenter"


def _case_url(citizen: Citizen) -> str:
    return reverse("web:case_detail", args=[citizen.pk])


def _fields(form: forms.Form) -> list[tuple[forms.BoundField, str]]:
    """Each field with how to draw it: radio buttons in a fieldset, or a plain field."""
    rows = []
    for field in form:
        widget = field.field.widget
        kind = "radio" if isinstance(widget, forms.RadioSelect) else "field"
        rows.append((field, kind))
    return rows


def _page(
    request: HttpRequest,
    citizen: Citizen,
    form: forms.Form,
    *,
    title: Any,
    intro: Any = "",
    submit: Any = SAVE,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "citizen": citizen,
        "form": form,
        "fields": _fields(form),
        "title": title,
        "intro": intro,
        "submit": submit,
        "back": request.GET.get("fra", ""),
        **(extra or {}),
    }
    return render(request, "workspace/actions/form.html", context, status=status)


def _refuse(form: forms.Form, error: BookingRuleError, field: str | None = None) -> None:
    form.add_error(field, error.message(language()))


def _when(day: date) -> str:
    return format_date(day, language(), weekday=True)


# --- The plan's interviews, as the forms offer them --------------------------------------------


def due_interviews(citizen: Citizen, holder: str) -> list[dict[str, Any]]:
    """The plan's interviews the holder still has to hold (not booked, not held)."""
    document = plan_current(citizen).document("da")
    return [
        interview
        for interview in document.get("interviews", [])
        if interview["holder"] == holder and interview["status"] in DUE_STATUSES
    ]


def _interview_choices(interviews: list[dict[str, Any]]) -> list[tuple[str, str]]:
    choices = []
    for interview in interviews:
        label = gettext("Samtale %(number)s, senest %(deadline)s") % {
            "number": interview["number"],
            "deadline": _when(date.fromisoformat(interview["deadline"])),
        }
        choices.append((str(interview["number"]), label))
    return choices


@dataclass(frozen=True)
class Proposal:
    interview: int
    deadline: date
    last_meeting_date: date

    def query(self) -> str:
        return urlencode(
            {
                "samtale": str(self.interview),
                "frist": f"{self.deadline:%d-%m-%Y}",
                "sidste": f"{self.last_meeting_date:%d-%m-%Y}",
            }
        )


def deadline_proposal(citizen: Citizen, holder: str) -> Proposal | None:
    """The next interview's booking deadline as the caseworker would likely set it, from the
    plan's target date; None when there is nothing to propose (no self-booking, an open deadline
    already, or nothing due)."""
    document = plan_current(citizen).document("da")
    selfbooking = document.get("selfbooking", {})
    if not selfbooking.get("required"):
        return None
    open_for = {d["interview"] for d in selfbooking.get("open_deadlines", [])}
    on = today()
    for interview in due_interviews(citizen, holder):
        if interview["number"] in open_for or not interview["target_date"]:
            continue
        target = date.fromisoformat(interview["target_date"])
        legal = date.fromisoformat(interview["deadline"])
        deadline = max(
            on + timedelta(days=MINIMUM_DEADLINE_DAYS),
            target - timedelta(days=PROPOSAL_DAYS_BEFORE_TARGET),
        )
        last = max(deadline, min(legal, target + timedelta(days=PROPOSAL_DAYS_AFTER_TARGET)))
        return Proposal(interview["number"], deadline, last)
    return None


# --- Booking deadline and summons --------------------------------------------------------------


def _date_initial(value: str) -> str:
    return value if value and len(value) <= 10 else ""


@staff_required
def deadline_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    choices = _interview_choices(due_interviews(citizen, holder_of(actor)))
    initial = {
        "interview": request.GET.get("samtale", ""),
        "deadline": _date_initial(request.GET.get("frist", "")),
        "last_meeting_date": _date_initial(request.GET.get("sidste", "")),
    }
    form = DeadlineForm(
        request.POST if request.method == "POST" else None, interviews=choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deadline_issue(
                actor=actor,
                citizen=citizen,
                interview=int(data["interview"]),
                deadline=data["deadline"],
                last_meeting_date=data["last_meeting_date"],
            )
        except BookingRuleError as error:
            field = "deadline" if error.rule == "R22" and "8" in error.message_da else None
            _refuse(form, error, field)
        else:
            messages.success(
                request,
                gettext("Fristen er givet: borgeren skal booke samtale %(number)s senest %(date)s.")
                % {"number": data["interview"], "date": _when(data["deadline"])},
            )
            return _after(request, citizen)
    intro = _(
        "Borgeren får besked om fristen og booker selv en tid. Er der under 8 dage til, "
        "så indkald borgeren i stedet."
    )
    if not choices:
        intro = _("Der er ingen samtaler, som din organisation mangler at holde eller booke.")
    return _page(
        request,
        citizen,
        form,
        title=_("Giv frist for at booke"),
        intro=intro,
        submit=_("Giv frist"),
        extra={"summons_link": True},
    )


def _after(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    if request.GET.get("fra") == "dag":
        return redirect("workspace:meetings_day")
    return redirect(_case_url(citizen))


def _free_slots(actor: Actor, citizen: Citizen) -> list[Slot]:
    """The organisation's free times from now over the coming weeks (short notice allowed, R27)."""
    now = timezone.now()
    live = Booking.objects.filter(slot=OuterRef("pk"), status=Booking.Status.LIVE)
    return list(
        Slot.objects.filter(
            organisation=actor.organisation,
            start__gt=now,
            start__lt=now + timedelta(days=SUMMONS_DAYS_AHEAD),
            blocked=False,
        )
        .filter(~Exists(live))
        .select_related("caseworker")
        .order_by("start", "pk")[:SUMMONS_MAX_SLOTS]
    )


def _slot_label(slot: Slot) -> str:
    start = timezone.localtime(slot.start, COPENHAGEN)
    clock = f"kl. {start:%H.%M}" if language() == "da" else f"{start:%H:%M}"
    channels = ", ".join(str(Channel(c).label).lower() for c in slot.channels)
    caseworker = slot.caseworker.get_full_name() or slot.caseworker.get_username()
    return f"{_when(start.date())} {clock}, {caseworker} ({channels})"


@staff_required
def summons_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    interviews = _interview_choices(due_interviews(citizen, holder_of(actor)))
    slots = [(str(slot.pk), _slot_label(slot)) for slot in _free_slots(actor, citizen)]
    form = SummonsForm(
        request.POST if request.method == "POST" else None,
        interviews=interviews,
        slots=slots,
        initial={"interview": request.GET.get("samtale", ""), "channel": Channel.IN_PERSON},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = booking_create(
                actor=actor,
                citizen=citizen,
                slot_id=int(data["slot"]),
                interview=int(data["interview"]),
                channel=data["channel"],
                topic=data["topic"],
                topic_text=data["topic_text"],
                summons=True,
            )
        except Slot.DoesNotExist:
            form.add_error("slot", gettext("Tiden findes ikke. Vælg en anden tid."))
        except BookingRuleError as error:
            field = "channel" if error.rule == "R19" else "slot"
            _refuse(form, error, field)
        else:
            messages.success(
                request,
                gettext("Borgeren er indkaldt til samtale %(number)s %(when)s.")
                % {"number": booking.interview, "when": _slot_label(booking.slot)},
            )
            return _after(request, citizen)
    intro = _(
        "Vælg en ledig tid i din organisation. Du kan indkalde med kort varsel; borgeren "
        "får besked med det samme."
    )
    if not interviews:
        intro = _("Der er ingen samtaler, som din organisation mangler at holde eller booke.")
    elif not slots:
        intro = _(
            "Din organisation har ingen ledige tider de næste fire uger. Opret tider i "
            "kalenderen først."
        )
    return _page(
        request, citizen, form, title=_("Indkald til samtale"), intro=intro, submit=_("Indkald")
    )


# --- Meeting outcome ---------------------------------------------------------------------------


@staff_required
def outcome_new(
    request: HttpRequest, actor: Actor, citizen_id: int, booking_id: int
) -> HttpResponse:
    booking = booking_get(actor=actor, booking_id=booking_id, what="meeting", why="Sagen åbnet")
    if booking.citizen_id != citizen_id:
        raise Http404
    citizen = booking.citizen
    # The day view posts each meeting's form with its own prefix, so ids stay unique there.
    prefix = request.POST.get("form_prefix", "")
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        initial={"channel": booking.channel},
        prefix=prefix if re.fullmatch(r"b\d+", prefix) else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_record_outcome(
                actor=actor,
                booking=booking,
                outcome=data["outcome"],
                channel=data["channel"] or None,
                notes=form.notes_text(),
                lawful_absence=data.get("lawful_absence") == "yes",
                contact_date=data.get("contact_date"),
            )
        except BookingRuleError as error:
            _refuse(form, error)
        else:
            messages.success(request, gettext("Udfaldet af mødet er registreret."))
            proposal = deadline_proposal(citizen, booking.holder)
            if proposal is not None:
                messages.info(
                    request,
                    gettext(
                        "Forslag: giv frist for at booke den næste samtale. Ret datoerne, "
                        "hvis det er nødvendigt."
                    ),
                )
                url = reverse("workspace:deadline_new", args=[citizen.pk])
                back = "&fra=dag" if request.GET.get("fra") == "dag" else ""
                return redirect(f"{url}?{proposal.query()}{back}")
            return _after(request, citizen)
    start = timezone.localtime(booking.start, COPENHAGEN)
    clock = f"kl. {start:%H.%M}" if language() == "da" else f"{start:%H:%M}"
    return _page(
        request,
        citizen,
        form,
        title=gettext("Registrér udfald af samtale %(number)s") % {"number": booking.interview},
        intro=gettext("Mødet %(day)s %(clock)s.") % {"day": _when(start.date()), "clock": clock},
        submit=_("Registrér"),
    )


# --- Self-booking and the raw events of the case -----------------------------------------------


@staff_required
def selfbooking_edit(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    form = SelfbookingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            selfbooking_change(
                actor=actor, citizen=citizen, change=data["change"], reason=data["reason"]
            )
        except BookingRuleError as error:
            _refuse(form, error, "reason")
        else:
            messages.success(request, gettext("Ændringen af selvbooking er registreret."))
            return _after(request, citizen)
    return _page(
        request,
        citizen,
        form,
        title=_("Selvbooking"),
        intro=_(
            "Fritagelse sker på borgerens anmodning (for eksempel ved meget svage "
            "it-færdigheder eller sprogbarrierer). Fritagelse og fratagelse lukker åbne "
            "frister; borgeren indkaldes derefter."
        ),
    )


@dataclass(frozen=True)
class EventAction:
    form: type[forms.Form]
    title: Any
    intro: Any
    done: Any
    # The fact the form records: only its owner gets the form (`cases.owners`).
    fact: str


EVENT_ACTIONS: dict[str, EventAction] = {
    "ydelse": EventAction(
        GroupForm,
        _("Ny ydelse eller målgruppe"),
        _(
            "Et skift mellem kontanthjælp og kontanthjælp til uddannelsesparate eller "
            "aktivitetsparate under 30 uden uddannelse (tidligere uddannelseshjælp) starter en ny "
            "periode på seks måneder."
        ),
        _("Skiftet er registreret."),
        "group_changed",
    ),
    "sygdom": EventAction(
        SicknessForm,
        _("Sygemelding"),
        _("En frist, der udløber under sygdom, gives igen dagen efter sygdommen."),
        _("Sygemeldingen er registreret."),
        "sick",
    ),
    "job": EventAction(
        JobStartForm,
        _("Start i job, barsel eller pension"),
        _("Starter borgeren inden for seks uger, skal der ikke søges job de sidste seks uger."),
        _("Starten er registreret."),
        "job_start_documented",
    ),
    "tilmelding": EventAction(
        RegistrationForm,
        _("Afmelding og tilmelding"),
        _("En ny tilmelding efter en afmelding for en overskredet frist giver en ny frist."),
        _("Ændringen er registreret."),
        "deregistered",  # and re-registration: the same owner (R25)
    ),
    "udbetaling": EventAction(
        PaymentForm,
        _("Udbetalte dagpenge"),
        _(
            "Udbetalte timer flytter datoerne for dagpengemodtagerens samtaler og overgangen til "
            "kommunen."
        ),
        _("Udbetalingen er registreret."),
        "dagpenge_paid",
    ),
}


@staff_required
def event_new(request: HttpRequest, actor: Actor, citizen_id: int, action: str) -> HttpResponse:
    spec = EVENT_ACTIONS.get(action)
    if spec is None:
        raise Http404
    citizen = case_citizen(actor, citizen_id)
    # Another organisation that sees the citizen does not record this fact: no form (404).
    if not may_record(actor=actor, citizen=citizen, event_type=spec.fact):
        raise Http404
    form = spec.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        event = form.event(today()) if isinstance(form, JobStartForm) else form.event()  # type: ignore[attr-defined]
        try:
            case_facts_record(actor=actor, citizen=citizen, events=[event])
        except NotOwner as error:
            raise Http404 from error
        except EventError:
            form.add_error(None, gettext("Oplysningerne kunne ikke registreres. Tjek datoerne."))
        else:
            messages.success(request, str(spec.done))
            return _after(request, citizen)
    return _page(request, citizen, form, title=spec.title, intro=spec.intro)


# --- After six months: planned interviews and the citizen's requests ---------------------------


@staff_required
def planned_new(request: HttpRequest, actor: Actor, citizen_id: int) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    form = PlannedInterviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            planned_interview_create(
                actor=actor,
                citizen=citizen,
                on=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except BookingRuleError as error:
            _refuse(form, error, "date" if "dato" in error.message_da.lower() else "reason")
        else:
            messages.success(request, gettext("Samtalen er planlagt."))
            return _after(request, citizen)
    return _page(
        request,
        citizen,
        form,
        title=_("Planlæg samtale efter individuel vurdering"),
        intro=_(
            "Efter seks måneders ledighed planlægger du samtalerne ud fra en individuel "
            "vurdering. Din organisation holder samtalen; begrundelsen står i planen."
        ),
        submit=_("Planlæg"),
    )


@staff_required
def request_handle(
    request: HttpRequest, actor: Actor, citizen_id: int, request_id: int
) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    row = InterviewRequest.objects.filter(pk=request_id, citizen=citizen).first()
    if row is None:
        raise Http404
    form = RequestHandledForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            interview_request_handle(actor=actor, request=row, note=form.cleaned_data["note"])
        except BookingRuleError as error:
            _refuse(form, error, "note")
        else:
            messages.success(request, gettext("Anmodningen er markeret som behandlet."))
            return _after(request, citizen)
    return _page(
        request,
        citizen,
        form,
        title=_("Behandl anmodning om samtale"),
        intro=row.reason,
        submit=_("Markér som behandlet"),
    )
