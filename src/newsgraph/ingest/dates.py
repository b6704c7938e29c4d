"""Publication dates from the many forms news sites print them."""
from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_EARLIEST = dt.date(1800, 1, 1)


def parse_date(value) -> dt.date | None:
    """A date, or None when the value is not a plausible publication date
    (unparseable, before 1800, or more than a day in the future)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        s = str(value).strip()
        if not s or len(s) > 64 or not re.search(r"\d", s):
            return None
        m = _ISO.match(s)
        try:
            if m:
                d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            else:
                d = _dateparser(s)
        except (ValueError, OverflowError):
            return None
    if d is None or d < _EARLIEST or d > dt.date.today() + dt.timedelta(days=1):
        return None
    return d


def _dateparser(s: str) -> dt.date | None:
    import dateparser  # imported lazily: it costs half a second

    parsed = dateparser.parse(
        s, languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False,
                  "REQUIRE_PARTS": ["year"]},
    )
    return parsed.date() if parsed else None
