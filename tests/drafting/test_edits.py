"""edits.apply changes exactly the spans it is given and nothing else; the offset map moves the other spans."""
import pytest

from analyzer.drafting.edits import Edit, apply
from analyzer.errors import UsageError
from conftest import requires_corpus, CORPUS


def test_single_edit_changes_exactly_its_span():
    text = "要坚定“四个意识”，坚定“四个自信”。"
    out = apply(text, Edit(1, 3, "增强", expected="坚定"))
    assert out.text == "要增强“四个意识”，坚定“四个自信”。"
    assert out.offsets.map(3) == 3 and out.offsets.map(len(text)) == len(out.text)


def test_several_edits_use_original_offsets_in_any_order():
    text = "甲乙丙丁戊己庚"
    out = apply(text, [Edit(5, 6, "六六六"), Edit(0, 1, ""), Edit(3, 3, "插入")])
    assert out.text == "乙丙插入丁戊六六六庚"
    # 丁 was at 3 (after the insertion point) -> new 4; 庚 was at 6 -> new 9
    assert out.text[out.offsets.map(3)] == "丁"
    assert out.text[out.offsets.map(6)] == "庚"


def test_map_span_keeps_untouched_spans_and_drops_overlapped_ones():
    text = "一二三四五六七八九十"
    out = apply(text, [Edit(2, 4, "X"), Edit(7, 7, "YY")])
    assert out.text == "一二X五六七YY八九十"
    s, e = out.offsets.map_span(4, 7)           # 五六七: between the two edits, insertion at its end stays outside
    assert out.text[s:e] == "五六七"
    s, e = out.offsets.map_span(7, 9)           # 八九: insertion at its start stays outside
    assert out.text[s:e] == "八九"
    assert out.offsets.map_span(3, 5) is None   # overlaps the first replacement
    assert out.offsets.map_span(6, 8) is None   # the insertion falls inside


@pytest.mark.parametrize("edits, reason", [
    ([Edit(0, 3, "x"), Edit(2, 4, "y")], "重叠"),
    ([Edit(2, 2, "x"), Edit(2, 2, "y")], "重叠"),
    ([Edit(5, 99, "x")], "越界"),
    ([Edit(0, 2, "x", expected="不是")], "原文已变"),
])
def test_bad_edits_are_refused(edits, reason):
    with pytest.raises(UsageError, match=reason):
        apply("一二三四五六七八", edits)


@requires_corpus
def test_edit_on_a_real_document_touches_nothing_else():
    text = (CORPUS / "cpc19_report.txt").read_text("utf-8")
    start = text.index("四个自信")
    end = start + len("四个自信")
    out = apply(text, Edit(start, end, "四个自信心", expected="四个自信"))
    assert out.text[:start] == text[:start]
    assert out.text[start:start + 5] == "四个自信心"
    assert out.text[start + 5:] == text[end:]
    assert len(out.text) == len(text) + 1
    later = text.index("中国特色社会主义", end)
    assert out.text[out.offsets.map(later):].startswith("中国特色社会主义")


def test_edits_between_reproduce_generated_revisions():
    """Random line insertions, removals, rewrites and typed characters over a real sample: applying the edits
    ``edits_between`` finds to the old text gives the new text exactly."""
    import random

    from analyzer.drafting.edits import apply, edits_between
    from conftest import SAMPLES
    path = SAMPLES / "annual_summary.txt"
    if not path.is_file():
        import pytest
        pytest.skip("sample is absent")
    old = path.read_text("utf-8")
    rng = random.Random(7)
    for trial in range(300):
        lines = old.split("\n")
        for _ in range(rng.randint(1, 5)):
            i = rng.randrange(len(lines))
            op = rng.choice(["insert", "rewrite", "empty", "drop", "type"])
            if op == "insert":
                lines.insert(i, f"新增段落{trial}。")
            elif op == "rewrite":
                lines[i] = lines[i][:5] + "改写" + lines[i][7:]
            elif op == "empty":
                lines[i] = ""
            elif op == "drop" and len(lines) > 2:
                del lines[i]
            elif lines[i]:
                j = rng.randrange(len(lines[i]))
                lines[i] = lines[i][:j] + "字" + lines[i][j:]
        new = "\n".join(lines)
        assert apply(old, edits_between(old, new)).text == new, trial
