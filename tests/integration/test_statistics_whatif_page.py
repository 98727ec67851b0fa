"""Hvad nu hvis as a manager reads it: who may open it, the form, both sides in the charts and
their tables, a bad value named at its field in the page's language with no figures, and the
administrator's choice of an organisation or the whole country."""

from __future__ import annotations

import re

import pytest

from tests.integration import test_statistics_whatif as known

pop = known.pop  # the known population, seen on TODAY
WHATIF = "/statistik/hvad-nu-hvis/"


def page(client, user, query: str = "", lang: str = "da") -> str:
    client.force_login(user)
    response = client.get(WHATIF + query, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_who_may_open_it(client, pop):
    assert client.get(WHATIF).status_code == 302
    client.force_login(pop.caseworker)
    assert client.get(WHATIF).status_code == 404
    client.force_login(pop.manager)
    assert client.get(f"{WHATIF}?regelsaet=&organisation={pop.other_jc.pk}").status_code == 404


def test_the_form_alone_computes_nothing(client, pop):
    html = page(client, pop.manager)
    assert "Hvad nu hvis" in html and 'id="whatif-form"' in html
    assert "samtaler-pr-uge-table" not in html
    assert 'aria-current="page">Hvad nu hvis' in html


def test_leaflet_2024_beside_the_law_in_force(client, pop):
    html = page(client, pop.manager, "?regelsaet=LEAFLET-2024&uger=12")
    assert "Scenariet: LEAFLET-2024 for alle forløb." in html
    assert "Beregnet for 11 borgere" in html
    weeks = cells(html, "samtaler-pr-uge")
    assert len(weeks) == 12
    assert weeks[0] == ["Uge 47 (16. nov.)", "1", "1", "0"]
    assert weeks[10][1:] == ["5", "6", "+1"]
    assert weeks[11][1:] == ["6", "6", "0"]
    overdue = cells(html, "overskredne")
    assert overdue[-1] == ["I alt", "7", "11", "+4"]
    timeliness = cells(html, "rettidighed")
    assert timeliness[2] == ["Overskredet", "4", "7", "+3"]
    assert timeliness[3] == ["Rettidighed", "16,7 %", "11,1 %", "-5,6 %"]
    # Both sides in each chart, the chart named by its summary.
    assert html.count('role="img"') == 2
    assert 'aria-labelledby="samtaler-pr-uge-summary"' in html
    chart = html.split('aria-labelledby="samtaler-pr-uge-summary"', 1)[1].split("</svg>", 1)[0]
    assert "I dag" in chart and "Scenariet" in chart


def test_a_value_is_tried_under_the_law_in_force(client, pop):
    html = page(client, pop.manager, "?regelsaet=&akasse_count=3")
    assert "A-kassens samtaler i de første måneder: 3" in html
    assert cells(html, "overskredne")[0][1:] == ["1", "2", "+1"]


@pytest.mark.parametrize(
    ("query", "lang", "message"),
    [
        ("?regelsaet=&akasse_count=9", "da", "skal være et helt tal fra 1 til 6, ikke »9«"),
        (
            "?regelsaet=&akasse_count=9",
            "en",
            "must be a whole number from 1 to 6, not &#x27;9&#x27;",
        ),
        ("?regelsaet=&handover_hours=mange", "da", "fra 160 til 1000, ikke »mange«"),
        ("?regelsaet=RS1999", "da", "RS1999 er ikke en af de tilgængelige valgmuligheder"),
        ("?regelsaet=&uger=13", "en", "13 is not one of the available choices"),
    ],
)
def test_a_bad_value_is_named_and_nothing_is_computed(client, pop, query, lang, message):
    html = page(client, pop.manager, query, lang=lang)
    assert message in html
    assert 'class="form-group form-error"' in html
    assert "samtaler-pr-uge-table" not in html


def test_the_administrator_chooses_an_organisation_or_the_whole_country(client, pop):
    html = page(client, pop.administrator, "?regelsaet=RS2026-07")
    assert "Beregnet for 12 borgere" in html
    assert "hele landet" in html
    html = page(client, pop.administrator, f"?regelsaet=RS2026-07&organisation={pop.other_jc.pk}")
    assert "Beregnet for 1 borgere" in html


def test_in_english(client, pop):
    html = page(client, pop.manager, "?regelsaet=&akasse_count=3", lang="en")
    assert "<h1>What if</h1>" in html
    assert (
        "The scenario: the law in force; The a-kasse&#x27;s interviews in the first months: 3."
        in html
    )
    assert cells(html, "samtaler-pr-uge")[0] == ["Week 47 (Nov 16)", "1", "1", "0"]
    assert "Under the scenario, 8 interviews would be overdue today against 7." in html
