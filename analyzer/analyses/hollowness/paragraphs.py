"""Hollowness beyond the sentence: the document score (body text only), per-paragraph aggregates for the review
page, and the framing lines (title, date line, salutation, byline, signature) that are not scored as prose."""
from __future__ import annotations

from dataclasses import dataclass

from analyzer.analyses.hollowness.model import HollowModel, Label, load_model
from analyzer.kernels import regex_cache
from analyzer.model import Document, Hollowness, SentenceScore
from analyzer.text import facts


def _body_mask(doc: Document, sentences: list[SentenceScore],
               exclude: list[tuple[int, int]] = ()) -> list[bool]:
    """True for sentences outside headings and ``exclude`` spans (document score counts body text only)."""
    heads = sorted([(p.start, p.end) for p in doc.paragraphs if p.kind == "heading"] + list(exclude))
    out = []
    j = 0
    for s in sentences:
        while j < len(heads) and heads[j][1] <= s.start:
            j += 1
        out.append(not (j < len(heads) and heads[j][0] <= s.start < heads[j][1]))
    return out


def document_score(doc: Document, sentences: list[SentenceScore], exclude: list[tuple[int, int]] = ()) -> float:
    """Share of body characters inside hollow sentences, 0..100 (headings and framing lines left out)."""
    total = hollow = 0
    for s, body in zip(sentences, _body_mask(doc, sentences, exclude)):     # one pass, not two generators
        if body:
            n = s.end - s.start
            total += n
            if s.label == "hollow":
                hollow += n
    return 100.0 * hollow / total if total else 0.0


@dataclass(frozen=True)
class ParagraphScore:
    start: int
    end: int
    kind: str
    sentences: int
    score: float           # character-weighted mean of its sentences' scores, 0..1
    hollow_share: float    # share of its characters inside hollow sentences, 0..1
    label: Label

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "sentences": self.sentences,
                "score": round(self.score, 4), "hollow_share": round(self.hollow_share, 4), "label": self.label}


def paragraph_scores(doc: Document, hollowness: Hollowness, model: HollowModel | None = None) -> list[ParagraphScore]:
    """Per-paragraph aggregates of a Hollowness result (for the review page's paragraph view)."""
    model = model or load_model()
    sents = hollowness.sentences
    out = []
    j = 0
    for p in doc.paragraphs:
        while j < len(sents) and sents[j].end <= p.start:
            j += 1
        k = j
        weight = score = hollow = 0.0
        while k < len(sents) and sents[k].start < p.end:
            w = sents[k].end - sents[k].start
            weight += w
            score += w * sents[k].score
            hollow += w if sents[k].label == "hollow" else 0.0
            k += 1
        if weight:
            mean = score / weight
            out.append(ParagraphScore(p.start, p.end, p.kind, k - j, mean, hollow / weight, model.label(mean)))
        j = k
    return out


_BRACKETS = "（()）\u3000 "
_SALUTATION = regex_cache.compile(r"[^。！？，,]{1,16}[：:]")
_PUNCTUATION = regex_cache.compile(r"[。！？!?，,；;：:]")      # a line without any is unpunctuated


def _is_date_line(line: str) -> bool:
    """A line that is one full date (二〇二四年一月十五日, （2024年1月15日）): a signature's or a heading's date."""
    bare = line.strip(_BRACKETS)
    if not bare.endswith(("日", "号")):      # the date must end the line: most lines are no date line at all
        return False
    return any(f.kind == "date" and f.start == 0 and f.end == len(bare) and f.text.endswith(("日", "号"))
               for f in facts.times(bare))


def meta_paragraphs(doc: Document) -> list[tuple[int, int]]:
    """Paragraphs that frame a document rather than say something: the title, a date line, a salutation
    (同志们：), a byline (a short unpunctuated line among the first four), a signature (one among the last three). Scoring them as prose would tell a
    writer that "2024年1月15日" lacks an actor, or that a signature repeats a slogan."""
    out = []
    paras = doc.paragraphs
    last = len(paras) - 3
    title = doc.title.strip() if doc.title is not None else None
    for i, p in enumerate(paras):
        line = doc.text[p.start:p.end].strip()
        if p.kind == "table" or not line:
            continue
        is_title = i < 3 and line == title
        # short enough for a byline (subtitle, speaker, unit) among the first four, a signature among the last three
        byline_or_signature = i < 4 and len(line) <= 40 or i >= last and len(line) <= 30
        # tested in this order, each only when the ones before fail: the date and salutation patterns run on every
        # line, the punctuation search only on the few short lines near either end
        if is_title or _is_date_line(line) or _SALUTATION.fullmatch(line) is not None or (
                byline_or_signature and p.kind != "heading" and _PUNCTUATION.search(line) is None):
            out.append((p.start, p.end))
    return out
