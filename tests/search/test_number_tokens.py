"""Number tokens: the digits that begin a run, required by terms that begin a run (both databases)."""

import random
import re
from datetime import date
from importlib import import_module

import pytest
from django.db import connection

from zwgk.search import ngrams
from zwgk.search.index import IndexEntry, index_upsert_many
from zwgk.search.normalise import normalise, parse_query
from zwgk.search.query import search_documents


def test_number_tokens_are_the_leading_digits_of_runs_and_every_run_of_digits():
    text = normalise("大政发[20123]1号，于2012年，2012年度，12")
    # 于2012年 begins with 于; 1号 and 12 have too few digits to lead.
    assert ngrams.number_tokens(text) == [
        *("#201", "#2012", "#20123", "=1", "=12", "=2012", "=20123"),
        *("^发(2012", "^大政发(2012", "^政发(2012"),  # bracket-year tokens: 1–5 letters, 4 digits
    ]
    assert ngrams.number_tokens("0123456789") == [f"#{'0123456789'[:k]}" for k in range(3, 9)]


def _bracket_tokens_by_definition(text):
    """The bracket tokens as the patterns define them: every run of letters before a bracket."""
    years = {
        f"^{letters[-k:]}({digits}"
        for letters, digits in ngrams._BRACKET_YEAR.findall(text)
        for k in range(1, min(len(letters), ngrams.MAX_BRACKET_LETTERS) + 1)
    }
    numbers = {
        f"^{letters[-k:]}({year}){number}号"
        for letters, year, number in ngrams._DOCUMENT_NUMBER.findall(text)
        for k in range(1, min(len(letters), ngrams.MAX_BRACKET_LETTERS) + 1)
    }
    return years | numbers


def _number_tokens_by_definition(text):
    leading = {
        ngrams.NUMBER_MARK + digits[:k]
        for digits in ngrams._LEADING_DIGITS.findall(text)
        for k in range(ngrams.MIN_NUMBER, min(len(digits), ngrams.MAX_NUMBER) + 1)
    }
    exact = {ngrams.EXACT_MARK + d for d in ngrams._DIGITS.findall(text) if len(d) <= ngrams.MAX_EXACT}
    return leading | exact | _bracket_tokens_by_definition(text)


def test_number_tokens_found_in_one_pass_are_those_the_patterns_define():
    """number_tokens reads letters backwards from each bracket and finds leading digits from each
    run of digits; the patterns read forwards and look behind."""
    rnd = random.Random(11)
    pieces = [
        "大政发",
        "政",
        "一",
        "²",
        "_",
        "a",
        "(",
        ")",
        "(2017)",
        "2017",
        "20171",
        "1",
        "123456789",
        "号",
        " ",
        "-",
    ]
    held = 0
    for _ in range(20000):
        doc = normalise("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))))
        tokens = ngrams.number_tokens(doc)
        assert set(tokens) == _number_tokens_by_definition(doc), doc
        assert tokens == sorted(tokens)
        held += any(t.startswith(ngrams.BRACKET_MARK) for t in tokens)
    assert held > 2000, held


def test_isalnum_is_the_lookbehind_class_for_every_code_point():
    word = re.compile(r"[^\W_]")
    assert [c for c in map(chr, range(0x110000)) if bool(word.match(c)) != c.isalnum()] == []


def test_a_term_requires_its_leading_and_its_enclosed_numbers():
    # Terms are normalised: every bracket variant is "(" or ")" here.
    assert ngrams.term_numbers("大政发(2020)1号") == ("^大政发(2020", "^大政发(2020)1号", "=2020", "=1")
    assert ngrams.term_numbers("大政发(2020") == ("^大政发(2020",)  # "#2020" adds nothing to it
    assert ngrams.term_numbers("大政发-2020") == ("#2020",)
    assert ngrams.term_numbers("(2020") == ("#2020",)  # the item may go on: (20201
    assert ngrams.term_numbers("发(20201") == ("^发(2020", "#20201")
    assert ngrams.term_numbers("转发大政公领发(2020") == ("^大政公领发(2020",)  # at most five letters
    assert ngrams.term_numbers("2020年") == ()  # the item's run may begin earlier: 于2020年
    assert ngrams.term_numbers("文号(1)") == ("=1",)  # too few digits to lead, but enclosed
    assert ngrams.term_numbers("编号-0123456789") == ("#01234567",)
    assert ngrams.term_numbers("第123456789号") == ()  # too long to be named exactly


def test_an_item_holds_a_whole_term_token_exactly_when_it_holds_the_term():
    rnd = random.Random(11)
    pieces = ["大政发", "办", "政", "a", "(", "〔", ")", "2017", "2018", "20171", "号", " ", "1"]
    # …and whole numbers, most of them near-misses of each other (1号/27号, 2017/2018, 号 before).
    pieces += [
        f"{a}({y}){n}号" for a in ("大政发", "政", "号", "a") for y in ("2017", "2018") for n in ("1", "27")
    ]
    docs = [normalise("".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))) for _ in range(3000)]
    # Every substring of some documents that is a year's prefix (大政发(2017, 政发(2018, a(2017…)
    # or a whole number (大政发(2017)27号, 号(2018)1号…).
    terms = {
        doc[i:j]
        for doc in docs[:400]
        for i in range(len(doc))
        for j in range(i + 6, min(len(doc), i + 18) + 1)
        if ngrams.whole_term_token(doc[i:j])
    }
    numbers = {t for t in terms if t.endswith("号")}
    assert len(terms) - len(numbers) > 20 and len(numbers) > 20, (len(terms), len(numbers))
    for doc in docs:
        tokens = set(ngrams.number_tokens(doc))
        for term in terms:
            assert (ngrams.whole_term_token(term) in tokens) == (term in doc), (doc, term)


