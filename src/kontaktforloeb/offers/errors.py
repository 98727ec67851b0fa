"""Domain errors of offers, each with its message in Danish and English. Pages show the message at
the form; the API answers with it and `status`. Nothing was changed when one is raised."""

from __future__ import annotations

from datetime import date

from kontaktforloeb.rules import format_date


class OfferNotFound(Exception):
    """The offer or recommendation does not exist, or is not the actor's to see or act on.
    Answered as 404 either way, like a citizen outside the access gate."""


class OfferError(Exception):
    status = 422
    rule = ""

    def __init__(self, message_da: str, message_en: str) -> None:
        self.message_da = message_da
        self.message_en = message_en
        super().__init__(message_da)

    def message(self, lang: str = "da") -> str:
        return self.message_en if lang.startswith("en") else self.message_da


class OutsideAkassePeriod(OfferError):
    """R45: the a-kasse recommends only during its period, which ends the day before handover."""

    rule = "R45"

    @classmethod
    def ended(cls, last_day: date) -> OutsideAkassePeriod:
        return cls(
            "A-kasseperioden sluttede "
            f"{format_date(last_day, 'da')}. Efter overgangen er det kommunen, der tilbyder "
            "tilbud, så a-kassen kan ikke længere indstille.",
            f"The a-kasse period ended on {format_date(last_day, 'en')}. After the handover the "
            "municipality offers activities, so the a-kasse can no longer recommend one.",
        )

    @classmethod
    def no_period(cls) -> OutsideAkassePeriod:
        return cls(
            "Borgeren er ikke i en a-kasseperiode (intet dagpengeforløb med overgang til "
            "kommunen), så a-kassen kan ikke indstille et tilbud.",
            "The citizen is not in an a-kasse period (no dagpenge course with a handover to the "
            "municipality), so the a-kasse cannot recommend an offer.",
        )


class ReasonRequired(OfferError):
    """R45: a recommendation that is not followed needs a written reason."""

    rule = "R45"

    def __init__(self) -> None:
        super().__init__(
            "Skriv en begrundelse. Følger kommunen ikke a-kassens indstilling, skal det "
            "begrundes skriftligt over for både a-kassen og borgeren.",
            "Write a reason. When the municipality does not follow the a-kasse's recommendation, it "
            "must give written reasons to both the a-kasse and the citizen.",
        )


class AlreadyDecided(OfferError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "Indstillingen er allerede afgjort. Opdatér siden for at se afgørelsen.",
            "The recommendation has already been decided. Reload the page to see the decision.",
        )


class EndsBeforeStart(OfferError):
    def __init__(self) -> None:
        super().__init__(
            "Slutdatoen skal være samme dag som startdatoen eller senere.",
            "The end date must be on or after the start date.",
        )


class ParticipationClosed(OfferError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "Du kan ikke længere acceptere deltagelse i dette tilbud.",
            "You can no longer accept participation in this offer.",
        )
