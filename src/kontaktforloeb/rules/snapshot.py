"""Parameter snapshots: every parameter's value in force on one date, converted once and cached."""

from __future__ import annotations

import bisect
import sys
from datetime import date
from decimal import Decimal
from typing import Final

from kontaktforloeb.rules.parameters import (
    Citation,
    ParameterError,
    ParameterSet,
    default_parameters,
    parse_iso_date,
)


def hours_to_hundredths(value: object, where: str) -> int:
    """A parameter value in hours (``"160.33"``) as integer hundredths (16033)."""
    amount = Decimal(str(value))
    hundredths = amount * 100
    if hundredths != hundredths.to_integral_value():
        raise ParameterError(f"{where}: {value!r} has more than two decimals")
    return int(hundredths)


class Snapshot:
    """The values in force on one date, looked up by parameter name."""

    __slots__ = (
        "_citations",
        "_decisions",
        "_hours",
        "_integers",
        "_periods",
        "_sets",
        "_values",
        "hypothetical",
        "on",
        "provisional",
        "rests_on",
    )

    def __init__(self, parameters: ParameterSet, on: date) -> None:
        self.on = on
        # R70: the law in force on ``on`` is provisional as a whole (``law/provisional``), and
        # what it rests on, in Danish and English.
        self.provisional = False
        self.rests_on: tuple[str, str] = ("", "")
        # A what-if's values (``with_values``), never the law: no plan is stored from it.
        self.hypothetical = False
        self._sets: dict[str, frozenset[str]] = {}
        self._values: dict[str, object] = {}
        self._citations: dict[str, Citation] = {}
        self._decisions: dict[str, tuple[str, str]] = {}
        # Values already checked and converted, one dictionary a kind: a snapshot is shared by
        # every citizen whose spell starts in its span, so each conversion is done once.
        self._integers: dict[str, int] = {}
        self._hours: dict[str, int] = {}
        self._periods: dict[str, tuple[tuple[date, date], ...]] = {}
        for parameter, value in parameters.in_force(on):
            # Interned, as the engine's literal names are: a lookup then matches on identity.
            name = sys.intern(parameter.name)
            self._values[name] = value.value
            self._citations[name] = value.citation
            if parameter.decision:
                self._decisions[name] = (
                    parameter.explanation_da,
                    parameter.explanation_en,
                )
            if name == "law/provisional" and value.value is True:
                self.provisional = True
                self.rests_on = value.provisional or ("", "")

    def _get(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise ParameterError(f"{name}: no value in force on {self.on.isoformat()}") from None

    def integer(self, name: str) -> int:
        checked = self._integers.get(name)
        if checked is not None:
            return checked
        value = self._get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{name}: {value!r} is not a whole number")
        self._integers[name] = value
        return value

    def hours(self, name: str) -> int:
        """An hours value in integer hundredths."""
        checked = self._hours.get(name)
        if checked is not None:
            return checked
        hundredths = hours_to_hundredths(self._get(name), name)
        self._hours[name] = hundredths
        return hundredths

    def text(self, name: str) -> str:
        value = self._get(name)
        if not isinstance(value, str):
            raise ParameterError(f"{name}: {value!r} is not text")
        return value

    def flag(self, name: str) -> bool:
        value = self._get(name)
        if not isinstance(value, bool):
            raise ParameterError(f"{name}: {value!r} is not true or false")
        return value

    def periods(self, name: str) -> tuple[tuple[date, date], ...]:
        checked = self._periods.get(name)
        if checked is not None:
            return checked
        value = self._get(name)
        if not isinstance(value, list):
            raise ParameterError(f"{name}: {value!r} is not a list of periods")
        found = []
        for item in value:
            if not isinstance(item, dict):
                raise ParameterError(f"{name}: {item!r} is not a period with from and to")
            found.append(
                (parse_iso_date(item.get("from"), name), parse_iso_date(item.get("to"), name))
            )
        periods = tuple(found)
        self._periods[name] = periods
        return periods

    def has(self, name: str) -> bool:
        """Whether ``name`` has a value in force (some parameters exist only from a date)."""
        return name in self._values

    def names(self, name: str) -> frozenset[str]:
        """A list of ids (groups, municipality codes) as a set."""
        checked = self._sets.get(name)
        if checked is not None:
            return checked
        value = self._get(name)
        if not isinstance(value, list):
            raise ParameterError(f"{name}: {value!r} is not a list")
        found = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                found.append(item["code"])
            elif isinstance(item, str):
                found.append(item)
            else:
                raise ParameterError(f"{name}: {item!r} is neither an id nor a mapping with a code")
        names = frozenset(found)
        self._sets[name] = names
        return names

    def citation(self, name: str) -> str:
        """The citation text of the value in force."""
        self._get(name)
        return self._citations[name].text

    def decision(self, name: str, lang: str) -> str:
        """The plain-language explanation of a product decision."""
        da, en = self._decisions.get(name, ("", ""))
        return en if lang == "en" else da


# Plain dictionaries, not ``functools.lru_cache``: the module is compiled with mypyc, whose calls
# between compiled functions skip a decorator. A snapshot must be one object per span, since the
# rulesets remember values per snapshot.
_CHANGE_DATES: Final[list[tuple[date, ...]]] = []
_SNAPSHOTS: Final[dict[date, Snapshot]] = {}


def _change_dates() -> tuple[date, ...]:
    if not _CHANGE_DATES:
        _CHANGE_DATES.append(tuple(default_parameters().change_dates()))
    return _CHANGE_DATES[0]


def _snapshot_from(bucket_start: date) -> Snapshot:
    found = _SNAPSHOTS.get(bucket_start)
    if found is None:
        found = _SNAPSHOTS[bucket_start] = Snapshot(default_parameters(), bucket_start)
    return found


def snapshot_on(day: date) -> Snapshot:
    """The shipped parameters in force on ``day``; one snapshot per span between value changes."""
    changes = _change_dates()
    index = bisect.bisect_right(changes, day) - 1
    return _snapshot_from(changes[index] if index >= 0 else day)


# What-if values: (name, value) pairs, sorted by name; the values as the parameter files write them.
Overrides = tuple[tuple[str, object], ...]
_DERIVED: Final[dict[tuple[date, Overrides], Snapshot]] = {}


def with_values(base: Snapshot, values: Overrides) -> Snapshot:
    """``base`` with some values replaced: a hypothetical snapshot for a what-if, one object per
    base span and values (the rulesets remember values per snapshot). A value replaces only a
    parameter in force on the span: a parameter that does not exist yet stays absent."""
    if not values:
        return base
    key = (base.on, values)
    found = _DERIVED.get(key)
    if found is None:
        found = Snapshot(default_parameters(), base.on)
        for name, value in values:
            if name in found._values:
                found._values[sys.intern(name)] = value
        found.hypothetical = True
        if len(_DERIVED) >= 4096:
            _DERIVED.clear()
        _DERIVED[key] = found
    return found
