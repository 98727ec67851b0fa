"""The API's error bodies, one shape for every operation (docs/api.md, "Errors").

- `Error` — `{"detail": "…", "rule": "R47" | null}`: 401 (no key or session), 403 (not the
  caller's to do), 404 (nothing the caller may see), 409 (a conflict such as a time just taken),
  429 (too many requests) and the refusals of a rule (`rule` names it).
- `ValidationError` — `{"detail": [{"loc": ["body", "events", 0, "date"], "msg", "type"}]}`: a
  parameter or body that is not what the operation takes, malformed JSON included.

An operation lists the statuses it can answer with `errors(...)`; 401, 422 and 429 are always
among them: every operation needs credentials, takes a parameter or body that can be wrong, and
is rate limited (`web.ratelimit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ninja import Schema
from ninja.errors import ValidationError as Invalid
from pydantic import Field


class Error(Schema):
    detail: str = Field(description="what was wrong, in the request's language where it is ours")
    rule: str | None = Field(
        default=None, description="the rule that refused (R47, …), where one did"
    )


class ValidationErrorItem(Schema):
    loc: list[str | int] = Field(description='where: ["body", "events", 0, "date"], ["query", …]')
    msg: str
    type: str


class ValidationError(Schema):
    detail: list[ValidationErrorItem]


# A 422 of an operation whose rules may refuse well-formed input: either shape.
VALIDATION_OR_REFUSAL: Any = ValidationError | Error


def errors(*statuses: int, refusals: bool = False) -> dict[int, Any]:
    """The error responses of an operation: 401, 422, 429 and the given statuses. With `refusals`,
    a 422 may also be a rule's refusal (`Error` with `rule`) of input that is well-formed."""
    out: dict[int, Any] = dict.fromkeys(statuses, Error)
    out[401] = out[429] = Error
    out[422] = VALIDATION_OR_REFUSAL if refusals else ValidationError
    return dict(sorted(out.items()))


def invalid(*items: tuple[Iterable[str | int], str]) -> Invalid:
    """A 422 in the shape of ninja's own validation errors, for a check of ours:
    `raise invalid((["query", "month"], "month: use YYYY-MM."))`."""
    return Invalid([{"loc": list(loc), "msg": msg, "type": "value_error"} for loc, msg in items])
