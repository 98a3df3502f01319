"""Comment text compared as readers see it, not as spammers type it.

Search's folding (tashkeel, tatweel, alef and hamza forms, presentation forms, invisible
characters, case), then repeated letters squeezed: «كلممممة» is «كلمة».
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

from newsroom.arabic import normalize

# Letters and symbols that draw nothing: the Hangul fillers, and the blank braille pattern.
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LETTER_RUN = re.compile(r"(\w)\1+")
_LINK = re.compile(r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+")


def fold(text):
    return _LETTER_RUN.sub(r"\1", normalize(text))


@lru_cache(maxsize=512)
def _word_pattern(phrase):
    """A whole word or phrase, never a piece of a longer word."""
    words = [re.escape(word) for word in fold(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def contains_phrase(text, phrase):
    return bool(phrase.strip()) and _word_pattern(phrase).search(fold(text)) is not None


def fingerprint(text):
    """Equal for two texts that differ only in what `fold` folds; used to spot duplicates."""
    return hashlib.sha256(fold(text).encode()).hexdigest()


def count_links(text):
    return len(_LINK.findall(text))


def has_visible_character(text):
    """Whether `text` draws anything: a letter, digit, punctuation mark or symbol. Spaces, format
    characters (zero-width, joiners, bidi marks, BOM), lone combining marks and blank look-alikes
    do not count."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LOOKALIKES for char in text)
