"""Hvad nu hvis: the figures of a change of law tried out on an organisation's citizens (or the
whole country's), side by side with the law in force (docs/adr/0008-what-if.md).

A scenario is a base ruleset (a named ruleset for every citizen's spell, or the law in force,
chosen per spell as always) and optional values for a few parameters a manager may vary
(``KNOBS``). The values reach the engine as a ruleset variant under a synthetic id
(``WHATIF-<hash>``, its snapshots marked hypothetical), so the figures of both sides come from
the same compiled ``deadlines()``; there is no second implementation of the rules.

The figures, for the next ``weeks`` weeks from the Monday of ``as_of``'s week:

- demand: the required interviews whose deadline falls in the week and that are not held,
  exempted or lapsed (open, upcoming or booked), per holder;
- overdue: the required interviews whose deadline passed before ``as_of`` without being held,
  exempted or lapsed, per holder (the course still running);
- timeliness over the ``weeks`` weeks before ``as_of``'s week: of the interviews whose deadline
  fell then, the share held on time of those held on time, held late or overdue (our measure,
  R47), which under a scenario reads the interviews actually held against its deadlines.

The citizens' events are loaded once per population version and worked out in processes on every
core, each side's figures kept per (scenario, population version, as-of day, weeks): that is
``whatif_pool``; this module is the scenario, the counting and the figures of both sides.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Final

from django.utils.translation import gettext_lazy as _

from kontaktforloeb.rules import RULESETS, deadlines
from kontaktforloeb.rules.events import Event
from kontaktforloeb.rules.rulesets import VARIANTS, register_variant

from .scope import HOLDERS, BadParameter

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

WEEKS: Final = (12, 26)
# The statuses of a required interview that still asks for a meeting (demand).
DEMAND: Final = frozenset({"open", "upcoming", "booked"})
# The statuses our timeliness measure counts (R47): exempted and lapsed interviews are not due.
COUNTED: Final = frozenset({"held", "held_late", "overdue"})
LAW_IN_FORCE: Final = ""


@dataclass(frozen=True)
class Knob:
    """A parameter a manager may vary: its name in rules/parameters, the form's and API's key,
    its label, the rule it belongs to and its allowed range (whole numbers; hours for an
    ``hours`` knob, which the parameter files write with two decimals)."""

    parameter: str
    key: str
    label: _StrPromise
    rule: str
    minimum: int
    maximum: int
    hours: bool = False

    def value(self, given: str) -> object:
        """The value as the parameter files write it, or ``BadParameter``."""
        text = given.strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if (
            not number.is_finite()
            or number != number.to_integral_value()
            or not self.minimum <= number <= self.maximum
        ):
            raise BadParameter(
                self.key,
                f"{self.label_in('da')} skal være et helt tal fra {self.minimum} til "
                f"{self.maximum}, ikke »{given}«.",
                f"{self.label_in('en')} must be a whole number from {self.minimum} to "
                f"{self.maximum}, not '{given}'.",
            )
        return f"{int(number)}.00" if self.hours else int(number)

    def label_in(self, lang: str) -> str:
        from django.utils import translation

        with translation.override(lang):
            return str(self.label)


KNOBS: Final = (
    Knob(
        "interviews/dagpenge_akasse_count",
        "akasse_count",
        _("A-kassens samtaler i de første måneder"),
        "R1",
        1,
        6,
    ),
    Knob(
        "interviews/dagpenge_akasse_window_months",
        "akasse_months",
        _("Måneder, a-kassens samtaler skal holdes inden for"),
        "R1",
        1,
        6,
    ),
    Knob(
        "interviews/dagpenge_jobcenter_count",
        "jobcenter_count",
        _("Kommunens samtaler inden seks måneder"),
        "R1",
        0,
        6,
    ),
    Knob(
        "handover/dagpenge_hours_threshold",
        "handover_hours",
        _("Udbetalte timer før overgangen til kommunen"),
        "R3",
        160,
        1000,
        hours=True,
    ),
    Knob(
        "trials/early_period_months",
        "trial_months",
        _("Måneder, forsøgets første holder har samtalerne (fra 2027)"),
        "R73",
        1,
        8,
    ),
)
KNOB_BY_KEY: Final = {knob.key: knob for knob in KNOBS}


@dataclass(frozen=True)
class Scenario:
    """A base ruleset (``LAW_IN_FORCE``: each spell's own) and values (sorted by name)."""

    ruleset: str = LAW_IN_FORCE
    values: tuple[tuple[str, object], ...] = ()

    @property
    def is_today(self) -> bool:
        return not self.ruleset and not self.values

    @property
    def key(self) -> str:
        return json.dumps([self.ruleset, self.values], separators=(",", ":"))

    @property
    def engine_id(self) -> str | None:
        """The ruleset id to give ``deadlines()``: None for the law in force, the ruleset for a
        named one, a synthetic ``WHATIF-<hash>`` variant where values are replaced."""
        if not self.values:
            return self.ruleset or None
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:12]
        variant = f"WHATIF-{digest}"
        if variant not in VARIANTS:
            register_variant(variant, self.ruleset, self.values)
        return variant

    def value_of(self, knob: Knob) -> object | None:
        return dict(self.values).get(knob.parameter)


