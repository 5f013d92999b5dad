"""The review page through Streamlit's AppTest: upload the real samples, see scores and highlights, get every
download, and a clear Chinese message (never a crash) for files that cannot be read."""
from __future__ import annotations

import html
import io
import json
import re
import zipfile

import docx
import pytest

from analyzer.ingest import read_bytes

from conftest import PACK_PROFILE_ID, PACK_PROFILE_NAME, ROOT, SAMPLES

AppTest = pytest.importorskip("streamlit.testing.v1").AppTest


def sample(name: str) -> tuple[str, bytes, str]:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"sample {name} is absent")
    return name, path.read_bytes(), "application/octet-stream"


def page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def upload(at: AppTest, *files) -> AppTest:
    at.file_uploader[0].set_value(list(files))
    at.run()
    assert not at.exception, at.exception
    return at


def payloads(at: AppTest) -> dict[str, bytes]:
    """What the download buttons serve (their deferred builders, run here as a click would)."""
    out = {}
    for name, build in at.session_state["sg_downloads"].items():
        data = build()
        out[name] = data.encode("utf-8") if isinstance(data, str) else data
    return out


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_empty_page_has_both_tabs_and_asks_for_files():
    at = page()
    assert [t.label for t in at.tabs] == ["审稿", "起草"]
    assert any("请上传" in i.value for i in at.info)
    assert at.file_uploader[0].accept_multiple_files


def test_one_txt_upload_shows_scores_highlights_and_downloads():
    name, data, mime = sample("annual_summary.txt")
    text = read_bytes(data, ".txt", name=name).text
    at = upload(page(), (name, data, mime))
    assert [m.label for m in at.metric] == ["覆盖度", "空话度", "错误", "警告"]
    marked = [h.value for h in at.html if 'class="sg-text"' in h.value]
    assert len(marked) == 1
    body = re.search(r'<div class="sg-text">(.*)</div>', marked[0], re.S).group(1)
    assert visible(body) == text
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["下载 JSON", "下载 HTML 报告"]
    assert "下载带批注的 Word 文档" in labels
    got = payloads(at)
    report = json.loads(got["annual_summary.json"])["reports"][0]
    assert report["path"] == name and report["chars"] == len(text) and report["format"] == "txt"
    # the page shows one decimal of the same scores (the JSON keeps two: compare within display rounding)
    shown = [float(m.value) for m in at.metric][:2]
    assert abs(shown[0] - report["coverage"]["score"]) <= 0.051
    assert abs(shown[1] - report["hollowness"]["score"]) <= 0.051
    page_html = got["annual_summary.html"].decode("utf-8")
    assert page_html.startswith("<!DOCTYPE html>") and "江屿市自然资源和规划局" in page_html
    d = docx.Document(io.BytesIO(got["annual_summary_批注.docx"]))
    assert d.paragraphs[0].text == text.splitlines()[0]
    try:
        import analyzer.render.xlsx  # noqa: F401  (another module; the page offers Excel only when it exists)
    except ImportError:
        return
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(got["annual_summary.xlsx"]))
    assert any(name in str(cell.value) for row in wb.worksheets[0].iter_rows() for cell in row)


def test_docx_upload_returns_the_original_document_annotated():
    name, data, mime = sample("speech.docx")
    at = upload(page(), (name, data, mime))
    got = payloads(at)
    annotated = got["speech_批注.docx"]
    assert read_bytes(annotated, ".docx").text == read_bytes(data, ".docx").text
    report = json.loads(got["speech.json"])["reports"][0]
    comments = [c.text for c in docx.Document(io.BytesIO(annotated)).comments]
    hollow = sum(s["label"] == "hollow" for s in report["hollowness"]["sentences"])
    missing = any(t["status"] == "missing" and t["required"] for t in report["coverage"]["themes"])
    marked_hollow = sum(c.startswith("【空话】") for c in comments)
    assert 0 < marked_hollow <= hollow          # headings, framing and signpost lines are not marked
    assert len(comments) == len(report["findings"]) + marked_hollow + missing


