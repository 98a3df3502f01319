from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class ThrottledModelBackend(AxesStandaloneBackend, ModelBackend):
    """Django's ModelBackend behind django-axes' lockout check, as one backend.

    One backend rather than axes' usual two, because `User.objects.with_perm()` (who moderates
    comments) needs to be told which backend to ask when there are several.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises PermissionDenied while locked out; Django then reports a failed login to axes.
        AxesStandaloneBackend.authenticate(self, request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(self, request, username=username, password=password, **kwargs)
