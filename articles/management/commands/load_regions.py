import csv
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import workflow
from articles.models import Region
from newsroom.slugs import unicode_slug

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "morocco_divisions_full.csv"
LEVELS = ("region", "prefecture", "province", "commune")


def read_divisions(path):
    """Rows of the four levels we model, parents before children."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["level"] in LEVELS]
    return sorted(rows, key=lambda row: (LEVELS.index(row["level"]), row["code"]))


def slugs_for(rows):
    """An Arabic slug for each code; a name used twice gets its code appended on every use."""
    base = {row["code"]: unicode_slug(row["name_ar"] or row["name_fr"], fallback="region") for row in rows}
    taken = Counter(base.values())
    return {
        code: slug if taken[slug] == 1 else f"{slug}-{code.replace('.', '-')}" for code, slug in base.items()
    }


class Command(BaseCommand):
    help = (
        "Load Morocco's regions, prefectures/provinces and communes (HCP, RGPH 2024) from the "
        "data file shipped in the project. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="CSV file to load.")

    def handle(self, *args, file, **options):
        if not file.exists():
            raise CommandError(f"Data file not found: {file}")
        try:
            rows = read_divisions(file)
        except (KeyError, csv.Error, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        created, updated = self.load(rows)
        counts = Counter(row["level"] for row in rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {created} created, {updated} updated, {len(rows) - created - updated} unchanged "
                f"({counts['region']} regions, {counts['prefecture'] + counts['province']} "
                f"prefectures/provinces, {counts['commune']} communes)."
            )
        )

    @transaction.atomic
    def load(self, rows):
        existing = {region.code: region for region in Region.objects.all()}
        slugs = slugs_for(rows)
        created = updated = 0
        for row in rows:
            values = {
                "level": row["level"],
                "parent": existing.get(row["parent_code"]) if row["parent_code"] else None,
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "name_en": row["name_en"] or row["name_fr"],
                "alt_names": row.get("name_ar_alt", ""),
                "slug": slugs[row["code"]],
            }
            if row["parent_code"] and values["parent"] is None:
                raise CommandError(f"Division {row['code']} names an unknown parent {row['parent_code']}.")
            region = existing.get(row["code"])
            if region is None:
                existing[row["code"]] = Region.objects.create(code=row["code"], **values)
                created += 1
            elif any(getattr(region, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(region, field, value)
                workflow.save_subject(region)  # a renamed division reaches its articles' search text
                updated += 1
        return created, updated
