"""MinHash signatures of overlapping windows by a sliding-window minimum.

A window's MinHash under one permutation is the minimum of that permutation's values over the window's shingles.
The plain way (``analyzer.analyses.reuse.detect.window_signatures_plain``) builds, for every window, the values
of all its shingles: windows x width x permutations products (~240,000 for a 5,000-character document, whose
windows start at every sentence and overlap). Here each shingle is hashed once per permutation and the minimum
over every range of ``width`` consecutive shingles comes from van Herk/Gil-Werman: cut the sequence into blocks
of ``width``, take running minima forwards and backwards inside each block; a window that straddles two blocks
is the minimum of the backward minimum at its start and the forward minimum at its end. Work is a few passes
over shingles x permutations, whatever the number and overlap of the windows.

Compared with the plain version in ``tests/kernels/test_minhash.py`` (real files, generated edge cases, windows
cut short by the end of the text)."""
from __future__ import annotations

import numpy as np


def window_minhash(hs: np.ndarray, starts: np.ndarray, width: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(starts), len(a)) uint32: for each start s and permutation p, the minimum over j in [0, width) of
    ``hs[min(s + j, n - 1)] * a[p] + b[p]`` (uint32 arithmetic; a window running past the end repeats the last
    shingle). ``hs``: uint32 shingle hashes, ``n = len(hs) > 0``; ``starts``: window starts in [0, n)."""
    n, perms = len(hs), len(a)
    if not len(starts):
        return np.zeros((0, perms), dtype=np.uint32)
    m = max(n, int(starts.max()) + width)
    m = -(-m // width) * width
    v = np.empty((m, perms), dtype=np.uint32)
    with np.errstate(over="ignore"):
        np.add(np.multiply(hs[:, None], a[None, :], out=v[:n]), b[None, :], out=v[:n])
    v[n:] = v[n - 1]
    blocks = v.reshape(m // width, width, perms)
    forward = np.minimum.accumulate(blocks, axis=1).reshape(m, perms)
    backward = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].reshape(m, perms)
    return np.minimum(backward[starts], forward[starts + width - 1])
