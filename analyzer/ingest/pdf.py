"""PDF with a text layer: characters -> lines -> whole paragraphs.

Both backends yield the same positioned characters, so the layout rules are written once:

- lines are rebuilt from character positions; a gap wider than about one character inside a line (table cells,
  tab stops) becomes a tab, as in the docx reader's table rows;
- running headers/footers are the first/last lines of a page whose text (digits ignored) recurs at the same
  height on most pages; page numbers ("— 3 —", "-3-", "第3页", "第 3 页 共 9 页", "3/9") are removed when they
  stand first or last on a page;
- rotated characters (diagonal watermarks) are dropped;
- wrapped lines are re-joined by the rules every format shares (``analyzer.ingest.rejoin``): a break is a
  paragraph break where the next line starts a paragraph (first-line indent, 公文 numbering, table row, wider
  gap, centred or right-aligned line) or the line ends a sentence short of the right edge; lines holding
  half-width digits or Latin that end short of the edge mid-sentence still join.

pdfplumber (pdfminer) is the default. pypdfium2 (PDFium) is much faster (see benchmarks/bench_ingest.py) and
selectable with ``backend="pypdfium2"``, but it silently drops a text-showing string made of the single
character 告 (bytes "TJ" in UCS-2) as reportlab writes it, so it is not trusted to read every character."""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass

from analyzer.ingest.pdf_limits import PageContents
from analyzer.errors import CorruptFile, Empty, Encrypted, NoTextLayer, TooLarge
from analyzer.model import Document
from analyzer.ingest.rejoin import Line as RLine, is_furniture, join_lines_at, uses_indents
from analyzer.ingest.structure import build_document, heading_level

NO_TEXT_MSG = "扫描件，没有文字层，请提供可复制文字的 PDF 或原始 Word 文件。"
NO_TEXT_OCR_MSG = "扫描件，没有文字层，文字识别（OCR）也未识别出文字（页面空白或过于模糊），请提供清晰的扫描件或原始 Word 文件。"
DAMAGED_MSG = "PDF 文件已损坏，页面无法解析，也没有可显示的内容，请重新获取原文件。"
NO_TEXT_OFF_MSG = "扫描件，没有文字层，而文字识别（OCR）已关闭（--no-ocr）；去掉 --no-ocr 即可识别，或提供可复制文字的文件。"

