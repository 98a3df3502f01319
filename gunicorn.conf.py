"""Gunicorn in production: `gunicorn newsroom.wsgi` from the project folder reads this file.

Every value can be changed from the environment (GUNICORN_*); docs/deployment.md explains them.
"""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
proc_name = "newsroom"

# Sync workers: each request holds one process, so with pages that wait on PostgreSQL the usual
# 2 × cores + 1 keeps the cores busy.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a worker stuck longer is killed and replaced
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))  # finish requests on HUP/TERM
keepalive = 2
# Replace each worker after 500,000 to 750,000 requests: a guard against slow leaks. Not fewer: a
# worker serving cached pages does one to two thousand a second, and a replacement spends a second
# or two of a core starting while the others queue its share. The jitter is half the count, so
# workers that started together and share the load evenly are replaced minutes apart, not at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "500000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "250000"))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeats off the disk

# Forwarded headers. The app believes X-Forwarded-For for TRUSTED_PROXY_COUNT proxies
# (articles' client_ip); gunicorn must then believe X-Forwarded-Proto (https behind a TLS proxy)
# from those proxies only. With no proxy, it believes no one.
trusted_proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
forwarded_allow_ips = (
    os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if trusted_proxies else ""
)

# Logs on stderr/stdout for systemd's journal or the container runtime. The access log carries the
# forwarded client address and the request's time in milliseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s fwd=%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def post_worker_init(worker):
    """Warm each new worker (templates, catalogues, URLs, connections) before it takes a request."""
    from newsroom.warmup import warm_up

    warm_up()
