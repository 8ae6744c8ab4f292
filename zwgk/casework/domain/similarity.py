"""Chinese text similarity for the case library and for grouping repeated applications.

Pure module: no Django imports; words come from the caller's segmenter (rjieba). A text becomes
a set of features: its words (minus the words every application uses) and its character bigrams,
which catch near-identical phrasing that segmentation cuts differently. Two texts are compared
by the Jaccard index of their feature sets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final

# Words of the request form itself: they say nothing about what is asked for.
_STOPWORD_TEXT = (
    "请 提供 申请 公开 获取 相关 政府 信息 政府信息 的 和 及 与 等 有关 关于 情况 内容 全部 我 本人 "
    "您 贵 机关 单位 要求 需要 希望 以及 是否 进行 一份 一下 文件"
)
STOPWORDS: Final = frozenset(_STOPWORD_TEXT.split(" "))
_HAN_OR_WORD = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]+")

# Product decision, tuned on the demo and on hand-made pairs (tests/casework): above it two
# applications ask for the same information.
SAME_REQUEST_THRESHOLD: Final = 0.55
SIMILAR_CASE_THRESHOLD: Final = 0.15


_BOILERPLATE = re.compile(
    "|".join(sorted((re.escape(w) for w in STOPWORDS if len(w) > 1), key=len, reverse=True))
)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text without the form's boilerplate ("请提供…的相关政府信息"),
    which would otherwise make every two applications look alike."""
    out: set[str] = set()
    for run in _HAN_OR_WORD.findall(_BOILERPLATE.sub(" ", text or "")):
        if len(run) == 1 and run not in STOPWORDS:
            out.add(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def features(text: str, words: Callable[[str], Iterable[str]]) -> frozenset[str]:
    """Words (prefixed "w:") and character bigrams (prefixed "b:") of a text."""
    ws = {f"w:{w}" for w in words(text or "") if w not in STOPWORDS and len(w) > 1}
    return frozenset(ws | {f"b:{b}" for b in bigrams(text)})


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def clusters(
    items: Sequence[tuple[int, str, frozenset[str]]], *, threshold: float = SAME_REQUEST_THRESHOLD
) -> list[tuple[list[int], float]]:
    """Groups of items (id, owner, features) that ask for the same thing, each with at least two
    different owners (applicants), as (sorted ids, lowest pairwise link similarity).

    Single-link clustering with a union-find: A~B and B~C put A, B, C together.
    """
    parent = {i: i for i, _, _ in items}
    weakest: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: list[tuple[int, int, float]] = []
    for n, (i, _, fi) in enumerate(items):
        for j, _, fj in items[n + 1 :]:
            score = jaccard(fi, fj)
            if score >= threshold:
                links.append((i, j, score))
    for i, j, _ in links:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[rj] = ri
    for i, _, score in links:
        r = root(i)
        weakest[r] = min(weakest.get(r, 1.0), score)
    groups: dict[int, list[int]] = {}
    owners: dict[int, set[str]] = {}
    for i, owner, _ in items:
        r = root(i)
        groups.setdefault(r, []).append(i)
        owners.setdefault(r, set()).add(owner)
    return [
        (sorted(ids), round(weakest.get(r, 1.0), 3))
        for r, ids in groups.items()
        if len(owners[r]) >= 2  # Art. 44: several applicants, not one applicant asking twice
    ]