# pdfminer logs English warnings for every damaged stream (276 lines for one file); the reader's own typed
# errors are what a reviewer reads
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def read_pdf(data: bytes, *, name: str = "<pdf>", backend: str = "pdfplumber", max_pages: int = 3_000,
             limits=None) -> Document:
    """``limits.ocr`` (on by default): pages without a text layer are read by OCR (``analyzer.ingest.ocr``), a whole
    scan or single scanned pages among text pages; the Document's ``ocr`` says which pages."""
    if b"%%EOF" not in data[-4096:]:
        # pdfminer would silently recover what it can from a cut-off file; a reviewer must know text is missing
        raise CorruptFile("PDF 文件不完整（缺少文件结尾标记 %%EOF），可能在传输中被截断，请重新获取原文件。", path=name)
    if limits is not None:
        max_pages = limits.max_pages
    damaged: list[int] = []       # 1-based pages whose content streams were damaged: text may be missing
    if backend == "pypdfium2":
        pages = _chars_pdfium(data, name, max_pages)
    else:
        pages = _chars_pdfplumber(data, name, max_pages, damaged=damaged)
    rebuilt = False
    if pages and backend != "pypdfium2":
        more = _pdfium_page_count(data)
        if more > len(pages):
            # pdfminer lost pages to a damaged cross-reference table or page tree; PDFium rebuilds it
            damaged[:] = sorted(set(damaged) | set(range(len(pages) + 1, more + 1)))
            pages, rebuilt = _chars_pdfium(data, name, max_pages), True
    if not pages and re.search(rb"/Type\s*/Page\b", data):
        # a damaged cross-reference table hides every page from pdfminer; PDFium rebuilds it from the objects
        pages, rebuilt = _chars_pdfium(data, name, max_pages), True
    if not pages:
        raise Empty("PDF 文件没有任何页面。", path=name)
    scanned = _textless(pages)
    if scanned and backend != "pypdfium2" and not rebuilt:
        # a page pdfminer read nothing from may still hold a text layer PDFium can read (a damaged stream that
        # pdfminer drops whole): that text, not OCR of a text page (a damaged text PDF used to load the OCR engine)
        for i, chars in _chars_pdfium(data, name, max_pages, only=scanned, quiet=True):
            pages[i] = (chars, pages[i][1])
        scanned = _textless(pages)
    ocr_pages = []
    if scanned and limits is not None and limits.ocr:
        ocr_pages = _ocr_pages(data, scanned, name, limits)
        for i, page in ocr_pages:
            pages[i] = (page.chars, page.height)
        if len(scanned) == len(pages) and not any(chars for chars, _ in pages):
            if rebuilt or damaged:   # damaged pages with nothing to show: a damaged file, not a blank scan
                raise CorruptFile(DAMAGED_MSG, path=name)
            raise NoTextLayer(NO_TEXT_OCR_MSG, path=name)
    elif len(scanned) == len(pages):
        if damaged:
            raise CorruptFile(DAMAGED_MSG, path=name)
        raise NoTextLayer(NO_TEXT_MSG if limits is None else NO_TEXT_OFF_MSG, path=name)
    # --no-ocr: the scanned pages among text pages stay unread, and say so (with OCR on, a page left out is blank)
    unread = scanned if limits is None or not limits.ocr else []
    doc = document_from_pages(pages, fmt="pdf", ocr_pages=[(i + 1, p) for i, p in ocr_pages], unread=unread)
    doc.meta_date, doc.meta_label = info_date(data)
    if damaged:
        doc.damage = {"pages": damaged, **_damage_anchor(doc.text, pages, damaged[0] - 1)}
    return doc


def _damage_anchor(text: str, pages: list[tuple[list[Char], float]], index: int) -> dict:
    """Where a reviewer should look: the last line read from the first damaged page (the text breaks off after
    it), else the last line of an earlier page, else the first line of the document."""
    for i in range(min(index, len(pages) - 1), -1, -1):
        for line in reversed(_lines(pages[i][0], i)):
            at = text.find(line.text)
            if line.text.strip() and at >= 0:
                return {"start": at, "end": at + len(line.text)}
    first = text.split("\n", 1)[0]
    return {"start": 0, "end": max(1, len(first))}


def _pdfium_page_count(data: bytes) -> int:
    """How many pages PDFium finds (0 when it cannot open the file)."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


def _textless(pages: list[tuple[list[Char], float]]) -> list[int]:
    """Indices of the pages without a visible character."""
    return [i for i, (chars, _) in enumerate(pages) if not any(not c.text.isspace() for c in chars)]


def document_from_pages(pages: list[tuple[list[Char], float]], *, fmt: str, ocr_pages=(),
                        unread: list[int] = ()) -> Document:
    """Positioned characters of every page -> lines -> furniture dropped -> re-joined paragraphs -> Document
    (shared by the PDF, OFD and OCR readers). ``unread``: 0-based pages left unread (scans under ``--no-ocr``):
    no paragraph is joined across them, and the Document's ``unread_pages`` says where their text is missing."""
    page_lines = [_lines(chars, i) for i, (chars, _) in enumerate(pages)]
    heights = [h for _, h in pages]
    body = _drop_running(page_lines, heights)
    paragraphs, missing, line_pages, line_starts = [], [], [], []
    for gap, segment in _split_at(body, sorted(unread)):
        at = sum(len(p) + 1 for p in paragraphs)
        missing.extend((page + 1, at) for page in gap)
        joined, starts = _join(segment)
        paragraphs.extend(joined)
        line_pages.extend(ln.page for ln in segment)
        line_starts.extend(at + s for s in starts)
    text = "\n".join(paragraphs)
    kinds, pos = [], 0
    for p in paragraphs:
        level = None if "\t" in p else heading_level(p)
        kinds.append((pos, pos + len(p), "table" if "\t" in p else ("heading" if level else "body"), level))
        pos += len(p) + 1
    doc = build_document(text, fmt=fmt, kinds=kinds)
    doc.unread_pages = [(page, min(at, len(text))) for page, at in missing]
    doc.page_starts = page_starts(line_pages, line_starts, len(pages), len(text))
    if ocr_pages:
        from analyzer.ingest.ocr import ENGINE_NAME, low_confidence_spans
        doc.ocr = {"pages": [n for n, _ in ocr_pages], "engine": ENGINE_NAME,
                   "low_confidence": low_confidence_spans(text, list(ocr_pages))}
    return doc


