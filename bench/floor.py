"""The framework's floor for bench/load.py: a bare Django view rendering, from memory, a template
of about the size of the site's home page. No project code, no database, no middleware.

    gunicorn --chdir bench floor:application   (FLOOR_BYTES sets the page size, default 40000)
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

CARD = (
    '<article class="card"><div class="card__body"><p class="kicker" dir="auto">{{ card.kicker }}</p>'
    '<h3 class="card__title" dir="auto"><a href="{{ card.url }}">{{ card.title }}</a></h3>'
    '<p class="card__lead" dir="auto">{{ card.lead|truncatewords:40 }}</p><p class="meta">'
    '<a class="meta__region" href="/regions/{{ card.region }}/">{{ card.region }}</a>'
    '<time datetime="2026-03-02T10:00+01:00">{{ card.date }}</time></p></div></article>'
)
TEMPLATE = Engine().from_string(
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{{ title }}</title>'
    '</head><body><main><h1>{{ title }}</h1><div class="grid">{% for card in cards %}' + CARD + "{% endfor %}"
    "</div></main></body></html>"
)


def cards(size):
    lead = "حملة تحسيسية لفائدة ساكنة الجماعة حول التسجيل في السجل الاجتماعي الموحد " * 4
    card = {
        "kicker": "مجتمع",
        "title": "خبر من الجهة",
        "lead": lead,
        "region": "سوس-ماسة",
        "date": "2 مارس 2026",
    }
    one = len(TEMPLATE.render(Context({"cards": [{**card, "url": "/articles/1/x/"}]})).encode())
    return [{**card, "url": f"/articles/{i}/x/"} for i in range(max(1, size // max(1, one - 200)))]


def page(request):
    return HttpResponse(TEMPLATE.render(Context({"title": "نيوزروم", "cards": CARDS})))


settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
django.setup()
CARDS = cards(int(os.environ.get("FLOOR_BYTES", "40000")))
urlpatterns = [path("", page)]
application = get_wsgi_application()
