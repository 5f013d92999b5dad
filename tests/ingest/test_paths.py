"""Inputs as a Chinese office's folders hold them: GBK file names from unzipped Windows archives, FIFOs and sockets
among the files, folders that cannot be listed. Every one ends as a report or a typed failure, never a crash or a
silent skip."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys

import openpyxl
import pytest

from analyzer.ingest import iter_input_files
from analyzer.ingest.paths import display_path
from conftest import SAMPLES

GBK_NAME = "2023年度党建工作总结"


def gbk_file(folder):
    """A file whose name is GBK bytes (what unzip leaves from a Windows archive): not valid UTF-8."""
    raw = os.fsencode(str(folder)) + b"/" + GBK_NAME.encode("gbk") + b".txt"
    shutil.copy(SAMPLES / "speech.txt", os.fsdecode(raw))
    return os.fsdecode(raw)


def test_display_path_decodes_gbk_names_and_keeps_utf8_ones(tmp_path):
    name = gbk_file(tmp_path)
    with pytest.raises(UnicodeEncodeError):
        name.encode("utf-8")
    assert display_path(name) == f"{tmp_path}/{GBK_NAME}.txt"
    assert display_path("/a/讲话.docx") == "/a/讲话.docx"
    broken = os.fsdecode(b"/a/\xff\xfe\xfd.txt")                        # neither UTF-8 nor GB18030
    assert display_path(broken).encode("utf-8")


def run(*args):
    return subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], capture_output=True, timeout=300)


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "xlsx", "html"])
def test_a_folder_with_a_gbk_name_is_checked_in_every_format(tmp_path, fmt):
    d = tmp_path / "in"
    d.mkdir()
    gbk_file(d)
    out = tmp_path / f"r.{fmt}"
    args = ["--out", out] if fmt in ("xlsx", "html") else []
    res = run("check", d, "--db", tmp_path / "s.db", "--format", fmt, *args)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in res.stderr
    if fmt == "xlsx":
        text = " ".join(str(c.value) for row in openpyxl.load_workbook(out)["文稿"].iter_rows() for c in row)
    else:
        text = out.read_bytes().decode("utf-8") if args else res.stdout.decode("utf-8")
    assert GBK_NAME in text
    if fmt == "json":
        assert json.loads(text)["reports"][0]["path"].endswith(f"{GBK_NAME}.txt")


def test_fifos_and_sockets_in_a_folder_are_reported_not_skipped_nor_blocking(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(SAMPLES / "speech.txt", d / "a.txt")
    os.mkfifo(d / "管道.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(d / "套接字.docx"))
    try:
        assert {p.name for p in iter_input_files([d])} == {"a.txt", "管道.txt", "套接字.docx"}
        res = run("check", d, "--db", tmp_path / "s.db", "--format", "json")      # the store hashes files first
    finally:
        sock.close()
    assert res.returncode == 1
    out = json.loads(res.stdout)
    assert [r["path"].rsplit("/", 1)[1] for r in out["reports"]] == ["a.txt"]
    assert {f["path"].rsplit("/", 1)[1]: f["error"] for f in out["failures"]} == {
        "管道.txt": "unreadable", "套接字.docx": "unreadable"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their permissions")
def test_an_unlistable_subfolder_is_a_failure(tmp_path):
    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    shutil.copy(SAMPLES / "speech.txt", d / "a.txt")
    shutil.copy(SAMPLES / "speech.txt", d / "locked" / "b.txt")
    os.chmod(d / "locked", 0)
    try:
        res = run("check", d, "--no-store", "--format", "json")
    finally:
        os.chmod(d / "locked", 0o700)
    assert res.returncode == 1
    failures = json.loads(res.stdout)["failures"]
    assert [f["path"].rsplit("/", 1)[1] for f in failures] == ["locked"] and failures[0]["error"] == "unreadable"
