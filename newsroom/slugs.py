"""Unicode slugs that stay short once percent-encoded in a URL."""

from django.conf import settings
from django.utils.text import slugify

# An Arabic letter is two bytes in UTF-8 and six characters once percent-encoded, so the limit
# is counted in bytes: 120 bytes is at most 360 characters in a shared link.
MAX_SLUG_BYTES = 120


def unicode_slug(text, *, max_bytes=MAX_SLUG_BYTES, fallback="article"):
    """Return a lowercase Unicode slug of `text`, cut on a word boundary within `max_bytes`."""
    slug = slugify(text or "", allow_unicode=True)
    if len(slug.encode()) > max_bytes:
        words, kept = slug.split("-"), []
        for word in words:
            candidate = "-".join([*kept, word])
            if len(candidate.encode()) > max_bytes:
                break
            kept.append(word)
        slug = "-".join(kept) or slug.encode()[:max_bytes].decode(errors="ignore")
    return slug.strip("-") or fallback


def unique_slug(model, text, *, instance_pk=None, max_bytes=MAX_SLUG_BYTES, fallback="article"):
    """A slug of `text` not yet used by another row of `model` (adds -2, -3… when taken)."""
    base = unicode_slug(text, max_bytes=max_bytes - 8, fallback=fallback)
    others = model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slugs(model, texts, *, max_bytes=MAX_SLUG_BYTES, fallback="article"):
    """`unique_slug` of each of `texts` for new rows of `model` written together: free in the
    table and distinct from each other; one query for all, and one more per slug taken."""
    bases = [unicode_slug(text, max_bytes=max_bytes - 8, fallback=fallback) for text in texts]
    taken = set(model._default_manager.filter(slug__in=set(bases)).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken or (slug != base and model._default_manager.filter(slug=slug).exists()):
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def fill_slug(instance, source_field, *, fallback):
    """Give `instance` a slug, if it has none, from the first filled translation of `source_field`
    (Arabic first)."""
    if instance.slug:
        return
    texts = (getattr(instance, f"{source_field}_{lang}", "") for lang in settings.MODELTRANSLATION_LANGUAGES)
    source = next((text for text in texts if text), getattr(instance, source_field))
    instance.slug = unique_slug(type(instance), source, instance_pk=instance.pk, fallback=fallback)
