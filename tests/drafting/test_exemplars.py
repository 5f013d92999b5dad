"""Exemplar retrieval: real sentences from a folder, ranked for a theme or a sentence, with path and date."""
import os

import pytest

from analyzer.drafting.exemplars import ExemplarIndex, index_for, read_sentences
from conftest import CORPUS, requires_corpus

ZUOFENG_TERMS = ("作风", "八项规定", "四风", "形式主义", "官僚主义", "减负", "文风", "会风")


def _zuofeng_theme(lexicon):
    """The lexicon's theme whose forms carry 作风建设 (作风建设常态化长效化)."""
    (theme,) = [t for t in lexicon.kind("themes").values() if any("作风建设" in f for f in t.forms)]
    return theme


@pytest.fixture(scope="module")
def corpus_index():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (it is not part of the repo)")
    return index_for(CORPUS)


@requires_corpus
def test_zuofeng_theme_top_hit_is_a_corpus_sentence_about_zuofeng(corpus_index, lexicon):
    hits = corpus_index.for_theme(_zuofeng_theme(lexicon), k=5)
    assert len(hits) == 5
    top = hits[0]
    assert any(term in top.text for term in ZUOFENG_TERMS), top.text
    assert os.path.samefile(os.path.dirname(top.path), CORPUS)   # ../shared may be a symlink
    text = open(top.path, encoding="utf-8").read()
    assert text[top.start:top.end] == top.text            # a real sentence at its real place, not a paraphrase
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@requires_corpus
def test_zuofeng_category_top_hit_is_about_zuofeng(corpus_index, lexicon):
    assert lexicon.get("categories", "zuofeng-jianshe").name == "作风建设"
    top = corpus_index.for_category(lexicon, "zuofeng-jianshe", k=3)[0]
    assert any(term in top.text for term in ZUOFENG_TERMS), top.text
    assert os.path.samefile(os.path.dirname(top.path), CORPUS)


@requires_corpus
def test_dates_come_from_the_documents(corpus_index):
    hit = corpus_index.search("推进作风建设常态化长效化", k=1)[0]
    assert hit.path.endswith("cpc20_report.txt")
    assert hit.date is not None and hit.date.isoformat() == "2022-10-16"


@requires_corpus
def test_selected_sentence_finds_its_neighbours_not_itself(corpus_index):
    sentence = "坚持“三会一课”制度，推进党的基层组织设置和活动方式创新。"
    hits = corpus_index.for_sentence(sentence, k=3)
    assert hits and all(h.text != sentence for h in hits)
    assert any("三会一课" in h.text for h in hits)


def _write(folder, name, text):
    p = folder / name
    p.write_text(text, "utf-8")
    return p


def test_index_is_cached_on_file_list_and_mtimes(tmp_path):
    _write(tmp_path, "a.txt", "本单位全年召开支部党员大会12次，讲党课8次，“三会一课”制度落实到位。\n")
    _write(tmp_path, "README.md", "本文件夹存放各支部报送的“三会一课”总结材料，供起草时参考。\n")
    first = index_for(tmp_path)
    assert [os.path.basename(s.path) for s in first.sentences] == ["a.txt"]      # the folder's notes are skipped
    assert index_for(tmp_path) is first
    p = _write(tmp_path, "b.txt", "坚持以上率下，持续深化纠治“四风”，全年精简文件三成、会议两成。\n")
    second = index_for(tmp_path)
    assert second is not first and len(second.sentences) == 2
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10_000_000_000))
    assert index_for(tmp_path) is not second
    top = index_for(tmp_path).search("四风", k=1)[0]
    assert top.path == str(p) and "四风" in top.text


def test_unreadable_files_are_listed_not_fatal(tmp_path):
    _write(tmp_path, "ok.txt", "全年开展“三会一课”48次，参学党员覆盖率100%。\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    sentences, failures = read_sentences(sorted(tmp_path.iterdir()))
    assert [s.text for s in sentences] == ["全年开展“三会一课”48次，参学党员覆盖率100%。"]
    assert [os.path.basename(f) for f, _ in failures] == ["empty.txt"]


def test_empty_folder_gives_no_hits(tmp_path):
    assert ExemplarIndex([]).search("作风建设") == []
    assert index_for(tmp_path / "missing").search("作风建设") == []


def test_word_features_keep_formulas_whole():
    """The retrieval's word analyser uses the lexicon-taught segmenter: a formula is one feature."""
    from analyzer.drafting.exemplars import word_features
    words = word_features("坚持全面从严治党，增强“四个意识”，严格落实“三会一课”制度。")
    assert "全面从严治党" in words and "四个意识" in words and "三会一课" in words


def test_folder_index_is_stored_by_content_and_loaded_in_another_session(tmp_path, monkeypatch):
    """A user folder's index is built once and kept in the data folder, keyed by the files' content."""
    from analyzer.drafting import exemplars
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "archive"
    folder.mkdir()
    _write(folder, "a.txt", "本单位全年召开支部党员大会12次，讲党课8次，“三会一课”制度落实到位。\n")
    built = index_for(folder)
    stored = list(exemplars.cache_dir().glob("*.npz"))
    assert [p.stem for p in stored] == [exemplars.content_key(exemplars._folder_files(folder))]
    exemplars._CACHE.clear()                              # a new session: nothing in memory
    again = index_for(folder)
    assert again is not built
    assert [h.to_dict() for h in again.search("三会一课")] == [h.to_dict() for h in built.search("三会一课")]
    _write(folder, "a.txt", "持续深化纠治“四风”，全年精简文件三成、会议两成。\n")
    exemplars._CACHE.clear()
    assert "四风" in index_for(folder).search("四风", k=1)[0].text
    assert len(list(exemplars.cache_dir().glob("*.npz"))) == 2


def test_exemplar_set_merges_the_reference_set_and_a_folder(tmp_path):
    from analyzer.drafting.exemplars import exemplar_set
    own = "坚持“三会一课”制度，全年开展主题党日活动12次，党员参学率98%。"
    _write(tmp_path, "a.txt", own + "\n")
    both = exemplar_set([tmp_path])
    hits = both.search("“三会一课”制度 主题党日", k=5)
    assert hits[0].text == own
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any(h.title for h in hits[1:])                 # the rest from the shipped set, with their titles
    assert exemplar_set().search("“三会一课”制度 主题党日", k=5)[0].text != own


def test_indexes_kept_in_memory_are_bounded(tmp_path):
    from analyzer.drafting.exemplars import INDEXES_KEPT
    folders = []
    for i in range(INDEXES_KEPT + 2):
        folder = tmp_path / f"f{i}"
        folder.mkdir()
        _write(folder, "a.txt", f"本单位全年召开支部党员大会{i + 2}次，讲党课8次，“三会一课”制度落实到位。\n")
        folders.append(folder)
    first = index_for(folders[0], store=False)
    assert index_for(folders[0], store=False) is first
    for folder in folders[1:]:
        assert index_for(folder, store=False) is index_for(folder, store=False)
    assert index_for(folders[0], store=False) is not first                # the oldest was let go
