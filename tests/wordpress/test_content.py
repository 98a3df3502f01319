"""Post content → body HTML. Assertions are on the converter's own output (`raw_html`); the last
tests document what today's sanitiser makes of it."""

import pytest

from tests.wordpress.conftest import DATA
from wordpress.content import convert_content, plain_text
from wordpress.media import UploadIndex
from wordpress.records import Item
from wordpress.wxr import WXRReader

SITE = ("https://www.example.ma",)
ALLOWED_EMBEDS = ("youtube.com", "youtu.be", "x.com", "twitter.com")


@pytest.fixture
def index():
    uploads = UploadIndex()
    uploads.add(42, attachment_id=5, files=["2024/03/photo.jpg"])
    uploads.add(43, attachment_id=6, files=["2024/03/other.jpg"])
    return uploads


def allow_embed(url):
    return url if any(host in url for host in ALLOWED_EMBEDS) else None


@pytest.fixture
def convert(index):
    def run(content, **options):
        options.setdefault("site_urls", SITE)
        return convert_content(content, resolve_image=index.resolve, resolve_embed=allow_embed, **options)

    return run


def problems(result):
    return [(p.code, p.ref) for p in result.problems]


# --- Classic editor: paragraphs ---------------------------------------------------------------


def test_blank_lines_make_paragraphs_and_newlines_line_breaks(convert):
    result = convert("السطر الأول\nالسطر الثاني\n\nفقرة ثانية <strong>غامق\nهنا</strong>\n\n\n\nفقرة ثالثة")
    assert result.raw_html == (
        "<p>السطر الأول<br>السطر الثاني</p>\n"
        "<p>فقرة ثانية <strong>غامق<br>هنا</strong></p>\n"
        "<p>فقرة ثالثة</p>"
    )
    assert result.problems == []


def test_block_elements_are_not_wrapped_and_end_the_paragraph(convert):
    result = convert(
        "مقدمة\n<ul>\n<li>واحد</li>\n<li>اثنان\n\nتتمة</li>\n</ul>\nبعد القائمة\n<h2>عنوان</h2>\n"
        "<blockquote>اقتباس\n\nثان</blockquote>\n<table><tr><td>خانة\nسطر</td></tr></table>\n<p>فقرة جاهزة"
        "</p>"
    )
    assert result.raw_html == (
        "<p>مقدمة</p>\n"
        "<ul><li>واحد</li><li><p>اثنان</p><p>تتمة</p></li></ul>\n"
        "<p>بعد القائمة</p>\n"
        "<h2>عنوان</h2>\n"
        "<blockquote><p>اقتباس</p><p>ثان</p></blockquote>\n"
        "<table><tr><td>خانة<br>سطر</td></tr></table>\n"
        "<p>فقرة جاهزة</p>"
    )


def test_two_line_breaks_are_a_paragraph_break_and_pre_is_left_alone(convert):
    result = convert("أ<br><br>ب\n<pre>code\n\n  indented</pre>\nبعد")
    assert result.raw_html == "<p>أ</p>\n<p>ب</p>\n<pre>code\n\n  indented</pre>\n<p>بعد</p>"


def test_a_blank_line_inside_inline_markup_is_a_line_break_not_a_broken_paragraph(convert):
    assert (
        convert("نص <strong>غامق\n\nمستمر</strong> نهاية").raw_html
        == "<p>نص <strong>غامق<br>مستمر</strong> نهاية</p>"
    )


def test_comments_more_and_nextpage_are_dropped(convert):
    result = convert("مقدمة<!--more--> تتمة<!-- wp-note -->\n<!--nextpage-->\nصفحة ثانية")
    assert result.raw_html == "<p>مقدمة تتمة</p>\n<p>صفحة ثانية</p>"
    assert result.problems == []


def test_headings_fit_the_body_and_presentation_attributes_go(convert):
    result = convert(
        '<h1 class="x">أ</h1><h5>ب</h5><p onclick="x()" style="color:red" id="p1" dir="rtl">ج</p>'
    )
    assert result.raw_html == '<h2>أ</h2>\n<h4>ب</h4>\n<p dir="rtl">ج</p>'


def test_scripts_styles_and_unknown_iframes_are_dropped_and_reported(convert):
    result = convert(
        'نص<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example/x"></iframe>'
    )
    assert result.raw_html == "<p>نص</p>"
    assert problems(result) == [("script-removed", ""), ("iframe-dropped", "https://evil.example/x")]


# --- Images -------------------------------------------------------------------------------------


