"""Which Moroccan region, prefecture/province or commune a WordPress category names.

Names are compared as keys that forgive how Moroccan sites write them: Arabic or French, alef and
hamza forms, ta marbuta, alef maqsura, tashkeel, tatweel, case, accents, spaces, hyphens and the
article «ال» («أكادير» = «اكادير» = «Agadir», «Souss-Massa» = «سوس ماسة», «Béni Mellal» =
«بني ملال»). A leading «جهة», «إقليم», «عمالة», «جماعة», «مدينة» (or Région, Province, Préfecture,
Commune, Ville) is dropped and used to choose the level.

When one name belongs to several divisions, the highest level wins (region, then prefecture or
province, then commune): «الرباط» is the prefecture, not the commune, unless the category says
«جماعة الرباط» or the region map says otherwise. Several divisions of that same level with one name
(two communes called alike) match nothing, unless another category of the post places one of them.
The region map (`--region-map`, CSV: category slug or name, HCP code) always wins; an empty code
there means "not a place".
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from newsroom.arabic import normalize

from .slugs import decode_slug

DIVISIONS_CSV = Path(__file__).resolve().parents[1] / "articles" / "data" / "morocco_divisions_full.csv"
LEVEL_RANK = {"region": 0, "prefecture": 1, "province": 1, "commune": 2}
_LEVEL_WORDS = {
    "جهه": {"region"}, "region": {"region"},
    "عماله": {"prefecture"}, "prefecture": {"prefecture"},
    "اقليم": {"province"}, "province": {"province"},
    "جماعه": {"commune"}, "بلديه": {"commune"}, "مدينه": {"commune"}, "commune": {"commune"},
    "ville": {"commune"}, "city": {"commune"},
}  # fmt: skip
_LINK_WORDS = {"de", "du", "des", "d", "of", "la", "l"}
_ALT_SEPARATORS = re.compile(r"[|;،]")


@dataclass(frozen=True)
class Division:
    code: str
    level: str
    name_ar: str
    name_fr: str = ""
    name_en: str = ""
    alt_names: tuple = ()
    parent_code: str = ""

    @property
    def names(self):
        return [n for n in (self.name_ar, self.name_fr, self.name_en, *self.alt_names) if n]


def read_divisions(path=DIVISIONS_CSV):
    """The regions, prefectures, provinces and communes of the HCP file the project ships."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Division(
                code=row["code"],
                level=row["level"],
                name_ar=row["name_ar"],
                name_fr=row["name_fr"],
                name_en=row["name_en"],
                alt_names=tuple(
                    n.strip() for n in _ALT_SEPARATORS.split(row.get("name_ar_alt") or "") if n.strip()
                ),
                parent_code=row["parent_code"],
            )
            for row in csv.DictReader(handle)
            if row["level"] in LEVEL_RANK
        ]


def read_region_map(path):
    """A `--region-map` CSV: rows of (category slug or name, HCP code); a header row whose second
    cell is not a code is skipped. Raises ValueError naming the line of a malformed row."""
    mapping = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.reader(handle), start=1):
            if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 2:
                raise ValueError(f"{path}, line {line}: expected 'category,code', got {row!r}")
            category, code = row[0].strip(), row[1].strip()
            if line == 1 and code and not code[0].isdigit():
                continue  # header
            mapping[category] = code
    return mapping


def _words(text):
    words = normalize(text).split()
    return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]


def _join(words):
    # Every «ال» goes, not only a word's first: «الدارالبيضاء» is written without its space too.
    return "".join(words).replace("ال", "")


def place_key(text):
    """«جهة سوس-ماسة» → "جههسوسماسه", "Béni-Mellal" → "benimellal"."""
    return _join(_words(text))


def _hinted_key(text):
    """(key, levels hinted by a leading level word or None)."""
    words = _words(decode_slug(text).replace("-", " ") if "%" in text else text)
    levels = None
    if len(words) > 1 and words[0] in _LEVEL_WORDS:
        levels = _LEVEL_WORDS[words[0]]
        words = words[1:]
        while len(words) > 1 and words[0] in _LINK_WORDS:
            words = words[1:]
    return _join(words), levels


class PlaceMatcher:
    """`match(name, slug)` → Division or None; `most_specific(categories)` for a post."""

    def __init__(self, divisions, overrides=None):
        self.divisions = {d.code: d for d in divisions}
        self._index = {}
        for division in self.divisions.values():
            for name in division.names:
                for key in {place_key(name), _hinted_key(name)[0]}:
                    self._index.setdefault(key, set()).add(division.code)
        self._overrides = {}
        for category, code in (overrides or {}).items():
            if code and code not in self.divisions:
                raise ValueError(f"Region map: {category!r} names an unknown HCP code {code!r}")
            self._overrides[place_key(decode_slug(category).replace("-", " "))] = code or None

    def candidates(self, name, slug=""):
        """Every division `name` (else `slug`) could mean, highest level first; an override gives
        one (or none)."""
        for text in (name, slug):
            if not text:
                continue
            key, levels = _hinted_key(text)
            if key in self._overrides:
                code = self._overrides[key]
                return [self.divisions[code]] if code else []
            found = [self.divisions[c] for c in self._index.get(key, ())]
            if levels:
                found = [d for d in found if d.level in levels] or found
            if found:
                return sorted(found, key=lambda d: (LEVEL_RANK[d.level], d.code))
        return []

    def match(self, name, slug=""):
        """The division a category names, or None (not a place, or ambiguous)."""
        return _pick(self.candidates(name, slug))

    def ancestors(self, division):
        codes = []
        while division.parent_code and division.parent_code in self.divisions:
            division = self.divisions[division.parent_code]
            codes.append(division.code)
        return codes

    def most_specific(self, categories):
        """The deepest division among a post's categories (`ItemTerm`s, `Term`s or (name, slug)
        pairs); among equals, the one the post's other place categories contain, then the first."""
        options = []
        for category in categories:
            name, slug = (category.name, category.slug) if hasattr(category, "name") else category
            found = self.candidates(name, slug)
            if found:
                options.append(found)
        placed = {c for found in options if _pick(found) for c in [_pick(found).code]}
        chosen = []
        for found in options:
            division = _pick(found) or _pick([d for d in _top(found) if set(self.ancestors(d)) & placed])
            if division:
                chosen.append(division)
        if not chosen:
            return None

        def score(pair):
            index, division = pair
            return (LEVEL_RANK[division.level], len(set(self.ancestors(division)) & placed), -index)

        return max(enumerate(chosen), key=score)[1]


def _top(found):
    best = LEVEL_RANK[found[0].level] if found else None
    return [d for d in found if LEVEL_RANK[d.level] == best]


def _pick(found):
    top = _top(found)
    return top[0] if len(top) == 1 else None
