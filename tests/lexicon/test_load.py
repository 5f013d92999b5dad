"""The built-in themes/categories/profiles packs and the validation of malformed packs (file and entry named)."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from click.testing import CliRunner

from analyzer.errors import LexiconError
from analyzer.lexicon import load_lexicon
from analyzer.lexicon.kinds.themes import Theme

CATEGORIES = ["政治建设", "理论武装", "组织建设", "作风建设", "纪律建设", "意识形态", "群众路线", "党建业务融合"]


def pack(tmp_path, name: str, body: str):
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return d


def load_error(d) -> LexiconError:
    with pytest.raises(LexiconError) as e:
        load_lexicon([d])
    return e.value


def test_builtin_pack_has_sixty_themes_in_all_eight_categories(lexicon):
    themes = lexicon.kind("themes")
    assert len(themes) >= 60
    assert all(isinstance(t, Theme) for t in themes.values())
    cats = sorted(lexicon.kind("categories").values(), key=lambda c: c.order)
    assert [c.name for c in cats] == CATEGORIES
    assert {t.category for t in themes.values()} == {c.id for c in cats}     # themes point to categories by id
    assert next(c for c in cats if c.name == "纪律建设").label == "纪律建设/廉政"


def test_key_themes_carry_the_reference_forms_and_dates(lexicon):
    t = lexicon.get("themes", "liangge-queli")
    assert t.name == "两个确立" and t.since == dt.date(2021, 11, 11)
    assert "确立习近平同志党中央的核心、全党的核心地位" in t.forms
    assert t.template == "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。"
    assert "政治意识、大局意识、核心意识、看齐意识" in lexicon.get("themes", "sige-yishi").forms
    assert "新时代中国特色社会主义思想" in lexicon.get("themes", "xi-sixiang").forms
    weihu = lexicon.get("themes", "liangge-weihu").forms
    assert "坚决维护习近平总书记党中央的核心、全党的核心地位" in weihu
    assert "坚决维护习近平同志党中央的核心、全党的核心地位" in weihu
    assert "三会" not in lexicon.get("themes", "sanhui-yike").forms
    shijiu = lexicon.get("themes", "shijiu-da-jingshen")
    assert (shijiu.since, shijiu.until) == (dt.date(2017, 10, 24), dt.date(2022, 10, 22))
    assert not shijiu.applies(dt.date(2023, 1, 1)) and shijiu.applies(dt.date(2020, 1, 1))


def test_every_profile_of_the_design_is_in_the_lexicon_with_known_themes(lexicon):
    profiles = lexicon.kind("profiles")
    assert set(profiles) == {"annual-summary", "speech", "duty-report", "self-review", "party-lecture", "general"}
    themes = lexicon.kind("themes")
    for p in profiles.values():
        assert p.themes and all(t.theme in themes and t.weight > 0 for t in p.themes)
    assert profiles["annual-summary"].weight("liangge-queli") == 3.0
    assert "召开" in profiles["general"].title_cues      # news reports and essays are general


THEME = """\
    kind: themes
    entries:
      - id: {id}
        name: 测试主题
        category: {category}
        forms: {forms}
        since: {since}
        basis: 测试
