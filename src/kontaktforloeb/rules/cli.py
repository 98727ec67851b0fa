"""``kontaktforloeb plan`` and ``kontaktforloeb rules``: the engine as a command.

``main(argv)`` takes the arguments after the program name and returns the exit status: 0 with
one JSON object (or, with ``--explain``, a readable timeline) on stdout; 2 with one line naming
the problem on stderr. The engine never reads the clock; only this edge may default ``as_of`` to
today, and it says so in ``--help``.

``rules list`` prints every parameter in force on a date with its value and citation, marking
product decisions ``[D]`` and provisional values ``[P: what it rests on]`` (R70), after a first
line when the ruleset in force is provisional as a whole. ``rules diff FROM TO`` prints every
parameter whose value differs between two rulesets, with both values and both citations, in
Danish or English, or as JSON (R71); an unknown ruleset id exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, NoReturn, TextIO

from kontaktforloeb.rules.dates import format_date
from kontaktforloeb.rules.diff import RulesetDiff, Side, ruleset_diff, ruleset_provisional
from kontaktforloeb.rules.engine import plan
from kontaktforloeb.rules.events import EventError, parse_events
from kontaktforloeb.rules.explain import KOMMUNEN_FROM
from kontaktforloeb.rules.model import Plan, Reason
from kontaktforloeb.rules.parameters import ParameterError, default_parameters
from kontaktforloeb.rules.rulesets import RULESETS, UnknownRuleset, ruleset_for

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad arguments or input: reported as one line on stderr with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _iso_date(text: str, what: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what}: {text!r} is not a date YYYY-MM-DD") from None


def _parser() -> _Parser:
    parser = _Parser(prog="kontaktforloeb", description="The contact course rules engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    plan_parser = commands.add_parser(
        "plan",
        help="work out the plan of one case",
        description=(
            "Print the plan of CASE.json as one JSON object (the plan contract). CASE.json is "
            '{"ruleset": optional id, "as_of": optional date, "citizen": {...}, "events": [...]}. '
            "The date the plan is seen on is --as-of, else the file's as_of, else today's date "
            "(today is used only here, at the command line; the engine itself never reads the "
            "clock). Bad input prints one line naming the event and field and exits 2."
        ),
    )
    plan_parser.add_argument("case", metavar="CASE.json", help="the case file ('-' for stdin)")
    plan_parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="see the plan on this date")
    plan_parser.add_argument(
        "--ruleset", choices=sorted(RULESETS), help="use this ruleset instead of the one in force"
    )
    plan_parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="language of the reasons"
    )
    plan_parser.add_argument(
        "--explain", action="store_true", help="print a readable dated timeline with the reasons"
    )
    rules_parser = commands.add_parser("rules", help="show the parameters of the rules")
    rules_commands = rules_parser.add_subparsers(dest="rules_command", required=True)
    list_parser = rules_commands.add_parser(
        "list",
        help="every parameter in force on a date, with value and citation",
        description=(
            "Print every parameter in force on --on (default: today) with value and citation. "
            "[D] marks a product decision where the sources are silent; [P: …] a provisional "
            "value (agreed or announced, final legal text not available) and what it rests on. "
            "When the ruleset in force on that date is provisional as a whole, a first line says "
            "so and why, and each value it inherits unchanged is marked [P]."
        ),
    )
    list_parser.add_argument("--on", metavar="YYYY-MM-DD", help="the date (default: today)")
    diff_parser = rules_commands.add_parser(
        "diff",
        help="what changed between two rulesets, with both values and citations",
        description=(
            "Print every parameter whose value differs between ruleset FROM and ruleset TO "
            f"({', '.join(RULESETS)}): a short label, the value before and after, each with "
            "the date it took effect, its citation and, where it is provisional, what it rests "
            "on. A ruleset's values are those in force on its first day; a parameter that only "
            "one of them has is shown as none on the other side. An unknown id exits 2."
        ),
    )
    diff_parser.add_argument("source", metavar="FROM", help="the ruleset id to compare from")
    diff_parser.add_argument("target", metavar="TO", help="the ruleset id to compare to")
    diff_parser.add_argument(
        "--lang", choices=("da", "en"), default="da", help="language of labels and values"
    )
    diff_parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the readable list"
    )
    return parser


def _read_case(path: str, stdin: TextIO) -> dict[str, Any]:
    try:
        if path == "-":
            text = stdin.read()
        else:
            with open(path, encoding="utf-8") as file:
                text = file.read()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the case file: {error.strerror}") from None
    try:
        case = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    if not isinstance(case, dict):
        raise UsageError(f"{path}: the case is a JSON object with events")
    if not isinstance(case.get("events"), list):
        raise UsageError(f"{path}: field 'events' must be a list of events")
    return case


def plan_case(case: dict[str, Any], as_of: str | None, ruleset: str | None) -> Plan:
    """The plan of a case mapping, with the command line's precedence for as_of and ruleset.

    ``as_of`` must be resolved by the caller when neither it nor the case gives one.
    """
    events = parse_events(case["events"])
    day_text = as_of if as_of is not None else case.get("as_of")
    if not isinstance(day_text, str):
        raise UsageError('as_of: give --as-of YYYY-MM-DD or an "as_of" in the case')
    day = _iso_date(day_text, "as_of")
    chosen = ruleset if ruleset is not None else case.get("ruleset")
    if chosen is not None and not isinstance(chosen, str):
        raise UsageError(f"ruleset: {chosen!r} is not a ruleset id")
    return plan(events, day, chosen)


def _because_lines(reasons: tuple[Reason, ...], lang: str) -> list[str]:
    return [f"      {reason.rule}: {reason.text(lang)}" for reason in reasons]


LABELS = {
    "da": {
        "plan": "Plan",
        "ruleset": "Regelsæt",
        "as_of": "Set pr.",
        "group": "Målgruppe",
        "start": "Forløbet begyndte",
        "interview": "Samtale {number} ({holder}), frist",
        "handover": "Jobcentret overtager",
        "cv": "Cv, frist",
        "joblog": "Joblog, fritaget fra",
        "deadline": "Frist for booking",
        "consequence": "Konsekvens: {type}",
        "status": "status",
        "none": "intet forløb",
        "handover_kommunen": "Kommunen overtager",
        "offer": "Tilbud, frist",
        "started": "begyndt",
        "exemption_interviews": "Undtaget fra samtaler ({holder})",
        "exemption_offer": "Undtaget fra tilbud",
        "until": "til",
        "trial": "Forsøg: {trial}, {holder} holder de første måneder",
        "ignored": "Hændelse {index} ({type}) er ikke brugt",
        "provisional": "foreløbig",
        "follows": "efter",
    },
    "en": {
        "plan": "Plan",
        "ruleset": "Ruleset",
        "as_of": "As of",
        "group": "Group",
        "start": "Spell began",
        "interview": "Interview {number} ({holder}), deadline",
        "handover": "Jobcentre takes over",
        "cv": "CV, deadline",
        "joblog": "Joblog, exempt from",
        "deadline": "Booking deadline",
        "consequence": "Consequence: {type}",
        "status": "status",
        "none": "no spell",
        "handover_kommunen": "The municipality takes over",
        "offer": "Offer, deadline",
        "started": "started",
        "exemption_interviews": "Excused from interviews ({holder})",
        "exemption_offer": "Excused from the offer",
        "until": "until",
        "trial": "Trial: {trial}, {holder} holds the first months",
        "ignored": "Event {index} ({type}) is not used",
        "provisional": "provisional",
        "follows": "under",
    },
}


def explain_text(result: Plan, lang: str) -> str:
    """The plan as a dated timeline with the reasons, for reading."""
    words = LABELS["en" if lang == "en" else "da"]
    lines = [
        f"{words['plan']} — {words['ruleset']} {result.ruleset_id}, "
        f"{words['as_of']} {format_date(result.as_of, lang)}",
        f"{words['group']}: {result.group or words['none']}",
    ]
    if result.spell_start is not None:
        lines.append(f"{words['start']}: {format_date(result.spell_start, lang, weekday=True)}")
    timeline: list[tuple[date, int, list[str]]] = []
    for interview in result.interviews:
        head = words["interview"].format(number=interview.number, holder=interview.holder)
        extra = f", {words['status']}: {interview.status}"
        if interview.held_on:
            extra += f" ({format_date(interview.held_on, lang)})"
        if interview.ruleset and interview.ruleset != result.ruleset_id:
            extra += f", {words['follows']} {interview.ruleset}"  # R60
        if interview.provisional:
            extra += f" [{words['provisional']}]"  # R70
        text = [f"{head} {format_date(interview.deadline, lang, weekday=True)}{extra}"]
        timeline.append((interview.deadline, 1, text + _because_lines(interview.because, lang)))
    if result.handover:
        # R68: the municipality from 1 February 2026, in the label as in the sentences.
        label = words["handover"]
        if result.handover.date >= KOMMUNEN_FROM:
            label = words["handover_kommunen"]
        text = [f"{label} {format_date(result.handover.date, lang, weekday=True)}"]
        timeline.append(
            (result.handover.date, 0, text + _because_lines(result.handover.because, lang))
        )
    if result.cv.deadline:
        text = [
            f"{words['cv']} {format_date(result.cv.deadline, lang, weekday=True)}, "
            f"{words['status']}: {result.cv.status}"
        ]
        timeline.append((result.cv.deadline, 2, text + _because_lines(result.cv.because, lang)))
    if result.joblog.exempt_from:
        text = [f"{words['joblog']} {format_date(result.joblog.exempt_from, lang, weekday=True)}"]
        timeline.append(
            (result.joblog.exempt_from, 3, text + _because_lines(result.joblog.because, lang))
        )
    for deadline in result.selfbooking.open_deadlines:
        text = [f"{words['deadline']} {format_date(deadline.deadline, lang, weekday=True)}"]
        timeline.append((deadline.deadline, 4, text))
    for consequence in result.consequences:
        head = words["consequence"].format(type=consequence.type)
        span = format_date(consequence.from_date, lang)
        if consequence.to_date:
            span += f" – {format_date(consequence.to_date, lang)}"
        text = [f"{head} {span}"]
        timeline.append(
            (consequence.from_date, 5, text + _because_lines(consequence.because, lang))
        )
    if result.offer is not None:  # R67
        offer = result.offer
        text = [
            f"{words['offer']} {format_date(offer.deadline, lang, weekday=True)}, "
            f"{words['status']}: {offer.status}"
            + (
                f" ({words['started']} {format_date(offer.started_on, lang)})"
                if offer.started_on
                else ""
            )
            + (f" [{words['provisional']}]" if offer.provisional else "")
        ]
        timeline.append((offer.deadline, 6, text + _because_lines(offer.because, lang)))
    for exemption in result.exemptions:  # R65, R67
        head = (
            words["exemption_interviews"].format(holder=exemption.holder)
            if exemption.kind == "interviews"
            else words["exemption_offer"]
        )
        span = format_date(exemption.from_date, lang)
        if exemption.to_date:
            span += f" {words['until']} {format_date(exemption.to_date, lang)}"
        text = [f"{head} {span}"]
        timeline.append((exemption.from_date, 7, text + _because_lines(exemption.because, lang)))
    for day, _, text in sorted(timeline, key=lambda entry: (entry[0], entry[1])):
        lines.append(f"{day.isoformat()}  {text[0]}")
        lines.extend(text[1:])
    if result.selfbooking.because:
        lines.append("")
        lines.extend(line.strip() for line in _because_lines(result.selfbooking.because, lang))
    if result.trial is not None:  # R73
        lines.append("")
        lines.append(
            words["trial"].format(trial=result.trial.trial, holder=result.trial.holder)
            + f" [{words['provisional']}]"
        )
        lines.extend(line.strip() for line in _because_lines(result.trial.because, lang))
    if result.ignored_events:  # RULES-2026 §5: nothing is ignored silently
        lines.append("")
        for ignored in result.ignored_events:
            entry = ignored.to_dict(lang)
            lines.append(
                words["ignored"].format(index=entry["index"], type=entry["type"])
                + f" — {entry['rule']}: {entry['text']}"
            )
    return "\n".join(lines) + "\n"


def _run_plan(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    case = _read_case(args.case, stdin)
    as_of = args.as_of
    if as_of is None and case.get("as_of") is None:
        as_of = date.today().isoformat()  # the edge only: the engine never reads the clock
    result = plan_case(case, as_of, args.ruleset)
    if args.explain:
        stdout.write(explain_text(result, args.lang))
    else:
        json.dump(result.to_dict(args.lang), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    return EXIT_OK


def _run_rules_list(args: argparse.Namespace, stdout: TextIO) -> int:
    on = _iso_date(args.on, "--on") if args.on else date.today()
    parameters = default_parameters()
    ruleset = ruleset_for(on)
    provisional = ruleset_provisional(ruleset, parameters)
    if provisional is not None:
        stdout.write(
            f"{ruleset.id} is provisional: every value of it is provisional, also those it "
            f"inherits unchanged ({provisional[1]})\n"
        )
    for parameter, value in parameters.in_force(on):
        mark = " [D]" if parameter.decision else ""
        if value.provisional is not None:
            mark += f" [P: {value.provisional[1]}]"
        elif provisional is not None:
            mark += " [P]"
        shown = json.dumps(value.value, ensure_ascii=False)
        stdout.write(
            f"{parameter.name} = {shown} (from {value.effective_from.isoformat()}){mark}\n"
            f"    {value.citation.text} <{value.citation.url}>\n"
        )
    return EXIT_OK


DIFF_WORDS = {
    "da": {
        "head": "Hvad er ændret fra {source} (gælder fra {source_from}) til {target} (gælder fra "
        "{target_from})",
        "count": "{count} parametre har en anden værdi.",
        "one": "1 parameter har en anden værdi.",
        "none": "Ingen parametre har en anden værdi.",
        "whole": "{id} er foreløbigt: alle dets værdier er foreløbige, også dem, det har uændret "
        "fra før ({reason}).",
        "before": "før:  ",
        "after": "efter:",
        "from": "fra",
        "provisional": "foreløbig",
    },
    "en": {
        "head": "What changed from {source} (in force from {source_from}) to {target} (in force "
        "from {target_from})",
        "count": "{count} parameters have a different value.",
        "one": "1 parameter has a different value.",
        "none": "No parameter has a different value.",
        "whole": "{id} is provisional: every value of it is provisional, also those it has "
        "unchanged from before ({reason}).",
        "before": "before:",
        "after": "after: ",
        "from": "from",
        "provisional": "provisional",
    },
}


def _side_lines(side: Side, head: str, whole: str | None, lang: str) -> list[str]:
    words = DIFF_WORDS[lang]
    line = f"  {head} {side.shown(lang)}"
    if side.effective_from is not None:
        line += f", {words['from']} {format_date(side.effective_from, lang)}"
    reason = side.provisional_reason(lang)
    if reason is not None:
        # A side provisional because its whole ruleset is says so once, in the head of the list.
        line += (
            f" [{words['provisional']}]"
            if reason == whole
            else f" [{words['provisional']}: {reason}]"
        )
    lines = [line]
    if side.citation is not None:
        lines.append(f"{' ' * (len(head) + 3)}{side.citation.text} <{side.citation.url}>")
    return lines


def diff_text(result: RulesetDiff, lang: str) -> str:
    """The changes between two rulesets as a readable list, in Danish or English."""
    lang = "en" if lang == "en" else "da"
    words = DIFF_WORDS[lang]
    source, target = result.source, result.target
    lines = [
        words["head"].format(
            source=source.id,
            source_from=format_date(source.effective_from, lang),
            target=target.id,
            target_from=format_date(target.effective_from, lang),
        )
    ]
    for side in (source, target):
        reason = side.provisional_reason(lang)
        if reason is not None:
            lines.append(words["whole"].format(id=side.id, reason=reason))
    count = len(result.changes)
    lines.append(
        words["none"]
        if count == 0
        else words["one"]
        if count == 1
        else words["count"].format(count=count)
    )
    for change in result.changes:
        lines.append("")
        mark = " [D]" if change.decision else ""
        lines.append(f"{change.label(lang)} ({change.name}){mark}")
        lines.extend(
            _side_lines(change.before, words["before"], source.provisional_reason(lang), lang)
        )
        lines.extend(
            _side_lines(change.after, words["after"], target.provisional_reason(lang), lang)
        )
    return "\n".join(lines) + "\n"


def _run_rules_diff(args: argparse.Namespace, stdout: TextIO) -> int:
    result = ruleset_diff(args.source, args.target)
    if args.json:
        json.dump(result.to_dict(args.lang), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(diff_text(result, args.lang))
    return EXIT_OK


def main(
    argv: list[str],
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``plan``, ``rules list`` or ``rules diff``; return 0, or 2 after one line on stderr."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if args.command == "plan":
            return _run_plan(args, stdin, stdout)
        if args.rules_command == "diff":
            return _run_rules_diff(args, stdout)
        return _run_rules_list(args, stdout)
    except (UsageError, EventError, UnknownRuleset, ParameterError) as error:
        stderr.write(f"kontaktforloeb: {error}\n")
        return EXIT_BAD_INPUT
    except SystemExit as exit_:  # --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