def test_an_inline_image_of_any_size_becomes_a_library_figure_splitting_the_paragraph(convert):
    result = convert(
        'نص قبل <img class="alignleft size-thumbnail wp-image-5" '
        'src="http://example.ma/wp-content/uploads/2024/03/photo-150x150.jpg" alt="بديل"> نص بعد'
    )
    assert result.raw_html == (
        '<p>نص قبل</p>\n<figure data-image="42" data-size="small" data-align="end"></figure>\n<p>نص بعد</p>'
    )


def test_left_is_the_end_on_arabic_pages_and_the_start_on_french_ones(convert):
    image = '<img class="alignleft" src="/wp-content/uploads/2024/03/photo.jpg">'
    assert 'data-align="end"' in convert(image).raw_html
    assert 'data-align="start"' in convert(image, direction="ltr").raw_html


def test_an_image_linked_to_its_file_loses_the_link(convert):
    result = convert(
        '<a href="/wp-content/uploads/2024/03/photo.jpg"><img '
        'src="/wp-content/uploads/2024/03/photo-1024x683.jpg"></a>'
    )
    assert result.raw_html == '<figure data-image="42" data-size="medium" data-align="center"></figure>'


def test_any_scheme_host_cdn_and_lazy_loading_of_the_old_site(convert):
    sources = [
        'src="https://example.ma/wp-content/uploads/2024/03/other-300x200.jpg"',
        'src="http://www.example.ma/wp-content/uploads/2024/03/other-scaled.jpg"',
        'src="//www.example.ma/wp-content/uploads/2024/03/other.jpg?ver=2"',
        'src="https://i0.wp.com/www.example.ma/wp-content/uploads/2024/03/other-300x200.jpg?resize=300"',
        'src="data:image/gif;base64,R0lGOD" data-lazy-src="/wp-content/uploads/2024/03/other.jpg"',
    ]
    for source in sources:
        result = convert(f"<img {source}>")
        assert (
            result.raw_html == '<figure data-image="43" data-size="medium" data-align="center"></figure>'
        ), source
        assert result.problems == []


def test_external_and_unknown_images_are_dropped_and_reported(convert):
    result = convert(
        '<p>أ <img src="https://cdn.other.com/x.jpg"> ب <img src="/wp-content/uploads/2024/03/gone.jpg"></p>'
    )
    assert result.raw_html == "<p>أ  ب</p>"
    assert problems(result) == [
        ("image-external", "https://cdn.other.com/x.jpg"),
        ("image-unresolved", "https://www.example.ma/wp-content/uploads/2024/03/gone.jpg"),
    ]


def test_a_dropped_image_leaves_no_empty_link_behind(convert):
    result = convert(
        '<p>نص <a href="https://cdn.other.com/"><img src="https://cdn.other.com/x.jpg"></a> بعد</p>'
    )
    assert result.raw_html == "<p>نص  بعد</p>"
    assert convert('<p><a href="/y"><img src="https://cdn.other.com/x.jpg"></a></p>').raw_html == ""


def test_the_resolver_gets_the_absolute_url_and_the_attachment_id():
    calls = []

    def resolve(*, url, attachment_id):
        calls.append((url, attachment_id))
        return 7

    convert_content(
        '<img class="wp-image-12" src="/wp-content/uploads/2024/03/a-300x200.jpg">',
        resolve_image=resolve,
        resolve_embed=allow_embed,
        site_urls=SITE,
    )
    assert calls == [("https://www.example.ma/wp-content/uploads/2024/03/a-300x200.jpg", 12)]


def test_old_hosts_count_as_the_site(convert):
    image = '<img src="https://old-name.example/wp-content/uploads/2024/03/photo.jpg">'
    assert problems(convert(image)) == [
        ("image-external", "https://old-name.example/wp-content/uploads/2024/03/photo.jpg")
    ]
    assert convert(image, old_hosts=["old-name.example"]).raw_html.startswith('<figure data-image="42"')


def test_a_pasted_figure_keeps_its_caption(convert):
    result = convert(
        '<figure class="wp-caption alignright"><img src="/wp-content/uploads/2024/03/photo.jpg">'
        "<figcaption> تعليق <em>مهم</em>\n جدا </figcaption></figure>"
    )
    assert result.raw_html == (
        '<figure data-image="42" data-size="medium" data-align="start">'
        "<figcaption>تعليق <em>مهم</em> جدا</figcaption></figure>"
    )


def test_content_cannot_forge_library_references(convert):
    forged = (
        '<figure data-image="999" data-wp-hint="guess" data-wp-kind="gallery"><p>x</p></figure><p '
        'data-embed="y">z</p>'
    )
    assert convert(forged).raw_html == "<p>x</p>\n<p>z</p>"


