"""A table as the pages show it and as CSV: a heading, the columns, and rows of cells that each
link to the people behind the number. The same object is rendered as HTML and as CSV, so the
export is the table on the page."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString


@dataclass
class Cell:
    value: Any
    url: str = ""
    # Shown with one decimal and a per cent sign (a share or a rate); None is shown as "–".
    percent: bool = False

    @property
    def text(self) -> str:
        if self.value is None:
            return "–"
        if isinstance(self.value, str):
            return self.value
        if self.percent:
            return f"{number_format(self.value, 1)} %"
        return number_format(self.value, 0, force_grouping=True)

    @property
    def csv(self) -> str:
        if self.value is None:
            return ""
        return f"{self.value:.1f}" if self.percent else str(self.value)


@dataclass
class TableRow:
    label: str
    cells: list[Cell]
    label_url: str = ""
    # A word and a colour (DKFDS tag) after the numbers: (colour, word), e.g. a share's status.
    tag: tuple[str, str] | None = None


@dataclass
class Table:
    slug: str
    title: str
    summary: str
    label_header: str
    headers: list[str]
    rows: list[TableRow] = field(default_factory=list)
    chart: SafeString | None = None
    csv_url: str = ""
    tag_header: str = ""
    note: str = ""

    @property
    def chart_id(self) -> str:
        return f"{self.slug}-summary"

    @property
    def lines(self) -> list[tuple[TableRow, list[tuple[str, Cell]]]]:
        """Each row with its cells, each cell with its column's header (for phones)."""
        return [(row, list(zip(self.headers, row.cells, strict=True))) for row in self.rows]


def as_csv(table: Table) -> str:
    """RFC 4180 CSV (UTF-8, comma-separated, a point as the decimal sign): the header row in the
    page's language, then one row per table row, plain numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = [table.label_header, *table.headers]
    if table.tag_header:
        header.append(table.tag_header)
    writer.writerow(header)
    for row in table.rows:
        line = [row.label, *(cell.csv for cell in row.cells)]
        if table.tag_header:
            line.append(row.tag[1] if row.tag else "")
        writer.writerow(line)
    return out.getvalue()
