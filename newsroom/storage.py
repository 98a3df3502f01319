"""Media in S3-compatible object storage (`MEDIA_STORAGE=s3`): private originals, public derivatives.

Originals (uploads, whatever their article's state) stay private: their URLs are signed and stop
working after `MEDIA_SIGNED_URL_SECONDS`, so an embargoed photo never has a public address.
Files under `MEDIA_PUBLIC_PREFIXES` (renditions, made from originals for the public pages) are
stored readable by anyone and get plain, stable URLs — on `MEDIA_PUBLIC_URL` when a CDN is in
front — so pages that keep them for days (the rendition cache, cached pages, feeds) never hold an
expired link.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class MediaStorage(S3Storage):
    def is_public(self, name):
        return clean_name(name).startswith(tuple(settings.MEDIA_PUBLIC_PREFIXES))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if self.is_public(name) and settings.MEDIA_PUBLIC_ACL:
            parameters.setdefault("ACL", settings.MEDIA_PUBLIC_ACL)
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.is_public(name):
            return super().url(name, parameters, expire, http_method)
        if settings.MEDIA_PUBLIC_URL:
            return f"{settings.MEDIA_PUBLIC_URL}/{filepath_to_uri(self._normalize_name(clean_name(name)))}"
        key = self._normalize_name(clean_name(name))
        return self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket.name, "Key": key}
        )
