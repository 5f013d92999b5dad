"""Checking many files: one bad file never stops a batch; each input yields a Report or a Failure.

``check_paths`` is the plain sequential API. ``check_batch`` is what ``shengao check`` runs: it answers unchanged
files from the results store (hash the bytes, look up, no analysis), analyses the rest in a process pool whose
workers load the lexicons once (initializer), streams results back in completion order, and stores them. Only
this (main) process touches the store."""
from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from analyzer.errors import IngestError, LexiconError, UsageError
from analyzer.ingest import DEFAULT_LIMITS, Limits, iter_input_files, read_bytes, read_document
from analyzer.ingest.paths import display_path
from analyzer.lexicon import Lexicon, default_lexicon
from analyzer.model import Document, Report
from analyzer.pipeline import analyze_document
from analyzer.render.jsonout import report_json

if TYPE_CHECKING:   # the process pool is imported only for --jobs > 1 (15 ms off every sequential run)
    from concurrent.futures import ProcessPoolExecutor


@dataclass(frozen=True)
class Failure:
    path: str
    error: str     # stable English code, e.g. "encrypted"
    message: str   # Chinese, for the reader

    def to_dict(self) -> dict:
        return {"path": self.path, "error": self.error, "message": self.message}


@dataclass
class Checked:
    """One analysed file of a batch. ``from_store`` says the report was reused, not recomputed. ``record`` holds
    the report's JSON (fast output); ``report`` the Report objects, rebuilt on first use."""
    record: "ReportRecord"
    unit: str
    year: int | None = None
    from_store: bool = False

    @property
    def path(self) -> str:
        return self.record.path

    @property
    def report(self) -> Report:
        return self.record.report()


def read_one(path: Path, limits: Limits = DEFAULT_LIMITS, *, data: bytes | None = None,
             source: str | None = None) -> Document | Failure:
    """The file's Document, or the Failure that lists it: reading never raises for a bad file. ``data``: the
    file's bytes, read elsewhere (a Dask client sends them to workers that cannot see the file); ``source``: where
    this process finds the file when not at ``path`` (a worker in another working folder). The Document and any
    Failure name ``path`` either way."""
    try:
        if data is not None:
            doc = read_bytes(data, Path(path).suffix, name=display_path(path), limits=limits)
        else:
            doc = read_document(source or path, limits)
        doc.path = display_path(path)
        return doc
    except IngestError as e:
        return Failure(display_path(path), e.code, e.message)
    except OSError as e:
        return Failure(display_path(path), "unreadable", f"无法读取文件：{e.strerror or e}")


