"""Shared fixtures: two jobcentres and two a-kasser, their staff, and a citizen of each."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kontaktforloeb.cases.models import Citizen
from kontaktforloeb.organisations.models import Organisation, User
from tests.support import factories


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
