"""Load benchmark (not a test): the site under gunicorn beside the framework's floor, with wrk.

    DJANGO_SECRET_KEY=x .venv/bin/python bench/load.py --database newsroom_lean100k \\
        [--duration 8] [--concurrency 8 32] [--cache off on]

Starts, on loopback only, the site with production settings (DEBUG off, the project's
gunicorn.conf.py, 2 sync workers) on the PostgreSQL database given, once with
PAGE_CACHE_SECONDS=0 and once with the page cache on (a branch without a page cache simply ignores
the setting), and bench/floor.py (a bare Django view rendering a template of the home page's size
from memory) under the same gunicorn. Then, in one interleaved run, wrk loads each page for
`--duration` seconds at each concurrency (floor first in every round) and the table gives
requests/s, p50/p99 latency, errors (non-2xx/3xx and socket errors) and the ratio to the floor.
The site caches in a Redis of its own (REDIS_URL), as docs/deployment.md has production do;
`--no-redis` leaves each worker its own memory cache, which a replaced worker starts empty.
Ports 8160-8163. Needs Debian's `wrk` and `redis-server`.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import BIN, AppServer, RedisServer, manage, site_environment, wait_until  # noqa: E402

PORTS = {"floor": 8160, "off": 8161, "on": 8162, "redis": 8163}


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="newsroom_lean100k")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page and concurrency")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--cache", nargs="+", default=["off", "on"], choices=["off", "on"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--no-redis", dest="redis", action="store_false",
        help="cache in each worker's memory instead of a Redis of the benchmark's own, as production has",
    )  # fmt: skip
    parser.add_argument("--output", help="also write the table to this file")
    return parser.parse_args()


class FloorServer(AppServer):
    def __init__(self, port, environment, size, workers):
        super().__init__(port, {**environment, "FLOOR_BYTES": str(size)}, workers=workers)

    def answers(self):
        try:
            return requests.get(f"{self.url}/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def start(self):
        arguments = [
            str(BIN / "gunicorn"), "--chdir", str(ROOT / "bench"), "--bind", f"127.0.0.1:{self.port}",
            "--workers", self.environment["GUNICORN_WORKERS"], "--worker-class", "sync",
            "--keep-alive", "2", "floor:application",
        ]  # fmt: skip
        with open(self.access_log, "w") as stdout, open(self.error_log_path, "w") as stderr:
            self.process = subprocess.Popen(arguments, env=self.environment, stdout=stdout, stderr=stderr)
        wait_until(self.answers, timeout=60, message=f"floor on :{self.port} did not start")
        return self


def pages(environment):
    """The URLs to load: picked from the database through Django, in a child process."""
    script = (
        "import django; django.setup()\n"
        "from django.db.models import Count, Q\n"
        "from articles.models import Article, EventTag, Region\n"
        "p = Article.objects.published()\n"
        "a = p.filter(slug__contains='-gen').first() or p.first()\n"
        "r = max(Region.objects.top_level(), key=lambda r: p.in_region(r).count())\n"
        "t = EventTag.objects.annotate(n=Count('articles', filter=Q(articles__in=p.values('pk'))))"
        ".order_by('-n').first()\n"
        "print(a.get_absolute_url()); print(r.get_absolute_url()); print(t.get_absolute_url())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT, env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    article, region, tag = result.stdout.split()
    return {
        "home": "/",
        "article": article,
        "/articles/": "/articles/",
        "region": region,
        "tag": tag,
        "search": "/search/?q=" + quote("السجل الاجتماعي"),
        "/feed/": "/feed/",
    }


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def wrk(url, concurrency, duration):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{duration}s", "--timeout", "5s", "--latency", url],
        capture_output=True, text=True, timeout=duration + 60, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    latency = {p: float(v) * scale[unit] for p, v, unit in WRK_LATENCY.findall(out)}
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return rps, latency.get("50", 0), latency.get("99", 0), errors


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    base = site_environment(f"postgres://postgres@127.0.0.1:5432/{args.database}")
    manage(base, "collectstatic", "--noinput")
    redis = RedisServer(PORTS["redis"]).start() if args.redis else None
    if redis:
        redis.cli("flushall")
    servers = {}
    try:
        for database, mode in enumerate(args.cache):
            environment = {**base, "PAGE_CACHE_SECONDS": "0" if mode == "off" else "300"}
            if redis:  # one Redis database per server, so neither finds the other's pages or fragments
                environment["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/{database}"
            servers[mode] = AppServer(PORTS[mode], environment, workers=args.workers).start()
        first = next(iter(servers.values()))
        urls = pages(first.environment)
        size = len(requests.get(f"{first.url}/", timeout=30).content)
        servers["floor"] = FloorServer(PORTS["floor"], base, size, args.workers).start()
        for server in servers.values():  # warm every page (and fill the page cache) once
            for path in urls.values():
                requests.get(server.url + ("/" if server is servers["floor"] else path), timeout=30)
        rows = run(args, servers, urls)
    finally:
        for server in servers.values():
            server.stop()
        if redis:
            redis.stop()
    report(args, rows, size)


def run(args, servers, urls):
    rows = []
    for concurrency in args.concurrency:
        floor = wrk(servers["floor"].url + "/", concurrency, args.duration)
        rows.append(("floor", "—", concurrency, *floor, 1.0))
        for name, path in urls.items():
            for mode in args.cache:
                result = wrk(servers[mode].url + path, concurrency, args.duration)
                rows.append((name, mode, concurrency, *result, result[0] / floor[0]))
                print(f"  {name} cache {mode} c={concurrency}: {result[0]:.0f}/s", flush=True)
    return rows


def report(args, rows, size):
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, database {args.database}, "
        f"{args.workers} gunicorn workers, wrk -t2 -d{args.duration}s, floor page {size} bytes, "
        f"cache in {'Redis' if args.redis else 'each worker (no Redis)'}.",
        "",
        "| page | page cache | c | requests/s | p50 ms | p99 ms | errors | × floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, mode, c, rps, p50, p99, errors, ratio in rows:
        lines.append(
            f"| {name} | {mode} | {c} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {errors} | {ratio:.3f} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
