"""Lexicon packs: YAML data, validated once, merged into one immutable ``Lexicon``.

A pack is a folder (the built-in one is ``lexicons/``; users add more with ``--lexicons DIR``). Every YAML file
in it (recursively) holds entries of one *kind*::

    kind: themes            # themes | profiles | rules | phrases | categories | templates
    entries:
      - id: liangge-queli   # ASCII kebab-case, unique across packs
        ...

A pack may also have ``pack.yaml`` with ``name``, ``version``, ``disable: [id, ...]`` (switch off entries of
earlier packs) and ``relevel: {id: warning}`` (change a rule's severity), like Vale's ``Style.Rule = NO``.
A later pack's entry with the same id as an earlier pack's replaces it; within one pack ids must be unique.

Each kind has its own parser in ``analyzer/lexicon/kinds/``: the loader here only knows the common frame."""
from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from analyzer.errors import LexiconError

from analyzer.lexicon.validate import ID_RE, SEVERITIES, Where  # noqa: F401

FORMULA_KINDS = ("themes", "rules", "phrases")     # kinds whose entries hold fixed wordings (``formulas()``)


# --- the lexicon -----------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Lexicon:
    """All entries of all packs, by kind and id. Immutable and hashable by identity, so analysis modules can
    cache compiled matchers per lexicon (``functools.lru_cache`` / ``compiled()``)."""
    entries: Mapping[str, Mapping[str, Any]]   # kind -> id -> parsed entry (a dataclass from lexicon_kinds)
    version: str
    packs: tuple[str, ...]
    relevel: Mapping[str, str] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def kind(self, kind: str) -> Mapping[str, Any]:
        return self.entries.get(kind, MappingProxyType({}))

    def get(self, kind: str, entry_id: str) -> Any:
        return self.kind(kind)[entry_id]

    def formulas(self) -> tuple[str, ...]:
        """Every fixed wording of the lexicon (theme forms, canonical wordings and templates, rule formulas,
        stock and numbered phrases), in no particular order: text a correct report repeats verbatim, so it is
        no evidence that one report copied another. Each entry type says which of its fields these are."""
        def build(lex: "Lexicon") -> tuple[str, ...]:
            out = dict.fromkeys(f.strip() for kind in FORMULA_KINDS for entry in lex.kind(kind).values()
                                for f in entry.formulas())
            out.pop("", None)
            return tuple(out)
        return self.compiled("lexicon.formulas", build)

    def compiled(self, key: str, build: Callable[["Lexicon"], Any]) -> Any:
        """Build-once cache for matchers (Aho-Corasick automata, regexes) derived from this lexicon."""
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]


def builtin_dir() -> Path:
    """The built-in pack: ``lexicons/`` beside the package in a checkout, ``analyzer/lexicons`` when installed."""
    package = Path(__file__).resolve().parent.parent       # analyzer/
    for cand in (package.parent / "lexicons", package / "lexicons"):
        if (cand / "pack.yaml").is_file():
            return cand
    try:
        from importlib.resources import files
        p = Path(str(files("analyzer.lexicons")))
        if (p / "pack.yaml").is_file():
            return p
    except Exception:
        pass
    raise FileNotFoundError("找不到内置词库 lexicons/（安装不完整）")


def _kind_parsers() -> dict[str, Callable[[dict, Where], Any]]:
    from analyzer.lexicon.kinds import KIND_PARSERS
    return KIND_PARSERS


