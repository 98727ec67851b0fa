"""Kapacitet: the capacity forecast of the next 12 weeks for managers (and the administrator, one
organisation at a time, since one organisation's free times cannot serve another's citizens).

The page: the filters, the summary and what to publish, the table of the weeks with its chart
and CSV, and the free times per location; every demand number links to the citizens behind it
(paginated, each citizen shown or exported written to the access log). The figures come from
`capacity`.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.booking.models import Channel
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Location, Organisation

from . import capacity, charts
from .audit import people_read
from .capacity import Forecast, Week, WeekFigures
from .scope import BadParameter, is_administrator, organisation_for
from .tables import Cell, Table, TableRow
from .views import (
    _csv_response,
    _lang,
    _page,
    _page_links,
    _text_csv,
    _today,
    _url,
    _url_args,
    _with,
    manager_required,
)

STATUS_TAGS = {
    "short": ("error", _("Mangler tider")),
    "behind_plan": ("warning", _("Bagud i forhold til planen")),
    "enough": ("success", _("Nok tider")),
}
VIEW_LABELS = {"target": _("efter måldato"), "deadline": _("efter frist")}
PEOPLE_LABELS = {
    "all": _("Samtaler"),
    "in_person": _("Samtaler med personligt fremmøde"),
    "overdue": _("Overskredne samtaler"),
}


def _month(day: date) -> str:
    return date_format(day, "F")


def dates_label(week: Week) -> str:
    """``11.–17. januar 2027`` (``11–17 January 2027``), with both months or years where the
    week spans them."""
    first, last = week.monday, week.sunday
    danish = _lang() == "da"
    day = "{}." if danish else "{}"
    if first.month == last.month:
        start = day.format(first.day)
    elif first.year == last.year:
        start = f"{day.format(first.day)} {_month(first)} "
    else:
        start = f"{day.format(first.day)} {_month(first)} {first.year} "
    end = f"{day.format(last.day)} {_month(last)} {last.year}"
    dash = "–" if first.month == last.month else "– "
    return f"{start}{dash}{end}"


def week_label(week: Week) -> str:
    """``uge 2, 11.–17. januar 2027``."""
    return gettext("uge %(week)s, %(dates)s") % {"week": week.iso, "dates": dates_label(week)}


def short_week(week: Week) -> str:
    return gettext("uge %(week)s") % {"week": week.iso}


class CapacityForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    sted = forms.ChoiceField(label=_("Sted"), required=False)
    samtaleform = forms.ChoiceField(label=_("Samtaleform"), required=False)

    def __init__(
        self, data: Any, *, organisation: Organisation | None, administrator: bool
    ) -> None:
        super().__init__(data)
        if administrator:
            self._choices(
                "organisation",
                [("", _("Vælg en organisation"))]
                + [(str(o.pk), o.name) for o in Organisation.objects.order_by("kind", "name")],
            )
        else:
            del self.fields["organisation"]
        places = Location.objects.filter(organisation=organisation) if organisation else []
        self._choices(
            "sted",
            [("", _("Alle steder"))]
            + [(str(place.pk), place.name) for place in places]
            + [("0", _("Uden sted"))],
        )
        self._choices("samtaleform", [("", _("Alle samtaleformer")), *Channel.choices])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def _filters(
    request: HttpRequest, actor: Actor
) -> tuple[CapacityForm, Organisation | None, dict[str, str]]:
    """The form, the organisation and the location/channel asked for; a bad value is named at
    its field and every location and channel are shown."""
    administrator = is_administrator(actor)
    try:
        organisation = organisation_for(actor, request.GET.get("organisation"))
    except BadParameter:
        organisation = None  # not a number: the form names it at its field
    form = CapacityForm(request.GET, organisation=organisation, administrator=administrator)
    chosen = {"sted": "", "samtaleform": ""}
    if form.is_valid():
        chosen = {key: form.cleaned_data.get(key) or "" for key in chosen}
    if organisation is not None and administrator:
        chosen["organisation"] = str(organisation.pk)
    return form, organisation, chosen


def _people_url(params: dict[str, str], week: Week, view: str, people: str = "all") -> str:
    return _url(
        "statistics:capacity_people",
        {**params, "uge": str(week.number), "efter": view, "hvem": people},
    )


def _organisation_params(params: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in params.items() if key == "organisation"}


def publish_sentence(week: WeekFigures) -> str:
    """What to publish at the latest in the week to keep every deadline."""
    label = week_label(week.week)
    in_person, other = week.publish_in_person, week.publish_any
    if in_person and other:
        return gettext(
            "Udgiv %(in_person)s flere tider med personligt fremmøde og %(other)s flere tider i "
            "alle samtaleformer senest i %(week)s for at holde alle frister."
        ) % {"in_person": in_person, "other": other, "week": label}
    if in_person:
        return ngettext(
            "Udgiv %(count)s tid mere med personligt fremmøde senest i %(week)s for at holde "
            "alle frister.",
            "Udgiv %(count)s flere tider med personligt fremmøde senest i %(week)s for at holde "
            "alle frister.",
            in_person,
        ) % {"count": in_person, "week": label}
    return ngettext(
        "Udgiv %(count)s tid mere senest i %(week)s for at holde alle frister.",
        "Udgiv %(count)s flere tider senest i %(week)s for at holde alle frister.",
        other,
    ) % {"count": other, "week": label}


def behind_sentence(week: WeekFigures) -> str:
    return ngettext(
        "Planen lægger %(count)s samtale mere i %(week)s, end der er ledige tider; fristerne "
        "kan stadig holdes.",
        "Planen lægger %(count)s samtaler mere i %(week)s, end der er ledige tider; fristerne "
        "kan stadig holdes.",
        week.behind_plan,
    ) % {"count": week.behind_plan, "week": week_label(week.week)}


def summary_sentence(result: Forecast) -> str:
    first = result.first_short
    if first is None:
        return gettext(
            "%(org)s har ledige tider nok til at holde alle frister de næste %(weeks)s uger."
        ) % {"org": result.organisation.name, "weeks": capacity.WEEKS}
    return gettext(
        "For at holde alle frister de næste %(weeks)s uger mangler %(org)s %(count)s tider, "
        "heraf %(in_person)s med personligt fremmøde. Den første uge, der mangler tider, er "
        "%(week)s."
    ) % {
        "weeks": capacity.WEEKS,
        "org": result.organisation.name,
        "count": result.shortfall,
        "in_person": result.shortfall_in_person,
        "week": week_label(first.week),
    }


def _week_headers() -> list[str]:
    return [
        str(_("Efter måldato")),
        str(_("Efter måldato, personligt fremmøde")),
        str(_("Efter frist")),
        str(_("Efter frist, personligt fremmøde")),
        str(_("Ledige tider")),
        str(_("Ledige, personligt fremmøde")),
        str(_("Ledige, telefon")),
        str(_("Ledige, video")),
        str(_("Frister til og med ugen")),
        str(_("Ledige tider til og med ugen")),
        str(_("Skal udgives")),
    ]


def weeks_table(result: Forecast, params: dict[str, str]) -> Table:
    table = Table(
        slug="uger",
        title=str(_("Uge for uge")),
        summary="",
        label_header=str(_("Uge")),
        headers=_week_headers(),
        tag_header=str(_("Status")),
        note=gettext(
            "Samtaler, der endnu ikke er holdt eller booket, i ugen for deres måldato (planen) "
            "og deres frist (loven); samtaler, hvis frist er overskredet, tæller i uge 1. "
            "Ledige tider er alle organisationens steder."
        ),
    )
    for week in result.weeks:
        demand = [
            Cell(getattr(need, who), _people_url(params, week.week, view, people))
            for view, need in (("target", week.by_target), ("deadline", week.by_deadline))
            for who, people in (("total", "all"), ("in_person", "in_person"))
        ]
        table.rows.append(
            TableRow(
                capfirst(week_label(week.week)),
                [
                    *demand,
                    Cell(week.supply.total),
                    Cell(week.supply.in_person),
                    Cell(week.supply.phone),
                    Cell(week.supply.video),
                    Cell(week.due_so_far.total),
                    Cell(week.free_so_far.total),
                    Cell(week.publish),
                ],
                tag=_tag(week.status),
            )
        )
    table.summary = gettext(
        "Ledige tider og de tider, der skal udgives for at holde alle frister, uge for uge. "
    ) + summary_sentence(result)
    categories = [capfirst(short_week(week.week)) for week in result.weeks]
    spec = charts.stacked_bars(
        categories=categories,
        series=[("open", str(_("Ledige tider"))), ("overdue", str(_("Skal udgives")))],
        values=[
            {"category": label, "series": key, "value": value}
            for label, week in zip(categories, result.weeks, strict=True)
            for key, value in (("open", week.supply.total), ("overdue", week.publish))
        ],
        category_title=str(_("Uge")),
        value_title=str(_("Tider")),
        legend_title=str(_("Tider")),
    )
    table.chart = charts.render(spec, label_id=table.chart_id, lang=_lang())
    return table


def _tag(status: str) -> tuple[str, str]:
    colour, word = STATUS_TAGS[status]
    return colour, str(word)


def locations_table(result: Forecast, chosen: dict[str, str]) -> Table:
    channel = chosen.get("samtaleform", "")
    place = chosen.get("sted", "")
    names = dict(
        Location.objects.filter(
            pk__in=[row.location_id for row in result.locations if row.location_id]
        ).values_list("pk", "name")
    )
    rows = result.locations
    if place:
        rows = [row for row in rows if (row.location_id or 0) == int(place)]
    channel_name = dict(Channel.choices).get(channel, _("alle samtaleformer"))
    table = Table(
        slug="steder",
        title=str(_("Ledige tider efter sted")),
        summary="",
        label_header=str(_("Sted")),
        headers=[capfirst(short_week(week.week)) for week in result.weeks] + [str(_("I alt"))],
        note=gettext("Samtaleform: %(channel)s.") % {"channel": str(channel_name).lower()},
    )
    for row in rows:
        label = names.get(row.location_id or 0, gettext("Uden sted"))
        table.rows.append(
            TableRow(
                label,
                [Cell(supply.of(channel)) for supply in row.weeks] + [Cell(row.total.of(channel))],
            )
        )
    total = sum(row.total.of(channel) for row in rows)
    table.summary = ngettext(
        "%(count)s ledig tid de næste %(weeks)s uger på de valgte steder.",
        "%(count)s ledige tider de næste %(weeks)s uger på de valgte steder.",
        total,
    ) % {"count": total, "weeks": capacity.WEEKS}
    return table


def capacity_tables(result: Forecast, chosen: dict[str, str]) -> list[Table]:
    return [weeks_table(result, _organisation_params(chosen)), locations_table(result, chosen)]


@manager_required
def capacity_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    form, organisation, chosen = _filters(request, actor)
    context: dict[str, Any] = {"form": form, "organisation": organisation, "current": "capacity"}
    if organisation is not None:
        result = capacity.forecast(actor, organisation, _today())
        tables = capacity_tables(result, chosen)
        for table in tables:
            table.csv_url = _url_args("statistics:capacity_csv", table.slug, chosen)
        params = _organisation_params(chosen)
        week_one = result.weeks[0]
        context.update(
            {
                "result": result,
                "summary": summary_sentence(result),
                "actions": [publish_sentence(week) for week in result.weeks if week.publish],
                "warnings": [behind_sentence(week) for week in result.weeks if week.behind_plan],
                "overdue": week_one.overdue.total,
                "overdue_url": _people_url(params, week_one.week, "deadline", "overdue"),
                "tables": tables,
                "query": urlencode(chosen),
            }
        )
    return render(request, "statistics/capacity.html", context)


@manager_required
def capacity_csv(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    _, organisation, chosen = _filters(request, actor)
    if organisation is None:
        raise Http404
    result = capacity.forecast(actor, organisation, _today())
    for table in capacity_tables(result, chosen):
        if table.slug == slug:
            return _csv_response(table, f"kapacitet-{result.weeks[0].week.key}")
    raise Http404


@manager_required
def capacity_people(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The interviews (and their citizens) behind one demand number of the forecast."""
    _, organisation, chosen = _filters(request, actor)
    number = request.GET.get("uge", "")
    view = request.GET.get("efter", "")
    who = request.GET.get("hvem", "all")
    if (
        organisation is None
        or not number.isdigit()
        or not 1 <= int(number) <= capacity.WEEKS
        or view not in capacity.VIEWS
        or who not in capacity.PEOPLE
    ):
        raise Http404
    today = _today()
    week = capacity.weeks_from(today)[int(number) - 1]
    items = capacity.listed(actor, organisation, today, week, view, who)
    title = gettext("%(who)s %(view)s i %(week)s") % {
        "who": PEOPLE_LABELS[who],
        "view": VIEW_LABELS[view],
        "week": week_label(week),
    }
    why = f"Kapacitet: {view} {who} {week.key}"
    if request.GET.get("format") == "csv":
        return _interviews_csv(actor, items, title, why, week)
    page = _page(request, items)
    people_read(actor, [item.citizen for item in page.object_list], why)
    return render(
        request,
        "statistics/capacity_people.html",
        {
            "title": title,
            "filters": [organisation.name],
            "page": page,
            "rows": list(page.object_list),
            "links": _page_links(request, page),
            "csv_url": f"?{_with(request, format='csv')}",
            "back": _url("statistics:capacity", _organisation_params(chosen)),
            "case_links": actor.user is not None and actor.user.is_staff_member,
            "current": "capacity",
        },
    )


def _interviews_csv(actor: Actor, items: Any, title: str, why: str, week: Week) -> HttpResponse:
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
            str(_("Måldato")),
            str(_("Frist")),
            str(_("Samtaleform")),
        ],
    )
    for item in rows:
        table.rows.append(
            TableRow(
                item.citizen.name,
                [
                    Cell(item.citizen.masked_cpr),
                    Cell(item.number),
                    Cell(item.target_date.isoformat() if item.target_date else ""),
                    Cell(item.deadline.isoformat()),
                    Cell(item.required_channel or "any"),
                ],
            )
        )
    return _text_csv(table, f"samtaler-{week.key}")
