"""Reuse at archive scale: ``shengao reuse NEW... --archive DB [--scheduler ...]``.

A province keeps years of reports and wants each new year compared against all of them. Recomputing every old
document's MinHash signatures each year, reloading them all, or comparing all pairs does not scale. The archive is
one SQLite file (``DB``: each document's path, hash and compressed text, for aligning a candidate pair later) and
a folder beside it (``DB.lsh/``) of append-only *segments*, one per run, each holding that run's window signatures
and, per LSH band, its windows' band keys sorted (memory-mapped when read: a run touches the pages it searches);
plus a Count-Min sketch of how many documents contain each sampled k-gram (what makes text "common material").
A run:

1. reads NEW and computes, on Dask workers with ``--scheduler``, each document's window signatures, band keys and
   sampled k-gram fingerprints; the client appends them to a new segment and to the sketch as they arrive;
2. finds candidate pairs with the LSH banding of ``detect`` (same bands, same bucket filters): for each band, the
   new windows' keys are searched in every segment's sorted keys, so only buckets holding a new window are
   looked at and old signatures are read only for the windows in those buckets;
3. aligns each candidate pair (on the workers with ``--scheduler``), discounting formulas and common material
   counted over archive + NEW, as ``find_pairs`` over all those documents would; then commits (the segment and
   sketch files are written first and named in the committing transaction: a crash leaves the archive as it was).

Exactness. Band keys are 64-bit hashes of a band's rows (``detect`` compares the rows themselves): two different
rows share a key with probability ~2^-64 per pair, and a falsely shared bucket still has to pass the signature
agreement and the alignment. Document counts come from a Count-Min sketch (``SKETCH_ROWS`` rows of
2^``SKETCH_BITS`` counters): never below the true count, above it only when a k-gram collides with others in every
row — at 100,000 documents the counters hold ~25 on average against a threshold of 20,000 documents, on the test
corpus ~0.02; a k-gram counted one too many is common material one document early.

Documents already in the archive (same path and same bytes) are not added twice; their pairs were reported when
they were added. Workers read the files themselves when they see them at the same absolute path (a shared folder,
docs/deploy.md; probed as for ``check``); otherwise the client sends each file's bytes with its task, a bounded
number of tasks at a time. The archive is written by the client only."""
from __future__ import annotations

import json
import os
import sqlite3
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from analyzer.analyses.reuse import detect
from analyzer.analyses.reuse.align import SEED_K, kgram_hashes
from analyzer.batch.runner import Failure, read_one
from analyzer.ingest import DEFAULT_LIMITS, iter_input_files

FORMAT = 2
CHUNK = 64           # documents (or pairs) per Dask task
SKETCH_ROWS = 4
SKETCH_BITS = 22     # 4 rows x 4 Mi uint32 counters = 64 MB
_SKETCH_MUL = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93],
                       dtype=np.uint64)[:SKETCH_ROWS]
_KEY_MUL = np.uint64(0x100000001B3)
_KEY_MIX = np.uint64(0xBF58476D1CE4E5B9)


def _params() -> dict:
    """What the stored data depend on: an archive made with other parameters is refused, not misread."""
    return {"format": FORMAT, "window": detect.WINDOW, "shingle": detect.SHINGLE, "num_perm": detect.NUM_PERM,
            "bands": list(detect.BANDS), "seed_k": detect.SEED_K, "common_sample": detect.COMMON_SAMPLE,
            "sketch": [SKETCH_ROWS, SKETCH_BITS],
            "perm_a": int(detect._PERM_A.astype(np.uint64).sum()), "perm_b": int(detect._PERM_B.astype(np.uint64).sum())}


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(windows, bands) uint64: one hash per LSH band of each window's signature (the band's rows, mixed)."""
    bands, rows = detect.BANDS
    s = np.ascontiguousarray(sigs, dtype=np.uint32).astype(np.uint64).reshape(len(sigs), bands, rows)
    h = np.zeros((len(sigs), bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            h = (h ^ s[:, :, r]) * _KEY_MUL
        h ^= h >> np.uint64(29)
        h *= _KEY_MIX
        h ^= h >> np.uint64(32)
    return h


@dataclass
class Prepared:
    """One document's stage-1 data: computed once (on a worker), stored in the archive."""
    path: str
    sha256: str
    text: bytes          # zlib-compressed UTF-8 text
    sigs: np.ndarray     # (windows, NUM_PERM) uint32
    keys: np.ndarray     # (windows, bands) uint64
    fps: np.ndarray      # sampled SEED_K-gram hashes (uint64), unique


