"""Field readers and validators shared by every lexicon kind parser: each error names the file, the entry and
the key, so a user's pack fails with a message they can act on (exit 2)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping

from analyzer.errors import LexiconError
from analyzer.kernels import regex_cache

ID_RE = regex_cache.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Where:
    """Where an entry came from, so every validation error can name file and entry."""
    file: str
    entry_id: str | None = None

    def error(self, key: str | None, reason: str) -> LexiconError:
        return LexiconError(self.file, self.entry_id, key, reason)


# --- small validators shared by the kind parsers -------------------------------------------------------------

def req(entry: Mapping[str, Any], key: str, where: Where, typ: type | tuple = str) -> Any:
    if key not in entry or entry[key] is None or entry[key] == "" or entry[key] == []:
        raise where.error(key, f"缺少必填字段 “{key}”")
    val = entry[key]
    if not isinstance(val, typ):
        raise where.error(key, f"字段类型应为 {_typename(typ)}，实际为 {type(val).__name__}")
    return val


def opt(entry: Mapping[str, Any], key: str, where: Where, typ: type | tuple = str, default: Any = None) -> Any:
    if key not in entry or entry[key] is None:
        return default
    val = entry[key]
    if not isinstance(val, typ):
        raise where.error(key, f"字段类型应为 {_typename(typ)}，实际为 {type(val).__name__}")
    return val


MAX_TERM_CHARS = 200        # a term, a formula's item or wording: the longest official formulation is ~60 characters
MAX_LIST_ITEMS = 500_000


def message_template(text: str, allowed: set[str] | frozenset[str], where: Where, key: str = "message") -> str:
    """A finding's message template: only ``{name}`` placeholders from ``allowed``, no conversion (``{match!z}``)
    and no format spec (``{match:d}`` fails every matching document; ``{match:>300000000}`` builds a 600 MB string
    per finding). Checked by formatting it once with sample values, so what passes here cannot fail later."""
    import string
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as e:
        raise where.error(key, f"消息模板无效：{e}") from None
    names = set()
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if conversion is not None or spec:
            raise where.error(key, f"消息模板的占位符 {{{name}}} 不能带转换或格式说明（“!{conversion or ''}”“:{spec or ''}”）")
        names.add(name)
    unknown = names - set(allowed)
    if unknown:
        raise where.error(key, f"消息模板含未知占位符 {{{'}、{'.join(sorted(unknown))}}}"
                               f"（可用：{'、'.join(sorted(allowed))}）")
    try:
        text.format(**{n: "示例" for n in names})
    except (ValueError, KeyError, IndexError) as e:
        raise where.error(key, f"消息模板无效：{e}") from None
    return text


def str_list(entry: Mapping[str, Any], key: str, where: Where, required: bool = False) -> tuple[str, ...]:
    val = entry.get(key)
    if val is None:
        if required:
            raise where.error(key, f"缺少必填字段 “{key}”")
        return ()
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list):
        raise where.error(key, "应为字符串列表")
    if len(val) > MAX_LIST_ITEMS:
        raise where.error(key, f"列表过长（{len(val):,} 项，上限 {MAX_LIST_ITEMS:,} 项）")
    out = []
    for i, v in enumerate(val):
        if not isinstance(v, str) or not v.strip():
            raise where.error(key, f"第 {i + 1} 项为空或不是字符串")
        if len(v) > MAX_TERM_CHARS:   # a 10,000-character pattern made a two-line check take 41 s
            raise where.error(key, f"第 {i + 1} 项过长（{len(v):,} 字，上限 {MAX_TERM_CHARS} 字）：词语和提法应为短语")
        out.append(v)
    if required and not out:
        raise where.error(key, f"“{key}” 不能为空")
    return tuple(out)


def date_field(entry: Mapping[str, Any], key: str, where: Where) -> dt.date | None:
    """Accepts YYYY, YYYY-MM or YYYY-MM-DD (a bare year or month means its first day)."""
    val = entry.get(key)
    if val is None:
        return None
    if isinstance(val, dt.date):
        return val
    s = str(val).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", s)
    if not m:
        raise where.error(key, f"日期无法解析：“{s}”（应为 YYYY-MM-DD、YYYY-MM 或 YYYY）")
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError as e:
        raise where.error(key, f"日期无效：“{s}”（{e}）") from None


def in_window(as_of: dt.date, since: dt.date | None, until: dt.date | None) -> bool:
    """The validity rule every dated entry shares: ``since`` inclusive, ``until`` exclusive, None open-ended."""
    return (since is None or as_of >= since) and (until is None or as_of < until)


def severity_field(entry: Mapping[str, Any], where: Where, default: str | None = None) -> str:
    val = entry.get("severity", default)
    if val not in SEVERITIES:
        raise where.error("severity", f"严重程度应为 error、warning 或 info，实际为 “{val}”")
    return val


def _typename(typ: type | tuple) -> str:
    if isinstance(typ, tuple):
        return "/".join(t.__name__ for t in typ)
    return typ.__name__
