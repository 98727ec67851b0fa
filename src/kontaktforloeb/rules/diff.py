"""What changed between two rulesets, for people (R71).

``ruleset_diff(from_id, to_id)`` lists every parameter whose value differs between two rulesets,
with both values written for reading in Danish and English, both citations, both effective dates,
and whether each side is provisional and what it rests on (R70). What a caseworker reads on the
day the law changes: ``kontaktforloeb rules diff`` prints it, and the staff page "Hvad er ændret i
reglerne" shows it as a table.

The parameters of a ruleset are the values in force on its ``effective_from``. A parameter that
exists in one ruleset and not in the other is a difference too (``none``/``ingen`` on the missing
side). A ruleset whose ``law/provisional`` is true is provisional as a whole: every side of it is
provisional, also values it inherits unchanged, with the reason of ``law/provisional`` unless the
value gives its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from kontaktforloeb.rules.dates import format_date
from kontaktforloeb.rules.parameters import Citation, ParameterSet, default_parameters
from kontaktforloeb.rules.rulesets import Ruleset, get_ruleset

PROVISIONAL_PARAMETER: Final = "law/provisional"

# A short plain label for each parameter (Danish, English); one without falls back to its
# description. A test checks that every parameter file has one.
LABELS: Final[dict[str, tuple[str, str]]] = {
    "booking/cancellation_reopen": ("Frist efter et afbud", "Deadline after a cancellation"),
    "booking/minimum_deadline_days": (
        "Korteste frist for at booke en samtale",
        "Shortest deadline for booking an interview",
    ),
    "booking/sickness_reissue": (
        "Frist, der udløber under sygdom",
        "A deadline that ends during sickness",
    ),
    "cv/akasse_cv_interview_days": (
        "CV-samtale i a-kassen efter tilmelding",
        "CV interview with the a-kasse after registration",
    ),
    "cv/deadline_days_dagpenge": (
        "Frist for CV efter tilmelding, dagpenge",
        "CV deadline after registration, dagpenge",
    ),
    "cv/deadline_days_other": (
        "Frist for CV efter tilmelding, kontant- og uddannelseshjælp",
        "CV deadline after registration, kontant- and uddannelseshjælp",
    ),
    "exemptions/groups": (
        "Grupper, der kan undtages fra samtaler",
        "Groups who can be excused from interviews",
    ),
    "exemptions/interviews_allowed": (
        "Borgeren kan undtages fra samtaler",
        "The citizen can be excused from interviews",
    ),
    "exemptions/share_limit_percent": (
        "Højeste andel af borgerne, der kan undtages",
        "Largest share of citizens who can be excused",
    ),
    "handover/akasse_deadline_before_handover": (
        "A-kassens frist er senest dagen før kommunen overtager",
        "The a-kasse's deadline is at the latest the day before the municipality takes over",
    ),
    "handover/dagpenge_hours_threshold": (
        "Udbetalte timer, før kommunen overtager",
        "Paid hours before the municipality takes over",
    ),
    "handover/day": ("Dagen, kommunen overtager", "The day the municipality takes over"),
    "interviews/dagpenge_akasse_count": (
        "Samtaler med a-kassen i de første 3 måneder",
        "Interviews with the a-kasse in the first 3 months",
    ),
    "interviews/dagpenge_akasse_window_months": (
        "Perioden, hvor a-kassen holder samtalerne",
        "The period in which the a-kasse holds the interviews",
    ),
    "interviews/dagpenge_early_joint_months": (
        "Fælles samtale, når nogen beder om det, senest efter",
        "Joint interview when someone asks for it, at the latest after",
    ),
    "interviews/dagpenge_first_interview_days": (
        "Første samtale efter tilmelding, dagpenge",
        "First interview after registration, dagpenge",
    ),
    "interviews/dagpenge_jobcenter_count": (
        "Samtaler med kommunen i de første 6 måneder, dagpenge",
        "Interviews with the municipality in the first 6 months, dagpenge",
    ),
    "interviews/dagpenge_joint_interview_months": (
        "Fælles samtale med a-kassen senest efter",
        "Joint interview with the a-kasse at the latest after",
    ),
    "interviews/dagpenge_visited_jobcenter_count": (
        "Samtaler med kommunen for unge, der er visiteret fra start",
        "Interviews with the municipality for young people referred from the start",
    ),
    "interviews/dagpenge_window_months": (
        "Perioden, hvor dagpengesamtalerne holdes",
        "The period in which the dagpenge interviews are held",
    ),
    "interviews/deregistration_pauses_calendar_windows": (
        "Dage som afmeldt lægges til fristen",
        "Days deregistered are added to the deadline",
    ),
    "interviews/first_interview_rule_after_benefit_change": (
        "Første samtale inden for 7 dage igen efter skift af ydelse",
        "First interview within 7 days again after a change of benefit",
    ),
    "interviews/held_interview_assignment": (
        "Hvilken samtale en holdt samtale tæller for",
        "Which interview a held interview counts for",
    ),
    "interviews/kontanthjaelp_count": (
        "Samtaler i de første 6 måneder, kontant- og uddannelseshjælp",
        "Interviews in the first 6 months, kontant- and uddannelseshjælp",
    ),
    "interviews/kontanthjaelp_first_interview_days": (
        "Første samtale efter første henvendelse, kontant- og uddannelseshjælp",
        "First interview after first contact, kontant- and uddannelseshjælp",
    ),
    "interviews/kontanthjaelp_window_months": (
        "Perioden for samtalerne, kontant- og uddannelseshjælp",
        "The period of the interviews, kontant- and uddannelseshjælp",
    ),
    "interviews/target_date_algorithm": (
        "Hvordan foreslåede datoer fordeles",
        "How proposed dates are spread",
    ),
    "interviews/visited_to_jobcenter_applies": (
        "Unge dagpengemodtagere kan visiteres til kommunen fra start",
        "Young dagpenge recipients can be referred to the municipality from the start",
    ),
    "joblog/six_week_rule_days": (
        "Ingen ansøgninger før en dokumenteret jobstart (seksugersreglen)",
        "No applications before a documented job start (the six-week rule)",
    ),
    "law/provisional": ("Reglerne er foreløbige", "The rules are provisional"),
    "offers/duty": (
        "Et tilbud skal gives inden for de første måneder",
        "An offer is due within the first months",
    ),
    "offers/duty_groups": ("Grupper, der skal have et tilbud", "Groups who are due an offer"),
    "offers/duty_months": ("Tilbud senest efter", "Offer at the latest after"),
    "time/dagpenge_month_hours_full_time": (
        "Timer i en måneds ledighed, fuldtidsforsikret",
        "Hours in a month of unemployment, full-time insured",
    ),
    "time/dagpenge_month_hours_part_time": (
        "Timer i en måneds ledighed, deltidsforsikret",
        "Hours in a month of unemployment, part-time insured",
    ),
    "time/dagpenge_suspended_periods": (
        "Perioder, hvor ledighed ikke tæller med (corona)",
        "Periods in which unemployment does not count (COVID-19)",
    ),
    "time/default_daily_hours_full_time": (
        "Timer pr. hverdag uden indberetning, fuldtidsforsikret",
        "Hours a weekday without a payment report, full-time insured",
    ),
    "time/default_daily_hours_part_time": (
        "Timer pr. hverdag uden indberetning, deltidsforsikret",
        "Hours a weekday without a payment report, part-time insured",
    ),
    "time/holiday_shift": (
        "En frist på en weekend eller helligdag",
        "A deadline on a weekend or public holiday",
    ),
    "time/payment_report_spreading": (
        "Hvordan udbetalte timer fordeles på dagene",
        "How paid hours are spread over the days",
    ),
    "transition/applies_to_open_windows": (
        "Nye regler gælder også åbne frister i forløb, der begyndte før",
        "New rules also apply to open deadlines of spells that began before",
    ),
    "trials/early_period_months": (
        "Forsøg: perioden hos a-kassen eller den valgte aktør",
        "Trial: the period with the a-kasse or the chosen holder",
    ),
    "trials/free_choice_municipalities": (
        "Forsøg: kommuner med frit valg",
        "Trial: municipalities with free choice",
    ),
    "trials/handover_hours": (
        "Forsøg: udbetalte timer, før kommunen overtager",
        "Trial: paid hours before the municipality takes over",
    ),
    "trials/period": ("Forsøg: perioden", "Trial: the period"),
    "words/kommunen_from": (
        "Loven siger »kommunen« i stedet for »jobcentret« fra",
        "The law says 'the municipality' instead of 'the jobcentre' from",
    ),
}

# Values that are names of a way of working, in plain words.
WORDS: Final[dict[str, tuple[str, str]]] = {
    "original_or_minimum": (
        "den oprindelige frist, eller mindste længde fra afbuddet",
        "the original deadline, or the minimum length from the cancellation",
    ),
    "reissue_after_sickness": (
        "udstedes igen dagen efter sygdommen",
        "issued again on the day after the sickness",
    ),
    "first_day_of_next_month": (
        "den første dag i måneden efter",
        "the first day of the following month",
    ),
    "same_holder_then_any": (
        "den tidligste hos samme aktør, ellers den tidligste",
        "the earliest of the same holder, else the earliest",
    ),
    "even_spread_working_days": (
        "jævnt fordelt på arbejdsdage",
        "spread evenly over working days",
    ),
    "even_remainder_first": (
        "ligeligt på hverdagene, resten på de første",
        "evenly over the weekdays, the rest on the first ones",
    ),
    "none": ("flyttes ikke", "does not move"),
    "next_working_day": ("flyttes til næste arbejdsdag", "moves to the next working day"),
}

# The groups of the contact course, as a list names them: before and from 1 July 2025 (R69).
GROUP_NAMES: Final[dict[str, tuple[tuple[str, str], tuple[str, str]]]] = {
    "dagpenge": (("dagpengemodtagere", "dagpenge recipients"),) * 2,
    "kontanthjaelp_jobparat": (
        ("jobparate kontanthjælpsmodtagere", "job-ready recipients of kontanthjælp"),
    )
    * 2,
    "kontanthjaelp_aktivitetsparat": (
        ("aktivitetsparate kontanthjælpsmodtagere", "activity-ready recipients of kontanthjælp"),
    )
    * 2,
    "uddannelseshjaelp_uddannelsesparat": (
        (
            "uddannelsesparate uddannelseshjælpsmodtagere",
            "education-ready recipients of uddannelseshjælp",
        ),
        (
            "uddannelsesparate kontanthjælpsmodtagere",
            "education-ready recipients of kontanthjælp",
        ),
    ),
    "uddannelseshjaelp_aktivitetsparat": (
        (
            "aktivitetsparate uddannelseshjælpsmodtagere",
            "activity-ready recipients of uddannelseshjælp",
        ),
        (
            "aktivitetsparate kontanthjælpsmodtagere under 30 uden uddannelse",
            "activity-ready recipients of kontanthjælp under 30 without education",
        ),
    ),
}
NEW_GROUP_NAMES_FROM: Final = date(2025, 7, 1)

# Units by a part of a parameter's name, the first found: (Danish one, Danish more, English one,
# English more).
UNITS: Final[tuple[tuple[str, tuple[str, str, str, str]], ...]] = (
    ("_hours", ("time", "timer", "hour", "hours")),
    ("_days", ("dag", "dage", "day", "days")),
    ("_months", ("måned", "måneder", "month", "months")),
    ("_count", ("samtale", "samtaler", "interview", "interviews")),
    ("_percent", ("%", "%", "%", "%")),
)
ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECIMAL: Final = re.compile(r"^\d+\.\d+$")
NONE_WORD: Final = ("ingen", "none")


def label(name: str, description: str, lang: str) -> str:
    """The parameter's short label in ``lang``, else its description."""
    found = LABELS.get(name)
    if found is None:
        return description
    return found[1] if lang == "en" else found[0]


