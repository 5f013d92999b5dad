"""Each PDF page's content streams, decoded once, bounded and checked before pdfminer interprets the page.

A 98 KB PDF whose one page shows 6 M characters ran 170 s and took 9.7 GB in pdfminer before the character limit
(checked after extraction) could apply; a 1.5 MB Flate stream inflating to 1.5 GB took 3.1 GB. The reader calls
``PageContents.prepare`` for every page before pdfminer lays out the first: it decodes the page's content streams
itself, in bounded chunks, and hands the decoded bytes to pdfminer's stream objects (pdfminer then reads them
instead of decoding again: one pass, not a separate parse of the whole file first). A page or document over its
budget (content bytes, bytes of text strings shown) is refused as ``too_large`` before any character is built. The budgets are far above real
documents: a dense page of 公文 is 10–60 KB of content stream and shows ~1,000 characters.

Damage is noticed on the way: a Flate stream that fails mid-way or ends early, ASCII85 text with bytes outside
its alphabet. pdfminer keeps nothing of a Flate stream that fails mid-way (one flipped bit took a sample page from
~800 characters to none, reported as analysed); here the text before the damage is kept and the page is listed in
``damaged`` so the reader can warn that text may be missing."""
from __future__ import annotations

import re
import zlib
from base64 import a85decode

from analyzer.errors import TooLarge

MAX_PAGE_CONTENT = 1024 * 1024           # bytes of one page's (decoded) content streams
MAX_PAGE_SHOWN = 256 * 1024              # bytes inside one page's text strings (≈ characters shown; real: 1-10 K)
MAX_TOTAL_CONTENT = 256 * 1024 * 1024    # bytes of all pages' content streams
MAX_SHOWN_RATIO = 6                      # text-string bytes of all pages per byte of file, beyond the first 512 KB
SHOWN_FLOOR = 512 * 1024                 # (content is 3-6x the file in real PDFs, and strings are part of it)
_SMALL_PAGE = 4096                       # a page's content this small counts whole as shown (no numpy)
MAX_RATIO = 40                           # decoded content per byte of file, beyond the first 2 MB (real: 3-6)
RATIO_FLOOR = 2 * 1024 * 1024
_CHUNK = 1 << 20
_A85_JUNK = re.compile(rb"[^!-uz \t\r\n\f\0]")
_HEX_STRINGS = re.compile(rb"<[0-9A-Fa-f\s]*>")


class _Oversize(Exception):
    pass


def _inflate(raw: bytes, cap: int) -> tuple[bytes, bool]:
    """``raw`` inflated (memory: one chunk at a time beyond the output) and whether it was damaged; more than
    ``cap`` bytes raise ``_Oversize`` as soon as they are seen."""
    d = zlib.decompressobj()
    parts, size, data, damaged = [], 0, raw, False
    try:
        while data:
            out = d.decompress(data, _CHUNK)
            size += len(out)
            if size > cap:
                raise _Oversize
            parts.append(out)
            data = d.unconsumed_tail
            if d.eof:
                break
        if not d.eof:
            tail = d.flush()
            size += len(tail)
            if size > cap:
                raise _Oversize
            parts.append(tail)
            damaged = True               # the stream ends before its end marker: cut short
    except zlib.error:
        damaged = True                   # the text before the damage is kept
    return b"".join(parts), damaged


def _ascii85(raw: bytes) -> tuple[bytes, bool]:
    """ASCII85 as pdfminer reads it (markers stripped); on damage, the longest prefix that decodes."""
    from pdfminer.ascii85 import end_re, start_re
    text = end_re.sub(b"", start_re.sub(b"", raw))
    try:
        return a85decode(text), False
    except ValueError:
        pass
    text = _A85_JUNK.sub(b"", text)      # bytes outside the alphabet: a flipped bit
    lo, hi = 0, len(text)                # the longest decodable prefix (validity is monotonic in the length)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            a85decode(text[:mid])
            lo = mid
        except ValueError:
            hi = mid - 1
    return a85decode(text[:lo]), True


