"""The citizen's CV as a PDF (fpdf2, core Helvetica: Latin-1 covers Danish letters)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from kontaktforloeb.cases.models import Citizen

from .forms import LANGUAGE_LEVELS
from .models import Cv


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _period(row: dict[str, Any], language: str) -> str:
    def month(value: str | None) -> str:
        return date.fromisoformat(value).strftime("%m/%Y") if value else ""

    start, end = month(row.get("start")), month(row.get("end"))
    if start and not end:
        return f"{start} - " + (_("nu"))
    return " - ".join(part for part in (start, end) if part)


def cv_pdf(cv: Cv, citizen: Citizen, language: str) -> bytes:
    with translation.override(language):
        pdf = FPDF(format="A4")
        pdf.set_title(_latin1(_("CV for %(name)s") % {"name": citizen.name}))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        pdf.multi_cell(0, 10, _latin1(citizen.name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        contact = "  ·  ".join(v for v in (cv.contact_email, cv.contact_phone) if v)
        if contact:
            pdf.multi_cell(0, 6, _latin1(contact.replace("·", "-")), new_x="LMARGIN", new_y="NEXT")

        def heading(text: str) -> None:
            pdf.ln(4)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, _latin1(text), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 11)

        def line(text: str, bold: bool = False) -> None:
            pdf.set_font("Helvetica", "B" if bold else "", 11)
            pdf.multi_cell(0, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")

        if cv.job_goals:
            heading(_("Jeg søger job som"))
            for goal in cv.job_goals:
                line(f"- {goal}")
        if cv.experience:
            heading(_("Erhvervserfaring"))
            for row in cv.experience:
                line(f"{row.get('title', '')}, {row.get('employer', '')}", bold=True)
                if _period(row, language):
                    line(_period(row, language))
                if row.get("description"):
                    line(row["description"])
        if cv.education:
            heading(_("Uddannelse"))
            for row in cv.education:
                place = f", {row['institution']}" if row.get("institution") else ""
                line(f"{row.get('title', '')}{place}", bold=True)
                if _period(row, language):
                    line(_period(row, language))
        if cv.competences:
            heading(_("Kompetencer"))
            line(cv.competences)
        if cv.languages:
            heading(_("Sprog"))
            levels = {key: str(label) for key, label in LANGUAGE_LEVELS}
            for row in cv.languages:
                line(f"{row['language']}: {levels.get(row['level'], row['level'])}")
        if cv.driving_licences:
            heading(_("Kørekort"))
            line(", ".join(cv.driving_licences))
        if cv.hours or cv.area:
            heading(_("Ønsker til job"))
            if cv.hours:
                line(str(Cv.Hours(cv.hours).label))
            if cv.area:
                radius = (
                    _(" (højst %(km)s km fra bopælen)") % {"km": cv.radius_km}
                    if cv.radius_km
                    else ""
                )
                line(f"{cv.area}{radius}")
        return bytes(pdf.output())