def _split_at(body: list[Line], unread: list[int]) -> list[tuple[list[int], list[Line]]]:
    """Body lines cut where unread pages stand: [(gap, lines)], ``gap`` the unread pages (0-based) just before
    the segment (empty for the first); unread pages after the last line end the list with an empty segment."""
    out: list[tuple[list[int], list[Line]]] = [([], [])]
    k = 0
    for ln in body:
        gap = []
        while k < len(unread) and unread[k] < ln.page:
            gap.append(unread[k])
            k += 1
        if gap:
            out.append((gap, []))
        out[-1][1].append(ln)
    if k < len(unread):
        out.append((unread[k:], []))
    return out


def page_starts(line_pages: list[int], line_starts: list[int], n_pages: int, n_chars: int) -> list[int]:
    """Where each page starts in the text: the start of its first line kept (a paragraph running on from the
    page before starts a page mid-paragraph). A page left without text (blank, only furniture, or unread) starts
    where the next one does, so an offset is always on the last page starting at or before it."""
    first: dict[int, int] = {}
    for page, start in zip(line_pages, line_starts):
        first.setdefault(page, start)
    out = [0] * n_pages
    nxt = n_chars
    for i in range(n_pages - 1, -1, -1):
        nxt = first.get(i, nxt)
        out[i] = nxt
    if out:
        out[0] = 0
    return out


def _ocr_pages(data: bytes, indices: list[int], name: str, limits) -> list:
    """The scanned pages rendered by PDFium at ~150 dpi and read by OCR, in page coordinates (points)."""
    import pypdfium2 as pdfium

    from analyzer.ingest.ocr import Budget, Progress, TARGET_DPI, is_blank, recognise
    budget, progress = Budget(limits, name), Progress(len(indices), name)
    out = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return out                      # nothing to render: the caller reports the file
    try:
        for k, i in enumerate(indices, 1):
            budget.page()
            progress.step(k)
            page = pdf[i]
            w, h = page.get_size()
            scale = TARGET_DPI / 72
            if w * h * scale * scale > limits.ocr_max_pixels:
                scale = (limits.ocr_max_pixels / (w * h)) ** 0.5
            img = page.render(scale=scale).to_pil()
            if is_blank(img):           # nothing drawn (a damaged page, an empty one): no engine, no 300 MB
                continue
            out.append((i, recognise(img, page_height_pt=h)))
    finally:
        progress.done()
        pdf.close()
    return out


_INFO_DATE = re.compile(rb"/(ModDate|CreationDate)\s*\(\s*D:(\d{4})(\d{2})(\d{2})")


def info_date(data: bytes) -> tuple[dt.date | None, str | None]:
    """The PDF info dictionary's ModDate, else CreationDate (weak evidence of when the text was written). Read
    from the raw bytes: the info dictionary sits in the trailer, outside compressed object streams."""
    found: dict[bytes, dt.date] = {}
    for m in _INFO_DATE.finditer(data):
        try:
            d = dt.date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
        if d.year >= 1990:
            found[m.group(1)] = d
    for key, label in ((b"ModDate", "修改时间"), (b"CreationDate", "创建时间")):
        if key in found:
            return found[key], f"PDF 文档信息“{label}” {found[key].isoformat()}"
    return None, None


# ------------------------------------------------------------------ backends

