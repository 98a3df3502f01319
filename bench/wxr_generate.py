"""Write a WordPress export (WXR 1.2) of N Arabic posts, for benchmarking the importer (not a test).

    .venv/bin/python bench/wxr_generate.py --posts 10000 --out var/bench/export-10k.xml

Each post has 5 comments (one reply, one pending, one spam), one or two of 50 categories (real
Moroccan regions, provinces and communes among them, slugs percent-encoded as WordPress writes
them), three of 500 tags; a third use block-editor markup, the rest classic text with [caption],
[gallery] and YouTube links. 2,000 attachments get small real JPEG files (Pillow) under
`--uploads` (default: `uploads/` beside the export) in WordPress's YYYY/MM layout. The file is
written item by item, so memory stays flat whatever N.
"""

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

SITE = "https://www.souss-news.example"
PLACES = [
    "سوس-ماسة", "أكادير", "إنزكان", "تارودانت", "تيزنيت", "اشتوكة آيت باها", "طاطا", "الرباط", "سلا",
    "الدار البيضاء", "مراكش", "آسفي", "فاس", "مكناس", "طنجة", "تطوان", "الحسيمة", "وجدة", "الناظور",
    "بني ملال", "خنيفرة", "الرشيدية", "ورزازات", "زاكورة", "كلميم", "العيون", "الداخلة", "القنيطرة",
    "الجديدة", "سطات", "Agadir", "Taroudant", "Tiznit", "Essaouira", "Ouarzazate",
]  # fmt: skip
TOPICS = ["سياسة", "اقتصاد", "مجتمع", "رياضة", "ثقافة", "فلاحة", "تعليم", "صحة", "بيئة", "سياحة", "فن",
          "حوادث", "تكنولوجيا", "منوعات", "رأي"]  # fmt: skip
CATEGORIES = PLACES + TOPICS  # 50
TAG_COUNT, ATTACHMENT_COUNT, COMMENTS_PER_POST = 500, 2000, 5
FIRST_ATTACHMENT_ID, FIRST_POST_ID = 10, 10_000


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "export.xml")
    parser.add_argument("--uploads", type=Path, help="default: uploads/ beside --out")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def encoded(slug):
    """WordPress's percent-encoded slug (lower-case escapes)."""
    return quote(slug.replace(" ", "-"), safe="-").lower()


def vocabulary():
    words = (ROOT / "articles" / "data" / "seed_article.txt").read_text(encoding="utf-8").split()
    return [w.strip("،.”“:") for w in words if len(w.strip("،.”“:")) > 1]