def test_a_year_prefix_of_a_document_number_is_one_token():
    assert ngrams.whole_term_token("大政公领发(2020") == "^大政公领发(2020"
    assert ngrams.whole_term_token("发(2020") == "^发(2020"
    for partial in ("转发大政公领发(2020", "大政发(2020)", "大政发(20201", "大政发(202", "(2020", "2020年"):
        assert ngrams.whole_term_token(partial) is None, partial
    # Both engines ask for that token alone, and for the phrase besides the tokens otherwise.
    assert ngrams.term_match("大政发(2020") == ngrams.TermMatch(tokens=("^大政发(2020",), phrase=None)
    longer = ngrams.term_match("大政发(2020)1号文")
    assert longer.tokens == ("^大政发(2020", "^大政发(2020)1号", "=2020", "=1")
    assert longer.phrase == ngrams.term_phrase("大政发(2020)1号文")


def test_a_whole_document_number_is_one_token():
    assert ngrams.term_match("大政办发(2012)27号") == ngrams.TermMatch(
        tokens=("^大政办发(2012)27号",), phrase=None
    )
    assert ngrams.whole_term_token("号(2013)5号") == "^号(2013)5号"
    # Too many letters to be sure of the token, no 号, or more after it: the phrase decides.
    for partial in (
        "转发大政公领发(2020)1号",
        "大政发(2020)1",
        "大政发(2020)1号文",
        "大政发(2020)123456789号",
    ):
        assert ngrams.whole_term_token(partial) is None, partial
    # The 号 ending one number may begin the letters of the next.
    tokens = ngrams.number_tokens("大政发(2012)27号(2013)5号")
    assert {"^大政发(2012)27号", "^发(2012)27号", "^号(2013)5号", "^号(2013"} <= set(tokens)


