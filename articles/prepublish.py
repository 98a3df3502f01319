"""Pre-publish checks: what an editor should look at before publishing, for Arabic copy first.

Warnings never block a save or a publication. Each check is a function `(article, language)`
returning a list of `PrepublishWarning`; `CHECKS` lists them, so adding one is writing a function
and appending it. Checks on running text are written for one piece of copy at a time (headline,
kicker, lead, each body paragraph, caption, alt text, meta description) and lifted to the whole
article by `text_check`.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Article
from .plaintext import html_paragraphs

# Search results cut titles at about 600 px: some 55-65 Latin characters, and Arabic letters in
# the result font are no narrower. Above this, readers of the results page miss the end.
HEADLINE_MAX_CHARS = 65
# A short news brief runs to about 120 words; anything shorter is usually an unfinished draft.
BODY_MIN_WORDS = 120

COPY_FIELDS = ("headline", "kicker", "lead", "body", "meta_description")
ARABIC_LETTER = "[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]"


@dataclass(frozen=True)
class PrepublishWarning:
    code: str
    message: str
    excerpt: str = ""
    field: str = ""
    paragraph: int | None = None
    language: str = ""

    @property
    def location(self):
        if not self.field:
            return ""
        label = str(Article._meta.get_field(self.field).verbose_name)
        if self.paragraph:
            label = _("%(field)s، الفقرة %(number)s") % {"field": label, "number": self.paragraph}
        return label


def copy_segments(article, language):
    """(field, paragraph number or None, text) for every non-empty piece of copy in `language`."""
    for field in COPY_FIELDS:
        value = getattr(article, f"{field}_{language}", "") or ""
        if field == "body":
            for number, paragraph in enumerate(html_paragraphs(value), 1):
                yield field, number, paragraph
        elif value.strip():
            yield field, None, value.strip()


def excerpt(text, start, end, width=30):
    head = "…" if start > width else ""
    tail = "…" if end + width < len(text) else ""
    return f"{head}{text[max(0, start - width) : end + width]}{tail}"


def text_check(find):
    """Make a check over all copy from `find(text, language)` yielding (code, message, start, end)."""

    @functools.wraps(find)
    def check(article, language):
        return [
            PrepublishWarning(code, message, excerpt(text, start, end), field, paragraph, language)
            for field, paragraph, text in copy_segments(article, language)
            for code, message, start, end in find(text, language)
        ]

    return check


# --- Weekday and date -------------------------------------------------------------------------

# Hamza forms are folded to bare alef before matching (one character for one, so offsets hold):
# «الاثنين» and «الإثنين», «ابريل» and «أبريل» are the same word to this check.
FOLD_HAMZA = str.maketrans("أإآٱ", "اااا")
WEEKDAYS = {
    "الاثنين": 0, "الاتنين": 0, "الثلاثاء": 1, "الثلثاء": 1, "الاربعاء": 2, "الخميس": 3,
    "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}  # fmt: skip
WEEKDAY_NAMES = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
# Moroccan, Middle-Eastern (Egyptian/Gulf), Levantine and Algerian-Tunisian month names.
MONTHS = {
    1: ["يناير", "كانون الثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "اذار"],
    4: ["ابريل", "نيسان", "افريل"],
    5: ["ماي", "مايو", "ايار"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليوز", "يوليو", "يوليه", "تموز", "جويلية"],
    8: ["غشت", "اغسطس", "اب", "اوت"],
    9: ["شتنبر", "سبتمبر", "ايلول"],
    10: ["اكتوبر", "تشرين الاول"],
    11: ["نونبر", "نوفمبر", "تشرين الثاني"],
    12: ["دجنبر", "ديسمبر", "كانون الاول"],
}
MONTH_NUMBERS = {name: number for number, names in MONTHS.items() for name in names}


def _alternation(names):
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_MONTH = rf"(?:{_alternation(MONTH_NUMBERS)})(?!\w)"
WEEKDAY_DATE = re.compile(
    rf"(?<!\w)(?:يوم\s+)?(?P<weekday>{_alternation(WEEKDAYS)})(?!\w)\s*[،,]?\s*"
    r"(?:(?:ال)?موافق\s+(?:لـ?\s*)?)?"
    r"(?:(?P<day>\d{1,2}|فاتح)\s*(?:من\s+)?(?:شهر\s+)?(?P<month>" + _MONTH + r")"
    rf"(?:\s*[(/]\s*{_MONTH}\s*\)?)?\s*[،,]?\s*(?:من\s+)?(?:سنة\s+|عام\s+)?(?P<year>\d{{4}})"
    r"|(?P<nday>\d{1,2})\s*[/.-]\s*(?P<nmonth>\d{1,2})\s*[/.-]\s*(?P<nyear>\d{4}))(?!\d)"
)


def _date(match):
    """The date a weekday-date match names, or None when no such day exists."""
    if match["nyear"]:
        day, month, year = int(match["nday"]), int(match["nmonth"]), int(match["nyear"])
    else:
        day = 1 if match["day"] == "فاتح" else int(match["day"])  # int() reads ٢٦ as 26
        month, year = MONTH_NUMBERS[match["month"]], int(match["year"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


@text_check
def weekday_matches_date(text, language):
    """«يوم الجمعة 26 يناير 2023»: 26 January 2023 was a Thursday."""
    for match in WEEKDAY_DATE.finditer(text.translate(FOLD_HAMZA)):
        when = _date(match)
        if when is None:
            yield "date-invalid", _("تاريخ غير موجود في التقويم."), match.start(), match.end()
        elif when.weekday() != WEEKDAYS[match["weekday"]]:
            message = _("هذا التاريخ يوافق يوم %(right)s، لا يوم %(wrong)s.") % {
                "right": WEEKDAY_NAMES[when.weekday()],
                "wrong": WEEKDAY_NAMES[WEEKDAYS[match["weekday"]]],
            }
            yield "weekday-mismatch", message, match.start(), match.end()


# --- Punctuation and spacing ------------------------------------------------------------------

QUOTE_PAIRS = {"«": "»", "“": "”", "‹": "›"}
QUOTE_OPENERS = {closing: opening for opening, closing in QUOTE_PAIRS.items()}


@text_check
def quotes_balanced(text, language):
    """Every « and “ closed by its own » and ”; flags ” … ” and » … « pairs, and strays."""
    mismatched = _("علامتا تنصيص غير متطابقتين: المقصود « … » أو “ … ”.")
    stray = _("علامة تنصيص بلا مقابل: اقتباس لم يُفتح أو لم يُغلق.")
    stack, position = [], 0
    while position < len(text):
        char = text[position]
        if char in QUOTE_PAIRS:
            stack.append(position)
        elif char in QUOTE_OPENERS:
            if stack and QUOTE_PAIRS[text[stack[-1]]] == char:
                stack.pop()
            elif stack:
                yield "quote-mismatched", mismatched, stack.pop(), position + 1
            else:
                # A closing mark opening a quote: ” … ” or » … « (or ” … “) typed for « … ».
                end = _next_of(text, position + 1, (char, QUOTE_OPENERS[char]))
                if end is None:
                    yield "quote-unbalanced", stray, position, position + 1
                else:
                    yield "quote-mismatched", mismatched, position, end + 1
                    position = end
        position += 1
    for start in stack:
        yield "quote-unbalanced", stray, start, start + 1
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2:
        yield "quote-unbalanced", stray, straight[-1], straight[-1] + 1


def _next_of(text, start, chars):
    positions = [text.find(char, start) for char in chars]
    found = [p for p in positions if p != -1]
    return min(found) if found else None


LATIN_TO_ARABIC = {",": "،", ";": "؛", "?": "؟"}
LATIN_PUNCTUATION = re.compile(rf"(?<={ARABIC_LETTER})\s*[,;?]|[,;?](?=\s*{ARABIC_LETTER})")


@text_check
def arabic_punctuation(text, language):
    """A Latin comma, semicolon or question mark touching Arabic words: «،» «؛» «؟» are expected."""
    for match in LATIN_PUNCTUATION.finditer(text):
        mark = match.group().strip()
        message = _("علامة ترقيم لاتينية «%(latin)s» في جملة عربية؛ المقصود «%(arabic)s».") % {
            "latin": mark,
            "arabic": LATIN_TO_ARABIC[mark],
        }
        yield "latin-punctuation", message, match.end() - 1, match.end()


# French sets a space before ; : ! ? and inside guillemets, so only , and . count there.
SPACE_BEFORE = {
    "fr": re.compile(r"(?<=\S)[ \u00a0]+(?:[,،]|\.(?!\.))"),
    None: re.compile(r"(?<=\S)[ \u00a0]+(?:[،؛؟,;:!?]|\.(?!\.))"),
}


@text_check
def no_space_before_punctuation(text, language):
    pattern = SPACE_BEFORE.get(language, SPACE_BEFORE[None])
    for match in pattern.finditer(text):
        message = _("مسافة قبل علامة الترقيم «%(mark)s».") % {"mark": match.group()[-1]}
        yield "space-before-punctuation", message, match.start(), match.end()


@text_check
def no_doubled_spaces(text, language):
    for match in re.finditer(r"(?<=\S)[ \u00a0]{2,}(?=\S)", text):
        yield "doubled-space", _("مسافتان متتاليتان أو أكثر."), match.start(), match.end()


# «لـ 26 يناير», «بـ«الأحرار»»: a tatweel after a one- or two-letter prefix before a number, a
# quotation or a Latin word is correct; anywhere else it is stretching letters for looks.
PREFIX_TATWEEL = re.compile(rf"(?<!\w)[وف]?[بلك]ـ(?!{ARABIC_LETTER})")


@text_check
def no_stray_tatweel(text, language):
    allowed = {match.end() - 1 for match in PREFIX_TATWEEL.finditer(text)}
    for match in re.finditer("ـ+", text):
        if match.start() not in allowed or len(match.group()) > 1:
            yield "stray-tatweel", _("تطويل «ـ» في النص الجاري: يُحذف."), match.start(), match.end()


# --- Whole-article checks ---------------------------------------------------------------------


def region_set(article, language):
    if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE or article.region_id:
        return []
    return [PrepublishWarning("region-missing", _("لم تُحدَّد المنطقة: لن يظهر المقال في صفحات الجهات."))]


def image_has_alt(article, language):
    image = article.lead_image
    if image is None or (getattr(image, f"alt_{language}") or "").strip():
        return []
    message = _("للصورة الرئيسية نص بديل فارغ: من لا يرى الصورة لا يعرف ما فيها.")
    return [PrepublishWarning("image-alt-missing", message, field="lead_image", language=language)]


def headline_fits_search_results(article, language):
    headline = (getattr(article, f"headline_{language}") or "").strip()
    if len(headline) <= HEADLINE_MAX_CHARS:
        return []
    message = _("العنوان %(length)s حرفًا، ونتائج البحث تقطع ما بعد %(limit)s حرفًا تقريبًا.") % {
        "length": len(headline),
        "limit": HEADLINE_MAX_CHARS,
    }
    cut = f"{headline[:HEADLINE_MAX_CHARS]}…"
    return [PrepublishWarning("headline-too-long", message, cut, field="headline", language=language)]


def meta_description_set(article, language):
    if (getattr(article, f"meta_description_{language}") or "").strip():
        return []
    message = _("الوصف لمحركات البحث فارغ: ستختار محركات البحث مقتطفًا بنفسها.")
    return [PrepublishWarning("meta-description-empty", message, field="meta_description", language=language)]


def body_long_enough(article, language):
    words = sum(len(p.split()) for p in html_paragraphs(getattr(article, f"body_{language}")))
    if words >= BODY_MIN_WORDS:
        return []
    message = _("النص قصير: %(words)s كلمة، والحد الأدنى المعقول %(minimum)s كلمة.") % {
        "words": words,
        "minimum": BODY_MIN_WORDS,
    }
    return [PrepublishWarning("body-too-short", message, field="body", language=language)]


CHECKS = [
    weekday_matches_date,
    quotes_balanced,
    arabic_punctuation,
    no_space_before_punctuation,
    no_doubled_spaces,
    no_stray_tatweel,
    region_set,
    image_has_alt,
    headline_fits_search_results,
    meta_description_set,
    body_long_enough,
]


def checked_languages(article):
    """The default language, and every other one the article has a headline in."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    others = [lang for lang in settings.MODELTRANSLATION_LANGUAGES if lang != default]
    return [default, *(lang for lang in others if (getattr(article, f"headline_{lang}") or "").strip())]


def run_checks(article, languages=None):
    """Every warning for `article`, check by check, language by language."""
    return [
        warning
        for language in languages or checked_languages(article)
        for check in CHECKS
        for warning in check(article, language)
    ]
