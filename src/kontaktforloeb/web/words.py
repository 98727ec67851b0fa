"""Words for people that follow the law's own words over time (RULES-2026.md §4).

R68: from 1 February 2026 the law says *kommunen* where it said *jobcentret*, and a municipality
may organise its effort without a jobcentre. The holder id stays `jobcenter` (ids, API fields and
enum values never change); what a person reads depends on the day the text is about: an item's
deadline, else its date, else today. Where a page knows the organisation, its own name is used
instead: a municipality may still call its unit "Jobcenter København", and that is its name.

R69: from 1 July 2025 uddannelseshjælp is paid as kontanthjælp. The group ids stay, the names
change.

Every function takes the language (`da` or `en`) and returns the words as they stand inside a
sentence; capitalise with `django.utils.text.capfirst` at the start of one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from kontaktforloeb.rules.parameters import ParameterError, default_parameters

KOMMUNEN_FROM = "words/kommunen_from"

# R69: the names of the uddannelseshjælp groups change on 1 July 2025. RULES-2026.md rests this
# on secondary sources only ([M]) and the rules engine does not use the names, so the boundary is
# kept here rather than as a parameter of the rules.
BENEFIT_NAMES_FROM = date(2025, 7, 1)

_JOBCENTRE = {"da": "jobcentret", "en": "the jobcentre"}
_MUNICIPALITY = {"da": "kommunen", "en": "the municipality"}
_YOUR_AKASSE = {"da": "din a-kasse", "en": "your a-kasse"}
_THE_AKASSE = {"da": "a-kassen", "en": "the a-kasse"}
# R73: another actor (anden aktør) may hold the first months in the free-choice trial.
_OTHER_ACTOR = {"da": "den anden aktør", "en": "the other actor"}

_GROUPS = {
    "dagpenge": ("dagpengemodtager", "recipient of dagpenge"),
    "kontanthjaelp_jobparat": (
        "jobparat kontanthjælpsmodtager",
        "job-ready recipient of kontanthjælp",
    ),
    "kontanthjaelp_aktivitetsparat": (
        "aktivitetsparat kontanthjælpsmodtager",
        "activity-ready recipient of kontanthjælp",
    ),
    "uddannelseshjaelp_uddannelsesparat": (
        "uddannelsesparat uddannelseshjælpsmodtager",
        "education-ready recipient of uddannelseshjælp",
    ),
    "uddannelseshjaelp_aktivitetsparat": (
        "aktivitetsparat uddannelseshjælpsmodtager",
        "activity-ready recipient of uddannelseshjælp",
    ),
}
# R69: the names from 1 July 2025.
_GROUPS_FROM_2025_07 = {
    **_GROUPS,
    "uddannelseshjaelp_uddannelsesparat": (
        "uddannelsesparat kontanthjælpsmodtager",
        "education-ready recipient of kontanthjælp",
    ),
    "uddannelseshjaelp_aktivitetsparat": (
        "aktivitetsparat kontanthjælpsmodtager under 30 uden uddannelse",
        "activity-ready recipient of kontanthjælp under 30 without education",
    ),
}
GROUPS = tuple(_GROUPS)


def language(lang: str | None) -> str:
    """`en` for any English language code, else `da`."""
    return "en" if (lang or "da").startswith("en") else "da"


def as_day(day: date | datetime | None) -> date:
    """The day a text is about: a date as it is, a moment as its Danish day, None as today."""
    if day is None:
        return timezone.localdate()
    if isinstance(day, datetime):
        return timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day


def item_day(item: Any) -> date | None:
    """The day an item's words follow: its deadline, else its date (None: today)."""
    for name in ("deadline", "earliest", "held_on", "date", "start"):
        value = getattr(item, name, None)
        if isinstance(value, date):
            return value
    return None


def kommunen_from(day: date | datetime | None = None) -> date | None:
    """The first day on which the law says kommunen (R68), as the rules' parameter in force on
    `day` has it; None where no value is in force (before the parameter's first value)."""
    try:
        value = default_parameters().value(KOMMUNEN_FROM, as_day(day)).value
    except ParameterError:
        return None
    return date.fromisoformat(str(value))


def says_kommunen(day: date | datetime | None = None) -> bool:
    """True where a text about `day` says kommunen / the municipality (R68)."""
    on = as_day(day)
    start = kommunen_from(on)
    return start is not None and on >= start


def says_kontanthjaelp(day: date | datetime | None = None) -> bool:
    """True where uddannelseshjælp is paid as kontanthjælp on `day` (R69)."""
    return as_day(day) >= BENEFIT_NAMES_FROM


def municipality_word(day: date | datetime | None, lang: str) -> str:
    """`kommunen` / `the municipality` from R68's date, `jobcentret` / `the jobcentre` before."""
    words = _MUNICIPALITY if says_kommunen(day) else _JOBCENTRE
    return words[language(lang)]


def holder_name(
    holder: str,
    day: date | datetime | None,
    lang: str,
    organisation: Any = None,
    *,
    yours: bool = True,
) -> str:
    """Who holds something, in the words of the day it is about.

    `akasse`: the organisation's name, else "din a-kasse" / "your a-kasse" ("a-kassen" / "the
    a-kasse" with `yours=False`, for staff). `anden_aktoer`: the name, else "den anden aktør".
    `jobcenter` (and anything else): the organisation's own name when given; otherwise
    "kommunen" / "the municipality" for a day from R68's date, "jobcentret" / "the jobcentre"
    before it.
    """
    name = str(getattr(organisation, "name", "") or "") if organisation is not None else ""
    if name:
        return name
    lang = language(lang)
    if holder == "akasse":
        return (_YOUR_AKASSE if yours else _THE_AKASSE)[lang]
    if holder == "anden_aktoer":
        return _OTHER_ACTOR[lang]
    return municipality_word(day, lang)


def group_name(group: str, day: date | datetime | None, lang: str) -> str:
    """The target group as a person is called on `day` (R69 from 1 July 2025); an unknown id is
    returned as it is."""
    names = _GROUPS_FROM_2025_07 if says_kontanthjaelp(day) else _GROUPS
    pair = names.get(group)
    if pair is None:
        return group
    return pair[1] if language(lang) == "en" else pair[0]
