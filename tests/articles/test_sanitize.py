from django_prose_editor.config import allowlist_from_extensions

from articles.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, EDITOR_EXTENSIONS, sanitize_html


def test_everything_the_editor_can_produce_survives_cleaning():
    editor = allowlist_from_extensions(EDITOR_EXTENSIONS)

    assert editor["tags"] <= ALLOWED_TAGS
    for tag, attributes in editor["attributes"].items():
        # `rel` is not kept from the browser: the cleaner sets it on every link itself.
        wanted = set(attributes) - {"rel"} if tag == "a" else set(attributes)
        assert wanted <= ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"], tag
    assert set(editor.get("url_schemes", ())) <= {"http", "https", "mailto", "tel"}


def test_links_are_given_safe_rel_and_script_urls_are_dropped():
    html = '<p><a href="https://example.ma" rel="opener">a</a><a href="javascript:alert(1)">b</a></p>'

    assert sanitize_html(html) == (
        '<p><a href="https://example.ma" rel="noopener noreferrer">a</a>'
        '<a rel="noopener noreferrer">b</a></p>'
    )
