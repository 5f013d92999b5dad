"""One parser per lexicon kind. Each module exposes ``parse(entry: dict, where: Where) -> <dataclass>`` and may
add whole-lexicon checks (e.g. a profile naming an unknown theme) to ``CROSS_CHECKS``."""
from __future__ import annotations

from typing import Any, Callable

from analyzer.lexicon.kinds import categories, phrases, profiles, rules, themes
from analyzer.lexicon.kinds import confusables, dating, norms, placeholders, titles

KIND_PARSERS: dict[str, Callable[[dict, Any], Any]] = {
    "categories": categories.parse,
    "themes": themes.parse,
    "profiles": profiles.parse,
    "rules": rules.parse,
    "phrases": phrases.parse,
    "norms": norms.parse,
    "confusables": confusables.parse,
    "titles": titles.parse,
    "dating": dating.parse,
    "placeholders": placeholders.parse,
}

CROSS_CHECKS: list[Callable[[dict], None]] = [
    *getattr(themes, "CROSS_CHECKS", []),
    *getattr(profiles, "CROSS_CHECKS", []),
    *getattr(rules, "CROSS_CHECKS", []),
    *getattr(phrases, "CROSS_CHECKS", []),
    *getattr(norms, "CROSS_CHECKS", []),
    *getattr(titles, "CROSS_CHECKS", []),
    *dating.CROSS_CHECKS,
]
