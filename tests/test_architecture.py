"""The dependency direction of docs/architecture.md, held against every import in the code.

`newsroom` (settings and shared helpers) ← `accounts` (staff sign-in); `newsroom` ← `images` (the
media library) ← `articles` ← `authors`, `comments` ← `wordpress` (the importer, which also writes
`redirects`): a lower app reaches
a higher one's models only through relations (`article.comments`, `Article.authors`), never by
importing it, at module level or inside a function.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "newsroom",
    "accounts",
    "images",
    "embeds",
    "articles",
    "authors",
    "comments",
    "redirects",
    "wordpress",
)
# Who may import whom (besides itself).
ALLOWED = {
    "newsroom": {
        "accounts",
        "images",
        "articles",
        "authors",
        "comments",
    },  # only its URLconf, which wires the apps
    "accounts": {"newsroom"},
    "images": {"newsroom"},
    "embeds": {"newsroom"},
    "articles": {"newsroom", "images", "embeds"},  # the body draws its media figures (articles/body.py)
    "authors": {"newsroom", "articles"},
    "comments": {"newsroom", "articles"},
    "redirects": {"newsroom"},  # points at any object through contenttypes, imports none
    "wordpress": {"newsroom", "images", "embeds", "articles", "authors", "comments", "redirects"},
}
MAX_MODULE_LINES = 400
# One settings module by design (grouped under banners); it declares, it does not decide.
SIZE_EXEMPT = {"newsroom/settings.py"}


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top


@pytest.mark.parametrize("app", APPS)
def test_imports_run_one_way(app):
    wrong = {
        (str(path.relative_to(ROOT)), other)
        for path in modules(app)
        for other in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    }
    if app == "newsroom":
        wrong = {(path, other) for path, other in wrong if path != "newsroom/urls.py"}
    assert not wrong


def test_only_the_urlconf_of_newsroom_knows_the_apps():
    for path in modules("newsroom"):
        if path.name != "urls.py":
            assert not set(imported_apps(path)) - {"newsroom"}, path


def test_no_module_grows_past_the_size_of_one_subject():
    long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in modules(app)
        if str(path.relative_to(ROOT)) not in SIZE_EXEMPT
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long