@pytest.mark.parametrize(
    ("alphabet", "bracket_terms", "number_terms"),
    [
        (list("0123456789发号年()-.〔〕a "), 0, 0),  # single characters
        # Pieces of document numbers, so that letters, a bracket and four digits meet often.
        (
            ["大政发", "政", "a", "(", "〔", "【", ")", "〕", "2017", "201", "20171", "1", "号", " ", "-"],
            100,
            0,
        ),
        # Whole numbers among them (a term inside one asks for its token).
        (
            ["大政发(2017)1号", "政〔2017〕27号", "号(201)1号", "a(2017)1", "1", "号", "(", " ", "文"],
            100,
            100,
        ),
    ],
)
def test_an_item_holding_a_term_holds_the_numbers_it_requires(alphabet, bracket_terms, number_terms):
    """The rule against `in`, on random text full of digits and separators."""
    rnd = random.Random(7)
    checked = brackets = numbers = 0
    for _ in range(20000):
        doc = normalise("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30))))
        if not doc:
            continue
        a = rnd.randrange(len(doc))
        terms = parse_query(f'"{doc[a : a + rnd.randint(1, 12)]}"').terms
        if not terms:
            continue
        required = set(ngrams.term_numbers(terms[0]))
        assert terms[0] in doc and required <= set(ngrams.number_tokens(doc)), (doc, terms[0])
        checked += bool(required)
        brackets += any(t.startswith(ngrams.BRACKET_MARK) for t in required)
        numbers += any(t.endswith("号") for t in required)
    assert checked > 2000 and brackets >= bracket_terms and numbers >= number_terms, (
        checked,
        brackets,
        numbers,
    )


def _entry(document_id, title, doc_no="", body=""):
    return IndexEntry(
        document_id=document_id,
        organization_code="dl",
        title=title,
        doc_no=doc_no,
        body_text=body,
        published_on=date(2025, 3, 1),
    )


def _ids(q):
    return {h.document_id for h in search_documents(q, page_size=50).hits}


def test_numbers_narrow_without_losing_a_match(db):
    index_upsert_many(
        [
            _entry(1, "关于印发方案的通知", doc_no="大政发〔2020〕1号"),
            _entry(2, "大政发文件汇编", body="2020年度工作总结，大政发〔2021〕3号"),
            _entry(3, "其他", body="依据大政发[20201]1号文件"),
            # Every bigram of 大政发〔2021〕 and both numbers, but not the phrase: not a match.
            _entry(4, "转发", body="根据大政办发（2021）2号和大政发【2022】1号"),
        ]
    )
    assert _ids("大政发〔2020〕") == {1, 3}
    assert _ids("办发〔2021〕") == {4} and _ids("根据大政办发(2021)") == {4}
    assert _ids("〔2020〕1号") == {1}
    assert _ids("大政发[2021]") == {2}
    assert _ids("2020年") == {2}


def test_the_migration_rewrites_existing_rows_with_todays_tokens(db):
    from zwgk.search.models import SearchEntry

    first = IndexEntry(
        document_id=1,
        organization_code="dl",
        organization_name="大连市",
        title="通知",
        doc_no="大政发〔2020〕1号",
        summary="摘要",
        keywords=("港口", "航运"),
        body_text="正文",
        genre="notice",
        subjects=("jt",),
        subject_names=("交通",),
        columns=("zcwj",),
        validity="valid",
        url="/documents/1/",
        index_no="X/2020-00001",
        published_on=date(2025, 3, 1),
        signed_on=date(2025, 2, 27),
    )
    index_upsert_many([first, _entry(2, "2020年度总结")])
    stored = list(SearchEntry.objects.order_by("document_id").values())
    if connection.vendor == "sqlite":
        ascii_tokenizer = import_module("zwgk.search.migrations.0004_ascii_tokenizer")
        ascii_tokenizer._recreate(connection.schema_editor(), ascii_tokenizer.TOKENIZE)
    else:
        from zwgk.search.engine_tsvector import refill

        assert refill(batch=1) == 2
        with connection.cursor() as cursor:
            cursor.execute("SELECT tsv::text, title_tsv::text FROM search_entry WHERE document_id = 1")
            tsv, title_tsv = cursor.fetchone()
        assert "'#2020'" in tsv and "'#2020'" in title_tsv
    assert list(SearchEntry.objects.order_by("document_id").values()) == stored  # nothing else changed
    assert _ids("大政发〔2020〕") == {1}
    assert _ids("2020") == {1, 2}
