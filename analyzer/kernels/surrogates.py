"""Whether a text holds a lone surrogate (U+D800–U+DFFF), by encoding it instead of a regex scan.

Plain equivalent: ``re.search("[\\ud800-\\udfff]", text) is not None`` (``analyzer.ingest.guard``, the phrase
matcher and ``analyzer.kernels.spaced_forms`` each asked it of every document, the normalised and the squeezed
text too). The regex tests each character against its class (~7 ns a character, 1.5 % of a corpus check for the
three); UTF-32 encodes every code point but a surrogate, and its encoder is a widening copy (< 1 ns a character).
``tests/kernels/test_surrogates.py`` compares the two."""
from __future__ import annotations


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate."""
    if text.isascii():
        return False
    try:
        text.encode("utf-32-le")
    except UnicodeEncodeError:      # the one character UTF-32 cannot encode
        return True
    return False