def _decode(stream, cap: int) -> tuple[bytes, bool] | None:
    """The stream's decoded bytes and whether it was damaged; None when pdfminer must decode it itself
    (predictors, image or unknown filters)."""
    from pdfminer.pdftypes import (LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE,
                                   LITERALS_LZW_DECODE, LITERALS_RUNLENGTH_DECODE)
    data = stream.rawdata
    if data is None:
        return None
    filters = stream.get_filters()
    if any(params and "Predictor" in params for _, params in filters):
        return None
    if stream.decipher:                   # as pdfminer does before its filters
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    damaged = False
    for f, _ in filters:
        if f in LITERALS_FLATE_DECODE:
            data, bad = _inflate(data, cap)
        elif f in LITERALS_ASCII85_DECODE:
            data, bad = _ascii85(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            from pdfminer.ascii85 import asciihexdecode
            data, bad = asciihexdecode(data), False
        elif f in LITERALS_LZW_DECODE:
            from pdfminer.lzw import lzwdecode
            data, bad = lzwdecode(data), False
        elif f in LITERALS_RUNLENGTH_DECODE:
            from pdfminer.runlength import rldecode
            data, bad = rldecode(data), False
        else:
            return None
        damaged = damaged or bad
        if len(data) > cap:
            raise _Oversize
    return data, damaged


def shown_bytes(data: bytes) -> int:
    """About how many bytes of text strings a content stream shows: bytes inside literal strings (nested
    parentheses as PDF nests them, escaped ones ignored, a stray ")" never below depth 0) plus half the digits of
    hex strings. Linear in the data (numpy), whatever parentheses an attacker writes."""
    import numpy as np
    plain = data.replace(b"\\\\", b"").replace(b"\\(", b"").replace(b"\\)", b"")
    a = np.frombuffer(plain, dtype=np.uint8)
    step = (a == 40).astype(np.int64) - (a == 41).astype(np.int64)
    depth = np.cumsum(step)
    depth -= np.minimum.accumulate(np.minimum(depth, 0))    # reflected at 0: depth = max(0, depth + step)
    inside = int(np.count_nonzero(depth > 0))
    return inside + sum(len(m) for m in _HEX_STRINGS.findall(data)) // 2


def _contents_lost(page) -> bool:
    """A page whose /Contents is missing or unreadable in a damaged way: the key present but naming nothing
    (a damaged cross-reference or object), or absent while a key one byte off it is there (a flipped bit). A page
    simply without /Contents is a blank page, not damage."""
    from pdfminer.pdftypes import resolve1
    attrs = page.attrs
    if "Contents" in attrs:
        try:
            return resolve1(attrs["Contents"]) is None
        except Exception:                # noqa: BLE001 — an object that cannot be parsed
            return True
    return _near_miss(attrs, "Contents")


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one character changed, added or removed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _near_miss(attrs: dict, key: str) -> bool:
    """A key one edit off ``key`` is there and ``key`` itself is not: a flipped, overwritten or lost byte."""
    return key not in attrs and any(isinstance(k, str) and _one_edit(k, key) for k in attrs)


def _streams(contents):
    from pdfminer.pdftypes import resolve1
    contents = resolve1(contents)
    if isinstance(contents, list):
        for c in contents:
            yield from _streams(c)
    elif contents is not None:
        yield contents


class PageContents:
    """The content budget of one PDF, page by page (``prepare`` before pdfminer lays the page out), and the pages
    whose streams were damaged (1-based, in ``damaged``)."""

    def __init__(self, size: int, *, name: str, per_page: int = MAX_PAGE_CONTENT, shown: int = MAX_PAGE_SHOWN,
                 total: int = MAX_TOTAL_CONTENT):
        self.name, self.per_page, self.shown, self.size = name, per_page, shown, size
        self.total = min(total, max(RATIO_FLOOR, MAX_RATIO * size))
        self.shown_total = max(SHOWN_FLOOR, MAX_SHOWN_RATIO * size)
        self.used, self.used_shown = 0, 0
        self.damaged: list[int] = []

    def prepare(self, number: int, page) -> None:
        """Decode page ``number``'s content streams (pdfminer's ``PDFPage``) into its stream objects, counting;
        raise ``TooLarge`` over a budget. A stream pdfminer alone can decode is left to it."""
        from pdfminer.pdftypes import PDFStream
        size, damaged, parts = 0, _contents_lost(page), []
        for stream in _streams(page.contents):
            if not isinstance(stream, PDFStream):
                damaged = True           # /Contents names something that is not a stream: a damaged object
                continue
            # a stream without /Length (required), or with /Filter misspelt (its bytes read undecoded): damaged
            damaged = damaged or "Length" not in stream.attrs or _near_miss(stream.attrs, "Filter")
            if stream.data is None:
                try:
                    got = _decode(stream, self.per_page - size)
                except _Oversize:
                    self._too_large_page(number)
                except Exception:        # noqa: BLE001 — a filter failing on damaged data: pdfminer decides
                    got = None
                if got is None:
                    continue
                stream.data, stream.rawdata = got[0], None
                damaged = damaged or got[1]
            size += len(stream.data)
            parts.append(stream.data)
            if size > self.per_page:
                self._too_large_page(number)
        # pdfminer builds ~2.4 KB and spends ~25 µs per character shown: a 1 MB page of one string took 2.4 GB,
        # sixteen 250 K pages of a 100 KB file would take 100 s
        shown = size if size <= _SMALL_PAGE else shown_bytes(b"\n".join(parts))
        if shown > self.shown:
            raise TooLarge(f"PDF 第 {number} 页要显示的文字异常多（超过 {self.shown // 1024} K 字节），可能是损坏或恶意"
                           "构造的文件，已拒绝读取。", path=self.name)
        self.used_shown += shown
        if self.used_shown > self.shown_total:
            raise TooLarge(f"PDF 要显示的文字超过 {self.shown_total // 1024} K 字节（文件本身 {self.size // 1024} K 字节），"
                           "与文件大小极不相称：可能是损坏或恶意构造的文件，已拒绝读取。", path=self.name)
        if damaged:
            self.damaged.append(number)
        self.used += size
        if self.used > self.total:
            raise TooLarge(f"PDF 的页面内容解压后超过 {self.total / 1048576:.0f} MB（文件本身 {self.size / 1048576:.1f} MB），"
                           "超出处理上限：可能是损坏或恶意构造的文件，或请拆分后分别提交。", path=self.name)

    def _too_large_page(self, number: int):
        raise TooLarge(f"PDF 第 {number} 页的内容异常庞大（解压后超过 {self.per_page / 1048576:.0f} MB），"
                       "可能是损坏或恶意构造的文件，已拒绝读取。", path=self.name)
