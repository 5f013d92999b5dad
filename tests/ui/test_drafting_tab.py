"""The drafting tab end to end with Streamlit's AppTest: edit -> suggestions -> apply -> export."""
import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from streamlit.testing.v1 import AppTest

from analyzer.ui.drafting_tab import DOCX_MIME, EXPORT, TEXT, draft_docx, md, text_from_upload

SCRIPT = str(Path(__file__).with_name("drafting_app.py"))
DRAFT = ("关于加强机关作风建设的讲话\n一、提高政治站位\n全年召开专题会议6次。\n二、抓好理论武装\n"
         "组织集中学习12次。\n四、加强作风建设\n今年抓好两项工作：一是健全制度；三是压实责任。\n")


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in DocxDocument(io.BytesIO(data)).paragraphs)


@pytest.fixture
def app():
    at = AppTest.from_file(SCRIPT, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_empty_draft_shows_the_hint(app):
    assert any("输入或粘贴文稿后" in i.value for i in app.info)
    assert EXPORT not in app.session_state


def test_edit_suggest_apply_export(app):
    app.text_area(key=TEXT).input(DRAFT).run()
    assert not app.exception
    labels = {m.label: m.value for m in app.metric}
    assert labels["结构问题"] == "2"
    assert any("应为“三、”" in m.value for m in app.markdown)

    # apply the heading fix with its own button: exactly 四、 -> 三、 changes
    buttons = {b.key: b for b in app.button}
    heading_key = next(k for k in buttons if k.startswith("draft_fix_structure-heading-gap@"))
    buttons[heading_key].click().run()
    assert not app.exception
    new = app.session_state[TEXT]
    start = DRAFT.index("四、")
    assert new == DRAFT[:start] + "三、" + DRAFT[start + 2:]
    assert any("已将“四、”改为“三、”" in s.value for s in app.success)
    assert {m.label: m.value for m in app.metric}["结构问题"] == "1"

    # the enumeration fix, then export: the .docx holds the revised draft
    enum_key = next(b.key for b in app.button if b.key.startswith("draft_fix_structure-enum-gap@"))
    app.button(key=enum_key).click().run()
    final = app.session_state[TEXT]
    assert "一是健全制度；二是压实责任" in final and "三、加强作风建设" in final
    assert {m.label: m.value for m in app.metric}["结构问题"] == "0"
    assert _docx_text(app.session_state[EXPORT]) == final
    assert app.get("download_button")


def test_missing_theme_goes_where_it_belongs_and_undo_takes_it_back(app, lexicon):
    from analyzer.pipeline import analyze
    app.selectbox(key="draft_profile").set_value("annual-summary").run()
    draft = DRAFT + "同志们，让我们为建设美丽江屿作出新的更大贡献！\n"
    app.text_area(key=TEXT).input(draft).run()
    inserts = [b for b in app.button if b.key.startswith("draft_insert_")]
    assert inserts
    theme_id = inserts[0].key[len("draft_insert_"):]
    inserts[0].click().run()
    assert not app.exception
    new = app.session_state[TEXT]
    assert new != draft and new.endswith("同志们，让我们为建设美丽江屿作出新的更大贡献！\n")   # closing stays last
    report = analyze(text=new, lexicon=lexicon, profile="annual-summary")
    theme = next(t for t in report.coverage.themes if t.id == theme_id)
    assert theme.status == "covered"                                # not merely "shallow"
    added = next(i for i in range(len(new)) if new[i] != draft[i])
    hollow_at = [s_.label for s_ in report.hollowness.sentences if s_.start <= added < s_.end]
    assert hollow_at and hollow_at[0] != "hollow"                    # the sentence it went into is not hollow
    app.button(key="draft_undo").click().run()
    assert app.session_state[TEXT] == draft


def test_uploaded_docx_is_exported_by_editing_it_in_place(app):
    from conftest import SAMPLES
    src = SAMPLES / "annual_summary.docx"
    if not src.is_file():
        pytest.skip("sample is absent")
    data = src.read_bytes()
    app.file_uploader(key="draft_upload").set_value(("年度总结.docx", data, DOCX_MIME)).run()
    assert not app.exception
    text = app.session_state[TEXT]
    assert "坚定“四个意识”" in text
    fix = next(b for b in app.button if b.key.startswith("draft_fix_") and "增强" in b.label)
    fix.click().run()
    assert "增强“四个意识”" in app.session_state[TEXT]
    out = app.session_state[EXPORT]
    before, after = DocxDocument(io.BytesIO(data)), DocxDocument(io.BytesIO(out))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert [p.alignment for p in after.paragraphs] == [p.alignment for p in before.paragraphs]
    assert len(after.tables) == len(before.tables) == 1
    assert [c.text for c in after.tables[0]._cells] == [c.text for c in before.tables[0]._cells]
    assert text_from_upload(out, "x.docx") == app.session_state[TEXT]


def test_docx_round_trip_and_upload_reader(tmp_path):
    data = draft_docx("标题\n一、正文第一段。\n二、正文第二段。")
    assert text_from_upload(data, "draft.docx") == "标题\n一、正文第一段。\n二、正文第二段。"
    assert text_from_upload("一、甲\n".encode("utf-8"), "a.txt") == "一、甲\n"


def test_markdown_escaping_keeps_draft_text_literal():
    assert md("1. 加强*作风*建设") == "1\\. 加强\\*作风\\*建设"


def test_apply_all_fixes_in_one_click(app):
    text = DRAFT.replace("全年召开专题会议6次。", "全年召开专题会议6次，要求党员坚定“四个意识”。")
    app.text_area(key=TEXT).input(text).run()
    if not any(b.key.startswith("draft_fix_sige-yishi") for b in app.button):
        pytest.skip("the formulation rule for 四个意识 has not landed yet")
    app.button(key="draft_fix_all").click().run()
    assert not app.exception
    final = app.session_state[TEXT]
    assert final == (text.replace("坚定“四个意识”", "增强“四个意识”").replace("四、加强", "三、加强")
                     .replace("三是压实", "二是压实"))
    assert {m.label: m.value for m in app.metric}["结构问题"] == "0"


def test_exemplars_for_a_selected_sentence_come_from_the_folder(app, tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_text("某局2023年度党建工作总结\n全年开展“三会一课”48次，党员参学率达到98%。\n", "utf-8")
    app.text_area(key=TEXT).input(DRAFT).run()
    app.text_input(key="draft_ex_folder").input(str(tmp_path)).run()
    app.radio(key="draft_ex_mode").set_value("按句子").run()
    app.text_input(key="draft_ex_sentence").input("严格落实“三会一课”制度").run()
    app.button(key="draft_ex_go").click().run()
    assert not app.exception
    assert any("三会一课" in m.value and "48次" in m.value for m in app.markdown)
    assert any(str(ref) in c.value for c in app.caption)
