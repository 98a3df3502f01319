"""The generated text: news-like Arabic from the demo's vocabulary, with each piece's index terms.

Function words by Zipf's law, content words by a flatter Zipf, a topic of a dozen words per article
that its headline and lead are mostly drawn from, attached prefixes (و ب ال وال بال لل) on a share
of words. Bodies are a few paragraphs from a pool written the same way, so 100,000 articles take
seconds of Python, not minutes. Each word's index terms are computed once (`terms.index_terms`),
so the search documents are exactly what the write path would store, at a fraction of the cost.
"""

import json
import random
import re
from itertools import accumulate
from pathlib import Path

from newsroom.arabic import normalize

from ..models import Region
from ..search.terms import index_terms, stop_words

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PREFIXES = ["", "", "", "", "ال", "ال", "و", "ب", "وال", "بال", "لل"]


def vocabulary(regions=400):
    """Function words (most frequent first) and content words of the demo articles, tags and the
    first `regions` region names (None: all; bench/search.py's corpus uses all)."""
    texts = [(DATA_DIR / "seed_article.txt").read_text(encoding="utf-8")]
    demo = json.loads((DATA_DIR / "demo_articles.json").read_text(encoding="utf-8"))
    for row in [*demo["articles"], *demo["tags"]]:
        for key, value in row.items():
            if key.endswith("_ar"):
                texts.append(" ".join(value) if isinstance(value, list) else value)
    texts += list(Region.objects.values_list("name_ar", flat=True)[:regions])
    counts = {}
    for word in re.findall(r"[\u0621-\u0652\u0671-\u06D3]+", " ".join(texts)):
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)
    function = [w for w in words if normalize(w) in stop_words()]
    content = [w for w in words if normalize(w) not in stop_words() and len(w) > 2]
    return function, content


class Writer:
    """News-like Arabic text and, for each piece, its index terms (see the module docstring)."""

    def __init__(self, seed, paragraphs=4000):
        self.random = random.Random(seed)
        self.function, content = vocabulary()
        self.content = content[:]
        self.random.shuffle(self.content)
        self.function_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.function))))
        self.content_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.content))))
        forms = {self.inflect(w, p) for w in self.content for p in PREFIXES} | set(self.function)
        self.keys = {word: " ".join(index_terms(word)) for word in forms}
        self.paragraphs = [self.paragraph() for _ in range(paragraphs)]

    @staticmethod
    def inflect(word, prefix):
        bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
        return prefix + bare if prefix else word

    def words(self, n, topic, topic_share):
        r = self.random
        function = r.choices(self.function, cum_weights=self.function_weights, k=n)
        content = r.choices(self.content, cum_weights=self.content_weights, k=n)
        prefixes = r.choices(PREFIXES, k=n)
        out = []
        for i, roll in enumerate(r.random() for _ in range(n)):
            if roll < 0.35:
                out.append(function[i])
            else:
                word = r.choice(topic) if roll < 0.35 + topic_share else content[i]
                out.append(self.inflect(word, prefixes[i]))
        return " ".join(out)

    def key_text(self, text):
        return " ".join(k for k in (self.keys.get(w) for w in text.rstrip(".").split()) if k)

    def paragraph(self):
        text = self.words(self.random.randint(30, 80), self.random.sample(self.content, 12), 0.2) + "."
        return f"<p>{text}</p>", self.key_text(text)

    def article(self):
        """(headline, lead, body HTML, {part: index terms}) of one article."""
        r = self.random
        topic = r.sample(self.content, 12)
        headline = self.words(r.randint(7, 14), topic, 0.5)
        lead = self.words(r.randint(18, 40), topic, 0.3) + "."
        body = r.sample(self.paragraphs, r.randint(3, 7))
        keys = {"headline": self.key_text(headline), "lead": self.key_text(lead)}
        keys["body"] = " ".join(k for _html, k in body if k)
        return headline, lead, "".join(html for html, _k in body), keys
