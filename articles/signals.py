"""Keep the stored search document in step with the tags and places it copies.

Why signals here (and only here): an article's search text includes its tag names and its
region's names, but tags are set after the article row is saved (the admin's save_m2m,
`load_demo`, imports, tests), and tags and regions are renamed from their own admin pages. Every
such path would otherwise have to remember a refresh call. The receivers only recompute derived
columns (`Article.refresh_search_document`); they send nothing and touch no other data.
"""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from .models import Article, EventTag, Region


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="articles_tags_search")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":  # the tag is leaving every article: remember which
        instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        instance.refresh_search_document()
        return
    ids = pk_set if action != "post_clear" else getattr(instance, "_search_article_ids", [])
    Article.objects.filter(pk__in=ids).refresh_search_documents()


@receiver(pre_save, sender=Region, dispatch_uid="articles_region_search_names")
@receiver(pre_save, sender=EventTag, dispatch_uid="articles_tag_search_names")
def remember_names(sender, instance, raw, **kwargs):
    """Note whether a rename is happening, so unrelated saves cost nothing."""
    if raw or not instance.pk:
        instance._search_names_changed = False
        return
    names = ["name_ar", "name_fr", "name_en", *(["alt_names"] if sender is Region else [])]
    old = sender.objects.filter(pk=instance.pk).values(*names).first()
    instance._search_names_changed = old is not None and any(old[n] != getattr(instance, n) for n in names)


@receiver(post_save, sender=Region, dispatch_uid="articles_region_search")
def region_renamed(sender, instance, raw, **kwargs):
    if getattr(instance, "_search_names_changed", False):
        Article.objects.in_region(instance).refresh_search_documents()


@receiver(post_save, sender=EventTag, dispatch_uid="articles_tag_search")
def tag_renamed(sender, instance, raw, **kwargs):
    if getattr(instance, "_search_names_changed", False):
        instance.articles.all().refresh_search_documents()
