"""Deciding a consequence on the case page (R25, R26, R48, R49): "Afgør" next to each
consequence the rules found, with the decision and a reason. Only the deciding organisation gets
the form (`cases.consequences.decides`): for another organisation that sees the citizen the page
is 404, as for any case action that is not its own. A refusal is shown at the form in the user's
language with what was typed kept; nothing is stored."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.cases.consequences import (
    NotDecider,
    consequence_decide,
    consequence_item,
    decided_by,
    decides,
)
from kontaktforloeb.cases.models import Citizen, PlanItem
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.rules import BookingRuleError, format_date
from kontaktforloeb.web.views import staff_required

from .actions import _after, _page, _refuse, case_citizen, language
from .forms import _radios, _text
from .worklists import consequence_name

DECISIONS = [
    ("imposed", _("Konsekvensen gennemføres")),
    ("not_imposed", _("Konsekvensen gennemføres ikke")),
]


class ConsequenceDecisionForm(forms.Form):
    decision = _radios(_("Afgørelse"), DECISIONS, missing=_("Vælg din afgørelse."))
    reason = _text(_("Begrundelse"), missing=_("Skriv en begrundelse for afgørelsen."))


def decision_form(actor: Actor, citizen: Citizen, item: PlanItem) -> ConsequenceDecisionForm | None:
    """The small form next to a consequence on the case page, when the actor decides it and it
    is not decided yet; its prefix keeps the ids of several forms on one page apart."""
    if item.decision_id is not None or not decides(actor, citizen, item.subtype):
        return None
    return ConsequenceDecisionForm(prefix=f"k{item.pk}")


def _consequence(actor: Actor, citizen: Citizen, consequence: str, day: str) -> PlanItem:
    try:
        from_date = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    item = consequence_item(citizen, consequence, from_date)
    if item is None or not decides(actor, citizen, consequence):
        raise Http404
    return item


@staff_required
def consequence_decide_view(
    request: HttpRequest, actor: Actor, citizen_id: int, consequence: str, day: str
) -> HttpResponse:
    citizen = case_citizen(actor, citizen_id)
    item = _consequence(actor, citizen, consequence, day)
    prefix = request.POST.get("form_prefix", "")
    form = ConsequenceDecisionForm(
        request.POST if request.method == "POST" else None,
        prefix=prefix if re.fullmatch(r"k\d+", prefix) else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consequence_decide(
                actor=actor,
                citizen=citizen,
                consequence_type=item.subtype,
                from_date=item.earliest or date.min,
                decision=data["decision"],
                reason=data["reason"],
            )
        except NotDecider as error:
            raise Http404 from error
        except BookingRuleError as error:
            _refuse(form, error, "reason" if "begrundelse" in error.message_da else None)
        else:
            messages.success(request, gettext("Afgørelsen er registreret."))
            return _after(request, citizen)
    elif item.decision is not None:
        form.add_error(
            None,
            gettext("Konsekvensen er allerede afgjort %(date)s af %(who)s.")
            % {
                "date": format_date(item.decision.date, language()),
                "who": decided_by(item.decision),
            },
        )
    start = format_date(item.earliest or date.min, language())
    return _page(
        request,
        citizen,
        form,
        title=_("Afgør konsekvens"),
        intro=gettext(
            "%(what)s fra %(date)s. Din organisation afgør, om konsekvensen gennemføres, og "
            "skriver hvorfor. Afgørelsen står i sagen og på listen over konsekvenser."
        )
        % {"what": capfirst(consequence_name(item.subtype)), "date": start},
        submit=_("Afgør"),
    )
