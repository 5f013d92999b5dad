"""Facts in a sentence: the one vocabulary of concreteness that coverage, hollowness and drafting all use.

A reviewer calls a sentence concrete when it says how many (a number), when (a date, a deadline, a recurring
period), what (a 《title》, a named “…”activity, a decisive measure, a result) or who (a named organisation). Each
kind is one regular expression built here from small tables (digits, units, organisation suffixes, verbs), so
every analysis sees the same facts:

========== =========================================================================================
kind        examples
========== =========================================================================================
number      12、18.6%、１２、三分之一、百分之三十、十一户、三百余人、八百三十二个（not 一个、两个大局、十九届)
date        2023年、二〇二三年十二月二十日、2024年上半年、第三季度、3月10日、十二月、截至2023年底、截至目前
deadline    年底前、6月底前、2024年3月前、年内、限期、30个工作日内、三天内
period      每季度、每月、每半年、今年、去年、当年、上半年（no year: a period of the current one)
title       《不动产登记办事指南》
activity    “百名书记讲党课”活动、“一窗受理”工程（a quoted name plus 活动/行动/工程/品牌/项目…)
actor       第二党支部、市直机关工委、黄泥村（2–8 characters before an organisation suffix)
measure     取消、建成、开通、启动、印发、限期（decisive verbs of a measure someone can verify)
result      累计、同比、首次、获评、荣获、完成了、开展了…
========== =========================================================================================

What a fact is *not* depends on context the caller knows: the 四 of “四个意识” is part of a formula, a number
inside a short quotation is a slogan's, 各级党组织 is no named actor. Callers mask those spans (coverage masks
theme mentions and numbered formulas, hollowness the phrase lexicon's) and drop the facts that start inside.

Everything works on raw or normalised text (full- and half-width digits, any quote style, a space between a
number and its unit)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator, NamedTuple

from analyzer.kernels import regex_cache
from analyzer.kernels.regex_anchors import AnchoredPattern
from analyzer.kernels.regex_scan import compile_scanning

KINDS = ("number", "date", "deadline", "period", "title", "activity", "actor", "measure", "result")
TIME_KINDS = ("date", "deadline", "period")
# The kinds that make a theme mention substantive (coverage): a count, a calendar date or deadline, a named
# document or activity, a result. A recurring period (今年、每月) frames slogans as often as measures, and an actor
# alone (市委要……) is who, not what was done.
SUBSTANTIVE = ("number", "date", "deadline", "title", "activity", "result")
# What makes the event after 比如/例如 concrete.
EXAMPLE_KINDS = ("number", "date", "deadline", "title", "activity", "actor", "result")

# --- the tables ------------------------------------------------------------------------------------------------

CN_DIGITS = "〇零○一二两三四五六七八九"
CN_NUMERAL = CN_DIGITS + "十百千万亿"
YEAR_DIGITS = "〇零○一二三四五六七八九"          # 两 never writes a year
# Measure words and units after a Chinese numeral (a digit needs none); longest first in the regex.
UNITS = ("个百分点", "百分点", "人次", "万元", "亿元", "万人", "平方米", "平方公里", "公里", "小时", "分钟",
         "个", "次", "项", "件", "名", "户", "元", "张", "篇", "期", "套", "批", "轮", "天", "日", "月", "号",
         "位", "座", "所", "家", "条", "场", "米", "吨", "亩", "台", "辆", "份", "人", "支", "倍", "成", "周(?!年)",
         "类", "种", "间", "本", "册", "处", "点", "块", "栋")
# Not units after a Chinese numeral, by what the corpus shows them to be: 年 (五年来、十年: a narrative span; a year
# is a date), 届 (十九届: an ordinal in a name), 周年 (an anniversary, named).
PERCENT = "%％‰"
ORG_SUFFIXES = ("党支部", "党总支", "党委", "党组", "工委", "纪委监委", "委员会", "办公室", "中心", "局", "处", "科",
                "公司", "集团", "医院", "学校", "街道", "社区", "村委会", "村", "镇", "乡", "县", "旗")
# Words that open a generic or relative reference, not a named unit (各党支部、本单位、基层党委).
ORG_STOP = ("各", "全", "本", "该", "有的", "基层", "广大", "上级", "下级", "机关", "部分", "一些", "相关", "所在",
            "联系", "我", "贫困", "农村", "城乡", "非贫困", "中央和国家", "地方")
ACTIVITY_SUFFIXES = ("活动", "行动", "工程", "品牌", "项目", "工作法", "竞赛", "评选", "课堂", "讲堂")
MEASURE_VERBS = ("取消", "设立", "建成", "出台", "开通", "启动", "新建", "关停", "免除", "清偿", "下放", "撤销", "合并",
                 "开工", "竣工", "投运", "投入使用", "印发", "颁布", "制定", "修订", "举办", "召开", "成立", "组建",
                 "签订", "挂牌", "淘汰", "整合", "限期", "降低", "减免", "纳入", "列入", "改造", "搬迁", "迁建",
                 "上调", "下调", "免费", "补贴", "试点")
RESULT_WORDS = ("累计", "共计", "同比", "环比", "比上年", "较上年", "首次", "获评", "荣获", "被评为", "被授予")
# Verbs whose perfective (……了) reports a thing done.
DONE_VERBS = ("完成", "建成", "办结", "解决", "整改", "查处", "处分", "问责", "开展", "举办", "召开", "组织", "培训",
              "走访", "慰问", "制定", "出台", "修订", "印发", "发展", "新建", "建立")
EXAMPLE_MARKERS = ("比如", "例如", "譬如", "举例来说", "举个例子")

# --- the patterns -----------------------------------------------------------------------------------------------

_SP = r"[ \u3000]?"                                    # one inline space, as PDF and Word extraction leave
_ALT = "|".join
_UNIT = _ALT(sorted(UNITS, key=len, reverse=True))
_ARABIC = rf"\d+(?:[.,，]\d{{3}})*(?:[.．]\d+)?(?:\s*[{PERCENT}])?"
# A numeral has a digit or 十 (三百、十一), or is two or more of 百千万亿 (百万亿元、千万): 百家争鸣、千家万户 are idioms.
_CN = rf"(?:[{CN_NUMERAL}]*[{CN_DIGITS}十][{CN_NUMERAL}]*|[百千万亿]{{2,}})(?:点[{CN_DIGITS}]+)?"
# A Chinese numeral right after an opening quote (“四个全面”、“十个明确”: a formula's name) or inside a longer
# numeral is no count. An ordinal is (第三次全国土壤普查、第十九次全国代表大会 name one particular event).
_CN_START = rf"(?<![“\"「『{CN_NUMERAL}])"
NUMBER_RE = compile_scanning(        # searched from its first characters only (analyzer.kernels.regex_scan)
    rf"(?=[\d{CN_NUMERAL}])(?:{_ARABIC}"
    rf"|{_CN_START}(?:百分之[{CN_NUMERAL}]+(?:点[{CN_DIGITS}]+)?|{_CN}(?:分之[{CN_NUMERAL}]+|[余多]?[万亿]?{_SP}(?:{_UNIT}))))")
# Not a count: 一 alone before a unit (一个国家、一项任务、最后一公里: an article), and one character before 个
# or 种 or 类 (两个大局、三个务必、两种资源: the naming pattern of numbered formulas; 八百三十二个 counts).
_NOT_A_COUNT = regex_cache.compile(rf"一+[余多]?{_SP}(?:{_UNIT})|.{_SP}[个种类]")

_YEAR = rf"(?:\d{{4}}|[{YEAR_DIGITS}]{{4}}){_SP}年"
_MD = rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})"
_MONTH_DAY = rf"{_MD}{_SP}月份?(?:{_SP}{_MD}{_SP}[日号])?"
_QUARTER = r"第?[一二三四1-4１-４]季度"
_IN_YEAR = rf"(?:{_SP}{_MONTH_DAY}|[上下]半年|{_QUARTER}|度)?"
_AFTER = r"(?:底前|末前|底|末|初|中旬|上旬|下旬|以前|之前|前)?"
TIME_RE = compile_scanning(
    rf"(?=[\d{CN_NUMERAL}年月每上下今明去当本截限第])(?:"
    rf"(?:截至{_SP})?(?:{_YEAR}{_IN_YEAR}|{_MONTH_DAY}|{_QUARTER}){_AFTER}"
    r"|截至(?:目前|当前|今年|本月|年底)"
    rf"|(?:\d+|[{CN_NUMERAL}]+){_SP}个?(?:工作日|日|天|周|月)内"
    rf"|年底前|年末前|月底前|季度末前|(?<![\d{CN_NUMERAL}])[年月]内|限期"
    r"|每季度|每半年|每月|每周|每年|每天|每日|上半年|下半年|今年|明年|去年|当年|本年度)")
# Over a whole document both are tried only where a match can begin (analyzer.kernels.regex_anchors): TIME_RE's
# first characters (一二三…十 上 下 本 年 月 第 每) are everywhere, but a match needs one of a few characters (年 月 内
# 截 限 每 …) close after its start; NUMBER_RE's starts are found in one pass over the text's code points
NUMBER_SCAN, TIME_SCAN = AnchoredPattern(NUMBER_RE), AnchoredPattern(TIME_RE)
_DEADLINE_END = ("前", "内")
_PERIOD = frozenset({"每季度", "每半年", "每月", "每周", "每年", "每天", "每日", "上半年", "下半年", "今年", "明年",
                     "去年", "当年", "本年度"})

TITLE_RE = regex_cache.compile(r"《[^《》\n]{2,60}》")
ACTIVITY_RE = regex_cache.compile(rf"[“\"「『][^”\"」』\n]{{2,30}}[”\"」』](?:{_ALT(ACTIVITY_SUFFIXES)})")
ORG_RE = regex_cache.compile(rf"[\u4e00-\u9fff]{{2,8}}?(?:{_ALT(ORG_SUFFIXES)})")
# Where a found organisation really begins: after the last function word or verb inside it (建立了第二党支部 → 第二党支部).
_ORG_BREAK = re.compile(r".*[的了个名余报到在把对和与及等将是为从由被向给抽查新建选织展开深入各全本该现让以按要点]")
MEASURE_RE = re.compile(_ALT(MEASURE_VERBS) + r"|扩大.{0,6}范围|通过.{0,4}验收")
# re finds no first-character set for the branch of verbs before 了 and would start the matcher everywhere
RESULT_RE = compile_scanning(_ALT(RESULT_WORDS) + rf"|(?:{_ALT(DONE_VERBS)})了")
_EXAMPLE_RE = re.compile(rf"(?:{_ALT(EXAMPLE_MARKERS)})|(?:^|[，,。；;：:\s])如(?=[，,：:]|在)")
# The frame of a particular occasion: 在学习贯彻……时，/ 到联系点走访时，/ 在推进……工作中，
_EVENT_FRAME = regex_cache.compile(r"(?:在[^，,。；;]{2,40}(?:时|期间|过程中|中)|[^，,。；;]{2,40}(?:时|期间|过程中|之际))[，,]")


class Fact(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def numbers(text: str, start: int = 0, end: int | None = None) -> Iterator[Fact]:
    """Quantities: any digit run (with decimals, thousands separators, a percent sign), a Chinese numeral with a
    unit or 分之 (十一户、三分之一), 百分之…; a bare 一 before a measure word (一个国家、一项任务) is an article."""
    end = len(text) if end is None else end
    for m in NUMBER_SCAN.finditer(text, start, end):
        g = m.group()
        if g[0].isdecimal() or not _NOT_A_COUNT.fullmatch(g):
            yield Fact("number", m.start(), m.end(), g)


def time_kind(found: str) -> str:
    """date, deadline or period, for a match of TIME_RE."""
    if found in _PERIOD:
        return "period"
    if found.startswith("截至"):          # as of a date (截至目前 too): a date, not a limit
        return "date"
    if found.endswith(_DEADLINE_END) or found == "限期":
        return "deadline"
    return "date"


def times(text: str, start: int = 0, end: int | None = None) -> Iterator[Fact]:
    """Dates, deadlines and periods, each classified by ``time_kind``."""
    end = len(text) if end is None else end
    for m in TIME_SCAN.finditer(text, start, end):
        g = m.group()
        yield Fact(time_kind(g), m.start(), m.end(), g)


def org_candidates(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """The matches of ORG_RE as (start, text)."""
    end = len(text) if end is None else end
    for m in ORG_RE.finditer(text, start, end):
        yield m.start(), m.group()


def actors_from(candidates: Iterable[tuple[int, str]]) -> Iterator[Fact]:
    """Named organisations from ORG_RE's matches: cut after a function word or verb inside, then dropped when
    shorter than three characters or generic (各…、本…、基层…, before or after the cut)."""
    for gs, g in candidates:
        cut = _ORG_BREAK.match(g[:-1])
        if cut:
            if g[:cut.end()].endswith(ORG_STOP):      # 各级党组、本单位党委: the cut word opened a generic reference
                continue
            g, gs = g[cut.end():], gs + cut.end()
        if len(g) < 3 or g.startswith(ORG_STOP):
            continue
        yield Fact("actor", gs, gs + len(g), g)


def _simple(kind: str, rx: re.Pattern):
    def finder(text: str, start: int = 0, end: int | None = None) -> Iterator[Fact]:
        for m in rx.finditer(text, start, len(text) if end is None else end):
            yield Fact(kind, m.start(), m.end(), m.group())
    finder.__name__ = kind
    finder.__doc__ = f"Every {kind} of ``text[start:end]`` (``{kind.upper()}_RE``)."
    return finder


titles = _simple("title", TITLE_RE)
activities = _simple("activity", ACTIVITY_RE)
measures = _simple("measure", MEASURE_RE)
results = _simple("result", RESULT_RE)


KERNEL_FROM = 1000       # characters from which organisations are found from their suffixes (kernels.facts_orgs)


def actors(text: str, start: int = 0, end: int | None = None) -> Iterator[Fact]:
    """Named organisations of ``text[start:end]`` (``actors_from`` over ORG_RE's matches)."""
    if start == 0 and end is None and len(text) >= KERNEL_FROM:
        from analyzer.kernels.facts_orgs import org_matches
        return actors_from(org_matches(text, ORG_SUFFIXES))
    return actors_from(org_candidates(text, start, end))


FINDERS = {"number": numbers, "time": times, "title": titles, "activity": activities, "actor": actors,
           "measure": measures, "result": results}


def find(text: str, kinds: Iterable[str] = KINDS, start: int = 0, end: int | None = None) -> list[Fact]:
    """Every fact of the given kinds in ``text[start:end]`` (offsets into ``text``), by position."""
    kinds = frozenset(kinds)
    unknown = kinds - set(KINDS)
    if unknown:
        raise ValueError(f"unknown fact kinds: {sorted(unknown)}")
    out: list[Fact] = []
    for family, finder in FINDERS.items():
        if family == "time":
            if kinds & set(TIME_KINDS):
                out += [f for f in finder(text, start, end) if f.kind in kinds]
        elif family in kinds:
            out += finder(text, start, end)
    return sorted(out, key=lambda f: (f.start, -f.end, f.kind))


def kinds_in(text: str, start: int = 0, end: int | None = None) -> frozenset[str]:
    """The kinds of fact ``text[start:end]`` carries."""
    return frozenset(f.kind for f in find(text, KINDS, start, end))


def has_substance(text: str, start: int = 0, end: int | None = None, kinds: Iterable[str] = SUBSTANTIVE) -> bool:
    """Whether ``text[start:end]`` carries a fact of ``kinds`` (default: what makes a theme mention substantive)."""
    for finder, wanted in _finders_for(tuple(kinds)):      # stops at the first fact, in the cheapest order
        if any(f.kind in wanted for f in finder(text, start, end)):
            return True
    return False


@lru_cache(maxsize=16)
def _finders_for(kinds: tuple[str, ...]) -> tuple[tuple[Callable, frozenset[str]], ...]:
    """The finders ``has_substance`` runs for ``kinds``, in ``FINDERS``' order, each with the kinds it may give
    that count: worked out once, as it asks this for every sentence a theme is mentioned in."""
    kinds = frozenset(kinds)
    out = []
    for family, finder in FINDERS.items():
        wanted = kinds & set(TIME_KINDS) if family == "time" else kinds & {family}
        if wanted:
            out.append((finder, wanted))
    return tuple(out)


def gives_example(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` gives an example: 比如/例如/譬如/如，… followed, in the same stretch, by a concrete
    event — a fact (number, date, deadline, title, activity, actor, result) or an event frame (在……时，)."""
    text = text[start:end]                  # sliced: ``^`` must mean the start of the stretch
    m = _EXAMPLE_RE.search(text)
    if m is None:
        return False
    if _EVENT_FRAME.search(text, m.end()):
        return True
    return bool(find(text, EXAMPLE_KINDS, m.end()))
