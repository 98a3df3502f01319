import pytest

from wordpress.media import (
    OldSite,
    UploadIndex,
    contract_size,
    embed_provider,
    embed_url_from_iframe,
    logical_align,
    upload_key,
)
from wordpress.phpserial import php_unserialize
from wordpress.records import Item
from wordpress.slugs import decode_slug


@pytest.mark.parametrize(
    "value",
    [
        "%d8%a7%d9%84%d8%b1%d8%a8%d8%a7%d8%b7",
        "%D8%A7%D9%84%D8%B1%D8%A8%D8%A7%D8%B7",
        "%d8%a7%D9%84%d8%B1%d8%a8%D8%a7%d8%b7",
        "الرباط",
    ],
)
def test_percent_encoded_arabic_slugs_decode_whatever_the_case(value):
    assert decode_slug(value) == "الرباط"


def test_slug_decoding_never_asciifies_and_survives_a_cut_off_letter():
    assert decode_slug("%d8%a3%d9%83%d8%a7%d8%af%d9%8a%d8%b1-2024") == "أكادير-2024"
    assert decode_slug("agadir-inaugure") == "agadir-inaugure"
    assert decode_slug("%d8%a7%d9%84%d8") == "ال"  # the last letter was cut in half
    assert decode_slug("%d8%a7%d9%84%d") == "ال"
    assert decode_slug("") == ""


@pytest.mark.parametrize(
    "value",
    [
        "https://www.example.ma/wp-content/uploads/2024/03/photo.jpg",
        "http://example.ma/wp-content/uploads/2024/03/photo-300x200.jpg",
        "/wp-content/uploads/2024/03/photo-1024x683.jpg?ver=3",
        "//cdn.example/wp-content/uploads/2024/03/photo-scaled.jpg",
        "https://i0.wp.com/www.example.ma/wp-content/uploads/2024/03/photo-e1612345678901-150x150.jpg",
        "2024/03/photo-scaled.jpg",
        "2024/03/photo.jpg",
    ],
)
def test_every_copy_of_an_upload_has_one_key(value):
    assert upload_key(value) == "2024/03/photo.jpg"


def test_upload_keys_of_arabic_file_names_and_non_uploads():
    assert (
        upload_key("/wp-content/uploads/2024/03/%D8%B5%D9%88%D8%B1%D8%A9-300x200.png") == "2024/03/صورة.png"
    )
    assert upload_key("https://example.ma/about/") is None
    assert upload_key("data:image/png;base64,AAA") is None
    assert upload_key("") is None


def test_old_site_hosts():
    site = OldSite(("https://www.example.ma", "https://www.example.ma/blog"), extra_hosts=["old.example"])
    assert site.is_upload("http://example.ma/wp-content/uploads/a.jpg")
    assert site.is_upload("/wp-content/uploads/a.jpg")
    assert site.is_upload("https://old.example/wp-content/uploads/a.jpg")
    assert site.is_upload("https://i2.wp.com/example.ma/wp-content/uploads/a.jpg")
    assert not site.is_upload("https://i2.wp.com/other.example/wp-content/uploads/a.jpg")
    assert not site.is_upload("https://other.example/wp-content/uploads/a.jpg")
    assert not site.is_upload("https://www.example.ma/about/a.jpg")
    assert site.absolute("/wp-content/uploads/a.jpg") == "https://www.example.ma/wp-content/uploads/a.jpg"
    assert site.absolute("//www.example.ma/x.jpg") == "https://www.example.ma/x.jpg"


