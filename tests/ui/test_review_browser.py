"""The review page in a real browser (headless Debian Chromium, Selenium), as a committee reviewer uses it: two
units' same-name reports kept apart, the severity filter agreeing everywhere, many files compared compactly, a
narrow window, jumping to a finding, accepting a fix and getting Word tracked changes, and no English on screen."""
from __future__ import annotations

import io
import json
import re
import shutil
import time
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from analyzer import analyze
from analyzer.ingest import SUPPORTED, read_bytes
from analyzer.render.vocabulary import accepted_types
from ui.browserkit import Page, Server, chrome, needs_browser
from conftest import SAMPLES

pytestmark = needs_browser
SAME = "2023年度党建工作总结.docx"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("server") / "streamlit.log")
    yield s
    s.stop()


@pytest.fixture()
def open_page(server, tmp_path):
    drivers = []

    def make(width: int = 1400, height: int = 1000) -> Page:
        downloads = tmp_path / f"dl{len(drivers)}"
        downloads.mkdir()
        d = chrome(tmp_path / f"chrome{len(drivers)}", downloads, width, height)
        drivers.append(d)
        return Page(d, server.url, downloads)
    yield make
    for d in drivers:
        d.quit()


def sample(name: str):
    p = SAMPLES / name
    if not p.is_file():
        pytest.skip(f"sample {name} is absent")
    return p


def same_name_pair(tmp_path):
    """Two different units' reports, both named 2023年度党建工作总结.docx."""
    a, b = tmp_path / "甲单位", tmp_path / "乙单位"
    a.mkdir()
    b.mkdir()
    shutil.copy(sample("annual_summary.docx"), a / SAME)
    shutil.copy(sample("speech.docx"), b / SAME)
    return a / SAME, b / SAME


def test_same_name_uploads_stay_apart_in_picker_json_and_zip(open_page, tmp_path):
    first, second = same_name_pair(tmp_path)
    page = open_page()
    page.upload(first, second)
    titles = [analyze(p).document.title for p in (first, second)]
    heading = lambda: [h.text for h in page.css("h3") if h.text.strip()]
    assert titles[0] in heading()
    # the picker offers two distinct labels; choosing the second shows the second unit's document
    options = page.pick(page.css('[data-testid="stSelectbox"]')[-1], 1)
    assert len(options) == 2 and len(set(options)) == 2 and options[0] == "2023年度党建工作总结"
    page.wait.until(lambda _: titles[1] in heading())
    assert titles[0] not in heading()
    got = json.loads(page.download("下载 JSON", "审稿报告.json"))
    paths = [r["path"] for r in got["reports"]]
    assert len(set(paths)) == 2 and paths[0] == SAME
    with zipfile.ZipFile(io.BytesIO(page.download("下载带批注的 Word 文档（zip）", "审稿报告_批注.zip"))) as z:
        names = z.namelist()
        assert len(names) == 2 and len(set(names)) == 2
        texts = [read_bytes(z.read(n), ".docx").text for n in names]
    originals = [read_bytes(p.read_bytes(), ".docx").text for p in (first, second)]
    assert texts == originals     # each unit gets its own document back, none lost, none swapped


def test_severity_filter_agrees_in_cards_list_and_downloads(open_page, tmp_path):
    src = sample("annual_summary.docx")
    report = analyze(src)
    counts = report.counts()
    assert counts["error"] and counts["warning"]
    page = open_page()
    page.upload(src)
    assert page.metrics()["错误"] == str(counts["error"]) and page.metrics()["警告"] == str(counts["warning"])
    page.open_settings()
    for label in ("错误", "警告"):
        page.checkbox(label).find_element("css selector", "label").click()
        page.settle()
    body = page.wait_text("按当前设置没有要显示的问题")
    m = page.metrics()
    assert (m["错误"], m["警告"]) == ("—", "—")                 # hidden, not claimed as found
    assert f"按设置隐藏了错误、警告 {counts['error'] + counts['warning']} 条" in body
    got = json.loads(page.download("下载 JSON", "annual_summary.json"))
    assert all(f["severity"] == "info" for f in got["reports"][0]["findings"])
    html = page.download("下载 HTML 报告", "annual_summary.html").decode("utf-8")
    assert "不含错误、警告" in html and "sev-error" not in html.split("问题清单", 1)[-1]
    annotated = docx.Document(io.BytesIO(page.download("下载带批注的 Word 文档", "annual_summary_批注.docx")))
    assert not [c for c in annotated.comments if c.text.startswith(("【错误】", "【警告】"))]


