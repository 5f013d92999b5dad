"""The analysis table and ``analyze()``: ingest -> Document -> analyses (pure functions) -> Report.

Like spaCy's ``register_factories()``, every analysis is listed once here; ``analyze`` walks the table. Each entry
is ``(Document, Lexicon, Options) -> result`` with no I/O."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterable

from analyzer.analyses import coverage, integrity, placeholders, unread
from analyzer.analyses.formulations import engine as formulations
from analyzer.analyses.hollowness import scoring as hollowness
from analyzer.errors import UsageError
from analyzer.ingest import Limits, DEFAULT_LIMITS, document_from_text, read_document
from analyzer.lexicon import Lexicon, default_lexicon
from analyzer.ingest.dates import judge_date
from analyzer.model import Coverage, DateEvidence, Document, Hollowness, Report
from analyzer.options import Options
from analyzer.analyses.profiles import check_profile, detect, get_profile
from analyzer.text.normalize import sentence_spans

ANALYSES = {
    "coverage": coverage.run,
    "formulations": formulations.run,
    "hollowness": hollowness.run,
    "placeholders": placeholders.run,
    "unread": unread.run,
    "integrity": integrity.run,
}


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise UsageError(f"日期格式应为 YYYY-MM-DD：“{value}”")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期无效：“{value}”（请检查月份和日期）") from None


def analyze(path_or_text: str | Path | None = None, *, text: str | None = None, as_of: str | dt.date | None = None,
            profile: str | None = None, lexicons: Iterable[str | Path] = (), lexicon: Lexicon | None = None,
            include_text: bool = False, limits: Limits = DEFAULT_LIMITS, today: dt.date | None = None,
            rejoin: bool = True) -> Report:
    """Analyse a file (path) or a string (``text=``) and return its Report. A string with a hard break at every
    line end (pasted from a PDF) is re-joined into paragraphs first (``rejoin=False``: analyse it as given, so
    offsets index the caller's own string); the Report's offsets index ``report.document.text``."""
    if text is not None:
        doc = document_from_text(text, rejoin=rejoin)
    elif isinstance(path_or_text, Document):
        doc = path_or_text
    elif path_or_text is not None:
        doc = read_document(path_or_text, limits)
    else:
        raise UsageError("analyze() 需要文件路径或 text=")
    lex = lexicon or default_lexicon(lexicons)
    return analyze_document(doc, lex, as_of=as_of, profile=profile, include_text=include_text, today=today)


def analyze_document(doc: Document, lex: Lexicon, *, as_of=None, profile: str | None = None,
                     include_text: bool = False, today: dt.date | None = None) -> Report:
    as_of_date = parse_date(as_of)
    if as_of_date is not None:
        source, evidence = "option", DateEvidence("option")
    else:
        as_of_date, source, evidence = judge_date(doc, lex, today=today or dt.date.today())
    check_profile(profile, lex)
    if profile is not None:
        profile_id, profile_evidence = profile, {"source": "option", "cue": None, "start": None, "end": None}
    else:
        found = detect(doc, lex)
        profile_id, profile_evidence = found.profile, found.evidence()
    opts = Options(as_of=as_of_date, profile=profile_id)
    results = {name: fn(doc, lex, opts) for name, fn in ANALYSES.items()}
    for finding in results["formulations"] or ():
        finding.check_in(doc.text)          # a finding off its text is a bug: raise, never report it
    return Report(
        document=doc, as_of=as_of_date, as_of_source=source, as_of_evidence=evidence, profile=get_profile(profile_id, lex, profile_evidence),
        sentences=len(sentence_spans(doc.text)),
        coverage=results["coverage"] or Coverage(),
        hollowness=results["hollowness"] or Hollowness(),
        findings=sorted(_merge_findings(results["formulations"] or [], results["placeholders"] or [])
                        + (results["unread"] or []) + (results["integrity"] or []), key=lambda f: f.start),
        include_text=include_text,
    )


def _merge_findings(formulations: list, holes: list) -> list:
    """Formulation findings (sorted by position already) and placeholder findings in one list by position. A
    formulation finding on a placeholder is dropped: "不忘**、牢记**" is a template to fill in, not a misquoted
    formula."""
    if not holes:
        return formulations
    kept = [f for f in formulations if not any(h.start < f.end and f.start < h.end for h in holes)]
    return sorted(kept + holes, key=lambda f: f.start)


def extract_text(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """The exact text the analyzer sees; every offset in a Report indexes it."""
    return read_document(path, limits).text
