import io
import json
from pathlib import Path

import pytest

from kontaktforloeb.rules import cli

CASE = {
    "as_of": "2024-09-20",
    "events": [
        {"type": "registered", "date": "2024-09-02", "group": "dagpenge"},
        {
            "type": "interview_held",
            "date": "2024-09-10",
            "holder": "akasse",
            "channel": "in_person",
        },
    ],
}


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, body: object) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(body) if not isinstance(body, str) else body, encoding="utf-8")
    return str(path)


def test_plan_prints_one_json_object_and_exits_0(tmp_path: Path) -> None:
    status, out, err = run(["plan", write(tmp_path, CASE)])
    assert status == 0 and err == ""
    result = json.loads(out)
    assert result["as_of"] == "2024-09-20"
    assert result["interviews"][0]["status"] == "held"
    assert "første samtale" in result["interviews"][0]["because"][0]["text"]


def test_as_of_option_wins_over_the_file_and_english_is_available(tmp_path: Path) -> None:
    status, out, _ = run(["plan", write(tmp_path, CASE), "--as-of", "2024-12-02", "--lang", "en"])
    result = json.loads(out)
    assert status == 0 and result["as_of"] == "2024-12-02"
    assert result["interviews"][1]["status"] == "overdue"
    assert "first interview" in result["interviews"][0]["because"][0]["text"]


def test_ruleset_option_names_the_ruleset(tmp_path: Path) -> None:
    status, out, _ = run(["plan", write(tmp_path, CASE), "--ruleset", "RS2020"])
    assert status == 0 and json.loads(out)["ruleset"]["id"] == "RS2020"


def test_explain_prints_a_dated_timeline_with_reasons(tmp_path: Path) -> None:
    status, out, _ = run(["plan", write(tmp_path, CASE), "--explain"])
    assert status == 0
    assert "2024-09-16  Samtale 1 (akasse), frist mandag 16. september 2024, status: held" in out
    assert "R3:" in out


def test_a_case_on_stdin(tmp_path: Path) -> None:
    status, out, _ = run(["plan", "-"], stdin=json.dumps(CASE))
    assert status == 0 and json.loads(out)["group"] == "dagpenge"


@pytest.mark.parametrize(
    ("body", "argv", "needle"),
    [
        (
            {**CASE, "events": [{"type": "registered", "date": "2024-09-02"}]},
            [],
            "events[0] (registered), field 'group'",
        ),
        (
            {
                **CASE,
                "events": [
                    *CASE["events"],
                    {"type": "sick", "date": "2024-09-03", "from": "x", "to": "2024-09-04"},
                ],
            },
            [],
            "events[2] (sick), field 'from'",
        ),
        ("{not json", [], "not valid JSON"),
        ([], [], "JSON object"),
        (CASE, ["--as-of", "2024-13-01"], "as_of"),
        ({**CASE, "as_of": "tomorrow"}, [], "as_of"),
        (CASE, ["--ruleset", "RS1999"], "RS1999"),
    ],
)
def test_bad_input_prints_one_line_and_exits_2(
    tmp_path: Path, body: object, argv: list[str], needle: str
) -> None:
    status, out, err = run(["plan", write(tmp_path, body), *argv])
    assert status == 2 and out == ""
    assert needle in err and err.count("\n") == 1


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    status, _, err = run(["plan", str(tmp_path / "missing.json")])
    assert status == 2 and "missing.json" in err and err.count("\n") == 1


def test_rules_list_shows_each_parameter_in_force_with_its_citation() -> None:
    status, out, _ = run(["rules", "list", "--on", "2024-06-01"])
    assert status == 0
    assert "interviews/dagpenge_akasse_count = 3 (from 2024-01-01)" in out
    assert "https://www.retsinformation.dk/eli/lta/2024/280" in out
    assert 'time/holiday_shift = "none" (from 2020-01-01) [D]' in out


def test_rules_list_on_an_rs2020_date_shows_the_old_values() -> None:
    status, out, _ = run(["rules", "list", "--on", "2022-06-01"])
    assert status == 0
    assert "cv/deadline_days_dagpenge = 14 (from 2020-01-01)" in out
    assert "interviews/dagpenge_akasse_count" not in out


def test_help_exits_0_and_says_where_as_of_comes_from(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["plan", "--help"])
    assert status == 0 and "today" in capsys.readouterr().out


def test_rules_list_marks_provisional_values_and_says_why_the_ruleset_is() -> None:
    status, out, _ = run(["rules", "list", "--on", "2027-03-01"])
    assert status == 0
    first, *rest = out.splitlines()
    assert first.startswith("RS2027 is provisional: every value of it is provisional")
    assert "political agreement" in first
    assert any(
        line.startswith("trials/handover_hours = ")
        and "[P: the Ministry of Employment's press release" in line
        for line in rest
    )
    # A value inherited unchanged is provisional too; the first line says why.
    assert "interviews/dagpenge_first_interview_days = 14 (from 2024-01-01) [P]" in rest


