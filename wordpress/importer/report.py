"""What an import did, per kind of thing, and every problem it met (item, reason)."""

import csv
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

STATES = ("imported", "updated", "unchanged", "skipped", "failed")


def state_labels():
    return {
        "imported": _("استورد"),
        "updated": _("حُدّث"),
        "unchanged": _("دون تغيير"),
        "skipped": _("تُجوهل"),
        "failed": _("فشل"),
    }


def kind_labels():
    return {
        "authors": _("الكتّاب"),
        "categories": _("التصنيفات"),
        "tags": _("الوسوم"),
        "attachments": _("المرفقات"),
        "posts": _("المقالات"),
        "pages": _("الصفحات"),
        "comments": _("التعليقات"),
        "pings": _("الإشارات (pingback/trackback)"),
        "other": _("عناصر أخرى"),
    }


class Report:
    def __init__(self):
        self.counts = defaultdict(Counter)  # kind → state → n
        self.problems = []  # (item, reason)
        self.redirects = 0
        self.workers = 1  # processes that wrote the new posts
        self.seconds = {}  # pass → how long it took: "first" (authors, terms, attachments), "posts"

    def count(self, kind, state, n=1):
        if n:
            self.counts[kind][state] += n

    def problem(self, item, reason):
        self.problems.append((item, reason))

    def add_problems(self, item, problems):
        for problem in problems:
            where = (
                f"{item}, line {problem.line}"
                if problem.line and item
                else item or (f"line {problem.line}" if problem.line else "")
            )
            reason = f"{problem.message} ({problem.ref})" if problem.ref else problem.message
            self.problem(where, reason)

    def merge(self, other):
        """Add the counts and problems of `other` (a worker's part of the run) to these."""
        for kind, counter in other.counts.items():
            self.counts[kind].update(counter)
        self.problems.extend(other.problems)

    def total(self, state):
        return sum(counter[state] for counter in self.counts.values())

    def table(self):
        """The summary as aligned text: one row per kind, one column per state."""
        labels, kinds = state_labels(), kind_labels()
        header = ["", *(labels[s] for s in STATES)]
        rows = [
            [kinds.get(kind, kind), *(str(self.counts[kind][s]) for s in STATES)]
            for kind in kinds
            if kind in self.counts
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in [header, *rows]
        ]
        lines.append(_("تحويلات الروابط القديمة المسجلة: %(n)s") % {"n": self.redirects})
        if self.workers > 1:
            lines.append(_("كتبت الاستيرادَ %(n)s عمليات متوازية.") % {"n": self.workers})
        if self.seconds:
            lines.append(
                _("المدة: %(first).1f ث للكتّاب والتصنيفات والمرفقات، %(posts).1f ث للمقالات")
                % {"first": self.seconds.get("first", 0), "posts": self.seconds.get("posts", 0)}
            )
        return "\n".join(line.rstrip() for line in lines)

    def write_csv(self, path):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["item", "reason"])
            writer.writerows(self.problems)
