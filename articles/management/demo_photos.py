"""The demo's photo story: pictures drawn with Pillow at run time (nothing shipped, nothing to
license), put in the library through its write path and shown as lead image, inline and gallery."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from images.workflow import upload_image

CREDIT = "نيوزروم (صورة مولّدة للعرض)"
# (file name, title, alt, caption, sky colour, ground colour, sun position)
PHOTOS = [
    (
        "port.jpg",
        "ميناء أكادير عند الغروب",
        "قوارب صيد راسية في ميناء عند الغروب",
        "ميناء الصيد قبيل الغروب",
        (238, 150, 90),
        (30, 70, 110),
        0.7,
    ),
    (
        "souk.jpg",
        "سوق الأحد",
        "خيام ملونة في سوق شعبي",
        "خيام سوق الأحد صباحاً",
        (150, 200, 235),
        (190, 140, 80),
        0.2,
    ),
    (
        "beach.jpg",
        "شاطئ تغازوت",
        "أمواج على شاطئ رملي",
        "شاطئ تغازوت في الصباح",
        (170, 215, 240),
        (225, 200, 150),
        0.5,
    ),
    (
        "valley.jpg",
        "وادي الأطلس",
        "قرية على سفح جبل أخضر",
        "قرية في وادٍ بالأطلس الكبير",
        (120, 180, 230),
        (70, 120, 60),
        0.3,
    ),
]


def draw(sky, ground, sun, seed, size=(1600, 1000)):
    """A simple landscape: sky, sun, hills and some shapes; different for each seed."""
    rng = random.Random(seed)
    width, height = size
    picture = Image.new("RGB", size, sky)
    pen = ImageDraw.Draw(picture)
    for y in range(height // 2):  # the sky lightens towards the horizon
        shade = tuple(min(255, c + y * 60 // height) for c in sky)
        pen.line([(0, y), (width, y)], fill=shade)
    radius = height // 10
    cx, cy = int(width * sun), height // 4
    pen.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(255, 230, 150))
    for layer in range(3):
        top = height // 2 + layer * height // 10
        points = [(0, height)] + [(x, top + rng.randint(-60, 60)) for x in range(0, width + 200, 200)]
        colour = tuple(max(0, c - layer * 25) for c in ground)
        pen.polygon([*points, (width, height)], fill=colour)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(height * 2 // 3, height - 40)
        pen.rectangle(
            [x, y, x + rng.randint(30, 90), y + rng.randint(20, 60)],
            fill=tuple(rng.randint(60, 240) for _ in range(3)),
        )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_photos(by=None):
    """The four demo photos in the library, in PHOTOS order."""
    photos = []
    for seed, (name, title, alt, caption, sky, ground, sun) in enumerate(PHOTOS):
        upload = SimpleUploadedFile(name, draw(sky, ground, sun, seed), content_type="image/jpeg")
        photos.append(
            upload_image(
                upload, by=by, title=title, alt_ar=alt, caption_ar=caption, credit=CREDIT, usage_rights="CC0"
            )
        )
    return photos


def photo_story_body(photos):
    lead, souk, beach, valley = photos
    return (
        "<p>عاشت أكادير هذا الأسبوع على إيقاع موسمها البحري: قوارب مزينة في الميناء، وسوق يمتد حتى "
        "الشاطئ، وزوار قدموا من قرى الأطلس.</p>"
        f'<figure data-image="{souk.pk}" data-size="medium" data-align="start">'
        "<figcaption>في سوق الأحد، عرض الحرفيون منتجاتهم منذ الصباح الباكر.</figcaption></figure>"
        "<p>وقال أحد المنظمين إن الدورة استقبلت عدداً قياسياً من الزوار، وإن الأنشطة ستتواصل حتى نهاية "
        "الأسبوع في تغازوت والقرى المجاورة.</p>"
        f'<figure data-gallery="{beach.pk},{valley.pk},{lead.pk}">'
        "<figcaption>من تغازوت إلى وادي الأطلس: صور من أيام الموسم.</figcaption></figure>"
        "<p>وتختتم الفعاليات بسهرة على الشاطئ يحييها فنانون من جهة سوس ماسة.</p>"
    )
