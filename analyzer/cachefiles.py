"""Files in the user's cache folder (``$XDG_CACHE_HOME/shengao``): tables and parses worth keeping between runs
(jieba's tables, pypinyin's readings, parsed lexicon files, compiled regexes and dataclass methods). Written best
effort and atomically, so a concurrent reader sees the old file or the whole new one, and a folder that cannot be
written only costs the saving."""
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


def interpreter_tag() -> str:
    """The running Python (``cpython-311-3-11-7``), for the names of files that hold code only it may read."""
    import sys
    version = "".join(c if c.isalnum() else "-" for c in sys.version.split()[0])
    return f"{sys.implementation.cache_tag}-{version}"


class KeptEntries:
    """A dictionary kept in one marshal file of the cache folder for code made the same way in every process
    (compiled regexes, dataclass methods): ``stored`` is what the file held, ``use`` notes what this process used,
    and at exit, when an entry was new, the file is rewritten with the entries used first, then the file's others,
    at most ``kept`` (another command's entries stay for it). No home folder, or a file that cannot be read: an
    empty dictionary; one that cannot be written: nothing kept."""

    def __init__(self, name: str, kept: int) -> None:
        import marshal
        self.kept = kept
        self.used: dict = {}
        self.dirty = False
        try:
            self.path: Path | None = cache_folder() / name
        except (OSError, RuntimeError):      # no home folder
            self.path, self.stored = None, {}
            return
        try:
            stored = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            stored = {}
        self.stored: dict = stored if isinstance(stored, dict) else {}

    def use(self, key, value, new: bool = False) -> None:
        if key in self.used or len(self.used) >= self.kept:
            return
        self.used[key] = value
        if new and not self.dirty and self.path is not None:
            self.dirty = True
            import atexit
            atexit.register(self.save)

    def save(self) -> None:
        import marshal
        keep = dict(self.used)
        for key, value in self.stored.items():
            if len(keep) >= self.kept:
                break
            keep.setdefault(key, value)
        try:
            blob = marshal.dumps(keep)
        except ValueError:                  # a value marshal cannot hold: nothing kept
            return
        write_atomic(self.path, lambda fh: fh.write(blob))
