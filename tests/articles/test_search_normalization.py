"""One row per normalisation rule: what a reader may type on the left, what is indexed on the right."""

import pytest

from articles.search.query import parse_query
from articles.search.terms import document_text, index_terms, strip_prefix
from newsroom.arabic import normalize

NORMALIZE_CASES = [
    # rule, input, expected
    ("tashkeel removed", "مَرَّاكُش", "مراكش"),
    ("tanween and sukun removed", "كتابًا مُدْرَسَةٌ", "كتابا مدرسه"),
    ("superscript alef removed", "هٰذا", "هذا"),
    ("tatweel removed", "كتـــاب", "كتاب"),
    ("alef with hamza above", "أكادير", "اكادير"),
    ("alef with hamza below", "إداوتنان", "اداوتنان"),
    ("alef with madda", "آسفي", "اسفي"),
    ("alef wasla", "ٱلعربية", "العربيه"),
    ("alef maqsura to yeh", "الدورى", "الدوري"),
    ("taa marbuta to heh", "الرقمنة", "الرقمنه"),
    ("hamza on waw", "مسؤول", "مسءول"),
    ("hamza on yeh", "رئيس", "رءيس"),
    ("either seat, one word", "مسئول", "مسءول"),
    ("arabic-indic digits", "٢٠٢٣", "2023"),
    ("persian digits", "۲۰۲۳", "2023"),
    ("persian yeh and kaf", "کتابی", "كتابي"),
    ("presentation forms", "ﻻ ﺍﻟﺴﻼﻡ", "لا السلام"),
    ("right-to-left and left-to-right marks", "\u200fأكادير\u200e", "اكادير"),
    ("bidi embeddings and isolates", "\u202bسوس\u202c \u2067ماسة\u2069", "سوس ماسه"),
    ("zero-width joiners and spaces", "تغا\u200dزو\u200bت\u200c", "تغازوت"),
    ("arabic letter mark", "\u061cاكادير", "اكادير"),
    ("punctuation splits words", "سوس-ماسة، «الرقمنة»!", "سوس ماسه الرقمنه"),
    ("latin case and accents", "Région Souss-Massa", "region souss massa"),
    ("empty", "", ""),
    ("only marks and controls", "\u064e\u200f\u0640", ""),
]


@pytest.mark.parametrize(("rule", "text", "expected"), NORMALIZE_CASES, ids=[c[0] for c in NORMALIZE_CASES])
def test_normalize(rule, text, expected):
    assert normalize(text) == expected


PREFIX_CASES = [
    ("waw + article", "والرقمنه", "رقمنه"),
    ("article", "الرقمنه", "رقمنه"),
    ("bi + article", "بالمغرب", "مغرب"),
    ("ka + article", "كالعاده", "عاده"),
    ("fa + article", "فالمشروع", "مشروع"),
    ("lil", "للمراه", "مراه"),
    ("wa + lil", "وللشباب", "شباب"),
    ("bi", "بدمج", "دمج"),
    ("wa", "وتنان", "تنان"),
    ("fa", "فقرر", "قرر"),
    ("li", "لتسهيل", "تسهيل"),
    ("short word kept: fes", "فاس", "فاس"),
    ("short word kept: sea", "بحر", "بحر"),
    ("article on a two-letter rest kept", "الم", "الم"),
    ("no prefix", "مراكش", "مراكش"),
    ("latin untouched", "bal", "bal"),
]


@pytest.mark.parametrize(("rule", "word", "expected"), PREFIX_CASES, ids=[c[0] for c in PREFIX_CASES])
def test_strip_prefix(rule, word, expected):
    assert strip_prefix(word) == expected


STOP_WORD_CASES = [
    ("arabic stop words dropped", "حملة في أكادير من أجل الرقمنة", ["حمله", "اكادير", "رقمنه"]),
    ("stop word with a prefix dropped", "وفي تغازوت", ["تغازوت"]),
    ("french stop words dropped", "la campagne de sensibilisation", ["campagne", "sensibilisation"]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), STOP_WORD_CASES, ids=[c[0] for c in STOP_WORD_CASES])
def test_stop_words(rule, text, expected):
    assert index_terms(text) == expected


def test_query_and_document_meet_on_the_same_terms():
    document = document_text("حملة حول «السجل الاجتماعي الموحد والرقمنة» بأكادير")
    for query in ("والرقمنة", "الرقمنه", "رقمنة", "باكادير", "أكادير", "السجل الاجتماعي الموحّد"):
        assert set(parse_query(query).positive_terms) <= set(document.split()), query


def test_document_text_reads_html_without_gluing_paragraphs():
    assert document_text("<p>الرقمنة</p><p>ويندرج</p>", html_input=True) == "رقمنه يندرج"


QUERY_CASES = [
    ("words", "السجل الاجتماعي", [("سجل اجتماعي", "")]),
    ("phrase", '"السجل الاجتماعي" أكادير', [('"سجل اجتماعي" اكادير', "")]),
    ("or", "تغازوت or أكادير", [("تغازوت", ""), ("اكادير", "")]),
    ("arabic or", "تغازوت أو أكادير", [("تغازوت", ""), ("اكادير", "")]),
    ("exclusion", "أكادير -تغازوت", [("اكادير", "تغازوت")]),
    ("excluded phrase", 'أكادير -"سوس ماسة"', [("اكادير", '"سوس ماسه"')]),
    ("hyphenated name is a phrase", "سوس-ماسة", [('"سوس ماسه"', "")]),
    ("unbalanced quote", '"السجل الاجتماعي', [('"سجل اجتماعي"', "")]),
    ("sql-looking", "' OR 1=1 --", [('"1 1"', "")]),
]


@pytest.mark.parametrize(("rule", "query", "expected"), QUERY_CASES, ids=[c[0] for c in QUERY_CASES])
def test_parse_query(rule, query, expected):
    assert list(parse_query(query).websearch_groups()) == expected


NOTHING_TO_FIND = ["", "   ", "-", "--", '"', '""', "-أكادير", "or", "😀", "في من على", "\u200f"]


@pytest.mark.parametrize("query", NOTHING_TO_FIND)
def test_queries_with_nothing_to_find_are_empty(query):
    assert not parse_query(query)


def test_query_size_is_capped():
    parsed = parse_query("كلمة " * 5000)
    assert len(parsed.positive_terms) == 8
    assert len(parse_query("ب" * 10000).positive_terms[0]) <= 40