def prepare_text(path: str, sha256: str, text: str) -> Prepared:
    c = detect.clean(text)
    sigs = detect.window_signatures(c, 1)
    return Prepared(path, sha256, zlib.compress(text.encode("utf-8", "surrogatepass"), 1), sigs, band_keys(sigs),
                    detect._common_fingerprints(c))


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


IN_FLIGHT = 4        # tasks per worker submitted ahead: results wait on the workers only for these (a 100,000-
                     # document run submitted at once held ~3 GB of signatures on the workers)


def _prepared(client, files: list[str], limits=DEFAULT_LIMITS, transfer: str = "auto"):
    """Chunks of ``prepare_files`` results, in file order: on the workers when there is a client (paths when they
    see the files, else bytes), here otherwise."""
    if client is None:
        for c in _chunks(files):
            yield prepare_files(c, limits)
        return
    from collections import deque

    from analyzer.batch.dask_runner import _sendable, workers_see
    if transfer == "auto":
        transfer = "paths" if workers_see(client, files) else "bytes"
    ahead = IN_FLIGHT * max(1, len(client.nthreads()))
    pending: deque = deque()
    for chunk in _chunks(files):
        if transfer == "paths":
            items = [(p, os.path.abspath(p)) for p in chunk]
        else:
            items = [(p, _sendable(p, limits)) for p in chunk]
        sent = [(p, where) for p, where in items if where is not None]
        # with bytes, files refused before their content (unreadable, empty, too large, unsupported) are
        # reported from here
        local = iter(prepare_files([p for p, where in items if where is None], limits))
        fut = client.submit(prepare_files, sent, limits, pure=False) if sent else None
        pending.append((fut, [where is None for _, where in items], local))
        while len(pending) > ahead:
            yield _in_order(*pending.popleft())
    while pending:
        yield _in_order(*pending.popleft())


def _in_order(fut, is_local: list[bool], local) -> list:
    remote = iter(fut.result() if fut is not None else [])
    return [next(local) if here else next(remote) for here in is_local]


