from django import forms

from newsroom.uploads import ImageUploadField


class AuthorAdminForm(forms.ModelForm):
    """The photo goes through the same checks and metadata stripping as article images.

    `AuthorAdmin` supplies the model and fields.
    """

    class Meta:
        field_classes = {"photo": ImageUploadField}