def test_jump_to_finding_and_accept_as_tracked_change(open_page, tmp_path):
    src = sample("annual_summary.docx")
    report = analyze(src)
    f = next(f for f in report.findings if f.suggestions)
    page = open_page(height=800)
    page.upload(src)
    link = [a for a in page.css("a") if (a.get_attribute("href") or "").endswith(f"#sg-{f.start}")]
    assert link, "each finding links to its place in the text"
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'});", link[0])
    page.d.execute_script("document.getElementById('sg-pane').scrollTop = 0; window.scrollTo(0, 0);")
    link[0].click()
    time.sleep(1)
    mark = page.d.find_element("id", f"sg-{f.start}")
    top = page.d.execute_script("return arguments[0].getBoundingClientRect().top;", mark)
    assert 40 <= top <= page.d.execute_script("return window.innerHeight;") - 20, top   # below the page header
    # accept the fix, then the revised Word file carries it as a tracked change in the original document
    assert report.findings[0] is f          # the first finding carries a fix: its 接受 is the first one
    page.press("接受")
    page.wait_text("已接受")
    revised = page.download("下载修订版 Word（已接受的修改为修订痕迹）", "annual_summary_修订.docx")
    before, after = docx.Document(str(src)), docx.Document(io.BytesIO(revised))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert len(after.tables) == len(before.tables)
    body = after.element.body
    assert ["".join(t.text for t in d.iter(qn("w:delText"))) for d in body.iter(qn("w:del"))] == [f.text]
    assert ["".join(t.text for t in i.iter(qn("w:t"))) for i in body.iter(qn("w:ins"))] == [f.suggestions[0]]
    # undo takes the decision back: no revised download any more
    page.click("撤销上一步")
    page.wait_text("已接受", present=False)
    assert not [b for b in page.css("button") if "修订版" in b.text]


def test_narrow_window_keeps_scores_visible(open_page):
    src = sample("annual_summary.docx")
    page = open_page(width=800, height=900)
    page.upload(src)
    width = page.d.execute_script("return window.innerWidth;")
    values = page.css('[data-testid="stMetricValue"]')
    assert len(values) == 4
    for v in values:
        rect = page.d.execute_script("return arguments[0].getBoundingClientRect();", v)
        assert v.is_displayed() and rect["right"] <= width and rect["width"] > 10
    assert not page.css('[data-testid="stSidebar"][aria-expanded="true"]')
    assert page.d.execute_script("return document.documentElement.scrollWidth;") <= width


def test_no_english_on_screen(open_page, tmp_path):
    named = tmp_path / "年度总结.docx"
    shutil.copy(sample("annual_summary.docx"), named)
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    exe = tmp_path / "程序.exe"
    exe.write_bytes(b"MZ\x90\x00" * 64)
    page = open_page()
    empty = page.visible_text()
    page.upload(named, bad, exe)
    page.open_settings()
    text = empty + "\n" + page.visible_text()
    allowed = {"Word", "PDF", "JSON", "HTML", "Excel", "shengao", "MB", "KB", "YYYY", "MM", "DD", "docx", "txt",
               "md", "pdf", "exe", "OCR"} | {suffix[1:] for suffix in SUPPORTED}   # the message lists the readable types
    allowed |= set(re.findall(r"[A-Za-z]{2,}", accepted_types()))     # and their names (WPS, OFD)
    english = sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in allowed})
    assert not english, english
    assert "无法读取“坏文件.docx”" in text and "无法读取“程序.exe”" in text


def test_twenty_four_files_compared_within_two_screens(open_page, tmp_path):
    """24 units' reports: the ranking table and the heatmap (grouped, collapsed, with a legend) fit in about two
    screens; every document keeps its own label; theme names stay on one line."""
    bases = [sample(n) for n in ("annual_summary.txt", "speech.txt", "duty_report.txt", "self_review.txt")]
    files = []
    for i in range(24):
        text = bases[i % 4].read_text("utf-8")
        p = tmp_path / f"第{i + 1}党支部2023年度党建工作总结.txt"
        p.write_text(f"第{i + 1}党支部\n" + text, "utf-8")
        files.append(p)
    page = open_page(height=1000)
    page.upload(*files, ready=".heat-wrap")
    page.wait.until(lambda _: len(page.css(".heat th.doc")) == 24)   # a loaded machine draws the 24 in turn
    screen = page.d.execute_script("return window.innerHeight;")
    top = page.d.execute_script(
        "return [...document.querySelectorAll('p')].find(p => p.textContent.startsWith('排名'))"
        ".getBoundingClientRect().top + window.scrollY;")
    bottom = page.d.execute_script(
        "const h = document.querySelector('.heat-wrap').getBoundingClientRect(); return h.bottom + window.scrollY;")
    assert bottom - top <= 2 * screen, (top, bottom, screen)
    heads = page.css(".heat th.doc")
    assert len(heads) == 24 and len({h.get_attribute("title") for h in heads}) == 24
    legend = page.css(".heat-legend")[0].text
    assert "缺少必备主题" in legend and "尚不要求" in legend
    # open one category: its theme names take one line each
    summary = page.css(".heat-wrap details summary")[0]
    summary.click()
    page.wait.until(lambda _: [th for th in page.css(".heat-wrap details[open] th.theme") if th.is_displayed()])
    rows = [th for th in page.css(".heat-wrap details[open] th.theme") if th.is_displayed()]
    assert rows and all(th.size["height"] < 40 for th in rows)


