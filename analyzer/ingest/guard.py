"""The readers' boundary: whatever a damaged or hostile file makes a parser do, the caller gets a Document or a
typed ``IngestError`` with a Chinese message — never a raw exception (a docx with the wrong ``w:`` namespace or no
``w:body`` used to end as ``internal_error`` in ``check``, a traceback in ``extract`` and ``suggest``, and lost the
whole ``reuse`` run).

Text is also made valid: a PDF's fallback reader can yield lone surrogates (U+D800–U+DFFF), which no encoder
accepts; each becomes U+FFFD, one character for one, so offsets stay valid."""
from __future__ import annotations

import functools
import re

from analyzer.errors import CorruptFile, IngestError, TooLarge
from analyzer.kernels.surrogates import has_surrogate

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_surrogates(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if has_surrogate(text) else text


def typed_reader_errors(read):
    """Wrap a reader ``(data, suffix, *, name, ...) -> Document``."""
    @functools.wraps(read)
    def wrapper(data, suffix, *args, name: str = "<upload>", **kw):
        try:
            doc = read(data, suffix, *args, name=name, **kw)
        except IngestError:
            raise
        except (MemoryError, RecursionError):
            raise TooLarge("文件结构过于庞大或嵌套过深，超出处理上限，无法读取。", path=name) from None
        except Exception as e:   # noqa: BLE001 — the boundary: any parser failure is a damaged file to the reviewer
            raise CorruptFile(f"文件已损坏或结构异常，无法读取（{type(e).__name__}）。请用原程序重新保存后再提交。",
                              path=name) from None
        cleaned = clean_surrogates(doc.text)
        if cleaned is not doc.text:
            doc.text = cleaned
        return doc
    return wrapper
