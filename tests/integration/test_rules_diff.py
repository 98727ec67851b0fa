"""The staff page "Hvad er ændret i reglerne" (R71): two rulesets compared, every changed value
with both citations, in Danish and English; for staff of any organisation only."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

URL = "/sager/regler/aendringer/"
LAB_2024 = "https://www.retsinformation.dk/eli/lta/2024/280"
LOV_1750 = "https://www.retsinformation.dk/eli/lta/2025/1750"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row(body: str, name: str) -> str:
    """The table row of one parameter, tags stripped to text with its links' addresses kept."""
    found = re.search(rf'<tr id="regel-{name}">(.*?)</tr>', body, re.S)
    assert found, f"no row for {name}"
    html = re.sub(r'<a href="([^"]+)">', r" \1 ", found.group(1))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_address_is_under_the_workspace() -> None:
    assert reverse("workspace:rules_diff") == URL


def test_a_caseworker_sees_the_a_kasse_interviews_go_from_3_to_2_with_both_citations(world):
    body = logged_in(world.ak_one_worker).get(URL).content.decode()
    assert "<h1>Hvad er ændret i reglerne</h1>" in body
    assert "Reglerne fra 1. januar 2024 sammenlignet med reglerne fra 1. juli 2026" in body
    text = row(body, "interviewsdagpenge_akasse_count")
    assert text == (
        "Samtaler med a-kassen i de første 3 måneder "
        "3 samtaler Gælder fra 1. januar 2024. Kilde: "
        f"{LAB_2024} LAB § 31, stk. 1 (LBK nr. 280 af 1/3/2024) "
        "2 samtaler Gælder fra 1. juli 2026. Kilde: "
        f"{LOV_1750} LAB § 31, stk. 1, som ændret ved lov nr. 1750 af 29/12/2025"
    )
    assert "Samtaler med kommunen i de første 6 måneder" in row(
        body, "interviewsdagpenge_jobcenter_count"
    )
    offer = row(body, "offersduty_months")
    assert "Ingen Reglen findes ikke i dette regelsæt." in offer and "6 måneder" in offer
    assert "9 regler har en anden værdi." in body
    # The form shows the comparison made.
    assert '<option value="LEAFLET-2024" selected>' in body
    assert '<option value="RS2026-07" selected>' in body
    assert "2024-01-01" not in body and "2026-07-01" not in body.replace('value="', "")


def test_a_manager_reads_it_in_english(world):
    response = logged_in(world.kbh_manager).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>What changed in the rules</h1>" in body
    assert "The rules from 1 January 2024 compared with the rules from 1 July 2026" in body
    text = row(body, "interviewsdagpenge_akasse_count")
    assert text.startswith("Interviews with the a-kasse in the first 3 months 3 interviews")
    assert "In force from 1 January 2024. Source:" in text and LAB_2024 in text
    assert "2 interviews In force from 1 July 2026." in text and LOV_1750 in text
    assert "No In force from 1 January 2020." in row(body, "exemptionsinterviews_allowed")


def test_the_provisional_rules_of_2027_carry_the_tag_and_the_reason(world):
    client = logged_in(world.jc_kbh_worker)
    body = client.get(URL, {"fra": "RS2026-07", "til": "RS2027"}).content.decode()
    assert (
        "Reglerne fra 1. januar 2027 er foreløbige, og det er alle deres værdier, også dem, der er "
        "uændrede. Grundlag: politisk aftale om en ny beskæftigelseslov"
    ) in body
    trial = row(body, "trialshandover_hours")
    assert "570,33 timer" in trial and "Systemets fortolkning" in trial
    assert "Foreløbig Beskæftigelsesministeriets pressemeddelelse af 3. december 2025" in trial
    assert '<span class="badge badge-warning">Foreløbig</span>' in body
    english = client.get(URL, {"fra": "RS2026-07", "til": "RS2027"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Provisional the Ministry of Employment" in row(
        english.content.decode(), "trialshandover_hours"
    )
    assert "The rules from 1 January 2027 are provisional, and so is every value" in (
        english.content.decode()
    )


def test_the_same_ruleset_twice_has_no_rows(world):
    body = (
        logged_in(world.jc_kbh_worker).get(URL, {"fra": "RS2020", "til": "RS2020"}).content.decode()
    )
    assert "De to regelsæt har de samme værdier." in body and "<table" not in body


@pytest.mark.parametrize(
    ("query", "lang", "message"),
    [
        ({"fra": "RS1999", "til": "RS2027"}, "da", "»RS1999« er ikke et regelsæt."),
        ({"til": "<script>"}, "da", "»&lt;script&gt;« er ikke et regelsæt."),
        ({"fra": "nope"}, "en", "“nope” is not a ruleset."),
        ({"fra": "RS2020", "til": "RS 2027"}, "en", "“RS 2027” is not a ruleset."),
    ],
)
def test_an_unknown_ruleset_is_said_and_the_default_comparison_shown(world, query, lang, message):
    response = logged_in(world.jc_kbh_worker).get(URL, query, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'class="alert alert-error"' in body  # the error summary
    assert "form-error-message" in body  # and the message at the field
    assert "<script>" not in body.split("<main", 1)[1].split("</main>")[0]
    # The default comparison, chosen in the form.
    assert "3 " in row(body, "interviewsdagpenge_akasse_count")
    assert '<option value="LEAFLET-2024" selected>' in body
    assert '<option value="RS2026-07" selected>' in body


def test_the_staff_start_page_links_to_it(world):
    body = logged_in(world.ak_two_worker).get(reverse("web:staff_home")).content.decode()
    assert f'<a href="{URL}">Hvad er ændret i reglerne</a>' in body


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={URL}"


def test_a_citizen_is_refused(world):
    assert logged_in(world.anna.user).get(URL).status_code == 404
