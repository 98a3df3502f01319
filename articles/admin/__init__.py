"""The articles admin, a package of small modules:

- `article`: the article's change form and list (`ArticleAdmin`) and its inlines (`inlines`);
- `workflow`: the desk's states, the buttons and bulk actions that call `articles.workflow`;
- `revisions`: an article's history, word-level diffs and restore;
- `taxonomy`: regions and event tags; `forms` and `conflicts`: the rich-text field and the
  edit-conflict check of the change form.
"""

from .article import ArticleAdmin
from .taxonomy import EventTagAdmin, RegionAdmin

__all__ = ["ArticleAdmin", "EventTagAdmin", "RegionAdmin"]
