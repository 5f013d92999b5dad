"""Word 97 .doc, Kingsoft WPS .wps, .rtf and OpenDocument .odt through LibreOffice headless: each is converted to
.docx in a private temporary folder and read by the docx reader, so paragraphs, headings and table rows come out
exactly as for a .docx.

The conversion runs with a throwaway LibreOffice profile (``-env:UserInstallation`` in the temporary folder,
deleted afterwards, so concurrent conversions never share one and nothing is left in the user's home), with macro
execution switched off in that profile, under a time limit (the whole process group is killed when it is
exceeded). Kingsoft WPS writes its .wps files in the Word 97 binary format (an OLE compound file), which
LibreOffice recognises by content. When LibreOffice is not installed, the error says which package to install."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from analyzer.errors import CorruptFile, Encrypted, MissingComponent, TooLarge
from analyzer.model import Document

FORMATS = {".doc": "Word 97–2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）", ".rtf": "RTF 文档",
           ".odt": "OpenDocument 文本（.odt）"}
PACKAGE = "libreoffice-writer-nogui"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream that holds the text: Word 97 and Kingsoft WPS ("WordDocument"), Microsoft Works ("CONTENTS")
_OLE_TEXT_STREAMS = ("WordDocument", "CONTENTS")
MISSING_MSG = (f"读取{{kind}}需要 LibreOffice，本机未安装。请安装 Debian 软件包 {PACKAGE}"
               f"（sudo apt-get install {PACKAGE}，或运行 bash tools/install_system_deps.sh），"
               "或在 Word/WPS 中“另存为” .docx 后再提交。")
# Macro execution off in the throwaway profile (LibreOffice never runs document macros in a conversion with the
# default security level; this makes it explicit)
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.access(path, os.X_OK):
            return path
    return None


def read_legacy(data: bytes, suffix: str, *, name: str = "<doc>", limits=None) -> Document:
    from analyzer.ingest import DEFAULT_LIMITS
    from analyzer.ingest.docx import read_docx
    limits = limits or DEFAULT_LIMITS
    kind = FORMATS.get(suffix, suffix)
    if suffix in (".doc", ".wps") and data.startswith(b"\xd0\xcf\x11\xe0") \
            and "EncryptedPackage".encode("utf-16-le") in data:
        raise Encrypted(f"{kind}已加密（设置了打开密码），请去除密码后重新提交。", path=name)
    if data.startswith(_OLE) and not any(s.encode("utf-16-le") in data for s in _OLE_TEXT_STREAMS):
        raise CorruptFile(f"{kind}已损坏：复合文档中没有正文流（WordDocument），无法读取。", path=name)
    if not _looks_like(data, suffix):
        # LibreOffice would import any bytes as plain text; a reviewer must hear the file is not what it says
        raise CorruptFile(f"扩展名为 {suffix}，但文件内容不是{kind}（已损坏或扩展名错误），请确认后重新提交。", path=name)
    docx = convert(data, suffix, name=name, kind=kind, seconds=limits.convert_seconds)
    doc = read_docx(docx, name=name, limits=limits)
    doc.format = suffix[1:]
    return doc


def _looks_like(data: bytes, suffix: str) -> bool:
    """The file's own signature agrees with its kind: Word 97/WPS (OLE), RTF, an OpenDocument or OOXML zip, or the
    HTML/XML that Word and WPS also save under .doc."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    rtf = head.startswith(b"{\\rtf")
    if suffix == ".rtf":
        return rtf
    if suffix == ".odt":
        return data.startswith(b"PK\x03\x04") and b"opendocument" in data[:200]
    return data.startswith(_OLE) or rtf or data.startswith(b"PK\x03\x04") \
        or head.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version"))


def convert(data: bytes, suffix: str, *, name: str, kind: str, seconds: float = 120, to: str = "docx") -> bytes:
    """``data`` (a file of type ``suffix``) converted by LibreOffice to ``to``; typed errors on failure."""
    program = soffice()
    if program is None:
        raise MissingComponent(MISSING_MSG.format(kind=kind), path=name)
    with tempfile.TemporaryDirectory(prefix="shengao-lo-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, "utf-8")
        src = work / f"input{suffix}"
        src.write_bytes(data)
        out = work / "out"
        cmd = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", to, "--outdir", str(out), str(src)]
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["HOME"] = tmp  # nothing written to the user's home
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=tmp, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise TooLarge(f"LibreOffice 转换{kind}超过 {seconds:.0f} 秒仍未完成（文件过大或异常），已中止。",
                           path=name) from None
        result = out / f"input.{to}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"退出码 {proc.returncode}"]
            raise CorruptFile(f"{kind}已损坏或不是该格式，LibreOffice 无法打开（{detail[0][:120]}）。", path=name)
        return result.read_bytes()
