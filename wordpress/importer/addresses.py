"""Every old address of an imported thing → a `redirects.Redirect` to what it became."""

from django.contrib.contenttypes.models import ContentType

from redirects.models import Redirect
from redirects.paths import normalize_path

MAX_PATH = Redirect._meta.get_field("old_path").max_length


class Addresses:
    def __init__(self, context):
        self.context = context
        self._types = {}

    def point(self, paths, target=None, *, new_path=""):
        """Record `paths` as leading to `target` (an object with get_absolute_url) or `new_path`.
        The first claim on a path wins: a later item never steals another's old address."""
        if target is None and not new_path:
            return 0
        return self.point_many([(paths, target)], new_path=new_path)

    def point_many(self, claims, *, new_path=""):
        """`point` for many targets at once, from `(paths, target)` in order: one insert."""
        rows, seen = [], set()
        for paths, target in claims:
            content_type = self._type(target) if target is not None else None
            for path in paths:
                key = normalize_path(path)
                if key in seen or key == "/" or len(key) > MAX_PATH:
                    continue
                seen.add(key)
                rows.append(
                    Redirect(
                        old_path=key,
                        new_path=new_path,
                        content_type=content_type,
                        object_id=target.pk if target is not None else None,
                    )
                )
        if rows:
            Redirect.objects.bulk_create(rows, ignore_conflicts=True)
        return len(rows)

    def _type(self, target):
        model = type(target)
        if model not in self._types:
            self._types[model] = ContentType.objects.get_for_model(model)
        return self._types[model]
