"""The results store: a SQLite file that lets a committee rerun a batch of hundreds of reports in seconds.

Why SQLite: one embedded file, no server, safe to copy, readable with any SQLite tool. Three tables:

- ``documents``  — one row per distinct file content (sha256 of the file *bytes*; ``+no-ocr`` appended when read
  with ``--no-ocr``, which gives other text from the same bytes), with the extracted text and paragraphs, so a
  stored report can be rendered again (html highlights, ``--include-text``) without re-reading a docx or pdf.
- ``analyses``   — one row per (sha256, lexicon version, ``--as-of`` option, ``--profile`` option): the Report
  JSON. A rerun with unchanged files and lexicons is a lookup; editing a lexicon changes its version and so
  re-analyses. ``hits`` counts how often a stored report was reused.
- ``units``      — one row per file path: its unit key, year and scores, so ``unit_history(db, unit)`` shows how a
  unit's summaries evolved across years.

Only the main process writes (workers just analyse); WAL mode keeps readers (the notebook, the page) unblocked."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from analyzer import __version__
from analyzer.model import Paragraph, Report

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256      TEXT PRIMARY KEY,
    format      TEXT NOT NULL,
    title       TEXT,
    date        TEXT,
    chars       INTEGER NOT NULL,
    text        BLOB NOT NULL,           -- zlib-compressed UTF-8
    paragraphs  TEXT NOT NULL,           -- JSON [[start, end, kind, level], ...]
    first_seen  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS analyses (
    sha256          TEXT NOT NULL REFERENCES documents(sha256),
    lexicon_version TEXT NOT NULL,
    as_of_option    TEXT NOT NULL,       -- '' when --as-of was not given
    profile_option  TEXT NOT NULL,       -- '' when --profile was not given
    tool_version    TEXT NOT NULL,
    report          TEXT NOT NULL,       -- Report JSON (schema 1, without text); plain: reruns print it as is
    summary         TEXT NOT NULL,       -- JSON: as_of, as_of_source, scores, counts (no decoding of report)
    analysed_at     TEXT NOT NULL,
    hits            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sha256, lexicon_version, as_of_option, profile_option)
);
CREATE TABLE IF NOT EXISTS units (
    path            TEXT PRIMARY KEY,
    unit            TEXT NOT NULL,
    year            INTEGER,
    sha256          TEXT NOT NULL,
    lexicon_version TEXT NOT NULL,
    title           TEXT,
    as_of           TEXT,
    profile         TEXT,
    coverage        REAL,
    hollowness      REAL,
    errors          INTEGER,
    warnings        INTEGER,
    missing         TEXT,               -- JSON list of missing required theme names
    updated_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS units_by_unit ON units(unit, year);
"""

YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/shengao/results.sqlite3``, else ``~/.local/share/shengao/results.sqlite3``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "shengao" / "results.sqlite3"


def unit_key(path: str | Path, pattern: str | re.Pattern | None = None) -> str:
    """Which unit a file belongs to, so one unit's summaries line up across years.

    Default: the file stem without its year digits (``财政局_2023年度党建总结`` -> ``财政局_年度党建总结``).
    With ``pattern`` (a regex searched in the stem): its ``unit`` group, else its first group, else the whole
    match; the default applies when it does not match."""
    stem = Path(path).stem
    if pattern is not None:
        m = re.search(pattern, stem)
        if m:
            if "unit" in m.re.groupindex:
                return m.group("unit")
            return m.group(1) if m.re.groups else m.group(0)
    return YEAR_RE.sub("", stem).strip(" _-.") or stem


def year_of(path: str | Path, report: "Report | ReportRecord | None" = None) -> int | None:
    """The year a file reports on: a year in its name, else the date found in the document."""
    m = YEAR_RE.search(Path(path).stem)
    if m:
        return int(m.group(0))
    if isinstance(report, ReportRecord):
        return int(report.summary["as_of"][:4]) if report.summary["as_of_source"] == "document" else None
    if report is not None and report.as_of_source == "document":
        return report.as_of.year
    return None


