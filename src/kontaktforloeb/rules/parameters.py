"""Effective-dated parameters with citations, one quantity per YAML file.

Each file under ``parameters/`` holds one quantity; its path mirrors the law
(``interviews/dagpenge_akasse_count.yaml`` is the parameter ``interviews/dagpenge_akasse_count``)::

    description: What the number means.
    decision: false          # true for a product decision where the sources are silent ([D])
    explanation:             # required when decision is true: said to the citizen
      da: ...
      en: ...
    values:
      - from: 2024-01-01
        value: 3
        citation:
          text: LAB § 31, stk. 1 (LBK nr. 280 af 1/3/2024)
          url: https://www.retsinformation.dk/eli/lta/2024/280
        provisional:         # optional (R70): agreed or announced, final legal text not available
          da: politisk aftale af 9. april 2025; lovforslag ikke vedtaget
          en: political agreement of 9 April 2025; bill not passed

The loader refuses a value without a citation, a duplicate key and a date that is not ISO
``YYYY-MM-DD``. Files are read once and cached.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import yaml

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class ParameterError(ValueError):
    """A parameter file that cannot be trusted: names the file and what is wrong."""


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that keeps dates as text (checked later) and refuses duplicate keys."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[object, object]:
    mapping: dict[object, object] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            mark = key_node.start_mark
            raise ParameterError(f"duplicate key {key!r} at line {mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a value comes from: a legal reference and a link to it."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One value of a parameter, in force from ``effective_from``."""

    effective_from: date
    value: object
    citation: Citation
    # R70: what a provisional value rests on (Danish, English); None for confirmed law.
    provisional: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    """One quantity and its values over time, oldest first."""

    name: str
    description: str
    decision: bool
    explanation_da: str
    explanation_en: str
    values: tuple[ParameterValue, ...]

    def value_on(self, day: date) -> ParameterValue | None:
        """The latest value in force on or before ``day``; None before the first one."""
        starts = [value.effective_from for value in self.values]
        index = bisect.bisect_right(starts, day) - 1
        return self.values[index] if index >= 0 else None

    def explanation(self, lang: str) -> str:
        """The product decision said in plain language (empty for a legal value)."""
        return self.explanation_en if lang == "en" else self.explanation_da


def parse_iso_date(text: object, where: str) -> date:
    """An ISO ``YYYY-MM-DD`` date, or a ParameterError naming ``where``."""
    if not isinstance(text, str) or not ISO_DATE.match(text):
        raise ParameterError(f"{where}: {text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ParameterError(f"{where}: {text!r} is not a valid date") from error


def _text(mapping: dict[object, object], key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{where}: missing or empty {key!r}")
    return value


def _citation(raw: object, where: str) -> Citation:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: every value needs a citation with text and url")
    text = _text(raw, "text", f"{where} citation")
    url = _text(raw, "url", f"{where} citation")
    if not url.startswith(("https://", "http://")):
        raise ParameterError(f"{where} citation: url {url!r} is not a web address")
    return Citation(text=text, url=url)


def _provisional(raw: object, where: str) -> tuple[str, str] | None:
    """R70: a provisional value says, in Danish and English, what it rests on."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ParameterError(
            f"{where}: 'provisional' says what the value rests on, with da and en texts"
        )
    return (_text(raw, "da", f"{where} provisional"), _text(raw, "en", f"{where} provisional"))


def load_parameter_text(text: str, name: str) -> Parameter:
    """Parse one parameter file's text; ``name`` is its path without ``.yaml``."""
    try:
        raw = yaml.load(text, Loader=_StrictLoader)
    except ParameterError as error:
        raise ParameterError(f"{name}: {error}") from error
    except yaml.YAMLError as error:
        raise ParameterError(f"{name}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise ParameterError(f"{name}: a parameter file is a mapping")
    description = _text(raw, "description", name)
    decision = raw.get("decision", False)
    if not isinstance(decision, bool):
        raise ParameterError(f"{name}: 'decision' is true or false")
    explanation_da = explanation_en = ""
    if decision:
        explanation = raw.get("explanation")
        if not isinstance(explanation, dict):
            raise ParameterError(f"{name}: a product decision needs an explanation (da, en)")
        explanation_da = _text(explanation, "da", f"{name} explanation")
        explanation_en = _text(explanation, "en", f"{name} explanation")
    raw_values = raw.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterError(f"{name}: 'values' is a non-empty list")
    values: list[ParameterValue] = []
    for position, entry in enumerate(raw_values):
        where = f"{name} values[{position}]"
        if not isinstance(entry, dict):
            raise ParameterError(f"{where}: a value is a mapping with from, value, citation")
        if "value" not in entry:
            raise ParameterError(f"{where}: missing 'value'")
        effective_from = parse_iso_date(entry.get("from"), f"{where} from")
        values.append(
            ParameterValue(
                effective_from,
                entry["value"],
                _citation(entry.get("citation"), where),
                _provisional(entry.get("provisional"), where),
            )
        )
    values.sort(key=lambda value: value.effective_from)
    starts = [value.effective_from for value in values]
    if len(set(starts)) != len(starts):
        raise ParameterError(f"{name}: two values take effect on the same date")
    return Parameter(name, description, decision, explanation_da, explanation_en, tuple(values))


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in folder.iterdir():
        if entry.is_dir():
            found.extend(_walk(entry, f"{prefix}{entry.name}/"))
        elif entry.name.endswith(".yaml"):
            found.append((prefix + entry.name.removesuffix(".yaml"), entry))
    return found


class ParameterSet:
    """All parameters, looked up by name and date."""

    def __init__(self, parameters: dict[str, Parameter]) -> None:
        self._parameters = dict(sorted(parameters.items()))

    def __contains__(self, name: object) -> bool:
        return name in self._parameters

    def parameter(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def value(self, name: str, on: date) -> ParameterValue:
        """The value of ``name`` in force on ``on``: the latest on or before that date."""
        value = self.parameter(name).value_on(on)
        if value is None:
            raise ParameterError(f"{name}: no value in force on {on.isoformat()}")
        return value

    def in_force(self, on: date) -> list[tuple[Parameter, ParameterValue]]:
        """Every parameter with a value in force on ``on``, by name."""
        found = []
        for parameter in self._parameters.values():
            value = parameter.value_on(on)
            if value is not None:
                found.append((parameter, value))
        return found

    def change_dates(self) -> list[date]:
        """Every date on which some value takes effect, sorted."""
        return sorted({v.effective_from for p in self._parameters.values() for v in p.values})


def load_parameter_folder(folder: Traversable) -> ParameterSet:
    """Read every ``*.yaml`` below ``folder``."""
    return ParameterSet(
        {
            name: load_parameter_text(entry.read_text(encoding="utf-8"), name)
            for name, entry in _walk(folder, "")
        }
    )


@lru_cache(maxsize=1)
def default_parameters() -> ParameterSet:
    """The parameters shipped with the package, read once."""
    return load_parameter_folder(resources.files("kontaktforloeb.rules") / "parameters")
