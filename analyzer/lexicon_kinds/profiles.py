"""Lexicon kind `profiles` (placeholder parser: keeps the raw entry until its issue defines the dataclass)."""
from __future__ import annotations

from types import MappingProxyType


def parse(entry: dict, where) -> MappingProxyType:
    return MappingProxyType(dict(entry))
