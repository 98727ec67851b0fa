"""Template tags and filters: dates the way people read them (`fredag 4. oktober 2024`, `kl. 10.30`),
names of people, organisations, groups and events in plain words, and form fields in DKFDS markup."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kontaktforloeb.web import words

register = template.Library()


def _is_danish() -> bool:
    return (get_language() or "da").startswith("da")


@register.filter
def longdate(value: date | datetime | None) -> str:
    """`fredag 4. oktober 2024` in Danish, `Friday 4 October 2024` in English."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "l j. F Y" if _is_danish() else "l j F Y")


@register.filter
def clock(value: datetime | None) -> str:
    """`kl. 10.30` in Danish, `10:30` in English."""
    if value is None:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"kl. {value:%H.%M}" if _is_danish() else f"{value:%H:%M}"


@register.filter
def longdatetime(value: datetime | None) -> str:
    """`fredag 4. oktober 2024 kl. 10.30` in Danish, `Friday 4 October 2024 at 10:30` in English."""
    if value is None:
        return ""
    if _is_danish():
        return f"{longdate(value)} {clock(value)}"
    return f"{longdate(value)} at {clock(value)}"


@register.simple_tag
def display_name(user: Any) -> str:
    """The name a person recognises: a citizen's name from the case, else the user's full name."""
    if getattr(user, "is_citizen", False):
        citizen = getattr(user, "citizen", None)
        if citizen is not None:
            return str(citizen.name)
    return str(user.get_full_name() or user.get_username())


@register.simple_tag
def holder_name(
    holder: str, day: date | datetime | None = None, organisation: Any = None, yours: bool = True
) -> str:
    """Who holds it, in the reader's language and the words of `day` (R68): the organisation's
    name when given, else `kommunen` or `jobcentret`, `din a-kasse` (`a-kassen` with
    `yours=False`). Use `as` and `capfirst` at the start of a sentence."""
    return words.holder_name(holder, day, get_language() or "da", organisation, yours=yours)


@register.filter
def says_kommunen(day: date | datetime | None) -> bool:
    """Whether a text about `day` says kommunen rather than jobcentret (R68)."""
    return words.says_kommunen(day)


@register.filter
def says_kontanthjaelp(day: date | datetime | None) -> bool:
    """Whether uddannelseshjælp is paid as kontanthjælp on `day` (R69)."""
    return words.says_kontanthjaelp(day)


@register.filter
def group_name(group: str, day: date | datetime | None = None) -> str:
    """`uddannelseshjaelp_uddannelsesparat` → `uddannelsesparat kontanthjælpsmodtager` (R69,
    from 1 July 2025; the day defaults to today)."""
    return words.group_name(group, day, get_language() or "da")


# The event vocabulary of the `plan` contract, in plain words.
EVENT_LABELS = {
    "registered": _("Tilmeldt som ledig"),
    "group_changed": _("Ny ydelse eller målgruppe"),
    "dagpenge_paid": _("Dagpenge udbetalt"),
    "interview_held": _("Samtale holdt"),
    "interview_missed": _("Samtale ikke holdt"),
    "booking_deadline_issued": _("Frist for at booke samtale"),
    "booked": _("Samtale booket"),
    "booking_cancelled": _("Booking aflyst"),
    "akasse_participation": _("Valg om a-kassens deltagelse"),
    "job_start_documented": _("Start i job dokumenteret"),
    "sick": _("Sygemeldt"),
    "cv_published": _("CV offentliggjort"),
    "cv_approved": _("CV godkendt"),
    "selfbooking_exempted": _("Fritaget for selvbooking"),
    "selfbooking_withdrawn": _("Selvbooking frataget"),
    "selfbooking_restored": _("Selvbooking genoprettet"),
    "deregistered": _("Afmeldt som ledig"),
    "reregistered": _("Tilmeldt igen"),
    "trial_assigned": _("Forsøg: hvem holder de første måneder"),
}


@register.filter
def event_label(event_type: str) -> str:
    """`interview_held` → `Samtale holdt`; an unknown type is shown as it is."""
    label = EVENT_LABELS.get(event_type)
    return str(label) if label is not None else event_type


# Reasons staff pages write to the access log; stored in Danish, shown in the reader's language.
ACCESS_REASONS = (gettext_noop("Sagen åbnet"), gettext_noop("Fuldt CPR-nummer vist"))


@register.filter
def access_reason(reason: str) -> str:
    return gettext(reason) if reason in ACCESS_REASONS else reason


@register.filter
def page_numbers(page: Page[Any]) -> list[int | None]:
    """The page numbers to offer around the current page; None where some are left out."""
    return [
        int(number) if isinstance(number, int) or str(number).isdigit() else None
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]


@register.simple_tag
def field_widget(field: BoundField, extra_errors: Any = None) -> SafeString:
    """The field's input with DKFDS classes, pointing to its hint and error message."""
    widget_class = field.field.widget.attrs.get("class", "")
    attrs: dict[str, str | bool] = {}
    if "form-input" not in widget_class.split():
        attrs["class"] = f"{widget_class} form-input".strip()
    described_by = []
    if field.errors or extra_errors:
        described_by.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if field.help_text:
        described_by.append(f"{field.id_for_label}-hint")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
