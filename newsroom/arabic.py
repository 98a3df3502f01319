"""Arabic text folded for matching: what readers and spammers vary and nobody sees.

Used by search (articles), comment screening (comments) and place-name matching (imports). The
text readers see is never changed; only copies made for comparison go through `normalize`.
"""

import re
import sys
import unicodedata
from functools import cache

MAX_WORD_CHARS = 40  # longer "words" are noise (URLs, keyboard mashing); PostgreSQL caps at 2 KB

_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

# Character rules, one per line, so the table-driven tests can name each of them.
CHARACTER_MAP = {
    **{ord(c): None for c in "\u0640"},  # tatweel
    **{code: None for code in range(0x064B, 0x0660)},  # tashkeel: fathatan … sukun, and marks up to U+065F
    0x0670: None,  # superscript (dagger) alef
    **{code: None for code in range(0x06D6, 0x06EE)},  # Quranic annotation marks
    **{ord(c): "ا" for c in "أإآٱ"},  # alef forms
    ord("ى"): "ي",  # alef maqsura
    ord("ی"): "ي",  # Persian yeh
    ord("ک"): "ك",  # Persian kaf
    ord("ة"): "ه",  # taa marbuta, for matching only
    # Hamza seats: «مسؤول» and «مسئول» are both written, so every seated hamza becomes a bare one.
    ord("ؤ"): "ء",
    ord("ئ"): "ء",
    **{ord(d): str(i) for i, d in enumerate(_ARABIC_INDIC_DIGITS)},
    **{ord(d): str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
    # Bidi controls and zero-width characters: invisible, but they split or glue words.
    **{ord(c): None for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"},
    **{code: None for code in range(0x202A, 0x202F)},
    **{code: None for code in range(0x2066, 0x206A)},
}

_WORD_RE = re.compile(r"\w+")


@cache
def _combining_marks():
    """A `str.translate` table deleting every combining mark (what `unicodedata.combining` says
    is one): the same as testing each character, at the speed of C."""
    return {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


def normalize(text):
    """`text` as normalised words separated by single spaces (no prefix stripping, no stop words)."""
    text = unicodedata.normalize("NFKC", text or "").translate(CHARACTER_MAP)
    # Latin accents go the same way as Arabic marks: «Région» and «region» are one word.
    text = unicodedata.normalize("NFKD", text).translate(_combining_marks())
    words = (w[:MAX_WORD_CHARS] for w in _WORD_RE.findall(text.casefold().replace("_", " ")))
    return " ".join(words)
