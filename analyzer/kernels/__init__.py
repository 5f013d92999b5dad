"""Fast paths, each with its plain equivalent named and tested.

Every array, trie or hand-written-encoder path of the analyses lives here, apart from the logic it speeds up. Each
kernel's docstring names its plain equivalent, a public function of the analysis code that gives the same result
the obvious way; ``tests/kernels/`` compares the two through those public functions on real files and generated
edge cases. The analysis code picks the kernel by input size only (never by what happens to be imported).

Layer: kernels depend on numpy and the standard library only; the text and analysis layers call them. Kernel modules
import numpy at their top, so callers import them where the fast path is taken: importing ``analyzer.text`` stays
free of numpy."""
