"""The page ships in the wheel: build it, install it (no dependencies: they come from this environment) into a
fresh venv, start ``shengao app`` from an unrelated folder and ask the server's health endpoint. The privacy
settings travel as flags, so the running Streamlit carries them even without ``.streamlit/config.toml``."""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from analyzer.ui.server import SERVER_OPTIONS
from conftest import ROOT
from ui.browserkit import Server, children


def test_checkout_config_says_what_the_flags_say():
    """.streamlit/config.toml (``streamlit run app.py`` in a checkout) and the flags of ``shengao app`` agree."""
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    flat = {f"{section}.{key}": value for section, table in conf.items() for key, value in table.items()}
    assert flat == SERVER_OPTIONS


def test_shengao_app_from_wheel_answers_health(wheel_venv, tmp_path):
    env = {**os.environ, "HOME": str(tmp_path)}   # no ~/.streamlit config of the user's either
    srv = Server(tmp_path / "app.log", cwd=tmp_path, env=env,       # waits for /_stcore/health to answer "ok"
                 command=lambda port: [str(wheel_venv / "bin" / "shengao"), "app", "--port", str(port)])
    try:
        kids = children(srv.proc.pid)
        assert kids, "shengao app runs streamlit as a child process"
        argv = Path(f"/proc/{kids[0]}/cmdline").read_bytes().decode().split("\0")
        assert str(wheel_venv) in argv[argv.index("run") + 1]   # the page script inside the installed package
        flags = dict(zip(argv[argv.index("run") + 2::2], argv[argv.index("run") + 3::2]))
        assert flags["--browser.gatherUsageStats"] == "false"
        assert flags["--server.address"] == "127.0.0.1"
        assert flags["--server.maxUploadSize"] == "50"
    finally:
        srv.stop()
