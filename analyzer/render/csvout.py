"""CSV: the document rows of ``rows.py``, with a UTF-8 BOM when written to a file so that Excel (which reviewers
double-click it into) reads the Chinese correctly."""
from __future__ import annotations

import csv
import io

from analyzer.model import Report
from analyzer.render.cells import csv_cell
from analyzer.render.rows import document_rows


def render_csv(reports: list[Report], units: list[str] | None = None) -> str:
    cols, rows = document_rows(reports, units)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.header for c in cols])
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return buf.getvalue()


def write_csv(path: str, reports: list[Report], units: list[str] | None = None) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(render_csv(reports, units))
