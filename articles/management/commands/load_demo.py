import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import workflow
from articles.management import demo_photos
from articles.models import Article, EventTag, Region
from embeds.workflow import add_embed
from newsroom.slugs import unicode_slug

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SEED_PUBLISHED_AT = datetime(2023, 1, 27, 10, 0, tzinfo=ZoneInfo("Africa/Casablanca"))
SEED_REGION_CODE = "09.001.07.23"  # Taghazout, Agadir-Ida-Ou-Tanane, Souss-Massa
# Reached through the relation: the articles app never imports the authors app.
Author = Article._meta.get_field("authors").related_model


def paragraphs_html(paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def read_seed_article(path):
    """The reference article: headline, byline, body paragraphs; its last line is the closed notice."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) < 4:
        raise CommandError(f"{path} does not look like an article (too few lines).")
    closed_notice = lines[-1]
    return {
        "headline": lines[0],
        "byline": lines[1],
        "paragraphs": lines[2:-1],
        "comments_enabled": closed_notice != "التعليقات مغلقة.",
    }


class Command(BaseCommand):
    help = (
        "Load demo content: regions, authors, event tags and a dozen articles, the first being "
        "the reference article exactly as written. Idempotent: existing rows are left alone."
    )

    def handle(self, *args, **options):
        call_command("load_regions", stdout=self.stdout)
        data = json.loads((DATA_DIR / "demo_articles.json").read_text(encoding="utf-8"))
        seed = read_seed_article(DATA_DIR / "seed_article.txt")
        with transaction.atomic():
            regions = {region.code: region for region in Region.objects.all()}
            authors = {row["key"]: self.author(row) for row in data["authors"]}
            tags = {row["key"]: self.tag(row, regions) for row in data["tags"]}
            created = self.seed_article(seed, authors["karim"], tags, regions)
            created += sum(self.demo_article(row, authors, tags, regions) for row in data["articles"])
            created += self.photo_story(authors["karim"], regions)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {created} articles created, "
                f"{2 + len(data['articles']) - created} already there."
            )
        )
        self.demo_staff()

    def author(self, row):
        author, _ = Author.objects.get_or_create(
            slug=unicode_slug(row["name_ar"], fallback="author"),
            defaults={
                "name_ar": row["name_ar"],
                "name_fr": row.get("name_fr", ""),
                # A person's name is written the same in Latin script for French and English readers.
                "name_en": row.get("name_en") or row.get("name_fr", ""),
                "job_title_ar": row.get("job_title_ar", ""),
                "job_title_fr": row.get("job_title_fr", ""),
                "bio_ar": row.get("bio_ar", ""),
            },
        )
        return author

    def tag(self, row, regions):
        tag, _ = EventTag.objects.get_or_create(
            slug=unicode_slug(row["name_ar"], fallback="tag"),
            defaults={
                "name_ar": row["name_ar"],
                "name_fr": row.get("name_fr", ""),
                "description_ar": row.get("description_ar", ""),
                "starts_on": date.fromisoformat(row["starts_on"]) if row.get("starts_on") else None,
                "ends_on": date.fromisoformat(row["ends_on"]) if row.get("ends_on") else None,
                "region": regions.get(row.get("region")),
            },
        )
        return tag

    def seed_article(self, seed, author, tags, regions):
        slug = unicode_slug(seed["headline"])
        if Article.objects.filter(slug=slug).exists():
            return 0
        article = workflow.create_article(
            by=None,
            slug=slug,
            headline_ar=seed["headline"],
            body_ar=paragraphs_html(seed["paragraphs"]),
            meta_description_ar=seed["paragraphs"][0][:160],
            region=regions[SEED_REGION_CODE],
            comments_enabled=seed["comments_enabled"],
            authors=[author],
            tags=[tags["campaign"], tags["rsu"], tags["digital"]],
        )
        workflow.publish(article, by=None, at=SEED_PUBLISHED_AT)
        return 1

    def demo_article(self, row, authors, tags, regions):
        if Article.objects.filter(slug=row["slug"]).exists():
            return 0
        published_at = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(
            days=row["days_ago"], hours=row["hours_ago"]
        )
        translated = {
            f"{field}_{lang}": paragraphs_html(row[f"{field}_{lang}"])
            if field == "body"
            else row[f"{field}_{lang}"]
            for field in ("headline", "kicker", "lead", "body")
            for lang in ("ar", "fr")
            if f"{field}_{lang}" in row
        }
        article = workflow.create_article(
            by=None,
            slug=row["slug"],
            **translated,
            meta_description_ar=row["lead_ar"][:160],
            region=regions[row["region"]],
            is_featured=row.get("featured", False),
            authors=[authors[key] for key in row["authors"]],
            tags=[tags[key] for key in row["tags"]],
        )
        workflow.publish(article, by=None, at=published_at)
        return 1

    PHOTO_STORY_SLUG = "بالصور-موسم-أكادير-البحري"

    def photo_story(self, author, regions):
        """An article with a lead photo, an inline photo with its credit and a gallery."""
        if Article.objects.filter(slug=self.PHOTO_STORY_SLUG).exists():
            return 0
        photos = demo_photos.make_photos()
        article = workflow.create_article(
            by=None,
            slug=self.PHOTO_STORY_SLUG,
            kicker_ar="بالصور",
            headline_ar="بالصور: موسم أكادير البحري يجمع الميناء والسوق والشاطئ",
            lead_ar="ثلاثة أيام من الاحتفال في أكادير وتغازوت، في صور.",
            body_ar=demo_photos.photo_story_body(photos) + self.demo_video(),
            meta_description_ar="صور من موسم أكادير البحري: الميناء والسوق والشاطئ ووادي الأطلس.",
            lead_image=photos[0],
            region=regions[SEED_REGION_CODE].parent,  # Agadir-Ida-Ou-Tanane
            authors=[author],
        )
        workflow.publish(
            article, by=None, at=timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)
        )
        self.stdout.write(f"Demo photo story: {len(photos)} photos in the library.")
        return 1

    DEMO_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"  # Big Buck Bunny, Blender Foundation, CC BY

    def demo_video(self):
        """A video embed, made without asking YouTube (the demo makes no request off this machine):
        its facade shows the provider's name and no thumbnail until someone plays it."""
        embed = add_embed(self.DEMO_VIDEO, by=None, ask_provider=False)
        if not embed.title:
            embed.title = "Big Buck Bunny (Blender Foundation, CC BY 3.0)"
            embed.save(update_fields=["title"])
        return f'<figure data-embed="{embed.pk}"></figure>'

    # --- Demo staff (development only) ---------------------------------------------------------

    DEMO_STAFF = [
        ("journalist", "newsroom-journalist", "Journalist", "صحفي تجريبي"),
        ("editor", "newsroom-editor", "Editor", "محرر تجريبي"),
    ]

    def demo_staff(self):
        """A journalist and an editor to try both roles; public passwords, so never in production."""
        if not settings.DEBUG:
            self.stdout.write("Demo staff accounts skipped: they are created only with DJANGO_DEBUG=1.")
            return
        call_command("setup_roles", stdout=self.stdout)
        for username, password, role, name in self.DEMO_STAFF:
            user, created = get_user_model().objects.get_or_create(
                username=username, defaults={"is_staff": True, "first_name": name}
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            Author.objects.get_or_create(user=user, defaults={"name_ar": name})
            state = "created" if created else "already there"
            self.stdout.write(f"Demo {role.lower()}: {username} / {password} ({state}).")
        self.demo_submission(get_user_model().objects.get(username="journalist"))

    def demo_submission(self, journalist):
        """One story from the demo journalist waiting for review, so the editor's queue is not empty."""
        if Article.objects.filter(bylines__author__user=journalist).exists():
            return
        article = workflow.create_article(
            by=journalist,
            headline_ar="مسودة تجريبية: سوق أسبوعي جديد في تارودانت",
            lead_ar="خبر كتبه الصحفي التجريبي وأرسله للمراجعة؛ يستطيع المحرر نشره أو جدولته أو إرجاعه.",
            body_ar=paragraphs_html(["فقرة أولى من الخبر.", "فقرة ثانية تنتظر مصدرًا."]),
            authors=[journalist.author],
        )
        workflow.submit_for_review(article, by=journalist)
        self.stdout.write("Demo submission: one draft by the demo journalist awaits review.")
