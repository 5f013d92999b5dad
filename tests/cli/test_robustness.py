"""Bad input at the command line: the exit code DESIGN.md fixes (0 all analysed, 1 some input unreadable, 2 bad
usage or invalid lexicon), a Chinese message, no Python traceback, and the rest of a batch still reported.
Commands run as a real process (``python -m analyzer``) so stderr is exactly what a user sees."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from ingest.test_errors import _pdf


def sg(*args, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def clean(r: subprocess.CompletedProcess, code: int) -> str:
    """The exit code, a Chinese message on stderr when it failed, and never a traceback."""
    assert r.returncode == code, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr[-2000:]
    if code:
        assert re.search(r"[\u4e00-\u9fff]", r.stderr), r.stderr
    return r.stderr


def copy_sample(folder, name, as_name=None):
    target = folder / (as_name or name)
    target.write_bytes((SAMPLES / name).read_bytes())
    return target


def encrypted_pdf() -> bytes:
    def draw(c):
        c.setFont("STSong-Light", 12)
        c.drawString(100, 700, "加密的党建工作总结")
    return _pdf(draw, encrypt="secret")


def test_empty_folder_and_folder_named_like_a_file_are_usage_errors(tmp_path):
    (tmp_path / "空文件夹").mkdir()
    (tmp_path / "x.txt").mkdir()
    for target in ("空文件夹", "x.txt"):
        err = clean(sg("check", "--no-store", tmp_path / target), 2)
        assert "没有找到可分析的文件" in err


def test_missing_path_and_broken_link_named_on_the_command_line(tmp_path):
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    err = clean(sg("check", "--no-store", tmp_path / "broken.txt"), 2)
    assert "不存在" in err and "broken.txt" in err


def test_bad_files_in_a_folder_are_listed_and_the_rest_reported(tmp_path):
    folder = tmp_path / "各支部"
    folder.mkdir()
    copy_sample(folder, "speech.txt", "一支部.txt")
    (folder / "二支部.docx").write_bytes(b"PK\x03\x04 not a zip at all")
    (folder / "三支部.txt").symlink_to(tmp_path / "已删除.txt")
    (folder / "四支部.txt").symlink_to(folder / "四支部.txt")
    (folder / "回环").symlink_to(folder)
    r = sg("check", "--no-store", "--format", "json", folder)
    err = clean(r, 1)
    out = json.loads(r.stdout)
    assert [rep["path"] for rep in out["reports"]] == [str(folder / "一支部.txt")]
    failures = {f["path"].rsplit("/", 1)[1]: (f["error"], f["message"]) for f in out["failures"]}
    assert failures == {"三支部.txt": ("unreadable", "链接指向的文件不存在（链接已失效）。"),
                        "二支部.docx": failures["二支部.docx"],
                        "四支部.txt": ("unreadable", "符号链接循环（链接指向自身），无法读取。")}
    assert failures["二支部.docx"][0] == "corrupt_file" and "损坏" in failures["二支部.docx"][1]
    assert len([ln for ln in err.splitlines() if ln.startswith("无法读取 ")]) == 3


def test_path_with_spaces_and_chinese(tmp_path):
    folder = tmp_path / "党建 材料 2024"
    folder.mkdir()
    target = copy_sample(folder, "annual_summary.docx", "机关 党委 年度总结.docx")
    r = sg("check", "--no-store", "--format", "json", target)
    clean(r, 0)
    report = json.loads(r.stdout)["reports"][0]
    assert report["path"] == str(target) and report["format"] == "docx"
    r = sg("extract", target)
    clean(r, 0)
    assert r.stdout == sg("extract", SAMPLES / "annual_summary.docx").stdout


def test_malformed_lexicon_folder_names_file_and_entry(tmp_path):
    syntax, entry = tmp_path / "syntax", tmp_path / "entry"
    syntax.mkdir()
    entry.mkdir()
    (syntax / "坏词库.yaml").write_text("kind: phrases\nentries:\n  - id: a\n    text: [没有闭合\n", "utf-8")
    (entry / "themes.yaml").write_text("kind: themes\nentries:\n  - id: my-theme\n    name: 测试主题\n", "utf-8")
    for cmd in (["check", "--no-store", SAMPLES / "speech.txt"], ["lexicon", "validate"]):
        err = clean(sg(*cmd[:1 + (cmd[0] == "lexicon")], "--lexicons", syntax, *cmd[1 + (cmd[0] == "lexicon"):]), 2)
        assert "坏词库.yaml" in err and "YAML" in err
        err = clean(sg(*cmd[:1 + (cmd[0] == "lexicon")], "--lexicons", entry, *cmd[1 + (cmd[0] == "lexicon"):]), 2)
        assert "themes.yaml" in err and "条目 my-theme" in err


@pytest.mark.parametrize("args,words", [
    (["check", "--no-store", "--as-of", "2024-13-01", "data/samples/speech.txt"], "2024-13-01"),
    (["suggest", "--as-of", "2024-13-01", "data/samples/speech.txt"], "2024-13-01"),
    (["check", "--no-store", "--format", "xlsx", "data/samples/speech.txt"], "--out"),
    (["check", "--format", "yaml", "data/samples"], "可选：table"),
    (["check", "--jobs", "两个", "data/samples"], "应为数字"),
    (["check", "--profil", "speech", "data/samples"], "--profile"),
    (["check"], "缺少参数"),
    (["frobnicate"], "没有命令"),
    (["extract", "data/samples"], "是文件夹"),
    (["lexicon", "validate", "--lexicons", "no/such/dir"], "不存在"),
    (["reuse", "data/samples/speech.txt"], "至少两份"),
])
def test_bad_usage_exits_2_in_chinese(args, words):
    err = clean(sg(*args), 2)
    assert err.startswith("用法错误：") and words in err, err


def test_reuse_with_one_readable_file_lists_the_other(tmp_path):
    good = copy_sample(tmp_path, "speech.txt")
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 truncated")
    r = sg("reuse", good, tmp_path / "坏.pdf")
    err = clean(r, 1)
    assert r.stdout.strip() == "未发现雷同段落。" and "坏.pdf" in err and "截断" in err


def test_suggest_and_extract_on_unreadable_files_exit_1(tmp_path):
    (tmp_path / "加密.pdf").write_bytes(encrypted_pdf())
    (tmp_path / "损坏.docx").write_bytes((SAMPLES / "speech.docx").read_bytes()[:3000])
    err = clean(sg("suggest", tmp_path / "加密.pdf"), 1)
    assert "加密" in err and "密码" in err
    err = clean(sg("extract", tmp_path / "损坏.docx"), 1)
    assert "损坏" in err


def test_nul_bytes_do_not_break_the_excel_report(tmp_path):
    text = (SAMPLES / "speech.txt").read_bytes()
    cut = text.index("同志们".encode())
    (tmp_path / "带空字符.txt").write_bytes(text[:cut] + b"\0" + text[cut:])
    out = tmp_path / "结果.xlsx"
    clean(sg("check", "--no-store", "--format", "xlsx", "--out", out, tmp_path / "带空字符.txt"), 0)
    import openpyxl
    cells = [str(c.value) for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row if c.value]
    assert any("带空字符.txt" in c for c in cells)


def test_parallel_batch_survives_a_crashing_worker(tmp_path, monkeypatch):
    """A file that kills its worker process (out of memory, a C library fault) costs only that file. The fault is
    injected before the pool forks, so the workers inherit it."""
    import analyzer.batch.runner as batch
    from analyzer.cli.commands import cli
    real = batch.check_one

    def check_one(path, *a, **kw):
        if "崩溃" in str(path):
            os._exit(9)
        return real(path, *a, **kw)
    monkeypatch.setattr(batch, "check_one", check_one)
    for name in ("speech.txt", "duty_report.txt", "self_review.txt"):
        copy_sample(tmp_path, name)
    copy_sample(tmp_path, "annual_summary.txt", "崩溃.txt")
    (tmp_path / "加密.pdf").write_bytes(encrypted_pdf())
    r = CliRunner().invoke(cli, ["check", str(tmp_path), "--jobs", "2", "--no-store", "--format", "json"])
    assert r.exit_code == 1, r.output
    out = json.loads(r.stdout)
    assert sorted(rep["path"].rsplit("/", 1)[1] for rep in out["reports"]) == \
        ["duty_report.txt", "self_review.txt", "speech.txt"]
    assert {f["path"].rsplit("/", 1)[1]: f["error"] for f in out["failures"]} == \
        {"崩溃.txt": "worker_crashed", "加密.pdf": "encrypted"}
    assert "分析进程意外退出" in r.stderr and "Traceback" not in r.stderr


def test_group_option_error_is_chinese_usage_error():
    from click.testing import CliRunner

    from analyzer.cli.commands import cli
    res = CliRunner().invoke(cli, ["--bogus"], prog_name="shengao")
    assert res.exit_code == 2
    assert "用法错误：没有选项 --bogus" in res.output and "Traceback" not in res.output


def test_impossible_date_is_told_apart_from_bad_format(tmp_path):
    from click.testing import CliRunner

    from analyzer.cli.commands import cli
    f = tmp_path / "a.txt"
    f.write_text("一段文字。", encoding="utf-8")
    bad_day = CliRunner().invoke(cli, ["check", str(f), "--as-of", "2024-13-01"])
    bad_form = CliRunner().invoke(cli, ["check", str(f), "--as-of", "2024/1/1"])
    assert bad_day.exit_code == bad_form.exit_code == 2
    assert "日期无效：“2024-13-01”" in bad_day.output
    assert "日期格式应为 YYYY-MM-DD：“2024/1/1”" in bad_form.output
