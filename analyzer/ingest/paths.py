"""File names as people read them. Windows archives unzipped on Linux (common in Chinese offices) leave names in GBK
bytes, which Python keeps as lone surrogates: printing or JSON-encoding them crashed ``shengao check DIR`` before it
printed anything. Reading uses the original path; reports, failures and stores show ``display_path``."""
from __future__ import annotations

import os
from pathlib import Path


def display_path(path: str | Path) -> str:
    """``path`` as valid text: itself when it is valid UTF-8, else its bytes decoded as GB18030 (GBK's superset),
    else UTF-8 with replacement characters."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")
