"""Hollowness (空话套话): a score 0..1 per sentence (1 = hollow), a label, and the reasons a writer can act on.

The pieces, one job each: ``features`` (the readable features of every sentence, from ``analyzer.text.facts`` and
the phrase lexicon), ``model`` (the fitted score model), ``reasons`` (structured reasons and their Chinese),
``paragraphs`` (document score, paragraph views, framing lines), ``metrics`` (calibration). This module puts them
together: ``score_sentences`` for any text, ``run`` for a Document (the analysis table's entry).

Headings are scored and labelled by the same model (a heading made of stock phrases is hollow, one with a year
or a named object is not), but the document score counts body text only: headings are slogans by the genre's
convention and would otherwise dominate short documents."""
from __future__ import annotations

from analyzer.analyses.hollowness import features as hf
from analyzer.analyses.hollowness.model import HollowModel, Label, load_model
from analyzer.analyses.hollowness.paragraphs import document_score, meta_paragraphs
from analyzer.analyses.hollowness.reasons import bare_self_criticism, reasons_all, render
from analyzer.lexicon import Lexicon
from analyzer.model import Document, Hollowness, SentenceScore
from analyzer.options import Options
from analyzer.text.normalize import sentence_spans


def score_sentences(text: str, lexicon: Lexicon, *, spans: list[tuple[int, int]] | None = None,
                    profile: str = "general", model: HollowModel | None = None) -> list[SentenceScore]:
    """Every sentence of ``text`` (``sentence_spans``), in order, with its score, label and reasons."""
    import numpy as np
    model = model or load_model()
    cols = hf.extract_columns(text, lexicon, spans)
    if cols is None:
        return []
    X = cols.X
    word_ids = None
    if model.words is not None:
        words = cols.groups["words"]
        word_ids = (model.words.rows(cols.vocab, cols.word_ids) if cols.vocab is not None
                    else model.words.ids(words.items))
        X = np.column_stack([X, model.words.score_groups(words, word_ids)])
    scores = model.score_matrix(X)
    self_review = profile == "self-review"
    bare = bare_self_criticism(cols)
    if self_review:
        # Document-type rule on top of the model: in 对照检查材料 a stock deficit with no example is hollow.
        scores = np.where(bare & (scores < model.hollow_from), model.hollow_from, scores)
    codes = model.labels_of(scores).tolist()
    labels: list[Label] = [("concrete", "mixed", "hollow")[c] for c in codes]
    reasons = reasons_all(cols, labels, self_review=self_review, model=model, word_ids=word_ids, bare=bare)
    return [SentenceScore(s, e, text[s:e], sc, label, render(r), r)
            for (s, e), sc, label, r in zip(cols.spans, scores.tolist(), labels, reasons)]


def run(doc: Document, lexicon: Lexicon, options: Options) -> Hollowness:
    sentences = score_sentences(doc.text, lexicon, spans=sentence_spans(doc.text), profile=options.profile)
    meta = meta_paragraphs(doc)
    if meta:
        j = 0
        for i, sent in enumerate(sentences):
            while j < len(meta) and meta[j][1] <= sent.start:
                j += 1
            if j < len(meta) and meta[j][0] <= sent.start < meta[j][1]:
                sentences[i] = SentenceScore(sent.start, sent.end, sent.text, 0.0, "concrete", [])
    return Hollowness(score=document_score(doc, sentences, exclude=meta), sentences=sentences)
