"""Rettidighed and the 25 % rule for managers (and the administrator, for every organisation).

Each page: the filters, then per table a one-sentence summary, the chart (inline SVG) and the
table of its numbers; every number links to the people behind it, and every table is also CSV.
The figures come from `timeliness` and `exemptions` (aggregate queries through the access gate);
the lists of people are paginated, and each citizen shown or exported is written to the access
log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.exemptions import Share
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.web.templatetags.kf import longdate

from . import charts, exemptions, timeliness
from .audit import people_read
from .db import analytic
from .forms import FilterForm, group_label, holder_label, ruleset_label
from .labels import Labels
from .scope import (
    BadParameter,
    Month,
    OrganisationNotFound,
    Scope,
    choice,
    is_administrator,
    may_see_statistics,
    organisation_for,
    scope_for,
)
from .tables import Cell, Table, TableRow, as_csv

View = Callable[..., HttpResponse]
PAGE_SIZE = 50

MEASURE_LABELS = {
    "due": _("Skulle holdes"),
    "on_time": _("Holdt til tiden"),
    "late": _("Holdt for sent"),
    "overdue": _("Overskredet"),
    "open": _("Frist ikke nået"),
    "exempted": _("Undtaget"),
    "lapsed": _("Bortfaldet"),
}
BAND_LABELS = {
    "citizens": _("Borgere"),
    "required": _("Samtaler krævet"),
    "held": _("Samtaler holdt"),
    "met": _("Har haft mindst det krævede"),
    "not_met": _("Mangler samtaler"),
}
SHARE_LABELS = {
    "citizens": _("Borgere i perioden"),
    "exempted": _("Undtaget"),
    "not_exempted": _("Ikke undtaget"),
}
KIND_LABELS = {"interviews": _("Samtaler"), "offer": _("Tilbud")}
STATUS_TAGS = {
    "within": ("success", _("Under grænsen")),
    "warning": ("warning", _("Nær grænsen")),
    "above": ("error", _("Over grænsen")),
    "none": ("info", _("Reglen gjaldt ikke")),
}


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _today() -> date:
    return timezone.localdate()


def manager_required(view: View) -> View:
    """A manager of an organisation or the administrator; caseworkers and citizens get 404 (the
    page is not theirs), the anonymous the log-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('web:login')}?next={request.get_full_path()}")
        assert isinstance(user, User)
        actor = Actor.of_user(user)
        if not may_see_statistics(actor):
            raise Http404
        try:
            with analytic():
                return view(request, actor, *args, **kwargs)
        except OrganisationNotFound:
            raise Http404 from None

    return wrapper


def month_label(month: Month, short: bool = False) -> str:
    if short:
        return date_format(month.first, "N Y")
    return date_format(month.first, "F Y")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{number_format(value, 1)} %"


def _url(name: str, params: dict[str, str]) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in ("", None)})
    return f"{reverse(name)}?{query}" if query else reverse(name)


# --- Filters -------------------------------------------------------------------------------------


def _filters(
    request: HttpRequest,
    actor: Actor,
    today: date,
    caseworkers: bool = True,
    month_help: Any = None,
) -> tuple[FilterForm, Scope, Month]:
    """The form and what it asks for; a bad value is named at its field and the defaults are
    shown."""
    administrator = is_administrator(actor)
    try:
        organisation = organisation_for(actor, request.GET.get("organisation"))
    except BadParameter:
        # Not a number: the administrator's form names it at its field; a manager has only
        # their own organisation to see.
        organisation = organisation_for(actor, None)
    data = request.GET.copy()
    if not data.get("maaned"):
        data["maaned"] = Month.of(today).param
    form = FilterForm(
        data,
        today=today,
        organisation=organisation,
        administrator=administrator,
        caseworkers=caseworkers,
        month_help=month_help,
    )
    if form.is_valid():
        cleaned = form.cleaned_data
        month: Month = cleaned["maaned"]
        try:
            scope = scope_for(
                actor,
                organisation=organisation.pk if organisation and administrator else None,
                group=cleaned.get("gruppe"),
                holder=cleaned.get("ansvarlig"),
                caseworker=cleaned.get("sagsbehandler"),
                ruleset=request.GET.get("regelsaet"),
            )
        except BadParameter:
            scope = Scope(actor=actor, organisation=organisation)
        return form, scope, month
    errors = form.errors
    form = FilterForm(
        {"organisation": request.GET.get("organisation", ""), "maaned": Month.of(today).param},
        today=today,
        organisation=organisation,
        administrator=administrator,
        caseworkers=caseworkers,
        month_help=month_help,
    )
    form.is_valid()
    for name, messages in errors.items():
        for message in messages:
            form.add_error(name, message)
    return form, Scope(actor=actor, organisation=organisation), Month.of(today)


