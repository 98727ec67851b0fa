from datetime import date
from string import Formatter

from kontaktforloeb.rules import Reason, parse_events, plan
from kontaktforloeb.rules.explain import INTERPRETATION, TEMPLATES, Word, _value, render

S1 = parse_events([{"type": "registered", "date": "2024-09-02", "group": "dagpenge"}])


def test_the_first_interview_is_explained_with_its_own_date() -> None:
    first = plan(S1, date(2024, 9, 2)).to_dict("da")["interviews"][0]["because"][0]
    assert first == {
        "rule": "R1",
        "citation": "LAB § 31, stk. 1",
        "text": "Din a-kasse skal holde din første samtale senest mandag 16. september 2024, fordi den "
        "første samtale skal holdes inden for 14 dage efter, at du meldte dig ledig (LAB § 31, stk. 1).",
    }
    english = plan(S1, date(2024, 9, 2)).to_dict("en")["interviews"][0]["because"][0]["text"]
    assert english.startswith(
        "Your a-kasse must hold your first interview by Monday 16 September 2024"
    )


def test_a_product_decision_says_it_is_the_systems_interpretation() -> None:
    handover = plan(S1, date(2024, 9, 2)).to_dict("da")["handover"]["because"]
    assert any("systemets fortolkning" in reason["text"] for reason in handover)
    english = plan(S1, date(2024, 9, 2)).to_dict("en")["handover"]["because"]
    assert any("system's interpretation" in reason["text"] for reason in english)


def test_every_reason_is_a_reason_value_with_its_sentence() -> None:
    """Shared reasons (product decisions, fixed rules) are the same values as the others: a
    ``Reason`` with its rule and a sentence in each language, however the engine is built."""
    result = plan(S1, date(2024, 9, 2))
    reasons = [
        *(reason for interview in result.interviews for reason in interview.because),
        *(result.handover.because if result.handover else ()),
        *result.cv.because,
        *result.joblog.because,
        *result.selfbooking.because,
    ]
    assert any(reason.key == "decision" for reason in reasons)
    for reason in reasons:
        assert isinstance(reason, Reason), reason
        assert reason.rule and reason.text("da") and reason.text("en")


def test_every_template_is_written_as_str_format_would_write_it() -> None:
    """Sentences are joined from pre-split templates; for every template and language the result
    is the text ``str.format_map`` gives for the same facts."""
    for key, templates in TEMPLATES.items():
        for lang, template in zip(("da", "en"), templates, strict=True):
            names = [name for _, name, _, _ in Formatter().parse(template) if name]
            facts = {name: Word(f"<{name} da>", f"<{name} en>") for name in names}
            facts["deadline"] = date(2024, 12, 24)
            expected = template.format_map(
                {name: _value(value, lang) for name, value in facts.items()} | {"citation": "§ 1"}
            )
            if key == "decision":
                expected += " " + INTERPRETATION[lang]
            assert render(key, facts, "§ 1", lang) == expected, (key, lang)
