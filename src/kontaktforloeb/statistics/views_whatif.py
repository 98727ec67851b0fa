"""Hvad nu hvis (mounted at /statistik/hvad-nu-hvis/): a manager chooses a ruleset and values for
a few parameters and sees, for the organisation's citizens (the administrator: one organisation
or the whole country), the interviews asked for week by week, the overdue interviews and the
timeliness under the law in force and under the scenario, side by side, as charts and tables.

A GET form: nothing is stored. A bad value is named at its field, in the page's language, and no
figures are shown until the scenario is valid. The figures come from `whatif_pool.figures`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation
from kontaktforloeb.rules import RULESETS

from . import charts, whatif, whatif_pool
from .forms import holder_label
from .scope import HOLDERS, BadParameter, is_administrator, organisation_for
from .tables import Cell, Table, TableRow
from .views import _today, manager_required

SIDES = (("today", _("I dag")), ("scenario", _("Scenariet")))
# The two sides' colours: the law in force grey, the scenario DKFDS blue.
SIDE_COLOURS = ("#747474", charts.COLOURS["open"])


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def rules_label(ruleset_id: str) -> str:
    """A ruleset by its id and first day: "RS2026-07, fra 1. juli 2026"."""
    first = date_format(
        RULESETS[ruleset_id].effective_from, "j. F Y" if _lang() == "da" else "j F Y"
    )
    return gettext("%(ruleset)s, fra %(date)s") % {"ruleset": ruleset_id, "date": first}


class WhatIfForm(forms.Form):
    regelsaet = forms.ChoiceField(label=_("Regler"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    uger = forms.ChoiceField(
        label=_("Uger frem"), required=False, choices=[(str(w), str(w)) for w in whatif.WEEKS]
    )

    def __init__(self, data: Any, *, administrator: bool, today: date) -> None:
        super().__init__(data)
        self.today = today
        rulesets = self.fields["regelsaet"]
        assert isinstance(rulesets, forms.ChoiceField)
        rulesets.choices = [("", _("Loven, som den gælder for hvert forløb"))] + [
            (ruleset_id, rules_label(ruleset_id)) for ruleset_id in RULESETS
        ]
        rulesets.help_text = _(
            "Et regelsæt gælder her for alle forløb; loven, som den gælder, vælger for hvert "
            "forløb reglerne fra dets start (og fra 1. juli 2026 for vinduer, der stod åbne)."
        )
        if administrator:
            organisations = self.fields["organisation"]
            assert isinstance(organisations, forms.ChoiceField)
            organisations.choices = [("", _("Hele landet"))] + [
                (str(o.pk), o.name)
                for o in Organisation.objects.exclude(kind=Organisation.Kind.ANDEN_AKTOER).order_by(
                    "kind", "name"
                )
            ]
        else:
            del self.fields["organisation"]
        for knob in whatif.KNOBS:
            self.fields[knob.key] = forms.CharField(
                label=knob.label,
                required=False,
                help_text=_("%(minimum)s–%(maximum)s; tomt: som reglerne siger.")
                % {"minimum": knob.minimum, "maximum": knob.maximum},
                widget=forms.TextInput(
                    attrs={"class": "form-input input-width-xs", "inputmode": "numeric"}
                ),
            )

    @property
    def knob_fields(self) -> list[forms.BoundField]:
        return [self[knob.key] for knob in whatif.KNOBS]

    def scenario(self) -> tuple[whatif.Scenario, int] | None:
        """The scenario and weeks asked for, or None with each bad value named at its field."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        weeks = whatif.WEEKS[0]
        try:
            weeks = whatif.weeks_from(data.get("uger"))
        except BadParameter as error:
            self.add_error("uger", error.message(_lang()))
        for knob in whatif.KNOBS:
            given = data.get(knob.key) or ""
            if given.strip():
                try:
                    knob.value(given)
                except BadParameter as error:
                    self.add_error(knob.key, error.message(_lang()))
        if self.errors:
            return None
        scenario = whatif.scenario_from(
            data.get("regelsaet"), {knob.key: data.get(knob.key) for knob in whatif.KNOBS}
        )
        return scenario, weeks


def describe(scenario: whatif.Scenario) -> str:
    """The scenario in words: its rules and the values it replaces."""
    if scenario.ruleset:
        rules = gettext("%(ruleset)s for alle forløb") % {"ruleset": scenario.ruleset}
    else:
        rules = gettext("loven, som den gælder")
    changes = [
        f"{knob.label}: {str(value).removesuffix('.00')}"
        for knob in whatif.KNOBS
        if (value := scenario.value_of(knob)) is not None
    ]
    return "; ".join([rules, *changes])


def _difference(today: int, scenario: int) -> Cell:
    difference = scenario - today
    return Cell(f"{difference:+d}" if difference else "0")


def _side_by_side(spec: dict[str, Any], horizontal: bool = False) -> dict[str, Any]:
    """A chart of ``charts.stacked_bars`` with the two sides beside each other, not stacked."""
    encoding = spec["encoding"]
    value, offset = ("x", "yOffset") if horizontal else ("y", "xOffset")
    encoding[value]["stack"] = None
    encoding[offset] = {"field": "series", "sort": [str(label) for _, label in SIDES]}
    encoding["color"]["scale"]["range"] = list(SIDE_COLOURS)
    return spec


def _week_label(monday: date) -> str:
    return gettext("Uge %(week)s (%(day)s)") % {
        "week": monday.isocalendar().week,
        "day": date_format(monday, "j. b." if _lang() == "da" else "M j"),
    }


def _headers() -> list[str]:
    return [str(label) for _, label in SIDES] + [gettext("Forskel")]