# --- Shortcodes -----------------------------------------------------------------------------------


def test_caption_shortcodes_become_captioned_figures(convert):
    result = convert(
        '[caption id="attachment_6" align="aligncenter" width="600"]<a href="/x"><img class="size-large" '
        'src="https://www.example.ma/wp-content/uploads/2024/03/other-1024x683.jpg" /></a> الصورة '
        "<strong>الثانية</strong>[/caption]\n\n"
        '[caption width="300" caption="من السمة" align="alignright"]<img '
        'src="/wp-content/uploads/2024/03/photo.jpg" />[/caption]'
    )
    assert result.raw_html == (
        '<figure data-image="43" data-size="medium" data-align="center"><figcaption>الصورة <strong>الثانية'
        "</strong>"
        "</figcaption></figure>\n"
        '<figure data-image="42" data-size="medium" data-align="start"><figcaption>من السمة</figcaption>'
        "</figure>"
    )


def test_gallery_shortcode_with_ids_and_without(convert):
    result = convert('قبل\n[gallery ids="5,6,7" columns="3"]\nبعد')
    assert result.raw_html == '<p>قبل</p>\n<figure data-gallery="42,43"></figure>\n<p>بعد</p>'
    assert problems(result) == [("image-unresolved", "attachment 7")]
    assert convert("[gallery]", attached_ids=[6, 5]).raw_html == '<figure data-gallery="43,42"></figure>'
    empty = convert("[gallery]")
    assert (empty.raw_html, [p.code for p in empty.problems]) == ("", ["gallery-empty"])


def test_embed_shortcodes_and_bare_urls_on_their_own_line(convert):
    result = convert(
        "مقدمة\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\nتتمة\n\n"
        "[embed]https://x.com/someone/status/123[/embed]\n\n"
        "[youtube https://youtu.be/abc]\n\n"
        "شاهد https://www.youtube.com/watch?v=inline في النص\n\n"
        "https://example.org/not-a-provider"
    )
    assert result.raw_html == (
        "<p>مقدمة</p>\n"
        '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>\n'
        "<p>تتمة</p>\n"
        '<figure data-embed="https://x.com/someone/status/123"></figure>\n'
        '<figure data-embed="https://youtu.be/abc"></figure>\n'
        "<p>شاهد https://www.youtube.com/watch?v=inline في النص</p>\n"
        "<p>https://example.org/not-a-provider</p>"
    )


def test_every_provider_on_its_own_line_is_an_embed_candidate(convert):
    urls = [
        "https://www.facebook.com/hespress/posts/123456",
        "https://www.instagram.com/p/Cabc123/",
        "https://www.tiktok.com/@user/video/7300000000000000000",
        "https://soundcloud.com/artist/track",
    ]
    result = convert("\n\n".join(urls))
    # Not allowed by this resolver: kept as links, each reported.
    assert result.raw_html == "\n".join(f'<p><a href="{u}">{u}</a></p>' for u in urls)
    assert problems(result) == [("embed-not-allowed", u) for u in urls]


def test_provider_iframes_and_pasted_embed_codes(convert):
    result = convert(
        '<iframe width="560" src="https://www.youtube-nocookie.com/embed/abc123?rel=0"></iframe>\n\n'
        '<blockquote class="twitter-tweet"><p lang="ar">تغريدة</p>&mdash; X '
        '<a href="https://twitter.com/u/status/123">5 مارس</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script>'
    )
    assert result.raw_html == (
        '<figure data-embed="https://www.youtube.com/watch?v=abc123"></figure>\n'
        '<figure data-embed="https://twitter.com/u/status/123"></figure>'
    )
    assert result.problems == []


def test_unknown_shortcodes_go_and_their_text_stays(convert):
    result = convert(
        '[vc_row][vc_column]نص داخلي[/vc_column][/vc_row] [contact-form-7 id="5"] '
        "[[gallery]] [sic] [فيديو] [/orphan] [toc]"
    )
    assert result.raw_html == "<p>نص داخلي  [gallery] [sic] [فيديو]</p>"
    assert problems(result) == [
        ("shortcode-removed", "contact-form-7"),
        ("shortcode-removed", "orphan"),
        ("shortcode-removed", "toc"),
        ("shortcode-removed", "vc_column"),
        ("shortcode-removed", "vc_row"),
    ]


def test_repeated_shortcodes_are_reported_once_with_a_count(convert):
    result = convert("[su_note]أ[/su_note] [su_note]ب[/su_note]")
    assert [p.message for p in result.problems] == ["Shortcode [su_note] removed (2×), its text kept."]


