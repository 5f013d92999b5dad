"""Reuse at archive scale: ``shengao reuse NEW... --archive DB [--scheduler ...]``.

A province keeps years of reports and wants each new year compared against all of them. Recomputing every old
document's MinHash signatures each year, or comparing all pairs, does not scale; so the archive (one SQLite file)
keeps, per document, what stage 1 of ``analyzer.analyses.reuse.detect`` needs — the window signatures and the
document's text (compressed, for aligning a candidate pair later) — and, for the whole archive, how many
documents contain each sampled k-gram (what makes text "common material"). A run:

1. reads NEW and computes its signatures and k-gram fingerprints (on Dask workers with ``--scheduler``), adding
   them to the archive as they arrive, inside one transaction (a crash leaves the archive as it was);
2. loads the archived signatures (not recomputed) and finds candidate pairs with the same LSH banding as
   ``detect`` (no all-pairs comparison), keeping only pairs with a new document;
3. aligns each candidate pair (on the workers with ``--scheduler``), discounting formulas and common material
   counted over archive + NEW, exactly as ``find_pairs`` over all those documents would; then commits.

Documents already in the archive (same path and same bytes) are not added twice; their pairs were reported when
they were added. Workers read the files themselves when they see them at the same absolute path (a shared folder,
docs/deploy.md; probed as for ``check``); otherwise the client sends each file's bytes with its task, a bounded
number of tasks at a time. The archive is written by the client only."""
from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from analyzer.analyses.reuse import detect
from analyzer.batch.runner import Failure, read_one
from analyzer.ingest import DEFAULT_LIMITS, iter_input_files

FORMAT = 1
CHUNK = 64           # documents (or pairs) per Dask task


def _params() -> dict:
    """What the stored signatures depend on: an archive made with other parameters is refused, not misread."""
    return {"format": FORMAT, "window": detect.WINDOW, "shingle": detect.SHINGLE, "num_perm": detect.NUM_PERM,
            "bands": list(detect.BANDS), "seed_k": detect.SEED_K, "common_sample": detect.COMMON_SAMPLE,
            "perm_a": int(detect._PERM_A.astype(np.uint64).sum()), "perm_b": int(detect._PERM_B.astype(np.uint64).sum())}


@dataclass
class Prepared:
    """One document's stage-1 data: computed once (on a worker), stored in the archive."""
    path: str
    sha256: str
    text: bytes          # zlib-compressed UTF-8 text
    sigs: np.ndarray     # (windows, NUM_PERM) uint32
    fps: np.ndarray      # sampled SEED_K-gram hashes (uint64), unique


def prepare_text(path: str, sha256: str, text: str) -> Prepared:
    c = detect.clean(text)
    return Prepared(path, sha256, zlib.compress(text.encode("utf-8", "surrogatepass"), 6),
                    detect._signatures(c, 1), detect._common_fingerprints(c))


def prepare_files(items: list, limits=DEFAULT_LIMITS) -> list:
    """A worker task: read each file and compute its stage-1 data; a Failure for a file that cannot be read.
    An item is a path, or (path, bytes of the file), or (path, where this process reads it); results name the
    path."""
    out = []
    for item in items:
        p, payload = (item, None) if isinstance(item, str) else item
        where = {"data": payload} if isinstance(payload, bytes) else {"source": payload}
        doc = read_one(Path(p), limits, **where)
        out.append(doc if isinstance(doc, Failure) else prepare_text(p, doc.sha256 or "", doc.text))
    return out


IN_FLIGHT = 4        # tasks per worker submitted ahead when files travel as bytes (the client holds only those)


def _prepared(client, files: list[str], limits=DEFAULT_LIMITS, transfer: str = "auto"):
    """Chunks of ``prepare_files`` results, in file order: on the workers when there is a client (paths when they
    see the files, else bytes), here otherwise."""
    if client is None:
        for c in _chunks(files):
            yield prepare_files(c, limits)
        return
    import os

    from analyzer.batch.dask_runner import _sendable, workers_see
    if transfer == "auto":
        transfer = "paths" if workers_see(client, files) else "bytes"
    if transfer == "paths":
        items = [p if os.path.abspath(p) == p else (p, os.path.abspath(p)) for p in files]
        for f in client.map(prepare_files, _chunks(items), limits=limits, pure=False):
            yield f.result()
        return
    # bytes: read a chunk's files when it is submitted, keep at most IN_FLIGHT chunks per worker in flight
    from collections import deque
    ahead = IN_FLIGHT * max(1, len(client.nthreads()))
    pending: deque = deque()
    for chunk in _chunks(files):
        items = [(p, _sendable(p, limits)) for p in chunk]
        sent = [(p, data) for p, data in items if data is not None]
        # files refused before their content (unreadable, empty, too large, unsupported) are reported from here
        local = iter(prepare_files([p for p, data in items if data is None], limits))
        fut = client.submit(prepare_files, sent, limits, pure=False) if sent else None
        pending.append((fut, [data is None for _, data in items], local))
        while len(pending) > ahead:
            yield _in_order(*pending.popleft())
    while pending:
        yield _in_order(*pending.popleft())


