"""The JSON envelope of DESIGN.md (schema_version "1")."""
from __future__ import annotations

import json

from .. import __version__


def envelope(reports: list[dict], failures: list[dict], lexicon_version: str) -> dict:
    return {"schema_version": "1",
            "tool": {"name": "shengao", "version": __version__, "lexicon_version": lexicon_version},
            "reports": reports, "failures": failures}


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
