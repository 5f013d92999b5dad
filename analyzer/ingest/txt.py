"""Plain text and Markdown: encoding detection (UTF-8 with/without BOM, UTF-16 with BOM or by its zero bytes,
GB18030/GBK), line endings normalised. Binary files (a renamed PDF, Word file or image) are refused rather than
decoded into noise: GB18030 accepts almost any byte sequence, so decoding success alone proves nothing.

Real files are messier than one encoding: a UTF-8 paragraph pasted into a GBK file, a byte damaged in transit, a
UTF-16 export with no BOM and no ASCII at all. Such files are still read (line by line in their dominant encoding, a
damaged byte shown as U+FFFD) as long as the damage is small; stray control characters (NUL) become spaces so the
text keeps its length and no renderer (Excel refuses NUL) chokes on it.

Text saved or pasted from a PDF with a hard break at every line end is re-joined into paragraphs
(``analyzer.ingest.rejoin``), so a line end does not cut a sentence in two; the Document holds the re-joined text."""
from __future__ import annotations

import re

from analyzer.errors import BadEncoding
from analyzer.model import Document
from analyzer.ingest.rejoin import rejoin_text
from analyzer.ingest.structure import build_document

BAD_MSG = "无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK），请另存为 UTF-8 后重试。"
BINARY_MSG = "文件内容不是文本（疑似二进制文件或扩展名错误），请确认文件类型后重试。"
_STRAY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # kept: \t \n \f \r, and U+FFFD (a visible mark)
_NOT_STRAY_BYTES = bytes(b for b in range(256) if not _STRAY.match(chr(b)))
_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "Word/ZIP 压缩包", b"\xd0\xcf\x11\xe0": "旧版 Office（.doc）",
          b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片"}


def decode(data: bytes, name: str = "<text>") -> str:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise BadEncoding(f"文件内容是{kind}，不是纯文本，请改正扩展名后重试。", path=name)
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8", name)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", name)
    elif len(data) % 2 == 0 and _utf16_parity(data):
        text = _strict(data, _utf16_parity(data), name)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _utf16_cjk(data) or _legacy(data, name)
    controls = count_controls(text)
    if controls and controls > max(2, len(text) // 200):
        raise BadEncoding(BINARY_MSG, path=name)
    return _STRAY.sub(" ", text) if controls else text


def count_controls(text: str) -> int:
    """Stray control characters and U+FFFD in ``text``. The control characters are ASCII, so they are counted
    among the few ASCII characters of a Chinese text, which is ~5x cheaper than a regex over all of it."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_STRAY_BYTES)) + text.count("\ufffd")


def _utf16_cjk(data: bytes) -> str | None:
    """UTF-16 without a BOM whose zero bytes do not sit on one side (no ASCII at all, or many 一 = U+4E00) is
    accepted when nearly every character decodes to Chinese or ASCII. GBK/UTF-8 bytes have no zero bytes, so read
    as UTF-16 they give no ASCII, and land mostly in Hangul, surrogates and private use."""
    if len(data) % 2 or len(data) < 16:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for c in text if _is_cjk(c))
        if cjk >= 0.3 * len(text) and cjk + sum(1 for c in text if c.isascii() and (c.isprintable() or c in "\t\r\n")) \
                >= 0.95 * len(text):
            return text
    return None


def _legacy(data: bytes, name: str) -> str:
    """GB18030, else line by line: each line in UTF-8 when it decodes to Chinese, otherwise in the file's dominant
    encoding, with the few undecodable bytes replaced. 0x0A is never part of a multi-byte character in either."""
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    utf8 = [_utf8_cjk(ln) for ln in lines]
    utf8_lines = sum(1 for t in utf8 if t is not None and not t.isascii())
    gb_lines = sum(1 for ln, t in zip(lines, utf8) if t is None and _decodes(ln, "gb18030"))
    dominant = "utf-8" if utf8_lines >= gb_lines else "gb18030"
    out = []
    for ln, t in zip(lines, utf8):
        if t is None:
            other = "gb18030" if dominant == "utf-8" else "utf-8"
            t = ln.decode(dominant, errors="replace")
            if t.count("\ufffd") * 8 > len(ln) and _decodes(ln, other):  # a line in the other encoding, not damage
                t = ln.decode(other)
        out.append(t)
    text = "\n".join(out)
    if text.count("\ufffd") > max(2, len(text) // 200):
        raise BadEncoding(BAD_MSG, path=name)
    return text


def _utf8_cjk(line: bytes) -> str | None:
    """A line's UTF-8 reading when it is plausible: every non-ASCII character Chinese text or punctuation."""
    try:
        t = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return t if all(c.isascii() or _is_cjk(c) for c in t) else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" \
        or "\u2010" <= c <= "\u2027" or "\u3400" <= c <= "\u4dbf"


def _utf16_parity(data: bytes) -> str | None:
    """UTF-16 without a BOM: line breaks, digits and ASCII put zero bytes all on one side of each pair (odd
    positions little-endian, even big-endian). Text in UTF-8 or GB18030 has no zero bytes at all, and binary
    data has them evenly on both sides."""
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if odd >= 2 and odd >= 4 * even:  # a CJK character may have a zero low byte (一 is U+4E00)
        return "utf-16-le"
    if even >= 2 and even >= 4 * odd:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadEncoding(BAD_MSG, path=name) from None


def read_txt(data: bytes, *, name: str = "<text>", fmt: str = "txt", sha256: str = "") -> Document:
    """``sha256``: the hash of ``data`` when the caller has it (else the Document hashes its text)."""
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return build_document(rejoin_text(text), fmt=fmt, sha256=sha256)
