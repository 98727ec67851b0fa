"""CPR numbers (det centrale personregister): format, date part, century and masking.

A CPR number is DDMMYY-SSSS. The seventh digit and the year together give the century
(CPR-kontoret, "Personnummeret i CPR-systemet"). Numbers issued since 2007 need not satisfy the
old modulus-11 check, so it is not applied.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ASCII digits only: `\d` also matches other scripts' digits ('٠١٠١٩٠١٢٣٤'), which would store a
# second, different spelling of a number already registered.
_CPR_RE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})-?([0-9]{4})")


def _century(year2: int, seventh: int) -> int:
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def normalise_cpr(value: str) -> str:
    """Return the ten digits of a valid CPR number, or raise ValidationError saying what is wrong."""
    match = _CPR_RE.fullmatch(value.strip())
    if match is None:
        raise ValidationError(
            _("Et CPR-nummer består af 10 cifre, fx 010190-1234."), code="cpr_format"
        )
    day, month, year2 = (int(match.group(i)) for i in (1, 2, 3))
    try:
        birth_date_from_parts(day, month, year2, int(match.group(4)[0]))
    except ValueError:
        raise ValidationError(
            _("De første 6 cifre i et CPR-nummer skal være en gyldig fødselsdato (DDMMÅÅ)."),
            code="cpr_date",
        ) from None
    return "".join(match.group(i) for i in (1, 2, 3, 4))


def birth_date_from_parts(day: int, month: int, year2: int, seventh: int) -> date:
    return date(_century(year2, seventh) + year2, month, day)


def cpr_birth_date(cpr: str) -> date:
    digits = normalise_cpr(cpr)
    return birth_date_from_parts(
        int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    )


def mask_cpr(cpr: str) -> str:
    """`0101901234` → `010190-****`: what everyone sees until a caseworker opens the case."""
    return f"{cpr[:6]}-****"


def format_cpr(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}"
