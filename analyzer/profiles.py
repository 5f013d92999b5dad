"""Document types (profiles) and their detection from title and genre cues."""
from __future__ import annotations

from .lexicon import Lexicon
from .model import Document, Profile

PROFILE_NAMES = {
    "annual-summary": "年度党建工作总结",
    "speech": "讲话稿",
    "duty-report": "述职报告",
    "self-review": "对照检查材料",
    "party-lecture": "党课讲稿",
    "general": "通用",
}


def get_profile(profile_id: str, lexicon: Lexicon) -> Profile:
    entry = lexicon.kind("profiles").get(profile_id)
    name = getattr(entry, "name", None) or (entry.get("name") if isinstance(entry, dict) else None)
    return Profile(profile_id, name or PROFILE_NAMES.get(profile_id, profile_id))


def detect_profile(doc: Document, lexicon: Lexicon) -> str:
    """Placeholder: the general profile (issue 3 adds cue-based detection)."""
    return "general"
