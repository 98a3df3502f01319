"""Adding an embed: the one place a provider is asked anything, and only once per URL."""

import logging

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import fetch, providers
from .models import Embed

log = logging.getLogger(__name__)
MAX_URL_LENGTH = 2000


def add_embed(url, *, by, ask_provider=True):
    """The Embed for `url` (the existing one if it was added before), or ValidationError with an
    Arabic message. A provider that cannot be reached leaves an embed with its name, no thumbnail;
    `ask_provider=False` (the demo data) makes it so without asking."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("الرابط أطول من المسموح (%(limit)s حرف).") % {"limit": MAX_URL_LENGTH})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _("هذا ليس رابطًا صالحًا: الصق رابط المنشور أو الفيديو كاملًا (https://…).")
        ) from None
    if existing := Embed.objects.filter(url=url).first():
        return existing
    provider, frame_src = providers.find(url)
    if provider is None:
        raise ValidationError(
            _(
                "لا يمكن تضمين هذا الرابط: المزوّدون المقبولون يوتيوب وفيسبوك وX (تويتر) وإنستغرام وتيك توك "
                "وساوندكلاود وخرائط غوغل، وما أضيف في الإعدادات."
            )
        )
    embed = Embed(url=url, provider=provider.name, frame_src=frame_src, created_by=by)
    if ask_provider:
        _describe(embed, providers.oembed_endpoint(provider))
    with transaction.atomic():
        embed.save()
    return embed


def _describe(embed, endpoint):
    """Title, author and local thumbnail from the provider's oEmbed answer, if it gives one."""
    if not endpoint:
        return
    try:
        data = fetch.oembed(endpoint, embed.url)
    except fetch.FetchError as error:
        log.info("oEmbed for %s not reached: %s", embed.url, error)
        return
    embed.fetched_at = timezone.now()
    embed.title = str(data.get("title") or "")[:300]
    embed.author_name = str(data.get("author_name") or "")[:300]
    if thumbnail_url := data.get("thumbnail_url"):
        try:
            file, _width, _height = fetch.thumbnail(str(thumbnail_url))
        except fetch.FetchError as error:
            log.info("Thumbnail for %s not fetched: %s", embed.url, error)
        else:
            embed.thumbnail.save(file.name, file, save=False)