def _in_order(fut, is_local: list[bool], local) -> list:
    remote = iter(fut.result() if fut is not None else [])
    return [next(local) if here else next(remote) for here in is_local]


class Archive:
    """The SQLite archive of prepared documents."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,
                                             text BLOB NOT NULL, sigs BLOB NOT NULL, windows INTEGER NOT NULL,
                                             UNIQUE (path, sha256));
            CREATE TABLE IF NOT EXISTS df (fp INTEGER PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
        """)
        params = json.dumps(_params(), sort_keys=True)
        row = self.db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('params', ?)", (params,))
            self.db.commit()
        elif row[0] != params:
            from analyzer.errors import UsageError
            raise UsageError(f"雷同档案 {self.path} 由不同版本或参数建立，不能混用；请另建档案。")

    def close(self) -> None:
        self.db.close()

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def known(self) -> set[tuple[str, str]]:
        return set(self.db.execute("SELECT path, sha256 FROM docs"))

    def signatures(self) -> tuple[list[int], list[str], np.ndarray, np.ndarray]:
        """(ids, paths, signatures of every window, document index of each window), in archive order."""
        ids, paths, blocks, owners = [], [], [], []
        for i, (did, path, blob, n) in enumerate(self.db.execute(
                "SELECT id, path, sigs, windows FROM docs ORDER BY id")):
            ids.append(did)
            paths.append(path)
            sig = np.frombuffer(blob, dtype=np.uint32).reshape(n, detect.NUM_PERM)
            blocks.append(sig)
            owners.append(np.full(n, i, dtype=np.int32))
        if not blocks:
            return [], [], np.zeros((0, detect.NUM_PERM), np.uint32), np.zeros(0, np.int32)
        return ids, paths, np.concatenate(blocks), np.concatenate(owners)

    def text(self, doc_id: int) -> str:
        blob = self.db.execute("SELECT text FROM docs WHERE id = ?", (doc_id,)).fetchone()[0]
        return zlib.decompress(blob).decode("utf-8", "surrogatepass")

    def common(self, n_docs: int) -> np.ndarray:
        """Sampled k-grams in more than ``max_df(n_docs)`` documents (archive counts, NEW included once added
        with ``count``)."""
        if n_docs <= detect.COMMON_MIN_DOCS:
            return np.zeros(0, dtype=np.uint64)
        rows = self.db.execute("SELECT fp FROM df WHERE n > ?", (detect._max_df(n_docs),)).fetchall()
        return np.unique(np.array([r[0] for r in rows], dtype=np.int64).view(np.uint64))

    def count(self, fps: Iterable[np.ndarray]) -> None:
        """Add documents' fingerprints (each document's unique) to the counts, inside the open transaction:
        counted in numpy first, one upsert per distinct k-gram."""
        fps = [f for f in fps if len(f)]
        if not fps:
            return
        vals, counts = np.unique(np.concatenate(fps), return_counts=True)
        self.db.executemany("INSERT INTO df VALUES (?, ?) ON CONFLICT(fp) DO UPDATE SET n = n + excluded.n",
                            zip(vals.view(np.int64).tolist(), counts.tolist()))

    def add(self, prepared: Iterable[Prepared]) -> None:
        self.db.executemany("INSERT INTO docs (path, sha256, text, sigs, windows) VALUES (?, ?, ?, ?, ?)",
                            ((p.path, p.sha256, p.text, np.ascontiguousarray(p.sigs, np.uint32).tobytes(),
                              len(p.sigs)) for p in prepared))


def candidate_pairs(sigs: np.ndarray, win_doc: np.ndarray, n_docs: int, first_new: int) -> set[tuple[int, int]]:
    """Document pairs (i < j) from the LSH buckets of ``detect`` (same banding, same filters), keeping only pairs
    with a document ``>= first_new``. No pair of documents is compared unless they share a bucket."""
    if not len(sigs):
        return set()
    max_df = detect._max_df(n_docs)
    pairs: set[tuple[int, int]] = set()
    for ks in detect.banded_buckets(sigs, win_doc):
        if len(ks) > detect.MAX_BUCKET_WINDOWS:
            continue
        docs = win_doc[ks]
        if docs.max() < first_new:
            continue
        udocs = np.unique(docs)
        if len(udocs) < 2 or len(udocs) > max_df:
            continue
        s = sigs[ks]
        agree = (s[:, None, :] == s[None, :, :]).mean(axis=2) >= detect.MIN_SIGNATURE_AGREEMENT
        for x, y in zip(*np.nonzero(np.triu(agree, 1))):
            da, db = int(docs[x]), int(docs[y])
            if da != db and max(da, db) >= first_new:
                pairs.add((min(da, db), max(da, db)))
    return pairs


