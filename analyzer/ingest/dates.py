"""The date a document is judged at, from all the evidence it carries.

``detect_date``/``find_document_date`` read the date a document states for itself (a dated line under the title,
"——2023年3月5日在…", a signature line at the end, in Arabic or Chinese numerals). ``judge_date`` ranks that
with the rest of the evidence:

1. the explicit option (the pipeline's business);
2. a full date in the heading lines or the signature (落款);
3. the reporting period named in the title ("2023年度…总结", "2024年上半年…", "2018抓基层党建工作述职报告"): the
   end of that period (a plan, "2024年工作要点", the start);
4. an anniversary or a year the text calls its own ("今年是中国共产党成立100周年", "今年是…开局之年");
5. the reporting period named at the start of the body ("现将2023年度…", "2023年，局党委…"); then an anniversary
   with a weaker cue (值此…之际, 以优异成绩庆祝…: a review of last year says 庆祝 too);
6. lower bounds: events the text names as past (党的二十大精神 → not before 2022-10-22; 2023年主题教育), dates of
   events in the body ("2023年3月5日，我们召开…"), "2019年以来";
7. the file's own properties (docx core properties, PDF info), when not older than the lower bound;
8. today.

A point of rank 4 or 5 that a lower bound contradicts by more than a season gives way to the bound. The facts
(anniversaries, events, cue words) are lexicon data: ``lexicons/dating.yaml``."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from analyzer.kernels import regex_cache
from analyzer.kernels.regex_anchors import SPACES, AnchoredPattern
from analyzer.kernels.regex_scan import compile_scanning
from analyzer.model import DateEvidence, Document

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_YEAR_DIGIT = "[〇○零OＯ０一二三四五六七八九]"
_CN_YEAR = _CN_YEAR_DIGIT + "{4}"
_CN_MD = "[一二三四五六七八九十]{1,3}"
# searched from their first characters only (analyzer.kernels.regex_scan): they run over every document's body
DATE_RE = compile_scanning(r"(?=\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE_RE = compile_scanning(rf"(?={_CN_YEAR_DIGIT})({_CN_YEAR})\s*年\s*({_CN_MD})\s*月\s*({_CN_MD})\s*日")
# over a whole body, tried only where a match can begin (analyzer.kernels.regex_anchors): a digit or 一二三… that a
# run of digits and spaces leads to 年
_DATE_SCAN, _CN_DATE_SCAN = AnchoredPattern(DATE_RE), AnchoredPattern(CN_DATE_RE)
# a signature may also read 2023.12.20 / 2023-12-20 / 2023/12/20, or give only the month (2023年12月)
_DOTTED_RE = regex_cache.compile(r"(?<!\d)(\d{4})\s*[.．/\-－]\s*(\d{1,2})\s*[.．/\-－]\s*(\d{1,2})(?!\d)")
_MONTH_RE = regex_cache.compile(rf"(\d{{4}}|{_CN_YEAR})\s*年\s*(\d{{1,2}}|{_CN_MD})\s*月(?!\s*\d|[一二三四五六七八九十])")


def cn_int(s: str) -> int:
    """An Arabic or Chinese number: 2023, 二〇二三, 十二, 三十一, 一百, 一百零二, 七十五."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if s and all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, num = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        elif c == "十":
            total += (num or 1) * 10
            num = 0
        elif c == "百":
            total += (num or 1) * 100
            num = 0
        else:
            raise ValueError(s)
    return total + num


def _to_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date | None:
    if not (1 <= m <= 12):
        return None
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _date_matches(line: str, *, loose: bool = False) -> list[tuple[dt.date, int, int]]:
    """Full dates in ``line`` (Arabic and Chinese numerals) with their spans, in order. ``loose`` (signature
    lines) also takes 2023.12.20 and a month alone (2023年12月: its last day)."""
    out = []
    for m in _DATE_SCAN.finditer(line):
        d = _to_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.append((d, m.start(), m.end()))
    for m in _CN_DATE_SCAN.finditer(line):
        try:
            d = _to_date(cn_int(m.group(1)), cn_int(m.group(2)), cn_int(m.group(3)))
        except (KeyError, ValueError):
            d = None
        if d:
            out.append((d, m.start(), m.end()))
    if loose and not out:
        for m in _DOTTED_RE.finditer(line):
            d = _to_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                out.append((d, m.start(), m.end()))
        for m in _MONTH_RE.finditer(line):
            try:
                d = _month_end(cn_int(m.group(1)), cn_int(m.group(2)))
            except (KeyError, ValueError):
                d = None
            if d:
                out.append((d, m.start(), m.end()))
    return sorted(out, key=lambda t: t[1])


