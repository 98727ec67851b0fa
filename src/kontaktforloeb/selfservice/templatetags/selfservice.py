"""Template helpers of the citizen's pages: whether a reason is the system's own interpretation,
and the consequence's "what can I do" in plain words."""

from __future__ import annotations

from django import template
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kontaktforloeb.cases.models import PlanItem
from kontaktforloeb.web import words

register = template.Library()

# Citations of product decisions start like this in the parameter files (Danish and English).
_INTERPRETED = ("produktbeslutning", "product decision")


@register.filter
def interpreted(reason: dict[str, str]) -> bool:
    """True where the law is silent and the system made a documented choice ([D] in RULES.md)."""
    citation = reason.get("citation", "").lower()
    return citation.startswith(_INTERPRETED) or "fortolkning" in reason.get("da", "")


@register.filter
def what_to_do(item: PlanItem) -> str:
    """What the citizen can do about a consequence; the municipality is named in the words of the
    consequence's date (R68)."""
    municipality = words.holder_name("jobcenter", item.earliest, get_language() or "da")
    if item.subtype == "deregistered":
        return _(
            "Meld dig ledig igen på jobnet.dk eller hos %(municipality)s. Så får du en ny frist "
            "for at booke, og du kan få dagpenge igen fra den dag, du er tilmeldt."
        ) % {"municipality": municipality}
    if item.subtype == "deduction_basis":
        return _(
            "Book din samtale nu. Fradraget gælder kun til dagen før, du booker. %(municipality)s "
            "afgør, om du bliver trukket i hjælpen, og du får besked, før det sker."
        ) % {"municipality": capfirst(municipality)}
    if item.subtype == "lost_day":
        return _(
            "Kontakt din a-kasse eller %(municipality)s hurtigst muligt. Har du haft lovligt "
            "fravær, så fortæl dem hvorfor; så kan dagen blive godkendt."
        ) % {"municipality": municipality}
    return ""
