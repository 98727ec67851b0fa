"""The demo citizens' CVs, brought in through the CV module with the days of their history.

A demo case history says on which days the CV was submitted and approved (`cv_published`,
`cv_approved`); those are not written as raw events but through `cv_record_history`, which also
stores the CV itself, complete (R37), so the case page's CV section and the plan's CV duty say
the same. The CV's content is made up from the citizen, the same on every run.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.cv.schemas import CvContent
from kontaktforloeb.cv.services import cv_record_history
from kontaktforloeb.organisations.access import Actor

CV_EVENTS = ("cv_published", "cv_approved")

# (the job sought, a former employer, an education, competences): fictitious, believable.
TRADES = [
    ("Lagermedarbejder", "Nordlager A/S", "Lager- og terminaluddannelsen", "Truckcertifikat, pluk"),
    (
        "Butiksassistent",
        "Kvickly",
        "Detailhandelsuddannelsen",
        "Kundeservice, kasse, vareopfyldning",
    ),
    (
        "Social- og sundhedshjælper",
        "Plejecenter Solgården",
        "SOSU-hjælper",
        "Omsorg, dokumentation",
    ),
    (
        "Bogholder",
        "Revisionsfirmaet Holm",
        "Kontoruddannelse, økonomi",
        "Bogføring, Excel, e-conomic",
    ),
    ("Tømrer", "Byg & Bo ApS", "Tømrer, svendebrev", "Renovering, tagarbejde, sikkerhed"),
    ("Projektkoordinator", "Kommunikationshuset", "Cand.mag. i kommunikation", "Projektledelse"),
    ("Chauffør", "Hurtig Fragt", "Erhvervschauffør, kørekort C", "Distribution, ruteplanlægning"),
    ("Kok", "Restaurant Havnen", "Ernæringsassistent", "Storkøkken, hygiejne, menuplanlægning"),
]


def without_cv(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history without the CV's events, which `record_demo_cv` records."""
    return [event for event in events if event["type"] not in CV_EVENTS]


def demo_cv_content(citizen: Citizen) -> CvContent:
    """A complete CV for the citizen (R37), chosen from the CPR number so each run agrees."""
    job, employer, education, competences = random.Random(citizen.cpr).choice(TRADES)
    area = citizen.jobcenter.municipality_name or str(citizen.jobcenter)
    return CvContent.model_validate(
        {
            "contact_email": citizen.email,
            "contact_phone": citizen.mobile,
            "job_goals": [job],
            "experience": [
                {"employer": employer, "title": job, "start": "2016-08-01", "end": "2024-06-30"}
            ],
            "education": [{"title": education}],
            "competences": competences,
            "hours": "full_time",
            "area": area,
        }
    )


def record_demo_cv(
    *, actor: Actor, citizen: Citizen, events: list[dict[str, Any]], today: date
) -> None:
    """Bring in the citizen's CV on the days the history's CV events name, if it has any; a day
    after `today` has not happened yet (the plan would not count it either)."""
    days = {
        event["type"]: date.fromisoformat(event["date"])
        for event in events
        if event["type"] in CV_EVENTS and event["date"] <= today.isoformat()
    }
    submitted = days.get("cv_published")
    if submitted is None:
        return
    cv_record_history(
        actor=actor,
        citizen=citizen,
        content=demo_cv_content(citizen),
        submitted_on=submitted,
        approved_on=days.get("cv_approved"),
    )
