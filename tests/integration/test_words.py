"""The words a person reads for holders and groups (RULES-2026.md §4): "kommunen" from R68's date,
the organisation's own name where it is known, and R69's benefit names from 1 July 2025, in Danish
and English, directly and through the template tags."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from kontaktforloeb.rules.parameters import default_parameters
from kontaktforloeb.web import words

UTC = ZoneInfo("UTC")
LAST_JOBCENTRE_DAY = date(2026, 1, 31)
FIRST_KOMMUNEN_DAY = date(2026, 2, 1)


def test_the_boundary_is_the_rules_parameter():
    value = default_parameters().value("words/kommunen_from", FIRST_KOMMUNEN_DAY).value
    assert words.kommunen_from(FIRST_KOMMUNEN_DAY) == date.fromisoformat(str(value))
    assert words.kommunen_from(FIRST_KOMMUNEN_DAY) == FIRST_KOMMUNEN_DAY
    # Before the parameter's first value there is no boundary in force: the old word.
    assert words.kommunen_from(date(2019, 12, 31)) is None
    assert words.holder_name("jobcenter", date(2019, 12, 31), "da") == "jobcentret"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (LAST_JOBCENTRE_DAY, "da", "jobcentret"),
        (LAST_JOBCENTRE_DAY, "en", "the jobcentre"),
        (FIRST_KOMMUNEN_DAY, "da", "kommunen"),
        (FIRST_KOMMUNEN_DAY, "en", "the municipality"),
        (date(2024, 9, 3), "da", "jobcentret"),
        (date(2027, 3, 1), "en-gb", "the municipality"),
    ],
)
def test_the_municipality_is_named_by_the_day_the_text_is_about(day, lang, expected):
    assert words.holder_name("jobcenter", day, lang) == expected


def test_a_moment_counts_by_its_danish_day():
    # 23:30 UTC on 31 January is 00:30 on 1 February in Copenhagen.
    assert words.says_kommunen(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    assert not words.says_kommunen(datetime(2026, 1, 31, 22, 30, tzinfo=UTC))


def test_no_day_means_today():
    with time_machine.travel(datetime(2026, 1, 31, 12, tzinfo=UTC), tick=False):
        assert words.holder_name("jobcenter", None, "da") == "jobcentret"
    with time_machine.travel(datetime(2026, 2, 1, 12, tzinfo=UTC), tick=False):
        assert words.holder_name("jobcenter", None, "da") == "kommunen"


def test_the_organisations_own_name_is_kept_on_both_sides_of_the_boundary():
    kbh = SimpleNamespace(name="Jobcenter København")
    for day in (LAST_JOBCENTRE_DAY, FIRST_KOMMUNEN_DAY):
        for lang in ("da", "en"):
            assert words.holder_name("jobcenter", day, lang, kbh) == "Jobcenter København"
    assert words.holder_name("akasse", None, "en", SimpleNamespace(name="A-kasse Et")) == (
        "A-kasse Et"
    )
    # A nameless organisation falls back to the words of the day.
    assert words.holder_name("jobcenter", FIRST_KOMMUNEN_DAY, "da", SimpleNamespace(name="")) == (
        "kommunen"
    )


def test_the_akasse_and_the_other_actor():
    assert words.holder_name("akasse", FIRST_KOMMUNEN_DAY, "da") == "din a-kasse"
    assert words.holder_name("akasse", FIRST_KOMMUNEN_DAY, "en") == "your a-kasse"
    assert words.holder_name("akasse", FIRST_KOMMUNEN_DAY, "da", yours=False) == "a-kassen"
    assert words.holder_name("akasse", FIRST_KOMMUNEN_DAY, "en", yours=False) == "the a-kasse"
    assert words.holder_name("anden_aktoer", date(2027, 2, 1), "da") == "den anden aktør"
    assert words.holder_name("anden_aktoer", date(2027, 2, 1), "en") == "the other actor"


def test_an_items_day_is_its_deadline_else_its_date():
    item = SimpleNamespace(deadline=None, earliest=FIRST_KOMMUNEN_DAY)
    assert words.item_day(item) == FIRST_KOMMUNEN_DAY
    item.deadline = LAST_JOBCENTRE_DAY
    assert words.item_day(item) == LAST_JOBCENTRE_DAY
    assert words.item_day(SimpleNamespace()) is None


@pytest.mark.parametrize(
    ("group", "lang", "before", "after"),
    [
        (
            "uddannelseshjaelp_uddannelsesparat",
            "da",
            "uddannelsesparat uddannelseshjælpsmodtager",
            "uddannelsesparat kontanthjælpsmodtager",
        ),
        (
            "uddannelseshjaelp_uddannelsesparat",
            "en",
            "education-ready recipient of uddannelseshjælp",
            "education-ready recipient of kontanthjælp",
        ),
        (
            "uddannelseshjaelp_aktivitetsparat",
            "da",
            "aktivitetsparat uddannelseshjælpsmodtager",
            "aktivitetsparat kontanthjælpsmodtager under 30 uden uddannelse",
        ),
        (
            "uddannelseshjaelp_aktivitetsparat",
            "en",
            "activity-ready recipient of uddannelseshjælp",
            "activity-ready recipient of kontanthjælp under 30 without education",
        ),
        (
            "kontanthjaelp_jobparat",
            "da",
            "jobparat kontanthjælpsmodtager",
            "jobparat kontanthjælpsmodtager",
        ),
    ],
)
def test_benefit_names_change_on_1_july_2025(group, lang, before, after):
    assert words.group_name(group, date(2025, 6, 30), lang) == before
    assert words.group_name(group, date(2025, 7, 1), lang) == after


def test_an_unknown_group_is_shown_as_it_is():
    assert words.group_name("", None, "da") == ""
    assert words.group_name("something_new", None, "en") == "something_new"


def render(text: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load kf %}" + text).render(Context(context)).strip()


def test_the_template_tags_use_the_readers_language():
    tag = '{% holder_name "jobcenter" day as who %}{{ who|capfirst }}'
    assert render(tag, "da", day=FIRST_KOMMUNEN_DAY) == "Kommunen"
    assert render(tag, "en", day=FIRST_KOMMUNEN_DAY) == "The municipality"
    assert render(tag, "da", day=LAST_JOBCENTRE_DAY) == "Jobcentret"
    named = '{% holder_name "jobcenter" day org %}'
    org = SimpleNamespace(name="Jobcenter København")
    assert render(named, "en", day=FIRST_KOMMUNEN_DAY, org=org) == "Jobcenter København"
    assert render('{% holder_name "akasse" day yours=False %}', "en", day=None) == "the a-kasse"
    assert render("{% if day|says_kommunen %}ja{% else %}nej{% endif %}", "da", day=None) == "ja"
    group = "{{ group|group_name:day }}"
    assert render(group, "en", group="uddannelseshjaelp_uddannelsesparat", day=None) == (
        "education-ready recipient of kontanthjælp"
    )
    assert (
        render(group, "da", group="uddannelseshjaelp_aktivitetsparat", day=date(2025, 6, 30))
        == "aktivitetsparat uddannelseshjælpsmodtager"
    )
