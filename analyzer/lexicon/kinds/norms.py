"""Lexicon kind `norms`: length norms per profile (document type), from the 减负 rules.

Kept apart from the profiles file so a pack can tighten or drop a norm (a unit's own 文稿 limit) without touching
the profiles. A norm caps either characters (documents) or speaking time (speeches: the rule is in minutes, so the
length is estimated at ``chars_per_minute``, a pace the pack states and the user can change)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from analyzer.lexicon.validate import date_field, in_window, opt, req, severity_field


@dataclass(frozen=True)
class Norm:
    id: str
    profile: str
    basis: str
    max_chars: int | None = None
    max_minutes: int | None = None
    chars_per_minute: int | None = None
    rule: str = ""                   # the norm in words, as the basis states it (e.g. 文件一般不超过5000字)
    severity: str = "info"
    since: dt.date | None = None
    until: dt.date | None = None
    file: str = field(default="", compare=False)   # for cross-check errors

    def applies(self, profile: str, as_of: dt.date) -> bool:
        return self.profile == profile and in_window(as_of, self.since, self.until)

    @property
    def limit_chars(self) -> int:
        """The character budget: stated directly, or speaking time x pace."""
        if self.max_chars is not None:
            return self.max_chars
        return int(self.max_minutes * self.chars_per_minute)


def _positive_int(entry: dict, key: str, where) -> int | None:
    val = opt(entry, key, where, int)
    if val is not None and (isinstance(val, bool) or val <= 0):
        raise where.error(key, "应为正整数")
    return val


def parse(entry: dict, where) -> Norm:
    max_chars = _positive_int(entry, "max_chars", where)
    max_minutes = _positive_int(entry, "max_minutes", where)
    pace = _positive_int(entry, "chars_per_minute", where)
    if (max_chars is None) == (max_minutes is None):
        raise where.error("max_chars", "max_chars 与 max_minutes 须且只须给出其一")
    if max_minutes is not None and pace is None:
        raise where.error("chars_per_minute", "按时长给出的篇幅规范须同时给出 chars_per_minute（语速估计）")
    since, until = date_field(entry, "since", where), date_field(entry, "until", where)
    if since and until and until <= since:
        raise where.error("until", "until 应晚于 since")
    return Norm(id=entry["id"], profile=req(entry, "profile", where), basis=req(entry, "basis", where),
                max_chars=max_chars, max_minutes=max_minutes, chars_per_minute=pace,
                rule=opt(entry, "rule", where, str, ""), severity=severity_field(entry, where, "info"),
                since=since, until=until, file=where.file)


def _check_profiles(merged: dict) -> None:
    from analyzer.errors import LexiconError
    known = set(merged.get("profiles", {}))
    for norm in merged.get("norms", {}).values():
        if norm.profile not in known:
            raise LexiconError(norm.file, norm.id, "profile", f"未知的文种“{norm.profile}”（可用：{'、'.join(sorted(known))}）")


CROSS_CHECKS = [_check_profiles]
