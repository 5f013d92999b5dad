"""Realistic test documents as reviewers receive them (issue 14), composed from parts written for this project
(no third-party or corpus text): a title (or none, or on the same line as the body), a genre opener, body
paragraphs, one piece of date evidence and a signature, in several layouts. Each document carries what it should
be judged as: its genre, the window its judged date must fall in, the placeholders planted in it and the theme
variants it contains.

Two disjoint sets of parts: ``dev`` (the rules were tuned on it) and ``heldout`` (written at the same time, with
other units, openers, frames and sentences, and never used for tuning). ``tools/messy_eval.py`` reports the
figures; ``tests/test_messy_set.py`` holds them to the issue's bar.

    .venv/bin/python tools/messy_docs.py --split heldout --out /tmp/messy   # write the documents as .txt
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

TODAY = dt.date(2026, 12, 2)      # the "today" the generated set is judged at (fixed: windows must not move)

CN_DIGIT = "〇一二三四五六七八九"


def cn_year(y: int, zero: str = "〇") -> str:
    return "".join(CN_DIGIT[int(c)] for c in str(y)).replace("〇", zero)


def cn_num(n: int) -> str:
    """1..31 and 100..199 in Chinese numerals (十二, 二十, 三十一, 一百零二)."""
    if n >= 100:
        rest = n - 100
        if rest == 0:
            return "一百"
        return "一百零" + CN_DIGIT[rest] if rest < 10 else "一百" + cn_num(rest)
    if n < 10:
        return CN_DIGIT[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGIT[tens]) + "十" + (CN_DIGIT[ones] if ones else "")


def cn_date(d: dt.date, zero: str = "〇") -> str:
    return f"{cn_year(d.year, zero)}年{cn_num(d.month)}月{cn_num(d.day)}日"


@dataclass
class Case:
    id: str
    split: str
    text: str
    genre: str
    window: tuple[dt.date, dt.date]
    date_kind: str
    layout: str
    placeholders: list[str] = field(default_factory=list)   # planted placeholder strings (each must be flagged)
    masked_theme: str | None = None                         # a theme a masked formula must not credit
    variants: list[tuple[str, str]] = field(default_factory=list)   # (theme id, the variant's text)


# --------------------------------------------------------------------------------------------------- parts

PARTS = {
    "dev": {
        "units": ["市财政局机关党委", "县教育局党组", "区税务局第一党支部", "市人民医院党委", "镇机关党支部",
                  "市住建局党组", "县交通运输局机关支部", "学区党支部"],
        "people": ["局党组书记", "支部书记", "党委书记、院长", "党组书记、局长"],
        "topics": ["坚定理想信念 筑牢信仰之基", "传承红色基因 赓续精神血脉", "以学铸魂 以学促干",
                   "牢记初心使命 勇担时代重任"],
        "body": [
            "全年召开支部委员会12次、党员大会4次，讲党课6次，开展主题党日活动12次。",
            "围绕群众反映强烈的停车难问题，协调新增车位320个，办结群众诉求47件。",
            "组织党员干部参加集中轮训3期，累计培训186人次，考试合格率100%。",
            "新发展党员3名，按期转正预备党员2名，党员队伍结构进一步优化。",
            "针对巡察反馈的5个方面问题，制定整改措施21条，目前已全部整改到位。",
            "建成党员活动室2个，更新党建宣传栏8处，党建阵地建设得到加强。",
            "开展“我为群众办实事”实践活动，走访困难群众35户，发放慰问金4.2万元。",
            "修订完善“三重一大”决策制度等制度7项，制度执行情况纳入年度考核。",
        ],
        "problems": ["理论学习还不够深入，学用结合不够紧密。", "个别党员作用发挥不明显，先锋模范作用有待加强。"],
        "plans": ["下一步，我们将持续加强理论武装，推动党建与业务深度融合。",
                  "下一步，将进一步压实责任，抓好问题整改，推动各项工作落地见效。"],
        "lecture": ["同志们：\n今天给大家讲一堂党课，题目是“{topic}”。",
                    "各位党员同志：\n这次党课，我想和大家一起交流三个方面的体会。",
                    "同志们：\n按照支部安排，今天由我给大家讲一次专题党课。"],
        "duty": ["根据上级党委统一部署，现将我履行基层党建工作第一责任人职责情况报告如下：",
                 "按照述职评议工作安排，现将本人抓基层党建工作述职如下："],
        "self_review": ["按照民主生活会的有关要求，我认真学习规定篇目，广泛征求意见，现将个人对照检查情况报告如下："],
        "summary": ["现将有关情况总结如下：", "一年来，在上级党委的坚强领导下，{unit}坚持围绕中心、服务大局，现将有关工作总结如下："],
        "speech": ["同志们：\n今天召开这次会议，主要任务是总结工作、分析形势、部署任务。"],
        "news": ["近日，{unit}召开专题民主生活会。会上，班子成员逐一作对照检查，开展批评和自我批评。",
                 "日前，{unit}召开党风廉政建设工作会议。会议指出，要持续加固中央八项规定精神堤坝。"],
        "essay": ["基层党组织是党在社会基层组织中的战斗堡垒，是党的全部工作和战斗力的基础。"],
        "essay_titles": ["关于新时代机关党建工作的几点思考", "浅谈基层党组织标准化建设"],
        "news_titles": ["{unit}召开专题民主生活会", "{unit}召开党风廉政建设工作会议"],
        "anniversary": ["今年是中国共产党成立{n}周年，支部组织开展了系列纪念活动。",
                        "今年是新中国成立{m}周年，我们组织党员开展主题教育实践活动。"],
        "event": [("党的二十大召开以来，支部把学习宣传贯彻党的二十大精神作为首要政治任务。", dt.date(2022, 10, 16)),
                  ("党纪学习教育开展以来，支部组织党员逐章逐条学习《中国共产党纪律处分条例》。", dt.date(2024, 4, 1))],
        "year_phrase": [("今年是全面贯彻党的二十大精神的开局之年。", 2023)],
        "placeholder_frames": ["{p}局党组高度重视党建工作，", "{p}同志在会上作了讲话，", "深入学习贯彻党的{p}大精神，",
                               "{p}年以来，支部坚持抓学习、抓落实，", "本人于{p}年加入中国共产党，"],
        "variant_frames": ["支部认真开展{v}，推动各项工作落实。", "我们始终坚持{v}，全年召开专题会议3次。",
                           "下一步，要把{v}作为重点任务来抓。"],
    },
    "heldout": {
        "units": ["省直机关工委第三党支部", "县农业农村局党组", "区市场监管局机关党委", "市中医院第二党支部",
                  "街道社区党委", "县审计局党支部", "市图书馆党支部", "乡镇党委"],
        "people": ["支部书记、馆长", "党委书记", "局党组书记", "社区党委书记"],
        "topics": ["从党史中汲取奋进力量", "做新时代合格共产党员", "把忠诚写在岗位上", "永葆共产党人政治本色"],
        "body": [
            "全年共组织集中学习24次，撰写心得体会58篇，举办专题读书班2期。",
            "推动解决农田灌溉渠道维修等实际问题9件，受益农户400余户。",
            "开展廉政谈话31人次，组织参观警示教育基地1次，受教育党员90人。",
            "在门诊大厅设立党员先锋岗6个，累计服务患者1.3万人次。",
            "完成软弱涣散党组织整顿1个，选优配强支部委员2名。",
            "组织志愿服务活动16场次，参与党员志愿者210人次。",
            "落实“三会一课”制度，全年上报会议记录48份，经抽查全部规范。",
            "梳理岗位廉政风险点43个，制定防控措施52条。",
        ],
        "problems": ["调查研究不够经常，掌握基层一线情况不够全面。", "创新意识不强，工作方法比较单一。"],
        "plans": ["今后，我们将坚持问题导向，补短板、强弱项，推动党建工作提质增效。",
                  "下步工作中，将突出抓好班子建设和队伍建设。"],
        "lecture": ["同志们：\n今天，我以“{topic}”为题，和大家上一堂党课。",
                    "各位同志：\n受支部委托，今天的党课由我来讲。",
                    "同志们：\n今天这堂党课，主要讲三个问题。"],
        "duty": ["按照县委组织部通知要求，现将本人履行抓基层党建工作主体责任情况报告如下：",
                 "根据年度考核安排，现将我一年来抓党建工作履职尽责情况报告如下："],
        "self_review": ["根据本次专题民主生活会要求，结合思想和工作实际，现将个人检视剖析情况报告如下："],
        "summary": ["现将全年党建工作情况总结报告如下：", "今年以来，{unit}紧扣年度目标任务，现将党建工作情况总结如下："],
        "speech": ["同志们：\n这次会议是经党组研究决定召开的一次重要会议。"],
        "news": ["日前，{unit}召开年度组织生活会。会议由支部书记主持，全体党员逐一对照检查，相互批评。",
                 "近日，{unit}组织党员赴革命教育基地开展主题党日活动。据悉，此次活动共有40余名党员参加。"],
        "essay": ["党建工作做实了就是生产力，做强了就是竞争力。"],
        "essay_titles": ["新时代党员干部作风建设心得体会", "刍议机关党建与业务融合"],
        "news_titles": ["{unit}召开年度组织生活会", "{unit}举行主题党日活动"],
        "anniversary": ["值此建党{n}周年之际，我们隆重表彰一批优秀共产党员。",
                        "明年就是我们党成立{n1}周年，支部提前谋划纪念活动。"],
        "event": [("学习贯彻党的二十届三中全会精神以来，支部围绕改革任务细化了工作举措。", dt.date(2024, 7, 18)),
                  ("“两学一做”学习教育开展以来，全体党员对照党章党规找差距。", dt.date(2016, 2, 1))],
        "year_phrase": [("今年是“十四五”开局之年。", 2021)],
        "placeholder_frames": ["中共{p}县委员会召开常委会，", "{p}同志任支部书记以来，", "学习党的{p}大报告，",
                               "{p}年度，支部", "经{p}同志介绍入党，"],
        "variant_frames": ["班子成员带头{v}，会前逐一谈心谈话。", "全年{v}取得新成效，相关做法被上级推广。",
                           "对照{v}的要求，查找出问题4条。"],
    },
}

# placeholder kinds: what is planted (the string a finding must cover) and which frame slot it goes in
PLACEHOLDERS = {
    "XX": "XX", "XXX": "XXX", "***": "***", "××": "××", "×××": "×××", "某某": "某某", "xx": "xx",
    "201x": "201x", "20XX": "20XX", "____": "____", "○○": "○○",
}
# placeholders that stand in a sentence of their own: (text, planted strings)
PLACEHOLDER_SENTENCES = [
    ("深入学习贯彻党的XX大精神，结合实际抓好落实。", ["XX"]),
    ("全体党员要不忘**、牢记**，在本职岗位上建功立业。", ["**", "**"]),
    ("认真学习_总书记关于党的建设的重要思想。", ["_"]),
    ("深入学习***新时代中国特色社会主义思想，做到学思用贯通。", ["***"]),
]
MASKED = ("深入学习***新时代中国特色社会主义思想，做到学思用贯通。", "xi-sixiang")

# theme variants: (theme id, variant text, the date from which the theme applies)
VARIANTS = [
    ("piping-ziwo", "批评与自我批评"),
    ("ershi-da-jingshen", "学习贯彻党的二十大及历次全会精神"),
    ("zhengzhi-jianshe-tongling", "以政治建设为统领"),
    ("zhengzhi-sanli", "ENUM"),
    ("dangyuan-jiaoyu", "加强党员教育和管理"),
]
ENUMS = {
    "dev": ["一是提高政治判断力，自觉从政治上看问题；二是提高政治领悟力，准确把握党中央精神；三是提高政治执行力，坚决抓好落实。",
            "不断提高政治判断力、政治领悟力和政治执行力。",
            "（一）提高政治判断力。\n（二）提高政治领悟力。\n（三）提高政治执行力。"],
    "heldout": ["要在三个方面下功夫：一要增强政治判断力，二要增强政治领悟力，三要增强政治执行力，把讲政治落到实处。",
                "切实增强政治领悟力、政治判断力和政治执行力。",
                "首先，提高政治判断力；其次，提高政治领悟力；最后，提高政治执行力。"],
}

GENRES = ["annual-summary", "duty-report", "self-review", "party-lecture", "speech", "general-news", "general-essay"]
DATE_KINDS = ["title-year", "cn-signature", "anniversary", "period", "event", "year-phrase", "undated", "date-line"]
LAYOUTS = ["plain", "fused", "no-title", "indented"]


def _window_year(y: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _compose(rng: random.Random, parts: dict, split: str, i: int, genre: str, date_kind: str,
             layout: str) -> Case:
    unit = rng.choice(parts["units"])
    topic = rng.choice(parts["topics"])
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025])
    evidence = ""          # a sentence of date evidence for the opening paragraph
    title_year = ""
    date_line = ""
    signature_date = ""
    if date_kind == "title-year":
        title_year = rng.choice([f"{year}年度", f"{year}年", f"{year}", f"{cn_year(year)}年度"])
        window = (dt.date(year, 11, 1), dt.date(year + 1, 3, 31))
    elif date_kind == "cn-signature":
        d = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        signature_date = cn_date(d, rng.choice("〇○"))
        window = (d, d)
    elif date_kind == "date-line":
        d = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        date_line = rng.choice([f"（{d.year}年{d.month}月{d.day}日）", f"——{d.year}年{d.month}月{d.day}日在{unit}会议上"])
        window = (d, d)
    elif date_kind == "anniversary":
        frame = rng.choice(parts["anniversary"])
        n = year - 1921
        evidence = frame.format(n=n, m=year - 1949, n1=n + 1)
        window = _window_year(year)
    elif date_kind == "period":
        kind = rng.choice(["上半年", "第三季度", "1-9月", "前三季度"])
        end = {"上半年": dt.date(year, 6, 30), "第三季度": dt.date(year, 9, 30), "1-9月": dt.date(year, 9, 30),
               "前三季度": dt.date(year, 9, 30)}[kind]
        title_year = f"{year}年{kind}"
        window = (end - dt.timedelta(days=31), end + dt.timedelta(days=92))
    elif date_kind == "event":
        sentence, since = rng.choice(parts["event"])
        evidence = sentence
        window = (since, TODAY)
    elif date_kind == "year-phrase":
        sentence, y = rng.choice(parts["year_phrase"])
        evidence = sentence
        window = _window_year(y)
    else:
        window = (TODAY, TODAY)
    g = genre.split("-")[0] if genre.startswith("general") else genre
    # the title, by genre
    if genre == "annual-summary":
        title = f"{unit}{title_year}党建工作总结"
    elif genre == "duty-report":
        title = f"{title_year}{rng.choice(parts['people'])}抓基层党建工作述职报告"
    elif genre == "self-review":
        title = f"{title_year}民主生活会个人对照检查材料"
    elif genre == "party-lecture":
        title = topic if not title_year else f"{topic}——{title_year}专题辅导"
    elif genre == "speech":
        title = f"在{unit}{title_year}党建工作会议上的讲话"
    elif genre == "general-news":
        title = rng.choice(parts["news_titles"]).format(unit=unit)
        if title_year:
            title = title.replace("召开", f"召开{title_year}", 1).replace("举行", f"举行{title_year}", 1)
    else:
        title = rng.choice(parts["essay_titles"])
        if title_year:
            title = f"{title_year}{title}"
    if genre == "party-lecture" and not title_year and layout != "no-title" and rng.random() < 0.4:
        title = f"在{unit}专题学习会上的讲话"      # a lecture under a speech-like title: the opener decides
    key = {"annual-summary": "summary", "duty-report": "duty", "self-review": "self_review",
           "party-lecture": "lecture", "speech": "speech", "general-news": "news", "general-essay": "essay"}[genre]
    opener = rng.choice(parts[key]).format(unit=unit, topic=topic)
    body = rng.sample(parts["body"], 4)
    paras = [opener + (evidence if evidence and "\n" not in opener else "")]
    if evidence and "\n" in opener:
        paras[0] = opener + evidence
    if genre in ("annual-summary", "duty-report", "self-review"):
        paras += ["一、主要工作", *body[:2], "二、存在的问题", rng.choice(parts["problems"]),
                  "三、下一步打算", rng.choice(parts["plans"])]
    else:
        paras += body[:3] + [rng.choice(parts["plans"])]
    signature = []
    if genre in ("annual-summary", "duty-report", "self-review") or signature_date:
        signature = [unit] + ([signature_date] if signature_date else [])
    layout_used = layout
    if layout == "no-title" and date_kind in ("title-year", "period"):
        layout_used = "plain"     # the year lives in the title
    if layout_used == "fused":
        head = [f"{title}{rng.choice([' ', '  ', chr(0x3000)])}{paras[0].replace(chr(10), '')}"]
        if date_line:
            head = [title, date_line, paras[0]]
        lines = head + paras[1:] + signature
    elif layout_used == "no-title":
        lines = ([date_line] if date_line else []) + paras + signature
    else:
        lines = [title] + ([date_line] if date_line else []) + paras + signature
    if layout_used == "indented":
        text = "\n\n".join(("\u3000\u3000" + ln if k > 0 and ln not in signature else ln)
                           for k, ln in enumerate(lines))
    else:
        text = "\n".join(lines)
    want = "general" if genre.startswith("general") else genre
    return Case(f"{split}-{i:03d}", split, text + "\n", want, window, date_kind, layout_used)


def generate(split: str, n: int = 140, seed: int = 14) -> list[Case]:
    """``n`` documents of one split: every genre × date kind × layout, round robin, then placeholder and variant
    documents built on top of them."""
    parts = PARTS[split]
    rng = random.Random(f"{split}-{seed}")
    out = []
    for i in range(n):
        genre = GENRES[i % len(GENRES)]
        date_kind = DATE_KINDS[(i // len(GENRES)) % len(DATE_KINDS)]
        layout = LAYOUTS[(i // (len(GENRES) * len(DATE_KINDS)) + i) % len(LAYOUTS)]
        out.append(_compose(rng, parts, split, i, genre, date_kind, layout))
    # placeholders: every kind, in every frame, planted into a copy of a document
    k = 0
    for kind, planted in PLACEHOLDERS.items():
        for frame in parts["placeholder_frames"]:
            if kind in ("201x", "20XX") and "年" not in frame:
                continue
            base = out[k % len(out)]
            k += 1
            out.append(_plant(base, frame.format(p=planted) + "各项工作有序推进。", [planted], f"ph-{kind}"))
    for sentence, planted in PLACEHOLDER_SENTENCES:
        for j in range(3):
            base = out[(k + j * 7) % n]
            case = _plant(base, sentence, planted, "ph-sentence")
            if sentence == MASKED[0]:
                case.masked_theme = MASKED[1]
            out.append(case)
        k += 1
    # variants: each form in each frame (credited = the theme's evidence lies in the planted sentence)
    for theme, form in VARIANTS:
        for j, frame in enumerate(parts["variant_frames"]):
            sentence = ENUMS[split][j] if form == "ENUM" else frame.format(v=form)
            base = out[(3 + j * 11 + len(out)) % n]
            case = _plant(base, sentence, [], "variant")
            case.variants = [(theme, sentence)]
            out.append(case)
    return out


def _plant(base: Case, sentence: str, planted: list[str], kind: str) -> Case:
    """A copy of ``base`` with ``sentence`` as a paragraph after its opening one (its date and genre are not
    scored: the sentence may carry evidence of its own)."""
    lines = base.text.rstrip("\n").split("\n")
    lines.insert(min(2, len(lines)), sentence)
    return Case(f"{base.id}-{kind}-{len(sentence)}", base.split, "\n".join(lines) + "\n", base.genre, base.window,
                "planted", base.layout, placeholders=list(planted))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout"], default="dev")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for c in generate(args.split):
        (args.out / f"{c.id}.txt").write_text(c.text, encoding="utf-8")


if __name__ == "__main__":
    main()