def read_all(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> tuple[list[Document], list[Failure]]:
    """Every readable file under ``paths`` (folders expanded), and a Failure for each other one."""
    docs, failures = [], []
    for p in iter_input_files(paths):
        got = read_one(p, limits)
        (failures if isinstance(got, Failure) else docs).append(got)
    return docs, failures


def check_one(path: Path, lex: Lexicon, *, as_of=None, profile=None, include_text=False,
              limits: Limits = DEFAULT_LIMITS, data: bytes | None = None, source: str | None = None) -> Report | Failure:
    try:
        doc = read_one(path, limits, data=data, source=source)
        if isinstance(doc, Failure):
            return doc
        return analyze_document(doc, lex, as_of=as_of, profile=profile, include_text=include_text)
    except (UsageError, LexiconError):
        raise
    except (Exception, RecursionError) as e:  # a reader or analysis bug must not sink the other 999 files
        return Failure(display_path(path), "internal_error", f"分析此文件时出错（{type(e).__name__}：{e}），其他文件不受影响。")


def check_bytes(data: bytes, name: str, lex: Lexicon, *, as_of=None, profile=None,
                limits: Limits = DEFAULT_LIMITS) -> Report | Failure:
    """One upload held in memory (the review page): read it, analyse it; a Report or the Failure that lists it,
    as ``check_one`` for a file. ``name`` becomes the report's path (the caller keeps same-name uploads apart)."""
    try:
        doc = read_bytes(data, Path(name).suffix or ".txt", name=name, limits=limits)
        return analyze_document(doc, lex, as_of=as_of, profile=profile)
    except IngestError as e:
        return Failure(name, e.code, e.message)
    except (UsageError, LexiconError):
        raise
    except (Exception, RecursionError) as e:  # a bad file must never take the page (or the batch) down
        return Failure(name, "internal_error", f"分析此文件时出错（{type(e).__name__}），请将文件另存后重试。")


def check_paths(paths: Iterable[str | Path], lex: Lexicon, **kw) -> Iterator[Report | Failure]:
    for p in iter_input_files(paths):
        yield check_one(p, lex, **kw)


# --- the parallel, stored batch ----------------------------------------------------------------------------

COMMIT_SECONDS = 1.0


def effective_jobs(jobs: int, *, force: bool = False) -> int:
    """Worker processes for ``--jobs``: 0 or less means one per core; more than the cores only when forced
    (``--jobs 1000`` forked 1,000 processes of ~80 MB for no gain)."""
    cores = os.cpu_count() or 1
    if jobs <= 0:
        return cores
    return jobs if force else min(jobs, cores)


_WORKER: dict = {}


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive the batch: SIGTERM or SIGKILL of ``shengao check`` used to leave every worker
    running (180 MB each, indefinitely). Linux delivers SIGKILL to this process when its parent dies
    (prctl PR_SET_PDEATHSIG); a parent that died before the call is caught by the ppid check."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)      # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


WATCH_SECONDS = 0.05      # how often a pool worker looks at its own memory and the time of its current file
HANG_FACTOR = 4           # wall-clock time of one file, in multiples of its CPU-time limit, before it counts as stuck
EXIT_LIMIT = 75           # a worker that stopped itself at a limit (its note says which file and why)


def _rss_bytes() -> int:
    """This process's resident memory (``/proc/self/statm``; 0 where there is no /proc)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_failure(path: str, code: str, limits: Limits) -> Failure:
    """The typed failure of a file whose worker was stopped at a limit."""
    from analyzer.errors import MemoryLimit, TimeLimit
    path = display_path(path)
    if code == MemoryLimit.code:
        return Failure(path, code, f"分析此文件时内存占用超过上限（{limits.worker_memory_mb:.0f} MB），已中止并换用新的"
                                   "分析进程，其他文件不受影响。可能是异常构造的文件；如确为正常文稿，请拆分后分别提交。")
    return Failure(path, TimeLimit.code, f"分析此文件超过 {limits.document_seconds:.0f} 秒（计算时间）仍未完成，已中止并换用新的"
                                         "分析进程，其他文件不受影响。可能是异常构造的文件，请检查后重新提交。")


def _watchdog(limits: Limits, notes) -> None:
    """A pool worker's guard (a daemon thread): over ``limits.worker_memory_mb`` of resident memory above its
    start, or ``limits.document_seconds`` of CPU time on one file (``HANG_FACTOR`` times that of wall time), it
    writes (file, reason) to the batch's ``notes`` and ends the process at once. Checked from outside the
    analysis, so a reader stuck in C code or allocating without end is stopped too; the parent lists the file as
    ``memory_limit`` / ``time_limit`` and replaces the worker."""
    from analyzer.errors import MemoryLimit, TimeLimit
    # growth over what the worker had when it started: a forked worker begins with its parent's resident pages
    # (the lexicons, shared copy-on-write), which are not this worker's doing
    cap = _rss_bytes() + limits.worker_memory_mb * 1048576
    while True:
        time.sleep(WATCH_SECONDS)
        current, (wall, cpu) = _WORKER.get("current"), _WORKER.get("started", (0.0, 0.0))
        if current is None:
            continue
        # CPU seconds (a busy shared machine does not fail a file), and wall time well beyond (a worker stuck)
        over_time = (time.process_time() - cpu > limits.document_seconds
                     or time.monotonic() - wall > HANG_FACTOR * limits.document_seconds)
        reason = MemoryLimit.code if _rss_bytes() > cap else TimeLimit.code if over_time else None
        if reason is not None:
            try:
                notes.put((current, reason))
            finally:
                os._exit(EXIT_LIMIT)


def _init_worker(lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool = True,
                 parent: int | None = None, notes=None) -> None:
    """Runs once in each worker process: load (or, after fork, reuse) the lexicons and compiled matchers.
    ``notes`` (a queue of the local pool): watch this worker's memory and time per file (``_watchdog``)."""
    if parent is not None:
        _die_with_parent(parent)
    from analyzer.ingest.ocr import use_threads
    use_threads(1)  # the workers already fill the cores: one OCR inference thread each
    _WORKER["lex"] = default_lexicon(lexicon_dirs)
    _WORKER["kw"] = kw
    _WORKER["documents"] = send_documents
    if notes is not None:
        import threading
        threading.Thread(target=_watchdog, args=(kw.get("limits", DEFAULT_LIMITS), notes), daemon=True,
                         name="shengao-watchdog").start()


def _work(items: list) -> list:
    """Reports go back as JSON text (``ReportRecord``): serialising in the workers keeps the main process free.
    An item is a path, or (path, bytes of the file), or (path, where this process reads it)."""
    from analyzer.batch.store import ReportRecord
    out = []
    for item in items:
        p, payload = (item, None) if isinstance(item, str) else item
        where = {"data": payload} if isinstance(payload, bytes) else {"source": payload}
        _WORKER["started"], _WORKER["current"] = (time.monotonic(), time.process_time()), p
        try:
            r = check_one(Path(p), _WORKER["lex"], **_WORKER["kw"], **where)
        finally:
            _WORKER["current"] = None
        if isinstance(r, Failure):
            out.append(r)
            continue
        rec = ReportRecord.from_report(r, report_json)
        if not _WORKER.get("documents", True):      # JSON output, no store: the text would cross the pipe for nothing
            rec.drop_document()
        out.append(rec)
    return out


def _pool(jobs: int, lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool = True,
          notes=None) -> ProcessPoolExecutor:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    # fork (Linux) shares the already-loaded lexicons copy-on-write; elsewhere workers load them in the initializer
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(lexicon_dirs, kw, send_documents, os.getpid(), notes))


