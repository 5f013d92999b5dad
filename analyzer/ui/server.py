"""How ``shengao app`` starts Streamlit: the page script inside the package and the privacy settings a checkout
gets from ``.streamlit/config.toml`` (that file must say the same: a test compares them), passed as command-line
flags so a wheel install, run from any folder, gets them too."""
from __future__ import annotations

import sys
from pathlib import Path

# Streamlit option -> value. Local only, no telemetry, bounded uploads, no file watcher, no developer menu.
SERVER_OPTIONS: dict[str, object] = {
    "global.developmentMode": False,
    "browser.gatherUsageStats": False,
    "server.address": "127.0.0.1",
    "server.maxUploadSize": 50,
    "server.headless": True,
    "server.enableXsrfProtection": True,
    "server.fileWatcherType": "none",
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "type",
    "theme.base": "light",
}
PORTS = (1, 65535)


def page_script() -> Path:
    """The script Streamlit runs (it imports ``analyzer.ui.page`` and calls ``main``)."""
    return Path(__file__).with_name("streamlit_app.py")


def _flag_value(v: object) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def streamlit_command(port: int, python: str = sys.executable) -> list[str]:
    cmd = [python, "-m", "streamlit", "run", str(page_script())]
    for key, value in SERVER_OPTIONS.items():
        cmd += [f"--{key}", _flag_value(value)]
    return cmd + ["--server.port", str(port)]