def test_rules_list_of_final_law_has_no_provisional_marks() -> None:
    status, out, _ = run(["rules", "list", "--on", "2026-08-01"])
    assert status == 0 and "[P" not in out and "provisional:" not in out
    assert "interviews/dagpenge_akasse_count = 2 (from 2026-07-01)" in out


def test_rules_diff_lists_what_changed_with_both_citations() -> None:
    status, out, err = run(["rules", "diff", "LEAFLET-2024", "RS2026-07"])
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        "Hvad er ændret fra LEAFLET-2024 (gælder fra 1. januar 2024) til RS2026-07 "
        "(gælder fra 1. juli 2026)"
    )
    start = lines.index(
        "Samtaler med a-kassen i de første 3 måneder (interviews/dagpenge_akasse_count)"
    )
    assert lines[start + 1 : start + 5] == [
        "  før:   3 samtaler, fra 1. januar 2024",
        "         LAB § 31, stk. 1 (LBK nr. 280 af 1/3/2024) "
        "<https://www.retsinformation.dk/eli/lta/2024/280>",
        "  efter: 2 samtaler, fra 1. juli 2026",
        "         LAB § 31, stk. 1, som ændret ved lov nr. 1750 af 29/12/2025 "
        "<https://www.retsinformation.dk/eli/lta/2025/1750>",
    ]
    assert "(interviews/dagpenge_jobcenter_count)" in out
    allowed = lines.index("Borgeren kan undtages fra samtaler (exemptions/interviews_allowed)")
    assert lines[allowed + 1].startswith("  før:   nej")
    assert lines[allowed + 3].startswith("  efter: ja")
    offer = lines.index("Tilbud senest efter (offers/duty_months)")
    assert lines[offer + 1 : offer + 3] == [
        "  før:   ingen",
        "  efter: 6 måneder, fra 1. juli 2026",
    ]


def test_rules_diff_in_english_says_what_a_provisional_side_rests_on() -> None:
    status, out, _ = run(["rules", "diff", "RS2026-07", "RS2027", "--lang", "en"])
    assert status == 0
    assert "RS2027 is provisional: every value of it is provisional" in out
    assert "Trial: paid hours before the municipality takes over (trials/handover_hours) [D]" in out
    assert (
        "  after:  570.33 hours, from 1 January 2027 [provisional: the Ministry of Employment's "
        "press release of 3 December 2025 on the trials; the final legal text is not yet available]"
    ) in out
    # The law's own change rests on what the whole ruleset rests on, said once above.
    assert "  after:  yes, from 1 January 2027 [provisional]" in out
    assert "The rules are provisional (law/provisional)" in out


def test_rules_diff_as_json() -> None:
    status, out, _ = run(["rules", "diff", "LEAFLET-2024", "RS2026-07", "--json", "--lang", "en"])
    assert status == 0
    result = json.loads(out)
    assert result["from"]["id"] == "LEAFLET-2024" and result["to"]["provisional"] is False
    change = next(
        c for c in result["changes"] if c["parameter"] == "interviews/dagpenge_jobcenter_count"
    )
    assert change["label"] == "Interviews with the municipality in the first 6 months, dagpenge"
    assert change["before"]["value"] == 3 and change["after"]["value"] == 2
    assert change["before"]["citation"]["text"] == "LAB § 31, stk. 4 (LBK nr. 280 af 1/3/2024)"
    assert change["after"]["citation"]["url"] == "https://www.retsinformation.dk/eli/lta/2025/1750"
    assert change["after"]["effective_from"] == "2026-07-01"
    assert change["after"]["provisional"] is False
    duty = next(c for c in result["changes"] if c["parameter"] == "offers/duty_months")
    assert duty["before"] == {
        "present": False,
        "value": None,
        "shown": "none",
        "effective_from": None,
        "citation": None,
        "provisional": False,
        "provisional_reason": None,
    }


def test_rules_diff_of_a_ruleset_with_itself_is_empty() -> None:
    status, out, _ = run(["rules", "diff", "RS2026-07", "RS2026-07"])
    assert status == 0 and out.splitlines()[1] == "Ingen parametre har en anden værdi."
    status, out, _ = run(["rules", "diff", "RS2027", "RS2027", "--json"])
    assert status == 0 and json.loads(out)["changes"] == []


@pytest.mark.parametrize("argv", [["RS1999", "RS2027"], ["LEAFLET-2024", "rs2026-07"]])
def test_rules_diff_of_an_unknown_ruleset_prints_one_line_and_exits_2(argv: list[str]) -> None:
    status, out, err = run(["rules", "diff", *argv])
    assert status == 2 and out == ""
    assert "unknown ruleset" in err and err.count("\n") == 1
    assert "known: RS2020, LEAFLET-2024, RS2026-07, RS2027" in err


def test_rules_diff_help_names_the_rulesets(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rules", "diff", "--help"]) == 0
    out = capsys.readouterr().out
    assert "FROM" in out and "RS2026-07" in out and "--json" in out
