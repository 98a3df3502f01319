"""Newsroom settings: one module, production values from the environment."""

import json
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_origins(name):
    """Exact HTTPS origins (scheme, host, optional port): no path, no wildcard."""
    origins = env_list(name)
    for origin in origins:
        if not re.fullmatch(r"https://[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?", origin):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an exact origin like https://www.example.com"
            )
    return origins


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
    "or set DJANGO_DEBUG=1 for local development."
)
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-never-use-in-production"
# Without a key outside debug, commands that sign nothing (migrate, load_regions, makemigrations)
# still run; the servers refuse to start: see refuse_to_serve_without_secret_key() in wsgi.py.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "نيوزروم")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_prose_editor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "images",
    "authors",
    "articles",
    "comments",
    "embeds",
    "redirects",
    "wordpress",
]

MIDDLEWARE = [
    "newsroom.health.HealthCheckMiddleware",  # first: answers load balancers before host checks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may answer (redirects, 404s, lockouts), so every page gets its policy.
    "newsroom.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # 304s, for cached pages too
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A 404 for an old WordPress address (or /?p=ID on the home page) becomes a 301. Outside the page
    # cache, which hands a view only the parameters it reads (the home page reads none).
    "redirects.middleware.RedirectFallbackMiddleware",
    "newsroom.pagecache.middleware.PageCacheMiddleware",  # needs the session and the language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "accounts.middleware.SecondStepMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.replicas.ReplicaRoutingMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: turns a lockout into its page
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite under var/ is the zero-setup default; DATABASE_URL=postgres://… for PostgreSQL.
# Connections are kept for DATABASE_CONN_MAX_AGE seconds and checked before reuse, so a restarted
# PostgreSQL costs the requests made while it was down (a 503 each), and nothing after.

(BASE_DIR / "var").mkdir(exist_ok=True)
conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
conn_health_checks = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'newsroom.sqlite3'}",
        conn_max_age=conn_max_age,
        conn_health_checks=conn_health_checks,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Seconds a reader is asked to wait (Retry-After) when the database cannot be reached.
DATABASE_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_RETRY_AFTER_SECONDS", "15"))

# Read replicas (DATABASE_REPLICA_URL, comma-separated): public reads only; see newsroom/replicas.py.
for number, url in enumerate(env_list("DATABASE_REPLICA_URL"), start=1):
    replica = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks)
    if replica["ENGINE"].endswith("postgresql"):
        replica["OPTIONS"] = {"connect_timeout": 2, **replica.get("OPTIONS", {})}
    # Tests read the primary's test database through the replica's own server.
    DATABASES[f"replica_{number}"] = {**replica, "TEST": {"MIRROR": "default"}}
DATABASE_REPLICAS = [alias for alias in DATABASES if alias.startswith("replica_")]
DATABASE_ROUTERS = ["newsroom.replicas.PrimaryReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "5"))
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))  # reads after a write
# The task queue (django-tasks-db, or django-tasks before 0.12) is read by workers: always the primary.
DATABASE_PRIMARY_APPS = {
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "django_tasks_db",
    "django_tasks_database",
}
DATABASE_PRIMARY_URL_NAMES = {"articles:preview", "articles:shared-preview"}

# --- Cache and sessions ---------------------------------------------------------------------
# Redis in production (REDIS_URL), shared by every app server: the cache, rate limits and
# lockout counters, and a copy of each session. FailSafeRedisCache (newsroom/cache.py) keeps
# pages serving while Redis is down. Sessions live in the database (cached_db) so a Redis restart
# logs nobody out. Without REDIS_URL: local memory and database sessions, for one process.

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # How long a Redis command may take before the process falls back (and tries again after
    # CACHE_RETRY_SECONDS): short, so a lost server costs little; longer on a slow network.
    socket_timeout = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))
    redis_options = {
        "RETRY_SECONDS": float(os.environ.get("CACHE_RETRY_SECONDS", "5")),
        "socket_timeout": socket_timeout,
        "socket_connect_timeout": socket_timeout,
    }
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {**redis_options, "FALLBACK": "local"},
        },
        "sessions": {
            "BACKEND": "newsroom.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sessions",
            "OPTIONS": {**redis_options, "FALLBACK": "none"},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},  # cached pages and their tags
        }
    }

