from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.names import DisplayNameMixin
from newsroom.slugs import fill_slug


class AuthorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def public(self):
        """Authors readers may see: active, with published articles (a byline only drafts carry
        is not news yet)."""
        # Articles are reached through the relation, as everywhere in this app.
        Article = self.model._meta.get_field("articles").related_model
        published = Article.objects.published().filter(authors=models.OuterRef("pk"))
        return self.active().filter(models.Exists(published))


class Author(DisplayNameMixin, models.Model):
    """A byline. A contributor may have one without a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("حساب الدخول"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )
    name = models.CharField(_("الاسم"), max_length=150)
    slug = models.SlugField(
        _("المعرّف في الرابط"), max_length=160, unique=True, allow_unicode=True, blank=True
    )
    job_title = models.CharField(_("الصفة"), max_length=150, blank=True)
    bio = models.TextField(_("نبذة"), blank=True)
    photo = models.ImageField(_("الصورة"), upload_to="authors/%Y/", blank=True)
    public_email = models.EmailField(_("البريد الإلكتروني العمومي"), blank=True)
    is_active = models.BooleanField(_("نشط"), default=True)
    created_at = models.DateTimeField(_("أنشئ في"), auto_now_add=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, "name", fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})
