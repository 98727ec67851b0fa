"""Who may see the statistics, of which organisation, and the month and filters asked for.

Managers (role ``manager``) see their own organisation; the administrator sees every
organisation, all together or one at a time; another system with an organisation's API key sees
that organisation's figures (the API). Everyone else is refused: caseworkers and citizens get
404 on the pages (the pages are not theirs) and 403 from the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.organisations.models import Organisation, User
from kontaktforloeb.web import words

HOLDERS = ("akasse", "jobcenter", "anden_aktoer")
GROUPS = words.GROUPS
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# The months a figure may be asked for: the first ruleset's start to a few years ahead.
FIRST_YEAR, LAST_YEAR = 2015, 2040


class BadParameter(ValueError):
    """A parameter that is not one of the values it can take: 422 in the API."""

    def __init__(self, name: str, message_da: str, message_en: str) -> None:
        super().__init__(message_en)
        self.name = name
        self.message_da = message_da
        self.message_en = message_en

    def message(self, lang: str) -> str:
        return self.message_en if lang.startswith("en") else self.message_da


class NotAllowed(Exception):
    """The actor may not see statistics (a caseworker, a citizen): 404 on pages, 403 in the API."""


class OrganisationNotFound(Exception):
    """The organisation asked for does not exist or is not the actor's: 404."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, value: str | None, default: date, name: str = "month") -> Month:
        """``YYYY-MM``; empty gives the month of ``default``."""
        if not value:
            return cls.of(default)
        found = _MONTH.match(value.strip())
        if found is None or not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
            raise BadParameter(
                name,
                f"Måneden skal skrives ÅÅÅÅ-MM mellem {FIRST_YEAR} og {LAST_YEAR}, "
                f"fx 2026-08, ikke »{value}«.",
                f"The month must be written YYYY-MM between {FIRST_YEAR} and {LAST_YEAR}, "
                f"e.g. 2026-08, not '{value}'.",
            )
        return cls(int(found.group(1)), int(found.group(2)))

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.first + relativedelta(months=1) - timedelta(days=1)

    def plus(self, months: int) -> Month:
        return Month.of(self.first + relativedelta(months=months))

    def minus(self, months: int) -> Month:
        return self.plus(-months)

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.param


@dataclass(frozen=True)
class Scope:
    """Whose interviews: the actor (the access gate), the organisation (None: every one the
    actor sees, the administrator only), and the optional filters. ``caseworker`` is a user id,
    0 for "no caseworker", None for all."""

    actor: Actor
    organisation: Organisation | None
    group: str = ""
    holder: str = ""
    caseworker: int | None = None
    ruleset: str = ""

    @property
    def all_organisations(self) -> bool:
        return self.organisation is None

    def params(self) -> dict[str, str]:
        """The filters as the pages' query parameters (for links and forms)."""
        found: dict[str, str] = {}
        if self.organisation is not None and is_administrator(self.actor):
            found["organisation"] = str(self.organisation.pk)
        if self.group:
            found["gruppe"] = self.group
        if self.holder:
            found["ansvarlig"] = self.holder
        if self.caseworker is not None:
            found["sagsbehandler"] = str(self.caseworker)
        if self.ruleset:
            found["regelsaet"] = self.ruleset
        return found


def is_administrator(actor: Actor) -> bool:
    user = actor.user
    return actor.api_key is None and user is not None and user.role == User.Role.ADMINISTRATOR


def may_see_statistics(actor: Actor) -> bool:
    """A manager of an organisation, the administrator, or an organisation's own system."""
    if actor.api_key is not None:
        return True
    user = actor.user
    if user is None:
        return False
    if user.role == User.Role.ADMINISTRATOR:
        return True
    return user.role == User.Role.MANAGER and user.organisation_id is not None


def organisation_for(actor: Actor, value: str | int | None) -> Organisation | None:
    """The organisation the figures are for: the actor's own, or for the administrator the one
    asked for (None: all). Another organisation than the actor's own is not found."""
    if not may_see_statistics(actor):
        raise NotAllowed
    wanted: int | None = None
    if value not in (None, ""):
        try:
            wanted = int(str(value))
        except ValueError:
            raise BadParameter(
                "organisation",
                "Organisationen angives med sit nummer.",
                "The organisation is given by its number.",
            ) from None
    if is_administrator(actor):
        if wanted is None:
            return None
        found = Organisation.objects.filter(pk=wanted).first()
        if found is None:
            raise OrganisationNotFound(wanted)
        return found
    own = actor.organisation
    assert own is not None
    if wanted is not None and wanted != own.pk:
        raise OrganisationNotFound(wanted)
    return own


def choice(value: str | None, allowed: tuple[str, ...], name: str) -> str:
    """An optional parameter that must be one of ``allowed``; empty is none."""
    value = (value or "").strip()
    if value and value not in allowed:
        raise BadParameter(
            name,
            f"»{value}« er ikke en gyldig værdi for {name}: brug {', '.join(allowed)}.",
            f"'{value}' is not a valid value of {name}: use {', '.join(allowed)}.",
        )
    return value


def caseworker_choice(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise BadParameter(
            "caseworker",
            "Sagsbehandleren angives med sit nummer (0: ingen sagsbehandler).",
            "The caseworker is given by their number (0: no caseworker).",
        )
    return int(value)


def scope_for(
    actor: Actor,
    *,
    organisation: str | int | None = None,
    group: str | None = None,
    holder: str | None = None,
    caseworker: str | None = None,
    ruleset: str | None = None,
) -> Scope:
    from kontaktforloeb.rules import RULESETS

    return Scope(
        actor=actor,
        organisation=organisation_for(actor, organisation),
        group=choice(group, GROUPS, "group"),
        holder=choice(holder, HOLDERS, "holder"),
        caseworker=caseworker_choice(caseworker),
        ruleset=choice(ruleset, tuple(RULESETS), "ruleset"),
    )
