"""Publication dates from the many forms news sites print them, with their precision.

One set of rules for every reader and the API (the :class:`~newsgraph.model.Article` model applies
them): ``2023`` is the year 2023 (stored as its first day, precision "year"), ``June 2023`` a month;
a relative date ("5 days ago", "yesterday") has nothing to count from in a publication date, so it
is not used; a date before 1800 or more than a day in the future is not plausible."""
from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
# a whole date line that counts from "now" ("5 days ago", "yesterday", "Updated: 2 hours ago")
_RELATIVE = re.compile(
    r"^\W*(?:(?:updated|published|posted)\W*)?"
    r"(?:(?:\d+|an?|one|two|three|few)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago|yesterday|today|tonight|just\s+now|last\s+(?:night|week|month|year)|this\s+"
    r"(?:morning|afternoon|evening|week))\W*$", re.I)
_EARLIEST = dt.date(1800, 1, 1)


def parse_date(value) -> dt.date | None:
    """A date, or None when the value is not a plausible publication date."""
    return parse_date_precision(value)[0]


def parse_date_precision(value) -> tuple[dt.date | None, str | None, str]:
    """(date, precision, why not): the date (a year or month as its first day) and "year", "month"
    or "day"; or (None, None, the reason it cannot be used)."""
    if value is None:
        return None, None, "no date"
    precision = "day"
    d: dt.date | None
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, None, "not a date"
    else:
        s = str(value).strip()
        if len(s) <= 64 and _RELATIVE.match(s):
            return None, None, "a relative date, with nothing to count from"
        if not s or len(s) > 64 or not re.search(r"\d", s):
            return None, None, "not a date"
        try:
            if m := _ISO.match(s):
                d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif m := _YEAR.match(s):
                d, precision = dt.date(int(m[1]), 1, 1), "year"
            elif m := _YEAR_MONTH.match(s):
                d, precision = dt.date(int(m[1]), int(m[2]), 1), "month"
            else:
                d, precision = _dateparser(s)
        except (ValueError, OverflowError):
            return None, None, "not a date"
    if d is None:
        return None, None, "not a date"
    if d < _EARLIEST:
        return None, None, "before 1800"
    if d > dt.date.today() + dt.timedelta(days=1):
        return None, None, "in the future"
    return d, precision, ""


def _dateparser(s: str) -> tuple[dt.date | None, str]:
    from dateparser.date import DateDataParser  # imported lazily: it costs half a second

    data = _parser(DateDataParser).get_date_data(s)
    if data is None or data.date_obj is None:
        return None, "day"
    return data.date_obj.date(), data.period if data.period in ("year", "month") else "day"


_PARSER = None


def _parser(cls):
    """One parser for the process: building it loads the language data again."""
    global _PARSER
    if _PARSER is None:
        _PARSER = cls(languages=["en"], settings={
            "PREFER_DAY_OF_MONTH": "first", "PREFER_MONTH_OF_YEAR": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False, "REQUIRE_PARTS": ["year"],
            # no "relative-time": "5 days ago" counted from the day of ingest is a wrong date
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    return _PARSER
