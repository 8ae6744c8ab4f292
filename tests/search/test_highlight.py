"""Snippets around the first occurrence, found on normalised text and shown in the original."""

from zwgk.search import highlight
from zwgk.search.highlight import snippet


def test_a_variant_far_into_a_long_body_is_found_and_shown_as_written():
    body = "各区市县人民政府。" * 3000 + "依据大政发〔２０２０〕１号文件执行。" + "其他事项。" * 100
    out = snippet(body, ("大政发(2020)1号",))
    assert out.startswith("…") and "<mark>大政发〔２０２０〕１号</mark>" in out


def test_without_an_occurrence_the_snippet_is_the_opening():
    body = "全市推进政务公开标准化规范化工作。" * 2000
    out = snippet(body, ("政策解读",))
    assert out.startswith("全市推进政务公开") and "<mark>" not in out and out.endswith("…")


def test_a_match_near_the_hint_beyond_the_first_mapped_stretch():
    # Collapsed whitespace makes the normalised text shorter than the original: the mapped
    # stretch grows until it reaches the occurrence.
    body = "政务" + " \n\t " * 400 + "公开" + "　" * 300 + "ＰＭ２．５浓度"
    out = snippet(body, ("pm2.5",))
    assert "<mark>ＰＭ２．５</mark>" in out


def test_the_per_character_cache_changes_no_snippet(monkeypatch):
    # Issue 25.2: each character's normal form is cached per process; with the cache full (no
    # new entries) the marks are the same as with it.
    text = "大连市人民政府办公室关于印发〔2020〕１２号ＰＭ2.5　防治方案的通知"
    terms = ("(2020)12号", "pm2.5")
    cached = highlight.mark(text, terms)
    assert "<mark>" in cached
    monkeypatch.setattr(highlight, "_FOLDED", {})
    monkeypatch.setattr(highlight, "_FOLDED_MAX", 0)
    assert highlight.mark(text, terms) == cached
    assert highlight._FOLDED == {}
