"""The CV form in sections, and the caseworker's return-with-comment form.

Repeating sections (work experience, education, languages) are formsets that always offer one
empty row; a row left empty is ignored, so the form works without JavaScript: save, and there is
room for one more. Everything keeps what was typed and says what is wrong at the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import DRIVING_LICENCES, Cv
from .schemas import JOB_GOAL_LENGTH, JOB_GOALS

DATE_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%m-%Y", "%m/%Y"]
DATE_INVALID = _("Skriv en dato som 01-09-2020.")
LANGUAGE_LEVELS = [
    ("basic", _("Grundlæggende")),
    ("good", _("Godt")),
    ("very_good", _("Meget godt")),
    ("native", _("Modersmål")),
]


class Choices(forms.CheckboxSelectMultiple):
    """Checkboxes whose field label (and error summary link) points to the first box."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class Radios(forms.RadioSelect):
    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"class": "input-width-s"}),
        error_messages={"invalid": DATE_INVALID},
    )


class CvForm(forms.Form):
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_("Arbejdsgivere kan se den. Skriv e-mail, telefon eller begge."),
        error_messages={"invalid": _("Skriv en e-mailadresse som navn@eksempel.dk.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.RegexField(
        label=_("Telefon"),
        required=False,
        regex=r"^\+?[0-9 ]{8,16}$",
        max_length=20,
        error_messages={"invalid": _("Skriv et telefonnummer med 8 cifre, fx 12 34 56 78.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "class": "input-width-m"}),
    )
    job_goals = forms.CharField(
        label=_("Jeg søger job som"),
        required=False,
        max_length=2000,
        help_text=_("Skriv ét job pr. linje, fx lagermedarbejder."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competences = forms.CharField(
        label=_("Kompetencer"),
        required=False,
        max_length=4000,
        help_text=_(
            "Hvad du er god til og kan bruge i et job, fx truckcertifikat eller kundeservice."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Kørekort"),
        required=False,
        choices=[(category, category) for category in DRIVING_LICENCES],
        widget=Choices,
    )
    hours = forms.ChoiceField(
        label=_("Arbejdstid"),
        required=False,
        choices=Cv.Hours.choices,
        widget=Radios,
    )
    area = forms.CharField(
        label=_("Område, hvor du søger job"),
        required=False,
        max_length=200,
        help_text=_("Fx en by, en kommune eller en landsdel."),
    )
    radius_km = forms.IntegerField(
        label=_("Højst så mange km fra din bopæl"),
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={"invalid": _("Skriv et helt antal kilometer.")},
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "inputmode": "numeric"}),
    )

    def clean_job_goals(self) -> str:
        text: str = self.cleaned_data.get("job_goals") or ""
        goals = _goals(text)
        if len(goals) > JOB_GOALS:
            raise ValidationError(
                _("Skriv højst %(count)d job, ét pr. linje.") % {"count": JOB_GOALS}
            )
        if any(len(goal) > JOB_GOAL_LENGTH for goal in goals):
            raise ValidationError(
                _("Et job kan højst være %(length)d tegn. Skriv ét job pr. linje.")
                % {"length": JOB_GOAL_LENGTH}
            )
        return text

    def cleaned_goals(self) -> list[str]:
        return _goals(self.cleaned_data.get("job_goals") or "")


def _goals(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class _PeriodForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data


class ExperienceForm(_PeriodForm):
    employer = forms.CharField(label=_("Arbejdsgiver"), required=False, max_length=200)
    title = forms.CharField(label=_("Stilling"), required=False, max_length=200)
    start = _date(_("Fra"))
    end = _date(_("Til (tom, hvis du stadig er ansat)"))
    description = forms.CharField(
        label=_("Opgaver"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            any(data.get(name) for name in ("start", "end", "description", "title"))
            and not (data.get("employer") or "").strip()
        ):
            self.add_error("employer", _("Skriv arbejdsgiverens navn."))
        if (data.get("employer") or "").strip() and not (data.get("title") or "").strip():
            self.add_error("title", _("Skriv din stilling."))
        return data


class EducationForm(_PeriodForm):
    institution = forms.CharField(label=_("Uddannelsessted"), required=False, max_length=200)
    title = forms.CharField(label=_("Uddannelse"), required=False, max_length=200)
    start = _date(_("Fra"))
    end = _date(_("Til"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            any(data.get(name) for name in ("institution", "start", "end"))
            and not (data.get("title") or "").strip()
        ):
            self.add_error("title", _("Skriv navnet på uddannelsen."))
        return data


class LanguageForm(forms.Form):
    language = forms.CharField(label=_("Sprog"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Niveau"), required=False, choices=[("", "—"), *LANGUAGE_LEVELS]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("language") or "").strip() and not data.get("level"):
            self.add_error("level", _("Vælg dit niveau."))
        if data.get("level") and not (data.get("language") or "").strip():
            self.add_error("language", _("Skriv hvilket sprog."))
        return data


ExperienceFormSet = forms.formset_factory(ExperienceForm, extra=1, can_delete=True, max_num=50)
EducationFormSet = forms.formset_factory(EducationForm, extra=1, can_delete=True, max_num=50)
LanguageFormSet = forms.formset_factory(LanguageForm, extra=1, can_delete=True, max_num=30)


def _rows(formset: forms.BaseFormSet[Any], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        row = {key: data.get(key) for key in keys}
        if any(value not in (None, "") for value in row.values()):
            rows.append(row)
    return rows


def experience_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    return _rows(formset, ("employer", "title", "start", "end", "description"))


def education_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    return _rows(formset, ("institution", "title", "start", "end"))


def language_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    return _rows(formset, ("language", "level"))


def _initial_dates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    initial = []
    for row in rows:
        row = dict(row)
        for key in ("start", "end"):
            if row.get(key):
                row[key] = date.fromisoformat(row[key])
        initial.append(row)
    return initial


def cv_forms(
    cv: Cv, data: Any = None
) -> tuple[CvForm, ExperienceFormSet, EducationFormSet, LanguageFormSet]:  # type: ignore[valid-type]
    """The page's form and formsets: bound to `data` when posted, else filled from the CV."""
    initial = {
        "contact_email": cv.contact_email,
        "contact_phone": cv.contact_phone,
        "job_goals": "\n".join(cv.job_goals),
        "competences": cv.competences,
        "driving_licences": cv.driving_licences,
        "hours": cv.hours,
        "area": cv.area,
        "radius_km": cv.radius_km,
    }
    return (
        CvForm(data, initial=initial),
        ExperienceFormSet(data, initial=_initial_dates(cv.experience), prefix="experience"),
        EducationFormSet(data, initial=_initial_dates(cv.education), prefix="education"),
        LanguageFormSet(data, initial=list(cv.languages), prefix="languages"),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til borgeren"),
        max_length=4000,
        help_text=_("Skriv, hvad borgeren skal rette. Borgeren får kommentaren som besked."),
        error_messages={
            "required": _("Skriv en kommentar, så borgeren ved, hvad der skal rettes.")
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
