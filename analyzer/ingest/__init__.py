"""Readers: one small module per format, each turning a file into a ``Document``.

``read_document(path)`` dispatches on the suffix; ``document_from_text(text)`` builds a Document from a string
(what ``analyze(text=...)`` and the drafting page use). Reader errors are the typed ``IngestError``s of
``analyzer.errors``."""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.ingest.guard import clean_surrogates, typed_reader_errors
from analyzer.ingest.paths import display_path
from analyzer.errors import CorruptFile, Empty, TooLarge, Unreadable, UnsupportedFormat
from analyzer.model import Document
from analyzer.ingest.structure import build_document

# Read directly; through LibreOffice (legacy word-processor files); OFD
DIRECT = (".txt", ".md", ".docx", ".pdf")
LEGACY = (".doc", ".wps", ".rtf", ".odt")
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")   # read by OCR
SUPPORTED = DIRECT + LEGACY + (".ofd",) + IMAGES
SUPPORTED_LIST = " ".join(SUPPORTED)   # for messages: ".txt .md .docx …"

# What folders yield (DESIGN.md: PATH folders are searched for these)
FOUND_IN_FOLDERS = SUPPORTED


def _env_number(name: str, default: float) -> float:
    """A limit lowered (or raised) for this run by the environment, e.g. ``SHENGAO_WORKER_MEMORY_MB=600``."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024            # file size on disk
    max_unzipped_bytes: int = 200 * 1024 * 1024  # a docx's decompressed size (zip bomb guard)
    max_chars: int = 5_000_000                   # extracted text (about 3,000 pages of 公文)
    max_pages: int = 3_000                       # a PDF's pages (pdfplumber reads ~20 pages/s)
    convert_seconds: float = 180.0               # one LibreOffice conversion (.doc .wps .rtf .odt)
    ocr: bool = True                             # read pages without a text layer by OCR (--no-ocr: off)
    ocr_max_pages: int = 300                     # scanned pages read by OCR in one file (~5 s CPU each)
    ocr_max_pixels: int = 80_000_000             # one image or rendered page (a decompression bomb is refused)
    ocr_seconds: float = 3600.0                  # OCR of one file
    # a worker of ``check --jobs N`` (docs/robustness.md): the resident memory it may add to what it started with,
    # and the time one file may hold it; over either, the worker is stopped and replaced, the file fails as
    # memory_limit / time_limit
    worker_memory_mb: float = field(default_factory=lambda: _env_number("SHENGAO_WORKER_MEMORY_MB", 1536))
    document_seconds: float = field(default_factory=lambda: _env_number("SHENGAO_DOCUMENT_SECONDS", 4000))

    @property
    def reading(self) -> str:
        """The options that change the text read from the same bytes, as a short key ('' = the default reading):
        a results store must not serve a report of one reading for another (``analyzer.batch.store``)."""
        return "" if self.ocr else "no-ocr"


DEFAULT_LIMITS = Limits()


def read_document(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    path = Path(path)
    if path.is_dir():    # a folder that could not be listed (iter_input_files reports it rather than skip it)
        raise Unreadable("无法打开此文件夹（没有权限或已损坏），其中的文件未检查。", path=display_path(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFormat(f"不支持的文件类型“{suffix or '无扩展名'}”，支持 {SUPPORTED_LIST}。", path=display_path(path))
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a folder named x.txt; a FIFO would block the read forever
            raise Unreadable("这是一个文件夹，不是文件。" if stat.S_ISDIR(st.st_mode) else "不是普通文件，无法读取。",
                             path=display_path(path))
        size = st.st_size
        if size > limits.max_bytes:
            raise TooLarge(f"文件过大（{size / 1048576:.1f} MB），上限为 {limits.max_bytes / 1048576:.0f} MB，"
                           "请拆分后分别提交。", path=display_path(path))
        if size == 0:
            raise Empty("文件为空（0 字节）。", path=display_path(path))
        data = path.read_bytes()
    except OSError as e:
        raise Unreadable(unreadable_message(path, e), path=display_path(path)) from None
    doc = read_bytes(data, suffix, name=display_path(path), limits=limits)
    doc.path = display_path(path)
    return doc


@typed_reader_errors
def read_bytes(data: bytes, suffix: str, *, name: str = "<upload>", limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read an in-memory file (uploads in the page never touch the disk)."""
    suffix = suffix.lower() if suffix.startswith(".") else "." + suffix.lower()
    if suffix in (".doc", ".wps") and _is_docx_package(data):  # WPS and mail gateways often name a .docx ".doc"
        suffix = ".docx"
    elif suffix == ".docx" and data.startswith(b"\xd0\xcf\x11\xe0") \
            and "EncryptedPackage".encode("utf-16-le") not in data:  # a Word 97 file named .docx
        suffix = ".doc"
    if len(data) > limits.max_bytes:
        raise TooLarge(f"文件过大（{len(data) / 1048576:.1f} MB），上限为 {limits.max_bytes / 1048576:.0f} MB。", path=name)
    if not data:
        raise Empty("文件为空（0 字节）。", path=name)
    sha256 = hashlib.sha256(data).hexdigest()   # the store's key: the bytes, whatever text they give
    if suffix in (".txt", ".md"):
        from analyzer.ingest.txt import read_txt
        doc = read_txt(data, name=name, fmt=suffix[1:], sha256=sha256)
    elif suffix == ".docx":
        from analyzer.ingest.docx import read_docx
        doc = read_docx(data, name=name, limits=limits)
    elif suffix == ".pdf":
        if b"%PDF" not in data[:1024]:
            kind = "Word/ZIP 压缩包" if data.startswith(b"PK") else "其他格式"
            raise CorruptFile(f"扩展名为 .pdf，但文件不是 PDF（内容是{kind}），请确认文件类型后重试。", path=name)
        from analyzer.ingest.pdf import read_pdf
        doc = read_pdf(data, name=name, limits=limits)
    elif suffix in LEGACY:
        from analyzer.ingest.legacy import read_legacy
        doc = read_legacy(data, suffix, name=name, limits=limits)
    elif suffix in IMAGES:
        from analyzer.ingest.ocr import read_image
        doc = read_image(data, suffix, name=name, limits=limits)
    elif suffix == ".ofd":
        from analyzer.ingest.ofd import read_ofd
        doc = read_ofd(data, name=name, limits=limits)
    else:
        raise UnsupportedFormat(f"不支持的文件类型“{suffix}”，支持 {SUPPORTED_LIST}。", path=name)
    if not doc.text.strip():
        raise Empty("文件中没有可分析的文字。", path=name)
    if len(doc.text) > limits.max_chars:
        raise TooLarge(f"文字过多（{len(doc.text):,} 字），超过单个文件上限 {limits.max_chars:,} 字，"
                       "请拆分为几个文件后分别提交。", path=name)
    doc.sha256 = sha256
    doc.path = name
    return doc


