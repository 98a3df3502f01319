"""Bring a WordPress export into the newsroom's database; see `run.import_wxr`."""

from .report import Report
from .run import ImportOptions, import_wxr

__all__ = ["ImportOptions", "Report", "import_wxr"]
