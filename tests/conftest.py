"""Shared fixtures: two jobcentres and two a-kasser, their staff, and a citizen of each.

Also refuses to test a compiled rules engine older than its sources (see ``pytest_configure``).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation, User


def stale_compiled_rules() -> str | None:
    """Why the mypyc-compiled rules engine is out of date, or None when it is current or absent.

    Only the files are looked at, nothing is imported: a stale extension is loaded instead of its
    newer ``.py``, silently. Like ``make compile``, any newer module of the package counts, since
    the compiled code relies on the types of the modules it imports.
    """
    spec = importlib.util.find_spec("kontaktforloeb")
    assert spec is not None and spec.submodule_search_locations is not None
    rules = Path(spec.submodule_search_locations[0]) / "rules"
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    compiled = [
        path
        for path in [*rules.rglob("*"), *rules.parent.parent.glob("kontaktforloeb_rules__mypyc.*")]
        if path.name.endswith(suffixes)
    ]
    if not compiled:
        return None
    built = min(path.stat().st_mtime for path in compiled)
    newer = sorted(
        str(path.relative_to(rules.parent.parent))
        for path in rules.rglob("*.py")
        if path.stat().st_mtime > built
    )
    if not newer:
        return None
    more = f" and {len(newer) - 1} more" if len(newer) > 1 else ""
    return (
        f"the compiled rules engine is older than {newer[0]}{more}: "
        "run `make compile` (or `make clean-compiled` to test it as pure Python)"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if (reason := stale_compiled_rules()) is not None:
        raise pytest.UsageError(reason)


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    """Every test starts in the site's language (Danish): a page asked for in English leaves
    English active in the thread, and a later test would read its messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_report_header(config: pytest.Config) -> str:
    import kontaktforloeb.rules

    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    compiled = [
        name
        for name, module in sys.modules.items()
        if name.startswith(kontaktforloeb.rules.__name__)
        and (getattr(module, "__file__", None) or "").endswith(suffixes)
    ]
    how = f"{len(compiled)} modules compiled with mypyc" if compiled else "pure Python"
    return f"rules engine: {how}"


@dataclass
class World:
    jc_kbh: Organisation
    jc_aarhus: Organisation
    ak_one: Organisation
    ak_two: Organisation
    jc_kbh_worker: User
    jc_aarhus_worker: User
    ak_one_worker: User
    ak_two_worker: User
    kbh_manager: User
    # A dagpenge member of a-kasse one living in København, and a kontanthjælp citizen in Aarhus.
    anna: Citizen
    bo: Citizen


@pytest.fixture
def world(db: None) -> World:
    # Imported here, not above: it loads the rules engine, which must wait for pytest_configure.
    from tests.support import factories

    jc_kbh = factories.jobcenter(101, "Jobcenter København")
    jc_aarhus = factories.jobcenter(751, "Jobcenter Aarhus")
    ak_one = factories.akasse("A-kasse Et")
    ak_two = factories.akasse("A-kasse To")
    return World(
        jc_kbh=jc_kbh,
        jc_aarhus=jc_aarhus,
        ak_one=ak_one,
        ak_two=ak_two,
        jc_kbh_worker=factories.staff(jc_kbh, username="jc-kbh"),
        jc_aarhus_worker=factories.staff(jc_aarhus, username="jc-aarhus"),
        ak_one_worker=factories.staff(ak_one, username="ak-one"),
        ak_two_worker=factories.staff(ak_two, username="ak-two"),
        kbh_manager=factories.staff(jc_kbh, role=User.Role.MANAGER, username="kbh-leder"),
        anna=factories.citizen(jc_kbh, ak_one, with_user=True, cpr="0101901234", first_name="Anna"),
        bo=factories.citizen(jc_aarhus, with_user=True, cpr="1505854321", first_name="Bo"),
    )
