"""Document types (profiles) and their detection from title and genre cues.

The cues live in ``lexicons/profiles.yaml``. A title names its genre (…工作总结, …上的讲话, …对照检查材料), so
title cues decide first; only a document without a recognisable title falls back to the cues at the start of
its body (a speech opens with 同志们：). Specific genres (对照检查, 述职, 党课) are tried before generic ones by
``priority``; between profiles of equal priority the cue that ends later in the title wins, because the genre
word comes last: 《在主题教育总结大会上的讲话》 is a speech, not a summary."""
from __future__ import annotations

from analyzer.lexicon import Lexicon
from analyzer.model import Document, Profile
from analyzer.text.normalize import normalize

PROFILE_NAMES = {
    "annual-summary": "年度党建工作总结",
    "speech": "讲话稿",
    "duty-report": "述职报告",
    "self-review": "对照检查材料",
    "party-lecture": "党课讲稿",
    "general": "通用",
}
DEFAULT_PROFILE = "general"
BODY_WINDOW = 600       # characters at the start of the text searched for body cues


def get_profile(profile_id: str, lexicon: Lexicon) -> Profile:
    entry = lexicon.kind("profiles").get(profile_id)
    name = getattr(entry, "name", None)
    return Profile(profile_id, name or PROFILE_NAMES.get(profile_id, profile_id))


def detect_profile(doc: Document, lexicon: Lexicon) -> str:
    """The profile id whose cues the document shows, else ``general``."""
    title_cues, body_cues = lexicon.compiled("profiles.cues", _compile_cues)
    title = normalize(_title(doc))
    found = _best(title_cues, title) if title else None
    if found is None:
        # normalize maps character by character: the start of the (cached, shared with the analyses) normalised
        # text is the normalised start
        found = _best(body_cues, normalize(doc.text)[:BODY_WINDOW])
    return found or DEFAULT_PROFILE


_Cues = tuple[tuple[int, str, tuple[str, ...]], ...]      # (priority, profile id, normalised cues) per profile


def _compile_cues(lexicon: Lexicon) -> tuple[_Cues, _Cues]:
    """Title and body cues of every profile but the default, normalised once per lexicon (not per document)."""
    profiles = [p for p in lexicon.kind("profiles").values() if p.id != DEFAULT_PROFILE]
    return tuple(tuple((p.priority, p.id, tuple(normalize(c) for c in getattr(p, field))) for p in profiles)
                 for field in ("title_cues", "body_cues"))


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    for p in doc.paragraphs[:1]:
        line = doc.text[p.start:p.end].strip()
        if len(line) <= 60:
            return line
    return ""


def _best(cues: _Cues, text: str) -> str | None:
    best_key, best_id = None, None
    for priority, profile_id, normalised in cues:
        ends = [text.rfind(c) + len(c) for c in normalised if c in text]
        if not ends:
            continue
        key = (priority, -max(ends), profile_id)
        if best_key is None or key < best_key:
            best_key, best_id = key, profile_id
    return best_id
