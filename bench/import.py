"""Import a generated WordPress export into PostgreSQL, twice, and report speed and peak memory
(not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_importbench \\
        .venv/bin/python bench/import.py --posts 10000

Generates the export with bench/wxr_generate.py (N posts, 5 comments each, 50 categories, 500
tags, 2,000 attachments with small real JPEG files) unless it exists, drops and re-creates the
database named in DATABASE_URL, migrates it, loads the regions, then runs `import_wxr` twice in
fresh processes: the first run imports everything, the second finds everything unchanged. Each
run's time, posts per second and peak RSS are printed: the import process's own (its ru_maxrss,
as the kernel counts it) and, sampled every 5 s, the RSS and PSS of all its processes together
(the writer processes it forks on PostgreSQL; `--workers` is passed on).
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--keep-database", action="store_true", help="import into the database as it is")
    parser.add_argument("--time-limit", type=float, help="stop the first run after this many seconds")
    parser.add_argument("--workers", type=int, help="import_wxr --workers (default: its own)")
    return parser.parse_args()


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql") or parts.hostname not in ("127.0.0.1", "localhost"):
        sys.exit(
            "Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_importbench (a local database)."
        )
    return parts


def recreate(parts):
    import psycopg2

    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def _proc_kb_mb(path, field):
    """A "Field: N kB" line of a /proc file, in MB, or None once the process is gone."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def rss_mb(pid):
    return _proc_kb_mb(f"/proc/{pid}/status", "VmRSS:")


def pss_mb(pid):
    """Proportional set size: RSS with each page shared by n processes counted 1/n in each (the
    forked writers share most of their pages with the importer that forked them)."""
    return _proc_kb_mb(f"/proc/{pid}/smaps_rollup", "Pss:")


def tree_memory_mb(pid, measure):
    """`measure` (rss_mb or pss_mb) of `pid` and every process under it, summed, in MB."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        total += measure(current) or 0
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return total


def run(command, env, *, time_limit=None, samples=None):
    """Run a child; return (seconds, peak RSS in MB, stdout). `samples` collects (seconds, RSS)
    every 5 s; past `time_limit` seconds the child is stopped (its committed items stay)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    stop = threading.Event()

    def watch():
        while not stop.wait(5):
            elapsed = time.perf_counter() - started
            if samples is not None and (value := rss_mb(process.pid)):
                samples.append(
                    (elapsed, value, tree_memory_mb(process.pid, rss_mb), tree_memory_mb(process.pid, pss_mb))
                )
            if time_limit and elapsed > time_limit:
                process.send_signal(signal.SIGTERM)
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    stop.set()
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code and not (time_limit and elapsed > time_limit):
        sys.exit(f"{' '.join(map(str, command))} failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output


def imported_posts(parts):
    import psycopg2

    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname=parts.path.lstrip("/"),
    )
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wordpress_importeditem WHERE kind = 'post'")
        return cursor.fetchone()[0]


def main():
    args = parse_args()
    parts = database_url()
    env = {**os.environ, "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret")}
    export = args.dir / f"export-{args.posts}.xml"
    uploads = args.dir / f"uploads-{args.posts}"
    if not export.exists():
        seconds, _rss, _out = run(
            [
                PYTHON,
                "bench/wxr_generate.py",
                "--posts",
                str(args.posts),
                "--out",
                export,
                "--uploads",
                uploads,
            ],
            env,
        )
        print(f"generated {export} ({export.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")
    if not args.keep_database:
        recreate(parts)
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        run([PYTHON, "manage.py", "load_regions"], env)
    for number in range(1, args.runs + 1):
        command = [
            PYTHON, "manage.py", "import_wxr", export, "--media-dir", uploads, "--no-progress",
            "--problems", args.dir / f"problems-{args.posts}-run{number}.csv",
        ]  # fmt: skip
        if args.workers:
            command += ["--workers", str(args.workers)]
        samples = []
        limit = args.time_limit if number == 1 else None
        seconds, rss, output = run(command, env, time_limit=limit, samples=samples)
        posts = imported_posts(parts)
        stopped = " (stopped at the time limit)" if limit and seconds > limit else ""
        rate = posts / seconds if number == 1 else args.posts / seconds
        print(
            f"run {number}: {seconds:.1f} s{stopped}, {posts} posts in the database, {rate:.1f} posts/s, "
            f"peak RSS {rss:.0f} MB"
        )
        step = max(1, len(samples) // 10)
        print("  RSS (s → MB): " + ", ".join(f"{t:.0f}→{m:.0f}" for t, m, _rss, _pss in samples[::step]))
        if samples:
            print(
                "  all its processes together, sampled every 5 s: peak RSS "
                f"{max(rss for _t, _m, rss, _pss in samples):.0f} MB, peak PSS "
                f"{max(pss for _t, _m, _rss, pss in samples):.0f} MB; PSS (s → MB): "
                + ", ".join(f"{t:.0f}→{pss:.0f}" for t, _m, _rss, pss in samples[::step])
            )
        print(output)
        if stopped:
            break


if __name__ == "__main__":
    main()