# --- Rettidighed ---------------------------------------------------------------------------------


DRILL_PARAM = {
    "holder": "ansvarlig",
    "group": "gruppe",
    "caseworker": "sagsbehandler",
    "ruleset": "regelsaet",
    "organisation": "organisation",
}
BREAKDOWN_TITLES = {
    "holder": _("Efter hvem der holder samtalen"),
    "group": _("Efter målgruppe"),
    "caseworker": _("Efter sagsbehandler"),
    "ruleset": _("Efter regelsæt"),
    "organisation": _("Efter organisation"),
}
BREAKDOWN_HEADERS = {
    "holder": _("Holder samtalen"),
    "group": _("Målgruppe"),
    "caseworker": _("Sagsbehandler"),
    "ruleset": _("Regelsæt"),
    "organisation": _("Organisation"),
}
CHARTED = ("holder", "group", "caseworker", "ruleset")
SERIES = ("on_time", "late", "overdue", "open")


def _count_cells(counts: timeliness.Counts, params: dict[str, str]) -> list[Cell]:
    people = "statistics:timeliness_people"
    cells = [
        Cell(getattr(counts, measure), _url(people, {**params, "maal": measure}))
        for measure in timeliness.MEASURES
    ]
    cells.append(Cell(counts.rate, percent=True))
    return cells


def _timeliness_headers() -> list[str]:
    return [str(MEASURE_LABELS[m]) for m in timeliness.MEASURES] + [str(_("Rettidighed"))]


def _series() -> list[tuple[str, str]]:
    return [(key, str(MEASURE_LABELS[key])) for key in SERIES]


def _trend_table(scope: Scope, month: Month, today: date, params: dict[str, str]) -> Table:
    rows = timeliness.trend(scope, month, today)
    table = Table(
        slug="trend",
        title=str(_("Udviklingen de seneste 12 måneder")),
        summary="",
        label_header=str(_("Måned")),
        headers=_timeliness_headers(),
    )
    for row in rows:
        table.rows.append(
            TableRow(
                capfirst(month_label(row.key)),
                _count_cells(row.counts, {**params, "maaned": row.key.param}),
            )
        )
    now, then = rows[-1].counts, rows[0].counts
    if now.rate is None:
        table.summary = gettext(
            "Ingen samtaler med frist i %(month)s er afgjort endnu; %(open)s har stadig tid."
        ) % {"month": month_label(month), "open": now.open}
    else:
        table.summary = gettext(
            "I %(month)s blev %(rate)s af de afgjorte samtaler holdt til tiden "
            "(%(on_time)s af %(decided)s)."
        ) % {
            "month": month_label(month),
            "rate": _percent(now.rate),
            "on_time": now.on_time,
            "decided": now.decided,
        }
        if then.rate is not None:
            table.summary += " " + gettext("I %(first)s var det %(then)s.") % {
                "first": month_label(rows[0].key),
                "then": _percent(then.rate),
            }
    categories = [month_label(row.key, short=True) for row in rows]
    spec = charts.stacked_bars(
        categories=categories,
        series=_series(),
        values=[
            {"category": label, "series": key, "value": getattr(row.counts, key)}
            for label, row in zip(categories, rows, strict=True)
            for key in SERIES
        ],
        category_title=str(_("Måned (fristen)")),
        value_title=str(_("Samtaler")),
        legend_title=str(_("Status")),
    )
    table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    return table


