"""Reader comments and the editors' moderation rules."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import contains_phrase, fingerprint, fold


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def older_than(self, days, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=days))

    def from_senders_of(self, comments, *, by):
        """Every comment sharing an e-mail (`by="email"`) or an IP address (`by="ip_address"`) with
        `comments`, whatever its article."""
        values = {value for value in comments.values_list(by, flat=True) if value}
        if by == "email":
            query = Q()
            for email in values:
                query |= Q(email__iexact=email)
            return self.filter(query) if values else self.none()
        return self.filter(**{f"{by}__in": values})


class Comment(models.Model):
    """A reader's comment. E-mail, IP and user agent are never shown publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", _("في انتظار المراجعة")
        APPROVED = "approved", _("مقبول")
        REJECTED = "rejected", _("مرفوض")
        SPAM = "spam", _("مزعج")

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("المقال"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("الاسم"), max_length=100)
    email = models.EmailField(_("البريد الإلكتروني"), max_length=254)
    url = models.URLField(_("الموقع"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ردّ على"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    body = models.TextField(_("التعليق"), max_length=3000)
    original_body = models.TextField(
        _("النص الأصلي"), blank=True, help_text=_("يُحفظ عند تعديل المشرف للتعليق.")
    )
    status = models.CharField(_("الحالة"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("أرسل في"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("عنوان IP"), null=True, blank=True)
    user_agent = models.CharField(_("المتصفح"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("راجعه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("روجع في"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("عدّله"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("عُدّل في"), null=True, blank=True)
    flag_reason = models.CharField(
        _("ملاحظة المرشّح"),
        max_length=200,
        blank=True,
        help_text=_("لماذا حُجز التعليق أو عُدّ مزعجًا أو قُبل تلقائيًا."),
    )
    # The rule matched (its e-mail, address or word): editors' knowledge, so kept apart from the
    # reason, which journalists see.
    flag_detail = models.CharField(
        _("ما طابقه المرشّح"),
        max_length=300,
        blank=True,
        help_text=_("القاعدة التي طابقها التعليق؛ لا يراها إلا المحررون."),
    )
    fingerprint = models.CharField(_("بصمة النص"), max_length=64, blank=True, editable=False, db_index=True)
    # The random key of the browser it came from (comments.trust), while auto-approval is on.
    browser_key = models.CharField(
        _("مفتاح المتصفح"), max_length=64, blank=True, editable=False, db_index=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        db_table = "articles_comment"  # the table it had when comments lived in the articles app
        permissions = [("moderate_comment", _("يمكنه مراجعة التعليقات (قبول، رفض، مزعج، تعديل)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_status_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        if not self.fingerprint:
            self.fingerprint = fingerprint(self.original_body or self.body)
        super().save(*args, **kwargs)

    @property
    def is_edited(self):
        return self.edited_at is not None


class ModerationRule(models.Model):
    """An editor's rule for incoming comments: a word or phrase, an e-mail (or @domain), an IP
    address or range; matching comments are held for review or sent to spam."""

    class Kind(models.TextChoices):
        WORD = "word", _("كلمة أو عبارة")
        EMAIL = "email", _("بريد إلكتروني أو نطاق")
        IP = "ip", _("عنوان IP أو نطاق")

    class Action(models.TextChoices):
        HOLD = "hold", _("حجز للمراجعة")
        BLOCK = "block", _("اعتبار التعليق مزعجًا")

    kind = models.CharField(_("النوع"), max_length=5, choices=Kind.choices)
    value = models.CharField(
        _("القيمة"),
        max_length=200,
        help_text=_("كلمة أو عبارة؛ أو بريد كامل أو ‎@نطاق؛ أو عنوان IP أو نطاق مثل ‎196.200.0.0/16."),
    )
    action = models.CharField(_("الإجراء"), max_length=5, choices=Action.choices, default=Action.BLOCK)
    note = models.CharField(_("ملاحظة"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("أنشئ في"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("قاعدة إشراف")
        verbose_name_plural = _("قواعد الإشراف على التعليقات")
        db_table = "articles_moderationrule"
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="moderationrule_unique"),
            models.CheckConstraint(condition=Q(kind__in=["word", "email", "ip"]), name="moderationrule_kind"),
            models.CheckConstraint(condition=Q(action__in=["hold", "block"]), name="moderationrule_action"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.canonical_value(self.kind, self.value)

    @classmethod
    def canonical_value(cls, kind, value):
        """The canonical form of a rule's value, or a ValidationError saying what is wrong."""
        value = (value or "").strip()
        if kind == cls.Kind.WORD:
            if not fold(value):
                raise ValidationError({"value": _("اكتب كلمة أو عبارة.")})
            return value
        if kind == cls.Kind.EMAIL:
            value = value.lower()
            try:
                validate_email(value if not value.startswith("@") else f"x{value}")
            except ValidationError:
                raise ValidationError(
                    {"value": _("اكتب بريدًا كاملًا (name@example.com) أو نطاقًا يبدأ بـ @ (‎@example.com).")}
                ) from None
            return value
        if kind == cls.Kind.IP:
            try:
                return str(ipaddress.ip_network(value, strict=False))
            except ValueError:
                raise ValidationError(
                    {"value": _("اكتب عنوان IP (‎196.200.1.2) أو نطاقًا (‎196.200.0.0/16).")}
                ) from None
        return value

    def matches(self, *, name, email, body, ip_address):
        """Whether a comment with these details falls under this rule."""
        if self.kind == self.Kind.WORD:
            return contains_phrase(body, self.value) or contains_phrase(name, self.value)
        if self.kind == self.Kind.EMAIL:
            email = (email or "").lower()
            return email == self.value or (self.value.startswith("@") and email.endswith(self.value))
        if self.kind == self.Kind.IP and ip_address:
            try:
                return ipaddress.ip_address(ip_address) in ipaddress.ip_network(self.value, strict=False)
            except ValueError:
                return False
        return False
