from pathlib import Path

import pytest
from PIL import Image as Picture

DATA = Path(__file__).parent / "data"
WP_NAMESPACES = (
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:wp="http://wordpress.org/export/1.2/"'
)


def wxr(body, *, version="<wp:wxr_version>1.2</wp:wxr_version>", namespaces=WP_NAMESPACES):
    """A WXR document around `body` (channel children)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" {namespaces}>\n<channel>\n<title>Test</title>\n{version}\n'
        "<wp:base_site_url>https://www.example.ma</wp:base_site_url>\n"
        f"{body}\n</channel>\n</rss>\n"
    )


def item(post_id, *, extra="", content="نص", post_type="post"):
    return (
        f"<item><title>Item {post_id}</title><dc:creator>fatima</dc:creator>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_type>{post_type}</wp:post_type>"
        f"<wp:post_date>2024-03-05 10:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2024-03-05 09:00:00</wp:post_date_gmt>"
        f"<wp:status>publish</wp:status>{extra}</item>"
    )


def comment(comment_id, *, parent=0, approved="1", comment_type="comment"):
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[قارئ {comment_id}]]></wp:comment_author>"
        f"<wp:comment_date_gmt>2024-03-05 10:{comment_id % 60:02d}:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[تعليق رقم {comment_id}]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{comment_type}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


@pytest.fixture
def write_wxr(tmp_path):
    def write(text, name="export.xml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def souss_massa(db):
    """The Souss-Massa region and everything under it, as load_regions writes them (the whole
    country takes seconds; the tests need one region)."""
    from articles.management.commands.load_regions import DATA_FILE, Command, read_divisions

    rows = [row for row in read_divisions(DATA_FILE) if row["code"] == "09" or row["code"].startswith("09.")]
    Command().load(rows)


@pytest.fixture
def import_wxr(tmp_path):
    """`import_wxr(path, *flags)` runs the command as an operator would; returns its stdout."""
    from io import StringIO

    from django.core.management import call_command

    def run(path, *flags):
        out = StringIO()
        call_command(
            "import_wxr",
            str(path),
            *flags,
            "--no-progress",
            "--problems",
            str(tmp_path / "problems.csv"),
            stdout=out,
            stderr=StringIO(),
        )
        return out.getvalue()

    return run


def picture(path, color="teal"):
    """A small real JPEG at `path`, as a WordPress uploads folder holds them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Picture.new("RGB", (60, 40), color).save(path, "JPEG")


@pytest.fixture
def uploads(tmp_path):
    """The copied wp-content/uploads folder of site.xml, with the port photo only."""
    folder = tmp_path / "uploads"
    picture(folder / "2024" / "03" / "port.jpg")
    return folder
