"""Hostile or careless lexicon packs: every problem is a LexiconError naming the file (exit 2), found in linear time
and before any document is checked; never a traceback, a hang, or a message template that fails later."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from analyzer.errors import LexiconError
from analyzer.lexicon import load_lexicon

RULE = """\
kind: rules
entries:
- id: ce-shi-gui-ze
  type: pair
  severity: warning
  message: {message}
  first: [低级, 红]
  second: [高级, 黑]
  basis: 测试
  examples:
    bad:
    - text: 坚决防止[[低级黑、高级红]]。
      correction: 低级红、高级黑
    good:
    - 坚决防止“低级红”、“高级黑”。
"""


def pack(tmp_path, files: dict[str, str]):
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    for name, body in files.items():
        (d / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return d


def error_of(d) -> LexiconError:
    with pytest.raises(LexiconError) as e:
        load_lexicon([d])
    return e.value


@pytest.mark.parametrize("meta, words", [
    ("relevel: [dijihong-gaojihei]\n", "relevel 应为映射"),
    ("disable: 5\n", "disable 应为条目 id 的列表"),
    ("disable: [1, 2]\n", "disable 应为条目 id 的列表"),
    ("- 1\n- 2\n", "pack.yaml 应为映射"),
])
def test_bad_pack_yaml_fields(tmp_path, meta, words):
    assert words in str(error_of(pack(tmp_path, {"pack.yaml": meta})))


@pytest.mark.parametrize("message, words", [
    ("应为“{match!z}”", "不能带转换或格式说明"),
    ("应为“{match:d}”", "不能带转换或格式说明"),
    ("应为“{match:>300000000}”", "不能带转换或格式说明"),
    ("应为“{nope}”", "未知占位符"),
    ("应为“{match”", "消息模板无效"),
])
def test_message_templates_that_would_fail_at_check_time_fail_at_load_time(tmp_path, message, words):
    e = error_of(pack(tmp_path, {"r.yaml": RULE.format(message=f"'{message}'")}))
    assert words in str(e) and "ce-shi-gui-ze" in str(e)


def test_a_folder_named_like_a_yaml_file_is_not_read_as_one(tmp_path):
    d = pack(tmp_path, {"pack.yaml": "name: t\n"})
    (d / "x.yaml").mkdir()
    assert load_lexicon([d]).version


def test_a_dangling_link_names_the_file(tmp_path):
    d = pack(tmp_path, {})
    (d / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert "链接已失效" in str(error_of(d)) and "gone.yaml" in str(error_of(d))


def test_a_fifo_named_yaml_is_an_error_not_a_hang(tmp_path):
    d = pack(tmp_path, {})
    os.mkfifo(d / "pipe.yaml")
    code = f"from analyzer.lexicon import load_lexicon\nload_lexicon([{str(d)!r}])"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode != 0 and "不是普通文件" in res.stderr


def test_a_huge_term_list_with_a_duplicate_is_checked_in_linear_time(tmp_path):
    terms = [f"词{i:06d}" for i in range(200_000)] + ["词000007"]
    body = "kind: phrases\nentries:\n- id: da-liebiao\n  group: stock-phrase\n  terms:\n" + \
        "".join(f"  - {t}\n" for t in terms)
    d = pack(tmp_path, {"p.yaml": body})
    t0 = time.process_time()
    e = error_of(d)
    assert "词语重复：词000007" in str(e)
    assert time.process_time() - t0 < 30          # quadratic: 200k x 200k comparisons would take hours


def test_a_very_long_pattern_is_refused(tmp_path):
    body = "kind: phrases\nentries:\n- id: chang-ci\n  group: stock-phrase\n  terms:\n  - " + "空" * 10_000 + "\n"
    assert "过长" in str(error_of(pack(tmp_path, {"p.yaml": body})))
