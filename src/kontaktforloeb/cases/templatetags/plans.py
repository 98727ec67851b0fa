"""Template helpers for plan rows: the reason in the reader's language, labels and status tags."""

from __future__ import annotations

from django import template
from django.utils.text import capfirst
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from kontaktforloeb.cases.models import PlanItem
from kontaktforloeb.web import words

register = template.Library()


@register.filter
def reason_text(reason: dict[str, str]) -> str:
    return reason["en"] if (get_language() or "da").startswith("en") else reason["da"]


def _holder(item: PlanItem) -> str:
    """`a-kassen`, or `kommunen` / `jobcentret` by the item's date (R68); the other actor the
    citizen chose by its name (R73)."""
    organisation = item.citizen.other_actor if item.holder == "anden_aktoer" else None
    return words.holder_name(
        item.holder, words.item_day(item), get_language() or "da", organisation, yours=False
    )


@register.filter
def item_label(item: PlanItem) -> str:
    if item.kind == PlanItem.Kind.INTERVIEW:
        label = _("Samtale %(number)s med %(holder)s") % {
            "number": item.number,
            "holder": _holder(item),
        }
        if item.joint == "required":
            label += " " + _("(fælles samtale med a-kassen)")
        elif item.joint == "optional":
            label += " " + _("(a-kassen kan deltage, hvis du ønsker det)")
        return label
    if item.kind == PlanItem.Kind.HANDOVER and item.holder == "anden_aktoer":  # R73
        return _("%(holder)s overtager fra %(actor)s") % {
            "holder": capfirst(
                words.holder_name("jobcenter", item.deadline, get_language() or "da")
            ),
            "actor": _holder(item),
        }
    if item.kind == PlanItem.Kind.HANDOVER:
        return _("%(holder)s overtager fra a-kassen") % {
            "holder": capfirst(
                words.holder_name("jobcenter", item.deadline, get_language() or "da")
            )
        }
    if item.kind == PlanItem.Kind.CV:
        return _("CV skal være fyldestgørende og søgbart (godkendes af %(holder)s)") % {
            "holder": _holder(item)
        }
    if item.kind == PlanItem.Kind.JOBLOG:
        return _("Joblog")
    if item.kind == PlanItem.Kind.OFFER:
        return _("Tilbud inden for de første seks måneder")
    if item.kind == PlanItem.Kind.BOOKING_DEADLINE:
        return _("Frist for at booke samtale %(number)s") % {"number": item.number or ""}
    return {
        "deregistered": _("Afmeldt som jobsøgende"),
        "deduction_basis": _("Grundlag for fradrag i hjælpen"),
        "lost_day": _("Mistet dagpengedag"),
    }.get(item.subtype, item.subtype)


_STATUS = {
    "upcoming": ("info", pgettext_lazy("plan status", "Kommende")),
    "open": ("info", pgettext_lazy("plan status", "Åben")),
    "booked": ("success", pgettext_lazy("plan status", "Booket")),
    "held": ("success", pgettext_lazy("plan status", "Afholdt")),
    "held_late": ("warning", pgettext_lazy("plan status", "Afholdt for sent")),
    "overdue": ("error", pgettext_lazy("plan status", "Overskredet")),
    "cancelled": ("info", pgettext_lazy("plan status", "Bortfaldet")),
    "missing": ("warning", pgettext_lazy("plan status", "Mangler")),
    "published": ("info", pgettext_lazy("plan status", "Afventer godkendelse")),
    "approved": ("success", pgettext_lazy("plan status", "Godkendt")),
    "required": ("info", pgettext_lazy("plan status", "Skal føres")),
    "not_required": ("success", pgettext_lazy("plan status", "Ikke krævet")),
    "closed": ("info", pgettext_lazy("plan status", "Afsluttet")),
    # R65, R67: excused from interviews or from the offer.
    "exempted": ("info", pgettext_lazy("plan status", "Undtaget")),
    "fulfilled": ("success", pgettext_lazy("plan status", "Opfyldt")),
    "late": ("warning", pgettext_lazy("plan status", "Begyndt for sent")),
    # A consequence the deciding organisation has decided (R25, R26, R48, R49).
    "decided": ("success", pgettext_lazy("plan status", "Afgjort")),
}


@register.inclusion_tag("cases/_status.html")
def provisional_tag() -> dict[str, str]:
    """R70: a date that rests on a rule not yet final law; its reason is under "Hvorfor?"."""
    return {"colour": "warning", "label": str(pgettext_lazy("plan status", "Foreløbig"))}


@register.inclusion_tag("cases/_status.html")
def status_tag(status: str) -> dict[str, str]:
    """Status as a word and a colour, never colour alone."""
    colour, label = _STATUS.get(status, ("info", status))
    return {"colour": colour, "label": str(label)}