def test_upload_index_resolves_by_id_then_by_file():
    index = UploadIndex()
    attachment = Item(
        id=201,
        post_type="attachment",
        attachment_url="https://www.example.ma/wp-content/uploads/2024/03/port.jpg",
        meta={"_wp_attached_file": "2024/03/port-scaled.jpg"},
    )
    index.add_attachment(attachment, 7)
    assert index.resolve(url=None, attachment_id=201) == 7
    assert (
        index.resolve(url="http://example.ma/wp-content/uploads/2024/03/port-300x200.jpg", attachment_id=None)
        == 7
    )
    assert index.resolve(url="/wp-content/uploads/2024/03/other.jpg", attachment_id=None) is None
    assert index.resolve(url=None, attachment_id=999) is None
    assert len(index) == 1


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube"),
        ("https://www.youtube.com/shorts/abc", "youtube"),
        ("https://x.com/user/status/123", "x"),
        ("https://twitter.com/user/statuses/123", "x"),
        ("https://www.facebook.com/page/posts/123", "facebook"),
        ("https://fb.watch/abc/", "facebook"),
        ("https://www.instagram.com/p/Cabc/", "instagram"),
        ("https://www.instagram.com/reel/Cabc/", "instagram"),
        ("https://www.tiktok.com/@user/video/123", "tiktok"),
        ("https://soundcloud.com/artist/track", "soundcloud"),
        ("https://vimeo.com/123", None),
        ("https://x.com/user", None),
        ("https://www.youtube.com/channel/abc", None),
    ],
)
def test_embed_providers(url, provider):
    assert embed_provider(url) == provider


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("https://www.youtube.com/embed/abc?rel=0", "https://www.youtube.com/watch?v=abc"),
        ("//www.youtube-nocookie.com/embed/abc", "https://www.youtube.com/watch?v=abc"),
        (
            "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fp%2Fposts%2F1&width=500",
            "https://www.facebook.com/p/posts/1",
        ),
        (
            "https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1",
            "https://api.soundcloud.com/tracks/1",
        ),
        ("https://www.instagram.com/p/Cabc/embed/", "https://www.instagram.com/p/Cabc/"),
        ("https://www.google.com/maps/embed?pb=!1m18", "https://www.google.com/maps/embed?pb=!1m18"),
        ("https://ads.example/frame", None),
    ],
)
def test_iframes_of_providers(src, url):
    assert embed_url_from_iframe(src) == url


def test_alignment_and_size_mapping():
    assert [logical_align(a) for a in ("alignleft", "right", "aligncenter", "none", "")] == [
        "end",
        "start",
        "center",
        "center",
        "center",
    ]
    assert [logical_align(a, "ltr") for a in ("left", "alignright")] == ["start", "end"]
    assert [contract_size(s) for s in ("size-thumbnail", "medium", "large", "size-full", "custom", "")] == [
        "small",
        "small",
        "medium",
        "medium",
        "medium",
        "medium",
    ]
    assert contract_size("large", "wide") == "wide"
    assert contract_size("thumbnail", "alignfull") == "full"


def test_php_unserialize_reads_attachment_metadata():
    value = (
        'a:4:{s:5:"width";i:1200;s:4:"file";s:16:"2024/03/port.jpg";s:5:"sizes";a:1:{s:6:"medium";'
        'a:2:{s:4:"file";s:16:"port-300x200.jpg";s:5:"width";i:300;}}s:10:"image_meta";a:3:'
        '{s:9:"copyright";s:10:"وكالة";s:8:"aperture";d:2.8;s:5:"flags";a:2:{i:0;b:1;i:1;N;}}}'
    )
    assert php_unserialize(value) == {
        "width": 1200,
        "file": "2024/03/port.jpg",
        "sizes": {"medium": {"file": "port-300x200.jpg", "width": 300}},
        "image_meta": {"copyright": "وكالة", "aperture": 2.8, "flags": {0: True, 1: None}},
    }
    assert php_unserialize('O:8:"stdClass":1:{s:1:"a";i:1;}') == {"a": 1}


@pytest.mark.parametrize(
    "value",
    ['s:12:"وكالة";', 's:4:"abc";', "a:2:{i:0;i:1;}", "i:12", "x:1;", "a:1:{a:0:{}i:1;}", "i:1;junk"],
)
def test_php_unserialize_refuses_what_is_not_the_format(value):
    with pytest.raises(ValueError):
        php_unserialize(value)


def test_php_unserialize_limits_nesting():
    with pytest.raises(ValueError, match="deeply"):
        php_unserialize("a:1:{i:0;" * 40 + "N;" + "}" * 40)
