"""The page ships in the wheel: build it, install it (no dependencies: they come from this environment) into a
fresh venv, start ``shengao app`` from an unrelated folder and ask the server's health endpoint. The privacy
settings travel as flags, so the running Streamlit carries them even without ``.streamlit/config.toml``."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from analyzer.ui.server import SERVER_OPTIONS
from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_checkout_config_says_what_the_flags_say():
    """.streamlit/config.toml (``streamlit run app.py`` in a checkout) and the flags of ``shengao app`` agree."""
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    flat = {f"{section}.{key}": value for section, table in conf.items() for key, value in table.items()}
    assert flat == SERVER_OPTIONS


def _children(pid: int) -> list[int]:
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(p.name))
            except (OSError, IndexError, ValueError):
                pass
    return out


def test_shengao_app_from_wheel_answers_health(wheel_venv, tmp_path):
    port = free_port()
    log = open(tmp_path / "app.log", "wb")
    env = {**os.environ, "HOME": str(tmp_path)}   # no ~/.streamlit config of the user's either
    proc = subprocess.Popen([str(wheel_venv / "bin" / "shengao"), "app", "--port", str(port)], cwd=tmp_path,
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 120
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                log.flush()
                pytest.fail("shengao app did not start:\n" + (tmp_path / "app.log").read_text(errors="replace"))
            time.sleep(0.5)
        kids = _children(proc.pid)
        assert kids, "shengao app runs streamlit as a child process"
        argv = Path(f"/proc/{kids[0]}/cmdline").read_bytes().decode().split("\0")
        assert str(wheel_venv) in argv[argv.index("run") + 1]   # the page script inside the installed package
        flags = dict(zip(argv[argv.index("run") + 2::2], argv[argv.index("run") + 3::2]))
        assert flags["--browser.gatherUsageStats"] == "false"
        assert flags["--server.address"] == "127.0.0.1"
        assert flags["--server.maxUploadSize"] == "50"
    finally:
        for k in _children(proc.pid):
            os.kill(k, 15)
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