class Writer:
    def __init__(self, out, uploads, posts, rng):
        self.out, self.uploads, self.posts, self.rng = out, uploads, posts, rng
        self.words = vocabulary()
        self.tags = [
            f"{self.rng.choice(self.words)} {self.rng.choice(self.words)} {n}" for n in range(TAG_COUNT)
        ]
        self.attachments = []  # (id, relative file)

    def sentence(self, length):
        return " ".join(self.rng.choice(self.words) for _ in range(length))

    def run(self):
        self.out.parent.mkdir(parents=True, exist_ok=True)
        with open(self.out, "w", encoding="utf-8") as handle:
            handle.write(self.header())
            for number in range(ATTACHMENT_COUNT):
                handle.write(self.attachment(number))
            for number in range(self.posts):
                handle.write(self.post(number))
            handle.write("</channel>\n</rss>\n")

    def header(self):
        lines = [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">',
            "<channel>",
            f"<title>{cdata('أخبار سوس')}</title><link>{SITE}</link><language>ar</language>",
            f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>",
        ]
        for n in range(1, 21):
            lines.append(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(f'journalist{n}')}</wp:author_login>"
                f"<wp:author_email>{cdata(f'j{n}@souss-news.example')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(self.sentence(2))}</wp:author_display_name></wp:author>"
            )
        for n, name in enumerate(CATEGORIES, start=1):
            lines.append(
                f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>{cdata(encoded(name))}"
                f"</wp:category_nicename><wp:category_parent>{cdata('')}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"
            )
        for n, name in enumerate(self.tags, start=100):
            lines.append(
                f"<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>{cdata(encoded(name))}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>"
            )
        return "\n".join(lines) + "\n"

    def date(self, number, total):
        start = datetime(2015, 1, 1)
        return start + timedelta(minutes=int(number * (9 * 365 * 24 * 60) / max(total, 1)))

    def attachment(self, number):
        attachment_id = FIRST_ATTACHMENT_ID + number
        when = self.date(number, ATTACHMENT_COUNT)
        relative = f"{when:%Y/%m}/photo-{attachment_id}.jpg"
        path = self.uploads / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        colour = tuple(self.rng.randrange(256) for _ in range(3))
        Image.new("RGB", (64, 48), colour).save(path, "JPEG", quality=70)
        self.attachments.append((attachment_id, relative))
        meta = (
            f'a:4:{{s:5:"width";i:64;s:6:"height";i:48;s:4:"file";s:{len(relative)}:"{relative}";'
            f's:5:"sizes";a:0:{{}}}}'
        )
        url = f"{SITE}/wp-content/uploads/{relative}"
        return (
            f"<item><title>{cdata(f'photo-{attachment_id}')}</title><link>{SITE}/?attachment_id={attachment_id}</link>"
            f'<dc:creator>{cdata("journalist1")}</dc:creator><guid isPermaLink="false">{url}</guid>'
            f"<content:encoded>{cdata('')}</content:encoded><excerpt:encoded>{cdata(self.sentence(4))}</excerpt:encoded>"
            f"<wp:post_id>{attachment_id}</wp:post_id>"
            f"<wp:post_date>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date>"
            f"<wp:post_date_gmt>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>"
            f"<wp:post_name>{cdata(f'photo-{attachment_id}')}</wp:post_name><wp:status>inherit</wp:status>"
            f"<wp:post_parent>0</wp:post_parent><wp:post_type>attachment</wp:post_type>"
            f"<wp:attachment_url>{cdata(url)}</wp:attachment_url>"
            f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{cdata(relative)}</wp:meta_value></wp:postmeta>"
            f"<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>{cdata(meta)}</wp:meta_value></wp:postmeta>"
            f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata(self.sentence(3))}</wp:meta_value></wp:postmeta>"
            "</item>\n"
        )

    def image_url(self, attachment_id, relative, size=""):
        stem = relative.removesuffix(".jpg")
        return f"{SITE}/wp-content/uploads/{stem}{size}.jpg"

    def classic_content(self):
        paragraphs = [self.sentence(self.rng.randint(25, 60)) for _ in range(self.rng.randint(3, 8))]
        attachment_id, relative = self.rng.choice(self.attachments)
        paragraphs.insert(
            1,
            f'[caption id="attachment_{attachment_id}" align="alignright" width="300"]'
            f'<img class="size-medium wp-image-{attachment_id}" '
            f'src="{self.image_url(attachment_id, relative, "-300x200")}" alt="" /> '
            f"{self.sentence(5)}[/caption]",
        )
        if self.rng.random() < 0.2:
            ids = ",".join(str(a) for a, _ in self.rng.sample(self.attachments, 3))
            paragraphs.append(f'[gallery ids="{ids}"]')
        if self.rng.random() < 0.2:
            paragraphs.insert(2, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        paragraphs.insert(1, "<!--more-->")
        return "\n\n".join(paragraphs)

    def block_content(self):
        blocks = []
        for _ in range(self.rng.randint(3, 8)):
            blocks.append(
                f"<!-- wp:paragraph -->\n<p>{self.sentence(self.rng.randint(25, 60))}</p>\n"
                "<!-- /wp:paragraph -->"
            )
        attachment_id, relative = self.rng.choice(self.attachments)
        blocks.insert(
            1,
            f'<!-- wp:image {{"id":{attachment_id},"sizeSlug":"large"}} -->\n'
            '<figure class="wp-block-image size-large">'
            f'<img src="{self.image_url(attachment_id, relative)}" alt="" class="wp-image-{attachment_id}"/>'
            f"<figcaption>{self.sentence(5)}</figcaption></figure>\n<!-- /wp:image -->",
        )
        blocks.insert(2, f"<!-- wp:heading -->\n<h2>{self.sentence(6)}</h2>\n<!-- /wp:heading -->")
        return "\n\n".join(blocks)

    def comments(self, post_id, when):
        result = []
        for n in range(COMMENTS_PER_POST):
            comment_id = post_id * 10 + n
            approved = {3: "0", 4: "spam"}.get(n, "1")
            parent = post_id * 10 if n == 1 else 0
            date = when + timedelta(hours=n + 1)
            result.append(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>{cdata(self.sentence(2))}</wp:comment_author>"
                f"<wp:comment_author_email>{cdata(f'reader{comment_id}@example.com')}</wp:comment_author_email>"
                f"<wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>{cdata('196.200.1.1')}</wp:comment_author_IP>"
                f"<wp:comment_date>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:comment_date>"
                f"<wp:comment_date_gmt>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:comment_date_gmt>"
                f"<wp:comment_content>{cdata(self.sentence(self.rng.randint(5, 30)))}</wp:comment_content>"
                f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved><wp:comment_type>{cdata('comment')}</wp:comment_type>"
                f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
            )
        return "".join(result)

    def post(self, number):
        post_id = FIRST_POST_ID + number
        when = self.date(number, self.posts)
        title = self.sentence(self.rng.randint(6, 12))
        slug = encoded("-".join(title.split()[:6]))
        status = self.rng.choices(["publish", "draft", "future", "private"], weights=[94, 3, 2, 1])[0]
        content = self.block_content() if number % 3 == 0 else self.classic_content()
        categories = [self.rng.choice(PLACES), self.rng.choice(TOPICS)][: self.rng.randint(1, 2)]
        terms = "".join(
            f'<category domain="category" nicename="{encoded(c)}">{cdata(c)}</category>' for c in categories
        ) + "".join(
            f'<category domain="post_tag" nicename="{encoded(t)}">{cdata(t)}</category>'
            for t in self.rng.sample(self.tags, 3)
        )
        thumbnail = self.rng.choice(self.attachments)[0]
        return (
            f"<item><title>{cdata(title)}</title><link>{SITE}/{when:%Y/%m/%d}/{slug}/</link>"
            f"<dc:creator>{cdata(f'journalist{number % 20 + 1}')}</dc:creator>"
            f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid>'
            f"<content:encoded>{cdata(content)}</content:encoded>"
            f"<excerpt:encoded>{cdata(self.sentence(15))}</excerpt:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_date>{cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:post_date>"
            f"<wp:post_date_gmt>{cdata(f'{when - timedelta(hours=1):%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>"
            f"<wp:comment_status>{cdata('open')}</wp:comment_status><wp:ping_status>{cdata('open')}</wp:ping_status>"
            f"<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata(status)}</wp:status>"
            f"<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>{cdata('post')}</wp:post_type>"
            f"<wp:post_password>{cdata('')}</wp:post_password><wp:is_sticky>0</wp:is_sticky>{terms}"
            f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{cdata(thumbnail)}</wp:meta_value></wp:postmeta>"
            f"{self.comments(post_id, when)}</item>\n"
        )


def main():
    args = parse_args()
    uploads = args.uploads or args.out.parent / "uploads"
    Writer(args.out, uploads, args.posts, random.Random(args.seed)).run()
    size = args.out.stat().st_size / 1e6
    print(
        f"Wrote {args.out} ({size:.1f} MB): {args.posts} posts, {ATTACHMENT_COUNT} attachments in {uploads}"
    )


if __name__ == "__main__":
    main()
