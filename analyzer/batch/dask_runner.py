"""Batches on Dask (``shengao check ... --scheduler tcp://HOST:PORT|local``; extra ``shengao[dask]``).

The same work as ``--jobs N`` (``analyzer.batch.runner``), spread over the workers of a Dask cluster:

- **Task size.** Files go in chunks (as for the process pool: a few dozen tasks per worker at most, each a few
  files), never one task per file: the scheduler's per-task cost, the result messages and the two shared cores
  are what made a one-file-per-task prototype 2–3x slower than ``--jobs 2``.
- **Warm workers.** Each worker process loads the lexicons and compiled matchers once (``runner._init_worker``,
  kept in the process) and reuses them for every later task and every later batch sent to it.
- **Where inputs come from.** Workers read the files themselves when they see the same path (a shared folder:
  probed on every worker before the batch, by size and a hash of the first bytes); otherwise the client sends
  each file's bytes with its task. Files the client cannot read are reported by the client, as ``--jobs`` would.
- **Nothing lost.** A worker that dies takes its running tasks with it; the scheduler hands them to another
  worker. A chunk that kills workers again and again (``KilledWorker``) is split into one task per file, and a
  file that still kills its worker is reported as a ``worker_crashed`` failure: every input ends as a report or
  a typed failure.
- **The client writes the store**: results come back here (``check_batch`` stores them), workers never open it.
- **Quiet diagnostics.** Dask's own timers wake every process of the cluster many times a second (the worker's
  statistical profiler every 10 ms, event-loop ticks every 20 ms, memory polls every 100 ms, the system monitor
  every 500 ms): measured, ~27 ms of CPU per second of wall in each worker's event-loop thread, ~3 ms with
  ``QUIET``. They cost by the wall-clock second, not by the document, so on a loaded machine (a 2,000-document
  batch taking minutes) they were most of the extra CPU over ``--jobs 2``. shengao uses no dashboard:
  ``--scheduler local`` starts its cluster with ``QUIET``, and workers of a running cluster get their profiler
  stopped and their timers slowed when a batch warms them (docs/deploy.md gives the same settings as
  configuration for ``dask scheduler``/``dask worker``).

Reports cross the network as JSON text (``ReportRecord``), as they cross the process pool's pipes."""
from __future__ import annotations

import hashlib
import os
import stat
import uuid
from pathlib import Path
from typing import Iterator

from analyzer.batch.runner import Failure, _init_worker, _WORKER, _work
from analyzer.errors import UsageError
from analyzer.ingest import SUPPORTED, Limits

LOCAL = "local"
CHUNK_FILES = 16                   # files per task at most (the process pool's figure)
CHUNK_BYTES = 8 * 1024 * 1024      # bytes per task at most when files travel with their task
TASKS_PER_WORKER = 4               # at least this many tasks per worker, for balance and a live progress bar
PROBE_BYTES = 65536
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
         "distributed.worker.memory.monitor-interval": "500ms", "distributed.admin.system-monitor.interval": "5s"}
_SLOWER_MS = {"tick": 1000, "memory_monitor": 500, "monitor": 5000}     # QUIET, for a running worker's timers
CRASHED = "分析进程意外退出（可能是内存不足或文件异常），其他文件不受影响。"


def check_address(scheduler: str) -> str:
    """``local`` or a scheduler address; anything else is a usage error, said before any work starts."""
    import re
    if scheduler == LOCAL or re.fullmatch(r"(?:tcp|tls)://[^\s/:]+:\d{1,5}", scheduler):
        _require_distributed()
        return scheduler
    raise UsageError(f"--scheduler 的取值“{scheduler}”无效：应为 local 或调度器地址，例如 tcp://10.0.0.5:8786。")


def _require_distributed():
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError("--scheduler 需要安装 Dask：pip install 'shengao[dask]'") from None


def open_client(scheduler: str, jobs: int):
    """(client, cluster or None). ``local``: a LocalCluster of ``jobs`` single-threaded worker processes;
    otherwise the address of a running scheduler (``tcp://HOST:PORT``)."""
    _require_distributed()
    import logging

    from distributed import Client, LocalCluster
    if scheduler == LOCAL:
        import sys

        import dask
        # fork (Linux), as the process pool does: workers start in a fraction of a second, with the lexicons this
        # process already loaded, instead of each importing everything again (spawn: ~0.5 s CPU and seconds of
        # wall per worker on a busy machine). A worker the nanny restarts later is spawned as usual.
        method = "fork" if sys.platform.startswith("linux") else dask.config.get(
            "distributed.worker.multiprocessing-method")
        from analyzer.lexicon import default_lexicon
        default_lexicon()
        # the scheduler (in this process), the nannies and, through them, the workers take QUIET at start
        with dask.config.set({"distributed.worker.multiprocessing-method": method, **QUIET}):
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError) as e:
        raise UsageError(f"无法连接 Dask 调度器 {scheduler}（{e}）。请确认地址和端口，或用 --scheduler local。") from None


# --- worker side --------------------------------------------------------------------------------------------

def _warm(lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool) -> int:
    """Load the lexicons in this worker unless the same ones are already loaded; returns the process id."""
    conf = (lexicon_dirs, repr(sorted(kw.items())), send_documents)
    if _WORKER.get("conf") != conf:
        _init_worker(lexicon_dirs, kw, send_documents)
        _WORKER["conf"] = conf
    return os.getpid()


def _quiet(worker) -> None:
    """A running worker, as ``QUIET`` would have started it: profiler off, diagnostic timers slower. Runs in the
    worker's event loop (``client.run``); a Dask without one of these timers is left as it is."""
    callbacks = getattr(worker, "periodic_callbacks", {})
    for name in ("profile", "profile-cycle"):
        if name in callbacks:
            callbacks[name].stop()
    for name, ms in _SLOWER_MS.items():
        pc = callbacks.get(name)
        if pc is not None and getattr(pc, "callback_time", ms) < ms:
            pc.callback_time = ms


