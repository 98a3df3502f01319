import os

from django.core.wsgi import get_wsgi_application

from newsroom.startup import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()
refuse_to_serve_without_secret_key()
