"""Path converters shared by the apps' URLconfs (registered once, on import)."""

from django.urls import register_converter


class UnicodeSlugConverter:
    """A Unicode slug in a path segment; control characters (NUL among them) never match, so they 404."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")
