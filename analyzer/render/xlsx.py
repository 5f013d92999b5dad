"""The Excel workbook reviewers work in: sheet 文稿 (one row per document, by path; the filters sort), 问题清单 (every
finding), 无法读取 (failures). Frozen header, filters, colours that point at the outliers. openpyxl is imported only
here, so other formats never pay for it."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analyzer.model import Report
from analyzer.render.cells import is_formula_like
from analyzer.render.rows import FAILURE_COLUMNS, FINDING_COLUMNS, Column, document_rows, failure_rows, finding_rows

LOW_COVERAGE = 60    # below: red
HIGH_COVERAGE = 80   # at or above: green
HIGH_HOLLOWNESS = 50  # at or above: red
RED = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
GREEN = PatternFill(start_color="C6EFCE", end_color="C6EFCE", fill_type="solid")
HEADER_FILL = PatternFill(start_color="DDE4EE", end_color="DDE4EE", fill_type="solid")
SHEETS = ("文稿", "问题清单", "无法读取")


def write_xlsx(path: str, reports: list[Report], failures=(), units: list[str] | None = None) -> None:
    wb = Workbook()
    docs = wb.active
    docs.title = SHEETS[0]
    cols, rows = document_rows(reports, units)
    _fill(docs, cols, rows, freeze="C2")
    _colour_documents(docs, cols, len(rows))
    _fill(wb.create_sheet(SHEETS[1]), list(FINDING_COLUMNS), finding_rows(reports, units), freeze="B2")
    _fill(wb.create_sheet(SHEETS[2]), list(FAILURE_COLUMNS), failure_rows(failures), freeze="A2")
    buf = io.BytesIO()     # built in memory, written in one call: a failed write leaves no half-open zip behind
    wb.save(buf)
    if hasattr(path, "write"):       # a file object (the page's download buffer)
        path.write(buf.getvalue())
        return
    with open(path, "wb") as fh:
        fh.write(buf.getvalue())


def _fill(ws, cols: list[Column], rows: list[list], *, freeze: str) -> None:
    ws.append([c.header for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if is_formula_like(cell.value):   # untrusted text (titles, file names) is never a live formula
                cell.data_type = "s"
    for i, c in enumerate(cols, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = c.width
        if c.kind == "score":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0.0"
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(1, len(rows) + 1)}"


def _colour_documents(ws, cols: list[Column], n: int) -> None:
    if n == 0:
        return
    for i, c in enumerate(cols, start=1):
        col = get_column_letter(i)
        rng = f"{col}2:{col}{n + 1}"
        if c.key == "coverage" or c.key.startswith("category:"):
            # blank (category not applicable) must stay uncoloured: Excel compares a blank cell as 0
            ws.conditional_formatting.add(
                rng, FormulaRule(formula=[f"AND(ISNUMBER({col}2),{col}2<{LOW_COVERAGE})"], fill=RED))
            ws.conditional_formatting.add(
                rng, FormulaRule(formula=[f"AND(ISNUMBER({col}2),{col}2>={HIGH_COVERAGE})"], fill=GREEN))
        elif c.key == "hollowness":
            ws.conditional_formatting.add(
                rng, CellIsRule(operator="greaterThanOrEqual", formula=[str(HIGH_HOLLOWNESS)], fill=RED))
        elif c.key == "errors":
            ws.conditional_formatting.add(rng, CellIsRule(operator="greaterThan", formula=["0"], fill=RED))
