"""Typed errors. Each carries a stable English ``code`` (for machines, stores and exit codes)
and a Chinese ``message`` (for the people who read it)."""
from __future__ import annotations


class ShengaoError(Exception):
    code = "error"

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:  # what the CLI prints
        return f"{self.path}: {self.message}" if self.path else self.message


class IngestError(ShengaoError):
    """A file could not be read. One bad file never stops a batch: callers list it as a failure."""
    code = "ingest_error"


class UnsupportedFormat(IngestError):
    code = "unsupported_format"


class CorruptFile(IngestError):
    code = "corrupt_file"


class Encrypted(IngestError):
    code = "encrypted"


class NoTextLayer(IngestError):
    code = "no_text_layer"


class TooLarge(IngestError):
    code = "too_large"


class ZipBomb(TooLarge):
    code = "zip_bomb"


class Empty(IngestError):
    code = "empty"


class BadEncoding(IngestError):
    code = "bad_encoding"


class MissingComponent(IngestError):
    """A program this kind of file needs is not installed (LibreOffice for .doc, the OCR engine for scans); the
    message names the package to install."""
    code = "missing_component"


class OcrFailed(IngestError):
    """Text recognition of a scanned page failed or ran past its limits."""
    code = "ocr_failed"


class WorkerLimit(IngestError):
    """A worker process of ``check --jobs N`` was stopped while analysing this file: it went over its memory cap
    (``Limits.worker_memory_mb``) or its time (``Limits.document_seconds``). The worker is replaced and the batch
    goes on."""
    code = "worker_limit"


class MemoryLimit(WorkerLimit):
    code = "memory_limit"


class TimeLimit(WorkerLimit):
    code = "time_limit"


class Unreadable(IngestError):
    """The path itself cannot be read: missing, a folder, a broken or looping link, no permission."""
    code = "unreadable"


class LexiconError(ShengaoError):
    """A lexicon pack is malformed. Names the file, the entry and the key so the author can fix it."""
    code = "lexicon_error"

    def __init__(self, file: str, entry_id: str | None, key: str | None, reason: str):
        self.file, self.entry_id, self.key, self.reason = file, entry_id, key, reason
        where = file
        if entry_id:
            where += f"，条目 {entry_id}"
        if key:
            where += f"，字段 {key}"
        super().__init__(f"词库无效（{where}）：{reason}")


class UsageError(ShengaoError):
    code = "usage"


class OutputError(ShengaoError):
    """The report could not be written (folder missing, no permission, disk full). Nothing half-written is left:
    outputs are written to a temporary file beside the target and renamed into place."""
    code = "output_error"
