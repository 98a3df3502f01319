from modeltranslation.translator import TranslationOptions, register

from .models import Article, Correction, EventTag, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(EventTag)
class EventTagTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "kicker", "lead", "body", "meta_description")
    required_languages = ("ar",)


@register(Correction)
class CorrectionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)
