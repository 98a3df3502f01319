"""Instructions per request (not a test): each public page rendered in-process under valgrind's
callgrind, which counts the instructions the Python process runs instead of timing them, so two
versions of the code compare on a shared, noisy machine (the same code gives the same count
within about 1 %, whatever else the machine does).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_gen100k REDIS_URL=redis://127.0.0.1:6379/7 \\
        DJANGO_SECRET_KEY=x .venv/bin/python bench/instructions.py [--requests 10]

Every public page of bench/pages.py, on the same database. Needs Debian's valgrind. With
REDIS_URL the fragments live in Redis, as in production; without it, in local memory. Each page
is requested five times to warm it, then `--requests` times between two callgrind dumps; the
table gives the millions of instructions per request. Not counted: what the database and Redis
servers run, the kernel's work (page faults, socket copies) and the time spent waiting; and a
large copy in memory counts for more than it costs. Compare it with bench/pages.py, not instead
of it. Takes about three minutes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def measure(requests):
    """Run under callgrind: warm every page, then dump once per page after its requests."""
    import pages

    pages.setup()
    from django.test import Client

    public, _admin, _user = pages.pages()
    client = Client()
    for name in public:
        for _ in range(5):
            client.get(public[name])

    def dump(label):
        command = ["callgrind_control", f"--dump={label}", str(os.getpid())]
        subprocess.run(command, capture_output=True, check=True)

    dump("warm-up")
    for name in public:
        for _ in range(requests):
            client.get(public[name])
        dump(name)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the run under callgrind
    args = parser.parse_args()
    if args.measure:
        return measure(args.requests)
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
             sys.executable, __file__, "--measure", f"--requests={args.requests}"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        print("| page | million instructions per request |\n|---|---:|")
        for part in sorted(Path(directory).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:])):
            text = part.read_text(errors="replace")
            label = re.search(r"^desc: Trigger: dump (.+)$", text, re.M).group(1)
            total = int(re.search(r"^summary: (\d+)", text, re.M).group(1))
            if label != "warm-up":
                print(f"| {label} | {total / args.requests / 1e6:.2f} |")


if __name__ == "__main__":
    main()
