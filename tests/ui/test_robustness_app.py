"""Bad uploads in the review page (Streamlit AppTest): each gets its own Chinese ``st.error`` naming the file, the
good documents uploaded with them are still analysed and shown, and the page never raises."""
from __future__ import annotations

import json
import re

import pytest

from ui.test_app import page, payloads, sample, upload
from cli.test_robustness import encrypted_pdf
from ingest.test_robustness import docx_with, para

pytest.importorskip("streamlit.testing.v1")


def errors_by_file(at) -> dict[str, str]:
    out = {}
    for e in at.error:
        m = re.match(r"无法读取“(.+?)”：(.+)", e.value, re.S)
        assert m, e.value
        out[m.group(1)] = m.group(2)
    return out


def test_corrupt_encrypted_and_empty_uploads_beside_a_good_one():
    good = sample("self_review.docx")
    truncated = sample("speech.docx")[1][:4000]
    at = upload(page(), ("损坏.docx", truncated, "application/octet-stream"),
                ("加密.pdf", encrypted_pdf(), "application/pdf"), ("空白.txt", b"", "text/plain"), good)
    errs = errors_by_file(at)
    assert len(at.error) == 3 and set(errs) == {"损坏.docx", "加密.pdf", "空白.txt"}
    assert "损坏" in errs["损坏.docx"] and "密码" in errs["加密.pdf"] and "空" in errs["空白.txt"]
    assert [m.label for m in at.metric] == ["覆盖度", "空话度", "错误", "警告"]
    report = json.loads(payloads(at)["self_review.json"])["reports"][0]
    assert report["path"] == "self_review.docx" and report["format"] == "docx" and report["chars"] > 1000
    assert [m.value for m in at.metric][0] == f"{report['coverage']['score']:.1f}"


def test_hostile_word_files_are_refused_and_the_page_lives_on():
    laughs = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    bomb = docx_with(para("开头&j;结尾"), f"<!DOCTYPE d [{laughs}]>")
    nested = para("最内层")
    for _ in range(120):
        nested = f"<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>"
    good = sample("speech.txt")
    at = upload(page(), ("实体炸弹.docx", bomb, "application/octet-stream"),
                ("层层嵌套.docx", docx_with(nested), "application/octet-stream"), good)
    errs = errors_by_file(at)
    assert "DTD" in errs["实体炸弹.docx"] and "嵌套过深" in errs["层层嵌套.docx"]
    assert len(at.metric) == 4 and at.session_state["sg_downloads"]


def test_malformed_lexicon_folder_is_reported(tmp_path):
    (tmp_path / "坏词库.yaml").write_text("kind: phrases\nentries:\n  - id: a\n    text: [没有闭合\n", "utf-8")
    at = page()
    at.text_input(key="sg_extra").set_value(str(tmp_path))
    at.run()
    assert not at.exception
    errs = [e.value for e in at.error]
    assert len(errs) == 1 and "坏词库.yaml" in errs[0] and "已使用内置词库" in errs[0]
    at = upload(at, sample("speech.txt"))
    assert len(at.metric) == 4