def _breakdown_table(
    scope: Scope, month: Month, today: date, params: dict[str, str], dimension: str
) -> Table:
    rows = timeliness.breakdown(scope, month, today, dimension)
    labels = Labels(today, scope.organisation).of(dimension, [row.key for row in rows])
    table = Table(
        slug=f"efter-{DRILL_PARAM[dimension]}",
        title=str(BREAKDOWN_TITLES[dimension]),
        summary="",
        label_header=str(BREAKDOWN_HEADERS[dimension]),
        headers=_timeliness_headers(),
    )
    for row in rows:
        key = row.key if row.key is not None else (0 if dimension == "caseworker" else "")
        drill = {**params, "maaned": month.param, DRILL_PARAM[dimension]: str(key)}
        table.rows.append(TableRow(labels[row.key], _count_cells(row.counts, drill)))
    worst = max(rows, key=lambda row: row.counts.overdue, default=None)
    if not rows:
        table.summary = gettext("Ingen samtaler har frist i %(month)s.") % {
            "month": month_label(month)
        }
    elif worst is None or worst.counts.overdue == 0:
        table.summary = gettext("Ingen samtaler med frist i %(month)s er overskredet.") % {
            "month": month_label(month)
        }
    else:
        table.summary = gettext(
            "Flest overskredne samtaler i %(month)s: %(label)s med %(overdue)s af %(due)s."
        ) % {
            "month": month_label(month),
            "label": labels[worst.key],
            "overdue": worst.counts.overdue,
            "due": worst.counts.due,
        }
    if dimension in CHARTED and rows:
        categories = [labels[row.key] for row in rows]
        spec = charts.stacked_bars(
            categories=categories,
            series=_series(),
            values=[
                {"category": labels[row.key], "series": key, "value": getattr(row.counts, key)}
                for row in rows
                for key in SERIES
            ],
            category_title=str(BREAKDOWN_HEADERS[dimension]),
            value_title=str(_("Samtaler")),
            legend_title=str(_("Status")),
            horizontal=True,
        )
        table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    return table


def band_label(band: timeliness.Band) -> str:
    if band.end is None:
        return gettext("%(start)s måneder og mere") % {"start": band.start}
    return gettext("%(start)s–%(end)s måneder") % {"start": band.start, "end": band.end}


def _bands_table(scope: Scope, month: Month, today: date, params: dict[str, str]) -> Table:
    bands = timeliness.duration_bands(scope, month, today)
    day = timeliness.band_day(month, today)
    table = Table(
        slug="varighed",
        title=str(_("STAR's opgørelse efter ledighedens varighed")),
        summary="",
        label_header=str(_("Ledig i")),
        headers=[str(BAND_LABELS[key]) for key in BAND_LABELS] + [str(_("Andel"))],
        note=gettext(
            "Borgere i forløbet %(day)s efter hvor mange hele måneder, de har været ledige. "
            "Krævet er de samtaler, hvis frist var nået, efter de regler der satte hver samtale; "
            "undtagne samtaler tæller ikke med."
        )
        % {"day": longdate(day)},
    )
    people = "statistics:timeliness_people"
    for number, band in enumerate(bands):
        drill = {**params, "maaned": month.param, "interval": str(number)}
        table.rows.append(
            TableRow(
                band_label(band),
                [
                    Cell(band.citizens, _url(people, {**drill, "maal": "citizens"})),
                    Cell(band.required),
                    Cell(band.held),
                    Cell(band.met, _url(people, {**drill, "maal": "met"})),
                    Cell(band.not_met, _url(people, {**drill, "maal": "not_met"})),
                    Cell(band.share, percent=True),
                ],
            )
        )
    citizens = sum(band.citizens for band in bands)
    met = sum(band.met for band in bands)
    table.summary = gettext(
        "%(day)s havde %(met)s af %(citizens)s borgere (%(share)s) haft mindst det antal "
        "samtaler, reglerne krævede efter deres ledigheds varighed."
    ) % {
        "day": capfirst(longdate(day)),
        "met": met,
        "citizens": citizens,
        "share": _percent(100.0 * met / citizens if citizens else None),
    }
    spec = charts.bars(
        categories=[band_label(band) for band in bands],
        values=[band.share for band in bands],
        category_title=str(_("Ledig i")),
        value_title=str(_("Andel med mindst det krævede (%)")),
        domain=(0, 100),
    )
    table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    return table


