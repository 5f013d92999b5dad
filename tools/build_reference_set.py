"""Build the reference set shipped in the package (analyzer/data/reference/) from the public corpus.

    .venv/bin/python tools/build_reference_set.py [--corpus ../shared/corpus] [--out analyzer/data/reference]

Only documents of state organs are taken (see analyzer/drafting/reference.py); each one's source comes from the
corpus's SOURCES.md and is listed in the output's SOURCES.md."""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.drafting.reference import INDEX_FILE, REFERENCE_DIR, build_reference_set  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--out", default=str(REFERENCE_DIR))
    args = ap.parse_args()
    t0 = time.process_time()
    index = build_reference_set(args.corpus, args.out)
    size = (Path(args.out) / INDEX_FILE).stat().st_size
    print(f"{len(index.sources)} documents, {len(index.sentences)} sentences -> {args.out} "
          f"({size / 1e6:.1f} MB), built in {time.process_time() - t0:.1f} s CPU; "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