def test_video_and_audio_are_dropped_and_reported(convert):
    result = convert('[video src="/wp-content/uploads/2024/03/clip.mp4"]\n\n<video src="a.mp4"></video>')
    assert result.raw_html == ""
    assert problems(result) == [
        ("media-dropped", "/wp-content/uploads/2024/03/clip.mp4"),
        ("media-dropped", "a.mp4"),
    ]


# --- Block editor ---------------------------------------------------------------------------------


def test_block_content_of_the_fixture_post():
    reader = WXRReader(DATA / "site.xml")
    records = {r.id: r for r in reader if isinstance(r, Item)}
    uploads = UploadIndex()
    for attachment in (records[201], records[202]):
        uploads.add_attachment(attachment, attachment.id + 1000)
    uploads.add(1203, files=["https://www.example.ma/wp-content/uploads/2024/03/pipes.jpg"])
    result = convert_content(
        records[102].content,
        resolve_image=uploads.resolve,
        resolve_embed=lambda url: None,
        site_urls=SITE,
        direction="ltr",
    )
    assert result.raw_html == (
        "<p>La station de dessalement d’Agadir a été <strong>inaugurée</strong> jeudi.</p>\n"
        "<h3>Les chiffres</h3>\n"
        "<ul><li>275 000 m³ par jour</li><li>1,6 million d’habitants</li></ul>\n"
        '<figure data-image="1202" data-size="wide" data-align="center"><figcaption>La station, vue du ciel'
        "</figcaption></figure>\n"
        "<blockquote><p>L’eau est notre priorité.</p><p><cite>Le wali</cite></p></blockquote>\n"
        '<figure data-gallery="1202,1203"><figcaption>Le chantier</figcaption></figure>\n'
        "<p><a "
        'href="https://x.com/example/status/1765000000000000000">https://x.com/example/status/1765000000000000000'
        "</a></p>\n"
        "<table><thead><tr><th>Année</th><th>m³/jour</th></tr></thead><tbody><tr><td>2024</td><td>275 000"
        "</td></tr></tbody></table>\n"
        "<hr>\n"
        "<div><p>Diaporama du chantier</p></div>"
    )
    assert problems(result) == [
        ("block-dropped", "core/latest-posts"),
        ("embed-not-allowed", "https://x.com/example/status/1765000000000000000"),
    ]


def test_classic_fixture_post_with_caption_embed_and_plugin_shortcode():
    reader = WXRReader(DATA / "site.xml")
    post = next(r for r in reader if isinstance(r, Item) and r.id == 101)
    uploads = UploadIndex()
    uploads.add(1201, attachment_id=201)
    result = convert_content(
        post.content, resolve_image=uploads.resolve, resolve_embed=allow_embed, site_urls=SITE
    )
    assert result.raw_html == (
        "<p>أعطيت اليوم انطلاقة مشروع تحلية مياه البحر بأكادير.<br>سيزود المشروع الساكنة بالماء الصالح "
        "للشرب.</p>\n"
        '<figure data-image="1201" data-size="small" data-align="start"><figcaption>ميناء أكادير'
        "</figcaption></figure>\n"
        '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>\n'
        "<p>ملاحظة: المشروع ممول من الجهة.</p>"
    )
    assert problems(result) == [("shortcode-removed", "su_note")]


def test_block_comments_go_unknown_blocks_keep_their_content_and_freeform_text_is_paragraphed(convert):
    result = convert(
        "نص حر قبل الكتل\nسطر\n\n"
        '<!-- wp:paragraph {"align":"right"} --><p class="has-text-align-right">فقرة</p><!-- /wp:paragraph '
        "-->\n"
        "<!-- wp:more --><!--more--><!-- /wp:more -->\n"
        '<!-- wp:acme/box {"color":"red"} --><div class="acme-box"><!-- wp:heading --><h2>داخل</h2><!-- '
        "/wp:heading --></div><!-- /wp:acme/box -->\n"
        '<!-- wp:spacer {"height":"40px"} --><div style="height:40px" aria-hidden="true"></div><!-- '
        "/wp:spacer -->\n"
        '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->\n'
        "<!-- wp:html --><p>HTML <b>خام</b></p>\n<!-- /wp:html -->\n"
        "<!-- wp:shortcode -->[su_box]نص الصندوق[/su_box]<!-- /wp:shortcode -->\n"
        '<!-- wp:block {"ref":77} /-->'
    )
    assert result.raw_html == (
        "<p>نص حر قبل الكتل<br>سطر</p>\n"
        "<p>فقرة</p>\n"
        "<div><h2>داخل</h2></div>\n"
        "<hr>\n"
        "<p>HTML <b>خام</b></p>\n"
        "<p>نص الصندوق</p>"
    )
    assert problems(result) == [("block-dropped", "core/block 77"), ("shortcode-removed", "su_box")]