def timeliness_tables(scope: Scope, month: Month, today: date) -> list[Table]:
    params = scope.params()
    tables = [_trend_table(scope, month, today, params)]
    dimensions = ["holder", "group"]
    if scope.organisation is not None:
        dimensions.append("caseworker")
    dimensions.append("ruleset")
    if scope.organisation is None:
        dimensions.append("organisation")
    for dimension in dimensions:
        tables.append(_breakdown_table(scope, month, today, params, dimension))
    tables.append(_bands_table(scope, month, today, params))
    return tables


def _organisation_name(scope: Scope) -> str:
    if scope.organisation is None:
        return gettext("alle organisationer")
    return scope.organisation.name


@manager_required
def index(request: HttpRequest, actor: Actor) -> HttpResponse:
    return redirect("statistics:timeliness")


@manager_required
def timeliness_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = _today()
    form, scope, month = _filters(request, actor, today)
    totals = timeliness.totals(scope, month, today)
    params = {**scope.params(), "maaned": month.param}
    figures = [
        (
            MEASURE_LABELS[measure],
            getattr(totals, measure),
            _url("statistics:timeliness_people", {**params, "maal": measure}),
        )
        for measure in timeliness.MEASURES
    ]
    return render(
        request,
        "statistics/timeliness.html",
        {
            "form": form,
            "scope": scope,
            "month": month,
            "month_name": month_label(month),
            "organisation_name": _organisation_name(scope),
            "totals": totals,
            "rate": _percent(totals.rate),
            "figures": figures,
            "tables": _with_csv(
                timeliness_tables(scope, month, today), "statistics:timeliness_csv", params
            ),
            "query": urlencode(params),
            "current": "timeliness",
        },
    )


def _with_csv(tables: list[Table], name: str, params: dict[str, str]) -> list[Table]:
    for table in tables:
        table.csv_url = _url_args(name, table.slug, params)
    return tables


def _url_args(name: str, slug: str, params: dict[str, str]) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    url = reverse(name, args=[slug])
    return f"{url}?{query}" if query else url


def _csv_response(table: Table, name: str) -> HttpResponse:
    response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{table.slug}.csv"'
    return response


@manager_required
def timeliness_csv(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    today = _today()
    _, scope, month = _filters(request, actor, today)
    params = scope.params()
    if slug == "trend":
        table = _trend_table(scope, month, today, params)
    elif slug == "varighed":
        table = _bands_table(scope, month, today, params)
    else:
        dimension = {f"efter-{param}": dim for dim, param in DRILL_PARAM.items()}.get(slug)
        if dimension is None:
            raise Http404
        table = _breakdown_table(scope, month, today, params, dimension)
    return _csv_response(table, f"rettidighed-{month.param}")


# --- The people behind a number ------------------------------------------------------------------


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("side"))


def _page_links(request: HttpRequest, page: Any) -> dict[str, str]:
    links = {}
    params = request.GET.copy()
    if page.has_previous():
        params["side"] = str(page.previous_page_number())
        links["previous"] = f"?{params.urlencode()}"
    if page.has_next():
        params["side"] = str(page.next_page_number())
        links["next"] = f"?{params.urlencode()}"
    return links


