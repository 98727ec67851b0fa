"""Charts: Vega-Lite specifications rendered to SVG on the server (docs/adr/0006-charts.md).

`vl-convert-python` runs Vega-Lite and Vega in an embedded engine inside the Python process, so
a chart is an SVG string before the page leaves the server: no JavaScript in the browser, no
network (external data is refused, ``allowed_base_urls=[]``), and nothing the strict
Content-Security-Policy forbids (the SVG has presentation attributes, no ``style`` and no
script). The SVG goes inline into the page as ``role="img"``, named by the chart's one-sentence
summary; its numbers are in the table below it. Vega's own ARIA roles inside the image are dropped (the
table is the text alternative), and the root's fixed size is replaced by ``width="100%"`` with the
``viewBox`` kept, so the chart scales to the column on a phone.

A rendered chart is remembered per specification (the same figures draw the same chart): the
first chart in a process starts the engine (about a second), later ones take tens of
milliseconds, a remembered one nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# DKFDS' colours for the statuses they stand for (the words are in the legend and the table).
COLOURS = {
    "on_time": "#358000",
    "late": "#e5a000",
    "overdue": "#c6262e",
    "open": "#0059b3",
    "exempted": "#747474",
    "share": "#0059b3",
    "limit": "#c6262e",
    "warning": "#e5a000",
}
FONT = "IBM Plex Sans, Arial, sans-serif"
_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
# Vega's own ARIA roles on groups and marks (left even with ``aria: false`` on the root frame):
# inside an image they are noise, and axe asks each of them for a name.
_INNER_ARIA = re.compile(r'\s(role|aria-roledescription|aria-label)="[^"]*"')


def _config() -> dict[str, Any]:
    return {
        "aria": False,
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    }


def stacked_bars(
    *,
    categories: Sequence[str],
    series: Sequence[tuple[str, str]],
    values: Sequence[dict[str, Any]],
    category_title: str,
    value_title: str,
    legend_title: str,
    horizontal: bool = False,
    width: int = 560,
) -> dict[str, Any]:
    """Bars per category, stacked by series. ``series`` is (key, label) in stacking order;
    ``values`` are ``{"category", "series" (key), "value"}``."""
    labels = dict(series)
    data = [
        {
            "category": row["category"],
            "series": labels[row["series"]],
            "order": [key for key, _ in series].index(row["series"]),
            "value": row["value"],
        }
        for row in values
    ]
    category: dict[str, Any] = {
        "field": "category",
        "type": "nominal",
        "sort": list(categories),
        "title": category_title,
    }
    value = {
        "field": "value",
        "type": "quantitative",
        "title": value_title,
        "stack": "zero",
        "axis": {"tickMinStep": 1, "format": "d"},
    }
    colour = {
        "field": "series",
        "type": "nominal",
        "title": legend_title,
        "scale": {
            "domain": [label for _, label in series],
            "range": [COLOURS.get(key, "#747474") for key, _ in series],
        },
    }
    if horizontal:
        # The heading names the categories; a rotated title would run into long labels.
        encoding = {"y": {**category, "title": None}, "x": value}
        size = {"width": width, "height": max(60, 28 * len(categories))}
    else:
        category["axis"] = {"labelAngle": -40}
        encoding = {"x": category, "y": value}
        size = {"width": width, "height": 240}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        **size,
        "data": {"values": data},
        "mark": {"type": "bar"},
        "encoding": {**encoding, "color": colour, "order": {"field": "order"}},
        "config": _config(),
    }


def share_trend(
    *,
    months: Sequence[str],
    percents: Sequence[float | None],
    limit: int,
    warn: int,
    month_title: str,
    value_title: str,
    limit_label: str,
    warn_label: str,
    width: int = 560,
) -> dict[str, Any]:
    """The share per month as a line, with the limit and the warning level as rules."""
    points = [
        {"month": month, "percent": percent}
        for month, percent in zip(months, percents, strict=True)
        if percent is not None
    ]
    top = max([limit + 5.0, *(percent + 5.0 for percent in percents if percent is not None)])
    x = {"field": "month", "type": "ordinal", "sort": list(months), "title": month_title}
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "color": COLOURS["share"]},
            "encoding": {
                "x": {**x, "axis": {"labelAngle": -40}},
                "y": {
                    "field": "percent",
                    "type": "quantitative",
                    "title": value_title,
                    "scale": {"domain": [0, top]},
                },
            },
            "data": {"values": points},
        }
    ]
    if limit > 0:
        for level, colour, label in (
            (limit, COLOURS["limit"], limit_label),
            (warn, COLOURS["warning"], warn_label),
        ):
            layers.append(
                {
                    "data": {"values": [{"level": level, "label": label}]},
                    "layer": [
                        {
                            "mark": {"type": "rule", "color": colour, "strokeDash": [6, 4]},
                            "encoding": {"y": {"field": "level", "type": "quantitative"}},
                        },
                        {
                            "mark": {
                                "type": "text",
                                "align": "left",
                                "dx": 4,
                                "dy": -6,
                                "color": "#1a1a1a",
                                "x": 0,
                            },
                            "encoding": {
                                "y": {"field": "level", "type": "quantitative"},
                                "text": {"field": "label"},
                            },
                        },
                    ],
                }
            )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": width,
        "height": 240,
        "layer": layers,
        "config": _config(),
    }


def bars(
    *,
    categories: Sequence[str],
    values: Sequence[float | None],
    category_title: str,
    value_title: str,
    domain: tuple[float, float] | None = None,
    width: int = 560,
) -> dict[str, Any]:
    """One horizontal bar per category (e.g. a share per duration band)."""
    data = [
        {"category": category, "value": value}
        for category, value in zip(categories, values, strict=True)
        if value is not None
    ]
    value: dict[str, Any] = {"field": "value", "type": "quantitative", "title": value_title}
    if domain is not None:
        value["scale"] = {"domain": list(domain)}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": width,
        "height": max(60, 28 * len(categories)),
        "data": {"values": data},
        "mark": {"type": "bar", "color": COLOURS["share"]},
        "encoding": {
            "y": {
                "field": "category",
                "type": "nominal",
                "sort": list(categories),
                "title": None,
            },
            "x": value,
        },
        "config": _config(),
    }


@lru_cache(maxsize=256)
def _svg(spec_json: str, lang: str) -> str:
    import vl_convert

    danish = lang == "da"
    return str(
        vl_convert.vegalite_to_svg(
            json.loads(spec_json),
            allowed_base_urls=[],
            format_locale="da-DK" if danish else "en-GB",
            time_format_locale="da-DK" if danish else "en-GB",
        )
    )


def render(spec: dict[str, Any], *, label_id: str, lang: str = "da") -> SafeString:
    """The chart as inline SVG, an image named by the element ``label_id`` (its summary)."""
    svg = _svg(json.dumps(spec, sort_keys=True, ensure_ascii=False), "en" if lang == "en" else "da")
    match = _ROOT.search(svg)
    assert match is not None, "vl-convert returned no <svg> element"
    attributes = _SIZE.sub("", match.group(1))
    root = (
        f'<svg{attributes} width="100%" role="img" focusable="false" '
        f'aria-labelledby="{escape(label_id)}">'
    )
    inner = _INNER_ARIA.sub("", svg[match.end() :])
    return mark_safe(svg[: match.start()] + root + inner)
