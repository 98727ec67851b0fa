"""Refusals of the joblog's services, mapped to form messages and HTTP statuses at the edge."""

from __future__ import annotations

from django.utils.functional import Promise


class JoblogInvalid(Exception):
    """What was entered cannot be stored; `errors` maps each field to its messages (lazy
    translations, shown in the reader's language). Nothing was changed."""

    def __init__(self, errors: dict[str, list[Promise]]) -> None:
        super().__init__("; ".join(f"{field}: {msgs[0]}" for field, msgs in errors.items()))
        self.errors = errors

    def as_text(self) -> dict[str, list[str]]:
        return {
            field: [str(message) for message in messages] for field, messages in self.errors.items()
        }


class JoblogNotFound(Exception):
    """The entry does not exist or is not the actor's to see; both are answered as 404."""


class JoblogNotResponsible(Exception):
    """Only the organisation responsible for the citizen right now (the a-kasse in its period,
    the jobcentre otherwise) sets the weekly requirement. Answered as 404, like other actions
    that are not yours."""