# --- Page cache and HTTP caching (newsroom/pagecache, docs/performance.md) -------------------
# Whole public pages for anonymous readers, in the default cache (Redis with REDIS_URL, shared by
# every app server), purged by tag from the write paths. 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))
# Choices many pages share (the home page's region blocks, each article's related articles), kept
# under the page cache's tags for this long at most, with the page cache on or off (0: never).
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "0" if DEBUG else "300"))
# Each process also holds copies of the fragments it used, up to this many bytes, so a page reads
# the shared cache once and not once per fragment (newsroom/pagecache/copies.py; 0: no copies).
FRAGMENT_LOCAL_BYTES = int(os.environ.get("FRAGMENT_LOCAL_BYTES", str(16 * 1024 * 1024)))
# A copy kept this much longer, served while one request rebuilds it and when the database is down.
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("PAGE_CACHE_STALE_SECONDS", "86400"))
PAGE_CACHE_LOCK_SECONDS = 10  # one request rebuilds a page; the lock frees itself after this
PAGE_CACHE_WAIT_SECONDS = 2.0  # others wait this long for a purged page before rendering it too
PAGE_CACHE_SCHEDULE = "articles.pagetags.next_due"  # when the next scheduled article goes live
# A dotted callable called with the list of purged tags after each purge (a CDN purge by tag).
PAGE_CACHE_PURGE_HOOK = os.environ.get("PAGE_CACHE_PURGE_HOOK", "")
# Cache-Control of anonymous public pages: max-age for browsers and CDNs (0: no-cache).
HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", "0" if DEBUG else "60"))
HTTP_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("HTTP_CACHE_STALE_WHILE_REVALIDATE", "60"))
HTTP_CACHE_STALE_IF_ERROR = int(os.environ.get("HTTP_CACHE_STALE_IF_ERROR", "86400"))

# --- Auth -----------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Refuses locked-out logins before a password is checked, then Django's own check.
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "admin:login"

# Staff login throttling (django-axes, counted in the database so it holds across app servers).
# Failures are counted per account and per address (client_ip, so TRUSTED_PROXY_COUNT applies),
# each on its own, whether the account exists or not. After LOGIN_FAILURE_LIMIT failures the
# login waits LOGIN_COOLOFF_MINUTES; every further LOGIN_FAILURE_LIMIT failures within a day
# double the wait, up to LOGIN_COOLOFF_MAX_HOURS (accounts/lockout.py).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
LOGIN_COOLOFF_MAX_HOURS = int(os.environ.get("LOGIN_COOLOFF_MAX_HOURS", "24"))
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each lockout expires on its own clock, whatever other logins do
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries while locked test no password: not counted
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the day's failures that make the wait grow
AXES_CLIENT_IP_CALLABLE = "newsroom.http.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = []  # failures are logged with username and IP (passwords never)

# Two-factor authentication for staff (django-otp): an authenticator app plus backup codes.
# With STAFF_2FA_REQUIRED, editors and superusers cannot work without it; anyone who enrolled
# must always give it.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED")
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # a key is shown once, at enrolment, never again in the admin

# Sessions: staff are signed out after this long without a request (an open admin page keeps
# the session alive while someone types in it). Django rotates the session key at login and
# ends every other session of a user whose password changes.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "60"))

