"""WordPress slugs as the text they were: WordPress stores non-ASCII slugs percent-encoded."""

import re
import unicodedata
from urllib.parse import unquote_to_bytes

# WordPress cuts long slugs at 200 characters, which can leave half an escape at the end.
_PARTIAL_ESCAPE_AT_END = re.compile(r"%[0-9A-Fa-f]?$")


def decode_slug(value):
    """«%d8%a7%d9%84%d8%b1%d8%a8%d8%a7%d8%b7» (or its upper-case form) → «الرباط».

    Never ASCII-slugified: the Arabic is the slug. Bytes that are not UTF-8 (a cut-off letter) are
    dropped rather than shown as replacement characters.
    """
    value = _PARTIAL_ESCAPE_AT_END.sub("", (value or "").strip())
    text = unquote_to_bytes(value).decode("utf-8", errors="ignore")
    return unicodedata.normalize("NFC", text)
