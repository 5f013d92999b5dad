"""Hollowness scoring: labels on plain cases, reasons that name the cause, offsets over the corpus, and the
calibration figures reproduced from the devset and the shipped model JSON."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from analyzer.errors import LexiconError
from analyzer.analyses.hollowness.metrics import auc, spearman
from analyzer.analyses.hollowness.model import MODEL_PATH, load_model
from analyzer.analyses.hollowness.paragraphs import document_score, paragraph_scores
from analyzer.analyses.hollowness.scoring import run, score_sentences
from analyzer.ingest import document_from_text, read_document
from analyzer.lexicon import load_lexicon
from analyzer.options import Options
from analyzer.text.normalize import sentence_spans
from conftest import ROOT, SAMPLES, corpus_files, requires_corpus

OPTS = Options(as_of=__import__("datetime").date(2024, 3, 1))

HOLLOW = [
    "要切实增强做好新时代党建工作的责任感、使命感、紧迫感，真抓实干、久久为功。",
    "一年来，我们坚持高标准严要求，精心组织、周密安排，确保各项工作落到实处、取得实效。",
    "要认清形势、统一思想、提高认识，要高度重视、精心组织、周密安排，要层层压实责任、常抓不懈、久久为功。",
]
CONCRETE = [
    "五月起，机关食堂不再为会议提供桌签和果盘，全年节约接待经费约三万元。",
    "第二党支部书记王丽华牵头编写《不动产登记办事指南》，把材料清单由二十一项减为十四项。",
    "全年发展党员3名，转正预备党员2名，组织168名党员参加市委党校网络培训。",
]


def score_one(text, lexicon, profile="general"):
    [s] = score_sentences(text, lexicon, spans=[(0, len(text))], profile=profile)
    return s


@pytest.mark.parametrize("text", HOLLOW)
def test_plainly_hollow_sentences_are_hollow(text, lexicon):
    s = score_one(text, lexicon)
    assert s.label == "hollow" and s.score >= load_model().hollow_from


@pytest.mark.parametrize("text", CONCRETE)
def test_plainly_concrete_sentences_are_concrete(text, lexicon):
    s = score_one(text, lexicon)
    assert s.label == "concrete" and s.reasons == []


def test_reasons_name_the_real_cause(lexicon):
    s = score_one("2024年，我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实，要持续营造风清气正的良好氛围。",
                  lexicon)
    assert s.label == "hollow"
    assert "“进一步、切实、扎实、持续”等程度词叠用，不如写出实际举措或数字" in s.reasons
    assert "连用4个“要”，只提要求：应写明谁来做、做什么、何时完成" in s.reasons
    assert "责任单位或责任人" in s.reasons[0] and "具体数字" not in s.reasons[0]   # the year is data, the actor is missing
    s = score_one(HOLLOW[2], lexicon)
    assert s.reasons[0] == "缺少具体数字、责任单位或责任人、时间或时限"
    assert "四字短语连用6组（认清形势、统一思想、提高认识…），应改为具体事项" in s.reasons


def test_repeated_slogan_and_stock_self_criticism_are_reported(lexicon):
    slogan = "坚持以高质量党建引领高质量发展"
    text = f"{slogan}，凝心聚力、奋发有为。\n{slogan}，推动各项工作再上新台阶。\n{slogan}，作出新的更大贡献。"
    doc = document_from_text(text)
    h = run(doc, lexicon, OPTS)
    assert f"“{slogan}”在文中已是第3次出现，可删去或换成新的内容" in h.sentences[2].reasons
    s = score_one("在理论学习方面，学习不够深入，标准不够高，对党的创新理论的理解还不够透彻。", lexicon, profile="self-review")
    assert s.label == "hollow"
    assert "查摆问题只有套话（“学习不够深入、标准不够高…”），应举出具体事例（时间、事项、后果）" in s.reasons
    concrete = score_one("在理论学习方面，去年我只参加了中心组集体学习九次中的六次，三次因出差缺席且未补学。", lexicon,
                         profile="self-review")
    assert concrete.label == "concrete"


def _sample_sentence(name, needle):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"data/samples/{name} is absent")
    doc = read_document(path)
    for s, e in sentence_spans(doc.text):
        if doc.text[s:e].startswith(needle):
            return doc, (s, e)
    pytest.skip(f"sample sentence starting {needle!r} no longer in {name}")


@pytest.mark.parametrize("name,needle,label", [
    ("annual_summary.txt", "2024年，我们要进一步提高政治站位", "hollow"),
    ("annual_summary.txt", "局机关7个党支部全年共召开支部党员大会28次", "concrete"),
    ("annual_summary.txt", "不动产登记中心党支部创建“登记为民”党建品牌", "concrete"),
    ("speech.txt", "要认清形势、统一思想、提高认识", "hollow"),
    ("speech.txt", "市直机关工委今年将分4批组织全市1,200余名党支部书记", "concrete"),
    ("speech.txt", "今年起，市直机关工委发给基层的通知、报表一律精简三分之一", "concrete"),
])
def test_sample_sentences_get_the_right_label(name, needle, label, lexicon):
    doc, span = _sample_sentence(name, needle)
    h = run(doc, lexicon, OPTS)
    [s] = [x for x in h.sentences if (x.start, x.end) == span]
    assert s.label == label


def test_document_score_and_paragraph_aggregates(lexicon):
    text = "一、加强党的建设\n全年召开支部党员大会28次，发展党员3名。\n要高度重视、精心组织、周密安排，确保各项工作落到实处。"
    doc = document_from_text(text)
    h = run(doc, lexicon, OPTS)
    labels = [s.label for s in h.sentences]
    assert labels[1] == "concrete" and labels[2] == "hollow"
    body = [s for s in h.sentences if not s.text.startswith("一、")]
    expected = 100.0 * sum(len(s.text) for s in body if s.label == "hollow") / sum(len(s.text) for s in body)
    assert h.score == pytest.approx(expected)
    assert h.score == document_score(doc, h.sentences)
    paras = paragraph_scores(doc, h)
    assert [(p.start, p.end) for p in paras] == [(p.start, p.end) for p in doc.paragraphs]
    assert paras[-1].label == "hollow" and paras[-1].hollow_share == 1.0
    assert paras[-2].label == "concrete" and paras[-2].hollow_share == 0.0


@requires_corpus
def test_every_sentence_of_every_corpus_document_is_scored_at_its_offsets(lexicon):
    for path in corpus_files():
        doc = read_document(path)
        h = run(doc, lexicon, OPTS)
        assert [(s.start, s.end) for s in h.sentences] == sentence_spans(doc.text)
        assert all(doc.text[s.start:s.end] == s.text for s in h.sentences)
        assert all(0.0 <= s.score <= 1.0 and s.label in ("hollow", "mixed", "concrete") for s in h.sentences)
        assert 0.0 <= h.score <= 100.0


def test_unknown_phrase_group_is_rejected(tmp_path):
    (tmp_path / "p.yaml").write_text("kind: phrases\nentries:\n  - id: bad-group\n    group: slogans\n    terms: [口号]\n",
                                     "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([tmp_path])
    assert "未知的 group “slogans”" in str(e.value)


@requires_corpus
def test_calibration_metrics_are_reproduced_from_devset_and_model_json():
    sys.path.insert(0, str(ROOT / "tools"))
    import calibrate_hollowness as cal
    data = json.loads(MODEL_PATH.read_text("utf-8"))
    rows = cal.load_devset()
    assert len(rows) >= 300 and data["devset"]["rows"] == len(rows)
    test = data["devset"]["held_out"]
    assert test == cal.split(rows)[1]
    model = load_model()
    labels = np.array([rows[i].label for i in test])
    scores = model.score_matrix(model.matrix([rows[i].features for i in test]))
    hc = labels != 1
    got_auc = auc(scores[hc], labels[hc] == 2)
    got_rho = spearman(scores, labels)
    reported = data["held_out_metrics"]["scorer"]
    assert got_auc >= reported["auc_hollow_vs_concrete"] - 0.01
    assert got_rho >= reported["spearman_three_levels"] - 0.01
    assert got_auc >= 0.98 and got_rho >= 0.78            # docs/hollowness.md: 0.991 and 0.791
    no_number = np.array([cal.baseline_number(rows[i]) for i in test])
    stock12 = np.array([cal.baseline_stock(rows[i]) for i in test])
    assert got_auc > auc(no_number[hc], labels[hc] == 2) + 0.1
    assert got_auc > auc(stock12[hc], labels[hc] == 2) + 0.2


@pytest.mark.parametrize("text", [
    "开通江屿至海口的城际高铁。",          # written for this test: measures with no number, date or named unit
    "建成市民服务中心并投入使用。",
])
def test_concrete_measures_without_numbers_are_not_hollow(text, lexicon):
    s = score_one(text, lexicon)
    assert s.label == "concrete", (s.score, s.reasons)


def test_word_model_is_plain_json_and_scores_as_its_weights_say(lexicon):
    data = json.loads(MODEL_PATH.read_text("utf-8"))
    wm = data["word_model"]
    assert data["features"][-1] == "words" and 100 <= len(wm["weights"]) <= 3000
    text = "持续推进作风建设，推动各项工作再上新台阶。"
    [s] = score_sentences(text, lexicon, spans=[(0, len(text))])
    from analyzer.analyses.hollowness.features import extract
    words = set(extract(text, lexicon, spans=[(0, len(text))])[0].words)
    by_hand = sum(wm["intercepts"]) / 2 + sum(sum(wm["weights"][w]) / 2 for w in words if w in wm["weights"])
    assert load_model().words.score(words) == pytest.approx(by_hand)
    [reason] = [r for r in s.reasons if r.startswith("只有原则性提法（")]
    named = reason.split("（")[1].split("）")[0].rstrip("…").split("、")
    assert named and all(w in words and sum(wm["weights"][w]) > 0 for w in named)


def test_missing_concrete_object_is_a_reason(lexicon):
    s = score_one("坚持以人民为中心的发展思想。", lexicon)
    assert s.label == "hollow"
    assert "没有落到具体事项：应写明做成了哪件事（如建成、开通、取消了什么）" in s.reasons


def test_framing_lines_are_not_scored_as_prose(lexicon):
    """Title, byline, date line, salutation and signature frame a document: no reasons, out of the score."""
    from analyzer.ingest import document_from_text
    from analyzer.options import Options
    import datetime as dt
    text = ("在全市机关党的建设工作会议上的讲话\n市委常委、市直机关工委书记　林国栋\n（2024年3月8日）\n同志们：\n"
            "我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实。\n"
            "中共江屿市直属机关工作委员会\n2024年3月8日\n")
    doc = document_from_text(text)
    result = run(doc, lexicon, Options(as_of=dt.date(2024, 3, 8), profile="speech"))
    by_text = {s.text: s for s in result.sentences}
    for framing in ["在全市机关党的建设工作会议上的讲话", "市委常委、市直机关工委书记　林国栋", "（2024年3月8日）",
                    "同志们：", "中共江屿市直属机关工作委员会", "2024年3月8日"]:
        assert by_text[framing].reasons == [] and by_text[framing].label == "concrete", framing
    body = by_text["我们要进一步提高政治站位，要切实增强责任意识，要扎实推进各项工作落地落实。"]
    assert body.label == "hollow"
    assert result.score == 100.0   # the only body sentence is hollow; framing lines do not dilute the score


@requires_corpus
def test_word_model_scores_a_whole_document_as_it_scores_each_sentence(lexicon):
    """``score_groups`` (one pass, each known word once per sentence) == ``score`` of every sentence's words."""
    from analyzer.analyses.hollowness import features as hf
    words_model = load_model().words
    text = corpus_files()[0].read_text("utf-8")
    cols = hf.extract_columns(text, lexicon)
    words = cols.groups["words"]
    got = words_model.score_groups(words, words_model.ids(words.items))
    want = np.array([words_model.score(words.of(i)) for i in range(len(cols))])
    assert len(got) == len(cols) > 500
    assert np.allclose(got, want, rtol=0, atol=1e-12)
    repeated = [i for i in range(len(cols)) if len(set(words.of(i))) < len(words.of(i))]
    assert repeated, "the file has sentences repeating a word: the case deduplication must get right"