class Sketch:
    """Count-Min sketch of document counts per sampled k-gram (each document adds its unique fingerprints)."""

    def __init__(self, table: np.ndarray | None = None):
        self.table = table if table is not None else np.zeros((SKETCH_ROWS, 1 << SKETCH_BITS), dtype=np.uint32)

    def _index(self, fps: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return (fps[None, :] * _SKETCH_MUL[:, None]) >> np.uint64(64 - SKETCH_BITS)

    def add(self, fps: list[np.ndarray]) -> None:
        """Count documents, given each one's unique fingerprints (a chunk at once: one sort of its counters
        costs ~30 ns a fingerprint, where ``np.add.at``'s scattered increments cost ~200)."""
        fps = [f for f in fps if len(f)]
        if not fps:
            return
        idx = self._index(np.concatenate(fps)).astype(np.int64)
        idx += (np.arange(SKETCH_ROWS, dtype=np.int64) << SKETCH_BITS)[:, None]
        cells, counts = np.unique(idx.ravel(), return_counts=True)
        flat = self.table.reshape(-1)
        flat[cells] += counts.astype(np.uint32)

    def count(self, fps: np.ndarray) -> np.ndarray:
        if not len(fps):
            return np.zeros(0, dtype=np.uint32)
        idx = self._index(fps)
        return np.min([self.table[r][idx[r]] for r in range(SKETCH_ROWS)], axis=0)


@dataclass
class Segment:
    """One run's windows: signatures, owning document ids, and per band the keys sorted with their window
    numbers (memory-mapped files under ``DB.lsh/``)."""
    name: str
    offset: int              # global number of its first window (segments in archive order)
    sigs: np.ndarray         # (n, NUM_PERM) uint32
    owner: np.ndarray        # (n,) int64 document ids
    keys: np.ndarray         # (bands, n) uint64, each row sorted
    order: np.ndarray        # (bands, n) uint32, window number of each sorted key

    def __len__(self) -> int:
        return len(self.owner)


class Archive:
    """The SQLite archive of documents and the segment files beside it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.dir = self.path.with_name(self.path.name + ".lsh")
        self.db = sqlite3.connect(self.path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,
                                             text BLOB NOT NULL, windows INTEGER NOT NULL, UNIQUE (path, sha256));
            CREATE TABLE IF NOT EXISTS segments (seq INTEGER PRIMARY KEY, name TEXT NOT NULL, windows INTEGER NOT NULL);
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

    def segments(self) -> list[Segment]:
        """Every segment, the current run's included once it is listed (inside the run's transaction)."""
        out, offset = [], 0
        for name, n in self.db.execute("SELECT name, windows FROM segments ORDER BY seq"):
            out.append(self._open(name, n, offset))
            offset += n
        return out

    def _file(self, name: str, part: str) -> Path:
        return self.dir / f"{name}.{part}"

    def _open(self, name: str, n: int, offset: int) -> Segment:
        bands = detect.BANDS[0]

        def mm(part, dtype, shape):
            if not n:
                return np.zeros(shape, dtype=dtype)
            return np.memmap(self._file(name, part), dtype=dtype, mode="r", shape=shape)
        return Segment(name, offset, mm("sigs", np.uint32, (n, detect.NUM_PERM)), mm("owner", np.int64, (n,)),
                       mm("keys", np.uint64, (bands, n)), mm("order", np.uint32, (bands, n)))

    def sketch(self) -> Sketch:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'sketch'").fetchone()
        if row is None:
            return Sketch()
        return Sketch(np.fromfile(self._file(row[0], "sketch"), dtype=np.uint32).reshape(SKETCH_ROWS, -1))

    def documents(self, ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
        """Paths and texts of the documents ``ids``."""
        names, texts = {}, {}
        for i in ids:
            path, blob = self.db.execute("SELECT path, text FROM docs WHERE id = ?", (i,)).fetchone()
            names[i], texts[i] = path, zlib.decompress(blob).decode("utf-8", "surrogatepass")
        return names, texts


class _Writer:
    """A new segment written as documents arrive: signatures, owners and band keys appended to files (the client
    holds none of them: at 100,000 documents they are ~1.4 GB), the keys sorted band by band at the end."""

    PARTS = ("sigs", "owner", "rowkeys", "keys", "order", "sketch")

    def __init__(self, arch: Archive):
        self.arch, self.name = arch, uuid.uuid4().hex
        arch.dir.mkdir(exist_ok=True)
        self.sigs = open(arch._file(self.name, "sigs"), "wb")
        self.owner = open(arch._file(self.name, "owner"), "wb")
        self.rowkeys = open(arch._file(self.name, "rowkeys"), "wb")
        self.n = 0

    def add(self, doc_id: int, p: Prepared) -> None:
        if not len(p.sigs):
            return
        self.sigs.write(np.ascontiguousarray(p.sigs, np.uint32).tobytes())
        self.owner.write(np.full(len(p.sigs), doc_id, dtype=np.int64).tobytes())
        self.rowkeys.write(np.ascontiguousarray(p.keys, np.uint64).tobytes())
        self.n += len(p.sigs)

    def finish(self) -> None:
        for fh in (self.sigs, self.owner, self.rowkeys):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        bands = detect.BANDS[0]
        rows = self.arch._file(self.name, "rowkeys")
        with open(self.arch._file(self.name, "keys"), "wb") as fk, open(self.arch._file(self.name, "order"), "wb") as fo:
            for b in range(bands):
                if self.n:
                    keys = np.memmap(rows, dtype=np.uint64, mode="r", shape=(self.n, bands))
                    col = np.array(keys[:, b])
                    del keys                 # unmapped: its pages leave this process
                else:
                    col = np.zeros(0, dtype=np.uint64)
                order = np.argsort(col, kind="stable")
                fk.write(col[order].tobytes())
                fo.write(order.astype(np.uint32).tobytes())
                del col, order
            for fh in (fk, fo):
                fh.flush()
                os.fsync(fh.fileno())
        rows.unlink()


def _agreeing(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    return (sa == sb).mean(axis=-1) >= detect.MIN_SIGNATURE_AGREEMENT


def candidate_pairs(arch: Archive, new_name: str, n_docs: int, first_new: int) -> set[tuple[int, int]]:
    """Document-id pairs (i < j) with ``j >= first_new`` from the LSH buckets of ``detect`` (same bands, same
    filters as ``detect.banded_buckets`` + ``_candidates``): buckets are the new windows' band keys (segment
    ``new_name``), searched in each older segment's sorted keys. No pair of documents is compared unless they
    share a bucket. The segments are mapped afresh for each band, so only one band's pages stay in memory."""
    max_df = detect._max_df(n_docs)
    pairs: set[tuple[int, int]] = set()
    for band in range(detect.BANDS[0]):
        segs = arch.segments()
        old = [s for s in segs if s.name != new_name]
        new = next(s for s in segs if s.name == new_name)
        if not len(new):
            return pairs
        kn = new.keys[band]
        brk = np.ones(len(kn), dtype=bool)
        brk[1:] = kn[1:] != kn[:-1]
        starts = np.nonzero(brk)[0]
        counts = np.diff(np.append(starts, len(kn)))
        ukeys = kn[starts]
        total = counts.copy()
        spans = []
        for s in old:
            if not len(s):
                spans.append(None)
                continue
            lo = np.searchsorted(s.keys[band], ukeys, "left")
            hi = np.searchsorted(s.keys[band], ukeys, "right")
            total += hi - lo
            spans.append((lo, hi))
        keep = np.nonzero((total >= 2) & (total <= detect.MAX_BUCKET_WINDOWS))[0]
        # buckets of exactly two new windows (most of them): one vectorised pass
        only_new = total[keep] == counts[keep]
        two = keep[only_new & (counts[keep] == 2)]
        if len(two):
            wa = new.order[band][starts[two]].astype(np.int64)
            wb = new.order[band][starts[two] + 1].astype(np.int64)
            da, db = new.owner[wa], new.owner[wb]
            ok = (da != db) & _agreeing(new.sigs[wa], new.sigs[wb])
            for x, y in zip(np.minimum(da, db)[ok].tolist(), np.maximum(da, db)[ok].tolist()):
                pairs.add((x, y))
        for u in keep[~(only_new & (counts[keep] == 2))].tolist():
            members_sigs, members_docs = [], []
            idx = new.order[band][starts[u]:starts[u] + counts[u]].astype(np.int64)
            members_sigs.append(new.sigs[idx])
            members_docs.append(new.owner[idx])
            for s, span in zip(old, spans):
                if span is None or span[1][u] == span[0][u]:
                    continue
                idx = np.sort(s.order[band][span[0][u]:span[1][u]].astype(np.int64))
                members_sigs.append(s.sigs[idx])
                members_docs.append(s.owner[idx])
            docs = np.concatenate(members_docs)
            if docs.min() == docs.max() or docs.max() < first_new:
                continue
            udocs = np.unique(docs)
            if len(udocs) > max_df:
                continue
            sig = np.concatenate(members_sigs)
            agree = _agreeing(sig[:, None, :], sig[None, :, :])
            for x, y in zip(*np.nonzero(np.triu(agree, 1))):
                da, db = int(docs[x]), int(docs[y])
                if da != db and max(da, db) >= first_new:
                    pairs.add((min(da, db), max(da, db)))
    return pairs