def _dates_in(line: str) -> list[dt.date]:
    return [d for d, _, _ in _date_matches(line)]


# "（2018年2月12日）" or "——2023年3月5日在…" right after a title, even when the title runs on into the body
_TITLE_DATE_RE = regex_cache.compile(r"(?:[（(]\s*|——\s*)(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                                     rf"{_CN_YEAR}\s*年\s*{_CN_MD}\s*月\s*{_CN_MD}\s*日)")
# a news dateline: "（新华社北京3月6日电）" has no year; the paper's issue line beside it does
_DATELINE_RE = regex_cache.compile(r"新华社[^\d（）()]{0,10}?(\d{1,2})月(\d{1,2})日电")
_CITATION_RE = regex_cache.compile(r"^《\s*[^》]+》\s*[（(]")
# a closing note that dates a speech: "这是习近平总书记2020年6月29日在…的讲话。"
_NOTE_RE = regex_cache.compile(r"(?:^|[※。）)])\s*[（(]?\s*((?:这是|本文(?:是|系|为)|注[:：])[^。※]{0,60}?(?:讲话|报告|发言|党课))")
_SIGNATURE_MAX = 40


def _edge_lines(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The first six and the last five non-blank lines, stripped, each with its offset in ``text``."""
    head: list[tuple[int, str]] = []
    for m in re.finditer(r"[^\n]+", text):
        ln = m.group()
        s = ln.strip()
        if s:
            head.append((m.start() + ln.find(s), s))
            if len(head) == 6:
                break
    tail: list[tuple[int, str]] = []
    end = len(text)
    while end > 0 and len(tail) < 5:
        start = text.rfind("\n", 0, end) + 1
        ln = text[start:end]
        s = ln.strip()
        if s:
            tail.append((start + ln.find(s), s))
        end = start - 1
    return head, tail[::-1]


def find_document_date(text: str) -> tuple[dt.date, int, int] | None:
    """The date the document states for itself and its span: a short line among the first six (under the
    title), a "（…年…月…日）" or "——…年…月…日在…" right after the title, a news dateline, or a short line among
    the last five (signature; also 2023.12.20 or 2023年12月 there), or a closing note ("这是…在…的讲话"). Dates
    inside body sentences ("2023年3月5日，我们召开…") are events, not the document's date, and a newspaper's
    issue date ("《人民日报》（2020年01月09日 02 版）") is a day after the speech."""
    head, tail = _edge_lines(text)
    for off, ln in head:
        if _CITATION_RE.match(ln):
            continue
        if ln.startswith(("——", "—", "－－")) or (len(ln) <= _SIGNATURE_MAX and not ln.endswith("。")):
            ds = _date_matches(ln)
            if ds:
                d, s, e = ds[0]
                return d, off + s, off + e
    first_lines = [(off, ln) for off, ln in head if not _CITATION_RE.match(ln)]
    if first_lines:
        # search the head lines joined as they stand in the text (offsets stay valid) up to the first 。
        start = first_lines[0][0]
        chunk = text[start:start + 200]
        if "。" in chunk:
            chunk = chunk[:chunk.find("。")]
        for m in _TITLE_DATE_RE.finditer(chunk):
            if any(off <= start + m.start() < off + len(ln) for off, ln in first_lines):
                ds = _date_matches(m.group(1))
                if ds:
                    return ds[0][0], start + m.start(1), start + m.end(1)
    edge = head + tail
    for off, ln in edge:
        dl = _DATELINE_RE.search(ln)
        if dl:
            near = [ln[dl.end():dl.end() + 60]] + [other for _, other in edge if len(other) <= 60]
            years = [d.year for other in near for d in _dates_in(other)]
            if years:
                d = _to_date(years[0], int(dl.group(1)), int(dl.group(2)))
                if d:
                    return d, off + dl.start(), off + dl.end()
    for off, ln in reversed(tail):
        if _CITATION_RE.match(ln):
            continue
        if len(ln) <= _SIGNATURE_MAX:
            ds = _date_matches(ln, loose=True)
        else:
            note = None
            for note in _NOTE_RE.finditer(ln, max(0, len(ln) - 150)):
                pass
            if note is None:
                continue
            ds = [(d, note.start(1) + s, note.start(1) + e) for d, s, e in _date_matches(note.group(1))]
        if ds:
            d, s, e = ds[-1]
            return d, off + s, off + e
    return None


def detect_date(text: str) -> dt.date | None:
    found = find_document_date(text)
    return found[0] if found else None


# --- judging from all the evidence ---------------------------------------------------------------------------

RANK_FULL_DATE, RANK_TITLE_PERIOD, RANK_CURRENT, RANK_BODY_PERIOD, RANK_NEUTRAL = 1, 2, 3, 4, 5
BOUND_SLACK = dt.timedelta(days=92)     # a bound later than a weak point by more than a season overrides it
BODY_WINDOW = 600                       # characters at the start of the body searched for a reporting period
CURRENT_WINDOW = 14                     # characters before an anniversary searched for 今年/值此/…
BEFORE_WINDOW = 8                       # characters before an event searched for 迎接/喜迎/…


@dataclass(frozen=True)
class Clue:
    kind: str               # full_date | period | anniversary | event | metadata
    date: dt.date
    start: int | None
    end: int | None
    rank: int = 9           # points: lower is stronger
    bound: bool = False     # a lower bound (the text is not older), not the text's own date

    def evidence(self, text: str) -> DateEvidence:
        span = text[self.start:self.end] if self.start is not None else None
        return DateEvidence(self.kind, span, self.start, self.end)


_YEAR = rf"((?:19|20)\d{{2}}|{_CN_YEAR})"
_QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}
_PERIOD_TAIL = regex_cache.compile(
    r"\s*(?:(上半年)|(下半年)|前三季度()|第?([一二三四1-4])季度|"
    r"(?:(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[-—–~～至到]\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?!\s*\d*日)|"
    r"(年度|全年|度))")


def _period_end(year: int, tail: str, cues: "_Cues", reach: int = 6) -> tuple[dt.date, int] | None:
    """The date a year followed by ``tail`` stands for, and how many characters of ``tail`` say so."""
    m = _PERIOD_TAIL.match(tail)
    if m:
        half1, half2, q3, quarter, _, month, _annual = m.groups()
        if half1:
            return dt.date(year, 6, 30), m.end()
        if q3 is not None:
            return dt.date(year, 9, 30), m.end()
        if quarter:
            return _month_end(year, _QUARTER_END[cn_int(quarter)]), m.end()
        if month:
            end = _month_end(year, cn_int(month))
            if end is None:
                return None
            return end, m.end()
        return dt.date(year, 12, 31), m.end()
    head = tail.lstrip()[:reach]
    if any(c in head for c in cues.plan):
        return dt.date(year, 1, 1), 0
    if any(c in head for c in cues.review):
        return dt.date(year + 1, 1, 1), 0
    return dt.date(year, 12, 31), 0


class _Cues:
    def __init__(self, entry) -> None:
        self.current = dict(entry.current) if entry else {}
        self.explicit = entry.explicit if entry else ()
        self.after = entry.after if entry else ()
        self.before = entry.before if entry else ()
        self.past = entry.past if entry else ()
        self.plan = entry.plan if entry else ()
        self.review = entry.review if entry else ()


_GAP = r"[\"'“”‘’「」『』\s]"          # what may stand between the characters of a form
# after an anniversary's name: its number and 周年 (a match holds these characters, spaces and decimal digits only)
_ANNIV_TAIL = r"\s*的?\s*(\d{1,3}|[一二三四五六七八九十百零〇]{1,5})\s*周年"
_ANNIV_TAIL_CHARS = "的一二三四五六七八九十百零〇周年"


def _core(form: str) -> str:
    return re.sub(_GAP, "", form)


def _form_regex(form: str) -> str:
    """A form as a pattern that lets quotes and spaces stand between its characters ("十四五" or “十四五”)."""
    return rf"{_GAP}*".join(re.escape(c) for c in _core(form))


@dataclass(frozen=True)
class _Compiled:
    cues: _Cues
    anniversary: str | None        # anniversaries, one alternation (longest first) and the number: its source
    anniv_of: dict
    named: str | None              # year phrases and events, one alternation (longest first): its source
    named_of: list
    named_forms: object = None     # the same as kernels.spaced_forms.SpacedForms (None: the regex is used)
    anniv_forms: object = None     # the anniversaries as kernels.anchored_forms.AnchoredForms (None: the regex)
    anniv_entries: list = ()


def _first_chars(forms: list[str]) -> str:
    """A lookahead on the first characters of ``forms`` (as ``_form_regex`` matches them: the first character of the
    normalised form, either width)."""
    firsts = {core[0] for core in (re.sub(r"[\s\"'“”‘’「」『』]", "", f) for f in forms) if core}
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def _compile(lexicon) -> _Compiled:
    entries = list(lexicon.kind("dating").values())
    cues_entry = next((e for e in entries if e.type == "cues"), None)
    anniv = [(f, e) for e in entries if e.type == "anniversary" for f in e.forms]
    anniv.sort(key=lambda fe: -len(fe[0]))
    anniversary = None
    anniv_of = {}
    anniv_forms = None
    if anniv:
        groups = []
        for i, (f, e) in enumerate(anniv):
            groups.append(f"(?P<a{i}>{_form_regex(f)})")
            anniv_of[f"a{i}"] = e
        # The alternation (kept as the plain equivalent, ``anniversaries_plain``) costs ~20 ms to compile, its gaps
        # being classes of quotes and spaces; ``anniversaries`` tries the same forms and number only where 周年 is
        # (``analyzer.kernels.anchored_forms``).
        anniversary = _first_chars([f for f, _ in anniv]) + rf"(?:{'|'.join(groups)}){_ANNIV_TAIL}"
        anniv_cores = [_core(f) for f, _ in anniv]
        if all(anniv_cores):
            from analyzer.kernels.anchored_forms import AnchoredForms
            anniv_forms = AnchoredForms(anniv_cores, gap_chars(), _ANNIV_TAIL, "周年", _ANNIV_TAIL_CHARS)
    named = [(f, e) for e in entries if e.type in ("year", "event") for f in e.forms]
    named.sort(key=lambda fe: -len(_form_regex(fe[0])))
    # The alternation (kept as the plain equivalent, ``named_matches_plain``) costs ~60 ms to compile and as much
    # over the corpus even with the lookahead on the forms' first characters; ``named_matches`` runs the same
    # forms as one automaton over the text without quotes and spaces (``analyzer.kernels.spaced_forms``).
    source = _first_chars([f for f, _ in named]) + "(?:" + "|".join(f"({_form_regex(f)})" for f, _ in named) + ")" \
        if named else None
    cores = [_core(f) for f, _ in named]
    forms = None
    if named and all(cores):
        from analyzer.kernels.spaced_forms import SpacedForms
        forms = SpacedForms(cores, gap_chars())
    return _Compiled(_Cues(cues_entry), anniversary, anniv_of, source, [e for _, e in named], forms, anniv_forms,
                     [e for _, e in anniv])


def anniversaries(text: str, lexicon) -> list[tuple[int, int, object, str]]:
    """(start, end, entry, number as written) of the anniversaries (``lexicons/dating.yaml``) named in ``text``
    ("中国共产党成立100周年"), found where 周年 is (``analyzer.kernels.anchored_forms``)."""
    c = lexicon.compiled("dating", _compile)
    if c.anniv_forms is None:
        return anniversaries_plain(text, lexicon)
    return [(s, e, c.anniv_entries[k], m.group(1)) for s, e, k, m in c.anniv_forms.finditer(text)]


def anniversaries_plain(text: str, lexicon) -> list[tuple[int, int, object, str]]:
    """``anniversaries`` by the alternation regex."""
    c = lexicon.compiled("dating", _compile)
    if c.anniversary is None:
        return []
    out = []
    for m in re.compile(c.anniversary).finditer(text):
        entry = next(c.anniv_of[k] for k, v in m.groupdict().items() if v is not None and k in c.anniv_of)
        out.append((m.start(), m.end(), entry, m.group(m.lastindex)))
    return out


def gap_chars() -> str:
    """Every character ``_GAP`` matches: its quotes and ``\\s``'s characters (``regex_anchors.SPACES``, checked
    against all of Unicode). Running the class over the 12,000 characters below U+3010 cost ~9 M instructions."""
    return SPACES + "\"'“”‘’「」『』"


def named_matches(text: str, lexicon) -> list[tuple[int, int, int]]:
    """(start, end, number) of the year phrases and events (``lexicons/dating.yaml``) named in ``text``, the number
    indexing them longest first; through one automaton (``analyzer.kernels.spaced_forms``)."""
    c = lexicon.compiled("dating", _compile)
    if c.named_forms is None:
        return named_matches_plain(text, lexicon)
    return c.named_forms.finditer(text)


def named_matches_plain(text: str, lexicon) -> list[tuple[int, int, int]]:
    """``named_matches`` by the alternation regex."""
    c = lexicon.compiled("dating", _compile)
    if c.named is None:
        return []
    return [(m.start(), m.end(), m.lastindex - 1) for m in re.compile(c.named).finditer(text)]


def _sentence_before(text: str, pos: int, width: int) -> str:
    """Up to ``width`` characters before ``pos``, cut at the last sentence end."""
    chunk = text[max(0, pos - width):pos]
    cut = max(chunk.rfind(c) for c in "。！？\n")
    return chunk[cut + 1:]


def _year_offset(before: str, cues: _Cues) -> tuple[int, bool] | None:
    """(year offset, explicit) that the closest cue naming the year outright (今年/明年/去年…) before an
    anniversary gives, else (0, False) for a neutral cue (值此, 庆祝…); None when no cue ties it to the text's
    own time."""
    best: tuple[int, int] | None = None      # (distance from the end, offset)
    neutral = False
    for cue, off in cues.current.items():
        i = before.rfind(cue)
        if i < 0:
            continue
        if any(cue.startswith(x) for x in cues.explicit):
            dist = len(before) - i - len(cue)
            if best is None or dist < best[0]:
                best = (dist, off)
        else:
            neutral = True
    if best is not None:
        return best[1], True
    return (0, False) if neutral else None


def _body_start(doc: Document, title: tuple[int, int] | None) -> int:
    return title[1] if title else 0


def _valid_year(y: int, today: dt.date) -> bool:
    return 1949 <= y <= today.year + 1


def date_clues(doc: Document, lexicon, today: dt.date) -> list[Clue]:
    """Every piece of date evidence in ``doc`` (see the module docstring), in no particular order."""
    from analyzer.ingest.title import title_span
    text = doc.text
    c = lexicon.compiled("dating", _compile)
    cues = c.cues
    clues: list[Clue] = []
    if doc.date is not None:
        s, e = doc.date_span or (None, None)
        clues.append(Clue("full_date", doc.date, s, e, RANK_FULL_DATE))
    title = title_span(doc)
    year_re = re.compile(_YEAR + r"(?!\d)\s*(年)?")
    # the reporting period in the title
    if title:
        for m in year_re.finditer(text, title[0], title[1]):
            y = _year_of(m.group(1))
            if y is None or not _valid_year(y, today):
                continue
            if m.group(2) is None and text[m.end():m.end() + 1] in "月日.．/-－":
                continue            # 2018抓基层党建… has no 年; 2023.12 and 2023-12 are not periods
            tail = text[m.end():title[1]]
            found = _period_end(y, tail, cues)
            if found:
                d, n = found
                clues.append(Clue("period", d, m.start(), m.end() + n, RANK_TITLE_PERIOD))
                break
    body_from = _body_start(doc, title)
    body_to = min(len(text), body_from + BODY_WINDOW)
    # the reporting period at the start of the body: an explicit period word, a plan/review, or "2023年，…"
    # opening one of its first paragraphs
    openings = {p.start for p in doc.paragraphs[:5] if p.start >= body_from}
    for m in re.finditer(_YEAR + r"\s*年", text[body_from:body_to]):
        y = _year_of(m.group(1))
        if y is None or not _valid_year(y, today):
            continue
        s, e = body_from + m.start(), body_from + m.end()
        if text.startswith("以来", e):
            clues.append(Clue("event", dt.date(y, 1, 1), s, e + 2, bound=True))
            continue
        tail = text[e:e + 16]
        if tail[:1] in "，,":
            tail_head = ""
        else:
            tail_head = tail
        pm = _PERIOD_TAIL.match(tail)
        if pm and pm.group(6) and not pm.group(5):
            pm = None       # "2023年6月，支部组织…" is an event's month; "2023年1-6月" is a period
        found = _period_end(y, tail, cues, 12) if pm or _plan_or_review(tail_head, cues) else None
        if found and found[0] > today:
            continue        # "2027年6月底前完成" is a deadline
        if found is None and s in openings and re.match(r"\s*[，,]", tail):
            found = (dt.date(y, 12, 31), 0)
        if found:
            d, n = found
            clues.append(Clue("period", d, s, e + n, RANK_BODY_PERIOD))
    # anniversaries: a point when a cue ties them to the text's own year, else a lower bound
    for start, end, entry, number in anniversaries(text, lexicon):
        try:
            n = cn_int(number)
        except (KeyError, ValueError):
            continue
        base = entry.date
        when = _to_date(base.year + n, base.month, base.day) or dt.date(base.year + n, base.month, 28)
        after = text[end:end + 6]
        if any(after.startswith(p) or after[:4].find(p) >= 0 for p in cues.past):
            if when <= today:
                clues.append(Clue("anniversary", when, start, end, bound=True))
            continue
        cue = _year_offset(_sentence_before(text, start, CURRENT_WINDOW), cues)
        if cue is None and any(after.startswith(a) for a in cues.after):
            cue = (0, False)
        if cue is None:
            continue
        off, explicit = cue
        y = base.year + n + off
        if _valid_year(y, today):
            point = when if off == 0 else dt.date(y, 7, 1)
            clues.append(Clue("anniversary", point, start, end, RANK_CURRENT if explicit else RANK_NEUTRAL))
    # year phrases (with a cue) and events (unless announced as ahead)
    for start, end, k in named_matches(text, lexicon):
        entry = c.named_of[k]
        before = _sentence_before(text, start, CURRENT_WINDOW)
        if entry.type == "year":
            cue = _year_offset(before, cues)
            if cue is not None and _valid_year(entry.year + cue[0], today):
                clues.append(Clue("event", dt.date(entry.year + cue[0], 7, 1), start, end,
                                  RANK_CURRENT if cue[1] else RANK_NEUTRAL))
            continue
        if any(b in before[-BEFORE_WINDOW:] for b in cues.before) or entry.date > today:
            continue
        clues.append(Clue("event", entry.date, start, end, bound=True))
    # dates of events in the body (not in the future: "2024年3月底前完成" is a deadline)
    for d, s, e in _date_matches(text[body_from:]):
        if d <= today and (doc.date_span is None or body_from + s != doc.date_span[0]):
            clues.append(Clue("full_date", d, body_from + s, body_from + e, bound=True))
    if doc.meta_date is not None and doc.meta_date <= today:
        clues.append(Clue("metadata", doc.meta_date, None, None, 7))
    return clues


def _plan_or_review(tail: str, cues: _Cues) -> bool:
    head = tail.lstrip()[:12]
    return any(c in head for c in cues.plan + cues.review)


def _year_of(s: str) -> int | None:
    try:
        return cn_int(s)
    except (KeyError, ValueError):
        return None


def judge_date(doc: Document, lexicon, *, today: dt.date) -> tuple[dt.date, str, DateEvidence]:
    """(judged date, as_of_source document|today, evidence) from ``doc`` alone (no option)."""
    clues = date_clues(doc, lexicon, today)
    points = sorted((c for c in clues if not c.bound), key=lambda c: (c.rank, c.start if c.start is not None else 0))
    bounds = [c for c in clues if c.bound]
    bound = max(bounds, key=lambda c: (c.date, -(c.start or 0))) if bounds else None
    for p in points:
        if p.kind == "metadata":
            if bound is not None and p.date < bound.date:
                continue
        elif p.rank > RANK_TITLE_PERIOD and bound is not None and bound.date > p.date + BOUND_SLACK:
            return bound.date, "document", bound.evidence(doc.text)
        return p.date, "document", p.evidence(doc.text) if p.kind != "metadata" else _meta_evidence(doc)
    if bound is not None:
        return bound.date, "document", bound.evidence(doc.text)
    return today, "today", DateEvidence("today")


def _meta_evidence(doc: Document) -> DateEvidence:
    return DateEvidence("metadata", doc.meta_label or f"文件属性日期 {doc.meta_date.isoformat()}", None, None)
