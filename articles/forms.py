from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.ModelForm):
    """What a reader fills in under an article."""

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"name": _("الاسم"), "email": _("البريد الإلكتروني (لن يُنشر)"), "body": _("تعليقك")}
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "body": forms.Textarea(attrs={"dir": "auto", "rows": 5}),
        }
