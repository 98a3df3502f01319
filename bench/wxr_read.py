"""Peak memory and speed of reading and converting a WXR export, without the database (not a test).

    .venv/bin/python bench/wxr_generate.py --posts 10000 --out var/bench/export-10k.xml
    .venv/bin/python bench/wxr_read.py var/bench/export-10k.xml

Runs what the importer will run on every record before writing anything: the streaming reader,
the content converter (with sanitising) through an upload index of the attachments, the place
matcher and the old-URL lists. Prints records per second, the resident memory at each tenth of the
file (flat if nothing accumulates) and the peak (VmHWM, as the kernel counts it). Run each file in
a fresh process: the peak is the process's.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordpress.content import convert_content  # noqa: E402
from wordpress.media import UploadIndex  # noqa: E402
from wordpress.old_urls import OldPaths  # noqa: E402
from wordpress.places import PlaceMatcher, read_divisions  # noqa: E402
from wordpress.records import Item, Site  # noqa: E402
from wordpress.wxr import WXRReader, scan  # noqa: E402


def memory_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("export", type=Path)
    args = parser.parse_args()

    started = time.perf_counter()
    summary = scan(args.export)
    scanned = time.perf_counter() - started
    total = sum(summary.items.values())
    rss = memory_mb("VmRSS")
    print(f"scan: {total} items, {summary.comments} comments in {scanned:.1f} s; RSS {rss:.0f} MB")

    matcher, uploads = PlaceMatcher(read_divisions()), UploadIndex()
    paths = site = None
    counts = {"posts": 0, "comments": 0, "placed": 0, "paths": 0, "problems": 0, "bytes": 0}
    samples, seen = [], 0
    started = time.perf_counter()
    for record in WXRReader(args.export):
        if isinstance(record, Site):
            site, paths = record, OldPaths(record)
        if not isinstance(record, Item):
            continue
        seen += 1
        if seen % max(total // 10, 1) == 0:
            samples.append(round(memory_mb("VmRSS")))
        counts["paths"] += len(paths.item_paths(record))
        if record.post_type == "attachment":
            uploads.add_attachment(record, record.id)
            continue
        result = convert_content(
            record.content,
            resolve_image=uploads.resolve,
            resolve_embed=lambda url: url,
            site_urls=(site.base_site_url, site.base_blog_url),
        )
        counts["posts"] += 1
        counts["comments"] += len(record.comments)
        counts["problems"] += len(result.problems)
        counts["bytes"] += len(result.html)
        counts["placed"] += matcher.most_specific(record.categories) is not None
    elapsed = time.perf_counter() - started
    posts = counts["posts"]
    print(
        f"read+convert: {posts} posts ({posts / elapsed:.0f}/s), {counts['comments']} comments, "
        f"{counts['placed']} placed, {counts['paths']} old paths, {counts['problems']} problems "
        f"in {elapsed:.1f} s"
    )
    print(f"RSS at each tenth (MB): {samples}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (VmHWM): {memory_mb('VmHWM'):.0f} MB; ru_maxrss {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