def _prepare(lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool, dask_worker=None) -> int:
    """``client.run`` on every worker before a batch: quiet its diagnostics, load the lexicons."""
    if dask_worker is not None:
        _quiet(dask_worker)
    return _warm(lexicon_dirs, kw, send_documents)


def _sees(path: str, size: int, head: str) -> bool:
    """Does this worker see ``path`` as the client does (same size, same first bytes)?"""
    try:
        p = Path(path)
        if p.stat().st_size != size:
            return False
        with open(p, "rb") as fh:
            return hashlib.sha256(fh.read(PROBE_BYTES)).hexdigest() == head
    except OSError:
        return False


def _run_chunk(items: list, lexicon_dirs: tuple[str, ...], kw: dict, send_documents: bool) -> list:
    """One task: warm the worker if needed, then check each item (a path, or (path, bytes))."""
    _warm(lexicon_dirs, kw, send_documents)
    return _work(items)


# --- client side --------------------------------------------------------------------------------------------

def _head(path: Path) -> tuple[int, str] | None:
    try:
        with open(path, "rb") as fh:
            return path.stat().st_size, hashlib.sha256(fh.read(PROBE_BYTES)).hexdigest()
    except OSError:
        return None


def workers_see(client, paths: list[str]) -> bool:
    """True when every worker reads the first readable input at the same absolute path with the same bytes."""
    for p in paths[:20]:
        ap = os.path.abspath(p)
        head = _head(Path(ap))
        if head is None:
            continue
        seen = client.run(_sees, ap, *head)
        return bool(seen) and all(seen.values())
    return True


def _sendable(path: str, limits: Limits) -> bytes | None:
    """The bytes to send for ``path``, or None when the client should report it itself (it cannot be read, or
    the reader refuses it before looking at the content: the same Failure either way)."""
    p = Path(path)
    if p.suffix.lower() not in SUPPORTED:
        return None
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0 or st.st_size > limits.max_bytes:
            return None
        return p.read_bytes()
    except OSError:
        return None


def _chunks(items: list, n_workers: int) -> list[list]:
    size = max(1, min(CHUNK_FILES, len(items) // (max(1, n_workers) * TASKS_PER_WORKER)))
    out, cur, cur_bytes = [], [], 0
    for it in items:
        b = len(it[1]) if isinstance(it, tuple) and isinstance(it[1], bytes) else 0
        if cur and (len(cur) >= size or cur_bytes + b > CHUNK_BYTES):
            out.append(cur)
            cur, cur_bytes = [], 0
        cur.append(it)
        cur_bytes += b
    if cur:
        out.append(cur)
    return out


def run_distributed(paths: list[str], *, scheduler: str, jobs: int, lexicon_dirs: tuple[str, ...], kw: dict,
                    send_documents: bool = True, transfer: str = "auto", client=None) -> Iterator:
    """ReportRecords and Failures for ``paths``, in completion order. ``transfer``: ``auto`` (paths when the
    workers see them, else bytes), ``paths`` or ``bytes``. ``client``: an open ``distributed.Client`` to use
    instead of connecting to ``scheduler``."""
    from analyzer.batch.runner import check_one
    if not paths:
        return
    own = client is None
    cluster = None
    if own:
        client, cluster = open_client(scheduler, jobs)
    try:
        yield from _run(client, paths, jobs, lexicon_dirs, kw, send_documents, transfer, check_one)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


def _run(client, paths, jobs, lexicon_dirs, kw, send_documents, transfer, check_one) -> Iterator:
    from distributed import as_completed
    from distributed.scheduler import KilledWorker
    if not paths:
        return
    limits = kw["limits"]
    client.run(_prepare, lexicon_dirs, kw, send_documents)       # every worker loads the lexicons now, at once
    n_workers = max(1, len(client.nthreads()))
    if transfer == "auto":
        transfer = "paths" if workers_see(client, paths) else "bytes"
    items: list = []               # (path the report names, absolute path or the file's bytes)
    for p in paths:
        if transfer == "paths":
            ap = os.path.abspath(p)
            items.append(p if ap == p else (p, ap))
            continue
        data = _sendable(p, limits)
        if data is None:           # the reader refuses it before its content: its own Failure, from the client
            from analyzer.lexicon import default_lexicon
            yield check_one(Path(p), default_lexicon(lexicon_dirs), **kw)
        else:
            items.append((p, data))
    batch = uuid.uuid4().hex[:12]
    args = (lexicon_dirs, kw, send_documents)

    def submit(chunk: list, i: int, one: bool = False):
        return client.submit(_run_chunk, chunk, *args, key=f"shengao-{batch}-{i}",
                             pure=False, retries=0 if one else 1)

    chunks = _chunks(items, n_workers)
    futures = {submit(c, i): c for i, c in enumerate(chunks)}
    split: list = []
    for fut in as_completed(list(futures)):
        chunk = futures.pop(fut)
        try:
            yield from fut.result()
        except KilledWorker:
            split.extend(chunk)
        fut.release()
    # Chunks that killed workers: one file per task, so only the culprit is lost (and reported).
    singles = {submit([it], f"one-{j}", one=True): it for j, it in enumerate(split)}
    for fut in as_completed(list(singles)):
        it = singles.pop(fut)
        try:
            yield from fut.result()
        except KilledWorker:
            from analyzer.ingest.paths import display_path
            yield Failure(display_path(it if isinstance(it, str) else it[0]), "worker_crashed", CRASHED)
        fut.release()