@dataclass(frozen=True)
class AnalysisKey:
    sha256: str
    lexicon_version: str
    as_of_option: str = ""
    profile_option: str = ""
    reading_option: str = ""   # ``Limits.reading``: '' by default, 'no-ocr' with --no-ocr

    @property
    def document_key(self) -> str:
        """The stored ``sha256`` column: the bytes' hash, with a non-default reading appended (the same scan read
        with and without OCR is two documents with different text, neither may be served for the other).
        Default readings keep the bare hash, so stores written before this key existed stay valid."""
        return f"{self.sha256}+{self.reading_option}" if self.reading_option else self.sha256


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _encode(report: Report) -> str:
    return _dumps(report.to_dict())


class ReportRecord:
    """A Report as its schema-1 JSON text plus the document text: what the store keeps and what workers send back.

    Why not just a Report: a rerun of 2,000 stored files must not decode, rebuild and re-encode 2,000 reports to
    print JSON. ``json()`` returns the stored text as is; ``report()`` rebuilds the Report only when a renderer
    needs objects (table, csv, xlsx, html)."""

    def __init__(self, *, path: str, sha256: str, json_text: str, text: str | bytes | None,
                 paragraphs: list | None,
                 doc_date: str | None, summary: dict, include_text: bool = False, report: Report | None = None):
        self.path = path
        self.sha256 = sha256
        self.json_text = json_text      # without "text" and "reuse"; "path" as when analysed
        self._text = text               # str, or zlib-compressed UTF-8 straight from the store
        self.paragraphs = paragraphs    # [[start, end, kind, level], ...]
        self.doc_date = doc_date
        self.summary = summary          # as_of, as_of_source, profile, title, format, scores, counts, missing
        self.include_text = include_text
        self.reuse = None               # list[ReuseResult] when --against is used
        self._report = report

    @classmethod
    def from_report(cls, report: Report, encode: Callable[[Report], str] | None = None) -> "ReportRecord":
        """``encode`` writes the Report's JSON, ``json.dumps(report.to_dict())`` unless the caller has a faster
        writer of the same text (the batch runner passes ``render.jsonout.report_json``)."""
        doc = report.document
        counts = report.counts()
        summary = {"as_of": report.as_of.isoformat(), "as_of_source": report.as_of_source,
                   "profile": report.profile.id, "title": doc.title, "format": doc.format,
                   "coverage": round(float(report.coverage.score), 2),        # as in the report's to_dict()
                   "hollowness": round(float(report.hollowness.score), 2),
                   "errors": counts["error"], "warnings": counts["warning"],
                   "missing": [t.name for t in report.coverage.themes if t.required and t.status == "missing"]}
        json_text = (encode or _encode)(replace(report, reuse=None, include_text=False))  # stored without both
        rec = cls(path=report.path, sha256=doc.sha256, json_text=json_text, text=doc.text,
                  paragraphs=[[p.start, p.end, p.kind, p.level] for p in doc.paragraphs],
                  doc_date=doc.date.isoformat() if doc.date else None, summary=summary,
                  include_text=report.include_text, report=report)
        rec.reuse = report.reuse
        return rec

    def drop_document(self) -> None:
        """Forget the document's text and paragraphs (JSON output needs neither); the Report cannot be rebuilt."""
        self._text = None
        self.paragraphs = None
        self._report = None

    def __getstate__(self) -> dict:  # to the main process: the JSON text, not the object graph
        state = dict(self.__dict__)
        state["_report"] = None
        return state

    @property
    def text(self) -> str:
        if self._text is None:
            raise RuntimeError("这条结果未带文档正文（只为输出 JSON 而取），无法还原文档")
        if isinstance(self._text, bytes):
            self._text = zlib.decompress(self._text).decode("utf-8")
        return self._text

    def report(self) -> Report:
        if self._report is None:
            self._report = Report.from_dict(
                json.loads(self.json_text), text=self.text,
                paragraphs=[Paragraph(s, e, k, lv) for s, e, k, lv in self.paragraphs],
                doc_date=dt.date.fromisoformat(self.doc_date) if self.doc_date else None, path=self.path,
                include_text=self.include_text)
        self._report.reuse = self.reuse
        return self._report

    def to_dict(self) -> dict:
        if self._report is not None:
            return self.report().to_dict()
        d = json.loads(self.json_text)
        d["path"] = self.path
        if self.reuse is not None:
            d["reuse"] = [r.to_dict() for r in self.reuse]
        if self.include_text:
            d["text"] = self.text
        return d

    def json(self) -> str:
        """Exactly ``json.dumps(report.to_dict(), ensure_ascii=False)``, without re-encoding when possible."""
        if self.reuse is None and not self.include_text and self.json_text.startswith(
                _dumps({"path": self.path})[:-1] + ", "):
            return self.json_text
        return _dumps(self.to_dict())


