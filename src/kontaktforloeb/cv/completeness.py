"""R37: when a CV is "fyldestgørende og søgbart" (complete and searchable).

Complete: contact details with a visible e-mail or phone, education, work experience,
competences, at least one job goal ("jeg søger job som"), and terms wanted (hours and area).
Searchable: complete, approved, and the citizen's group has the CV duty; hidden while the
citizen is deregistered or exempted (sick).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cases.plans import plan_current

from .models import Cv


class Part(NamedTuple):
    """A part of the CV R37 requires, named for people in both languages."""

    key: str
    da: str
    en: str
    # The form field the part is filled in, for links from the meter and the error summary.
    field: str

    def name(self, language: str) -> str:
        return self.en if language.startswith("en") else self.da


PARTS = (
    Part(
        "contact",
        "kontaktoplysninger med synlig e-mail eller telefon",
        "contact details with a visible e-mail or phone",
        "id_contact_email",
    ),
    Part(
        "job_goals",
        "mindst ét job, du søger",
        "at least one job you are looking for",
        "id_job_goals",
    ),
    Part("experience", "erhvervserfaring", "work experience", "id_experience-0-employer"),
    Part("education", "uddannelse", "education", "id_education-0-institution"),
    Part("competences", "kompetencer", "competences", "id_competences"),
    Part(
        "terms",
        "ønsker til job: arbejdstid og område",
        "terms wanted: hours and area",
        "id_hours_0",
    ),
)


def _filled(rows: list[dict[str, Any]], key: str) -> bool:
    return any(str(row.get(key, "")).strip() for row in rows)


def cv_missing(cv: Cv) -> list[Part]:
    """The parts R37 requires that the CV lacks, in the order the form shows them."""
    present = {
        "contact": bool(cv.contact_email.strip() or cv.contact_phone.strip()),
        "job_goals": any(goal.strip() for goal in cv.job_goals),
        "experience": _filled(cv.experience, "employer") and _filled(cv.experience, "title"),
        "education": _filled(cv.education, "title"),
        "competences": bool(cv.competences.strip()),
        "terms": bool(cv.hours and cv.area.strip()),
    }
    return [part for part in PARTS if not present[part.key]]


def cv_complete_share(cv: Cv) -> int:
    """How much of what R37 requires is there, in per cent (for the meter)."""
    return round(100 * (len(PARTS) - len(cv_missing(cv))) / len(PARTS))


class Searchability(NamedTuple):
    searchable: bool
    # Why not, when not: incomplete, not_approved, not_required, deregistered, sick.
    reason: str


def _deregistered(events: list[tuple[str, date, dict[str, Any]]], plan: dict[str, Any]) -> bool:
    spell_events = [
        kind for kind, _, _ in events if kind in ("registered", "reregistered", "deregistered")
    ]
    if spell_events and spell_events[-1] == "deregistered":
        return True
    return any(
        c["type"] == "deregistered" and c["to"] is None for c in plan.get("consequences", [])
    )


def _sick(events: list[tuple[str, date, dict[str, Any]]], on: date) -> bool:
    return any(
        kind == "sick" and date.fromisoformat(data["from"]) <= on <= date.fromisoformat(data["to"])
        for kind, _, data in events
    )


def cv_searchability(cv: Cv, citizen: Citizen, on: date) -> Searchability:
    """Whether employers can find the CV on `on`, and if not, why (R37)."""
    if cv_missing(cv):
        return Searchability(False, "incomplete")
    if cv.status != Cv.Status.APPROVED:
        return Searchability(False, "not_approved")
    plan = plan_current(citizen).document("da")
    if not plan or not plan.get("cv", {}).get("deadline"):
        return Searchability(False, "not_required")
    events = [
        (event.type, event.date, event.data)
        for event in citizen.events.filter(
            type__in=["registered", "reregistered", "deregistered", "sick"]
        ).order_by("date", "id")
    ]
    if _deregistered(events, plan):
        return Searchability(False, "deregistered")
    if _sick(events, on):
        return Searchability(False, "sick")
    return Searchability(True, "")