def unreadable_message(path: Path, e: OSError) -> str:
    """What went wrong with the path itself, in words a reviewer can act on."""
    import errno
    if isinstance(e, IsADirectoryError) or path.is_dir():
        return "这是一个文件夹，不是文件。"
    if e.errno == errno.ELOOP:
        return "符号链接循环（链接指向自身），无法读取。"
    if isinstance(e, FileNotFoundError):
        return "链接指向的文件不存在（链接已失效）。" if path.is_symlink() else "文件不存在（可能已被移动或删除）。"
    if isinstance(e, PermissionError):
        return "没有读取该文件的权限。"
    return f"无法读取文件（{e.strerror or type(e).__name__}）。"


def _is_docx_package(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]


def document_from_text(text: str, *, path: str | None = None, fmt: str = "txt", rejoin: bool = False) -> Document:
    """A Document from a string: paragraphs from line breaks, title and date detected as for a file. ``rejoin``:
    re-join hard-wrapped lines as for a .txt file (text pasted from a PDF); the Document then holds the re-joined
    text. Off by default: a caller that edits its own string by the Document's offsets (the drafting tab) needs
    them to index that string."""
    text = clean_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))
    if rejoin:
        from analyzer.ingest.rejoin import rejoin_text
        text = rejoin_text(text)
    doc = build_document(text, fmt=fmt)
    doc.path = path
    return doc


def iter_input_files(paths) -> list[Path]:
    """Expand folders (recursively) into the supported files they contain, in a stable order. Files named
    explicitly are kept whatever their suffix, so an unsupported one is reported, not silently skipped. In a
    folder, hidden files, Word lock files (~$x.docx) and a README.md (the folder's own notes) are passed over."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():  # broken links, FIFOs, sockets and unlistable folders are kept: the reviewer hears of them
            unlisted: list[Path] = []
            out.extend(sorted(f for f in _walk(p, unlisted) if f.suffix.lower() in FOUND_IN_FOLDERS
                              and not f.name.startswith((".", "~$")) and f.name.lower() != "readme.md"
                              and not f.is_dir()))
            out.extend(sorted(unlisted))
        else:
            out.append(p)
    return out


def _walk(root: Path, unlisted: list[Path]):
    """Every file under ``root``, following linked folders once each: a link loop ends where it closes. Folders
    that cannot be listed (no permission) are added to ``unlisted``."""
    seen: set[tuple[int, int]] = set()

    def failed(e: OSError) -> None:
        if e.filename is not None:
            unlisted.append(Path(e.filename))
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=failed):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        yield from (Path(dirpath, n) for n in filenames)