def test_several_uploads_compare_and_zip_the_annotated_documents():
    files = [sample("annual_summary.txt"), sample("speech.docx"), sample("duty_report.pdf")]
    at = upload(page(), *files)
    frames = [df.value for df in at.dataframe]
    comparison = next(f for f in frames if "覆盖度" in f.columns and "排名" in f.columns)
    assert sorted(comparison["文稿"]) == sorted(f[0].rsplit(".", 1)[0] for f in files)
    assert len(at.metric) == 4  # the detail view of the picked document
    got = payloads(at)
    with zipfile.ZipFile(io.BytesIO(got["审稿报告_批注.zip"])) as z:
        assert sorted(z.namelist()) == ["annual_summary_批注.docx", "duty_report_批注.docx", "speech_批注.docx"]
    reports = json.loads(got["审稿报告.json"])["reports"]
    assert sorted(r["path"] for r in reports) == sorted(f[0] for f in files)


def test_unreadable_files_get_a_chinese_message_and_the_rest_still_shows():
    good = sample("self_review.txt")
    at = upload(page(), good, ("坏文件.docx", b"PK\x03\x04 not really a zip", "application/octet-stream"),
                ("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "application/msword"),
                ("空白.txt", b"", "text/plain"))
    errors = [e.value for e in at.error]
    assert any(e.startswith("无法读取“坏文件.docx”：") and "损坏" in e for e in errors)
    assert any(e.startswith("无法读取“旧格式.doc”：") and "损坏" in e for e in errors)  # .doc is read (LibreOffice); this one is broken
    assert any(e.startswith("无法读取“空白.txt”：") and "空" in e for e in errors)
    assert [m.label for m in at.metric] == ["覆盖度", "空话度", "错误", "警告"]
    failures = json.loads(payloads(at)["self_review.json"])["failures"]
    assert {f["path"] for f in failures} == {"坏文件.docx", "旧格式.doc", "空白.txt"}


def test_settings_profile_and_date_reach_the_analysis():
    name, data, mime = sample("speech.txt")
    at = page()
    at.selectbox(key="sg_profile").select("duty-report")
    at.text_input(key="sg_as_of").input("2022-06-30")
    at.run()
    upload(at, (name, data, mime))
    report = json.loads(payloads(at)["speech.json"])["reports"][0]
    assert report["profile"]["id"] == "duty-report"
    assert (report["as_of"], report["as_of_source"]) == ("2022-06-30", "option")


def test_an_early_date_shows_themes_not_yet_required_and_judges_lists_of_that_date():
    """At 2015-06-01 the sample's 道路自信、制度自信、理论自信、文化自信 is no 四个自信 (文化自信 joined in 2016): it is
    judged as the 三个自信 of that date, whose 理论自信 comes before 制度自信; themes proposed later are listed as not
    yet required."""
    at = page()
    at.text_input(key="sg_as_of").input("2015-06-01")
    at.run()
    upload(at, sample("annual_summary.txt"))
    report = json.loads(payloads(at)["annual_summary.json"])["reports"][0]
    assert report["as_of"] == "2015-06-01"
    found = [f for f in report["findings"] if f["rule"] == "sige-zixin-order"]
    assert [f["text"] for f in found] == ["道路自信、制度自信、理论自信、文化自信"]
    assert "“三个自信”顺序有误" in found[0]["message"] and "四个自信" not in found[0]["message"]
    later = [t["name"] for t in report["coverage"]["themes"] if t["status"] == "not_applicable" and t["weight"] > 0]
    assert "两个确立" in later
    shown = [c.value for c in at.caption if c.value.startswith("按审查日期尚不要求：")]
    assert len(shown) == 1 and all(name in shown[0] for name in later)


def test_a_pdf_finding_is_placed_by_page_and_paragraph():
    """The findings panel and the hollow list word positions of a PDF as 第N页第M段 (the misordered list of the
    generated PDF is the third paragraph on page 2: one running on from page 1, one filler, then the list)."""
    from ingest.gongwen import two_page_pdf
    at = page()
    upload(at, ("两页.pdf", two_page_pdf(), "application/pdf"))
    panel = [m.value for m in at.markdown if "#sg-" in m.value]
    assert any(v.startswith("[第2页第3段](#sg-") for v in panel), panel
    assert not any(re.match(r"\[第\d+段\]", v) for v in panel)


def test_profile_of_an_extra_lexicon_folder_is_offered_and_used(profile_pack):
    at = page()
    assert PACK_PROFILE_ID not in at.selectbox(key="sg_profile").options
    at.text_input(key="sg_extra").input(str(profile_pack))
    at.run()
    box = at.selectbox(key="sg_profile")
    assert f"{PACK_PROFILE_NAME}（{PACK_PROFILE_ID}）" in box.options and box.options[0] == "自动判断"
    box.select(PACK_PROFILE_ID)
    at.run()
    upload(at, sample("speech.txt"))
    report = json.loads(payloads(at)["speech.json"])["reports"][0]
    assert (report["profile"]["id"], report["profile"]["name"]) == (PACK_PROFILE_ID, PACK_PROFILE_NAME)


def test_missing_lexicon_folder_is_reported_not_fatal(tmp_path):
    at = page()
    at.text_input(key="sg_extra").input(str(tmp_path / "nope"))
    at.run()
    assert not at.exception
    assert any("词库目录不存在" in e.value for e in at.error)


def test_reuse_between_uploads_is_listed():
    a_name, a_data, mime = sample("annual_summary.txt")
    _, b_data, _ = sample("speech.txt")
    a_text = a_data.decode("utf-8")
    lines = [ln for ln in a_text.splitlines() if len(ln) > 80]
    copied = "\n".join(lines[1:3])  # two long paragraphs of one unit's report pasted into another's
    b_text = b_data.decode("utf-8").rstrip("\n") + "\n" + copied + "\n"
    at = upload(page(), (a_name, a_data, mime), ("copy.txt", b_text.encode("utf-8"), mime))
    frames = [df.value for df in at.dataframe]
    reuse = next(f for f in frames if "雷同段落数" in f.columns)
    row = reuse.iloc[0]
    assert {row["文稿甲"], row["文稿乙"]} == {"annual_summary", "copy"} and row["雷同段落数"] >= 1


def test_reuse_pairs_are_found_once_per_set_of_uploads():
    """A rerun (a click, a filter) reuses the pairs found for the same uploads; another set finds its own."""
    a, b = sample("annual_summary.txt"), sample("speech.txt")
    at = upload(page(), a, b)
    key, pairs = at.session_state["sg_pairs"]
    at.checkbox(key="sg_sev_info").uncheck()
    at.run()
    assert at.session_state["sg_pairs"][1] is pairs
    upload(at, a, sample("duty_report.txt"))
    assert at.session_state["sg_pairs"][0] != key


def test_the_same_bytes_are_analysed_once_per_server():
    """Another session uploading the same file (a reload, another tab) gets the analysis already made; other
    bytes or other settings are analysed anew."""
    first = upload(page(), sample("speech.txt"))
    second = upload(page(), sample("speech.txt"))
    [r1] = first.session_state["sg_analyses"].values()
    [r2] = second.session_state["sg_analyses"].values()
    assert r2 is r1
    name, data, mime = sample("speech.txt")
    third = upload(page(), (name, data + "\n".encode("utf-8"), mime))
    [r3] = third.session_state["sg_analyses"].values()
    assert r3 is not r1 and r3.document.sha256 != r1.document.sha256
    fourth = page()
    fourth.text_input(key="sg_as_of").input("2022-06-30")
    fourth.run()
    upload(fourth, sample("speech.txt"))
    [r4] = fourth.session_state["sg_analyses"].values()
    assert r4 is not r1 and r4.as_of.isoformat() == "2022-06-30"


def test_an_undated_upload_says_it_was_judged_at_today_and_how_to_set_the_date():
    undated = "关于加强支部建设的几点做法\n支部坚持每月开展主题党日，组织党员学习党章党规。\n".encode("utf-8")
    dated = "2023年度机关党建工作总结\n一年来，支部坚持每月开展主题党日。\n".encode("utf-8")
    at = upload(page(), ("做法.txt", undated, "text/plain"))
    assert any("审查设置" in w.value and "按今天的规范审查" in w.value for w in at.warning)
    at = upload(page(), ("总结.txt", dated, "text/plain"))
    assert not any("按今天的规范审查" in w.value for w in at.warning)
