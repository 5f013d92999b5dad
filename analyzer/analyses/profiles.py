"""Document types (profiles) and their detection from title and genre cues.

The cues live in ``lexicons/profiles.yaml``. A title names its genre (…工作总结, …上的讲话, …对照检查材料), so
title cues decide first; the title may stand on the same line as the body ("学区党支部2021年党建工作总结 一年来，…",
see ``analyzer.ingest.title``). Specific genres (对照检查, 述职, 党课) are tried before generic ones by ``priority``;
between profiles of equal priority the cue that ends later in the title wins, because the genre word comes last:
《在主题教育总结大会上的讲话》 is a speech, not a summary.

Without a title cue the opening of the body decides, and there the cue that comes FIRST wins (then priority): a
genre shows itself in its opening words — 同志们：, 今天给大家讲一堂党课, 现将我履行…职责情况报告如下, 现将…总结如下
— while a news report about a 民主生活会 opens with 近日，… and mentions 对照检查 only later. The ``general`` profile
carries the cues of news reports and essays, so they are recognised as what they are instead of as the genre
they report on. A profile's ``overrides`` names title genres its opening cue outranks (a 党课 whose title reads
"…的讲话").

The evidence (where, which cue, its span in the text) goes into the report as ``profile.evidence``."""
from __future__ import annotations

from dataclasses import dataclass

from analyzer.errors import UsageError
from analyzer.ingest.title import title_span
from analyzer.lexicon import Lexicon
from analyzer.lexicon.kinds.profiles import DEFAULT_PROFILE
from analyzer.model import Document, Profile
from analyzer.text.normalize import normalize

__all__ = ["DEFAULT_PROFILE", "BODY_WINDOW", "OPENING", "Detection", "profile_names", "check_profile", "get_profile",
           "detect", "detect_profile"]

BODY_WINDOW = 600       # characters at the start of the body searched for body cues
OPENING = 200           # characters at the start of the body where an ``overrides`` cue outranks the title


@dataclass(frozen=True)
class Detection:
    profile: str
    source: str                 # title | body | default
    cue: str | None = None
    start: int | None = None
    end: int | None = None

    def evidence(self) -> dict:
        return {"source": self.source, "cue": self.cue, "start": self.start, "end": self.end}


def profile_names(lexicon: Lexicon) -> dict[str, str]:
    """id -> name of every profile the lexicon defines (built-in and added packs), in the lexicon's order."""
    return {p.id: p.name for p in lexicon.kind("profiles").values()}


def check_profile(profile_id: str | None, lexicon: Lexicon) -> None:
    """``UsageError`` naming the available profiles when ``profile_id`` is given and the lexicon has no such
    profile (a profile defined in a ``--lexicons`` pack is as valid as a built-in one)."""
    names = profile_names(lexicon)
    if profile_id is not None and profile_id not in names:
        known = "、".join(f"{pid}（{name}）" for pid, name in names.items())
        raise UsageError(f"未知的文种（profile）“{profile_id}”，可用：{known}")


def get_profile(profile_id: str, lexicon: Lexicon, evidence: dict | None = None) -> Profile:
    check_profile(profile_id, lexicon)
    return Profile(profile_id, lexicon.get("profiles", profile_id).name, evidence)


def detect_profile(doc: Document, lexicon: Lexicon) -> str:
    """The profile id whose cues the document shows, else ``general``."""
    return detect(doc, lexicon).profile


def detect(doc: Document, lexicon: Lexicon) -> Detection:
    """The profile and the cue that decided it."""
    title_cues, body_cues, overrides = lexicon.compiled("profiles.cues", _compile_cues)
    # normalize maps character by character: positions in the normalised text are positions in the text
    norm = normalize(doc.text)
    span = title_span(doc)
    found = None
    body_from = 0
    if span is not None:
        found = _best_in_title(title_cues, norm, *span)
        body_from = span[1]
    end = min(len(norm), body_from + BODY_WINDOW)
    body = _first_in_body(body_cues, norm, body_from, end)
    if body is not None:
        # a cue in the opening outranks the first cue when its profile overrides that one (a 党课 opens with
        # 同志们： too)
        better = _first_in_body(body_cues, norm, body_from, min(end, body_from + OPENING),
                                only=lambda pid: body.profile in overrides.get(pid, ()))
        body = better or body
    if found is None:
        found = body or Detection(DEFAULT_PROFILE, "default")
    elif body is not None and body.start < body_from + OPENING and found.profile in overrides.get(body.profile, ()):
        found = body
    if found.start is not None:
        found = Detection(found.profile, found.source, doc.text[found.start:found.end], found.start, found.end)
    return found


_Cues = tuple[tuple[int, str, tuple[str, ...]], ...]      # (priority, profile id, normalised cues) per profile


def _compile_cues(lexicon: Lexicon):
    """Title and body cues of every profile, normalised once per lexicon (not per document), and each profile's
    ``overrides``."""
    profiles = list(lexicon.kind("profiles").values())
    cues = tuple(tuple((p.priority, p.id, tuple(normalize(c) for c in getattr(p, field))) for p in profiles
                       if getattr(p, field)) for field in ("title_cues", "body_cues"))
    overrides = {p.id: frozenset(getattr(p, "overrides", ())) for p in profiles}
    return cues[0], cues[1], overrides


def _best_in_title(cues: _Cues, text: str, start: int, end: int) -> Detection | None:
    title = text[start:end]
    best_key, best = None, None
    for priority, profile_id, normalised in cues:
        for c in normalised:
            i = title.rfind(c)
            if i < 0:
                continue
            key = (priority, -(i + len(c)), profile_id)
            if best_key is None or key < best_key:
                best_key, best = key, Detection(profile_id, "title", c, start + i, start + i + len(c))
    return best


def _first_in_body(cues: _Cues, text: str, start: int, end: int, only=None) -> Detection | None:
    best_key, best = None, None
    for priority, profile_id, normalised in cues:
        if only is not None and not only(profile_id):
            continue
        for c in normalised:
            i = text.find(c, start, end)
            if i < 0:
                continue
            key = (i, priority, profile_id)
            if best_key is None or key < best_key:
                best_key, best = key, Detection(profile_id, "body", c, i, i + len(c))
    return best