class _Text:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def align_pairs(items: list[tuple[str, str, str, str]], common: np.ndarray, min_chars: int,
                lexicon_dirs: tuple[str, ...] = ()) -> list[detect.ReusePair]:
    """A worker task: align pairs given as (path a, text a, path b, text b); the ``ReusePair``s found."""
    from analyzer.lexicon import default_lexicon
    matcher = detect._formula_matcher(default_lexicon(lexicon_dirs))
    out = []
    for pa_path, ta, pb_path, tb in items:
        batch = detect._Batch([_Text(ta), _Text(tb)], matcher, common, cache_size=2)
        pa, pb = batch.get(0), batch.get(1)
        found = detect._passages(pa, pb, min_chars)
        if not found:
            continue
        passages = []
        for p in found:
            a0, a1 = int(pa.clean.pos[p.a_start]), int(pa.clean.pos[p.a_end - 1]) + 1
            b0, b1 = int(pb.clean.pos[p.b_start]), int(pb.clean.pos[p.b_end - 1]) + 1
            passages.append((a0, a1, b0, b1, ta[a0:a1]))
        out.append(detect.ReusePair(pa_path, pb_path,
                                    detect._share([(p.a_start, p.a_end) for p in found], len(pa.clean.codes)),
                                    detect._share([(p.b_start, p.b_end) for p in found], len(pb.clean.codes)),
                                    passages))
    return out


def _chunks(items: list, size: int = CHUNK) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def reuse_with_archive(paths: Iterable[str | Path], archive_path: str | Path, *, min_chars: int = 50,
                       lexicon_dirs: tuple[str, ...] = (), client=None,
                       transfer: str = "auto") -> tuple[list[detect.ReusePair], list[Failure]]:
    """Pairs between NEW (``paths``) and the archive, and among NEW; NEW is then added to the archive.
    ``client``: a ``distributed.Client`` to compute signatures and alignments on its workers (``transfer``:
    ``auto``, ``paths`` or ``bytes``, as for ``check``). New documents go
    into the archive as their signatures arrive (the client holds signatures, not texts), all in one
    transaction that is committed only when the run is complete."""
    files = [str(p) for p in iter_input_files(paths)]
    results = _prepared(client, files, transfer=transfer)    # chunks in file order: NEW is archived in that order
    arch = Archive(archive_path)
    failures: list[Failure] = []
    try:
        seen = arch.known()
        n_old = len(arch)
        arch.db.execute("BEGIN")
        for chunk in results:
            fresh = []
            for p in chunk:
                if isinstance(p, Failure):
                    failures.append(p)
                elif (p.path, p.sha256) not in seen:
                    seen.add((p.path, p.sha256))
                    fresh.append(p)
            arch.add(fresh)
            arch.count(p.fps for p in fresh)
        ids, names, sigs, owner = arch.signatures()     # the archive's, then NEW's, in archive order
        n_docs = len(ids)
        pairs = candidate_pairs(sigs, owner, n_docs, n_old) if n_docs >= 2 else set()
        del sigs, owner
        common = arch.common(n_docs)
        texts: dict[int, str] = {}

        def text(i: int) -> str:
            if i not in texts:
                texts[i] = arch.text(ids[i])
            return texts[i]
        items = [(names[i], text(i), names[j], text(j)) for i, j in sorted(pairs)]
        if client is not None:
            [common_f] = client.scatter([common], broadcast=True)
            futs = client.map(align_pairs, _chunks(items, 16), common=common_f, min_chars=min_chars,
                              lexicon_dirs=tuple(lexicon_dirs), pure=False)
            found = [d for f in futs for d in f.result()]
        else:
            found = align_pairs(items, common, min_chars, tuple(lexicon_dirs))
        arch.db.commit()
    except BaseException:
        if arch.db.in_transaction:
            arch.db.rollback()
        raise
    finally:
        arch.close()
    found.sort(key=lambda r: (-max(r.a_share, r.b_share), r.a, r.b))
    return found, failures


def run_archive_reuse(paths, archive: str | None, scheduler: str | None, jobs: int, min_chars: int):
    """``shengao reuse --archive/--scheduler``: open the cluster if asked, use a temporary archive without
    ``--archive``."""
    import tempfile
    client = cluster = None
    if scheduler:
        from analyzer.batch.dask_runner import check_address, open_client
        client, cluster = open_client(check_address(scheduler), jobs)
    try:
        with tempfile.TemporaryDirectory(prefix="shengao-reuse-") as tmp:
            return reuse_with_archive(paths, archive or Path(tmp) / "archive.sqlite3", min_chars=min_chars,
                                      client=client)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
