"""Plain text and Markdown: encoding detection (UTF-8 with/without BOM, UTF-16 with BOM, GB18030/GBK)."""
from __future__ import annotations

from ..errors import BadEncoding
from ..model import Document
from .structure import build_document


def decode(data: bytes, name: str = "<text>") -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise BadEncoding("无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK），请另存为 UTF-8 后重试。",
                          path=name) from None


def read_txt(data: bytes, *, name: str = "<text>", fmt: str = "txt") -> Document:
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    return build_document(text, fmt=fmt)
