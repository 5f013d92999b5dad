"""Imports run one way, from the shells down to the model. Every module's imports (module level and inside
functions, read with ``ast``) may name only its own layer or a layer below, and the packages form no cycle.

Layers, top to bottom:

1. shells — ``cli``, ``ui``, ``app.py``, ``__main__``, ``spacy_component`` (the spaCy adapter);
2. batch and drafting — they run analyses over many documents or over a draft;
3. render — the renderings of a Report (table, json, csv/xlsx, html, docx). Render sits *above* the analyses: a
   renderer may ask an analysis module for a type (``render.pairs`` renders ``ReusePair``), but an analysis never
   formats its output: whatever a renderer needs about the report itself lives in the model;
4. analyses — ``analyses`` and ``pipeline`` (the table of analyses and ``analyze()``);
5. lexicon, text, ingest (and ``kernels``, the fast paths these use);
6. model, errors, options, and the data resources (``data``, the package root's ``__version__``)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from conftest import ROOT

LAYERS = [
    {"cli", "ui", "app", "__main__", "spacy_component"},
    {"batch", "drafting"},
    {"render"},
    {"analyses", "pipeline"},
    {"lexicon", "text", "ingest", "kernels"},
    {"model", "errors", "options", "cachefiles", "data", ""},
]
LEVEL = {unit: i for i, units in enumerate(LAYERS) for unit in units}
# Package edges of a known cycle, to remove (never to extend). None left: jieba's tables moved to kernels.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {"app": ROOT / "app.py"}
    for path in sorted((ROOT / "analyzer").rglob("*.py")):
        parts = path.relative_to(ROOT / "analyzer").with_suffix("").parts
        out[".".join(p for p in parts if p != "__init__")] = path
    return out


def _unit(module: str) -> str:
    """The layering unit of a module path relative to ``analyzer`` (its first component; "" for the root)."""
    return module.split(".")[0]


def _imports(module: str, path: Path) -> set[str]:
    """Modules of ``analyzer`` that ``path`` imports, relative to ``analyzer``."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                names = ["analyzer." + ".".join(base + [node.module or ""]).strip(".")]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            if name == "analyzer" or name.startswith("analyzer."):
                out.add(name[len("analyzer."):] if name != "analyzer" else "")
    return out


def test_every_package_has_a_layer():
    units = {_unit(m) for m in _modules()}
    assert units - set(LEVEL) == set(), "a new package: give it a layer in tests/test_layers.py"


def test_imports_go_down_only():
    wrong = []
    for module, path in _modules().items():
        here = LEVEL[_unit(module)]
        for target in _imports(module, path):
            if LEVEL[_unit(target)] < here:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_packages_form_no_cycle():
    graph = defaultdict(set)
    for module, path in _modules().items():
        for target in _imports(module, path):
            if _unit(target) != _unit(module) and (_unit(module), _unit(target)) not in KNOWN_CYCLE_EDGES:
                graph[_unit(module)].add(_unit(target))
    seen, stack = set(), []

    def visit(unit):
        if unit in stack:
            raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(unit):] + [unit]))
        if unit in seen:
            return
        stack.append(unit)
        for nxt in sorted(graph[unit]):
            visit(nxt)
        stack.pop()
        seen.add(unit)
    for unit in sorted(graph):
        visit(unit)


def test_the_checker_sees_wrong_way_imports(tmp_path):
    """The parser itself: module-level, in-function and relative imports all count."""
    src = tmp_path / "m.py"
    src.write_text("import analyzer.model\nfrom analyzer.render import table\n\n"
                   "def f():\n    from ..cli import commands\n    from . import jsonout\n", "utf-8")
    assert _imports("render.m", src) == {"model", "render", "cli"}
    assert {_unit(m) for m in _imports("render.m", src) if LEVEL[_unit(m)] < LEVEL["render"]} == {"cli"}


def test_the_store_depends_on_the_model_only():
    modules = _modules()
    assert {_unit(m) for m in _imports("batch.store", modules["batch.store"])} <= {"model", "errors", "batch", ""}
