"""Categories → the region they name (places.py), otherwise event tags; tags → event tags."""

from django.utils.translation import gettext as _

from articles.models import EventTag, Region
from newsroom.slugs import unicode_slug, unique_slug

from ..models import ImportedItem
from .ledger import digest


class Subjects:
    def __init__(self, context, matcher):
        self.context, self.matcher = context, matcher
        self._regions = {}  # HCP code → Region or None
        self._tags = {}  # slug → EventTag
        self._terms = {}  # (domain, slug or name) → Region or EventTag
        self._regions_loaded = Region.objects.exists()
        self.categories = {}  # slug → Term, for nested category archives

    # --- Channel terms ------------------------------------------------------------------------

    def term(self, term):
        """A `<wp:category>` or `<wp:tag>`: what it becomes, and its old archive addresses."""
        kind = {"category": "categories", "post_tag": "tags"}.get(term.taxonomy)
        if kind is None:
            self.context.report.count("other", "skipped")
            return None
        if term.is_category:
            self.categories[term.slug] = term
        key, value = f"{term.taxonomy}:{term.slug or term.name}", digest(term)
        known = self.context.ledger.get(ImportedItem.Kind.TERM, key)
        target = self.resolve(term.taxonomy, term.slug, term.name)
        if known and known.digest == value and known.object_id == target.pk:
            self.context.report.count(kind, "unchanged")
            return target
        self.context.ledger.record(
            ImportedItem.Kind.TERM, key, object_id=target.pk, digest=value, parent_key=target._meta.model_name
        )
        self.context.report.count(kind, "updated" if known else "imported")
        ancestors = self._ancestors(term) if term.is_category else ()
        self.context.addresses.point(self.context.old_paths.term_paths(term, ancestors=ancestors), target)
        return target

    def _ancestors(self, term):
        chain, seen, parent = [], {term.slug}, term.parent
        while parent and parent not in seen and parent in self.categories:
            seen.add(parent)
            chain.insert(0, parent)
            parent = self.categories[parent].parent
        return chain

    # --- Items ----------------------------------------------------------------------------------

    def for_item(self, item):
        """(region or None, [event tags]) for a post's categories and tags."""
        region = None
        if self._regions_loaded:
            division = self.matcher.most_specific(item.categories)
            region = self._region(division.code) if division else None
        tags = []
        for term in item.categories:
            if self._regions_loaded and self._is_place(term):
                continue  # a place: the region says it (or a less specific one is implied)
            tags.append(self._tag(term.slug, term.name))
        tags.extend(self._tag(term.slug, term.name) for term in item.tags)
        return region, list(dict.fromkeys(t for t in tags if t is not None))

    def _is_place(self, term):
        key = ("place", term.slug, term.name)
        if key not in self._terms:
            self._terms[key] = bool(self.matcher.candidates(term.name, term.slug))
        return self._terms[key]

    def forget(self):
        """After an item's transaction rolled back, tags it created are gone: read them again."""
        self._tags.clear()
        self._terms = {key: value for key, value in self._terms.items() if key[0] == "place"}

    def resolve(self, taxonomy, slug, name):
        key = (taxonomy, slug or name)
        if key not in self._terms:
            target = None
            if taxonomy == "category":
                if not self._regions_loaded:
                    self._warn_regions()
                else:
                    division = self.matcher.match(name, slug)
                    target = self._region(division.code) if division else None
            self._terms[key] = target or self._tag(slug, name)
        return self._terms[key]

    def _region(self, code):
        if code not in self._regions:
            self._regions[code] = Region.objects.filter(code=code).first()
        return self._regions[code]

    def _tag(self, slug, name):
        slug = slug or unicode_slug(name, fallback="tag")
        if slug in self._tags:
            return self._tags[slug]
        tag = EventTag.objects.filter(slug=slug).first()
        if tag is None:
            tag = EventTag(name_ar=(name or slug)[:200], slug=unique_slug(EventTag, slug, fallback="tag"))
            tag.save()
        self._tags[slug] = tag
        return tag

    def _warn_regions(self):
        if getattr(self, "_warned", False):
            return
        self._warned = True
        self.context.report.problem(
            "", _("لا مناطق في قاعدة البيانات (شغّل load_regions): التصنيفات كلها صارت وسومًا.")
        )
