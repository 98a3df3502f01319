"""Fault benchmark (not a test): two gunicorn servers under a bounded load while PostgreSQL restarts
and Redis stops, on loopback only.

    .venv/bin/python bench/faults.py [--seconds 6] [--clients 4]

It makes (or reuses) the throw-away PostgreSQL cluster of .ci/postgres-clusters on :5434 and
a Redis of its own on :6380, migrates and fills `newsroom_scale_faults` with the demo content,
starts two gunicorn servers (gunicorn.conf.py, 2 workers each) on :8140 and :8141, and runs one
phase after another. In each phase `--clients` threads read pages from both servers in turn and
now and then post a comment, at most `--max-requests` requests: `--seconds`/3 before the fault,
as long again with it, and `--seconds`/3 after it ended. It prints, per phase, the requests
made, the status codes (and connection errors) before, during and after the fault, the
recovery time (from the fault's end to a 200 from every server's home page), and the comment rows
checked: every comment answered 302 must be in the database exactly once, every one answered
503 must not be there.

A phase is a (name, start fault, end fault) triple in PHASES. The page cache is on (300 s): a read
the cache answered is counted as "200 HIT" (or "200 STALE-IF-ERROR"), so the PostgreSQL phase shows
readers getting cached pages through the outage while a page never cached (a new search each time)
is the 503. Last, an editor publishes through the first server's admin and the second server's
home page, cached by each of its workers just before, is read again: it must show the article.
"""

import argparse
import collections
import itertools
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.admin_forms import form_data  # noqa: E402
from tests.servers import (  # noqa: E402
    SCRATCH_URL,
    AppServer,
    RedisServer,
    clusters,
    create_draft,
    create_editor,
    prepare_site,
    psql,
    site_environment,
    wait_until,
)

# Pages the page cache holds, and one it never has (a new query each time): while PostgreSQL is
# down the first are served from the cache, the last is the 503.
PAGES = ["/", "/articles/", "/search/?q=مراكش", "/feed/", "/corrections/", "/search/?q=مراكش {n}"]
PAGE_CACHE_SECONDS = 300  # the default: a publish must reach pages cached long before it
redis_server = RedisServer(6380)


def nothing():
    pass


PHASES = [
    ("no fault", nothing, nothing),
    ("PostgreSQL restarted", lambda: clusters("stop", "scratch"), lambda: clusters("start", "scratch")),
    ("Redis stopped", redis_server.stop, redis_server.start),
]