"""


def theme_yaml(id="ce-shi", category="zhengzhi-jianshe", forms="[测试主题]", since="2020-01-01"):
    return THEME.format(id=id, category=category, forms=forms, since=since)


def test_missing_id_names_file_and_entry_number(tmp_path):
    d = pack(tmp_path, "t.yaml", theme_yaml().replace("  - id: ce-shi\n        name:", "  - name:"))
    e = load_error(d)
    assert e.file.endswith("t.yaml") and e.entry_id == "#1" and "缺少 id" in str(e)


def test_duplicate_id_in_one_pack(tmp_path):
    body = theme_yaml() + theme_yaml().split("entries:\n", 1)[1]
    e = load_error(pack(tmp_path, "t.yaml", body))
    assert e.entry_id == "ce-shi" and "id 重复" in str(e) and "t.yaml" in str(e)


def test_bad_date(tmp_path):
    e = load_error(pack(tmp_path, "t.yaml", theme_yaml(since="2021-13-01")))
    assert (e.entry_id, e.key) == ("ce-shi", "since") and "日期" in str(e) and "t.yaml" in str(e)
    e = load_error(pack(tmp_path, "t.yaml", theme_yaml(since="去年")))
    assert "日期无法解析：“去年”" in str(e)


def test_until_before_since(tmp_path):
    body = theme_yaml().replace("basis: 测试", "until: 2019-01-01\n        basis: 测试")
    e = load_error(pack(tmp_path, "t.yaml", body))
    assert (e.entry_id, e.key) == ("ce-shi", "until")


def test_unknown_category(tmp_path):
    e = load_error(pack(tmp_path, "t.yaml", theme_yaml(category="jingji-jianshe")))
    assert e.file.endswith("t.yaml") and e.entry_id == "ce-shi" and e.key == "category"
    assert "未知的类别“jingji-jianshe”" in str(e) and "zhengzhi-jianshe（政治建设）" in str(e)


def test_a_category_named_by_its_name_gets_its_id_as_a_hint(tmp_path):
    e = load_error(pack(tmp_path, "t.yaml", theme_yaml(category="政治建设")))
    assert e.key == "category" and "应写类别 id“zhengzhi-jianshe”" in e.reason


@pytest.mark.parametrize("forms, reason", [('[""]', "第 1 项为空"), ("[测试, '  ']", "第 2 项为空"),
                                           ("[]", "不能为空"), ('["“两”"]', "不足 2 个字")])
def test_empty_or_too_short_form(tmp_path, forms, reason):
    e = load_error(pack(tmp_path, "t.yaml", theme_yaml(forms=forms)))
    assert (e.entry_id, e.key) == ("ce-shi", "forms") and reason in str(e) and "t.yaml" in str(e)


def test_profile_naming_unknown_theme(tmp_path):
    d = pack(tmp_path, "p.yaml", """\
        kind: profiles
        entries:
          - id: my-profile
            name: 我的文种
            themes: {liangge-queli: 2, no-such-theme: 1}
        """)
    e = load_error(d)
    assert e.file.endswith("p.yaml") and e.entry_id == "my-profile" and "“no-such-theme”在词库中不存在" in str(e)


def test_profile_weight_must_be_positive(tmp_path):
    d = pack(tmp_path, "p.yaml", """\
        kind: profiles
        entries:
          - {id: my-profile, name: 我的文种, themes: {liangge-queli: 0}}
        """)
    assert "权重应为正数" in str(load_error(d))


def test_user_pack_overrides_a_theme_by_id_and_adds_one(tmp_path):
    body = theme_yaml(id="liangge-queli", forms="[两个确立, 自定义写法]", since="2021-11-11") \
        + theme_yaml(id="wo-de-zhuti", category="dangjian-yewu-ronghe", forms="[红色引擎]").split("entries:\n", 1)[1]
    lex = load_lexicon([pack(tmp_path, "t.yaml", body)])
    assert lex.get("themes", "liangge-queli").forms == ("两个确立", "自定义写法")
    assert lex.get("themes", "wo-de-zhuti").category == "dangjian-yewu-ronghe"
    assert len(lex.kind("themes")) == len(load_lexicon().kind("themes")) + 1


def test_lexicon_list_shows_id_kind_name_category():
    from analyzer.cli.commands import cli
    out = CliRunner().invoke(cli, ["lexicon", "list", "--kind", "themes"])
    assert out.exit_code == 0
    assert "liangge-queli\tthemes\t两个确立\tzhengzhi-jianshe" in out.output.splitlines()


def test_lexicon_validate_exits_2_naming_the_entry(tmp_path):
    from analyzer.cli.commands import cli
    d = pack(tmp_path, "t.yaml", theme_yaml(category="jingji-jianshe"))
    out = CliRunner().invoke(cli, ["lexicon", "validate", "--lexicons", str(d)])
    assert out.exit_code == 2
    assert "条目 ce-shi" in out.output and "未知的类别“jingji-jianshe”" in out.output


def test_parsed_lexicon_files_are_cached_by_content_and_read_back(tmp_path, monkeypatch):
    """The YAML parse cache (user cache folder): a second load gives the same lexicon from the cache without
    parsing, a cached parse is really what is read, and an edited file is parsed again."""
    import marshal
    import subprocess
    import sys

    from analyzer.lexicon import load as lx
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lx._parse_cache.cache_clear()
    try:
        first = load_lexicon()
        (cache_file,) = (tmp_path / "cache" / "shengao").glob("lexicon-yaml-*.marshal")
        lx._parse_cache.cache_clear()
        second = load_lexicon()
        assert second.version == first.version and dict(second.entries) == dict(first.entries)
        assert second.kind("themes")["liangge-queli"].name == first.kind("themes")["liangge-queli"].name

        # a fresh process loading unchanged lexicons does not even import yaml
        code = "import sys; from analyzer.lexicon import load_lexicon; load_lexicon(); print('yaml' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert out.stdout.strip() == "False"

        d = pack(tmp_path, "p.yaml", """\
            kind: categories
            entries:
              - id: ce-shi-lei
                name: 测试类
                order: 99
            """)
        raw = (d / "p.yaml").read_bytes()
        key = __import__("hashlib").sha1(lx._PARSE_CACHE_SALT + raw).hexdigest()
        lx._parse_cache.cache_clear()
        load_lexicon([d])
        stored = marshal.loads(cache_file.read_bytes())
        assert marshal.loads(stored[key])["entries"][0]["name"] == "测试类"
        stored[key] = marshal.dumps({"kind": "categories", "entries": [{"id": "ce-shi-lei", "name": "缓存类",
                                                                         "order": 99}]})
        cache_file.write_bytes(marshal.dumps(stored))
        lx._parse_cache.cache_clear()
        assert load_lexicon([d]).kind("categories")["ce-shi-lei"].name == "缓存类"     # read from the cache
        (d / "p.yaml").write_text((d / "p.yaml").read_text("utf-8").replace("测试类", "改后类"), encoding="utf-8")
        lx._parse_cache.cache_clear()
        assert load_lexicon([d]).kind("categories")["ce-shi-lei"].name == "改后类"     # edited: parsed again
    finally:
        lx._parse_cache.cache_clear()


def test_the_default_profile_cannot_be_disabled(tmp_path):
    (tmp_path / "pack.yaml").write_text("name: p\ndisable: [general]\n", "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([tmp_path])
    assert e.value.entry_id == "general" and "缺省文种" in e.value.reason


def test_a_norm_may_name_a_profile_of_its_own_pack_not_an_unknown_one(profile_pack):
    from conftest import PACK_PROFILE_ID
    norm = ("kind: norms\nentries:\n  - id: length-briefing\n    profile: {}\n    max_chars: 2000\n"
            "    basis: 本单位简报规定\n")
    (profile_pack / "norms.yaml").write_text(norm.format(PACK_PROFILE_ID), "utf-8")
    assert load_lexicon([profile_pack]).get("norms", "length-briefing").profile == PACK_PROFILE_ID
    (profile_pack / "norms.yaml").write_text(norm.format("weekly-briefing"), "utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicon([profile_pack])
    assert e.value.entry_id == "length-briefing" and "weekly-briefing" in e.value.reason


def test_default_lexicons_kept_are_bounded(tmp_path):
    """A long-running process that sees many packs keeps the lexicons of the last few sets, not all of them."""
    from analyzer.lexicon import default_lexicon
    from analyzer.lexicon.load import DEFAULT_KEPT
    dirs = []
    for i in range(DEFAULT_KEPT + 2):
        d = tmp_path / f"pack{i}"
        d.mkdir()
        (d / "pack.yaml").write_text(f"name: p{i}\nversion: '1'\n", encoding="utf-8")
        dirs.append(d)
    first = default_lexicon([dirs[0]])
    assert default_lexicon([dirs[0]]) is first and "p0@1" in first.version
    for d in dirs[1:]:
        assert default_lexicon([d]) is default_lexicon([d])
    again = default_lexicon([dirs[0]])
    assert again is not first and again.version == first.version       # dropped, then loaded anew


def test_parses_kept_by_a_process_are_bounded(tmp_path, monkeypatch):
    """A process that loads many packs remembers (and writes back) at most PARSES_KEPT parsed files; the others
    are parsed each time and still load."""
    import marshal

    from analyzer.lexicon import load as lx
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lx._parse_cache.cache_clear()
    try:
        builtin = load_lexicon()
        (cache_file,) = (tmp_path / "cache" / "shengao").glob("lexicon-yaml-*.marshal")
        kept = len(marshal.loads(cache_file.read_bytes()))
        monkeypatch.setattr(lx, "PARSES_KEPT", kept + 3)
        for i in range(8):
            d = tmp_path / f"p{i}"
            d.mkdir()
            (d / "c.yaml").write_text(f"kind: categories\nentries:\n  - id: lei-{i}\n    name: 类{i}\n    order: 99\n",
                                      encoding="utf-8")
            assert load_lexicon([d]).kind("categories")[f"lei-{i}"].name == f"类{i}"
            assert len(marshal.loads(cache_file.read_bytes())) <= kept + 3
        assert builtin.version
    finally:
        lx._parse_cache.cache_clear()
