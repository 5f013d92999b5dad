"""The command-line shell (``shengao``): each command parses options and calls the library.

Before the commands import the analyses, ``dataclasses`` is given the compiled-method cache
(``kernels.dataclass_code``): a process of the shell no longer compiles every dataclass's methods again.

numpy's BLAS (OpenBLAS) runs on one thread in the shell's processes unless the user says otherwise: the one matrix
product of a check (the hollowness model, a few hundred sentences by a dozen features per document) is far too
small to share, yet each call woke a second OpenBLAS thread that then spun waiting for more work, ~5–13 % of a
check's CPU time (``benchmarks/bench_batch.py corpus``). Set before numpy is imported, inherited by the ``--jobs``
workers and the page's server."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from analyzer.kernels import dataclass_code  # noqa: E402 - after the BLAS setting, before numpy loads

dataclass_code.install()

from analyzer.cli.commands import main  # noqa: E402 - after install(), so the analyses' dataclasses use it

__all__ = ["main"]
