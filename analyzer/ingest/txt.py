"""Plain text and Markdown: encoding detection (UTF-8 with/without BOM, UTF-16 with BOM or by its zero bytes,
GB18030/GBK), line endings normalised. Binary files (a renamed PDF, Word file or image) are refused rather than
decoded into noise: GB18030 accepts almost any byte sequence, so decoding success alone proves nothing."""
from __future__ import annotations

import re

from ..errors import BadEncoding
from ..model import Document
from .structure import build_document

BAD_MSG = "无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK），请另存为 UTF-8 后重试。"
BINARY_MSG = "文件内容不是文本（疑似二进制文件或扩展名错误），请确认文件类型后重试。"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
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
            text = _strict(data, "gb18030", name)
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(2, len(text) // 200):
        raise BadEncoding(BINARY_MSG, path=name)
    return text


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


def read_txt(data: bytes, *, name: str = "<text>", fmt: str = "txt") -> Document:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return build_document(text, fmt=fmt)