def load_lexicon(extra_dirs: Iterable[str | Path] = (), *, builtin: bool = True) -> Lexicon:
    """Load the built-in pack then each extra pack in order. Raises ``LexiconError`` on the first problem."""
    dirs = ([builtin_dir()] if builtin else []) + [Path(d) for d in extra_dirs]
    parsers = _kind_parsers()
    merged: dict[str, dict[str, Any]] = {}
    owner: dict[str, str] = {}           # id -> kind, across kinds too: ids are globally unique
    relevel: dict[str, str] = {}
    digest = hashlib.sha256()
    versions = []
    for d in dirs:
        if not d.is_dir():
            raise LexiconError(str(d), None, None, "词库目录不存在")
        pack_meta = {}
        meta_file = d / "pack.yaml"
        if meta_file.is_file():
            pack_meta = _read_yaml(meta_file, _read_pack_file(meta_file)) or {}
            _check_pack_meta(pack_meta, meta_file)
        versions.append(f"{pack_meta.get('name', d.name)}@{pack_meta.get('version', '0')}")
        seen_here: set[str] = set()
        files = sorted(p for p in d.rglob("*.y*ml") if p.name != "pack.yaml" and p.suffix in (".yaml", ".yml")
                       and not p.is_dir())       # a folder named x.yaml is a folder (rglob looks inside it)
        for f in files:
            raw = _read_pack_file(f)
            digest.update(str(f.relative_to(d)).encode() + b"\0" + raw)
            data = _read_yaml(f, raw)
            if data is None:
                continue
            if not isinstance(data, dict) or "kind" not in data:
                raise LexiconError(str(f), None, "kind", "文件顶层应为映射，并含 kind 与 entries")
            kind = data["kind"]
            if kind not in parsers:
                raise LexiconError(str(f), None, "kind", f"未知的 kind “{kind}”（可用：{'、'.join(sorted(parsers))}）")
            entries = data.get("entries")
            if not isinstance(entries, list) or not entries:
                raise LexiconError(str(f), None, "entries", "entries 应为非空列表")
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    raise LexiconError(str(f), None, None, f"第 {i + 1} 个条目不是映射")
                eid = entry.get("id")
                if not isinstance(eid, str) or not eid:
                    raise LexiconError(str(f), f"#{i + 1}", "id", "缺少 id")
                if not ID_RE.match(eid):
                    raise LexiconError(str(f), eid, "id", "id 应为小写 ASCII kebab-case（如 sige-yishi）")
                if eid in seen_here:
                    raise LexiconError(str(f), eid, "id", "id 重复（同一词库内 id 必须唯一）")
                seen_here.add(eid)
                if eid in owner and owner[eid] != kind:
                    raise LexiconError(str(f), eid, "id", f"id 已被另一类条目（{owner[eid]}）使用")
                parsed = parsers[kind](entry, Where(str(f), eid))
                merged.setdefault(kind, {})[eid] = parsed
                owner[eid] = kind
        for eid in pack_meta.get("disable", []) or []:
            if eid not in owner:
                raise LexiconError(str(meta_file), eid, "disable", "要停用的条目不存在")
            merged[owner[eid]].pop(eid, None)
        for eid, sev in (pack_meta.get("relevel", {}) or {}).items():
            if eid not in merged.get("rules", {}):
                raise LexiconError(str(meta_file), eid, "relevel", "要改级别的规则不存在")
            if sev not in SEVERITIES:
                raise LexiconError(str(meta_file), eid, "relevel", f"严重程度无效：“{sev}”")
            relevel[eid] = sev
    _save_parse_cache()
    _cross_check(merged, parsers)
    version = "+".join(versions) + "." + digest.hexdigest()[:10]
    frozen = MappingProxyType({k: MappingProxyType(v) for k, v in merged.items()})
    return Lexicon(entries=frozen, version=version, packs=tuple(str(d) for d in dirs), relevel=MappingProxyType(relevel))


MAX_PACK_FILE_BYTES = 20 * 1024 * 1024


def _read_pack_file(path: Path) -> bytes:
    """A pack file's bytes; links that lead nowhere, FIFOs (a read would block forever), devices and huge files
    are errors naming the file, never a hang or a traceback."""
    import stat
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LexiconError(str(path), None, None, "链接指向的文件不存在（链接已失效）") from None
    except OSError as e:
        raise LexiconError(str(path), None, None, f"无法读取（{e.strerror or type(e).__name__}）") from None
    if not stat.S_ISREG(st.st_mode):
        raise LexiconError(str(path), None, None, "不是普通文件（管道、设备或套接字），无法作为词库读取")
    if st.st_size > MAX_PACK_FILE_BYTES:
        raise LexiconError(str(path), None, None,
                           f"文件过大（{st.st_size / 1048576:.1f} MB，上限 {MAX_PACK_FILE_BYTES // 1048576} MB）")
    try:
        return path.read_bytes()
    except OSError as e:
        raise LexiconError(str(path), None, None, f"无法读取（{e.strerror or type(e).__name__}）") from None


def _check_pack_meta(meta: Any, meta_file: Path) -> None:
    """``pack.yaml``: ``disable`` a list of ids, ``relevel`` a mapping id -> severity."""
    if not isinstance(meta, dict):
        raise LexiconError(str(meta_file), None, None, "pack.yaml 应为映射")
    disable = meta.get("disable")
    if disable is not None and (not isinstance(disable, list) or not all(isinstance(x, str) for x in disable)):
        raise LexiconError(str(meta_file), None, "disable", "disable 应为条目 id 的列表，例如 [sige-yishi-order]")
    relevel = meta.get("relevel")
    if relevel is not None and (not isinstance(relevel, dict)
                                or not all(isinstance(k, str) and isinstance(v, str) for k, v in relevel.items())):
        raise LexiconError(str(meta_file), None, "relevel", "relevel 应为映射（规则 id: error/warning/info）")
    for key in ("name", "version"):
        if key in meta and not isinstance(meta[key], (str, int, float)):
            raise LexiconError(str(meta_file), None, key, f"{key} 应为文字")


