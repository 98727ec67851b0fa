"""Refusals of the CV services, each with its message in Danish and English.

Pages show `message(language)` in the error summary; the API answers with it and the status
`status` names. "Not yours to see" is not one of these: it is `CitizenNotFound` (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .completeness import Part


class CvRefused(Exception):
    status = 422

    def __init__(self, message_da: str, message_en: str) -> None:
        super().__init__(message_da)
        self.message_da = message_da
        self.message_en = message_en

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_da


class CvIncomplete(CvRefused):
    """R37: the CV lacks parts required for "fyldestgørende og søgbart"."""

    def __init__(self, missing: Sequence[Part]) -> None:
        self.missing = list(missing)
        super().__init__(
            "Dit cv mangler: " + ", ".join(part.da for part in missing) + ".",
            "Your CV is missing: " + ", ".join(part.en for part in missing) + ".",
        )


class CvWrongStatus(CvRefused):
    """The CV is not in a status where this can be done (e.g. approving a draft)."""

    status = 409


class CvCommentRequired(CvRefused):
    def __init__(self) -> None:
        super().__init__(
            "Skriv en kommentar, så borgeren ved, hvad der skal rettes.",
            "Write a comment so the citizen knows what to correct.",
        )


class CvNotAllowed(CvRefused):
    """Only the citizen writes and submits their CV."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "Kun borgeren selv kan skrive og indsende sit cv.",
            "Only the citizen can write and submit their CV.",
        )
