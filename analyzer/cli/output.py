"""Where ``--out`` writes, checked before any analysis and written atomically.

Why: ``check 讲话.docx --format json --out 讲话.docx`` used to empty the input before reading it; a missing folder,
a folder given as a file, no permission or a full disk ended in a traceback after the whole analysis ran, leaving
a truncated file. Now the target is checked first (a usage error, exit 2, before any work), and every output is
written to a temporary file in the same folder, then renamed over the target (``os.replace`` is atomic)."""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

from analyzer.errors import OutputError, UsageError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_out(out: str | None, *, folder: bool, inputs: Iterable[Path]) -> None:
    """Refuse an ``--out`` that would overwrite an input or cannot be written, before anything is analysed."""
    if not out:
        return
    target = Path(out)
    if folder:
        if target.exists() and not target.is_dir():
            raise UsageError(f"--out 应为文件夹，但“{out}”是文件。")
        parent = target if target.is_dir() else target.parent
    else:
        if target.is_dir():
            raise UsageError(f"--out 应为文件，但“{out}”是文件夹：请给出文件名，例如 {target / '结果'}")
        parent = target.parent
        for p in inputs:
            if _same_file(target, Path(p)):
                raise UsageError(f"--out 指向输入文件“{p}”，输出会覆盖原文：请换一个文件名。")
    parent = parent if str(parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--out 所在的文件夹不存在：“{parent}”。")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"没有写入权限：“{parent}”。")


def describe(e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "磁盘空间不足或文件超出大小限制"
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限（或是只读存储）"
    return e.strerror or type(e).__name__


@contextmanager
def atomic_path(out: str) -> Iterator[str]:
    """A temporary path beside ``out``; renamed to ``out`` when the block succeeds, removed when it fails."""
    import tempfile     # here: stdout output (the usual check) need not import it (and random) at all
    target = Path(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent or "."))
        os.close(fd)
    except OSError as e:
        raise OutputError(f"无法写入 {out}：{describe(e)}") from None
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as e:
        _remove(tmp)
        raise OutputError(f"无法写入 {out}：{describe(e)}（未留下不完整的文件）") from None
    except Exception as e:            # writers wrap I/O errors in their own types (lxml: IO_EFBIG, IO_ENOSPC)
        _remove(tmp)
        if any(code in str(e) for code in ("EFBIG", "ENOSPC", "EDQUOT")):
            raise OutputError(f"无法写入 {out}：磁盘空间不足或文件超出大小限制（未留下不完整的文件）") from None
        raise
    except BaseException:
        _remove(tmp)
        raise


@contextmanager
def atomic_open(out: str, **kw) -> Iterator[IO[str]]:
    """``open(out, "w")`` that leaves either the complete new file or the old one, never a truncated one."""
    with atomic_path(out) as tmp:
        with open(tmp, "w", **kw) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
