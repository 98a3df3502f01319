"""State changes with side effects: every write of an article goes through here.

Writing content (`create_article`, `edit_article`, `save_article`, `restore_revision`) claims the
version, puts the filing journalist on the byline, records the revision and the audit log and
rewrites the search document, whoever calls it: the admin, `load_demo`, importers, tests.
Transitions (`submit_for_review`, `publish`, `withdraw`, …) lock the row, check the actor, change
the status and log it; nothing else changes an article's status. Refusals raise
`PermissionDenied` (wrong person) or `WorkflowError` (wrong state), with a message fit to show.

`by` is the user acting, or None for the system (management commands and imports run by an
operator): no permission check then, and the log names nobody.
"""

from .content import (
    WORKFLOW_FIELDS,
    add_to_byline,
    create_article,
    delete_articles,
    delete_subjects,
    edit_article,
    restore_revision,
    save_article,
    save_subject,
)
from .imports import import_article, import_articles
from .rules import Action, Status, WorkflowError, can_edit, editor_has_acted, is_author, is_editor, record
from .transitions import (
    close_comments,
    create_preview_link,
    open_comments,
    publish,
    revoke_preview_link,
    send_back_to_draft,
    submit_for_review,
    withdraw,
    withdraw_submission,
)

__all__ = [
    "WORKFLOW_FIELDS",
    "Action",
    "Status",
    "WorkflowError",
    "add_to_byline",
    "can_edit",
    "close_comments",
    "create_article",
    "create_preview_link",
    "delete_articles",
    "delete_subjects",
    "edit_article",
    "editor_has_acted",
    "import_article",
    "import_articles",
    "is_author",
    "is_editor",
    "open_comments",
    "publish",
    "record",
    "restore_revision",
    "revoke_preview_link",
    "save_article",
    "save_subject",
    "send_back_to_draft",
    "submit_for_review",
    "withdraw",
    "withdraw_submission",
]
