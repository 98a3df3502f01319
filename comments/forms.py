import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Comment
from .text import count_links, has_visible_character

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): a reader's text could use
# them to reverse what follows it on the page. Marks (LRM/RLM) and joiners are harmless and kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

HONEYPOT_MESSAGE = _("لم يُقبل التعليق: املأ الحقول الظاهرة فقط ثم أعد الإرسال.")


class CommentForm(forms.ModelForm):
    """What a reader fills in under an article. The status is not a field: forged values are ignored."""

    # Left empty by people (it is hidden from sight and from screen readers); bots fill it in.
    website = forms.CharField(
        label=_("لا تملأ هذا الحقل"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"name": _("الاسم"), "email": _("البريد الإلكتروني (لن يُنشر)"), "body": _("تعليقك")}
        help_texts = {
            "name": _("يظهر مع تعليقك."),
            "email": _("لا يظهر للعموم، ويبقى لدى هيئة التحرير."),
            "body": _("نص عادي، حتى 3000 حرف. تظهر التعليقات بعد مراجعتها."),
        }
        error_messages = {
            "name": {
                "required": _("اكتب اسمك."),
                "invisible": _("الاسم لا يحتوي على أي حرف ظاهر: اكتب اسمك بحروف تُقرأ."),
                "max_length": _("الاسم طويل: %(limit_value)d حرفًا على الأكثر (الحالي %(show_value)d)."),
            },
            "email": {
                "required": _("اكتب بريدك الإلكتروني؛ لن يُنشر."),
                "invalid": _("البريد الإلكتروني غير صحيح، مثال صحيح: name@example.com"),
            },
            "body": {
                "required": _("اكتب تعليقك."),
                "invisible": _("التعليق لا يحتوي على أي حرف ظاهر: اكتب نصًّا يُقرأ."),
                "max_length": _("التعليق طويل: %(limit_value)d حرف على الأكثر (الحالي %(show_value)d)."),
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "body": forms.Textarea(attrs={"dir": "auto", "rows": 5}),
        }

    def _clean_text(self, field):
        value = _BIDI_CONTROLS.sub("", self.cleaned_data[field]).strip()
        if not value:
            raise forms.ValidationError(self.Meta.error_messages[field]["required"], code="required")
        if not has_visible_character(value):
            raise forms.ValidationError(self.Meta.error_messages[field]["invisible"], code="invisible")
        return value

    def clean_name(self):
        return self._clean_text("name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = self._clean_text("body")
        links, limit = count_links(body), settings.COMMENTS_MAX_LINKS
        if links > limit:
            raise forms.ValidationError(
                _("التعليق يحتوي على %(links)s روابط، والحد الأقصى %(limit)s."),
                code="too_many_links",
                params={"links": links, "limit": limit},
            )
        return body

    def comment_data(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return super().clean()
