"""What every analysis is told besides the Document and the Lexicon."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    as_of: dt.date
    profile: str = "general"