def demand_table(found: whatif.WhatIf) -> Table:
    weeks = [_week_label(monday) for monday in found.mondays]
    today, scenario = found.today, found.result
    table = Table(
        slug="samtaler-pr-uge",
        title=gettext("Samtaler, der skal holdes, uge for uge"),
        summary=gettext(
            "I de næste %(weeks)s uger skal der holdes %(scenario)s samtaler med scenariet mod "
            "%(today)s i dag (%(difference)s)."
        )
        % {
            "weeks": found.weeks,
            "scenario": scenario.demand_total,
            "today": today.demand_total,
            "difference": _difference(today.demand_total, scenario.demand_total).text,
        },
        label_header=gettext("Uge"),
        headers=_headers(),
    )
    for week, label in enumerate(weeks):
        a, b = today.week_total(week), scenario.week_total(week)
        table.rows.append(TableRow(label, [Cell(a), Cell(b), _difference(a, b)]))
    spec = charts.stacked_bars(
        categories=weeks,
        series=[(key, str(label)) for key, label in SIDES],
        values=[
            {"category": label, "series": key, "value": side.week_total(week)}
            for week, label in enumerate(weeks)
            for key, side in (("today", today), ("scenario", scenario))
        ],
        category_title=gettext("Uge (fristen)"),
        value_title=gettext("Samtaler"),
        legend_title="",
    )
    table.chart = charts.render(_side_by_side(spec), label_id=table.chart_id, lang=_lang())
    return table


def overdue_table(found: whatif.WhatIf, today_day: date) -> Table:
    today, scenario = found.today, found.result
    labels = [holder_label(holder, today_day) for holder in HOLDERS]
    table = Table(
        slug="overskredne",
        title=gettext("Overskredne samtaler i dag"),
        summary=gettext(
            "Med scenariet ville %(scenario)s samtaler være overskredet i dag mod %(today)s."
        )
        % {"scenario": scenario.overdue_total, "today": today.overdue_total},
        label_header=gettext("Holder samtalen"),
        headers=_headers(),
    )
    for index, label in enumerate(labels):
        a, b = today.overdue[index], scenario.overdue[index]
        table.rows.append(TableRow(label, [Cell(a), Cell(b), _difference(a, b)]))
    a, b = today.overdue_total, scenario.overdue_total
    table.rows.append(TableRow(gettext("I alt"), [Cell(a), Cell(b), _difference(a, b)]))
    spec = charts.stacked_bars(
        categories=labels,
        series=[(key, str(label)) for key, label in SIDES],
        values=[
            {"category": label, "series": key, "value": side.overdue[index]}
            for index, label in enumerate(labels)
            for key, side in (("today", today), ("scenario", scenario))
        ],
        category_title=gettext("Holder samtalen"),
        value_title=gettext("Samtaler"),
        legend_title="",
        horizontal=True,
    )
    table.chart = charts.render(
        _side_by_side(spec, horizontal=True), label_id=table.chart_id, lang=_lang()
    )
    return table


def timeliness_table(found: whatif.WhatIf) -> Table:
    today, scenario = found.today, found.result
    table = Table(
        slug="rettidighed",
        title=gettext("Rettidighed de seneste %(weeks)s uger") % {"weeks": found.weeks},
        summary=gettext(
            "Af samtalerne med frist i de seneste %(weeks)s uger var %(scenario)s holdt til "
            "tiden med scenariets frister mod %(today)s i dag."
        )
        % {
            "weeks": found.weeks,
            "scenario": Cell(scenario.timeliness, percent=True).text,
            "today": Cell(today.timeliness, percent=True).text,
        },
        label_header=gettext("Samtaler"),
        headers=_headers(),
    )
    for label, a, b in (
        (gettext("Holdt til tiden"), today.on_time, scenario.on_time),
        (gettext("Holdt for sent"), today.late, scenario.late),
        (gettext("Overskredet"), today.past_overdue, scenario.past_overdue),
    ):
        table.rows.append(TableRow(label, [Cell(a), Cell(b), _difference(a, b)]))
    rate_a, rate_b = today.timeliness, scenario.timeliness
    change = (
        Cell(None)
        if rate_a is None or rate_b is None
        else Cell(f"{rate_b - rate_a:+.1f} %".replace(".", "," if _lang() == "da" else "."))
    )
    table.rows.append(
        TableRow(
            gettext("Rettidighed"),
            [Cell(rate_a, percent=True), Cell(rate_b, percent=True), change],
        )
    )
    return table


@manager_required
def whatif_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    today = _today()
    administrator = is_administrator(actor)
    asked = "regelsaet" in request.GET
    form = WhatIfForm(request.GET if asked else None, administrator=administrator, today=today)
    context: dict[str, Any] = {"form": form, "asked": asked, "tables": []}
    organisation: Organisation | None = None
    try:
        organisation = organisation_for(actor, request.GET.get("organisation") if asked else None)
    except BadParameter as error:
        form.is_valid()
        if "organisation" in form.fields and "organisation" not in form.errors:
            form.add_error("organisation", error.message(_lang()))
        organisation = organisation_for(actor, None)  # a manager's own; nothing chosen else
    chosen = form.scenario() if asked and not form.errors else None
    if chosen is not None:
        scenario, weeks = chosen
        found = whatif_pool.figures(organisation, scenario, today, weeks)
        context["found"] = found
        context["scenario_words"] = describe(scenario)
        context["tables"] = [
            demand_table(found),
            overdue_table(found, today),
            timeliness_table(found),
        ]
    context["organisation_name"] = (
        organisation.name if organisation is not None else gettext("hele landet")
    )
    return render(request, "statistics/whatif.html", context)