def _cross_check(merged: dict[str, dict[str, Any]], parsers: Mapping[str, Any]) -> None:
    from analyzer.lexicon.kinds import CROSS_CHECKS
    for check in CROSS_CHECKS:
        check(merged)


@lru_cache(maxsize=1)
def _loader() -> type:
    """Safe loader (libyaml when available: ~10x faster) that leaves dates as text: ``date_field`` parses
    them, so a bad date is reported with its entry and key instead of failing the whole file. Built on first
    use: with the parse cache below, a check of unchanged lexicons never imports yaml."""
    import yaml

    class _TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass
    _TextDatesLoader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return _TextDatesLoader


def _read_yaml(path: Path, raw: bytes | None = None) -> Any:
    """The file's YAML data. Parsing the built-in pack costs ~0.04 s plus ~0.015 s to import yaml, per process,
    so parses are kept in the user's cache folder keyed by the file's bytes (see ``_parse_cache``)."""
    raw = path.read_bytes() if raw is None else raw
    cache = _parse_cache()
    key = hashlib.sha1(_PARSE_CACHE_SALT + raw).hexdigest()
    blob = cache.stored.get(key)
    if blob is not None:
        try:
            data = marshal.loads(blob)      # a fresh object each time: parsers never share mutable data
            cache.keep(key, blob)
            return data
        except (ValueError, EOFError, TypeError):
            pass
    data = _parse_yaml(path)
    try:
        cache.dirty = cache.keep(key, marshal.dumps(data)) or cache.dirty
    except ValueError:                  # a value marshal cannot hold (an explicit !!timestamp): not cached
        pass
    return data


def _parse_yaml(path: Path) -> Any:
    import yaml
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except yaml.YAMLError as e:
        raise LexiconError(str(path), None, None, f"YAML 语法错误：{e}") from None
    except UnicodeDecodeError:
        raise LexiconError(str(path), None, None, "文件不是 UTF-8 编码") from None
    except ValueError as e:  # PyYAML builds dates itself: an unquoted 2020-13-45 fails here
        raise LexiconError(str(path), None, None, f"YAML 值无效（如日期）：{e}") from None


# Part of every parse-cache key: change it whenever ``_loader`` or ``_parse_yaml`` parse differently.
_PARSE_CACHE_SALT = b"shengao-yaml-1\0"


@dataclass
class _ParseCache:
    path: Path | None
    stored: dict[str, bytes]                               # sha1 -> marshalled data, as read from the cache file
    used: dict[str, bytes] = field(default_factory=dict)   # what this process's loads used: written back
    dirty: bool = False

    def keep(self, key: str, blob: bytes) -> bool:
        """Remember a parse this process used, up to ``PARSES_KEPT`` files (a long-running process may load many
        packs; beyond that, files are parsed every time). Whether it was new."""
        if key in self.used or len(self.used) >= PARSES_KEPT:
            return False
        self.used[key] = blob
        return True


PARSES_KEPT = 1024      # lexicon files (the built-in pack has ~30)


@lru_cache(maxsize=1)
def _parse_cache() -> _ParseCache:
    """Parsed lexicon files (``$XDG_CACHE_HOME/shengao/``, like the IDF table), keyed by content: an edited file
    misses and is parsed; when the folder cannot be read, every file is parsed."""
    from analyzer.cachefiles import cache_folder
    try:
        base = cache_folder()
    except (OSError, RuntimeError):      # no home folder
        return _ParseCache(None, {})
    path = base / f"lexicon-yaml-m{marshal.version}.marshal"
    try:
        stored = marshal.loads(path.read_bytes())
        if not (isinstance(stored, dict) and all(isinstance(k, str) and isinstance(v, bytes)
                                                  for k, v in stored.items())):
            stored = {}
    except (OSError, ValueError, EOFError, TypeError):
        stored = {}
    return _ParseCache(path, stored)


def _save_parse_cache() -> None:
    """After a load that parsed something: keep what this process used (edited files' old parses drop out)."""
    from analyzer.cachefiles import write_atomic
    cache = _parse_cache()
    if not cache.dirty or cache.path is None:
        return
    if write_atomic(cache.path, lambda fh: fh.write(marshal.dumps(cache.used))):
        cache.dirty = False


def default_lexicon(extra_dirs: Iterable[str | Path] = ()) -> Lexicon:
    """Lexicons load once per process and are reused, per set of extra packs: the ``DEFAULT_KEPT`` sets used last
    (a long-running page process may see many packs)."""
    return _default(tuple(str(Path(d).resolve()) for d in extra_dirs))


DEFAULT_KEPT = 8


@lru_cache(maxsize=DEFAULT_KEPT)
def _default(dirs: tuple[str, ...]) -> Lexicon:
    return load_lexicon(dirs)
