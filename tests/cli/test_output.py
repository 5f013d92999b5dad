"""``--out`` never destroys an input, is checked before any analysis, and never leaves a truncated file."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest

from conftest import SAMPLES


def run(*args, cwd=None, limit_bytes=None):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)      # a write past the limit fails with EFBIG, like a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
    return subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, preexec_fn=limit if limit_bytes else None)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table", "csv", "xlsx", "html"])
def test_out_naming_an_input_is_refused_and_the_input_kept(tmp_path, fmt):
    src = tmp_path / "讲话.docx"
    shutil.copy(SAMPLES / "speech.docx", src)
    before = src.read_bytes()
    res = run("check", src, "--no-store", "--format", fmt, "--out", src)
    assert res.returncode == 2, res.stderr
    assert "会覆盖原文" in res.stderr and "Traceback" not in res.stderr
    assert src.read_bytes() == before


def test_out_naming_an_input_through_a_folder_or_a_link_is_refused(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "speech.txt", d / "a.txt")
    (tmp_path / "link.txt").symlink_to(d / "a.txt")
    before = (d / "a.txt").read_bytes()
    res = run("check", d, "--no-store", "--format", "json", "--out", tmp_path / "link.txt")
    assert res.returncode == 2 and "会覆盖原文" in res.stderr
    assert (d / "a.txt").read_bytes() == before


@pytest.mark.parametrize("case, words", [("missing", "文件夹不存在"), ("folder", "是文件夹"), ("readonly", "没有写入权限")])
def test_bad_out_is_a_usage_error_before_any_analysis(tmp_path, case, words):
    out = {"missing": tmp_path / "nope" / "r.json", "folder": tmp_path, "readonly": tmp_path / "ro" / "r.json"}[case]
    if case == "readonly":
        (tmp_path / "ro").mkdir()
        os.chmod(tmp_path / "ro", 0o500)
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only folders; the check is os.access, as for any user")
    res = run("check", SAMPLES / "speech.txt", "--no-store", "--format", "json", "--out", out)
    assert res.returncode == 2, res.stderr
    assert words in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("fmt", ["json", "xlsx", "html", "csv"])
def test_a_full_disk_leaves_no_truncated_file_and_keeps_the_old_one(tmp_path, fmt):
    out = tmp_path / f"r.{fmt}"
    out.write_text("旧的结果", encoding="utf-8")
    res = run("check", SAMPLES, "--no-store", "--format", fmt, "--out", out, limit_bytes=2000)
    assert res.returncode == 1, res.stderr
    assert "磁盘空间不足" in res.stderr and "Traceback" not in res.stderr
    assert out.read_text(encoding="utf-8") == "旧的结果"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]          # no .part file left


def test_out_is_complete_json_when_written(tmp_path):
    out = tmp_path / "r.json"
    res = run("check", SAMPLES / "speech.txt", "--no-store", "--format", "json", "--out", out)
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["path"].endswith("speech.txt")
