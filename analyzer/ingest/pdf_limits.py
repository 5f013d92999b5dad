"""Limits a PDF must meet before any text is extracted. A 98 KB PDF whose one page shows 6 M characters ran 170 s
and took 9.7 GB in pdfminer before the character limit (checked after extraction) could apply; a 1.5 MB Flate
stream inflating to 1.5 GB took 3.1 GB. Here each page's content streams are inflated in bounded chunks, counting
bytes and keeping none, and a page or document over its budget is refused as ``too_large`` in a fraction of a
second. The budgets are far above real documents: a dense page of 公文 is 10–60 KB of content stream."""
from __future__ import annotations

import io
import zlib

from analyzer.errors import TooLarge

MAX_PAGE_CONTENT = 1024 * 1024           # bytes of one page's (inflated) content streams
MAX_TOTAL_CONTENT = 256 * 1024 * 1024    # bytes of all pages' content streams
MAX_RATIO = 40                           # inflated content per byte of file, beyond the first 2 MB (real: 3-6)
RATIO_FLOOR = 2 * 1024 * 1024
_CHUNK = 1 << 20


def _inflated_size(raw: bytes, cap: int) -> int:
    """Size of ``raw`` inflated, counting up to just past ``cap`` (memory: one chunk at a time)."""
    d = zlib.decompressobj()
    size, data = 0, raw
    try:
        while data and size <= cap:
            out = d.decompress(data, _CHUNK)
            size += len(out)
            data = d.unconsumed_tail
        if size <= cap:
            size += len(d.flush())
    except zlib.error:
        pass                                # damaged: the reader decides what it can still read
    return size


def _streams(contents):
    from pdfminer.pdftypes import resolve1
    contents = resolve1(contents)
    if isinstance(contents, list):
        for c in contents:
            yield from _streams(c)
    elif contents is not None:
        yield contents


def check_content_budget(data: bytes, *, name: str, per_page: int = MAX_PAGE_CONTENT,
                         total: int = MAX_TOTAL_CONTENT) -> None:
    """Raise ``TooLarge`` when a page's content streams inflate past ``per_page`` bytes or all pages' past
    ``total`` (and past ``MAX_RATIO`` times the file's size: a zip-bomb ratio). A file pdfminer cannot even parse is left to the reader's own typed errors."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = PDFPage.create_pages(doc)
    except Exception:                       # noqa: BLE001 — damaged or encrypted: the reader reports it
        return
    used = 0
    total = min(total, max(RATIO_FLOOR, MAX_RATIO * len(data)))
    try:
        for number, page in enumerate(pages, start=1):
            size = 0
            for stream in _streams(page.attrs.get("Contents")):
                if not isinstance(stream, PDFStream):
                    continue
                filters = resolve1(stream.attrs.get("Filter"))
                filters = filters if isinstance(filters, list) else [filters] if filters else []
                names = [getattr(f, "name", f) for f in filters]
                raw = stream.rawdata or b""
                if names and names[0] in ("FlateDecode", "Fl"):
                    size += _inflated_size(raw, per_page - size)
                else:
                    size += len(raw)
                if size > per_page:
                    raise TooLarge(f"PDF 第 {number} 页的内容异常庞大（解压后超过 {per_page / 1048576:.0f} MB），"
                                   "可能是损坏或恶意构造的文件，已拒绝读取。", path=name)
            used += size
            if used > total:
                raise TooLarge(f"PDF 的页面内容解压后超过 {total / 1048576:.0f} MB（文件本身 {len(data) / 1048576:.1f} MB），"
                               "超出处理上限：可能是损坏或恶意构造的文件，或请拆分后分别提交。", path=name)
    except TooLarge:
        raise
    except Exception:                       # noqa: BLE001 — a page tree pdfminer cannot walk: the reader decides
        return
