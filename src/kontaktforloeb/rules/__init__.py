"""The rules engine of the contact course: pure Python, no Django, no I/O but its own parameters.

``plan(events, as_of)`` works out a citizen's interviews, deadlines and duties with the legal
reason for each (ENGINE.md, RULES.md); ``deadlines`` is its fast path without explanations.
"""

from kontaktforloeb.rules.booking import (
    BookingRuleError,
    ChannelNotAllowed,
    DeadlineTooShort,
    check_booking_channel,
    check_deadline_length,
)
from kontaktforloeb.rules.dates import add_months, format_date
from kontaktforloeb.rules.engine import deadlines, plan
from kontaktforloeb.rules.events import Event, EventError, parse_events
from kontaktforloeb.rules.model import (
    Consequence,
    CvDuty,
    Deadlines,
    Handover,
    Interview,
    InterviewDeadline,
    JoblogDuty,
    OpenDeadline,
    Plan,
    Reason,
    SelfbookingDuty,
)
from kontaktforloeb.rules.parameters import ParameterError, default_parameters
from kontaktforloeb.rules.rulesets import RULESETS, UnknownRuleset, get_ruleset, ruleset_for
from kontaktforloeb.rules.snapshot import snapshot_on

__all__ = [
    "RULESETS",
    "BookingRuleError",
    "ChannelNotAllowed",
    "Consequence",
    "CvDuty",
    "DeadlineTooShort",
    "Deadlines",
    "Event",
    "EventError",
    "Handover",
    "Interview",
    "InterviewDeadline",
    "JoblogDuty",
    "OpenDeadline",
    "ParameterError",
    "Plan",
    "Reason",
    "SelfbookingDuty",
    "UnknownRuleset",
    "add_months",
    "check_booking_channel",
    "check_deadline_length",
    "deadlines",
    "default_parameters",
    "format_date",
    "get_ruleset",
    "parse_events",
    "plan",
    "ruleset_for",
    "snapshot_on",
]
