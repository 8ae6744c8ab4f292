"""The pure modules: the scrubber and the Chinese similarity (table tests, no database)."""

import pytest

from zwgk.casework.domain.scrub import Known, leaks, scrub
from zwgk.casework.domain.similarity import SAME_REQUEST_THRESHOLD, bigrams, clusters, features, jaccard
from zwgk.search.segmentation import Segmenter

WORDS = Segmenter().words


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("身份证号210202198001010011，请回电", "210202198001010011"),
        ("联系电话13904110001", "13904110001"),
        ("电话 139 0411 0001", "139 0411 0001"),
        ("座机0411-83632000转", "0411-83632000"),
        ("邮箱 zhang.ming@example.cn", "zhang.ming@example.cn"),
        ("查询码 7KQ2-M9XD-3FHT", "7KQ2-M9XD-3FHT"),
        ("家住沙河口区西安路88号2单元", "西安路88号"),
        ("统一社会信用代码91210200MA0QC1234X", "91210200MA0QC1234X"),
    ],
)
def test_patterns_remove_numbers_contacts_codes_and_addresses(text, gone):
    assert gone not in scrub(text)


def test_known_names_and_address_parts_are_removed_wherever_they_appear():
    known = Known(names=("张明", "大连海湾贸易有限公司"), addresses=("辽宁省大连市沙河口区西安路88号",))
    text = "张明称其公司大连海湾贸易有限公司位于西安路88号，张明要求答复。"
    out = scrub(text, known)
    assert leaks(out, ["张明", "大连海湾贸易有限公司", "西安路88号"]) == []
    assert out.startswith("张某称其公司申请人")


def test_years_amounts_and_document_numbers_survive():
    text = "2025年度经费120万元，大政发〔2026〕3号，第三十六条第（三）项"
    assert scrub(text) == text


def test_similar_requests_score_high_and_different_ones_low():
    a = features("请提供2026年大连市老旧小区改造项目清单及资金安排", WORDS)
    b = features("申请公开2026年老旧小区改造的项目清单和资金安排情况", WORDS)
    c = features("请提供2025年度法律援助经费使用情况", WORDS)
    assert jaccard(a, b) >= SAME_REQUEST_THRESHOLD
    assert jaccard(a, c) < 0.15


def test_boilerplate_does_not_make_requests_alike():
    assert bigrams("请提供“甲”的相关政府信息。") == {"甲"}


def test_clusters_need_two_different_applicants():
    f = features("2026年老旧小区改造项目清单", WORDS)
    g = features("全市传染病监测预警原始数据", WORDS)
    items = [(1, "a", f), (2, "a", f), (3, "b", f), (4, "c", g)]
    assert [ids for ids, _ in clusters(items)] == [[1, 2, 3]]
    assert clusters([(1, "a", f), (2, "a", f)]) == []