def _described_filters(scope: Scope, today: date) -> list[str]:
    found = []
    if scope.organisation is not None:
        found.append(scope.organisation.name)
    if scope.holder:
        found.append(gettext("holder: %(who)s") % {"who": holder_label(scope.holder, today)})
    if scope.group:
        found.append(group_label(scope.group, today))
    if scope.ruleset:
        found.append(ruleset_label(scope.ruleset))
    if scope.caseworker is not None:
        found.append(
            Labels(today).of("caseworker", [scope.caseworker or None])[scope.caseworker or None]
        )
    return found


@manager_required
def timeliness_people(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The interviews (and their citizens) behind one number of the timeliness page, or the
    citizens of one duration band."""
    today = _today()
    form, scope, month = _filters(request, actor, today)
    if form.errors:
        raise Http404
    measure = request.GET.get("maal", "")
    band = request.GET.get("interval")
    wants_csv = request.GET.get("format") == "csv"
    if band is not None:
        if not band.isdigit() or int(band) >= len(timeliness.BANDS):
            raise Http404
        try:
            choice(measure, timeliness.BAND_MEASURES, "measure")
        except BadParameter:
            raise Http404 from None
        bands = timeliness.duration_bands(scope, month, today)
        number = int(band)
        people = timeliness.band_listed(scope, month, today, number, measure or "citizens")
        title = gettext("%(measure)s, ledig i %(band)s, %(day)s") % {
            "measure": BAND_LABELS[measure or "citizens"],
            "band": band_label(bands[number]),
            "day": longdate(timeliness.band_day(month, today)),
        }
        why = f"Rettidighed: varighed {bands[number].key} mdr., {month.param}"
        if wants_csv:
            return _people_csv(actor, [person.citizen for person in people], title, why, month)
        page = _page(request, people)
        citizens = [person.citizen for person in page.object_list]
        people_read(actor, citizens, why)
        rows = [
            {"citizen": person.citizen, "required": person.required, "held": person.held}
            for person in page.object_list
        ]
        template = "statistics/band_people.html"
    else:
        if measure not in timeliness.MEASURES:
            raise Http404
        items = timeliness.listed(scope, month, today, measure)
        title = gettext("%(measure)s: samtaler med frist i %(month)s") % {
            "measure": MEASURE_LABELS[measure],
            "month": month_label(month),
        }
        why = f"Rettidighed: {measure} {month.param}"
        if wants_csv:
            return _interviews_csv(actor, items, title, why, month)
        page = _page(request, items)
        people_read(actor, [item.citizen for item in page.object_list], why)
        rows = list(page.object_list)
        template = "statistics/timeliness_people.html"
    return render(
        request,
        template,
        {
            "title": title,
            "filters": _described_filters(scope, today),
            "page": page,
            "rows": rows,
            "links": _page_links(request, page),
            "csv_url": f"?{_with(request, format='csv')}",
            "back": _url("statistics:timeliness", {**scope.params(), "maaned": month.param}),
            "case_links": actor.user is not None and actor.user.is_staff_member,
            "measure_labels": MEASURE_LABELS,
            "current": "timeliness",
        },
    )


def _with(request: HttpRequest, **changes: str) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def _people_csv(actor: Actor, citizens: Any, title: str, why: str, month: Month) -> HttpResponse:
    citizens = list(citizens)
    people_read(actor, citizens, f"{why} (CSV)")
    table = Table(
        slug="borgere",
        title=title,
        summary="",
        label_header=str(_("Navn")),
        headers=[str(_("CPR-nummer")), str(_("Kommune")), str(_("A-kasse"))],
    )
    for citizen in citizens:
        table.rows.append(
            TableRow(
                citizen.name,
                [
                    Cell(citizen.masked_cpr),
                    Cell(str(citizen.jobcenter)),
                    Cell(str(citizen.akasse or "")),
                ],
            )
        )
    return _text_csv(table, f"borgere-{month.param}")


def _interviews_csv(actor: Actor, items: Any, title: str, why: str, month: Month) -> HttpResponse:
    rows = list(items)
    people_read(actor, [item.citizen for item in rows], f"{why} (CSV)")
    table = Table(
        slug="samtaler",
        title=title,
        summary="",
        label_header=str(_("Navn")),
        headers=[
            str(_("CPR-nummer")),
            str(_("Samtale nr.")),
            str(_("Holder samtalen")),
            str(_("Frist")),
            str(_("Holdt")),
            str(_("Opgjort som")),
            str(_("Regelsæt")),
        ],
    )
    for item in rows:
        table.rows.append(
            TableRow(
                item.citizen.name,
                [
                    Cell(item.citizen.masked_cpr),
                    Cell(item.number),
                    Cell(item.holder),
                    Cell(item.deadline.isoformat()),
                    Cell(item.held_on.isoformat() if item.held_on else ""),
                    Cell(item.measure),
                    Cell(item.ruleset_id),
                ],
            )
        )
    return _text_csv(table, f"samtaler-{month.param}")


def _text_csv(table: Table, name: str) -> HttpResponse:
    for row in table.rows:
        for cell in row.cells:
            cell.value = "" if cell.value is None else str(cell.value)
    return _csv_response(table, name)


# --- The 25 % rule -------------------------------------------------------------------------------


def _status_tag(share: Share) -> tuple[str, str]:
    colour, word = STATUS_TAGS[exemptions.status_of(share)]
    return colour, str(word)


def _share_cells(share: Share, params: dict[str, str]) -> list[Cell]:
    people = "statistics:exemptions_people"
    return [
        Cell(share.citizens, _url(people, {**params, "maal": "citizens"})),
        Cell(share.exempted, _url(people, {**params, "maal": "exempted"})),
        Cell(share.percent if share.limit > 0 else None, percent=True),
        Cell(share.limit or None, percent=True),
    ]


def _share_headers() -> list[str]:
    return [
        str(SHARE_LABELS["citizens"]),
        str(SHARE_LABELS["exempted"]),
        str(_("Andel")),
        str(_("Grænse")),
    ]


def _share_sentence(share: Share, status: str) -> str:
    if status == "none":
        return gettext("Reglen om højst hver fjerde gjaldt ikke på denne dag.")
    sentence = gettext(
        "%(exempted)s af %(citizens)s borgere er undtaget: %(percent)s, grænsen er %(limit)s %%."
    ) % {
        "exempted": share.exempted,
        "citizens": share.citizens,
        "percent": _percent(share.percent),
        "limit": share.limit,
    }
    if status == "above":
        sentence += " " + gettext(
            "Andelen er over grænsen: en ny undtagelse kræver en leders godkendelse."
        )
    elif status == "warning":
        sentence += " " + gettext("Andelen nærmer sig grænsen (advarsel fra %(warn)s %%).") % {
            "warn": exemptions.warn_percent()
        }
    return sentence


def _months_table(
    organisation: Organisation, kind: str, month: Month, today: date, params: dict[str, str]
) -> Table:
    rows = exemptions.monthly(organisation, kind, month, today)
    table = Table(
        slug=f"{kind}-maaneder",
        title=str(_("Andelen ved hver måneds udgang")),
        summary="",
        label_header=str(_("Måned")),
        headers=[str(_("Opgjort")), *_share_headers()],
        tag_header=str(_("Status")),
    )
    for row in rows:
        drill = {**params, "art": kind, "maaned": row.key.param}
        cells = _share_cells(row.share, drill)
        table.rows.append(
            TableRow(
                capfirst(month_label(row.key)),
                [Cell(longdate(row.day)), *cells],
                tag=_status_tag(row.share),
            )
        )
    last = rows[-1]
    counted = [row for row in rows if row.share.limit > 0]
    if len(counted) > 1:
        table.summary = gettext(
            "Fra %(first)s til %(last)s gik andelen fra %(then)s til %(now)s; grænsen er "
            "%(limit)s %%."
        ) % {
            "first": month_label(counted[0].key),
            "last": month_label(last.key),
            "then": _percent(counted[0].share.percent),
            "now": _percent(last.share.percent),
            "limit": last.share.limit,
        }
    else:
        table.summary = _share_sentence(last.share, last.status)
    warn = exemptions.warn_percent()
    spec = charts.share_trend(
        months=[month_label(row.key, short=True) for row in rows],
        percents=[row.share.percent if row.share.limit > 0 else None for row in rows],
        limit=max((row.share.limit for row in rows), default=0),
        warn=warn,
        month_title=str(_("Måned")),
        value_title=str(_("Andel undtaget (%)")),
        limit_label=gettext("Grænse %(limit)s %%")
        % {"limit": max((r.share.limit for r in rows), default=0)},
        warn_label=gettext("Advarsel %(warn)s %%") % {"warn": warn},
    )
    table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    return table


def _groups_table(
    organisation: Organisation, kind: str, today: date, params: dict[str, str]
) -> Table:
    rows = exemptions.by_group(organisation, kind, today)
    table = Table(
        slug=f"{kind}-grupper",
        title=str(_("Efter målgruppe, i dag")),
        summary="",
        label_header=str(_("Målgruppe")),
        headers=_share_headers(),
        tag_header=str(_("Status")),
    )
    for row in rows:
        drill = {**params, "art": kind, "gruppe": row.key}
        table.rows.append(
            TableRow(
                group_label(row.key, today),
                _share_cells(row.share, drill),
                tag=_status_tag(row.share),
            )
        )
    if rows:
        top = max(rows, key=lambda row: row.share.percent)
        table.summary = gettext(
            "Størst andel undtaget: %(group)s med %(percent)s (%(exempted)s af %(citizens)s)."
        ) % {
            "group": group_label(top.key, today),
            "percent": _percent(top.share.percent),
            "exempted": top.share.exempted,
            "citizens": top.share.citizens,
        }
        spec = charts.bars(
            categories=[group_label(row.key, today) for row in rows],
            values=[row.share.percent for row in rows],
            category_title=str(_("Målgruppe")),
            value_title=str(_("Andel undtaget (%)")),
            domain=(0, max(30.0, *(row.share.percent for row in rows))),
        )
        table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    else:
        table.summary = gettext(
            "Ingen borgere i de grupper, der kan undtages, begyndte i perioden."
        )
    return table


def _organisations_table(kind: str, today: date) -> Table:
    rows = exemptions.per_organisation(kind, today)
    table = Table(
        slug=f"{kind}-organisationer",
        title=str(_("Efter organisation, i dag")),
        summary="",
        label_header=str(_("Organisation")),
        headers=_share_headers(),
        tag_header=str(_("Status")),
    )
    for row in rows:
        drill = {"art": kind, "organisation": str(row.key.pk)}
        table.rows.append(
            TableRow(
                row.key.name,
                _share_cells(row.share, drill),
                label_url=_url("statistics:exemptions", {"organisation": str(row.key.pk)}),
                tag=_status_tag(row.share),
            )
        )
    above = [row for row in rows if row.status == "above"]
    warning = [row for row in rows if row.status == "warning"]
    table.summary = gettext("%(above)s organisationer er over grænsen og %(warning)s nær den.") % {
        "above": len(above),
        "warning": len(warning),
    }
    return table


def exemption_sections(
    actor: Actor, organisation: Organisation | None, month: Month, today: date
) -> list[dict[str, Any]]:
    """For each kind (interviews; offers for a municipality): the rolling share, and its tables."""
    sections: list[dict[str, Any]] = []
    if organisation is None:
        for kind in exemptions.KINDS:
            sections.append(
                {
                    "kind": kind,
                    "title": KIND_LABELS[kind],
                    "tables": [_organisations_table(kind, today)],
                    "share": None,
                }
            )
        return sections
    params = {"organisation": str(organisation.pk)} if is_administrator(actor) else {}
    for kind in exemptions.kinds_of(organisation):
        share = exemptions.rolling(organisation, kind, today)
        status = exemptions.status_of(share)
        drill = {**params, "art": kind}
        sections.append(
            {
                "kind": kind,
                "title": KIND_LABELS[kind],
                "share": share,
                "status": status,
                "tag": _status_tag(share),
                "sentence": _share_sentence(share, status),
                "percent": _percent(share.percent),
                "citizens_url": _url("statistics:exemptions_people", {**drill, "maal": "citizens"}),
                "exempted_url": _url("statistics:exemptions_people", {**drill, "maal": "exempted"}),
                "tables": [
                    _months_table(organisation, kind, month, today, params),
                    _groups_table(organisation, kind, today, params),
                ],
            }
        )
    return sections


def _exemption_filters(
    request: HttpRequest, actor: Actor, today: date
) -> tuple[FilterForm, Organisation | None, Month]:
    form, scope, month = _filters(
        request,
        actor,
        today,
        caseworkers=False,
        month_help=_("Den sidste måned i udviklingen, fx 2026-08."),
    )
    return form, scope.organisation, month


@manager_required
def exemptions_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = _today()
    form, organisation, month = _exemption_filters(request, actor, today)
    params = {"maaned": month.param}
    if organisation is not None and is_administrator(actor):
        params["organisation"] = str(organisation.pk)
    sections = exemption_sections(actor, organisation, month, today)
    for section in sections:
        _with_csv(section["tables"], "statistics:exemptions_csv", params)
    return render(
        request,
        "statistics/exemptions.html",
        {
            "form": form,
            "organisation": organisation,
            "organisation_name": organisation.name
            if organisation
            else gettext("alle organisationer"),
            "month": month,
            "today": today,
            "warn": exemptions.warn_percent(),
            "sections": sections,
            "query": urlencode(params),
            "current": "exemptions",
        },
    )


@manager_required
def exemptions_csv(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    today = _today()
    _, organisation, month = _exemption_filters(request, actor, today)
    for section in exemption_sections(actor, organisation, month, today):
        for table in section["tables"]:
            if table.slug == slug:
                return _csv_response(table, f"undtagelser-{today.isoformat()}")
    raise Http404


@manager_required
def exemptions_people(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The citizens behind one number of the share: the period's population, or those exempted
    or not, on a month's last day (today for the current month and without a month)."""
    today = _today()
    form, organisation, month = _exemption_filters(request, actor, today)
    kind = request.GET.get("art", "interviews")
    measure = request.GET.get("maal", "citizens")
    if form.errors or organisation is None or kind not in exemptions.kinds_of(organisation):
        raise Http404
    if measure not in exemptions.SHARE_MEASURES:
        raise Http404
    group = form.cleaned_data.get("gruppe", "") if form.is_valid() else ""
    day = timeliness.band_day(month, today) if request.GET.get("maaned") else today
    plans = exemptions.listed(actor, organisation, kind, day, measure, group)
    title = gettext("%(measure)s (%(kind)s), %(day)s") % {
        "measure": SHARE_LABELS[measure],
        "kind": str(KIND_LABELS[kind]).lower(),
        "day": longdate(day),
    }
    why = f"Undtagelsesandel: {kind} {measure} {day.isoformat()}"
    if request.GET.get("format") == "csv":
        return _people_csv(actor, [plan.citizen for plan in plans], title, why, Month.of(day))
    page = _page(request, plans)
    people_read(actor, [plan.citizen for plan in page.object_list], why)
    filters = [organisation.name]
    if group:
        filters.append(group_label(group, today))
    back_params = {"maaned": month.param}
    if is_administrator(actor):
        back_params["organisation"] = str(organisation.pk)
    return render(
        request,
        "statistics/share_people.html",
        {
            "title": title,
            "filters": filters,
            "page": page,
            "rows": [{"citizen": plan.citizen, "plan": plan} for plan in page.object_list],
            "links": _page_links(request, page),
            "csv_url": f"?{_with(request, format='csv')}",
            "back": _url("statistics:exemptions", back_params),
            "case_links": actor.user is not None and actor.user.is_staff_member,
            "current": "exemptions",
        },
    )
