"""Spreadsheet cells that cannot run: a text cell starting with = + - @ (or a tab / carriage return) is read by
Excel, WPS and LibreOffice as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). A document's title or file
name is untrusted text, so every text cell of a csv or xlsx goes through here (OWASP's CSV-injection advice)."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """The value as a csv cell: formula-like text gets a leading apostrophe, which spreadsheets show as text."""
    if value is None:
        return ""
    return "'" + value if is_formula_like(value) else value