TODAY: Final = Scenario()


def scenario_from(ruleset: str | None, values: dict[str, str | None]) -> Scenario:
    """The scenario asked for (``values`` by knob key; empty is "as the law says"), or
    ``BadParameter`` naming the first bad field."""
    base = (ruleset or "").strip()
    if base and base not in RULESETS:
        raise BadParameter(
            "ruleset",
            f"»{base}« er ikke et regelsæt: vælg et af {', '.join(RULESETS)} eller loven, som "
            "den gælder.",
            f"'{base}' is not a ruleset: choose one of {', '.join(RULESETS)} or the law in force.",
        )
    chosen: list[tuple[str, object]] = []
    for key, given in values.items():
        knob = KNOB_BY_KEY.get(key)
        if knob is None or given is None or not str(given).strip():
            continue
        chosen.append((knob.parameter, knob.value(str(given))))
    return Scenario(base, tuple(sorted(chosen)))


def weeks_from(value: str | int | None) -> int:
    if value in (None, ""):
        return WEEKS[0]
    if str(value).strip() not in {str(weeks) for weeks in WEEKS}:
        raise BadParameter(
            "weeks",
            f"Antal uger skal være {' eller '.join(map(str, WEEKS))}.",
            f"The number of weeks must be {' or '.join(map(str, WEEKS))}.",
        )
    return int(str(value).strip())


# --- The figures of one side -----------------------------------------------------------------


def first_monday(as_of: date) -> date:
    return as_of - timedelta(days=as_of.weekday())


@dataclass
class Tally:
    """One side's counts: per week and holder the demand, per holder the overdue interviews
    on ``as_of``, and the past weeks' interviews by status (R47's classes). Sums of citizens:
    tallies of parts add up to the tally of the whole."""

    weeks: int
    citizens: int = 0
    demand: list[list[int]] = field(default_factory=list)
    overdue: list[int] = field(default_factory=lambda: [0] * len(HOLDERS))
    on_time: int = 0
    late: int = 0
    past_overdue: int = 0

    def __post_init__(self) -> None:
        if not self.demand:
            self.demand = [[0] * len(HOLDERS) for _ in range(self.weeks)]

    def add(self, other: Tally) -> None:
        self.citizens += other.citizens
        for mine, theirs in zip(self.demand, other.demand, strict=True):
            for index, count in enumerate(theirs):
                mine[index] += count
        for index, count in enumerate(other.overdue):
            self.overdue[index] += count
        self.on_time += other.on_time
        self.late += other.late
        self.past_overdue += other.past_overdue

    def week_total(self, week: int) -> int:
        return sum(self.demand[week])

    @property
    def demand_total(self) -> int:
        return sum(sum(week) for week in self.demand)

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue)

    @property
    def timeliness(self) -> float | None:
        """Held on time, per cent of held on time, held late and overdue (R47), to a tenth."""
        counted = self.on_time + self.late + self.past_overdue
        return None if counted == 0 else round(100 * self.on_time / counted, 1)


_HOLDER_INDEX: Final = {holder: index for index, holder in enumerate(HOLDERS)}


def tally(
    citizens: Iterable[Sequence[Event]], as_of: date, engine_id: str | None, weeks: int
) -> Tally:
    """The counts of ``citizens`` (each its events, in the log's order) under ``engine_id``."""
    found = Tally(weeks)
    monday = first_monday(as_of)
    end = monday + timedelta(weeks=weeks)
    past = monday - timedelta(weeks=weeks)
    demand = found.demand
    overdue = found.overdue
    on_time = late = past_overdue = count = 0
    for events in citizens:
        count += 1
        for interview in deadlines(events, as_of, engine_id).interviews:
            day = interview.deadline
            status = interview.status
            holder = _HOLDER_INDEX.get(interview.holder, 1)
            if status in DEMAND:
                if monday <= day < end:
                    demand[(day - monday).days // 7][holder] += 1
            elif status == "overdue":
                overdue[holder] += 1
            if past <= day < monday and status in COUNTED:
                if status == "held":
                    on_time += 1
                elif status == "held_late":
                    late += 1
                else:
                    past_overdue += 1
    found.citizens = count
    found.on_time, found.late, found.past_overdue = on_time, late, past_overdue
    return found


# --- Both sides ---------------------------------------------------------------------------------


@dataclass
class WhatIf:
    """The law in force and the scenario, for the same citizens, day and weeks."""

    scenario: Scenario
    as_of: date
    weeks: int
    today: Tally
    result: Tally
    population: str = ""  # the population version the figures were worked out for
    cached: bool = False

    @property
    def mondays(self) -> list[date]:
        monday = first_monday(self.as_of)
        return [monday + timedelta(weeks=week) for week in range(self.weeks)]
