"""Every worked case in this folder, run through the same code path as ``kontaktforloeb plan``.

A scenario file has ``name`` (a sentence), ``events``, ``as_of``, optional ``ruleset``, optional
``lang`` (the language of the reasons, ``da`` unless given) and ``expect``: a partial structure
matched against the plan contract JSON. In ``expect`` a mapping matches the keys it names; a list
must match element by element; a mapping checked against a list names 1-based positions
(``{2: {...}}``) and optionally ``length``.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from kontaktforloeb.rules import cli

HERE = Path(__file__).parent
FILES = sorted(HERE.glob("*.yaml"))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _match(expected: Any, actual: Any, where: str) -> None:
    if isinstance(expected, dict) and isinstance(actual, list):
        for key, item in expected.items():
            if key == "length":
                assert len(actual) == item, f"{where}: {len(actual)} items, expected {item}"
                continue
            assert isinstance(key, int) and 1 <= key <= len(actual), f"{where}[{key}] is missing"
            _match(item, actual[key - 1], f"{where}[{key}]")
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        for key, item in expected.items():
            assert key in actual, f"{where}.{key} is missing"
            _match(item, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        assert len(actual) == len(expected), (
            f"{where}: {len(actual)} items, expected {len(expected)}"
        )
        for position, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
            _match(want, got, f"{where}[{position}]")
    else:
        assert actual == expected, f"{where}: {actual!r}, expected {expected!r}"


def run_case(case: dict[str, Any], tmp_path: Path, lang: str = "da") -> dict[str, Any]:
    """Write the case as CASE.json and run ``kontaktforloeb plan`` on it."""
    path = tmp_path / "case.json"
    body = {key: case[key] for key in ("ruleset", "as_of", "citizen", "events") if key in case}
    path.write_text(json.dumps(_plain(body)), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["plan", str(path), "--lang", lang], stdout=out, stderr=err)
    assert status == 0, err.getvalue()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_scenario(path: Path, tmp_path: Path) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(scenario.get("name"), str) and scenario["name"].endswith(".")
    assert "expect" in scenario and "as_of" in scenario
    result = run_case(scenario, tmp_path, scenario.get("lang", "da"))
    _match(_plain(scenario["expect"]), result, path.stem)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_item_explains_itself_in_both_languages(path: Path, tmp_path: Path) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    for lang in ("da", "en"):
        result = run_case(scenario, tmp_path, lang)
        items = [*result["interviews"], *result["consequences"], result["cv"], result["joblog"]]
        items += [result["selfbooking"], *result["exemptions"]]
        for name in ("handover", "offer", "trial"):
            if result[name]:
                items.append(result[name])
        for item in items:
            assert item["because"], f"{path.stem}: an item without a reason: {item}"
            for reason in item["because"]:
                assert reason["rule"] and reason["citation"] and reason["text"].endswith(".")


def test_there_are_enough_scenarios() -> None:
    assert len(FILES) >= 143
