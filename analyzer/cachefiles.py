"""Files in the user's cache folder (``$XDG_CACHE_HOME/shengao``): tables and parses worth keeping between runs
(jieba's tables, pypinyin's readings, parsed lexicon files). Written best effort and atomically, so a concurrent
reader sees the old file or the whole new one, and a folder that cannot be written only costs the saving."""
from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Callable


def cache_folder() -> Path:
    """The project's cache folder (not created here). Raises what ``Path.home()`` raises without a home folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "shengao"


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> bool:
    """``write(fh)`` into a temporary file beside ``path``, then renamed over it. False, leaving nothing behind,
    when the folder cannot be made or written."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            write(fh)
        os.replace(tmp, path)           # atomic: a concurrent reader sees the old state or the whole file
        return True
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
