"""Texts the kernel tests run on: real files (the project's samples, every format; the reference corpus when present)
and generated edge cases (empty, characters beyond the BMP, lone surrogates, separators, line breaks)."""
from __future__ import annotations

import random

from conftest import SAMPLES, corpus_files


def sample_texts() -> list[tuple[str, str]]:
    """(name, extracted text) of every file in data/samples/ the analyzer reads."""
    from analyzer.ingest import iter_input_files, read_document
    return [(p.name, read_document(p).text) for p in iter_input_files([SAMPLES]) if not p.name.startswith("README")]


def corpus_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text("utf-8")) for p in corpus_files()]


# Characters the kernels treat specially or could get wrong: full-width forms, quote styles and their full-width
# twins, traditional characters, spaces of every kind, sentence ends, list separators, characters beyond the BMP
# (one code point, two UTF-16 units), lone surrogates, NUL, the last code point.
EDGE_ALPHABET = ("党建ab１Ａ，、；：！？。…“”‘’「」『』＂＇\"' \t\n\r\u3000\u00a0\u2028\u0085臺灣發展"
                 "《》（）以和及与并又\U00020000😀\ud800\udfff\x00\U0010ffff")


def edge_texts(seed: int, count: int, longest: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["", " ", "\ud800", "😀", "\U00020000党", "“”", "、、、", "\n\n"]
    texts += ["".join(rng.choice(EDGE_ALPHABET) for _ in range(rng.randint(0, longest))) for _ in range(count)]
    return texts
