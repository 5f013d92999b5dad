"""Reuse (雷同) detection: real duplicate pairs of the corpus, a planted lightly-edited copy located to within a few
characters, unrelated reports not paired, formulas and common material not counted, the CLI's json shape."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli
from analyzer.ingest import document_from_text, read_document
from analyzer.analyses.reuse.detect import against, find_pairs

from conftest import CORPUS, requires_corpus


def _doc(name: str):
    return read_document(CORPUS / name)


@pytest.fixture(scope="module")
def corpus_pairs(corpus):
    docs = [read_document(p) for p in corpus]
    return {(Path(p.a).name, Path(p.b).name): p for p in find_pairs(docs)}


def _pair(pairs, a, b):
    return pairs.get((a, b)) or pairs.get((b, a))


@requires_corpus
@pytest.mark.parametrize("a, b, min_share", [
    ("cpc20_report.txt", "cpc20_report_alt.txt", 0.99),
    ("xi_2020-10-23_kangmei_yuanchao.txt", "xi_2020-10-23_kangmei_yuanchao_alt.txt", 0.95),
    ("xi_2020-01-08_zhutijiaoyu_zongjie.txt", "xi_2020-01-08_zhutijiaoyu_zongjie_alt.txt", 0.9),
])
def test_corpus_copies_are_paired(corpus_pairs, a, b, min_share):
    pair = _pair(corpus_pairs, a, b)
    assert pair is not None, f"{a} ~ {b} not found"
    assert min(pair.a_share, pair.b_share) >= min_share
    assert max(pair.a_share, pair.b_share) <= 1.0


@requires_corpus
def test_identical_report_is_one_passage_with_offsets_into_each_text(corpus_pairs):
    pair = _pair(corpus_pairs, "cpc20_report.txt", "cpc20_report_alt.txt")
    a_text = _doc(Path(pair.a).name).text
    b_text = _doc(Path(pair.b).name).text
    assert len(pair.passages) == 1
    a0, a1, b0, b1, text = pair.passages[0]
    assert text == a_text[a0:a1]
    assert a1 - a0 > 32000 and b1 - b0 > 32000
    # the two copies differ only in whitespace: the passage texts agree once it is removed
    assert re.sub(r"\s", "", a_text[a0:a1]) == re.sub(r"\s", "", b_text[b0:b1])


@requires_corpus
@pytest.mark.parametrize("a, b", [
    ("gwr_2010.txt", "gwr_2020.txt"),
    ("cpc17_report.txt", "hailar_gwr_2019.txt"),
    ("gwr_2012.txt", "gwr_2024.txt"),
])
def test_unrelated_reports_ten_years_apart_are_not_paired(corpus_pairs, a, b):
    assert _pair(corpus_pairs, a, b) is None


@requires_corpus
def test_unrelated_reports_are_not_paired_even_alone():
    """Without a batch there is no common-material filter; these still share nothing but formulas."""
    assert find_pairs([_doc("gwr_2010.txt"), _doc("gwr_2020.txt")]) == []
    assert find_pairs([_doc("cpc17_report.txt"), _doc("hailar_gwr_2019.txt")]) == []


@requires_corpus
def test_ritual_paragraph_is_common_in_a_batch_but_reported_alone(corpus_pairs):
    """The GWR's closing thanks recur in most GWRs: common material in the corpus batch; two reports alone do
    share it verbatim, and that is reported (low share)."""
    pairs = find_pairs([_doc("gwr_2012.txt"), _doc("gwr_2024.txt")])
    assert len(pairs) == 1 and pairs[0].a_share < 0.02
    assert "我代表国务院，向全国各族人民" in pairs[0].passages[0][4]


@requires_corpus
def test_npc_resolutions_pair_as_template_reuse(corpus_pairs):
    """Documented decision: year-to-year reuse of the resolution template is reported (it is reuse)."""
    pair = _pair(corpus_pairs, "npc_gwr_resolution_2014.txt", "npc_gwr_resolution_2015.txt")
    assert pair is not None
    assert pair.passages[0][4].startswith("第十二届全国人民代表大会第二次会议听取和审议了国务院总理李克强")
    # in the corpus batch the call "会议号召，全国各族人民紧密团结在…" is in most resolutions: common, trimmed off
    assert 0.2 < pair.a_share < 0.35 and "会议号召" not in pair.passages[0][4]
    alone = find_pairs([_doc("npc_gwr_resolution_2014.txt"), _doc("npc_gwr_resolution_2015.txt")])
    assert len(alone) == 1 and 0.4 < alone[0].a_share < 0.55 and "会议号召" in alone[0].passages[0][4]


def _body_paragraphs(doc, min_len=80):
    return [p for p in doc.paragraphs if p.kind == "body" and p.end - p.start >= min_len]


@requires_corpus
def test_lifted_and_lightly_edited_paragraphs_are_located():
    source = _doc("xi_2020-03-06_tuopin_zuotanhui.txt")
    target = _doc("hailar_gwr_2018.txt")
    paras = _body_paragraphs(source)[4:7]
    assert len(paras) == 3
    a0, a1 = paras[0].start, paras[-1].end
    lifted = source.text[a0:a1]
    # light edits in the middle of the lifted text: a changed year and a unit's name replacing two characters
    mid = len(lifted) // 2
    lifted_edited = lifted[:mid] + "机关第三党支部" + lifted[mid + 2:]
    third = len(lifted) // 4
    lifted_edited = lifted_edited[:third] + "2023年" + lifted_edited[third + 2:]
    host = _body_paragraphs(target)[10]
    ins = host.start
    text = target.text[:ins] + lifted_edited + "\n" + target.text[ins:]
    copy = document_from_text(text, path="copy.txt")

    pairs = find_pairs([source, copy])
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair.a == source.path and pair.b == "copy.txt"
    big = [p for p in pair.passages if p[1] - p[0] > 100]
    assert len(big) == 1, pair.passages          # the edits are bridged: one passage, not three pieces
    pa0, pa1, pb0, pb1, _ = big[0]
    assert abs(pa0 - a0) <= 3 and abs(pa1 - a1) <= 3
    assert abs(pb0 - ins) <= 3 and abs(pb1 - (ins + len(lifted_edited))) <= 3
    share = (a1 - a0) / len(source.text)
    assert pair.a_share == pytest.approx(share, abs=0.05)


@requires_corpus
def test_against_reports_passages_of_the_checked_document():
    doc = _doc("xi_2020-10-23_kangmei_yuanchao.txt")
    results = against(doc, [_doc("xi_2020-10-23_kangmei_yuanchao_alt.txt"), _doc("gwr_2010.txt")])
    assert [Path(r.other).name for r in results] == ["xi_2020-10-23_kangmei_yuanchao_alt.txt"]
    covered = sum(p.end - p.start for p in results[0].passages)
    assert covered > 0.95 * len(doc.text)
    p = results[0].passages[0]
    other = _doc("xi_2020-10-23_kangmei_yuanchao_alt.txt")
    assert doc.text[p.start:p.start + 20] == other.text[p.other_start:p.other_start + 20]


POOL = "党建工作会议学习组织干部群众服务社区发展项目资金制度监督检查整改落实责任考核培训教育基层支部活动调研走访宣传意识形态安全生产环境治理改革创新企业经济"


def _unit_report(n: int) -> str:
    """Filler that shares no passage with another seed: characters drawn at random (seeded) from a small pool."""
    import random
    rnd = random.Random(n)
    paras = []
    for _ in range(3):
        clauses = ["".join(rnd.choice(POOL) for _ in range(rnd.randint(8, 16))) for _ in range(8)]
        paras.append("，".join(clauses) + "。")
    return "\n".join(paras)


def test_common_material_in_many_documents_is_not_copying():
    stock = ("本单位严格落实意识形态工作责任制，定期分析研判意识形态领域情况，及时发现和处置苗头性倾向性问题，"
             "确保各类阵地可管可控，全年未发生重大意识形态事件。")
    copied = ("三季度，第二党支部联合社区开展“城市清洁日”志愿服务，组织党员分片包干清理楼道杂物和绿化带垃圾，"
              "共清运废旧家具四十余件，并为独居老人更换了十二处老化电线。")
    docs = [document_from_text(_unit_report(n) + "\n" + stock + ("\n" + copied if n in (2, 5) else ""),
                               path=f"unit{n}.txt") for n in range(8)]
    pairs = find_pairs(docs)
    # the stock paragraph is in all 8 documents: common material, never a pair by itself
    assert [(p.a, p.b) for p in pairs] == [("unit2.txt", "unit5.txt")]
    texts = [t for *_, t in pairs[0].passages]
    assert len(texts) == 1 and texts[0].startswith("三季度，第二党支部") and "意识形态" not in texts[0]


def test_required_formulas_are_not_copying():
    formula = "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，坚持以习近平新时代中国特色社会主义思想为指导。"
    plain = "第三党支部把每月第一个周五定为主题党日，先集中学习一小时，再分组到结对社区走访困难群众，记录诉求并在下周例会上逐条研究。"
    assert len(re.sub(r"\W", "", formula)) >= 50
    a = document_from_text(_unit_report(1) + "\n" + formula, path="a.txt")
    b = document_from_text(_unit_report(40) + "\n" + formula, path="b.txt")
    assert find_pairs([a, b]) == []
    a2 = document_from_text(_unit_report(1) + "\n" + plain, path="a.txt")
    b2 = document_from_text(_unit_report(40) + "\n" + plain, path="b.txt")
    assert len(find_pairs([a2, b2])) == 1


# Two annual summaries of unrelated units (a city water bureau, a county school), written for this test: different
# facts, the same canonical sentences of the 20th Congress period, as every report of 2023 carries them.
CONGRESS_THEME = ("高举中国特色社会主义伟大旗帜，全面贯彻新时代中国特色社会主义思想，弘扬伟大建党精神，自信自强、守正创新，"
                  "踔厉奋发、勇毅前行，为全面建设社会主义现代化国家、全面推进中华民族伟大复兴而团结奋斗。")
OPENING = ("坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届历次全会精神，"
           "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，"
           "完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，"
           "锲而不舍落实中央八项规定精神，持续深化纠治“四风”，坚决反对形式主义、官僚主义。")
WATER = """市水务局机关党委2023年党建工作总结
2023年，局机关党委{opening}全年召开党组理论学习中心组学习会12次，围绕防汛抗旱、城乡供水一体化开展专题研讨4次，形成调研报告6篇。
一、服务中心工作
党员干部下沉一线，完成南郊水厂二期扩建工程，日供水能力由8万吨提高到12万吨；汛期组建党员突击队7支、132人，巡查堤防460公里，处置险情23处，未发生人员伤亡。
二、基层组织建设
严格落实“三会一课”制度，7个支部全部完成换届，新发展党员3名，评选“四强”党支部2个。开展“水务讲堂”9期，青年干部轮流授课，局领导点评。
三、作风建设
精简会议文件，全年发文数同比下降18%，督查检查考核事项由41项压减到19项；对3起违反工作纪律问题进行了通报。
四、下一步打算
新的一年，局机关党委将{theme}重点抓好东区管网改造和农村饮水安全巩固提升两项工程，确保明年6月底前完工。
"""
SCHOOL = """县第一中学党总支2023年度工作总结
一年来，学校党总支{opening}落实党组织领导的校长负责制，修订议事规则，全年召开党总支会议21次，研究课后服务、校舍维修等事项37项。
一、围绕育人中心
推进党建与教学深度融合，高三年级本科上线率达到71.4%，比上年提高5.2个百分点；组织党员教师结对帮扶学困生86名，开设晚自习答疑室3间。
二、加强支部建设
按时召开支部党员大会、支委会和党小组会，开展主题党日活动12次；教工第二支部获评县级先进基层党组织，吸收2名青年教师为入党积极分子。
三、正风肃纪
开展教辅材料征订、有偿补课专项整治，查纠问题5个，收回违规收费1.2万元并全部退还学生家长。
四、明年工作
全校教职工将{theme}启动新校区图书馆建设，力争2024年秋季学期投入使用。
"""


@pytest.mark.parametrize("opening, theme", [
    (OPENING, CONGRESS_THEME),
    (OPENING + CONGRESS_THEME, CONGRESS_THEME),        # the theme sentence right after the other formulas
    (CONGRESS_THEME + OPENING, OPENING),
], ids=["apart", "theme-after", "theme-before"])
def test_reports_sharing_only_the_congress_formulas_are_not_copies(opening, theme):
    water = document_from_text(WATER.format(opening=opening, theme=theme), path="water.txt")
    school = document_from_text(SCHOOL.format(opening=opening, theme=theme), path="school.txt")
    assert all(max(p.a_share, p.b_share) <= 0.02 for p in find_pairs([water, school]))
    assert all(not r.passages for r in against(water, [school]))
    # control: one real paragraph of the water bureau's copied into the school's report is found
    fact = WATER.splitlines()[3]
    copied = document_from_text(SCHOOL.format(opening=opening, theme=theme) + fact + "\n", path="school.txt")
    (pair,) = find_pairs([water, copied])
    assert [t for *_, t in pair.passages] == [fact.rstrip("。")]      # passages end at a content character


def _written_out(rule) -> str:
    """A rule's formula as a report writes it, from the rule's own fields (the list with its separators, the
    canonical wording, the current form, the verb with its object, the two halves of a pair)."""
    spec = rule.spec
    if rule.type == "sequence":
        return (spec.joiners[0] if spec.joiners else "") + "、".join(spec.items)
    if rule.type == "near-miss":
        return spec.canonical
    if rule.type == "outdated":
        return "，".join(new for _, new in spec.swap)
    if rule.type == "collocation":
        return spec.suggest + "“" + spec.object + "”"
    return "“" + "".join(spec.first) + "”“" + "".join(spec.second) + "”"


def test_every_rule_formula_of_the_lexicon_is_not_evidence(lexicon):
    """Every rule's formula, written out, in one shared block of two unrelated reports: no copy. The same block
    with one shared sentence of fact in its middle is a copy."""
    rules = sorted(lexicon.kind("rules").values(), key=lambda r: r.id)
    assert {r.type for r in rules} == {"sequence", "near-miss", "outdated", "collocation", "pair"}
    block = [_written_out(r) + "。" for r in rules]
    assert sum(len(re.sub(r"\W", "", b)) for b in block) > 3000
    a = document_from_text(_unit_report(5) + "\n" + "".join(block), path="a.txt")
    b = document_from_text(_unit_report(77) + "\n" + "".join(block), path="b.txt")
    assert find_pairs([a, b]) == []
    fact = "区财政局牵头建立了重点项目资金拨付周报制度，每周五汇总各项目的拨付进度和存在问题，由分管副区长逐项督办。"
    mid = len(block) // 2
    with_fact = "".join(block[:mid]) + fact + "".join(block[mid:])
    a = document_from_text(_unit_report(5) + "\n" + with_fact, path="a.txt")
    b = document_from_text(_unit_report(77) + "\n" + with_fact, path="b.txt")
    assert len(find_pairs([a, b])) == 1


def test_min_chars_counts_content_characters():
    shared = "区财政局牵头建立了重点项目资金拨付周报制度，每周五汇总各项目的拨付进度和存在问题。"
    n = len(re.sub(r"\W", "", shared))
    a = document_from_text(_unit_report(3) + "\n" + shared, path="a.txt")
    b = document_from_text(_unit_report(70) + "\n" + shared, path="b.txt")
    assert len(find_pairs([a, b], min_chars=n)) == 1
    assert find_pairs([a, b], min_chars=n + 1) == []


@requires_corpus
def test_cli_json_shape_and_failures(tmp_path):
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 legacy word")
    runner = CliRunner()
    res = runner.invoke(cli, ["reuse", str(CORPUS / "cpc20_report.txt"), str(CORPUS / "cpc20_report_alt.txt"),
                              str(CORPUS / "gwr_2010.txt"), str(bad), "--format", "json"])
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert list(out) == ["pairs"]
    assert len(out["pairs"]) == 1
    pair = out["pairs"][0]
    assert set(pair) == {"a", "b", "a_share", "b_share", "passages"}
    assert pair["a"].endswith("cpc20_report.txt") and pair["b"].endswith("cpc20_report_alt.txt")
    assert set(pair["passages"][0]) == {"a_start", "a_end", "b_start", "b_end", "text"}
    assert "old.doc" in res.stderr and "无法读取" in res.stderr


@requires_corpus
def test_cli_table_and_folder_input(tmp_path):
    for name in ("npc_gwr_resolution_2014.txt", "npc_gwr_resolution_2015.txt"):
        (tmp_path / name).write_text((CORPUS / name).read_text("utf-8"), "utf-8")
    res = CliRunner().invoke(cli, ["reuse", str(tmp_path)])
    assert res.exit_code == 0
    assert "npc_gwr_resolution_2014.txt（46.7%）" in res.stdout
    res = CliRunner().invoke(cli, ["reuse", str(tmp_path), "--min-chars", "400"])
    assert res.exit_code == 0 and "未发现雷同段落" in res.stdout


@requires_corpus
def test_vectorised_banding_gives_datasketch_buckets(corpus):
    """Big batches band the signatures with sorts instead of datasketch's per-key insert: same buckets."""
    import numpy as np
    from analyzer.analyses.reuse.detect import window_signatures, banded_buckets, clean, lsh_buckets
    sigs = np.concatenate([window_signatures(clean(p.read_text("utf-8")), 1) for p in corpus[:20]])
    assert len(sigs) > 1000
    ref = sorted(tuple(sorted(b.tolist())) for b in lsh_buckets(sigs))
    assert ref, "no bucket with two windows: the comparison would be empty"
    assert sorted(tuple(sorted(b.tolist())) for b in banded_buckets(sigs)) == ref


def test_characters_that_normalise_outside_the_bmp_are_content():
    """796 BMP characters (e.g. 㑮 U+346E) normalise to characters outside the BMP: cleaning must not index a BMP
    table with them (it raised IndexError and lost the whole reuse run)."""
    from analyzer.text import normalize
    from conftest import SAMPLES
    odd = [c for c in "㑮㒓㓄㔋㖮" if ord(normalize(c)) >= 0x10000]
    assert len(odd) == 5
    text = (SAMPLES / "annual_summary.txt").read_text(encoding="utf-8")
    a = document_from_text(text, path="a.txt")
    b = document_from_text("".join(odd) + "\n" + text + "".join(odd), path="b.txt")
    pairs = find_pairs([a, b])
    assert len(pairs) == 1 and pairs[0].a_share > 0.9
    assert [r.other for r in against(b, [a])] == ["a.txt"]
