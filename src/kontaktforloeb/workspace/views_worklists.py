"""The worklist pages and the handover page: thin views over `worklists` and `handover`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kontaktforloeb.cases.plans import today
from kontaktforloeb.organisations.access import Actor
from kontaktforloeb.web.views import staff_required

from .worklists import (
    COUNT_CAP,
    PAGE_SIZE,
    Worklist,
    explain_rows,
    handover_citizens,
    worklist_get,
    worklist_rows,
    worklists_for,
)


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Pages through the first `COUNT_CAP` rows: counting every overdue interview of a large
    municipality costs more than the page, and nobody pages past a thousand (the filters and the
    sort narrow a list instead)."""

    @cached_property
    def _counted(self) -> int:
        rows = cast("QuerySet[Any]", self.object_list)
        return rows.order_by()[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self._counted > COUNT_CAP


def _headers(worklist: Worklist, params: dict[str, str], sort: str) -> list[dict[str, Any]]:
    """DKFDS sortable headers: each a link that sorts by it, or reverses the sort in force."""
    labels = {"navn": _("Borger"), "dato": str(worklist.date_label)}
    headers = []
    for key in ("navn", "dato"):
        active = sort.removeprefix("-") == key
        descending = sort.startswith("-")
        target = (f"{key}" if descending else f"-{key}") if active else key
        headers.append(
            {
                "key": key,
                "label": labels[key],
                "active": active,
                "aria_sort": ("descending" if descending else "ascending") if active else "none",
                "url": "?" + urlencode({**params, "sort": target}),
            }
        )
    return headers


@staff_required
def worklist_page(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    worklist = worklist_get(slug)
    if worklist is None or worklist not in worklists_for(actor):
        raise Http404
    on = today()
    rows, params, filters, sort = worklist_rows(
        actor=actor, worklist=worklist, on=on, query=request.GET
    )
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "workspace/worklist.html",
        {
            "worklist": worklist,
            "page": page,
            "count_cap": COUNT_CAP,
            "rows": explain_rows(worklist, list(page.object_list), on),
            "filters": filters,
            "headers": _headers(worklist, params, sort),
            "page_query": urlencode({**params, "sort": sort}),
        },
    )


@staff_required
def handover_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    on = today()
    page_number = request.GET.get("side")
    cases, page = handover_citizens(actor=actor, on=on, page=page_number)
    return render(
        request,
        "workspace/handover.html",
        {"cases": cases, "page": page, "page_query": "", "on": on},
    )
