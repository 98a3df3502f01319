"""One rule for showing a translated name."""


class DisplayNameMixin:
    """For models whose `name` is translated and required only in Arabic."""

    @property
    def display_name(self):
        """The name in the active language, or the Arabic one when it has no translation."""
        return self.name or self.name_ar
