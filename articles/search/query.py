"""What a reader typed, read into bounded clauses of index terms.

Readers can write `"exact phrase"`, `or` and `-exclusion`; whatever they type, the result is
bounded (MAX_QUERY_CHARS, MAX_QUERY_TERMS), so no input can make the database work harder.
"""

import re
from dataclasses import dataclass, field

from newsroom.arabic import normalize

from .terms import index_terms

MAX_QUERY_CHARS = 200  # longer input is cut: no reader types more, and it bounds the query plan
MAX_QUERY_TERMS = 8


@dataclass
class Clause:
    """One word or "phrase" of a query, already reduced to index terms."""

    terms: list
    negated: bool = False


@dataclass
class ParsedQuery:
    """Clauses in OR groups: any group may match, every positive clause of a group must."""

    groups: list = field(default_factory=list)

    def __bool__(self):
        return any(not c.negated for group in self.groups for c in group)

    @property
    def positive_terms(self):
        return [t for group in self.groups for c in group if not c.negated for t in c.terms]

    def websearch_groups(self):
        """Per OR group, its positive clauses and its excluded ones, as `websearch_to_tsquery` text.

        Exclusions are returned apart so the caller can exclude them under every text-search
        configuration at once (an OR of per-language queries would otherwise let them through).
        """

        def text(clause):
            words = " ".join(clause.terms)
            return f'"{words}"' if len(clause.terms) > 1 else words

        for group in self.groups:
            positive = " ".join(text(c) for c in group if not c.negated)
            excluded = " or ".join(text(c) for c in group if c.negated)
            yield positive, excluded


_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
OR_WORDS = {"or", "او"}


def parse_query(raw):
    """Read what a reader typed; whatever it is, return a bounded, normalised `ParsedQuery`."""
    groups, group, count = [], [], 0
    for match in _TOKEN_RE.finditer((raw or "")[:MAX_QUERY_CHARS]):
        sign, quoted, bare = match.groups()
        if bare is not None and normalize(bare) in OR_WORDS:
            if group:
                groups.append(group)
            group = []
            continue
        negated = sign == "-" or (bare is not None and bare.startswith("-"))
        text = quoted if quoted is not None else bare.lstrip("-")
        terms = index_terms(text)[: MAX_QUERY_TERMS - count]
        if terms:
            group.append(Clause(terms, negated=negated))
            count += len(terms)
        if count >= MAX_QUERY_TERMS:
            break
    if group:
        groups.append(group)
    return ParsedQuery([g for g in groups if any(not c.negated for c in g)])