class Load:
    """Readers and commenters on every server, bounded in time and count."""

    def __init__(self, servers, article_path, *, clients, seconds, max_requests):
        self.servers, self.article_path = servers, article_path
        self.clients, self.seconds, self.max_requests = clients, seconds, max_requests
        self.records = []  # (seconds since start, kind, status or exception name)
        self.comments = []  # (body, status)
        self.lock = threading.Lock()
        self.counter = itertools.count()

    def run(self, start_fault, end_fault):
        """A third of the time before the fault, a third with it, a third after it ended."""
        self.started = time.monotonic()
        self.stopping = threading.Event()
        threads = [threading.Thread(target=self.client) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        time.sleep(self.seconds / 3)
        self.fault_started = time.monotonic() - self.started
        start_fault()
        time.sleep(self.seconds / 3)
        end_fault()
        self.fault_ended = time.monotonic() - self.started
        self.recovery = self.recovery_time()
        time.sleep(self.seconds / 3)
        self.stopping.set()
        for thread in threads:
            thread.join()

    def client(self):
        browser = requests.Session()
        # The form (and its CSRF cookie) once, while the site is up; every server accepts it. A
        # cached page holds no token: the form's script asks /csrf/ for one, and so does this.
        page = browser.get(f"{self.servers[0].url}{self.article_path}", timeout=10)
        token = browser.get(f"{self.servers[0].url}/csrf/", timeout=10).json()["token"]
        form = {**form_data(page, "comment-form"), "csrfmiddlewaretoken": token,
                "name": "قارئ", "email": "f@example.com"}  # fmt: skip
        while not self.stopping.is_set() and (n := next(self.counter)) < self.max_requests:
            server = self.servers[n % len(self.servers)]
            if n % 10 == 9:
                self.comment(browser, server, form)
            else:
                # Readers who never commented: a commenter's cookies (messages, the trusted-browser
                # key) rightly get them live pages.
                self.read(requests, server, PAGES[n % len(PAGES)].format(n=n))

    def record(self, kind, outcome):
        with self.lock:
            self.records.append((time.monotonic() - self.started, kind, outcome))

    def read(self, browser, server, path):
        try:
            response = browser.get(f"{server.url}{path}", timeout=10)
        except requests.RequestException as error:
            self.record("read", type(error).__name__)
            return
        # "200 HIT", "200 STALE-IF-ERROR": the page cache answered (its X-Page-Cache header).
        cached = response.headers.get("X-Page-Cache", "")
        self.record(
            "read",
            f"{response.status_code} {cached}"
            if cached.startswith(("HIT", "STALE"))
            else response.status_code,
        )

    def comment(self, browser, server, form):
        body = f"تعليق اختبار الأعطال {uuid.uuid4().hex[:10]}"
        article_id = self.article_path.split("/")[2]
        try:
            status = browser.post(
                f"{server.url}/articles/{article_id}/comment/",
                data={**form, "body": body},
                headers={"Referer": f"{server.url}{self.article_path}"},
                allow_redirects=False,
                timeout=10,
            ).status_code
        except requests.RequestException as error:
            self.record("comment", type(error).__name__)
            return
        self.record("comment", status)
        with self.lock:
            self.comments.append((body, status))

    def recovery_time(self):
        """Seconds from the fault's end until every server's home page answers 200 (polled)."""
        for server in self.servers:
            wait_until(lambda s=server: requests.get(f"{s.url}/", timeout=10).status_code == 200, timeout=60,
                       message=f"{server.url} did not recover")  # fmt: skip
        return time.monotonic() - self.started - self.fault_ended

    def summary(self):
        windows = {"before": [], "during": [], "after": []}
        for t, kind, outcome in self.records:
            window = "before" if t < self.fault_started else "during" if t < self.fault_ended else "after"
            windows[window].append(f"{kind} {outcome}")
        return {name: collections.Counter(outcomes) for name, outcomes in windows.items()}


def check_comments(comments):
    """(checked, problems): comments answered 302 are stored once; those answered 503 are not."""
    problems = []
    for body, status in comments:
        stored = int(psql(SCRATCH_URL, f"SELECT count(*) FROM articles_comment WHERE body = '{body}'"))
        expected = {302: 1, 503: 0, 429: 0}.get(status)
        if expected is not None and stored != expected:
            problems.append(f"{status} but {stored} rows: {body}")
    return len(comments), problems


def publication_across_servers(environment, servers):
    """An editor publishes through the first server's admin; how soon does the second one's home
    page (cached by each of its workers beforehand) show it?"""
    first, second = servers
    headline = f"خبر عبر خادمين {uuid.uuid4().hex[:6]}"
    article_id = create_draft(environment, headline)
    before = [requests.get(f"{second.url}/", timeout=10) for _ in range(4)]
    editor = requests.Session()
    login = editor.get(f"{first.url}/admin/login/", timeout=10)
    credentials = {**form_data(login, "login-form"), "username": "editor", "password": "fault-bench-password"}
    editor.post(login.url, data=credentials, headers={"Referer": login.url}, timeout=10)
    change_url = f"{first.url}/admin/articles/article/{article_id}/change/"
    token = form_data(editor.get(change_url, timeout=10))["csrfmiddlewaretoken"]
    editor.post(f"{first.url}/admin/articles/article/{article_id}/workflow/publish/",
                data={"csrfmiddlewaretoken": token}, headers={"Referer": change_url}, timeout=10)  # fmt: skip
    published = time.monotonic()
    answers = [requests.get(f"{second.url}/", timeout=10) for _ in range(8)]  # every worker, twice
    seen = sum(headline in answer.text for answer in answers)
    print(f"\n== a publish through {first.url}: {len(before)} cached home pages on {second.url} "
          f"before it; after it, {seen} of {len(answers)} home pages there show it "
          f"(the first {time.monotonic() - published:.2f} s after the publish answered), "
          f"cache states {collections.Counter(a.headers.get('X-Page-Cache') for a in answers)}")  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each phase (a third faulty)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=2000, help="per phase")
    return parser.parse_args()


def main():
    args = parse_args()
    clusters("scratch")
    redis_server.start()
    environment = site_environment(SCRATCH_URL, redis_url=redis_server.url, CACHE_RETRY_SECONDS="1",
                                   COMMENTS_RATE_LIMIT_COUNT="100000",
                                   PAGE_CACHE_SECONDS=str(PAGE_CACHE_SECONDS))  # fmt: skip
    print("Preparing newsroom_scale_faults on :5434 (migrate, demo content, static files)…", flush=True)
    prepare_site(environment)
    create_editor(environment, "fault-bench-password")
    servers = [AppServer(8140, environment).start(), AppServer(8141, environment).start()]
    try:
        article_id = psql(SCRATCH_URL, "SELECT min(id) FROM articles_article WHERE comments_enabled")
        article_path = requests.get(f"{servers[0].url}/a/{article_id}/", timeout=10).url.removeprefix(
            servers[0].url
        )
        for name, start_fault, end_fault in PHASES:
            load = Load(servers, article_path, clients=args.clients, seconds=args.seconds,
                        max_requests=args.max_requests)  # fmt: skip
            load.run(start_fault, end_fault)
            checked, problems = check_comments(load.comments)
            print(f"\n== {name}: {len(load.records)} requests, fault from {load.fault_started:.1f} s "
                  f"to {load.fault_ended:.1f} s")  # fmt: skip
            for window, counts in load.summary().items():
                print(
                    f"  {window:>6}: " + ", ".join(f"{outcome} ×{n}" for outcome, n in sorted(counts.items()))
                )
            print(f"  every server answering 200 again {load.recovery:.2f} s after the fault ended")
            print(f"  comment rows checked: {checked}, problems: {len(problems)}")
            for problem in problems:
                print(f"    {problem}")
        publication_across_servers(environment, servers)
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()


if __name__ == "__main__":
    main()
