from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache


@never_cache
def csrf_token(request):
    """A CSRF token for a form on a cached page (which is shared, so holds none): the script of
    the form fetches it, and the CSRF cookie comes with it."""
    return JsonResponse({"token": get_token(request)})
