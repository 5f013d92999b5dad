"""Text as characters: offset-keeping normalisation, sentences, facts in a sentence (facts.py), phrase matching,
segmentation.

Depends only on the model and the standard library (plus rjieba/numpy where named); knows nothing of lexicon files."""
from analyzer.text.normalize import normalize, sentence_spans, squeeze, unsqueeze

__all__ = ["normalize", "sentence_spans", "squeeze", "unsqueeze"]
