"""``analyzer.kernels.dataclass_code`` against its plain equivalent: the code ``compiled`` gives for the methods
``dataclasses`` writes equals ``compile`` of the same text, whether made in the process or read back from the cache
folder; classes made through it behave as plain dataclasses; a damaged or unwritable folder only costs the
compiling; the file holds at most ``KEPT`` texts."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys

# A shell process (it installs the cache) defines the check's dataclasses, then reports the texts it compiled and
# whether each compiled code equals compile()'s.
_CHECK = """
import builtins, dataclasses, sys
texts = []
plain_exec = builtins.exec
import analyzer.cli
from analyzer.kernels import dataclass_code
def recording(source, globals=None, locals=None):
    texts.append(source)
    dataclass_code.cached_exec(source, globals, locals)
dataclasses.exec = recording
import analyzer.pipeline, analyzer.batch.runner
from analyzer.lexicon import default_lexicon
default_lexicon()
@dataclasses.dataclass(frozen=True)
class Point:
    "a point"
    x: int
    y: int = 2
p = Point(1)
assert (p, repr(p), hash(p) == hash(Point(1)), p == Point(1, 2)) == (Point(1, 2), "Point(x=1, y=2)", True, True)
try:
    p.x = 3
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("frozen")
same = all(dataclass_code.compiled(t) == compile(t, "<string>", "exec") for t in texts if isinstance(t, str))
print(len(texts), same)
"""


def _run(code: str, cache: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": cache})


def _stored(cache) -> tuple:
    (path,) = (cache / "shengao").glob("dataclass-code-*.marshal")
    return path, marshal.loads(path.read_bytes())


def test_compiled_code_equals_compiles_made_and_read_back(tmp_path):
    first = _run(_CHECK, str(tmp_path)).stdout.split()
    assert int(first[0]) > 100 and first[1] == "True"
    path, stored = _stored(tmp_path)
    assert len(stored) >= 100
    for text, blob in stored.items():
        assert marshal.loads(blob) == compile(text, "<string>", "exec", dont_inherit=True)
    second = _run(_CHECK, str(tmp_path)).stdout.split()     # read back from the file
    assert second == first


def test_a_damaged_or_unwritable_folder_only_costs_the_compiling(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _run(_CHECK, str(blocked)).stdout.split()[1] == "True"
    _run(_CHECK, str(tmp_path))
    path, stored = _stored(tmp_path)
    path.write_bytes(marshal.dumps({text: b"\x00damaged" for text in stored}))
    assert _run(_CHECK, str(tmp_path)).stdout.split()[1] == "True"
    path.write_bytes(marshal.dumps({text: marshal.dumps(42) for text in stored}))    # readable, but not code
    assert _run(_CHECK, str(tmp_path)).stdout.split()[1] == "True"
    path.write_bytes(b"\x00not marshal")
    assert _run(_CHECK, str(tmp_path)).stdout.split()[1] == "True"


def test_the_file_holds_at_most_kept_texts(tmp_path):
    code = ("from analyzer.kernels import dataclass_code\ndataclass_code.KEPT = 3\n"
            "for i in range(6):\n    dataclass_code.cached_exec(f'x = {i}', {})\n")
    _run(code, str(tmp_path))
    assert sorted(_stored(tmp_path)[1]) == ["x = 0", "x = 1", "x = 2"]
    # a later process that reads x = 2 back and compiles a new text keeps those two first, then the file's first
    _run("from analyzer.kernels import dataclass_code\ndataclass_code.KEPT = 3\n"
         "dataclass_code.cached_exec('x = 2', {})\ndataclass_code.cached_exec('y = 1', {})\n", str(tmp_path))
    assert sorted(_stored(tmp_path)[1]) == ["x = 0", "x = 2", "y = 1"]
