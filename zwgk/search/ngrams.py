"""The index tokens: overlapping character bigrams with run-end markers (pure, no Django).

Normalised text is cut into runs of letters/digits/ideographs separated by anything else. Each run
emits its overlapping bigrams and then one *end marker*: the run's last character followed by the
separator that follows it (truncated). A query term becomes the phrase of its own tokens, so

* a term of one run ("疫情防控") is its bigram phrase — adjacent bigrams are contiguous text, hence
  exact substring matching without word segmentation;
* a term of several runs ("(2020)1号") ends each inner run with its end marker, which pins both the
  run boundary and the separator's first character; the next token is then necessarily the next
  run's first bigram (inner separators longer than one character are verified on the text);
* a term ending in a single character ("第1号" → …, "a-b" → "a-", then "b") matches it as a
  prefix of the next token, which is either a bigram or an end marker starting with it.

Short runs are also indexed whole, as *run tokens* without positions ("#2012" for the run 2012).
A term's inner runs (a separator on both sides within the term, such as the year in
"大政发〔2020〕1号") must then occur as whole runs, a condition the index checks cheaply: the year's
bigrams and markers alone occur in nearly every item, so such terms otherwise read and compare
the positions of a large part of the library.

Bigrams rather than words: segmentation misses words it cuts differently (≈17% of queries miss
with words alone); bigrams rather than trigrams: two-character queries (教育, 医保) are common.
The same tokens serve SQLite FTS5 (space-separated, unicode61 with every non-space a token
character) and PostgreSQL (a tsvector literal built here, positions assigned here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress
from operator import add

TOKENS_VERSION = 2  # bump when tokens change: existing index rows must then be rebuilt (2: run tokens)
MAX_SEPARATOR = 1  # characters of a separator kept in an end marker
_SPACE_MARK = "␣"  # stands for a space inside an end marker (spaces split index tokens)
FIELD_BREAK = "|"  # between two fields in one column; no query token starts with a non-letter
_RUN = re.compile(r"[^\W_]+")
RUN_MARK = "#"  # starts a run token; bigrams and markers start with a run character
MIN_RUN, MAX_RUN = 2, 8  # runs indexed whole: years and numbers, short names; not whole sentences


def _marker(last: str, separator: str) -> str:
    return last + separator[:MAX_SEPARATOR].replace(" ", _SPACE_MARK)


def text_tokens(norm: str) -> list[str]:
    """Index tokens of one normalised field, in position order.

    With one separator character per end marker, the tokens are simply the two-character windows
    starting at each letter/digit/ideograph, which C-level map/compress produce ~10× faster than a
    loop over runs (indexing throughput is bound by this function).
    """
    if not norm:
        return []
    text = norm.replace(" ", _SPACE_MARK)
    # str.isalnum is exactly the regex class [^\W_] that defines runs.
    return list(compress(map(add, text, text[1:] + _SPACE_MARK), map(str.isalnum, text)))


@dataclass(frozen=True)
class Phrase:
    """The tokens a term must match at consecutive positions; the last one maybe as a prefix."""

    tokens: tuple[str, ...]
    last_is_prefix: bool


def term_phrase(term: str) -> Phrase:
    runs = list(_RUN.finditer(term))
    tokens: list[str] = []
    prefix = False
    for i, m in enumerate(runs):
        run = m.group()
        tokens.extend(run[j : j + 2] for j in range(len(run) - 1))
        if i + 1 < len(runs):
            tokens.append(_marker(run[-1], term[m.end() : runs[i + 1].start()]))
        elif len(run) == 1:
            tokens.append(run)
            prefix = True
    return Phrase(tokens=tuple(tokens), last_is_prefix=prefix)


def is_exact(term: str) -> bool:
    """Whether the phrase match is exactly substring containment (else candidates are verified).

    Inner separators longer than an end marker keeps are the only approximation.
    """
    runs = list(_RUN.finditer(term))
    return all(runs[i + 1].start() - m.end() <= MAX_SEPARATOR for i, m in enumerate(runs[:-1]))


def run_tokens(norm: str) -> list[str]:
    """The run tokens of one normalised field: each run of MIN_RUN..MAX_RUN characters, once."""
    runs = {m.group() for m in _RUN.finditer(norm)}
    return sorted(RUN_MARK + r for r in runs if MIN_RUN <= len(r) <= MAX_RUN)


def term_runs(term: str) -> tuple[str, ...]:
    """The run tokens an item containing `term` must hold: its runs bounded on both sides by it."""
    return tuple(
        RUN_MARK + m.group()
        for m in _RUN.finditer(term)
        if m.start() > 0 and m.end() < len(term) and MIN_RUN <= len(m.group()) <= MAX_RUN
    )
