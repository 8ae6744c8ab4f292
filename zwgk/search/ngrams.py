"""The index tokens: overlapping character bigrams, plus number tokens (pure, no Django).

Every character of a normalised field starts one token: itself and the character after it (a
space becomes "␣", the field's last character pairs with "␣"). A query term (which starts and ends
with a letter, digit or ideograph: normalise.strip_separators) becomes the phrase of the tokens
starting at each of its characters but the last, so the phrase matches exactly where the term
occurs: adjacent bigrams are contiguous text, punctuation included ("大政发[2020]1号", "PM2.5").
A one-character term matches as the prefix of a token.

Numbers are also indexed whole, as *number tokens* without positions: "#2012" says that some run
of letters/digits/ideographs begins with the digits 2012 (a run starting "20123" gives "#201",
"#2012" and "#20123"). A term whose run begins after a separator inside the term ("大政发[2012")
then asks for that number token too, which the index answers at once, while the year's bigrams
alone occur in nearly every item: the phrase would otherwise read and compare the positions of a
large part of the library (seconds at a million items).

*Exact-digits tokens* ("=86") name every whole run of digits (up to eight) in a field, whatever
surrounds it; a term asks for one when its digits have a non-digit on both sides inside the term
(〔2014〕86号: "=2014", "=86"). A full document number is then found among the few items holding
both numbers instead of every item holding its common bigrams (TOKENS_VERSION 3).

*Bracket-year tokens* ("^政发(2017") name the last one to five letters or ideographs before an
opening bracket together with the first four digits after it: a year's document-number prefix
(大政发〔2017〕, normalised 大政发(2017) asks for "^大政发(2017", which only that agency's numbers
of that year hold. Its bigrams and "#2017" alone are held by every item that cites any 2017
document and names 大政发 anywhere, each of which the phrase must then check. Such a term is
the token: an item holds one exactly when it holds the term (whole_term_token), so the engines
ask for the token alone (term_match; TOKENS_VERSION 4).

*Document-number tokens* ("^办发(2012)27号") go on to the closing bracket, the whole run of
digits after it and 号: a full number (大政办发〔2012〕27号) is then one token as well, where
its bigrams, "=2012" and "=27" were held by every item citing any 2012 number of that agency
and naming a 27 anywhere (~5,000 candidates at a million items, each checked for the phrase:
0.2–0.3 s; TOKENS_VERSION 5).

Bigrams rather than words: segmentation misses words it cuts differently (≈17% of queries miss
with words alone); bigrams rather than trigrams: two-character queries (教育, 医保) are common.
The same tokens serve SQLite FTS5 (space-separated, every other printable character a token
character) and PostgreSQL (a tsvector literal built here, positions assigned here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import add

TOKENS_VERSION = 5  # bump when tokens change: existing index rows must then be rebuilt
_SPACE_MARK = "␣"  # stands for a space inside a token (spaces split index tokens)
FIELD_BREAK = "|"  # a one-character token between two fields in one column: no phrase spans it
NUMBER_MARK = "#"  # starts a number token; no bigram is three characters long
MIN_NUMBER, MAX_NUMBER = 3, 8  # digits in a number token: "#20" would be in every item
# Digits that begin a run (not preceded by a letter, digit or ideograph).
_LEADING_DIGITS = re.compile(rf"(?<![^\W_])[0-9]{{{MIN_NUMBER},}}")
EXACT_MARK = "="  # starts an exact-digits token: some run of digits is exactly these
MAX_EXACT = 8  # longer runs get no exact token
_DIGITS = re.compile(r"[0-9]+")
BRACKET_MARK = "^"  # starts a bracket-year token
MAX_BRACKET_LETTERS = 5  # 大政公领发〔2020〕 is one token: the prefixes of this city's numbers
# A run of letters/ideographs, the opening bracket every variant folds to, four digits.
_BRACKET_YEAR = re.compile(r"([^\W\d_]+)\(([0-9]{4})")
# …then the closing bracket, a whole run of digits and 号 (not consumed: it may begin the next
# number's letters, as in 1号(2013)).
_DOCUMENT_NUMBER = re.compile(rf"([^\W\d_]+)\(([0-9]{{4}})\)([0-9]{{1,{MAX_EXACT}}})(?=号)")
# Both, found from their bracket in an item's field: a pattern that begins with the run of letters
# is tried at every character and walks each run of ideographs to its end (~1 ms a body, most of
# the time it took to cut an item into tokens); the bracket is a literal the engine skips to.
# Only the last MAX_BRACKET_LETTERS letters make tokens, so the run is read backwards that far.
_BRACKET_DIGITS = re.compile(rf"\(([0-9]{{4}})(?:\)([0-9]{{1,{MAX_EXACT}}})(?=号))?")
_LETTER = re.compile(r"[^\W\d_]")


def text_tokens(norm: str) -> list[str]:
    """Index tokens of one normalised field, in position order (the window at each character)."""
    if not norm:
        return []
    text = norm.replace(" ", _SPACE_MARK)
    return list(map(add, text, text[1:] + _SPACE_MARK))


@dataclass(frozen=True)
class Phrase:
    """The tokens a term must match at consecutive positions; the last one maybe as a prefix."""

    tokens: tuple[str, ...]
    last_is_prefix: bool


def term_phrase(term: str) -> Phrase:
    text = term.replace(" ", _SPACE_MARK)
    if len(text) == 1:
        return Phrase(tokens=(text,), last_is_prefix=True)
    return Phrase(tokens=tuple(text[i : i + 2] for i in range(len(text) - 1)), last_is_prefix=False)


def number_tokens(norm: str) -> list[str]:
    """The number tokens of one normalised field, each once: leading digits and exact digits."""
    found: set[str] = set()
    # One pass over the runs of digits gives the tokens of _LEADING_DIGITS and _DIGITS (a test
    # compares): a pattern that begins with a lookbehind is tried at every character, and took
    # half the time of this function. `isalnum` is exactly the lookbehind's [^\W_].
    for m in _DIGITS.finditer(norm):
        digits = m.group()
        if len(digits) <= MAX_EXACT:
            found.add(EXACT_MARK + digits)
        start = m.start()
        if len(digits) >= MIN_NUMBER and (start == 0 or not norm[start - 1].isalnum()):
            longest = min(len(digits), MAX_NUMBER)
            found.update([NUMBER_MARK + digits[:k] for k in range(MIN_NUMBER, longest + 1)])
    for m in _BRACKET_DIGITS.finditer(norm):
        # The same tokens as _BRACKET_YEAR and _DOCUMENT_NUMBER over the field (a test compares).
        start = end = m.start()
        while start > 0 and end - start < MAX_BRACKET_LETTERS and _LETTER.match(norm, start - 1):
            start -= 1
        year, number = m.groups()
        for k in range(1, end - start + 1):
            found.add(f"{BRACKET_MARK}{norm[end - k : end]}({year}")
            if number is not None:
                found.add(_document_number(norm[end - k : end], year, number))
    return sorted(found)


def _document_number(letters: str, year: str, number: str) -> str:
    return f"{BRACKET_MARK}{letters}({year}){number}号"


def term_numbers(term: str) -> tuple[str, ...]:
    """The number tokens an item containing `term` must hold.

    For a run begun after a separator inside the term, the item's run there begins with the same
    digits, maybe followed by more ("[2012" occurs in "[20123]"), so the token of the term's
    digits (at most MAX_NUMBER of them) is always there; for digits enclosed by the term, the
    item's run is exactly those digits. Letters before a bracket and four digits after it are
    the end of the item's run of letters there, and the start of its digits.
    """
    brackets = tuple(
        f"{BRACKET_MARK}{letters[-MAX_BRACKET_LETTERS:]}({digits}"
        for letters, digits in _BRACKET_YEAR.findall(term)
    ) + tuple(
        _document_number(letters[-MAX_BRACKET_LETTERS:], year, number)
        for letters, year, number in _DOCUMENT_NUMBER.findall(term)
    )
    leading = tuple(
        NUMBER_MARK + digits[:MAX_NUMBER]
        for m in _LEADING_DIGITS.finditer(term)
        if m.start() > 0 and not _bracket_year_implies(term, m)
        for digits in [m.group()]
    )
    # Digits with a non-digit on both sides inside the term are a whole run in the item too:
    # 〔2014〕86号 asks for "=86", which few items hold, where the bigrams 86 and 6号 are common.
    exact = tuple(
        EXACT_MARK + m.group()
        for m in _DIGITS.finditer(term)
        if m.start() > 0 and m.end() < len(term) and len(m.group()) <= MAX_EXACT
    )
    return brackets + leading + exact


def token_digits(token: str) -> str:
    """The number a number token names: "#2021" and "=2021" → "2021"; a bracket token ("^政发(2021",
    "^政发(2021)5号") → the four digits after its bracket, the year of a document number."""
    if token.startswith(BRACKET_MARK):
        return token.split("(", 1)[1][:4]
    return token[1:]


def whole_term_token(term: str) -> str | None:
    """The token an item holds exactly when it contains `term`, if there is one.

    "大政发(2017" is the end of a run of letters, a bracket and the start of a run of digits:
    the item's token "^大政发(2017" says just that, so no phrase need be checked; likewise
    "大政发(2017)5号" and its token "^大政发(2017)5号".
    """
    if (m := _BRACKET_YEAR.fullmatch(term)) is not None and len(m.group(1)) <= MAX_BRACKET_LETTERS:
        return f"{BRACKET_MARK}{m.group(1)}({m.group(2)}"
    # The match stops before 号 (the lookahead): the whole term is the match and that 号.
    m = _DOCUMENT_NUMBER.match(term)
    if m is not None and m.end() == len(term) - 1 and len(m.group(1)) <= MAX_BRACKET_LETTERS:
        return _document_number(*m.groups())
    return None


@dataclass(frozen=True)
class TermMatch:
    """What an item containing a term holds: positionless tokens, and the phrase unless they decide."""

    tokens: tuple[str, ...]
    phrase: Phrase | None


def term_match(term: str) -> TermMatch:
    """The one definition both engines render into their query syntax."""
    if (token := whole_term_token(term)) is not None:
        return TermMatch(tokens=(token,), phrase=None)
    return TermMatch(tokens=term_numbers(term), phrase=term_phrase(term))


def _bracket_year_implies(term: str, digits: re.Match[str]) -> bool:
    """Whether a bracket-year token of `term` already requires this run's leading-digits token.

    Each lexeme costs the PostgreSQL recheck a lookup per candidate; "#2017" adds nothing to
    "^政发(2017" (a longer run, "#20171", still does).
    """
    start = digits.start()
    return len(digits.group()) == 4 and start >= 2 and bool(_BRACKET_YEAR.match(term, start - 2))
