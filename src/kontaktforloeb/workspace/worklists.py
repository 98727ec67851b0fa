"""The caseworker's worklists: who needs the organisation now, and why.

Each worklist is a selector over indexed rows, scoped to the actor's organisation before anything
else: plan rows (`PlanItem`) through their copied `jobcenter`/`akasse` columns, which hold the same
answer as the citizen gate `citizens_visible_to` (a jobcentre: its municipality's citizens; an
a-kasse: its members) without joining the whole population; bookings through the organisation
that holds them; interview requests through the citizen's jobcentre or a-kasse.

On top of that an a-kasse sees only what belongs to the a-kasse period of its members: interviews
it holds and the joint interviews it takes part in, dagpenge consequences (never a deduction in
kontant- or uddannelseshjælp), and requests for an interview while the member is on dagpenge and
not yet handed over. A member's kontanthjælp period is the jobcentre's alone.

A list answers three things for a page: `count` (one aggregate query), `rows` (a queryset to
paginate, sorted by a whitelisted `?sort=` key) and, for each row, `why` it is there in plain words
with the date.

No-shows: the lawful-absence judgement is recorded together with the no-show
(`meeting_record_outcome(..., lawful_absence=...)`), so no no-show waits for a first judgement.
The no-show list is therefore the organisation's no-shows of the last 14 days, for review: the
judgement can be corrected with a new event while the consequence is still fresh.

Consequences: the organisation that pays the benefit decides each consequence with a reason
(`cases.consequences`: the a-kasse its members' dagpenge consequences, the municipality the
deduction basis), recorded as `consequence_decided` and pointed to by the plan row. The list opens
on those awaiting a decision: not decided yet, and still running (no end date) or begun within the
last 30 days. Its filter also shows the decided ones, each with what was decided, by whom, when
and why.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.models import Booking
from kontaktforloeb.cases.consequences import decided_by, decider
from kontaktforloeb.cases.models import InterviewRequest, PlanItem
from kontaktforloeb.cases.selectors import plan_items_of
from kontaktforloeb.cv.selectors import cvs_awaiting_approval
from kontaktforloeb.joblog.selectors import joblogs_inactive
from kontaktforloeb.offers.selectors import recommendations_awaiting_decision
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.web import words
from kontaktforloeb.web.templatetags.kf import clock, longdate

DEFAULT_DUE_DAYS = 14
MAX_DUE_DAYS = 120
NO_SHOW_REVIEW_DAYS = 14
CONSEQUENCE_RECENT_DAYS = 30
PAGE_SIZE = 25

# Consequences that follow from dagpenge (R25 deregistration, R48 lost day); a deduction basis
# (R26, R49) is kontant- or uddannelseshjælp and the jobcentre's alone.
DAGPENGE_CONSEQUENCES = ("deregistered", "lost_day")


def month_bounds(day: date, months_ahead: int = 0) -> tuple[date, date]:
    """The first and last day of the month `months_ahead` after `day`'s month."""
    year, month = divmod(day.year * 12 + day.month - 1 + months_ahead, 12)
    first = date(year, month + 1, 1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class Scope:
    """Who the actor is, as the worklists need it."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        user = actor.user
        self.organisation: Organisation | None = actor.organisation
        self.everything = bool(actor.operator) or (
            user is not None and user.role == User.Role.ADMINISTRATOR
        )
        self.nothing = actor.is_citizen or (self.organisation is None and not self.everything)

    @property
    def is_akasse(self) -> bool:
        return self.organisation is not None and self.organisation.is_akasse

    @property
    def is_jobcenter(self) -> bool:
        return self.organisation is not None and self.organisation.is_jobcenter

    @property
    def is_anden_aktoer(self) -> bool:
        return self.organisation is not None and self.organisation.is_anden_aktoer

    def plan_items(self) -> QuerySet[PlanItem]:
        items = PlanItem.objects.all()
        if self.nothing:
            return items.none()
        if self.everything:
            return items
        if self.is_jobcenter:
            return items.filter(jobcenter=self.organisation)
        if self.is_anden_aktoer:  # R73: its citizens during its period, through the one gate
            return plan_items_of(self.actor)
        return items.filter(akasse=self.organisation)


@dataclass(frozen=True)
class Row:
    """One line of a worklist: whose case, what, when, and why it is on the list."""

    citizen_id: int
    citizen_name: str
    what: str
    when: date | None
    why: str
    status: str = ""
    extra: str = ""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | Promise


@dataclass(frozen=True)
class Filter:
    name: str
    label: str | Promise
    choices: list[Choice]
    value: str


# The start page counts each list up to this many rows.
COUNT_CAP = 1000


@dataclass
class Worklist:
    """A worklist: its address, title, how to find its rows, and how to explain each row."""

    slug: str
    title: str | Promise
    description: str | Promise
    date_label: str | Promise
    # (scope, on, params) -> the unsorted rows; params are the validated filter values.
    select: Callable[[Scope, date, Mapping[str, str]], QuerySet[Any]]
    explain: Callable[[Any, date], Row]
    # sort key -> order_by fields, ascending; "-key" reverses.
    sorts: dict[str, tuple[str, ...]]
    default_sort: str
    filters: Callable[[Scope, Mapping[str, str]], list[Filter]] = field(
        default=lambda scope, params: []
    )
    related: tuple[str, ...] = ("citizen",)
    visible: Callable[[Scope], bool] = field(default=lambda scope: True)
    shows_status: bool = False

    def count(self, scope: Scope, on: date) -> int:
        """The size of the list as it opens, with every filter at its default, counted up to
        `COUNT_CAP` (the start page says "1000+"): the cost stays bounded in a large
        municipality, and nobody works down more than that from a number."""
        return self.select(scope, on, {}).order_by()[:COUNT_CAP].count()

    def rows(self, scope: Scope, on: date, params: Mapping[str, str], sort: str) -> QuerySet[Any]:
        key = sort.removeprefix("-")
        if key not in self.sorts:
            sort, key = self.default_sort, self.default_sort.removeprefix("-")
        fields = self.sorts[key]
        if sort.startswith("-"):
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return self.select(scope, on, params).select_related(*self.related).order_by(*fields)

    def sort_key(self, sort: str) -> str:
        return sort if sort.removeprefix("-") in self.sorts else self.default_sort


# --- Plan-row lists ---------------------------------------------------------------------------


def _holder_name(holder: str, day: date | datetime | None) -> str:
    """`a-kassen`, or `kommunen` / `jobcentret` in the words of `day` (R68)."""
    return words.holder_name(holder, day, get_language() or "da", yours=False)


def _interview_what(item: PlanItem) -> str:
    what = gettext("Samtale %(number)s med %(holder)s") % {
        "number": item.number,
        "holder": _holder_name(item.holder, item.deadline),
    }
    if item.joint == "required":
        what += " " + gettext("(fælles samtale)")
    return what


def _holder_filter(scope: Scope, query: Mapping[str, str]) -> list[Filter]:
    if not (scope.is_jobcenter or scope.everything):
        return []
    return [
        Filter(
            "holder",
            _("Holdes af"),
            [
                Choice("jobcenter", _("Kommunen")),
                Choice("akasse", _("A-kassen")),
                Choice("alle", _("Alle")),
            ],
            query.get("holder", ""),
        )
    ]


def _interviews(scope: Scope, params: Mapping[str, str]) -> QuerySet[PlanItem]:
    items = scope.plan_items().filter(kind=PlanItem.Kind.INTERVIEW)
    if scope.is_akasse:
        return items.filter(Q(holder="akasse") | Q(joint="required"))
    if scope.is_anden_aktoer:
        return items.filter(holder="anden_aktoer")
    holder = params.get("holder", "jobcenter" if scope.is_jobcenter else "alle")
    if holder in ("akasse", "jobcenter"):
        items = items.filter(holder=holder)
    return items


def _due_days(query: Mapping[str, str]) -> str:
    value = query.get("dage", "")
    if value.isdigit() and 1 <= int(value) <= MAX_DUE_DAYS:
        return str(int(value))
    return str(DEFAULT_DUE_DAYS)


def _due_filters(scope: Scope, query: Mapping[str, str]) -> list[Filter]:
    days = _due_days(query)
    options = sorted({7, 14, 30, 60, int(days)})
    choices = [Choice(str(n), _days(n)) for n in options]
    # The default first, so an unknown value falls back to it.
    choices.sort(key=lambda choice: choice.value != str(DEFAULT_DUE_DAYS))
    return [Filter("dage", _("Frist inden for"), choices, days), *_holder_filter(scope, query)]


def _days(n: int) -> str:
    return ngettext("%(n)s dag", "%(n)s dage", n) % {"n": n}


def _select_due(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[PlanItem]:
    days = int(params.get("dage", DEFAULT_DUE_DAYS))
    return _interviews(scope, params).filter(
        status__in=["open", "upcoming"],
        deadline__gte=on,
        deadline__lte=on + timedelta(days=days),
    )


def _explain_due(item: PlanItem, on: date) -> Row:
    left = (item.deadline - on).days if item.deadline else 0
    if left == 0:
        why = gettext("Skal holdes senest i dag, %(date)s, og er ikke booket.")
    elif left == 1:
        why = gettext("Skal holdes senest i morgen, %(date)s, og er ikke booket.")
    else:
        why = gettext("Skal holdes senest %(date)s, om %(days)s dage, og er ikke booket.")
    return Row(
        citizen_id=item.citizen_id,
        citizen_name=item.citizen.name,
        what=_interview_what(item),
        when=item.deadline,
        why=why % {"date": longdate(item.deadline), "days": left},
        status=item.status,
    )


def _select_overdue(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[PlanItem]:
    return _interviews(scope, params).filter(status="overdue")


def _explain_overdue(item: PlanItem, on: date) -> Row:
    days = (on - item.deadline).days if item.deadline else 0
    why = gettext(
        "Fristen var %(date)s (%(days)s dage siden), og samtalen er ikke holdt."
        if days != 1
        else "Fristen var %(date)s (i går), og samtalen er ikke holdt."
    )
    return Row(
        citizen_id=item.citizen_id,
        citizen_name=item.citizen.name,
        what=_interview_what(item),
        when=item.deadline,
        why=why % {"date": longdate(item.deadline), "days": days},
        status=item.status,
    )


_CONSEQUENCE_NAMES = {
    "deregistered": pgettext_lazy("consequence", "Afmeldt som jobsøgende (selvbookingsfrist)"),
    "deduction_basis": pgettext_lazy("consequence", "Grundlag for fradrag i hjælpen"),
    "lost_day": pgettext_lazy("consequence", "Mistet dagpengedag (udeblivelse eller afbud)"),
}


def consequence_name(subtype: str) -> str:
    return str(_CONSEQUENCE_NAMES.get(subtype, subtype))


def _consequence_filters(scope: Scope, query: Mapping[str, str]) -> list[Filter]:
    kinds = DAGPENGE_CONSEQUENCES if scope.is_akasse else tuple(_CONSEQUENCE_NAMES)
    return [
        Filter(
            "type",
            _("Konsekvens"),
            [Choice("alle", _("Alle")), *(Choice(k, _CONSEQUENCE_NAMES[k]) for k in kinds)],
            query.get("type", ""),
        ),
        Filter(
            "afgoerelse",
            _("Afgørelse"),
            [
                Choice("venter", _("Venter på afgørelse")),
                Choice("afgjort", _("Afgjort")),
                Choice("alle", _("Alle")),
            ],
            query.get("afgoerelse", ""),
        ),
    ]


def _select_consequences(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[PlanItem]:
    items = (
        scope.plan_items()
        .filter(kind=PlanItem.Kind.CONSEQUENCE)
        .filter(Q(status="open") | Q(earliest__gte=on - timedelta(days=CONSEQUENCE_RECENT_DAYS)))
    )
    decided = params.get("afgoerelse", "venter")
    if decided == "venter":
        items = items.filter(decision__isnull=True)
    elif decided == "afgjort":
        items = items.filter(decision__isnull=False)
    kind = params.get("type", "alle")
    # One condition on `subtype`: with both the a-kasse's kinds and the chosen one the planner
    # multiplies their selectivities, expects a handful of rows, and joins and sorts all of them.
    if scope.is_akasse and kind not in DAGPENGE_CONSEQUENCES:
        if kind in _CONSEQUENCE_NAMES:
            return items.none()
        return items.filter(subtype__in=DAGPENGE_CONSEQUENCES)
    if kind in _CONSEQUENCE_NAMES:
        items = items.filter(subtype=kind)
    return items


def _reason(item: PlanItem) -> str:
    english = (get_language() or "da").startswith("en")
    texts = [r["en"] if english else r["da"] for r in item.because[:1]]
    return " ".join(texts)


_DECISIONS = {
    "imposed": pgettext_lazy("consequence", "Gennemført"),
    "not_imposed": pgettext_lazy("consequence", "Ikke gennemført"),
}


def decision_text(event: Any) -> str:
    """What was decided, by whom, when and why: one sentence for a row or the case page."""
    decision = str(_DECISIONS.get(event.data.get("decision"), event.data.get("decision")))
    return gettext("%(decision)s %(date)s af %(who)s: »%(reason)s«") % {
        "decision": decision,
        "date": longdate(event.date),
        "who": decided_by(event),
        "reason": event.data.get("reason", ""),
    }


def _explain_consequence(item: PlanItem, on: date) -> Row:
    if item.end is None:
        when = gettext("Fra %(date)s og stadig i gang.") % {"date": longdate(item.earliest)}
    else:
        when = gettext("Fra %(date)s til %(end)s.") % {
            "date": longdate(item.earliest),
            "end": longdate(item.end),
        }
    if item.decision is not None:
        then = gettext("Afgjort: %(decision)s.") % {"decision": decision_text(item.decision)}
    elif decider(item.citizen, item.subtype) == "akasse":
        then = gettext("A-kassen træffer afgørelsen.")
    else:
        then = gettext("Kommunen træffer afgørelsen.")
    return Row(
        citizen_id=item.citizen_id,
        citizen_name=item.citizen.name,
        what=consequence_name(item.subtype),
        when=item.earliest,
        why=f"{when} {_reason(item)} {then}",
        status="decided" if item.decision is not None else item.status,
    )


def _select_handover(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[PlanItem]:
    first, last = month_bounds(on)
    return scope.plan_items().filter(
        kind=PlanItem.Kind.HANDOVER, status="", deadline__gte=first, deadline__lte=last
    )


def _explain_handover(item: PlanItem, on: date) -> Row:
    municipality = _holder_name("jobcenter", item.deadline)
    if item.holder == "anden_aktoer":  # R73: the handover from another actor
        if item.deadline and item.deadline <= on:
            why = gettext(
                "%(holder)s har haft ansvaret siden %(date)s (overgang fra den anden aktør)."
            )
        else:
            why = gettext("%(holder)s overtager ansvaret fra den anden aktør %(date)s.")
        what = gettext("Overgang fra den anden aktør til %(holder)s")
    else:
        if item.deadline and item.deadline <= on:
            why = gettext("%(holder)s har haft ansvaret siden %(date)s (overgang fra a-kassen).")
        else:
            why = gettext("%(holder)s overtager ansvaret fra a-kassen %(date)s.")
        what = gettext("Overgang fra a-kassen til %(holder)s")
    return Row(
        citizen_id=item.citizen_id,
        citizen_name=item.citizen.name,
        what=what % {"holder": municipality},
        when=item.deadline,
        why=why % {"holder": capfirst(municipality), "date": longdate(item.deadline)}
        + " "
        + _reason(item),
    )


# --- Bookings and requests --------------------------------------------------------------------


def _no_show_filters(scope: Scope, query: Mapping[str, str]) -> list[Filter]:
    if scope.organisation is None:
        return []
    staff = User.objects.filter(organisation=scope.organisation).order_by(
        "first_name", "last_name", "pk"
    )
    choices = [Choice("alle", _("Alle"))]
    choices += [Choice(str(user.pk), user.get_full_name() or user.get_username()) for user in staff]
    return [Filter("sagsbehandler", _("Sagsbehandler"), choices, query.get("sagsbehandler", ""))]


def _select_no_shows(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[Booking]:
    if scope.nothing:
        return Booking.objects.none()
    since = timezone.make_aware(datetime.combine(on - timedelta(days=NO_SHOW_REVIEW_DAYS), time()))
    bookings = Booking.objects.filter(status=Booking.Status.NO_SHOW, start__gte=since)
    if not scope.everything:
        bookings = bookings.filter(organisation=scope.organisation)
    caseworker = params.get("sagsbehandler", "alle")
    if caseworker.isdigit():
        bookings = bookings.filter(caseworker_id=int(caseworker))
    return bookings


def _explain_no_show(booking: Booking, on: date) -> Row:
    caseworker = booking.caseworker.get_full_name() or booking.caseworker.get_username()
    why = gettext(
        "Udeblev fra mødet %(date)s %(time)s hos %(caseworker)s. Se vurderingen af lovligt "
        "forfald igennem, mens konsekvensen kan nås at rette."
    ) % {"date": longdate(booking.start), "time": clock(booking.start), "caseworker": caseworker}
    return Row(
        citizen_id=booking.citizen_id,
        citizen_name=booking.citizen.name,
        what=gettext("Samtale %(number)s med %(holder)s")
        % {"number": booking.interview, "holder": _holder_name(booking.holder, booking.start)},
        when=timezone.localtime(booking.start).date(),
        why=why,
    )


def _select_requests(
    scope: Scope, on: date, params: Mapping[str, str]
) -> QuerySet[InterviewRequest]:
    if scope.nothing:
        return InterviewRequest.objects.none()
    requests = InterviewRequest.objects.filter(handled_at__isnull=True)
    if scope.everything:
        return requests
    if scope.is_jobcenter:
        return requests.filter(citizen__jobcenter=scope.organisation)
    # An a-kasse: its members on dagpenge, before the jobcentre takes over.
    return requests.filter(
        Q(citizen__plan__handover__isnull=True) | Q(citizen__plan__handover__gt=on),
        citizen__akasse=scope.organisation,
        citizen__plan__group="dagpenge",
    )


def _explain_request(request: InterviewRequest, on: date) -> Row:
    reason = request.reason if len(request.reason) <= 140 else request.reason[:139] + "…"
    return Row(
        citizen_id=request.citizen_id,
        citizen_name=request.citizen.name,
        what=gettext("Borgeren ønsker en samtale"),
        when=timezone.localtime(request.created_at).date(),
        why=gettext("Bad om en samtale %(date)s: »%(reason)s«. Borgeren har ret til en samtale.")
        % {"date": longdate(request.created_at), "reason": reason},
    )


# --- From the CV, joblog and offers apps -----------------------------------------------------


def _select_cvs(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[Any]:
    return cvs_awaiting_approval(actor=scope.actor)


def _explain_cv(cv: Any, on: date) -> Row:
    submitted = timezone.localtime(cv.submitted_at).date() if cv.submitted_at else None
    days = (on - submitted).days if submitted else 0
    return Row(
        citizen_id=cv.citizen_id,
        citizen_name=cv.citizen.name,
        what=gettext("CV til godkendelse"),
        when=submitted,
        why=gettext(
            "Sendt til godkendelse %(date)s (%(days)s dage siden). Din organisation godkender "
            "CV'et eller sender det retur med en kommentar."
        )
        % {"date": longdate(submitted), "days": days},
    )


def _select_joblogs(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[Any]:
    return joblogs_inactive(actor=scope.actor, on=on)


def _explain_joblog(citizen: Any, on: date) -> Row:
    last = citizen.joblog_last_activity_at
    if last is not None:
        day = timezone.localtime(last).date()
        why = gettext("Ingen aktivitet i jobloggen siden %(date)s (%(days)s dage).")
    else:
        day = citizen.joblog_spell_start
        why = gettext(
            "Ingen aktivitet i jobloggen siden ledigheden begyndte %(date)s (%(days)s dage)."
        )
    return Row(
        citizen_id=citizen.pk,
        citizen_name=citizen.name,
        what=gettext("Joblog uden aktivitet"),
        when=day,
        why=why % {"date": longdate(day), "days": (on - day).days if day else 0},
    )


def _select_recommendations(scope: Scope, on: date, params: Mapping[str, str]) -> QuerySet[Any]:
    return recommendations_awaiting_decision(actor=scope.actor)


def _explain_recommendation(recommendation: Any, on: date) -> Row:
    return Row(
        citizen_id=recommendation.citizen_id,
        citizen_name=recommendation.citizen.name,
        what=gettext("Indstilling: %(type)s") % {"type": recommendation.get_type_display()},
        when=timezone.localtime(recommendation.created_at).date(),
        why=gettext(
            "%(akasse)s indstillede %(date)s tilbuddet hos %(provider)s fra %(start)s til "
            "%(end)s. Kommunen træffer afgørelsen; følger den ikke indstillingen, skal det "
            "begrundes skriftligt over for a-kassen og borgeren."
        )
        % {
            "akasse": recommendation.akasse,
            "date": longdate(recommendation.created_at),
            "provider": recommendation.provider,
            "start": longdate(recommendation.start),
            "end": longdate(recommendation.end),
        },
    )


# --- The lists --------------------------------------------------------------------------------

_NAME = ("citizen__last_name", "citizen__first_name", "pk")
# Plan rows carry the citizen's names (kept equal to the citizen's), so the same order is read
# from an index per organisation instead of joining and sorting every matching row.
_PLAN_NAME = ("citizen_last_name", "citizen_first_name", "pk")

WORKLISTS: list[Worklist] = [
    Worklist(
        slug="frist-snart",
        title=_("Samtaler med frist snart, ikke booket"),
        description=_(
            "Samtaler, hvis frist falder inden for de næste dage, og som ikke er booket."
        ),
        date_label=_("Frist"),
        select=_select_due,
        explain=_explain_due,
        sorts={"dato": ("deadline", "pk"), "navn": _PLAN_NAME},
        default_sort="dato",
        filters=_due_filters,
        shows_status=True,
    ),
    Worklist(
        slug="overskredet",
        title=_("Overskredne samtaler"),
        description=_("Samtaler, hvis frist er passeret, uden at samtalen er holdt."),
        date_label=_("Frist"),
        select=_select_overdue,
        explain=_explain_overdue,
        sorts={"dato": ("deadline", "pk"), "navn": _PLAN_NAME},
        default_sort="dato",
        filters=_holder_filter,
        shows_status=True,
    ),
    Worklist(
        slug="konsekvenser",
        title=_("Konsekvenser, der venter på afgørelse"),
        description=_(
            "Overskredne selvbookingsfrister, udeblivelser og afbud uden lovligt forfald, som "
            "kan føre til afmelding, mistet dagpengedag eller fradrag."
        ),
        date_label=_("Fra"),
        select=_select_consequences,
        explain=_explain_consequence,
        sorts={"dato": ("earliest", "pk"), "navn": _PLAN_NAME},
        default_sort="-dato",
        filters=_consequence_filters,
        related=("citizen", "decision__recorded_by", "decision__organisation"),
        shows_status=True,
    ),
    Worklist(
        slug="udeblevet",
        title=_("Udeblivelser til gennemsyn"),
        description=_(
            "Møder de seneste 14 dage, hvor borgeren udeblev. Vurderingen af lovligt forfald "
            "registreres sammen med udeblivelsen; her kan den ses igennem."
        ),
        date_label=_("Mødedag"),
        select=_select_no_shows,
        explain=_explain_no_show,
        sorts={"dato": ("start", "pk"), "navn": _NAME},
        default_sort="-dato",
        filters=_no_show_filters,
        related=("citizen", "caseworker"),
        visible=lambda scope: not scope.everything,
    ),
    Worklist(
        slug="oensker-samtale",
        title=_("Borgere, der ønsker en samtale"),
        description=_("Borgerens anmodninger om en samtale, som ikke er behandlet endnu."),
        date_label=_("Anmodet"),
        select=_select_requests,
        explain=_explain_request,
        sorts={"dato": ("created_at", "pk"), "navn": _NAME},
        default_sort="dato",
    ),
    Worklist(
        slug="overdrages",
        title=_("Overgår til kommunen denne måned"),
        description=_("Borgere, hvor ansvaret går fra a-kassen til kommunen i denne måned."),
        date_label=_("Overgang"),
        select=_select_handover,
        explain=_explain_handover,
        sorts={"dato": ("deadline", "pk"), "navn": _PLAN_NAME},
        default_sort="dato",
    ),
    Worklist(
        slug="cv-godkendelse",
        title=_("CV'er til godkendelse"),
        description=_(
            "CV'er, som borgeren har sendt til godkendelse, og som din organisation godkender: "
            "a-kassen for dagpengemodtagere, kommunen for alle andre."
        ),
        date_label=_("Sendt"),
        select=_select_cvs,
        explain=_explain_cv,
        sorts={"dato": ("submitted_at", "pk"), "navn": _NAME},
        default_sort="dato",
    ),
    Worklist(
        slug="joblog-inaktiv",
        title=_("Joblogs uden aktivitet i 30 dage"),
        description=_(
            "Borgere, der skal føre joblog, og som ikke har tilføjet eller ændret noget i 30 dage."
        ),
        date_label=_("Sidste aktivitet"),
        select=_select_joblogs,
        explain=_explain_joblog,
        sorts={
            "dato": ("joblog__last_activity_at", "last_name", "first_name", "pk"),
            "navn": ("last_name", "first_name", "pk"),
        },
        default_sort="dato",
        related=(),
    ),
    Worklist(
        slug="indstillinger",
        title=_("Indstillinger om tilbud, der venter på afgørelse"),
        description=_("A-kassernes indstillinger af tilbud, som kommunen skal tage stilling til."),
        date_label=_("Indstillet"),
        select=_select_recommendations,
        explain=_explain_recommendation,
        sorts={"dato": ("created_at", "pk"), "navn": _NAME},
        default_sort="dato",
        related=("citizen", "akasse"),
        visible=lambda scope: scope.is_jobcenter,
    ),
]

BY_SLUG = {worklist.slug: worklist for worklist in WORKLISTS}


def worklists_for(actor: Actor) -> list[Worklist]:
    scope = Scope(actor)
    return [w for w in WORKLISTS if w.visible(scope)]


def worklist_get(slug: str) -> Worklist | None:
    return BY_SLUG.get(slug)


def worklist_counts(*, actor: Actor, on: date) -> list[tuple[Worklist, int]]:
    """Each list the actor has, with its size: one aggregate query per list."""
    scope = Scope(actor)
    return [(w, w.count(scope, on)) for w in WORKLISTS if w.visible(scope)]


def worklist_rows(
    *, actor: Actor, worklist: Worklist, on: date, query: Mapping[str, str]
) -> tuple[QuerySet[Any], dict[str, str], list[Filter], str]:
    """The list's rows for the actor (unpaginated, sorted), the filter values in force, the
    filters to show and the sort key in force."""
    scope = Scope(actor)
    filters = worklist.filters(scope, query)
    params = {}
    for item in filters:
        allowed = {choice.value for choice in item.choices}
        params[item.name] = item.value if item.value in allowed else item.choices[0].value
    sort = worklist.sort_key(query.get("sort", ""))
    shown = [Filter(item.name, item.label, item.choices, params[item.name]) for item in filters]
    return worklist.rows(scope, on, params, sort), params, shown, sort


def explain_rows(worklist: Worklist, objects: list[Model], on: date) -> list[Row]:
    return [worklist.explain(obj, on) for obj in objects]


# --- Handover ---------------------------------------------------------------------------------


@dataclass
class HeldInterview:
    day: date
    holder: str
    channel: str
    joint: bool


@dataclass
class MeetingNote:
    day: date
    caseworker: str
    text: str


@dataclass
class HandoverCase:
    """One citizen passing from the a-kasse to the jobcentre, with the a-kasse's course so far."""

    citizen_id: int
    citizen_name: str
    handover: date
    interviews: list[HeldInterview] = field(default_factory=list)
    cv_status: str = ""
    notes: list[MeetingNote] = field(default_factory=list)
    # R4: notes of the a-kasse are the jobcentre's to read only from the handover.
    notes_hidden: bool = False
    # R4: whether the a-kasse takes part in the first jobcentre interview; None: not chosen yet.
    akasse_participates: bool | None = None


def handover_citizens(
    *, actor: Actor, on: date, page: str | None = None
) -> tuple[list[HandoverCase], Any]:
    """The citizens whose handover falls this month or next: for a jobcentre the incoming ones,
    for an a-kasse its outgoing members. A fixed number of queries for any page size."""
    from django.core.paginator import Paginator

    from kontaktforloeb.cases.models import CaseEvent

    scope = Scope(actor)
    first, _last = month_bounds(on)
    _first, last = month_bounds(on, 1)
    items = (
        scope.plan_items()
        .filter(kind=PlanItem.Kind.HANDOVER, status="", deadline__gte=first, deadline__lte=last)
        .select_related("citizen")
        .order_by("deadline", *_PLAN_NAME)
    )
    current = Paginator(items, PAGE_SIZE).get_page(page)
    cases = {
        item.citizen_id: HandoverCase(
            citizen_id=item.citizen_id,
            citizen_name=item.citizen.name,
            handover=item.deadline or on,
            notes_hidden=scope.is_jobcenter and bool(item.deadline and item.deadline > on),
        )
        for item in current.object_list
    }
    ids = list(cases)
    if not ids:
        return [], current
    # The page's citizens' plan rows (a few each) through the citizen index, the CV row picked
    # here: with `kind` in the query the planner may intersect it with the index of every
    # citizen's CV row (300,000 entries, 40 ms) when it underestimates how few rows a citizen has.
    rows = PlanItem.objects.filter(citizen_id__in=ids).order_by()
    for citizen_id, kind, status in rows.values_list("citizen_id", "kind", "status"):
        if kind == PlanItem.Kind.CV:
            cases[citizen_id].cv_status = status
    events = CaseEvent.objects.filter(
        citizen_id__in=ids, type__in=["interview_held", "akasse_participation"]
    ).order_by("citizen_id", "date", "id")
    for event in events:
        case = cases[event.citizen_id]
        if event.type == "akasse_participation":
            case.akasse_participates = bool(event.data.get("wants"))
        elif event.date < case.handover:
            case.interviews.append(
                HeldInterview(
                    day=event.date,
                    holder=str(event.data.get("holder", "")),
                    channel=str(event.data.get("channel", "")),
                    joint=bool(event.data.get("joint")),
                )
            )
    bookings = (
        Booking.objects.filter(citizen_id__in=ids)
        .filter(
            Q(
                holder__in=["akasse", "anden_aktoer"],  # the first holder's meetings (R73)
                status__in=[Booking.Status.HELD, Booking.Status.NO_SHOW],
            )
            | Q(holder="jobcenter", akasse_participates__isnull=False)
        )
        .select_related("caseworker")
        .order_by("start")
    )
    for booking in bookings:
        case = cases[booking.citizen_id]
        if booking.holder == "jobcenter":
            if case.akasse_participates is None:
                case.akasse_participates = booking.akasse_participates
        elif booking.outcome_notes and not case.notes_hidden:
            case.notes.append(
                MeetingNote(
                    day=timezone.localtime(booking.start).date(),
                    caseworker=booking.caseworker.get_full_name()
                    or booking.caseworker.get_username(),
                    text=booking.outcome_notes,
                )
            )
    return list(cases.values()), current
