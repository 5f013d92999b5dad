"""shengao as a spaCy pipeline component, for users whose tooling already speaks spaCy.

Importing this module registers the factory ``"shengao"``::

    import spacy
    import analyzer.spacy_component  # noqa: F401  (registers "shengao")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("shengao", config={"profile": "annual-summary", "as_of": "2024-03-01"})
    doc = nlp(text)
    doc.spans["shengao_findings"], doc.spans["shengao_themes"], doc.spans["shengao_hollow"], doc._.shengao

The analyses run on ``doc.text`` exactly as ``analyzer.analyze(text=...)`` does; spaCy's tokens are used only to
anchor the results (``alignment_mode="expand"``: a span grows to whole tokens, so with the character segmenter it
is exact and with jieba it may include a few neighbouring characters). This is the only module that imports spaCy:
the CLI never does, because spaCy's Chinese tokenizer is slow on long texts."""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from analyzer.lexicon import Lexicon, default_lexicon
from analyzer.model import Report
from analyzer.pipeline import analyze

FINDINGS, THEMES, HOLLOW = "shengao_findings", "shengao_themes", "shengao_hollow"

if not Doc.has_extension("shengao"):
    Doc.set_extension("shengao", default=None)


class ShengaoComponent:
    def __init__(self, name: str = "shengao", profile: str | None = None, as_of: str | None = None,
                 lexicon: Lexicon | None = None):
        self.name = name
        self.profile = profile
        self.as_of = as_of
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        # spaCy keeps \r; the readers turn \r\n into \n. Same-length substitutes keep every offset valid.
        text = doc.text.replace("\r\n", " \n").replace("\r", "\n")
        report = analyze(text=text, profile=self.profile, as_of=self.as_of, lexicon=self.lexicon, rejoin=False)
        doc._.shengao = report
        doc.spans[FINDINGS] = aligned_spans(doc, ((f.start, f.end, f.rule) for f in report.findings))
        doc.spans[THEMES] = aligned_spans(doc, ((e.start, e.end, t.id) for t in report.coverage.themes
                                                for e in t.evidence))
        doc.spans[HOLLOW] = aligned_spans(doc, ((s.start, s.end, "hollow") for s in report.hollowness.sentences
                                                if s.label == "hollow"))
        return doc


def aligned_spans(doc: Doc, items: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Character ranges -> token spans, widened to token boundaries; a range of only whitespace is dropped."""
    out = []
    for start, end, label in items:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and len(span):
            out.append(span)
    return out


def report_of(doc: Doc) -> Report | None:
    return doc._.shengao


@Language.factory("shengao", assigns=["doc.spans"], default_config={"profile": None, "as_of": None})
def make_shengao(nlp: Language, name: str, profile: str | None, as_of: str | None) -> ShengaoComponent:
    return ShengaoComponent(name, profile=profile, as_of=as_of)
