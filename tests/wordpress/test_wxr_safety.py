"""Hostile and broken exports: refused with a clear error, or read around with --recover."""

from pathlib import Path

import pytest

from tests.wordpress.conftest import DATA, item, wxr
from wordpress.records import Item
from wordpress.wxr import WXRFormatError, WXRReader, WXRSecurityError, WXRSyntaxError, scan


def read_all(path, **options):
    reader = WXRReader(path, **options)
    return list(reader), reader


@pytest.mark.parametrize("read", [read_all, scan], ids=["reader", "scan"])
def test_billion_laughs_is_refused_before_anything_is_read(read):
    with pytest.raises(WXRSecurityError) as error:
        read(DATA / "bomb-billion-laughs.xml")
    assert "Refused" in str(error.value)


def test_billion_laughs_is_refused_in_recover_mode_too():
    with pytest.raises(WXRSecurityError):
        read_all(DATA / "bomb-billion-laughs.xml", recover=True)


def test_quadratic_blowup_is_refused(write_wxr):
    entity = "x" * 50_000
    body = f"<item><title>{'&a;' * 20_000}</title><wp:post_id>1</wp:post_id></item>"
    document = wxr(body).replace(
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY a "{entity}">]>\n',
    )
    with pytest.raises(WXRSecurityError) as error:
        read_all(write_wxr(document))
    assert "Refused" in str(error.value)


def test_external_entities_are_never_loaded():
    hostname = Path("/etc/hostname")
    with pytest.raises(WXRSecurityError) as error:
        read_all(DATA / "bomb-external-entity.xml")
    assert "DTD" in str(error.value)
    if hostname.exists():
        assert hostname.read_text(encoding="utf-8").strip() not in str(error.value)


def test_any_doctype_is_refused_as_wordpress_never_writes_one(write_wxr):
    document = wxr(item(1)).replace("<rss", "<!DOCTYPE rss>\n<rss", 1)
    with pytest.raises(WXRSecurityError, match="declares a DTD"):
        scan(write_wxr(document))


def test_excessive_nesting_is_refused(write_wxr):
    deep = "<div>" * 300 + "x" + "</div>" * 300
    with pytest.raises(WXRSecurityError, match="depth"):
        read_all(write_wxr(wxr(f"<item><wp:post_id>1</wp:post_id>{deep}</item>")))


def test_malformed_file_error_names_line_and_column():
    with pytest.raises(WXRSyntaxError) as error:
        scan(DATA / "malformed.xml")
    assert (error.value.line, error.value.column) == (14, 23)
    message = str(error.value)
    assert message.startswith("Not well-formed XML at line 14, column 23: Entity 'nbsp' not defined.")
    assert "--recover" in message


def test_the_reader_meets_a_fault_where_it_is_so_scan_first_for_all_or_nothing():
    reader = WXRReader(DATA / "malformed.xml")
    seen = []
    with pytest.raises(WXRSyntaxError):
        seen.extend(reader)
    assert [r.id for r in seen if isinstance(r, Item)] == [1]


def test_recover_reads_what_it_can_and_reports_every_skipped_part():
    records, reader = read_all(DATA / "malformed.xml", recover=True)
    posts = [r for r in records if isinstance(r, Item)]
    assert [p.id for p in posts] == [1, 2, 3]
    assert posts[2].title == "Third, fine again"
    assert [(p.code, p.line, p.column) for p in reader.problems] == [("xml-skipped", 14, 23)]
    assert "Entity 'nbsp' not defined" in reader.problems[0].message


def test_recover_reports_a_truncated_file(write_wxr):
    document = wxr(item(1) + item(2)).split("</channel>")[0][:-60]
    records, reader = read_all(write_wxr(document), recover=True)
    posts = [r for r in records if isinstance(r, Item)]
    # The cut-off item is read as far as it goes: its id, not its status.
    assert [(p.id, p.status) for p in posts] == [(1, "publish"), (2, "")]
    assert reader.problems and all(p.code == "xml-skipped" for p in reader.problems)
    assert any("Premature end of data" in p.message for p in reader.problems)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("<html><body>not an export</body></html>", "root element is <html>"),
        ('<rss version="2.0"><title>no channel</title></rss>', "there is no <rss><channel>"),
        ('<rss version="2.0"><channel><title>Plain RSS</title><item><title>x</title></item></channel></rss>',
         "no WordPress (wp:) namespace"),
    ],
)  # fmt: skip
def test_files_that_are_not_wordpress_exports(write_wxr, document, message):
    path = write_wxr(document)
    for read in (read_all, scan):
        with pytest.raises(WXRFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
            read(path)


def test_memory_stays_flat_each_channel_child_is_dropped_once_read(write_wxr):
    body = "".join(item(n, content="نص " * 200) for n in range(1, 2001))
    reader = WXRReader(write_wxr(wxr(body)))
    held = {}
    for record in reader:
        if isinstance(record, Item):
            children = list(reader._stream._channel)
            held[record.id] = len(children)
            # Nothing already read is kept: the channel holds the current item first, then only
            # what the parser has read ahead within its current 32 KB chunk.
            first_id = next(c.text for c in children[0] if c.tag.endswith("post_id"))
            assert int(first_id) == record.id
    assert max(held.values()) < 60
    assert max(held[n] for n in range(1801, 2001)) <= max(held[n] for n in range(1, 201)) + 1


def test_a_field_over_ten_megabytes_is_refused_with_a_hint(write_wxr):
    with pytest.raises(WXRSyntaxError, match="over 10 MB") as error:
        scan(write_wxr(wxr(item(1, content="ب" * 5_500_000))))
    assert error.value.line == 7
