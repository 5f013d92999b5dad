"""Lexicon kind ``profiles``: document types (文种), how to recognise them, and the themes each must carry.

``themes`` maps theme ids to weights. A required theme only counts when the judged date lies in the theme's
``since``/``until`` window, so an old report is not blamed for a formulation that did not exist yet.
``title_cues`` are looked for in the title (strong); ``body_cues`` at the start of the text (weaker).
Detection tries profiles by ascending ``priority`` (the more specific genre first: 对照检查 before 总结); in the
body the cue that comes first wins. ``overrides`` lists title genres that this profile's cue at the opening of
the body outranks (a 党课 titled "…的讲话")."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analyzer.errors import LexiconError
from analyzer.lexicon.validate import Where, opt, req, str_list

DEFAULT_PROFILE = "general"     # the profile of a document that shows no genre cue: every lexicon must define it


@dataclass(frozen=True)
class ProfileTheme:
    theme: str
    weight: float


@dataclass(frozen=True)
class ProfileSpec:
    id: str
    name: str
    title_cues: tuple[str, ...]
    body_cues: tuple[str, ...]
    themes: tuple[ProfileTheme, ...]
    priority: int = 100
    description: str = ""
    overrides: tuple[str, ...] = ()     # title genres this profile's opening body cue outranks
    file: str = ""

    def weight(self, theme_id: str) -> float | None:
        for t in self.themes:
            if t.theme == theme_id:
                return t.weight
        return None


def parse(entry: dict, where: Where) -> ProfileSpec:
    name = req(entry, "name", where).strip()
    raw = opt(entry, "themes", where, dict, {}) or {}
    themes = []
    for tid, w in raw.items():
        if not isinstance(tid, str) or not tid:
            raise where.error("themes", f"主题 id 无效：“{tid}”")
        if isinstance(w, bool) or not isinstance(w, (int, float)) or w <= 0:
            raise where.error("themes", f"主题 {tid} 的权重应为正数，实际为“{w}”")
        themes.append(ProfileTheme(tid, float(w)))
    priority = opt(entry, "priority", where, int, 100)
    return ProfileSpec(id=entry["id"], name=name, title_cues=str_list(entry, "title_cues", where),
                       body_cues=str_list(entry, "body_cues", where), themes=tuple(themes), priority=priority,
                       description=(opt(entry, "description", where, str, "") or "").strip(),
                       overrides=str_list(entry, "overrides", where), file=where.file)


def check_profile_themes(merged: dict[str, dict[str, Any]]) -> None:
    """A profile may only require themes that exist (after all packs are merged)."""
    themes = merged.get("themes", {})
    for pid, prof in merged.get("profiles", {}).items():
        for other in prof.overrides:
            if other not in merged.get("profiles", {}):
                raise LexiconError(prof.file, pid, "overrides", f"文种“{other}”不存在")
        for t in prof.themes:
            if t.theme not in themes:
                raise LexiconError(prof.file, pid, "themes", f"要求的主题“{t.theme}”在词库中不存在")


def check_default_profile(merged: dict[str, dict[str, Any]]) -> None:
    """Documents are analysed with profiles only when the lexicon has some; then the fallback profile must survive
    the packs (a pack may replace it, not disable it)."""
    if merged.get("profiles") and DEFAULT_PROFILE not in merged["profiles"]:
        raise LexiconError("pack.yaml", DEFAULT_PROFILE, "disable",
                           f"缺省文种“{DEFAULT_PROFILE}”不能停用：没有文种线索的文稿按它审查（可在词库中改写它）")


CROSS_CHECKS = [check_default_profile, check_profile_themes]      # the missing default first: it explains the rest