def test_top_leaning_words_of_a_whole_document_equal_leaning_per_sentence(lexicon):
    """The words named in "只有原则性提法（…）" come from one pass over the document; per sentence they equal what
    ``WordModel.leaning`` picks from the sentence's words (strongest first, ties in reverse string order)."""
    from analyzer.analyses.hollowness import features as hf
    from analyzer.analyses.hollowness.reasons import LEAN_FLOOR
    words_model = load_model().words
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + \
        [p.read_text("utf-8") for p in corpus_files()[:10]]
    named = 0
    for text in texts:
        words = hf.extract_columns(text, lexicon).groups["words"]
        top = words_model.top_leaning(words, words_model.ids(words.items), 8, LEAN_FLOOR)
        for i in range(len(words.bounds) - 1):
            expected = words_model.leaning(words.of(i), n=8, floor=LEAN_FLOOR)
            assert top.of(i) == expected
            named += len(expected)
    assert named > 300


def test_top_leaning_breaks_ties_in_pull_by_the_word_as_leaning_does():
    """Generated models where many words pull equally (and some by -0.0 or just under the floor): the order among
    equals is the word's, reversed, as ``leaning`` sorts (pull, word) pairs; a wrong tie-break fails here even
    where the real model's pulls rarely tie."""
    from analyzer.analyses.hollowness import features as hf
    from analyzer.analyses.hollowness.model import WordModel
    rng = np.random.default_rng(7)
    chars = list("工作要求落实推进加强全面深化改革发展")
    for _ in range(30):
        vocab = sorted({"".join(rng.choice(chars, size=rng.integers(1, 4))) for _ in range(40)})
        pulls = rng.choice([0.3, 0.3, 0.5, 0.5, 0.5, 0.24999, -0.0, 0.0, 0.9], size=len(vocab))
        model = WordModel({w: (float(v), float(v)) for w, v in zip(vocab, pulls)}, (0.0, 0.0))
        sentences = [list(rng.choice(vocab + ["未知词"], size=rng.integers(0, 12))) for _ in range(25)]
        bounds = np.cumsum([0] + [len(x) for x in sentences])
        words = hf.Groups([w for x in sentences for w in x], bounds)
        for n, floor in ((3, 0.25), (8, 0.0), (1, 0.5)):
            top = model.top_leaning(words, model.ids(words.items), n, floor)
            assert [top.of(i) for i in range(len(sentences))] == \
                [model.leaning(x, n=n, floor=floor) for x in sentences]


def test_word_model_rows_by_vocabulary_equal_rows_by_word(lexicon):
    """``rows`` (each word's row found once per vocabulary) == ``ids`` (a probe per token)."""
    from analyzer.analyses.hollowness import features as hf
    words_model = load_model().words
    for path in sorted(SAMPLES.glob("*.txt")):
        cols = hf.extract_columns(path.read_text("utf-8"), lexicon)
        words = cols.groups["words"]
        assert words_model.rows(cols.vocab, cols.word_ids).tolist() == words_model.ids(words.items).tolist()
