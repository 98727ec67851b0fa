from datetime import date

import pytest

from kontaktforloeb.rules import (
    ChannelNotAllowed,
    DeadlineTooShort,
    check_booking_channel,
    check_deadline_length,
    parse_events,
    plan,
)

S2 = parse_events([{"type": "registered", "date": "2024-10-02", "group": "kontanthjaelp_jobparat"}])


def test_booking_the_first_interview_by_phone_is_refused_in_both_languages() -> None:
    first, second = plan(S2, date(2024, 10, 2)).interviews[:2]
    with pytest.raises(ChannelNotAllowed) as caught:
        check_booking_channel(first.required_channel, "phone")
    assert "første samtale skal holdes ved personligt fremmøde" in caught.value.message("da")
    assert "first interview must be held in person" in caught.value.message("en")
    check_booking_channel(second.required_channel, "video")


def test_a_deadline_shorter_than_8_days_is_refused_pointing_to_a_summons() -> None:
    with pytest.raises(DeadlineTooShort) as caught:
        check_deadline_length(date(2024, 10, 1), date(2024, 10, 6))
    assert "Indkald" in caught.value.message("da")
    assert "Summon" in caught.value.message("en")
    check_deadline_length(date(2024, 10, 1), date(2024, 10, 9))
