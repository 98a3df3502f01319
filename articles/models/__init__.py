"""The articles app's models, one module per part of the domain."""

from .article import Article, ArticleAuthor, ArticleQuerySet, EditConflict
from .autosave import Autosave
from .history import ArticleEvent, Correction, CorrectionQuerySet, Revision
from .previews import PreviewLink, PreviewLinkQuerySet
from .search import SearchDocument
from .taxonomy import EventTag, EventTagQuerySet, Region, RegionQuerySet, in_subtree

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleEvent",
    "ArticleQuerySet",
    "Autosave",
    "Correction",
    "CorrectionQuerySet",
    "EditConflict",
    "EventTag",
    "EventTagQuerySet",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "Region",
    "RegionQuerySet",
    "Revision",
    "SearchDocument",
    "in_subtree",
]
