"""Plain-language sentences, in Danish and English, built from an item's own dates and facts.

``render`` fills a template with facts; dates come out as ``mandag 16. september 2024`` /
``Monday 16 September 2024``. A product decision ([D]) always says that it is the system's
interpretation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from string import Formatter
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:  # model imports this module
    from kontaktforloeb.rules.model import Reason

from kontaktforloeb.rules.dates import format_date, month_name
from kontaktforloeb.rules.parameters import default_parameters

# R68: from this day the law says "kommunen" where it said "jobcentret" (a parameter's value).
KOMMUNEN_FROM: Final = date.fromisoformat(
    str(default_parameters().value("words/kommunen_from", date(2026, 1, 1)).value)
)
MUNICIPAL: Final = "@k"  # a template key's suffix: the same sentence in the words of R68
# The words of R68, longest first; applied to a sentence's text and facts, never its citation.
_KOMMUNEN_WORDS: Final = {
    "da": (
        ("Dit jobcenter", "Kommunen"),
        ("dit jobcenter", "kommunen"),
        ("Jobcentret", "Kommunen"),
        ("jobcentrets", "kommunens"),
        ("jobcentret", "kommunen"),
        ("jobcentre", "kommune"),
        ("jobcenter", "kommune"),
    ),
    "en": (
        ("Your jobcentre", "The municipality"),
        ("your jobcentre", "the municipality"),
        ("The jobcentre", "The municipality"),
        ("the jobcentre", "the municipality"),
        ("jobcentre", "municipality"),
    ),
}


def municipal(key: str) -> str:
    """``key`` said in the words in force from 1 February 2026 (R68)."""
    return key if key.endswith(MUNICIPAL) else key + MUNICIPAL


def kommunen(text: str, lang: str) -> str:
    """``text`` with "jobcentret" said as "kommunen" (R68)."""
    for old, new in _KOMMUNEN_WORDS["en" if lang == "en" else "da"]:
        if old in text:
            text = text.replace(old, new)
    return text


DA_ORDINALS: Final = (
    "første",
    "anden",
    "tredje",
    "fjerde",
    "femte",
    "sjette",
    "syvende",
    "ottende",
)
EN_ORDINALS: Final = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
INTERPRETATION: Final = {
    "da": "Det er systemets fortolkning, fordi reglerne ikke siger det præcist.",
    "en": "This is the system's interpretation, because the rules do not say it precisely.",
}


class Ordinal(NamedTuple):
    number: int


class Hours(NamedTuple):
    hundredths: int


class Subject(NamedTuple):
    """The holder as the subject of a sentence: "Din a-kasse" / "Dit jobcenter"."""

    holder: str


class Month(NamedTuple):
    day: date


class Word(NamedTuple):
    """A term with its Danish and English wording."""

    da: str
    en: str


def _value(value: object, lang: str) -> str:
    if isinstance(value, date):
        return format_date(value, lang, weekday=True)
    if isinstance(value, Ordinal):
        words = EN_ORDINALS if lang == "en" else DA_ORDINALS
        if 1 <= value.number <= len(words):
            return words[value.number - 1]
        return f"{value.number}th" if lang == "en" else f"{value.number}."
    if isinstance(value, Hours):
        whole, part = divmod(value.hundredths, 100)
        return f"{whole}.{part:02d}" if lang == "en" else f"{whole},{part:02d}"
    if isinstance(value, Subject):
        if value.holder == "anden_aktoer":
            return "The other actor you chose" if lang == "en" else "Den anden aktør, du har valgt"
        if lang == "en":
            return "Your a-kasse" if value.holder == "akasse" else "Your jobcentre"
        return "Din a-kasse" if value.holder == "akasse" else "Dit jobcenter"
    if isinstance(value, Month):
        return f"{month_name(value.day.month, lang)} {value.day.year}"
    if isinstance(value, Word):
        return value.en if lang == "en" else value.da
    return str(value)


TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    "first_interview_dagpenge": (
        "{holder} skal holde din første samtale senest {deadline}, fordi den første samtale skal "
        "holdes inden for {days} dage efter, at du meldte dig ledig ({citation}).",
        "{holder} must hold your first interview by {deadline}, because the first interview must "
        "be held within {days} days after you registered as unemployed ({citation}).",
    ),
    "akasse_window": (
        "Din a-kasse skal holde din {ordinal} samtale senest {deadline}, fordi a-kassen skal holde "
        "{count} samtaler inden for dine første {months} måneders ledighed, og den dag har du fået "
        "udbetalt mere end {threshold} timers dagpenge ({months} × {month_hours} timer) ({citation}).",
        "Your a-kasse must hold your {ordinal} interview by {deadline}, because the a-kasse must "
        "hold {count} interviews within your first {months} months of unemployment, and on that "
        "day you pass {threshold} paid dagpenge hours ({months} × {month_hours} hours) ({citation}).",
    ),
    "jobcenter_window": (
        "Dit jobcenter skal holde din {ordinal} samtale mellem {earliest} og {deadline}, fordi "
        "jobcentret efter overgangen skal holde {count} samtaler inden for dine første {months} "
        "måneders ledighed, og den dag har du fået udbetalt mere end {threshold} timers dagpenge "
        "({citation}).",
        "Your jobcentre must hold your {ordinal} interview between {earliest} and {deadline}, "
        "because after the handover the jobcentre must hold {count} interviews within your first "
        "{months} months of unemployment, and on that day you pass {threshold} paid dagpenge hours "
        "({citation}).",
    ),
    "jobcenter_window_after_boundary": (
        "Dit jobcenter skal holde din {ordinal} samtale mellem {earliest} og {deadline}, fordi "
        "jobcentret efter dine første {early_months} måneder skal holde {count} samtaler mere "
        "inden for dine første {months} måneders ledighed, og den dag har du fået udbetalt mere "
        "end {threshold} timers dagpenge ({citation}).",
        "Your jobcentre must hold your {ordinal} interview between {earliest} and {deadline}, "
        "because after your first {early_months} months the jobcentre must hold {count} more "
        "interviews within your first {months} months of unemployment, and on that day you pass "
        "{threshold} paid dagpenge hours ({citation}).",
    ),
    "visited_window": (
        "Dit jobcenter skal holde din {ordinal} samtale senest {deadline}, fordi du fra starten er "
        "visiteret til et forløb i jobcentret og derfor skal have {count} samtaler i jobcentret "
        "inden for dine første {months} måneders ledighed ({citation}).",
        "Your jobcentre must hold your {ordinal} interview by {deadline}, because you were "
        "referred to a course in the jobcentre from the start and so have {count} interviews in "
        "the jobcentre within your first {months} months of unemployment ({citation}).",
    ),
    "rs2020_jobcenter_window": (
        "Dit jobcenter skal holde din {ordinal} samtale senest {deadline}, fordi jobcentret efter "
        "de regler, der gjaldt, da dit forløb begyndte, skal holde mindst {count} samtaler inden "
        "for dine første {months} måneders ledighed, og den dag har du fået udbetalt mere end "
        "{threshold} timers dagpenge ({citation}).",
        "Your jobcentre must hold your {ordinal} interview by {deadline}, because under the rules "
        "in force when your spell began the jobcentre must hold at least {count} interviews "
        "within your first {months} months of unemployment, and on that day you pass {threshold} "
        "paid dagpenge hours ({citation}).",
    ),
    "rs2020_joint_early": (
        "Din a-kasse deltager i denne samtale som en fælles samtale senest {date}, når a-kassen, "
        "jobcentret eller du beder om det ({citation}).",
        "Your a-kasse takes part in this interview as a joint interview by {date} when the "
        "a-kasse, the jobcentre or you ask for it ({citation}).",
    ),
    "rs2020_joint_late": (
        "Din a-kasse deltager i denne samtale som en fælles samtale mellem {earliest} og "
        "{deadline}, det vil sige mellem {from_months} og {to_months} måneders ledighed, "
        "medmindre du siger nej ({citation}).",
        "Your a-kasse takes part in this interview as a joint interview between {earliest} and "
        "{deadline}, that is between {from_months} and {to_months} months of unemployment, "
        "unless you decline ({citation}).",
    ),
    "joint_after_handover_optional": (
        "Du vælger selv, om din a-kasse skal deltage i den første samtale i jobcentret efter "
        "overgangen ({citation}).",
        "You choose whether your a-kasse takes part in the first interview in the jobcentre after "
        "the handover ({citation}).",
    ),
    "joint_after_handover_required": (
        "Du har valgt, at din a-kasse deltager i den første samtale i jobcentret efter "
        "overgangen, så det er en fælles samtale ({citation}).",
        "You chose that your a-kasse takes part in the first interview in the jobcentre after "
        "the handover, so it is a joint interview ({citation}).",
    ),
    "joint_declined": (
        "Du har sagt nej til, at din a-kasse deltager, så samtalen holdes af jobcentret alene "
        "({citation}).",
        "You declined the a-kasse's participation, so the jobcentre holds the interview alone "
        "({citation}).",
    ),
    "joint_16_months": (
        "Dit jobcenter skal holde en fælles samtale med din a-kasse senest {deadline}, fordi der "
        "skal holdes en fælles samtale senest ved {months} måneders ledighed, og den dag har du "
        "fået udbetalt mere end {threshold} timers dagpenge ({citation}).",
        "Your jobcentre must hold a joint interview with your a-kasse by {deadline}, because a "
        "joint interview must be held at the latest at {months} months of unemployment, and on "
        "that day you pass {threshold} paid dagpenge hours ({citation}).",
    ),
    "calendar_first": (
        "Dit jobcenter skal holde din første samtale senest {deadline}, fordi den første samtale "
        "skal holdes inden for {days} dage efter din første henvendelse {start} ({citation}).",
        "Your jobcentre must hold your first interview by {deadline}, because the first "
        "interview must be held within {days} days after your first request for help on {start} "
        "({citation}).",
    ),
    "calendar_window": (
        "Dit jobcenter skal holde din {ordinal} samtale senest {deadline}, fordi jobcentret skal "
        "holde {count} samtaler inden for {months} måneder fra {start} ({citation}).",
        "Your jobcentre must hold your {ordinal} interview by {deadline}, because the jobcentre "
        "must hold {count} interviews within {months} months from {start} ({citation}).",
    ),
    "new_period_after_change": (
        "Da du skiftede ydelse {start}, begyndte en ny periode på {months} måneder med {count} nye "
        "samtaler ({citation}).",
        "When you changed benefit on {start}, a new period of {months} months with {count} new "
        "interviews began ({citation}).",
    ),
    "paused": (
        "Fristen er rykket {days} dage, fordi du var afmeldt som ledig i den tid ({citation}).",
        "The deadline has moved {days} days, because you were deregistered for that time "
        "({citation}).",
    ),
    "channel_first": (
        "Den første samtale skal holdes ved personligt fremmøde ({citation}).",
        "The first interview must be held in person ({citation}).",
    ),
    "channel_choice": (
        "Du vælger selv, om samtalen holdes ved personligt fremmøde, telefonisk eller på video "
        "({citation}).",
        "You choose whether the interview is held in person, by phone or by video ({citation}).",
    ),
    "channel_all_in_person": (
        "Samtalen holdes ved personligt fremmøde efter de regler, der gjaldt, da dit forløb "
        "begyndte ({citation}).",
        "The interview is held in person under the rules in force when your spell began "
        "({citation}).",
    ),
    "counted_across_groups": (
        "Samtalen {held} tæller med, fordi samtaler holdt fra den første dag i din "
        "dagpengeperiode {start} tæller, også hvis du dengang var i en anden målgruppe "
        "({citation}).",
        "The interview on {held} counts, because interviews held from the first day of your "
        "dagpenge period, {start}, count even if you were then in another group ({citation}).",
    ),
    "held_late": (
        "Samtalen blev holdt {held}, efter fristen {deadline} ({citation}).",
        "The interview was held on {held}, after the deadline {deadline} ({citation}).",
    ),
    "cancelled": (
        "Samtalen er bortfaldet, fordi du er afmeldt som ledig fra {date} ({citation}).",
        "The interview has lapsed, because you are deregistered from {date} ({citation}).",
    ),
    "handover": (
        "Dit jobcenter overtager ansvaret for dine samtaler fra {date}, fordi du ved udgangen af "
        "{month} har fået udbetalt mere end {threshold} timers dagpenge ({citation}).",
        "Your jobcentre takes over responsibility for your interviews from {date}, because by "
        "the end of {month} you have been paid more than {threshold} dagpenge hours ({citation}).",
    ),
    "covid_suspension": (
        "Timer udbetalt fra 1. marts til 31. august 2020 og fra 1. januar til 30. juni 2021 tæller "
        "ikke med i din ledighed ({citation}).",
        "Hours paid from 1 March to 31 August 2020 and from 1 January to 30 June 2021 do not count "
        "towards your unemployment ({citation}).",
    ),
    "cv_deadline": (
        "Du skal have et fyldestgørende og søgbart cv på Jobnet senest {deadline}, fordi cv'et "
        "skal være klar senest {days} dage efter, at du meldte dig ledig; {approver} godkender det "
        "({citation}).",
        "You must have a complete and searchable CV on Jobnet by {deadline}, because the CV must "
        "be ready within {days} days after you registered as unemployed; {approver} approves it "
        "({citation}).",
    ),
    "rs2020_cv_interview": (
        "Din a-kasse skal holde en cv-samtale med dig ved personligt fremmøde senest {date} "
        "({citation}).",
        "Your a-kasse must hold a CV interview with you in person by {date} ({citation}).",
    ),
    "joblog_required": (
        "Du skal løbende dokumentere din jobsøgning i din joblog på Jobnet ({citation}).",
        "You must keep documenting your job search in your joblog on Jobnet ({citation}).",
    ),
    "joblog_not_required": (
        "Du skal ikke føre joblog, mens du er afmeldt som ledig ({citation}).",
        "You do not keep a joblog while you are deregistered ({citation}).",
    ),
    "joblog_six_weeks": (
        "Du behøver ikke sende ansøgninger fra {exempt_from}, fordi du {kind} {start}, og de sidste "
        "{weeks} uger før er fritaget ({citation}).",
        "You need not send applications from {exempt_from}, because you {kind} on {start}, and "
        "the last {weeks} weeks before are exempt ({citation}).",
    ),
    "selfbooking_required": (
        "Du skal selv booke dine samtaler på Jobnet inden for de frister, du får; en frist er "
        "mindst {days} dage ({citation}).",
        "You book your own interviews on Jobnet within the deadlines you are given; a deadline is "
        "at least {days} days ({citation}).",
    ),
    "selfbooking_exempted": (
        "Du er fritaget for selvbooking fra {date} og bliver indkaldt til dine samtaler "
        "({citation}).",
        "You are exempted from self-booking from {date} and will be summoned to your interviews "
        "({citation}).",
    ),
    "selfbooking_withdrawn": (
        "Din ret til selv at booke er frataget fra {date}; du bliver indkaldt til dine samtaler "
        "({citation}).",
        "Your right to book yourself was withdrawn from {date}; you will be summoned to your "
        "interviews ({citation}).",
    ),
    "open_deadline": (
        "Du skal booke din samtale senest {deadline}, og samtalen skal ligge senest "
        "{last_meeting} ({citation}).",
        "You must book your interview by {deadline}, for a meeting on or before {last_meeting} "
        "({citation}).",
    ),
    "reissued_sickness": (
        "Din frist {old} faldt, mens du var syg fra {sick_from} til {sick_to}, så du har fået en ny "
        "frist {deadline} ({citation}).",
        "Your deadline {old} fell while you were sick from {sick_from} to {sick_to}, so you have "
        "a new deadline {deadline} ({citation}).",
    ),
    "reissued_reregistered": (
        "Da du meldte dig ledig igen {date}, fik du en ny frist til at booke senest {deadline} "
        "({citation}).",
        "When you registered again on {date}, you got a new deadline to book by {deadline} "
        "({citation}).",
    ),
    "reissued_cancellation": (
        "Du meldte afbud {date} efter den oprindelige frist, så du har fået en ny frist {deadline} "
        "({citation}).",
        "You cancelled on {date} after the original deadline, so you have a new deadline "
        "{deadline} ({citation}).",
    ),
    "availability_assessment": (
        "Du bookede ikke inden fristen {deadline}, så jobcentret skal vurdere, om du står til "
        "rådighed ({citation}).",
        "You did not book by the deadline {deadline}, so the jobcentre must assess your "
        "availability ({citation}).",
    ),
    "deregistered_missed_deadline": (
        "Du er afmeldt som jobsøgende fra {from_date}, fordi du ikke bookede en samtale senest "
        "{deadline}; du har ikke ret til dagpenge, før du melder dig ledig igen ({citation}).",
        "You are deregistered as a job seeker from {from_date}, because you did not book an "
        "interview by {deadline}; you have no right to dagpenge until you register again "
        "({citation}).",
    ),
    "deduction_missed_deadline": (
        "Der er grundlag for fradrag i din hjælp fra {from_date}, fordi du ikke bookede en samtale "
        "senest {deadline}, og indtil du booker; jobcentret afgør sagen ({citation}).",
        "There is a basis for a deduction in your benefit from {from_date}, because you did not "
        "book an interview by {deadline}, until you book; the jobcentre decides ({citation}).",
    ),
    "lost_day_missed": (
        "Du har ikke ret til dagpenge fra {from_date}, hvor du udeblev fra samtalen uden lovligt "
        "forfald, og indtil du kontakter {holder} ({citation}).",
        "You have no right to dagpenge from {from_date}, when you missed the interview without "
        "lawful absence, until you contact {holder} ({citation}).",
    ),
    "deduction_missed": (
        "Der er grundlag for fradrag i din hjælp fra {from_date}, hvor du udeblev fra samtalen, og "
        "indtil du kontakter jobcentret; jobcentret afgør sagen ({citation}).",
        "There is a basis for a deduction in your benefit from {from_date}, when you missed the "
        "interview, until you contact the jobcentre; the jobcentre decides ({citation}).",
    ),
    "lost_day_cancelled": (
        "Du mister dagpengene for {from_date}, fordi du meldte afbud til samtalen uden lovligt "
        "forfald ({citation}).",
        "You lose dagpenge for {from_date}, because you cancelled the interview without lawful "
        "absence ({citation}).",
    ),
    "early_window": (
        "{holder} skal holde din {ordinal} samtale senest {deadline}, fordi {holder_lower} skal "
        "holde {count} samtaler inden for dine første {months} måneders ledighed, og den dag har "
        "du fået udbetalt mere end {threshold} timers dagpenge ({citation}).",
        "{holder} must hold your {ordinal} interview by {deadline}, because {holder_lower} must "
        "hold {count} interviews within your first {months} months of unemployment, and on that "
        "day you pass {threshold} paid dagpenge hours ({citation}).",
    ),
    "before_handover": (
        "Fristen er {deadline}, dagen før dit jobcenter overtager {handover}, fordi {holder} holder "
        "sine samtaler, før jobcentret overtager ({citation}).",
        "The deadline is {deadline}, the day before your jobcentre takes over on {handover}, "
        "because {holder} holds its interviews before the jobcentre takes over ({citation}).",
    ),
    "open_window": (
        "Denne samtale følger reglerne fra {change}, fordi fristen for den ligger efter, at de "
        "trådte i kraft; de regler, der gjaldt, da dit forløb begyndte, krævede {old_count} "
        "samtaler her, de nye kræver {count} ({citation}).",
        "This interview follows the rules from {change}, because its deadline falls after they "
        "took effect; the rules in force when your spell began required {old_count} interviews "
        "here, the new ones require {count} ({citation}).",
    ),
    "open_window_same": (
        "Denne samtale følger reglerne fra {change}, fordi fristen for den ligger efter, at de "
        "trådte i kraft ({citation}).",
        "This interview follows the rules from {change}, because its deadline falls after they "
        "took effect ({citation}).",
    ),
    "provisional": (
        "Reglen er endnu ikke endelig lov, så datoen kan ændre sig: den bygger på {rests_on} "
        "({citation}).",
        "The rule is not yet final law, so the date may change: it rests on {rests_on} "
        "({citation}).",
    ),
    "exempted": (
        "{holder} har {date} undtaget dig fra denne samtale, fordi du vurderes selv at kunne komme "
        "i job: »{reason}«. Du kan stadig bede om en samtale ({citation}).",
        "{holder} excused you from this interview on {date}, because you are assessed as able to "
        "get a job on your own: “{reason}”. You can still ask for an interview ({citation}).",
    ),
    "exemption_decided": (
        "{holder} undtog dig fra samtaler {date}: »{reason}« ({citation}).",
        "{holder} excused you from interviews on {date}: “{reason}” ({citation}).",
    ),
    "exemption_ended": (
        "Undtagelsen fra samtaler sluttede {end}; de samtaler, der mangler, gælder igen fra den "
        "dag ({citation}).",
        "The exemption from interviews ended on {end}; the interviews still missing apply again "
        "from that day ({citation}).",
    ),
    "offer_exemption_decided": (
        "Jobcentret undtog dig fra tilbud {date}: »{reason}« ({citation}).",
        "The jobcentre excused you from the offer on {date}: “{reason}” ({citation}).",
    ),
    "deadline_exempted": (
        "Fristen for at booke er lukket, fordi du {date} blev undtaget fra samtalen; der følger "
        "intet af den ({citation}).",
        "The booking deadline is closed, because you were excused from the interview on {date}; "
        "nothing follows from it ({citation}).",
    ),
    "deadline_removed": (
        "Fristen for at booke fra {date} er lukket, fordi reglerne fra 1. juli 2026 ikke længere "
        "kræver den samtale; der følger intet af den ({citation}).",
        "The booking deadline of {date} is closed, because the rules from 1 July 2026 no longer "
        "require that interview; nothing follows from it ({citation}).",
    ),
    "offer_due": (
        "Du skal have begyndt på et tilbud senest {deadline}, fordi du skal have et tilbud inden "
        "for dine første {months} måneder; øvrig vejledning og opkvalificering tæller med "
        "({citation}).",
        "You must have started an offer by {deadline}, because you must have an offer within "
        "your first {months} months; other guidance and upskilling counts ({citation}).",
    ),
    "offer_started": (
        "Du begyndte på et tilbud {date} ({citation}).",
        "You started an offer on {date} ({citation}).",
    ),
    "offer_exempted": (
        "Jobcentret har {date} undtaget dig fra tilbud, fordi du vurderes selv at kunne komme i "
        "job: »{reason}« ({citation}).",
        "The jobcentre excused you from the offer on {date}, because you are assessed as able "
        "to get a job on your own: “{reason}” ({citation}).",
    ),
    "offer_cancelled": (
        "Tilbuddet bortfaldt, fordi du blev afmeldt som ledig {date} ({citation}).",
        "The offer lapsed, because you were deregistered on {date} ({citation}).",
    ),
    "trial_akasse4": (
        "Du er med i forsøget, hvor a-kassen holder dit kontaktforløb de første {months} måneder "
        "({citation}).",
        "You are in the trial in which your a-kasse holds your contact course for the first "
        "{months} months ({citation}).",
    ),
    "trial_frit_valg": (
        "Du er med i forsøget med frit valg og har valgt, at {holder_lower} holder dit "
        "kontaktforløb de første {months} måneder ({citation}).",
        "You are in the free-choice trial and chose that {holder_lower} holds your contact "
        "course for the first {months} months ({citation}).",
    ),
    "trial_changed": (
        "Jobcentret ændrede dit valg {date}: »{reason}« ({citation}).",
        "The jobcentre changed your choice on {date}: “{reason}” ({citation}).",
    ),
    "trial_boundary": (
        "Jobcentret holder hele dit forløb; de senere samtaler kan tidligst holdes fra {date}, "
        "efter de første {months} måneder ({citation}).",
        "The jobcentre holds your whole course; the later interviews can be held from {date}, "
        "after the first {months} months ({citation}).",
    ),
    "ignored_no_exemption": (
        "Undtagelsen fra {date} er ikke brugt, fordi reglerne for dette forløb ikke giver "
        "mulighed for at undtage fra samtaler ({citation}).",
        "The exemption of {date} is not used, because the rules of this spell do not allow an "
        "exemption from interviews ({citation}).",
    ),
    "ignored_not_holder": (
        "Undtagelsen fra {date} er ikke brugt, fordi kun den, der har ansvaret for perioden, kan "
        "undtage fra dens samtaler ({citation}).",
        "The exemption of {date} is not used, because only the holder of the period can exempt "
        "from its interviews ({citation}).",
    ),
    "ignored_group": (
        "Undtagelsen fra {date} er ikke brugt, fordi din målgruppe ikke kan undtages ({citation}).",
        "The exemption of {date} is not used, because your group cannot be exempted ({citation}).",
    ),
    "ignored_already": (
        "Undtagelsen fra {date} er ikke brugt, fordi du allerede er undtaget ({citation}).",
        "The exemption of {date} is not used, because you are already exempted ({citation}).",
    ),
    "ignored_not_exempted": (
        "Afslutningen {date} er ikke brugt, fordi der ikke var nogen undtagelse at afslutte "
        "({citation}).",
        "The end of {date} is not used, because there was no exemption to end ({citation}).",
    ),
    "ignored_no_offer_duty": (
        "Undtagelsen fra tilbud {date} er ikke brugt, fordi reglerne for dette forløb ikke har "
        "en tilbudspligt inden for seks måneder ({citation}).",
        "The exemption from the offer of {date} is not used, because the rules of this spell "
        "have no offer duty within six months ({citation}).",
    ),
    "ignored_trial": (
        "Forsøget fra {date} er ikke brugt, fordi {why} ({citation}).",
        "The trial of {date} is not used, because {why} ({citation}).",
    ),
    "ignored_visited": (
        "At du er visiteret til et forløb i jobcentret fra starten, ændrer ikke dine samtaler "
        "efter reglerne fra {date}, hvor uddannelsespålægget er afskaffet ({citation}).",
        "Being referred to a course in the jobcentre from the start does not change your "
        "interviews under the rules from {date}, which abolish the education order ({citation}).",
    ),
    "decision": ("{explanation}", "{explanation}"),
}


_NOTHING_SHARED: Final[dict[int, str]] = {}
# Each template split once, per language, into pieces: literal text, then the name of the fact
# that follows it ("" after the last). A sentence is joined from them. Whole sentences are not
# memoised: with a population's worth of dates such a memo grows to tens of thousands of
# entries, and hashing, comparing and missing the cache on its keys cost more than the join.
_PIECES: Final[dict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]] = {}
# The text of a date in each language: the same few thousand days recur in every plan.
_DATE_TEXT: Final[dict[str, dict[date, str]]] = {"da": {}, "en": {}}


def _split(template: str) -> tuple[tuple[str, str], ...]:
    pieces = []
    for literal, name, spec, conversion in Formatter().parse(template):
        if spec or conversion:
            raise ValueError(f"{template!r}: templates take plain {{name}} fields only")
        pieces.append((literal, name or ""))
    return tuple(pieces)


_HOURS_TEXT: Final[dict[str, dict[int, str]]] = {"da": {}, "en": {}}


def _fact_text(value: object, lang: str) -> str:
    """``_value``, with the commonest kinds of fact first and dates and hours remembered."""
    if isinstance(value, date):
        texts = _DATE_TEXT["en" if lang == "en" else "da"]
        found = texts.get(value)
        if found is None:
            if len(texts) >= 50_000:
                texts.clear()
            found = texts[value] = _value(value, lang)
        return found
    if isinstance(value, int):  # a count of interviews, months or days
        return str(value)
    if isinstance(value, Hours):
        hours = _HOURS_TEXT["en" if lang == "en" else "da"]
        found = hours.get(value.hundredths)
        if found is None:
            if len(hours) >= 10_000:
                hours.clear()
            found = hours[value.hundredths] = _value(value, lang)
        return found
    return _value(value, lang)


def render(key: str, facts: Mapping[str, object], citation: str, lang: str) -> str:
    """The sentence for ``key`` in ``lang``, from ``facts`` and the rule's ``citation``; a key
    ending in ``@k`` is said in the words of R68."""
    words = key.endswith(MUNICIPAL)
    if words:
        key = key[: -len(MUNICIPAL)]
    both = _PIECES.get(key)
    if both is None:
        da, en = TEMPLATES[key]
        both = _PIECES[key] = (_split(da), _split(en))
    parts: list[str] = []
    for literal, name in both[1] if lang == "en" else both[0]:
        parts.append(kommunen(literal, lang) if words else literal)
        if name == "citation":
            parts.append(citation)
        elif name:
            text = _fact_text(facts[name], lang)
            parts.append(kommunen(text, lang) if words else text)
    if key == "decision":
        parts.append(" ")
        parts.append(INTERPRETATION["en" if lang == "en" else "da"])
    return "".join(parts)


# Reasons that are one shared value for many plans (product decisions, rules whose sentence has
# no facts of its own) are written once in each language when they are shared, and found by the
# object's id instead of by hashing their facts. The registry keeps each value alive, so its id
# cannot be taken by another object.
_SHARED: Final[list[Reason]] = []
_SHARED_TEXT: Final[dict[str, dict[int, str]]] = {"da": {}, "en": {}}


def share(reason: Reason) -> Reason:
    """Register ``reason`` as one value shared between plans, and write its sentences.

    (Reasons are typed as ``Reason`` throughout, never as a bare tuple type: compiled, a bare
    tuple type would be copied into a plain tuple and lose its class and identity.)"""
    if id(reason) in _SHARED_TEXT["da"]:
        return reason
    _SHARED.append(reason)
    for lang, texts in _SHARED_TEXT.items():
        texts[id(reason)] = render(reason.key, reason.facts, reason.citation, lang)
    return reason


def render_all(reasons: Iterable[Reason], lang: str) -> list[dict[str, str]]:
    """``{"rule", "citation", "text"}`` for each reason, its sentence in ``lang``; a shared
    reason's sentence is found by its identity (this runs for every reason of every plan)."""
    shared_text = _SHARED_TEXT.get(lang, _NOTHING_SHARED)
    found: list[dict[str, str]] = []
    for reason in reasons:
        rule, citation, key, facts = reason
        text = shared_text.get(id(reason))
        if text is None:
            text = render(key, facts, citation, lang)
        found.append({"rule": rule, "citation": citation, "text": text})
    return found
