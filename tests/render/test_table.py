"""The terminal table: the summary row, then per document coverage, every finding with its line and fix, and
the hollowest body sentences with their reasons."""
from analyzer import analyze
from analyzer.render.table import render_table

SPEECH = ("在全市机关党建工作会议上的讲话\n（2024年3月8日）\n"
          "一、提高政治站位\n"
          "我们要始终同以习近平同志为总书记的党中央保持高度一致。\n"
          "全年开展主题党日12次，整改问题9个。\n"
          "要认清形势、统一思想、提高认识，要高度重视、精心组织、周密安排，确保各项工作落地落实。\n")


def test_table_lists_findings_with_line_and_fix_and_hollow_sentences():
    r = analyze(text=SPEECH, profile="speech")
    out = render_table([r], [])
    assert out.splitlines()[0].split()[-2:] == ["错误", "警告"]
    assert "规范提法问题 1 处：" in out
    assert "[错误] 第4行“以习近平同志为总书记的党中央” → 以习近平同志为核心的党中央：" in out
    hollow_block = out.split("空话套话", 1)[1]
    assert "第6行“要认清形势、统一思想、提高认识" in hollow_block
    assert "一、提高政治站位" not in hollow_block          # headings are labels, not sentences to fix
    assert "第5行" not in hollow_block                      # the concrete sentence is not listed


def test_table_without_findings_has_no_findings_block():
    r = analyze(text="全年开展主题党日12次，整改问题9个。\n", as_of="2024-01-01")
    assert "规范提法问题" not in render_table([r], [])


def test_table_says_plainly_when_the_date_fell_back_to_today():
    import datetime as dt
    r = analyze(text="关于加强作风建设的几点思考\n作风建设永远在路上。\n", today=dt.date(2026, 1, 2))
    out = render_table([r], [])
    assert "按 2026-01-02（当天）判断" in out
    assert "注意：文中没有找到能判断成文日期的信息，按今天的规范审查；如文稿写于别的时间，请指定审查日期（--as-of YYYY-MM-DD）。" in out
    r = analyze(text="某局2023年度机关党建工作总结\n一年来，局机关党委坚持……。\n")
    out = render_table([r], [])
    assert "按 2023-12-31（取自文中日期）判断" in out and "注意：" not in out
    assert "  日期依据：文中的报告期“2023年度”" in out
