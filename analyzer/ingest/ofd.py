"""OFD (GB/T 33190-2016, the national fixed-layout e-document format): a zip of XML. ``OFD.xml`` names each
document's root (``DocBody/DocRoot``, e.g. ``Doc_0/Document.xml``); the document lists its pages
(``Pages/Page@BaseLoc``), each page's ``Content.xml`` holds layers of ``TextObject`` elements (``Boundary`` in mm,
``Size`` the font size) with ``TextCode`` runs (``X``/``Y`` the baseline origin inside the boundary, ``DeltaX`` the
advances between glyphs, where ``g N d`` repeats ``d`` N times).

Each glyph gets its position on the page and the PDF reader's layout takes over: lines from positions, running
headers and page numbers dropped, wrapped lines re-joined (``analyzer.ingest.rejoin``). Templates (``Template``
pages: letterheads, backgrounds) and annotations are left out, as a docx's headers are. The package is checked
like a .docx (zip bomb, total size, compression ratio) and every XML part is parsed without DTDs or entities."""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from analyzer.errors import CorruptFile, Encrypted, Empty, TooLarge, ZipBomb
from analyzer.model import Document
from analyzer.ingest.pdf import Char, document_from_pages

NS = "http://www.ofdspec.org/2016"
DTD_MSG = "OFD 文件中含有 DTD 实体声明（OFD 从不需要，疑似恶意构造的文件），已拒绝读取。"


def _parser():
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True)


def _parse(zf: zipfile.ZipFile, member: str, name: str):
    from lxml import etree
    try:
        raw = zf.read(member)
    except KeyError:
        raise CorruptFile(f"OFD 文件缺少部件 {member}，文件不完整。", path=name) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        raise CorruptFile(f"OFD 文件已损坏，无法解压部件 {member}（{e}）。", path=name) from None
    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw[:65536]:
        raise CorruptFile(DTD_MSG, path=name)
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as e:
        raise CorruptFile(f"OFD 部件 {member} 不是有效的 XML，文件已损坏（{e}）。", path=name) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise CorruptFile(DTD_MSG, path=name)
    return root


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _children(el, local: str):
    return [c for c in el.iter() if _local(c) == local]


def open_package(data: bytes, *, name: str, limits) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise CorruptFile(f"不是有效的 OFD 文件（OFD 应为 zip 包），可能已损坏或被截断（{e}）。", path=name) from None
    from analyzer.ingest.docx import check_limits, check_members
    check_limits(infos, name=name, limits=limits, kind="OFD 文件")
    check_members(data, infos, name=name, limits=limits, kind="OFD 文件")
    return zf


def read_ofd(data: bytes, *, name: str = "<ofd>", limits=None) -> Document:
    from analyzer.ingest import DEFAULT_LIMITS
    limits = limits or DEFAULT_LIMITS
    zf = open_package(data, name=name, limits=limits)
    names = set(zf.namelist())
    entry = next((n for n in names if n.lower() == "ofd.xml"), None)
    if entry is None:
        raise CorruptFile("压缩包中没有 OFD.xml，不是有效的 OFD 文件。", path=name)
    root = _parse(zf, entry, name)
    if any(_local(e) == "Encryptions" for e in root.iter()):
        raise Encrypted("OFD 文件已加密，请提供未加密的文件。", path=name)
    doc_roots = [(e.text or "").strip().lstrip("/") for e in _children(root, "DocRoot")]
    if not doc_roots:
        raise CorruptFile("OFD.xml 中没有文档入口（DocRoot），文件不完整。", path=name)
    pages: list[tuple[list[Char], float]] = []
    for doc_root in doc_roots[:1]:  # the first document of the package: the body (later ones are attachments)
        document = _parse(zf, doc_root, name)
        base = posixpath.dirname(doc_root)
        height = _page_height(document)
        page_els = _children(document, "Page")
        page_els = [p for p in page_els if p.get("BaseLoc") and _local(p.getparent()) == "Pages"]
        if len(page_els) > limits.max_pages:
            raise TooLarge(f"OFD 共 {len(page_els)} 页，超过单个文件上限 {limits.max_pages} 页，请拆分后分别提交。",
                           path=name)
        for p in page_els:
            loc = _resolve(base, p.get("BaseLoc"), names)
            pages.append((_page_chars(_parse(zf, loc, name)), height))
    if not pages:
        raise Empty("OFD 文件没有任何页面。", path=name)
    if not any(chars for chars, _ in pages):
        raise Empty("OFD 文件中没有文字（可能是扫描件），无法分析。", path=name)
    return document_from_pages(pages, fmt="ofd")


def _resolve(base: str, loc: str, names: set[str]) -> str:
    loc = loc.strip()
    if loc.startswith("/"):
        return loc.lstrip("/")
    joined = posixpath.normpath(posixpath.join(base, loc))
    return joined if joined in names or not base else joined


def _page_height(document) -> float:
    for el in document.iter():
        if _local(el) == "PhysicalBox" and el.text:
            nums = _floats(el.text)
            if len(nums) == 4:
                return nums[3]
    return 297.0


def _floats(text: str) -> list[float]:
    try:
        return [float(x) for x in text.split()]
    except ValueError:
        return []


def _deltas(text: str | None, n: int, default: float) -> list[float]:
    """``DeltaX`` → n-1 advances; "g 3 5.2" stands for 5.2 5.2 5.2."""
    out: list[float] = []
    toks = (text or "").split()
    i = 0
    while i < len(toks) and len(out) < n:
        if toks[i] == "g" and i + 2 < len(toks):
            try:
                out.extend([float(toks[i + 2])] * int(float(toks[i + 1])))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(toks[i]))
        except ValueError:
            pass
        i += 1
    while len(out) < n:
        out.append(out[-1] if out else default)
    return out[:n]


def _page_chars(page) -> list[Char]:
    chars: list[Char] = []
    for obj in page.iter():
        if _local(obj) != "TextObject":
            continue
        box = _floats(obj.get("Boundary", "")) or [0.0, 0.0, 0.0, 0.0]
        bx, by = box[0], box[1]
        try:
            size = float(obj.get("Size", "3.5"))
        except ValueError:
            size = 3.5
        ctm = _floats(obj.get("CTM", ""))
        if len(ctm) == 6 and (abs(ctm[1]) > 1e-6 or abs(ctm[2]) > 1e-6):
            continue  # rotated text: a watermark, as in the PDF reader
        x = y = 0.0
        for code in obj:
            if _local(code) != "TextCode" or not code.text:
                continue
            text = re.sub(r"[\r\n]", "", code.text)
            try:
                x = float(code.get("X", x))
                y = float(code.get("Y", y))
            except ValueError:
                pass
            adv = _deltas(code.get("DeltaX"), len(text), size)
            cx = bx + x
            for k, ch in enumerate(text):
                width = adv[k] if k < len(adv) and k < len(text) - 1 else (size if ord(ch) > 0x2e80 else size / 2)
                chars.append(Char(ch, cx, cx + min(width, size), by + y - size * 0.88, by + y + size * 0.12, size))
                cx += adv[k] if k < len(text) - 1 else width
    return chars
