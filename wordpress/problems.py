"""What an import reports instead of failing: one `Problem` per thing it had to skip or change."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """`code` is a short stable reason (`image-external`, `xml-skipped` …) for counting and filtering;
    `ref` names the thing concerned (a URL, a shortcode, a block); `line`/`column` point into the
    export file when the reader knows them."""

    code: str
    message: str
    ref: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self):
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.message}" + (f" ({self.ref})" if self.ref else "")