def test_image_block_uses_the_block_attributes(convert):
    result = convert(
        '<!-- wp:image {"id":5,"sizeSlug":"thumbnail","align":"left"} -->'
        '<figure class="wp-block-image alignleft size-thumbnail"><img '
        'src="https://www.example.ma/wp-content/uploads/2024/03/elsewhere.jpg" alt=""/></figure>'
        "<!-- /wp:image -->"
    )
    assert result.raw_html == '<figure data-image="42" data-size="small" data-align="end"></figure>'


def test_old_gallery_block_and_embed_block_with_caption(convert):
    result = convert(
        '<!-- wp:gallery {"ids":[5,6]} --><figure class="wp-block-gallery"><ul class="blocks-gallery-grid">'
        '<li class="blocks-gallery-item"><figure><img src="/wp-content/uploads/2024/03/photo-1024x683.jpg" '
        'data-id="5"/></figure></li>'
        '<li class="blocks-gallery-item"><figure><img src="/wp-content/uploads/2024/03/other-1024x683.jpg" '
        'class="wp-image-6"/></figure></li>'
        '</ul><figcaption class="blocks-gallery-caption">معرض</figcaption></figure><!-- /wp:gallery -->\n'
        '<!-- wp:core-embed/youtube {"url":"https://www.youtube.com/watch?v=xyz"} --><figure '
        'class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">https://www.youtube.com/watch?v=xyz</div><figcaption>فيديو'
        "</figcaption>"
        "</figure><!-- /wp:core-embed/youtube -->\n"
        "<!-- wp:paragraph --><p>https://youtu.be/solo</p><!-- /wp:paragraph -->"
    )
    assert result.raw_html == (
        '<figure data-gallery="42,43"><figcaption>معرض</figcaption></figure>\n'
        '<figure data-embed="https://www.youtube.com/watch?v=xyz"><figcaption>فيديو</figcaption></figure>\n'
        '<figure data-embed="https://youtu.be/solo"></figure>'
    )


def test_broken_block_markup_still_converts(convert):
    result = convert(
        '<!-- wp:paragraph {"broken": --><p>أ</p><!-- /wp:paragraph --><!-- wp:list --><ul><li>ب</li></ul>'
    )
    assert result.raw_html == "<p>أ</p>\n<ul><li>ب</li></ul>"


# --- Titles, excerpts and the sanitiser -------------------------------------------------------------


def test_plain_text_of_titles_and_excerpts():
    assert (
        plain_text("Le port d&#8217;Agadir &amp; <em>la</em>\n pêche") == "Le port d\u2019Agadir & la pêche"
    )


def test_the_sanitised_body_keeps_text_and_structure(convert):
    result = convert(
        '<p onclick="steal()">نص <a href="javascript:alert(1)">رابط</a></p><img src="x" onerror="steal()">'
    )
    assert result.html == '<p>نص <a rel="noopener noreferrer">رابط</a></p>'


def test_the_sanitiser_keeps_the_contracts_figures(convert):
    # The media library's sanitiser allows data-image/-gallery/-size/-align on <figure>.
    result = convert(
        '<img class="wp-image-5" src="/wp-content/uploads/2024/03/photo.jpg">\n\n[gallery ids="5,6"]'
    )
    assert result.raw_html == (
        '<figure data-image="42" data-size="medium" data-align="center"></figure>\n<figure '
        'data-gallery="42,43"></figure>'
    )
    assert result.html == result.raw_html


# --- Hostile or broken markup -------------------------------------------------------------------------


def test_markup_nested_beyond_any_editor_is_flattened_not_a_crash(convert):
    result = convert("<div>" * 3000 + "عميق" + "</div>" * 3000)
    assert "عميق" in result.raw_html and "عميق" in result.html
    blocks = convert('<!-- wp:group --><div class="g">' * 500 + "<p>نص</p>")
    assert "<p>نص</p>" in blocks.raw_html and "<p>نص</p>" in blocks.html


def test_broken_tags_are_kept_as_text(convert):
    result = convert('أ < ب و x<b c و <img alt="a<b" src="/wp-content/uploads/2024/03/photo.jpg">')
    assert result.raw_html.startswith("<p>أ &lt; ب و x&lt;b c و &lt;img alt=")
    assert convert("<!-- not closed\n\nنص").raw_html == ""