# --- Languages and time ---------------------------------------------------------------------
# Arabic first. Morocco observes UTC+1 except during Ramadan (UTC+0); tzdata is pinned in
# pyproject.toml so that switch is right whatever the host's zone files say.

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("العربية")), ("fr", _("Français")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# MEDIA_STORAGE=s3: object storage shared by every app server (newsroom/storage.py); the bucket
# and credentials come from django-storages' standard AWS_* variables.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE") or "local"
MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", "3600"))  # originals' links
MEDIA_PUBLIC_ACL = os.environ.get("MEDIA_PUBLIC_ACL", "public-read")  # "": a bucket policy does it
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None  # None: Amazon S3 itself
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")
    AWS_S3_SIGNATURE_VERSION = "s3v4"  # what every current S3-compatible service accepts
    AWS_S3_FILE_OVERWRITE = False  # two uploads of "photo.jpg" stay two files, as on disk
    AWS_DEFAULT_ACL = None  # private, as the bucket is; public files get MEDIA_PUBLIC_ACL
    AWS_QUERYSTRING_EXPIRE = MEDIA_SIGNED_URL_SECONDS
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'local' or 's3', not {MEDIA_STORAGE!r}.")
MEDIA_PUBLIC_PREFIXES = ("renditions/", "embeds/")  # readable by anyone; everything else signed
# Library originals (under originals/) are served by images.views.original only. Set to the web
# server's internal location (nginx: `location /protected-media/ { internal; alias MEDIA_ROOT/; }`)
# to have it send the file (X-Accel-Redirect) once the view has said yes.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
MEDIA_PUBLIC_URL = os.environ.get("MEDIA_PUBLIC_URL", "").rstrip("/")  # a CDN in front of them
STORAGES = {
    "default": {
        "BACKEND": (
            "newsroom.storage.MediaStorage"
            if MEDIA_STORAGE == "s3"
            else "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: images above these limits are refused (decompression bombs included).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------------
# Production (DJANGO_DEBUG off) is HTTPS-only unless told otherwise; docs/security.md gives the
# environment for a deployment behind a TLS-terminating reverse proxy, which `check --deploy`
# passes.

# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR only);
# read by newsroom.http.client_ip wherever the client's address matters (comment rate limits).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: admin forms carry the token in a hidden field
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # nothing is framed, the admin's editor and previews included
SECURE_REFERRER_POLICY = "same-origin"  # preview links and admin URLs never leave in a Referer
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets X-Forwarded-Proto itself, replacing whatever the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Off unless chosen, so `check --deploy` is told it is deliberate: the browsers' preload list takes
# months to leave and binds every subdomain to HTTPS. docs/security.md says when to turn it on.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (django-csp 4) on every response; newsroom/csp.py gives the admin its
# own. No inline script anywhere on the public site; the admin's few carry a per-request nonce.
# frame-src of the public pages: the embed providers' iframe origins (embeds/providers.py and
# EMBED_OEMBED_PROVIDERS below, asked through FRAME_SRC_ORIGINS at each response) plus CSP_EMBED_ORIGINS,
# exact origins (https://www.example.com) to be framed besides.
# CSP_REPORT_ONLY=1 reports violations (to CSP_REPORT_URI, if set) without blocking anything. Both
# stay lowercase here: django-csp reads upper-case CSP_* settings as its old 3.x format.
_csp_report_only = env_bool("CSP_REPORT_ONLY")
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "")
CSP_EMBED_ORIGINS = env_origins("CSP_EMBED_ORIGINS")
CSP_PUBLIC_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": CSP_EMBED_ORIGINS or [NONE],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "report-uri": [_csp_report_uri] if _csp_report_uri else None,
}
FRAME_SRC_ORIGINS = "embeds.providers.frame_origins"
CSP_ADMIN_DIRECTIVES = {
    **CSP_PUBLIC_DIRECTIVES,
    "script-src": [SELF, NONCE],  # the import map of the rich-text editor and two small scripts
    # The editor (Tiptap, in django-prose-editor) injects its base stylesheet as a <style> and
    # cannot be given a nonce: allow exactly that text. An upgrade that changes it makes
    # tests/newsroom/test_csp_browser.py fail with the new hash.
    "style-src": [SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    "frame-src": [NONE],
}
_csp = {"DIRECTIVES": CSP_PUBLIC_DIRECTIVES}
CONTENT_SECURITY_POLICY = None if _csp_report_only else _csp
CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp if _csp_report_only else None

# The body editor's own nodes (image, gallery, embed): their module and what they produce (a
# callable: 0.28 cannot import a processor by dotted path). articles/sanitize.py keeps the same.
_MEDIA_FIGURES = html_tags(
    ["figure", "figcaption"],
    {"figure": ["data-image", "data-size", "data-align", "data-credit", "data-gallery", "data-embed"]},
)
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/media_nodes.js")],
        "extensions": {
            "NewsImage": _MEDIA_FIGURES,
            "NewsGallery": _MEDIA_FIGURES,
            "NewsEmbed": _MEDIA_FIGURES,
        },
    },
    {"js": [static_lazy("articles/admin/paste.js")], "extensions": {"PasteCleanup": html_tags([])}},
]

# The article form's autosave: the largest record a journalist's browser may send (all bodies).
AUTOSAVE_MAX_BYTES = int(os.environ.get("AUTOSAVE_MAX_BYTES", 2 * 1024 * 1024))

# --- Embeds ---------------------------------------------------------------------------------

# Extra oEmbed providers, as JSON: [{"name": "Vimeo", "pattern": "https://vimeo\\.com/(?P<id>[0-9]+)",
# "endpoint": "https://vimeo.com/api/oembed.json", "frame": "https://player.vimeo.com/video/{id}"}].
# `pattern` is a regular expression over the pasted URL; `frame` the iframe address built from its
# named groups (and {url}), whose origin joins the CSP frame-src. EMBED_OEMBED_ENDPOINTS (JSON
# {"YouTube": "https://…"}) points a built-in provider's oEmbed questions elsewhere.
EMBED_OEMBED_PROVIDERS = json.loads(os.environ.get("EMBED_OEMBED_PROVIDERS", "[]"))
EMBED_OEMBED_ENDPOINTS = json.loads(os.environ.get("EMBED_OEMBED_ENDPOINTS", "{}"))
EMBED_FETCH_TIMEOUT = float(os.environ.get("EMBED_FETCH_TIMEOUT", 5))
EMBED_FETCH_MAX_BYTES = int(os.environ.get("EMBED_FETCH_MAX_BYTES", 2 * 1024 * 1024))
# Off: an embed's oEmbed answer or thumbnail is never fetched from a loopback, private or
# link-local address (a provider's answer must not reach inside our network). Tests turn it on.
EMBED_FETCH_ALLOW_PRIVATE = env_bool("EMBED_FETCH_ALLOW_PRIVATE")

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Comments (the comments app) -----------------------------------------------------------

COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0")) or None
# Everything below (comment defences and moderation) may be set from the environment.
COMMENTS_MAX_LINKS = int(os.environ.get("COMMENTS_MAX_LINKS", "5"))  # more: the form refuses the comment
COMMENTS_HOLD_LINKS = int(os.environ.get("COMMENTS_HOLD_LINKS", "2"))  # more: held for review
COMMENTS_RATE_LIMIT = (  # (comments, seconds) per IPv4 address or IPv6 /64, in the shared cache
    int(os.environ.get("COMMENTS_RATE_LIMIT_COUNT", "5")),
    int(os.environ.get("COMMENTS_RATE_LIMIT_SECONDS", "600")),
)
COMMENTS_DUPLICATE_WINDOW_DAYS = int(os.environ.get("COMMENTS_DUPLICATE_WINDOW_DAYS", "7"))
# Off by default: every comment waits for an editor. On: a comment is published at once when
# COMMENTS_TRUSTED_AFTER comments with its e-mail address, from the same browser (the signed
# cookie of comments/trust.py), were approved; every other is held.
COMMENTS_AUTO_APPROVE = env_bool("COMMENTS_AUTO_APPROVE")
COMMENTS_TRUSTED_AFTER = int(os.environ.get("COMMENTS_TRUSTED_AFTER", "1"))
COMMENTS_NOTIFY_EDITORS = env_bool("COMMENTS_NOTIFY_EDITORS")  # e-mail moderators about pending comments
COMMENTS_NOTIFY_INTERVAL = int(os.environ.get("COMMENTS_NOTIFY_INTERVAL", "900"))  # at most one mail per…

# --- Editorial workflow ---------------------------------------------------------------------

# Preview links for outside reviewers stop working this many hours after they are made.
PREVIEW_LINK_MAX_AGE_HOURS = int(os.environ.get("PREVIEW_LINK_MAX_AGE_HOURS", "48"))
# --- Public site ----------------------------------------------------------------------------
# Morocco fixes Hijri months by sighting the crescent: set -1/+1 when its calendar differs by a
# day from the computed (Umm al-Qura) one. A restart applies it; it changes at most monthly.

HIJRI_DAY_OFFSET = int(os.environ.get("HIJRI_DAY_OFFSET", "0"))
# Widths of the library's renditions (WebP, JPEG and AVIF where Pillow writes it), made once by the
# task worker and kept in media storage; the public pages' `sizes` pick among them.
IMAGE_RENDITION_WIDTHS = (360, 720, 1080, 1440)
IMAGE_RENDITION_AVIF = env_bool("IMAGE_RENDITION_AVIF", default=True)  # smallest files, slowest to make

# The picture of pages without one of their own (og:image, NewsArticle JSON-LD): a static file at
# least 1200 px wide, as Google's Top stories and the social networks' large cards want.
SITE_DEFAULT_IMAGE = os.environ.get("SITE_DEFAULT_IMAGE", "img/share-default.jpg")
SITE_DEFAULT_IMAGE_SIZE = tuple(
    int(n) for n in os.environ.get("SITE_DEFAULT_IMAGE_SIZE", "1200x675").lower().split("x")
)

# Body figures `<figure data-embed="17">` are drawn by the embeds app: the dotted path of a callable
# taking every embed id of a body at once and returning {id: html} (images/html.py). Empty: left out.
BODY_EMBED_RENDERER = os.environ.get("BODY_EMBED_RENDERER", "embeds.rendering.facades")

# --- Background tasks -----------------------------------------------------------------------
# django-tasks (Django's Tasks API, backported) with its database backend: app servers enqueue,
# `python manage.py db_worker` runs them (docs/deployment.md). TASKS_BACKEND=immediate runs each
# task in the request that queued it, once its transaction commits: the default with
# DJANGO_DEBUG=1, so `make run` needs no worker.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or ("immediate" if DEBUG else "database")
if TASKS_BACKEND not in {"immediate", "database"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND is 'immediate' or 'database', not {TASKS_BACKEND!r}.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Admin ----------------------------------------------------------------------------------
# modeltranslation's language tabs need jQuery UI: serve the vendored copy, never a CDN (an admin
# behind a newsroom firewall, or offline, would lose its tabs).

JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
