"""Word (.docx): the body as a reviewer reads it, in document order.

The body XML is walked directly instead of through python-docx's ``Table.rows[i].cells``: that API repeats a
merged cell once per grid column and per merged row, which would double its text (and its theme mentions).
Walking ``w:tr/w:tc`` sees each physical cell once; vertical-merge continuation cells are skipped.

Kept out: headers, footers, footnotes and endnotes (other parts of the package, never reached from the body),
deleted revisions (``w:delText``), text boxes (often a 红头 or a decorative banner, and stored twice in
``mc:AlternateContent``). Each table row becomes one paragraph of kind ``table`` with its cells joined by a tab."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from analyzer.errors import CorruptFile, Encrypted, UnsupportedFormat, ZipBomb
from analyzer.model import Document
from analyzer.ingest.structure import build_document, heading_level

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CELL_SEP = "\t"
# An extreme ratio on a big member is a bomb even under the total limit (real document.xml compresses ~10x).
MAX_RATIO = 200
RATIO_MIN_BYTES = 10 * 1024 * 1024

_SKIP = {W + "delText", W + "txbxContent", MC + "Fallback", W + "footnoteReference", W + "endnoteReference",
         W + "instrText", W + "pPr", W + "rPr"}
_STYLE_LEVEL = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DTD_MSG = "Word 文档正文中含有 DTD 实体声明（Word 从不生成，疑似恶意构造的文件），已拒绝读取。"


def _parse_error_message(e: Exception) -> str:
    """lxml refuses entity bombs and absurd nesting itself (python-docx parses with resolve_entities=False);
    say so rather than calling the file damaged."""
    text = str(e)
    if "amplification" in text or "entity reference loop" in text.lower():
        return DTD_MSG
    if "Excessive depth" in text:
        return "Word 文档结构嵌套过深（超过 256 层，如表格层层嵌套），疑似异常构造，无法解析。"
    return f"Word 文档已损坏，无法解析（{type(e).__name__}）。"


def check_zip(data: bytes, *, name: str, limits) -> zipfile.ZipFile:
    """Open the package and refuse it before decompressing anything if it would inflate beyond the limit."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise Encrypted("Word 文档已加密（设置了打开密码），请去除密码后重新提交。", path=name)
        raise UnsupportedFormat("文件实为旧版 Word 格式（.doc），请在 Word/WPS 中“另存为” .docx 后再提交。", path=name)
    if data.startswith(b"%PDF"):
        raise CorruptFile("扩展名为 .docx，但内容是 PDF 文件，请改正扩展名后重新提交。", path=name)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise CorruptFile(f"不是有效的 Word（.docx）文件，可能已损坏或被截断（{e}）。", path=name) from None
    check_limits(infos, name=name, limits=limits)
    check_members(data, infos, name=name, limits=limits)
    if "word/document.xml" not in zf.namelist() and not any(n.endswith("document.xml") for n in zf.namelist()):
        raise CorruptFile("压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文件。", path=name)
    return zf


_LOCAL_HEADER = b"PK\x03\x04"
_INFLATE_CHUNK = 1 << 20