def _unit(name: str, lang: str, amount: str) -> str:
    for part, words in UNITS:
        if part in name:
            one, more = words[2:] if lang == "en" else words[:2]
            word = one if amount in ("1", "1.00", "1,00") else more
            return f"{amount}%" if word == "%" and lang == "en" else f"{amount} {word}"
    return amount


def _text(value: object, lang: str, on: date) -> str:
    """One value, or one item of a list, in words."""
    if value is None:
        return NONE_WORD[1] if lang == "en" else NONE_WORD[0]
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("ja" if value else "nej")
    if isinstance(value, str):
        if ISO_DATE.match(value):
            return format_date(date.fromisoformat(value), lang)
        if DECIMAL.match(value):
            return value if lang == "en" else value.replace(".", ",")
        if value in GROUP_NAMES:
            names = GROUP_NAMES[value][1 if on >= NEW_GROUP_NAMES_FROM else 0]
            return names[1] if lang == "en" else names[0]
        if value in WORDS:
            return WORDS[value][1] if lang == "en" else WORDS[value][0]
        return value
    if isinstance(value, float):
        text = f"{value:g}"
        return text if lang == "en" else text.replace(".", ",")
    if isinstance(value, dict):
        if "name" in value:
            return _text(value["name"], lang, on)
        if set(value) == {"from", "to"}:
            return f"{_text(value['from'], lang, on)} – {_text(value['to'], lang, on)}"
        return ", ".join(f"{key}: {_text(item, lang, on)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(item, lang, on) for item in value)
    return str(value)


def show(name: str, value: object, lang: str, on: date) -> str:
    """A parameter's value written for reading: ``ja``/``yes``, ``3 samtaler``/``3 interviews``,
    ``410,00 timer``/``410.00 hours``, dates as ``1. juli 2026``, lists joined with commas.
    ``on`` is the value's effective date (the names of the groups changed in 2025, R69)."""
    text = _text(value, lang, on)
    if isinstance(value, bool):
        return text
    if isinstance(value, int) or (isinstance(value, str) and DECIMAL.match(value)):
        return _unit(name, lang, text)
    return text


@dataclass(frozen=True, slots=True)
class Side:
    """A parameter in one of the two rulesets: its value, or none (``present`` false)."""

    present: bool
    value: object
    shown_da: str
    shown_en: str
    effective_from: date | None
    citation: Citation | None
    # R70: what the side rests on (Danish, English) when it is provisional, else None.
    provisional: tuple[str, str] | None

    def shown(self, lang: str) -> str:
        return self.shown_en if lang == "en" else self.shown_da

    def provisional_reason(self, lang: str) -> str | None:
        if self.provisional is None:
            return None
        return self.provisional[1] if lang == "en" else self.provisional[0]

    def to_dict(self, lang: str) -> dict[str, object]:
        return {
            "present": self.present,
            "value": self.value,
            "shown": self.shown(lang),
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "citation": (
                {"text": self.citation.text, "url": self.citation.url} if self.citation else None
            ),
            "provisional": self.provisional is not None,
            "provisional_reason": self.provisional_reason(lang),
        }


@dataclass(frozen=True, slots=True)
class ParameterChange:
    """One parameter whose value differs between the two rulesets."""

    name: str
    label_da: str
    label_en: str
    description: str
    decision: bool
    before: Side
    after: Side

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_da

    def to_dict(self, lang: str) -> dict[str, object]:
        return {
            "parameter": self.name,
            "label": self.label(lang),
            "description": self.description,
            "decision": self.decision,
            "before": self.before.to_dict(lang),
            "after": self.after.to_dict(lang),
        }


@dataclass(frozen=True, slots=True)
class RulesetSide:
    """One of the two rulesets compared: its id, the day its parameters are read on, and, when
    it is provisional as a whole (``law/provisional``), what it rests on."""

    id: str
    effective_from: date
    effective_to: date | None
    provisional: tuple[str, str] | None

    def provisional_reason(self, lang: str) -> str | None:
        if self.provisional is None:
            return None
        return self.provisional[1] if lang == "en" else self.provisional[0]

    def to_dict(self, lang: str) -> dict[str, object]:
        return {
            "id": self.id,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "provisional": self.provisional is not None,
            "provisional_reason": self.provisional_reason(lang),
        }


@dataclass(frozen=True, slots=True)
class RulesetDiff:
    """Every parameter whose value differs from ``source`` to ``target``, by name."""

    source: RulesetSide
    target: RulesetSide
    changes: tuple[ParameterChange, ...]

    def to_dict(self, lang: str) -> dict[str, object]:
        return {
            "from": self.source.to_dict(lang),
            "to": self.target.to_dict(lang),
            "changes": [change.to_dict(lang) for change in self.changes],
        }


def ruleset_provisional(
    ruleset: Ruleset, parameters: ParameterSet | None = None
) -> tuple[str, str] | None:
    """What a ruleset rests on when it is provisional as a whole (its ``law/provisional`` is true
    on its first day), else None."""
    parameters = parameters or default_parameters()
    if PROVISIONAL_PARAMETER not in parameters:
        return None
    value = parameters.parameter(PROVISIONAL_PARAMETER).value_on(ruleset.effective_from)
    if value is None or value.value is not True:
        return None
    return value.provisional or (value.citation.text, value.citation.text)


def _ruleset_side(ruleset: Ruleset, parameters: ParameterSet) -> RulesetSide:
    return RulesetSide(
        ruleset.id,
        ruleset.effective_from,
        ruleset.effective_to,
        ruleset_provisional(ruleset, parameters),
    )


def ruleset_diff(from_id: str, to_id: str, parameters: ParameterSet | None = None) -> RulesetDiff:
    """Every parameter whose value differs between ruleset ``from_id`` and ``to_id``.

    Raises ``UnknownRuleset`` for an id that is not a ruleset."""
    parameters = parameters or default_parameters()
    source = _ruleset_side(get_ruleset(from_id), parameters)
    target = _ruleset_side(get_ruleset(to_id), parameters)
    before = {p.name: (p, v) for p, v in parameters.in_force(source.effective_from)}
    after = {p.name: (p, v) for p, v in parameters.in_force(target.effective_from)}
    changes = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and old[1].value == new[1].value:
            continue
        parameter = new[0] if new is not None else old[0] if old is not None else None
        assert parameter is not None
        sides = []
        for found, ruleset in ((old, source), (new, target)):
            if found is None:
                sides.append(
                    Side(False, None, NONE_WORD[0], NONE_WORD[1], None, None, ruleset.provisional)
                )
                continue
            value = found[1]
            sides.append(
                Side(
                    True,
                    value.value,
                    show(name, value.value, "da", value.effective_from),
                    show(name, value.value, "en", value.effective_from),
                    value.effective_from,
                    value.citation,
                    value.provisional or ruleset.provisional,
                )
            )
        changes.append(
            ParameterChange(
                name,
                label(name, parameter.description, "da"),
                label(name, parameter.description, "en"),
                parameter.description,
                parameter.decision,
                sides[0],
                sides[1],
            )
        )
    return RulesetDiff(source, target, tuple(changes))


__all__ = [
    "LABELS",
    "ParameterChange",
    "RulesetDiff",
    "RulesetSide",
    "Side",
    "label",
    "ruleset_diff",
    "ruleset_provisional",
    "show",
]
