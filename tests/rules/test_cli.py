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