def _too_many(n: int, max_pages: int, name: str) -> None:
    """Checked before any page is read: a 10,000-page PDF would hold a worker for minutes."""
    if n > max_pages:
        raise TooLarge(f"PDF 共 {n} 页，超过单个文件上限 {max_pages} 页，请拆分后分别提交。", path=name)


def _chars_pdfium(data: bytes, name: str, max_pages: int = 3_000, *, only: list[int] | None = None,
                  quiet: bool = False):
    """Every page's characters and height; with ``only``, (index, characters) of those pages (``quiet``: a file
    PDFium cannot open, or a page it cannot load, yields nothing instead of raising)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if quiet:
            return []
        msg = str(e).lower()
        if "password" in msg:
            raise Encrypted("PDF 已加密（需要密码），请提供未加密的文件。", path=name) from None
        raise CorruptFile(f"PDF 文件已损坏或被截断，无法打开（{e}）。", path=name) from None
    out = []
    try:
        _too_many(len(pdf), max_pages, name)
        for index in (range(len(pdf)) if only is None else only):
            try:
                page = pdf[index]
            except (pdfium.PdfiumError, IndexError):
                if quiet:
                    continue
                raise
            w, h = page.get_size()
            tp = page.get_textpage()
            chars = []
            for i in range(tp.count_chars()):
                if raw.FPDFText_IsGenerated(tp.raw, i):
                    continue
                u = raw.FPDFText_GetUnicode(tp.raw, i)
                if u in (0, 0xFFFE, 0xFFFF, 10, 13, 2):
                    continue
                if abs(raw.FPDFText_GetCharAngle(tp.raw, i)) > 0.01:
                    continue  # rotated: a diagonal watermark or a margin note, not body text
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                size = raw.FPDFText_GetFontSize(tp.raw, i) or (top - bottom)
                chars.append(Char(chr(u), left, right, h - top, h - bottom, size))
            if only is None:
                out.append((chars, h))
            elif any(not c.text.isspace() for c in chars):
                out.append((index, chars))
    finally:
        pdf.close()
    return out


def _chars_pdfplumber(data: bytes, name: str, max_pages: int = 3_000, *,
                      damaged: list[int] | None = None) -> list[tuple[list[Char], float]]:
    """Every page's characters and height. Every page's content streams are decoded, bounded and counted before
    pdfminer lays out any page, and pdfminer reads those decoded bytes (``PageContents``: bombs cost seconds,
    not gigabytes, and nothing is inflated twice); the pages whose streams were damaged are added to
    ``damaged``. A page's layout is let go once its characters are taken."""
    import io

    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException
    contents = PageContents(len(data), name=name)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _too_many(len(pdf.pages), max_pages, name)
            for number, p in enumerate(pdf.pages, start=1):     # every page within budget before any is read
                contents.prepare(number, p.page_obj)
            out = []
            for p in pdf.pages:
                out.append(([Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or 0.0)
                             for c in p.chars if c["text"] and c["text"] not in "\r\n" and c.get("upright", True)
                             and _unrotated(c.get("matrix"))], float(p.height)))
                p.close()
            if damaged is not None:
                damaged.extend(contents.damaged)
            return out
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        name_ = type(cause).__name__
        if "Password" in name_ or "Encrypt" in name_ or "password" in str(cause).lower():
            raise Encrypted("PDF 已加密（需要密码），请提供未加密的文件。", path=name) from None
        raise CorruptFile(f"PDF 文件已损坏或被截断，无法解析（{name_}）。", path=name) from None
    except TooLarge:
        raise
    except Exception as e:  # pdfminer raises assorted errors (PSEOF, KeyError, TypeError) on damaged streams
        raise CorruptFile(f"PDF 文件已损坏或被截断，无法解析（{type(e).__name__}）。", path=name) from None


def _unrotated(matrix) -> bool:
    """Text drawn at an angle (a diagonal "内部资料" watermark) is not body text."""
    return not matrix or (abs(matrix[1]) < 1e-6 and abs(matrix[2]) < 1e-6)


# ------------------------------------------------------------------ layout

def _is_cjk(ch: str) -> bool:
    return ch > "\u2e80"


