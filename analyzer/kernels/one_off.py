"""The windows of a key scan whose text differs from their target in exactly one character, found by array
operations before any hit object is made.

Plain equivalent: ``analyzer.analyses.formulations.confusable.NearScan.find_plain``, which makes a hit for every
window of the key texts that matches a formula's key, and then drops the windows that read the formula exactly
(``startswith``) or differ from it in more than one place; ``tests/kernels/test_one_off.py`` compares it with
``NearScan.find`` (which uses this module for long texts) on real files and generated texts.

Why: ~97 % of the key windows of a corpus are the formulas themselves, written right (every 两个维护 is its own
homophone): ~17,700 hits a corpus, each a Python object and a turn of the loop, for ~560 near misses."""
from __future__ import annotations

import numpy as np

from analyzer.kernels.codepoints import code_points
from analyzer.kernels.trie import ArrayTrie


class OneOff:
    """Built once per key scan: ``scan`` (an ``ArrayTrie`` whose payloads are target numbers, reading the text through
    the key table) finds the key windows,
    ``targets`` are the texts the numbers stand for (their code points one after another, and where each begins)."""

    def __init__(self, scan: ArrayTrie, targets: list[str]):
        self._scan = scan
        self._target = np.array(scan.payloads(), dtype=np.intp)        # entry -> target number
        lengths = np.array([len(t) for t in targets], dtype=np.intp)
        self._first = np.cumsum(lengths) - lengths
        self._points = code_points("".join(targets))

    def windows(self, points: np.ndarray) -> list[tuple[int, int, int]]:
        """(start, end, target number) of the hits of the scan in the text of code points ``points``
        (``code_points(text)``; the scan reads it through its key table: ``ArrayTrie.through``) whose window of the
        text differs from the target in exactly one character; in ``by_rule``'s order."""
        starts, stops, _, entry = self._scan.ordered_points(points)
        if not len(entry):
            return []
        target = self._target.take(entry)
        length = stops - starts                             # a key window is as long as its target
        first = length.cumsum() - length                    # where each window begins among all their characters
        within = np.arange(int(first[-1] + length[-1])) - np.repeat(first, length)
        differ = points.take(np.repeat(starts, length) + within) != \
            self._points.take(np.repeat(self._first.take(target), length) + within)
        one = (np.add.reduceat(differ, first, dtype=np.intp) == 1).nonzero()[0]
        return list(zip(starts.take(one).tolist(), stops.take(one).tolist(), target.take(one).tolist()))
