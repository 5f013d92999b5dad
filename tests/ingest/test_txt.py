"""txt/md: encodings, line endings, paragraphs; and every corpus file ingests."""
from __future__ import annotations

import re

import pytest

from analyzer.ingest import document_from_text, iter_input_files, read_bytes, read_document
from conftest import SAMPLES, corpus_files, requires_corpus

TEXT = "关于加强机关党建工作的报告\r\n一、基本情况\r\n2023年，局机关7个党支部召开支部党员大会28次。\r\n\r\n二、存在问题\r\n学习不够深入。"
LINES = ["关于加强机关党建工作的报告", "一、基本情况", "2023年，局机关7个党支部召开支部党员大会28次。", "二、存在问题",
         "学习不够深入。"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_encodings(encoding):
    doc = read_bytes(TEXT.encode(encoding), ".txt")
    assert [doc.paragraph_text(p) for p in doc.paragraphs] == LINES
    assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_gb18030_only_characters():
    text = "㐀㐁 江屿市𠀀党建"  # CJK extension A/B: GB18030 four-byte sequences, not in GBK
    assert read_bytes(text.encode("gb18030"), ".txt").text == text


def test_line_endings_and_structure():
    doc = read_bytes(TEXT.replace("\r\n", "\r").encode(), ".md")
    assert doc.format == "md"
    assert doc.text.split("\n")[:3] == LINES[:3]
    assert [(p.kind, p.level) for p in doc.paragraphs] == [("body", None), ("heading", 1), ("body", None),
                                                           ("heading", 1), ("body", None)]
    assert doc.title == "关于加强机关党建工作的报告"


def test_paragraph_offsets_trim_indents():
    doc = document_from_text("标题\n　　首行缩进的正文。\n\t表格\t两格\n")
    assert [doc.paragraph_text(p) for p in doc.paragraphs] == ["标题", "首行缩进的正文。", "表格\t两格"]
    assert [p.kind for p in doc.paragraphs] == ["body", "body", "table"]


@pytest.mark.parametrize("name", ["annual_summary", "speech", "duty_report", "self_review"])
def test_sample_sources(name):
    doc = read_document(SAMPLES / f"{name}.txt")
    n = len(doc.text)
    assert 1500 <= n <= 3000
    assert sum(1 for p in doc.paragraphs if p.kind == "table") >= 3
    assert doc.date is not None and doc.date.year == 2024


def test_folder_expansion(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["b.txt", "sub/a.docx", "c.pdf", "d.doc", "e.xlsx", ".hidden.txt", "~$lock.docx", "README.md", "f.md"]:
        (tmp_path / name).write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert got == ["b.txt", "c.pdf", "d.doc", "f.md", "sub/a.docx"]
    assert iter_input_files([tmp_path / "e.xlsx"]) == [tmp_path / "e.xlsx"]  # named explicitly: kept, then reported


@requires_corpus
def test_every_corpus_file_ingests():
    files = corpus_files()
    assert len(files) >= 50
    for f in files:
        doc = read_document(f)
        raw = f.read_text("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        assert doc.text == raw, f.name   # txt keeps every character: offsets index the file itself
        assert doc.paragraphs, f.name
        for p in doc.paragraphs:
            seg = doc.text[p.start:p.end]
            assert seg and seg == seg.strip(" \t\u3000") and "\n" not in seg


def test_control_count_is_the_regex_count():
    """``count_controls`` (ASCII part only) counts what a regex over the whole text counts."""
    from analyzer.ingest.txt import count_controls
    control = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
    texts = ["", "正文。\n\t表\f格\r", "".join(map(chr, range(0, 0x300))), "\ufffd坏\ufffd字\x00\x7f\x1b", "\ud800孤",
             "ascii only \x01\x02 text"] + [f.read_text("utf-8") for f in corpus_files()[:10]]
    for t in texts:
        assert count_controls(t) == len(control.findall(t)), t[:20]


def test_paragraphs_are_the_trimmed_lines():
    """The paragraph regex finds each line with " \\t\\u3000" trimmed from both ends, blank lines left out."""
    text = "\u3000\u3000标题 \n\n \t \n一、第一\t部分\u3000\n\xa0不算空白\xa0\n  x\n正文"
    doc = document_from_text(text)
    expected = [(m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")),
                 m.start() + len(m.group().rstrip(" \t\u3000"))) for m in re.finditer(r"[^\n]+", text)
                if m.group().strip(" \t\u3000")]
    assert [(p.start, p.end) for p in doc.paragraphs] == expected
    assert [doc.paragraph_text(p) for p in doc.paragraphs] == ["标题", "一、第一\t部分", "\xa0不算空白\xa0", "x", "正文"]