def _lines(chars: list[Char], page: int) -> list[Line]:
    """Cluster characters by vertical centre, then read each cluster left to right."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        mid = (c.top + c.bottom) / 2
        if lines:
            last = lines[-1]
            lmid = (last[0].top + last[0].bottom) / 2
            if abs(mid - lmid) <= 0.4 * max(last[0].size, c.size, 1.0):
                last.append(c)
                continue
        lines.append([c])
    out = []
    for cs in lines:
        cs.sort(key=lambda c: c.x0)
        size = Counter(round(c.size, 1) for c in cs).most_common(1)[0][0] or 10.0
        parts: list[str] = []
        prev = None
        for c in cs:
            if prev is not None:
                gap = c.x0 - prev.x1
                if gap > 0.9 * size:
                    parts.append("\t")
                elif gap > 0.15 * size and not (_is_cjk(prev.text) or _is_cjk(c.text)) \
                        and not prev.text.isspace() and not c.text.isspace():
                    parts.append(" ")
            parts.append(c.text)
            prev = c
        text = "".join(parts)
        text = re.sub(r"[ \t\u3000]*\t[ \t\u3000]*", "\t", text).strip(" \t")
        if text:
            out.append(Line(text, cs[0].x0, cs[-1].x1, min(c.top for c in cs), max(c.bottom for c in cs), size, page))
    return out


def _drop_running(page_lines: list[list[Line]], heights: list[float]) -> list[Line]:
    """Remove page numbers, separator lines and running headers/footers (the outer two lines of a page that recur
    at the same height on most pages). A page's only line is never taken for a running header: a document with
    one line per page must not come out empty."""
    n = len(page_lines)
    key = lambda ln: (re.sub(r"\d+", "#", ln.text.replace(" ", "")), round(ln.top / 4))  # noqa: E731
    counts: Counter = Counter()
    for lines in page_lines:
        counts.update({key(ln) for ln in lines[:2] + lines[-2:]})
    need = max(2, (n + 1) // 2)
    body = []
    for lines in page_lines:
        edge = {id(ln) for ln in lines[:2] + lines[-2:]}
        content = [ln for ln in lines if not is_furniture(ln.text)]
        for ln in lines:
            if is_furniture(ln.text) and (id(ln) in edge or not ln.text.strip().isdigit()):
                continue
            if id(ln) in edge and n >= 2 and counts[key(ln)] >= need and len(content) > 1:
                continue
            body.append(ln)
    return body


def _join(lines: list[Line]) -> tuple[list[str], list[int]]:
    """The page's lines measured against the text column (left edge, right edge, font size) and re-joined by
    the rules every format shares (``analyzer.ingest.rejoin``); with where each line starts in the text."""
    if not lines:
        return [], []
    long_lines = [ln for ln in lines if len(ln.text) >= 10 and "\t" not in ln.text]
    ref = long_lines or lines
    left = Counter(round(ln.x0) for ln in ref).most_common(1)[0][0]
    right = max(x for x, _ in Counter(round(ln.x1) for ln in ref).most_common(3))  # ragged right: the widest
    size = Counter(round(ln.size, 1) for ln in ref).most_common(1)[0][0] or 10.0
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.top]
    step = Counter(round(s) for s in steps).most_common(1)[0][0] if steps else 2 * size
    measured: list[RLine] = []
    prev = None
    for ln in lines:
        em = ln.size if 0.6 * size <= ln.size <= 1.6 * size else size
        gap = prev is not None and prev.page == ln.page and ln.top - prev.top > step * 1.4
        title = (prev is not None and prev.size == ln.size and ln.size > 1.15 * size and prev.page == ln.page
                 and ln.top - prev.top < 2 * ln.size)  # a title in a large font wrapped over two centred lines
        measured.append(RLine(ln.text, indent=(ln.x0 - left) / em, slack=(right - ln.x1) / em,
                              gap_before=gap and not title, joins_previous=title))
        prev = ln
    return join_lines_at(measured, uses_indent=uses_indents([m.indent for m in measured if len(m.text) >= 10
                                                             and "\t" not in m.text]))