BUSY_TIMEOUT_S = 60.0      # another run holding the write lock: wait this long before giving up on a statement


class StoreUnavailable(Exception):
    """The store cannot be used at all (read-only medium, no permission): the run goes on without it."""


class Store:
    """One open results store. Not shared across processes: the batch's main process owns it; several runs may
    share one file (WAL, a busy timeout, retries). A damaged file is moved aside and a new one started; a stored
    report whose checksum does not match is analysed again."""

    def __init__(self, path: str | Path, *, warn=None):
        import sqlite3  # here: ``--no-store`` runs (and workers, which only build records) never load it
        self.path = Path(path)
        self.warn = warn or (lambda message: None)
        self.disabled = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = self._open()
        except sqlite3.DatabaseError as e:
            if not _damaged(e):
                raise StoreUnavailable(_why(e)) from None
            aside = self._move_aside()
            self.warn(f"结果库已损坏（{e}），已移到 {aside}，本次新建结果库（已有结果需重新分析）。")
            self.conn = self._open()
        except OSError as e:
            raise StoreUnavailable(_why(e)) from None
        self._hits: list[tuple] = []    # batched: one statement per run, not one per file
        self._units: list[tuple] = []

    def _open(self):
        import sqlite3
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            ok = conn.execute("PRAGMA quick_check(1)").fetchone()
            if ok is None or ok[0] != "ok":
                raise sqlite3.DatabaseError(f"完整性检查未通过：{ok[0] if ok else '无结果'}")
            _retry(lambda: conn.execute("PRAGMA journal_mode=WAL"))
            conn.execute("PRAGMA synchronous=NORMAL")
            _retry(lambda: conn.executescript(SCHEMA))
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                os.replace(src, Path(str(aside) + suffix))
        return aside

    def _guard(self, action):
        """Run a write; a store that turns unwritable mid-run (disk full, medium gone) is dropped, not fatal."""
        import sqlite3
        if self.disabled:
            return None
        try:
            return _retry(action)
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as e:
            self.disabled = True
            self.warn(f"结果库写入失败（{_why(e)}），本次其余结果不再保存；分析照常进行。")
            return None

    def close(self) -> None:
        self.commit()
        try:
            self.conn.close()
        except Exception:
            pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------------------------------

    def lookup(self, key: AnalysisKey, *, path: str | None = None, include_text: bool = False,
               today: dt.date | None = None, with_document: bool = True) -> ReportRecord | None:
        """The stored report for ``key`` (counted as a hit), or None. A report judged at "today" is only reused
        on the same day: tomorrow's rerun must judge at tomorrow's date. ``with_document=False`` leaves the
        document's text and paragraphs in the store: JSON output needs neither, and reading the text of every
        file was a sixth of a rerun; such a record cannot rebuild its Report."""
        columns = "d.text, d.paragraphs" if with_document else "NULL, NULL"
        row = self.conn.execute(
            f"SELECT a.report, a.summary, {columns}, d.date FROM analyses a JOIN documents d "
            "USING (sha256) WHERE sha256=? AND lexicon_version=? AND as_of_option=? AND profile_option=? "
            "AND tool_version=?",
            (key.document_key, key.lexicon_version, key.as_of_option, key.profile_option, __version__)).fetchone()
        if row is None:
            return None
        try:
            summary = json.loads(row[1])
            text = zlib.decompress(row[2]).decode("utf-8") if with_document else None   # zlib checks the text
        except (ValueError, zlib.error):
            return None
        if summary.get("report_sha256") != _checksum(row[0]):           # one changed byte: analyse again
            return None
        if summary["as_of_source"] == "today" and summary["as_of"] != (today or dt.date.today()).isoformat():
            return None
        self._hits.append((key.document_key, key.lexicon_version, key.as_of_option, key.profile_option))
        json_text = row[0]
        return ReportRecord(path=path or json.loads(json_text)["path"], sha256=key.sha256, json_text=json_text,
                            text=text, paragraphs=json.loads(row[3]) if with_document else None,
                            doc_date=row[4], summary=summary,
                            include_text=include_text)

    def count(self, table: str) -> int:
        self.flush()
        if table not in ("documents", "analyses", "units"):
            raise ValueError(table)
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def analysis_rows(self) -> list[dict]:
        self.flush()
        cur = self.conn.execute("SELECT sha256, lexicon_version, as_of_option, profile_option, analysed_at, hits "
                                "FROM analyses ORDER BY analysed_at, sha256")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    # --- writing -------------------------------------------------------------------------------------------

    def save(self, key: AnalysisKey, rec: ReportRecord, *, unit: str, year: int | None) -> None:
        now = dt.datetime.now().isoformat(timespec="seconds")
        document = (key.document_key, rec.summary["format"], rec.summary["title"], rec.doc_date, len(rec.text),
                    zlib.compress(rec.text.encode("utf-8"), 1), json.dumps(rec.paragraphs), now)
        analysis = (key.document_key, key.lexicon_version, key.as_of_option, key.profile_option, __version__,
                    rec.json_text, _dumps({**rec.summary, "report_sha256": _checksum(rec.json_text)}), now)

        def write():
            self.conn.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)", document)
            self.conn.execute("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", analysis)
        self._guard(write)
        self.record_unit(key, rec, unit=unit, year=year)

    def record_unit(self, key: AnalysisKey, rec: ReportRecord, *, unit: str, year: int | None) -> None:
        """Also called for reused reports: a file may have moved, or the unit pattern changed."""
        s = rec.summary
        self._units.append(
            (rec.path, unit, year, key.sha256, key.lexicon_version, s["title"], s["as_of"], s["profile"],
             s["coverage"], s["hollowness"], s["errors"], s["warnings"], _dumps(s["missing"]),
             dt.datetime.now().isoformat(timespec="seconds")))

    def flush(self) -> None:
        if self.disabled:
            self._hits.clear()
            self._units.clear()
            return
        self._guard(self._flush)

    def _flush(self) -> None:
        if self._hits:
            self.conn.executemany("UPDATE analyses SET hits = hits + 1 WHERE sha256=? AND lexicon_version=? "
                                  "AND as_of_option=? AND profile_option=?", self._hits)
            self._hits.clear()
        if self._units:
            self.conn.executemany("INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  self._units)
            self._units.clear()

    def commit(self) -> None:
        self.flush()
        self._guard(self.conn.commit)


def _checksum(report_json: str) -> str:
    return hashlib.sha256(report_json.encode("utf-8")).hexdigest()


def _damaged(e: Exception) -> bool:
    text = str(e).lower()
    return any(w in text for w in ("not a database", "malformed", "完整性检查", "file is encrypted",
                                   "database disk image"))


def _why(e: Exception) -> str:
    text = str(e).lower()
    if "readonly" in text or "read-only" in text or isinstance(e, PermissionError) or "unable to open" in text:
        return "只读介质或没有写入权限"
    if "disk" in text and "full" in text or getattr(e, "errno", None) == 28:
        return "磁盘已满"
    return str(e)


def _retry(action, attempts: int = 5):
    """A statement that still finds the file locked after the busy timeout (a long write elsewhere) is tried again."""
    import sqlite3
    import time
    for i in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or i == attempts - 1:
                raise
            time.sleep(0.2 * (i + 1))


def open_store(path: str | Path, *, warn) -> Store | None:
    """The store at ``path``, or None (with a warning) when it cannot be used: the analysis never depends on it."""
    try:
        return Store(path, warn=warn)
    except StoreUnavailable as e:
        warn(f"无法使用结果库 {path}（{e}），本次不读写结果库，分析照常进行。")
        return None


def unit_history(db: str | Path | Store, unit: str) -> list[dict]:
    """A unit's files across years, oldest first: year, path, sha256, title, as_of, profile, coverage,
    hollowness, errors, warnings, missing (list of theme names)."""
    store = db if isinstance(db, Store) else Store(db)
    store.flush()
    try:
        cur = store.conn.execute(
            "SELECT year, path, sha256, lexicon_version, title, as_of, profile, coverage, hollowness, errors, "
            "warnings, missing FROM units WHERE unit=? ORDER BY year IS NULL, year, path", (unit,))
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        if not isinstance(db, Store):
            store.close()
    for r in rows:
        r["missing"] = json.loads(r["missing"] or "[]")
    return rows