def test_drafting_fix_undo_and_export_keep_the_word_styles(open_page, tmp_path):
    src = tmp_path / "年度总结.docx"
    shutil.copy(sample("annual_summary.docx"), src)
    page = open_page()
    tab = [t for t in page.css('[role="tab"]') if t.text.strip() == "起草"][0]
    tab.click()
    time.sleep(0.5)
    page.css("input[type=file]")[-1].send_keys(str(src))
    page.wait_text("改为“增强”")
    draft = lambda: page.d.execute_script("const t = document.querySelector('textarea'); return t ? t.value : '';")
    original = draft()
    assert "坚定“四个意识”" in original

    def fix():
        page.press("改为“增强”")
        page.wait.until(lambda _: "增强“四个意识”" in draft())
    fix()
    page.press("撤销上一步")
    page.wait.until(lambda _: draft() == original)
    fix()
    out = page.download("导出修改后的文稿（.docx）", "年度总结_修改稿.docx")
    before, after = docx.Document(str(src)), docx.Document(io.BytesIO(out))
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    assert [p.alignment for p in after.paragraphs] == [p.alignment for p in before.paragraphs]
    assert len(after.tables) == len(before.tables) == 1
    text = read_bytes(out, ".docx").text
    assert "增强“四个意识”" in text and "坚定“四个意识”" not in text
    assert text == read_bytes(src.read_bytes(), ".docx").text.replace("坚定“四个意识”", "增强“四个意识”", 1)


SCANNED = ("关于开展主题党日活动的通知\n各党支部：\n为深入学习贯彻党的二十大精神，经研究，定于2024年3月15日开展主题党日活动，"
           "现将有关事项通知如下。\n一、活动内容\n组织党员集中学习《中国共产党纪律处分条例》，每名党员撰写1篇心得体会，"
           "字数不少于800字。\n中共江屿市委员会办公室\n2024年3月1日")


def test_a_scan_shows_its_doubtful_text_outlined_with_a_chinese_tip(open_page, tmp_path):
    """A scanned notice whose middle lines are blurred: the page says it was read by OCR, and outlines exactly the
    spans the OCR read with low confidence, each with the tooltip 【识别存疑】…请对照原件核对."""
    pytest.importorskip("rapidocr_onnxruntime")
    from PIL import ImageFilter
    from ingest.gongwen import cjk_font, scan_pages
    if cjk_font() is None:
        pytest.skip("no CJK font to render scans (fonts-noto-cjk)")
    [scan] = scan_pages(SCANNED, seal=True, skew=0.5, jpeg=70, seed=3)
    band = (0, 200, scan.width, 1000)                     # the body lines, blurred as by a bad scanner
    scan.paste(scan.crop(band).filter(ImageFilter.GaussianBlur(5)), band[:2])
    path = tmp_path / "扫描通知.png"
    scan.save(path)
    doubtful = read_bytes(path.read_bytes(), ".png").ocr["low_confidence"]
    assert doubtful                                         # the blur made the OCR unsure somewhere
    page = open_page()
    page.upload(path)
    page.wait_text("由文字识别（OCR）读出")
    assert f"{len(doubtful)} 处识别存疑" in page.visible_text()
    marks = page.css("div.sg-text mark.sg-ocr")
    assert marks
    covered = set()
    for m in marks:
        assert "【识别存疑】" in m.get_attribute("data-tip") and "请对照原件核对" in m.get_attribute("data-tip")
        covered.update(range(int(m.get_attribute("data-start")), int(m.get_attribute("data-end"))))
        assert page.d.execute_script("return getComputedStyle(arguments[0]).outlineStyle;", m) == "dashed"
    assert covered == {i for s in doubtful for i in range(s["start"], s["end"])}
    assert [e.text for e in page.css(".sg-legend mark.sg-ocr")] == ["识别存疑"]


def test_the_uploader_names_every_accepted_type(open_page):
    page = open_page()
    # a loaded machine draws the uploader's label a moment after the input itself
    page.wait.until(lambda _: [e for e in page.css('[data-testid="stFileUploader"] label') if e.text.strip()])
    label = page.css('[data-testid="stFileUploader"] label')[0].text
    assert all(suffix in label for suffix in SUPPORTED), label
    assert "Word" in label and "扫描图片" in label