def _chunks(items: list[str], jobs: int) -> list[list[str]]:
    """Small chunks: few round trips for thousands of small files, yet a balanced load and a live progress bar."""
    size = max(1, min(16, len(items) // (jobs * 8)))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _drain(notes) -> dict[str, str]:
    """Files whose workers stopped at a limit, with the reason (the notes written before they exited)."""
    out = {}
    while not notes.empty():
        path, reason = notes.get()
        out[path] = reason
    return out


def _run_pool(paths: list[str], jobs: int, lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool,
              notes, suspects: list[str]) -> Iterator:
    """One pool over ``paths``: results in completion order; the chunks lost when a worker died go to
    ``suspects``."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool
    with _pool(jobs, lexicon_dirs, kw, send_documents, notes) as ex:
        pending = {ex.submit(_work, c): c for c in _chunks(paths, jobs)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    yield from fut.result()
                except BrokenProcessPool:
                    suspects.extend(chunk)


def _parallel(paths: list[str], jobs: int, lexicon_dirs: tuple[str, ...], kw: dict,
              send_documents: bool = True) -> Iterator:
    """Results in completion order. A worker that stops itself at a limit (memory, time per file: ``_watchdog``)
    breaks the pool but names its file: that file fails as ``memory_limit`` / ``time_limit`` and the files the
    pool still held go to a fresh pool. A worker that dies without a word (killed, a crash in C) has its possible
    files retried one per fresh process, so only the culprit is reported (``worker_crashed``)."""
    import multiprocessing as mp
    limits = kw.get("limits", DEFAULT_LIMITS)
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    notes = ctx.SimpleQueue()
    todo = list(paths)
    while todo:
        suspects: list[str] = []
        yield from _run_pool(todo, jobs, lexicon_dirs, kw, send_documents, notes, suspects)
        stopped = _drain(notes)
        for p, reason in stopped.items():
            yield limit_failure(p, reason, limits)
        todo = [p for p in suspects if p not in stopped]
        if todo and not stopped:
            break                    # died without a note: find the culprit one file at a time
    for p in todo:
        lost: list[str] = []
        yield from _run_pool([p], 1, lexicon_dirs, kw, send_documents, notes, lost)
        stopped = _drain(notes)
        if p in stopped:
            yield limit_failure(p, stopped[p], limits)
        elif lost:
            yield Failure(display_path(p), "worker_crashed", "分析进程意外退出（可能是内存不足或文件异常），其他文件不受影响。")


def _sha256_file(path: Path, limits: Limits) -> str | None:
    """Hash of the file bytes, the store's key; None when the reader will refuse the file anyway."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_size > limits.max_bytes:   # a FIFO would block the read forever
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def check_batch(paths: Iterable[str | Path], *, lexicon_dirs: Iterable[str | Path] = (), jobs: int = 1,
                store=None, as_of=None, profile: str | None = None, include_text: bool = False,
                unit_pattern: str | None = None, limits: Limits = DEFAULT_LIMITS,
                documents: bool = True, force_jobs: bool = False, scheduler: str | None = None,
                transfer: str = "auto", client=None) -> Iterator[Checked | Failure]:
    """Check every file under ``paths``; yields a ``Checked`` or a ``Failure`` per file, stored ones first, then
    fresh ones in completion order. ``store`` is an open ``analyzer.store.Store`` or None (``--no-store``).
    ``documents=False``: reports taken from the store come without their document (enough for JSON output).
    ``scheduler``: run the analyses on Dask (``analyzer.batch.dask_runner``: ``local`` or ``tcp://HOST:PORT``;
    ``transfer`` and ``client`` as there); the store is still read and written here only."""
    from analyzer.batch.store import AnalysisKey, ReportRecord, unit_key, year_of

    lexicon_dirs = tuple(str(d) for d in lexicon_dirs)
    lex = default_lexicon(lexicon_dirs)
    files = iter_input_files(paths)
    keys: dict[str, AnalysisKey] = {}
    todo: list[str] = []
    for f in files:
        p, shown = str(f), display_path(f)      # read by the real name; reports and the store show valid text
        sha = _sha256_file(f, limits) if store is not None else None
        if sha is not None:
            key = AnalysisKey(sha, lex.version, as_of.isoformat() if as_of else "", profile or "", limits.reading)
            rec = store.lookup(key, path=shown, include_text=include_text, with_document=documents or include_text)
            if rec is not None:
                unit, year = unit_key(shown, unit_pattern), year_of(shown, rec)
                store.record_unit(key, rec, unit=unit, year=year)
                yield Checked(rec, unit, year, from_store=True)
                continue
            keys[shown] = key
        todo.append(p)

    kw = {"as_of": as_of, "profile": profile, "include_text": include_text, "limits": limits}
    jobs = max(1, min(effective_jobs(jobs, force=force_jobs), len(todo)))
    send_documents = documents or include_text or store is not None
    if scheduler is not None or client is not None:
        from analyzer.batch.dask_runner import run_distributed
        results = run_distributed(todo, scheduler=scheduler, jobs=jobs, lexicon_dirs=lexicon_dirs, kw=kw,
                                  send_documents=send_documents, transfer=transfer, client=client)
    elif jobs > 1:
        results = _parallel(todo, jobs, lexicon_dirs, kw, send_documents)
    else:
        results = (check_one(Path(p), lex, **kw) for p in todo)
    written, last_commit = 0, time.monotonic()
    for item in results:
        if isinstance(item, Failure):
            yield item
            continue
        rec = item if isinstance(item, ReportRecord) else ReportRecord.from_report(item, report_json)
        p = rec.path
        unit = unit_key(p, unit_pattern)
        year = year_of(p, rec)
        if store is not None and p in keys:
            store.save(keys[p], rec, unit=unit, year=year)
            written += 1
            # commit at least every COMMIT_SECONDS: a killed run keeps what it finished (WAL commits are cheap)
            if written % 100 == 0 or time.monotonic() - last_commit >= COMMIT_SECONDS:
                store.commit()
                last_commit = time.monotonic()
        yield Checked(rec, unit, year, from_store=False)
    if store is not None:
        store.commit()