def common_of(texts: Iterable[str], sketch: Sketch, n_docs: int) -> np.ndarray:
    """The sampled k-grams of ``texts`` counted in more than ``max_df(n_docs)`` documents: the common material
    that matters for aligning them."""
    if n_docs <= detect.COMMON_MIN_DOCS:
        return np.zeros(0, dtype=np.uint64)
    fps = [detect._common_fingerprints(detect.clean(t)) for t in texts]
    fps = np.unique(np.concatenate(fps)) if fps else np.zeros(0, dtype=np.uint64)
    return fps[sketch.count(fps) > detect._max_df(n_docs)]


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
    ``auto``, ``paths`` or ``bytes``, as for ``check``). New documents go into the archive as their signatures
    arrive (the client holds neither their texts nor their signatures), all in one transaction that is committed
    only when the run is complete."""
    files = [str(p) for p in iter_input_files(paths)]
    results = _prepared(client, files, transfer=transfer)    # chunks in file order: NEW is archived in that order
    arch = Archive(archive_path)
    failures: list[Failure] = []
    written: list[Path] = []
    try:
        seen = arch.known()
        sketch = arch.sketch()
        arch.db.execute("BEGIN")
        writer = _Writer(arch)
        written += [arch._file(writer.name, part) for part in writer.PARTS]
        first_new = None
        for chunk in results:
            fresh = []
            for p in chunk:
                if isinstance(p, Failure):
                    failures.append(p)
                    continue
                if (p.path, p.sha256) in seen:
                    continue
                seen.add((p.path, p.sha256))
                cur = arch.db.execute("INSERT INTO docs (path, sha256, text, windows) VALUES (?, ?, ?, ?)",
                                      (p.path, p.sha256, p.text, len(p.sigs)))
                if first_new is None:
                    first_new = cur.lastrowid
                writer.add(cur.lastrowid, p)
                fresh.append(p.fps)
            sketch.add(fresh)
        writer.finish()
        arch.db.execute("INSERT INTO segments (name, windows) VALUES (?, ?)", (writer.name, writer.n))
        n_docs = len(arch)
        pairs = candidate_pairs(arch, writer.name, n_docs, first_new) \
            if first_new is not None and n_docs >= 2 else set()
        names, texts = arch.documents(sorted({d for pair in pairs for d in pair}))
        common = common_of(texts.values(), sketch, n_docs)
        items = [(names[i], texts[i], names[j], texts[j]) for i, j in sorted(pairs)]
        if client is not None and items:
            [common_f] = client.scatter([common], broadcast=True)
            futs = client.map(align_pairs, _chunks(items, 16), common=common_f, min_chars=min_chars,
                              lexicon_dirs=tuple(lexicon_dirs), pure=False)
            found = [d for f in futs for d in f.result()]
        else:
            found = align_pairs(items, common, min_chars, tuple(lexicon_dirs)) if items else []
        if first_new is not None:
            sketch.table.tofile(arch._file(writer.name, "sketch"))
            prev = arch.db.execute("SELECT value FROM meta WHERE key = 'sketch'").fetchone()
            arch.db.execute("INSERT OR REPLACE INTO meta VALUES ('sketch', ?)", (writer.name,))
            arch.db.commit()
            written = []
            if prev is not None:
                arch._file(prev[0], "sketch").unlink(missing_ok=True)
        else:
            arch.db.rollback()
    except BaseException:
        if arch.db.in_transaction:
            arch.db.rollback()
        raise
    finally:
        arch.close()
        for f in written:              # files of a run that did not commit (or added nothing)
            f.unlink(missing_ok=True)
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