def check_members(data: bytes, infos, *, name: str, limits, kind: str = "文档") -> None:
    """Inflate every member in bounded chunks, counting the bytes it really gives, before any reader touches it.
    A member's declared size is what zipfile trusts: it inflates a whole member in one call of up to 2 GB and only
    then cuts it to that size, so a docx of 8.5 MB whose members declare small sizes took 2.1 GB. Here a member
    that gives far more than it declares (over twice, and over 1 MB more) or all members more than
    ``limits.max_unzipped_bytes`` are refused as a bomb as soon as the excess is seen, holding one chunk at a time;
    a little more than declared is damage (a flipped size field): ``corrupt_file``."""
    import struct
    import zlib
    view = memoryview(data)
    total = 0
    for info in infos:
        if info.is_dir() or info.flag_bits & 0x1:          # folders; encrypted members (the reader refuses them)
            continue
        at = info.header_offset
        if data[at:at + 4] != _LOCAL_HEADER:
            raise CorruptFile(f"{kind}内部件 {info.filename} 的位置记录有误，文件已损坏。", path=name)
        name_len, extra_len = struct.unpack("<HH", data[at + 26:at + 30])
        start = at + 30 + name_len + extra_len
        raw = view[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            real = len(raw)
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            d, real, chunk = zlib.decompressobj(-15), 0, raw
            bomb = max(2 * info.file_size, info.file_size + _INFLATE_CHUNK)   # beyond damage: a lie
            try:
                while chunk and not d.eof and real <= bomb:
                    real += len(d.decompress(chunk, _INFLATE_CHUNK))
                    chunk = d.unconsumed_tail
                if not d.eof and real <= bomb:
                    real += len(d.flush(_INFLATE_CHUNK))
            except zlib.error:
                raise CorruptFile(f"{kind}内部件 {info.filename} 的压缩数据已损坏。", path=name) from None
        else:
            raise UnsupportedFormat(f"{kind}内部件 {info.filename} 使用了不支持的压缩方式（{info.compress_type}）。",
                                    path=name)
        if info.file_size < real <= max(2 * info.file_size, info.file_size + _INFLATE_CHUNK):
            raise CorruptFile(f"{kind}内部件 {info.filename} 的大小与记录不符，文件已损坏。", path=name)
        if real > info.file_size:
            raise ZipBomb(f"{kind}内部件 {info.filename} 解压后超过其声明的大小（声明 {info.file_size:,} 字节），"
                          "疑似压缩炸弹，已拒绝读取。", path=name)
        total += real
        if total > limits.max_unzipped_bytes:
            raise ZipBomb(f"{kind}解压后超过上限 {limits.max_unzipped_bytes / 1048576:.0f} MB，疑似压缩炸弹，已拒绝读取。",
                          path=name)


def check_limits(infos, *, name: str, limits, kind: str = "文档") -> None:
    """Refuse a zip package (docx, OFD) that would inflate beyond the limit, before decompressing anything."""
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise ZipBomb(f"{kind}解压后达 {total / 1048576:.0f} MB，超过上限 {limits.max_unzipped_bytes / 1048576:.0f} MB，"
                      "疑似压缩炸弹，已拒绝读取。", path=name)
    for i in infos:
        if i.file_size > RATIO_MIN_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ZipBomb(f"{kind}内部件 {i.filename} 压缩比异常（{i.file_size // max(i.compress_size, 1)} 倍），"
                          "疑似压缩炸弹，已拒绝读取。", path=name)


def read_docx(data: bytes, *, name: str = "<docx>", limits=None) -> Document:
    from analyzer.ingest import DEFAULT_LIMITS
    limits = limits or DEFAULT_LIMITS
    check_zip(data, name=name, limits=limits)
    import docx
    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors, BadZipFile... for broken parts
        raise CorruptFile(_parse_error_message(e), path=name) from None
    if d.element.getroottree().docinfo.internalDTD is not None:
        # Word never writes a DTD; entities declared in one are an attack (XXE, billion laughs), never content
        raise CorruptFile(DTD_MSG, path=name)
    styles = _style_levels(d)
    blocks: list[tuple[str, str, int | None]] = []  # (text, kind, level)
    title = None
    for el in _body_blocks(d.element.body):
        if el.tag == W + "p":
            style = _style_id(el)
            for line in _para_text(el).split("\n"):
                line = line.strip(" \t\u3000")
                if not line:
                    continue
                level = styles.get(style)
                if level == 0:  # the Title style
                    title = title or line
                    blocks.append((line, "body", None))
                    continue
                if level is None:
                    level = heading_level(line)
                blocks.append((line, "heading" if level else "body", level))
        elif el.tag == W + "tbl":
            blocks.extend((row, "table", None) for row in _table_rows(el))
    parts, kinds, pos = [], [], 0
    for text, kind, level in blocks:
        parts.append(text)
        kinds.append((pos, pos + len(text), kind, level))
        pos += len(text) + 1
    doc = build_document("\n".join(parts), fmt="docx", kinds=kinds, title=title)
    if b"docProps/core.xml" in data:   # without it python-docx makes up default properties (modified: now)
        doc.meta_date, doc.meta_label = _core_date(d)
    return doc


def _core_date(d) -> tuple["dt.date | None", str | None]:
    """The last-saved date of the core properties, else the created date: weak evidence of when it was written."""
    try:
        props = d.core_properties
        for value, label in ((props.modified, "修改时间"), (props.created, "创建时间")):
            if value is not None and value.year >= 1990:
                return value.date(), f"Word 文档属性“{label}” {value.date().isoformat()}"
    except Exception:      # a malformed core.xml date is no reason to refuse the document
        pass
    return None, None


def _body_blocks(parent):
    """w:p and w:tbl children in order, descending into content controls and custom XML wrappers."""
    for el in parent:
        if el.tag in (W + "p", W + "tbl"):
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from _body_blocks(content)


def _para_text(p) -> str:
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _collect(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab" and el.tag == W + "r":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:
            _collect(child, out)


def _table_rows(tbl) -> list[str]:
    rows = []
    for tr in tbl.iter(W + "tr"):
        if _nearest(tr, W + "tbl") is not tbl:  # rows of nested tables are read inside their cell
            continue
        cells = []
        for tc in tr:
            if tc.tag == W + "sdt":
                content = tc.find(W + "sdtContent")
                tcs = list(content) if content is not None else []
            else:
                tcs = [tc]
            for c in tcs:
                if c.tag != W + "tc":
                    continue
                vmerge = c.find(f"{W}tcPr/{W}vMerge")
                if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                    continue  # continuation of a vertically merged cell: its text lives in the first one
                texts = [" ".join(_para_text(p).split()) for p in c.iter(W + "p")]
                cells.append(" ".join(t for t in texts if t))
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(CELL_SEP.join(cells))
    return rows


def _nearest(el, tag):
    el = el.getparent()
    while el is not None and el.tag != tag:
        el = el.getparent()
    return el


def _style_id(p) -> str | None:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(W + "val") if ps is not None else None


def _style_levels(d) -> dict[str, int]:
    """style id -> heading level (0 for Title), from style names (Heading 1 / 标题 1) or their outline level."""
    out: dict[str, int] = {}
    try:
        styles = d.styles.element
    except Exception:
        return out
    for st in styles.iter(W + "style"):
        sid = st.get(W + "styleId")
        name_el = st.find(W + "name")
        name = (name_el.get(W + "val") if name_el is not None else "") or ""
        m = _STYLE_LEVEL.match(name.strip()) or _STYLE_LEVEL.match(sid or "")
        if name.strip().lower() in ("title", "标题"):
            out[sid] = 0
        elif m and 1 <= int(m.group(1)) <= 9:
            out[sid] = int(m.group(1))
        else:
            ol = st.find(f"{W}pPr/{W}outlineLvl")
            if ol is not None and (ol.get(W + "val") or "").isdigit() and int(ol.get(W + "val")) < 9:
                out[sid] = int(ol.get(W + "val")) + 1
    return out
