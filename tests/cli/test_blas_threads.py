"""The shell's processes run numpy's BLAS on one thread unless the user chose a number (``analyzer.cli``): a
check's only matrix product is tiny, and a second OpenBLAS thread spun after each one, costing CPU time."""
from __future__ import annotations

import json
import os
import subprocess
import sys

# after the shell is imported, what threadpoolctl reads of the BLAS numpy loaded
_REPORT = """
import json
import analyzer.cli
import numpy
from threadpoolctl import threadpool_info
print(json.dumps([(i["internal_api"], i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]))
"""


def _blas_threads(env: dict) -> list:
    out = subprocess.run([sys.executable, "-c", _REPORT], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


def test_the_shell_runs_blas_on_one_thread_unless_the_user_chose():
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    found = _blas_threads(env)
    assert found and all(n == 1 for _, n in found), found
    chosen = _blas_threads({**env, "OPENBLAS_NUM_THREADS": "2"})
    assert chosen and all(n == 2 for _, n in chosen), chosen
