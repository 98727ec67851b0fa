"""Template filters of the CV pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def cvmonth(value: str | None) -> str:
    """An ISO date stored in the CV as the month people write on a CV: `september 2020`."""
    if not value:
        return ""
    return date_format(date.fromisoformat(value), "F Y")
