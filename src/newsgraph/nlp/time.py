"""Time: each sentence's time, resolved against the publication date.

``resolve(expr, anchor, ref=None)`` turns one phrase into an ISO partial date with its precision:
explicit dates ("June 14, 2023", "2023-06-14", "in 2003"), parts of years and seasons ("in early
2020", "early summer", "this summer"), calendar units relative to publication ("last year",
"earlier this month", "last week", "yesterday", "two months ago"), weekdays ("on Tuesday": the last
Tuesday on or before publication) and month names ("in June": the most recent June not after
publication). Phrases relative to the story's own time ("the day after", "months later", "the
next week") are resolved against ``ref`` (the narrative time), else not at all.

``run`` gives each sentence one time (``ctx.sentence_times``):

- a time phrase in the sentence's main clause is the sentence's time; phrases inside relative
  clauses and noun modifiers ("the war sparked ... earlier this month", "the invasion in 2003")
  are local to what they modify (``time_of_token`` finds them for the events stage);
- a sentence without its own time inherits the narrative's; only phrases that open a sentence
  ("In early summer, ...", "The day after ...", "Months later, ...") move the narrative on; a
  year that contains the narrative's month keeps the month ("This year, ..." after "early summer");
- a sentence about the article's present ("so far", "continues to", "currently") without its own
  time gets the publication month, and does not move the narrative.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import TimeValue
from . import lexicon
from .context import ArticleContext, TokenTable
from .textscan import odd_case

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
# first, middle and last month of each (northern) season
_WORDS = lexicon.load("time_words.yaml", dict[str, Any])
SEASONS: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in _WORDS["seasons"].items()}
PART_OF_YEAR: dict[str, int] = dict(_WORDS["part_of_year"])
NUMBERS: dict[str, int | None] = dict(_WORDS["numbers"])

_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YR = r"(?:1[89]\d\d|20\d\d)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|few|some)"
_UNIT = r"(?:day|week|month|year|decade)s?"
_PART = r"(?:early|mid|middle|late|the\s+(?:beginning|start|middle|end)\s+of)"

# The phrases, longest and most specific first. Each is also a finder over sentence text.
_PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(rx, re.I)) for name, rx in [
    ("iso", rf"\b({_YR})-(\d\d)-(\d\d)\b"),
    # "29.12.2014": the dotted numeric date is day first wherever it is written (DIN 5008 and the like)
    ("dotted", rf"\b(\d{{1,2}})\.(\d{{1,2}})\.({_YR})\b"),
    ("mdy", rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YR})\b"),
    ("dmy", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON}),?\s+({_YR})\b"),
    ("md", rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)"),
    ("dm", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\b(?!\s*,?\s*\d)"),
    ("part_month_year", rf"\b({_PART})[\s-]*({_MON})\s+({_YR})\b"),
    ("month_year", rf"\b({_MON})\s+(?:of\s+)?({_YR})\b"),
    ("part_season", rf"\b(?:(this|last|next|the)\s+)?({_PART})[\s-]*(?:(this|last|next|the)\s+)?"
                    rf"(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?({_YR}))?\b"),
    ("season", rf"\b(this|last|next|past|in|during|over|the|that)\s+(spring|summer|autumn|fall|winter)"
               rf"(?:\s+(?:of\s+)?({_YR}))?\b(?!\s+of\s+[a-z])"),
    ("season_year", rf"\b(spring|summer|autumn|fall|winter)\s+(?:of\s+)?({_YR})\b"),
    ("part_year", rf"\b({_PART})[\s-]*({_YR})\b"),
    ("duration", rf"\b(?:(?:in|over|during|for|within|throughout)\s+)?the\s+"
                 rf"(?:(?:past|last)\s+(?:{_NUM}\s+)?{_UNIT}"
                 rf"|(?:previous|coming|next|following)\s+(?:{_NUM}\s+{_UNIT}|(?:day|week|month|year)s))\b"
                 rf"|\bin\s+(?:recent|past|the\s+past)\s+{_UNIT}\b|\bfor\s+{_NUM}\s+{_UNIT}\b|\bso\s+far\b"),
    ("rel_this", r"\b(earlier|later)\s+(this|that|last|next)\s+(week|month|year)\b"),
    ("rel_unit", r"\b(this|last|next|past|previous|coming)\s+(week|month|year)\b"),
    ("ago", rf"\b({_NUM})\s+({_UNIT})\s+ago\b"),
    ("later", rf"\b(?:({_NUM})\s+)?({_UNIT})\s+(later|earlier|afterwards|after|before)\b"
              r"(?!\s+(?:the|a|an|his|her|its|their)\b)"),
    ("following", r"\b(?:the\s+)?(next|following|previous|preceding)\s+"
                  r"(day|morning|evening|night|week|month|year)\b"),
    ("day_after", r"\b(?:on\s+)?the\s+(day|week|month|year|night|morning)\s+(after|before)\b"),
    ("deictic", r"\b(yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b"),
    ("weekday", rf"\b(?:(last|this|next|on|late|early)\s+)?({_DAY})"
                r"(?:\s+(morning|afternoon|evening|night))?\b"),
    ("month", rf"\b(in|since|by|until|last|this|next|early|mid|late|during|of)[\s-]+({_MON})(?![\s,]+\d)\b"),
    ("year", r"\b(in|since|by|until|till|of|during|from|before|after|around|between|and|to|year|early|late"
             rf"|mid)?\s*({_YR})\b(?![\d%,])"),
]]

# The words each pattern cannot match without, one of each group (``_DIGIT``: a digit; ``_YEAR``: a
# year's four digits, ``_YR``). A sentence lacking them skips that pattern's scan: scanning every
# sentence with every pattern was most of the stage's time, and most sentences have no time phrase at
# all. A pattern needs every group listed for it, so the more specific ones ("months later", "the
# following week") are also skipped in the many sentences that only mention a day or a year.
_DIGIT = None
_YEAR = ("<year>",)  # stands for a search of _YR in the text, not a word
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")
_PART_WORDS = ("early", "mid", "late", "beginning", "start", "end")  # _PART ("mid" is in "middle")
_UNIT_WORDS = ("day", "week", "month", "year", "decade")
_UNIT_OR_FAR = (*_UNIT_WORDS, "far")
_CALENDAR_UNITS = ("week", "month", "year")
_DAYPARTS_OR_UNITS = ("day", "morning", "evening", "night", "week", "month", "year")
_DEICTIC_WORDS = ("day", "night", "tomorrow", "morning", "afternoon", "evening")
_NEEDS: dict[str, tuple[tuple[str, ...] | None, ...]] = {
    "iso": (_YEAR,), "dotted": (_YEAR,), "mdy": (_YEAR, _MONTH_WORDS), "dmy": (_YEAR, _MONTH_WORDS),
    "md": (_DIGIT, _MONTH_WORDS), "dm": (_DIGIT, _MONTH_WORDS),
    "part_month_year": (_YEAR, _MONTH_WORDS, _PART_WORDS), "month_year": (_YEAR, _MONTH_WORDS),
    "part_season": (_SEASON_WORDS, _PART_WORDS), "season": (_SEASON_WORDS,),
    "season_year": (_YEAR, _SEASON_WORDS), "part_year": (_YEAR, _PART_WORDS), "duration": (_UNIT_OR_FAR,),
    "rel_this": (_CALENDAR_UNITS, ("earlier", "later")),
    "rel_unit": (_CALENDAR_UNITS, ("this", "last", "next", "past", "previous", "coming")),
    "ago": (_UNIT_WORDS, ("ago",)),
    "later": (_UNIT_WORDS, ("later", "earlier", "after", "before")),  # "after" is in "afterwards"
    "following": (_DAYPARTS_OR_UNITS, ("next", "following", "previous", "preceding")),
    "day_after": (_DAYPARTS_OR_UNITS, ("after", "before")),
    "deictic": (_DEICTIC_WORDS,), "weekday": (("day",),), "month": (_MONTH_WORDS,), "year": (_YEAR,),
}
assert set(_NEEDS) == {name for name, _ in _PATTERNS}
_HAS_DIGIT = re.compile(r"\d")
_HAS_YEAR = re.compile(_YR)


def _patterns_for(text: str) -> list[tuple[str, re.Pattern]]:
    """The patterns that can match somewhere in the text (all of them when the text has a letter
    that lower-casing would not compare fairly)."""
    if odd_case(text):
        return _PATTERNS
    low = text.lower()
    have: dict[tuple[str, ...] | None, bool] = {}
    out = []
    for name, rx in _PATTERNS:
        for group in _NEEDS[name]:
            ok = have.get(group)
            if ok is None:
                if group is _DIGIT:
                    ok = _HAS_DIGIT.search(text) is not None
                elif group is _YEAR:
                    ok = _HAS_YEAR.search(text) is not None
                else:  # map over a bound method: no Python frame per word, unlike a generator
                    ok = any(map(low.__contains__, group))
                have[group] = ok
            if not ok:
                break
        else:
            out.append((name, rx))
    return out


_PRESENT_CUES = re.compile(r"\b(so far|continues? to|continuing to|currently|at present|presently|"
                           r"to date|remains? to be seen|as of now|right now|nowadays)\b", re.I)
_PRESENT_WORDS = ("far", "continu", "currently", "present", "date", "seen", "now")  # one is in each cue
_AT_PRESENT = ("rel_this_present", "rel_unit_this", "deictic_today")


# ---------------------------------------------------------------- resolving one phrase
def _tv(y: int, m: int | None = None, d: int | None = None, text: str | None = None) -> TimeValue:
    if m is not None and not 1 <= m <= 12:
        m = d = None
    if d is not None and m is not None:
        try:
            dt.date(y, m, d)
        except ValueError:  # "February 30": the month is still meant
            d = None
    if d is not None and m is not None:
        return TimeValue(value=f"{y:04d}-{m:02d}-{d:02d}", precision="day", text=text)
    if m is not None:
        return TimeValue(value=f"{y:04d}-{m:02d}", precision="month", text=text)
    return TimeValue(value=f"{y:04d}", precision="year", text=text)


def _date(tv: TimeValue) -> dt.date:
    parts = [int(p) for p in tv.value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _from_date(d: dt.date, precision: str, text: str | None) -> TimeValue:
    if precision == "day":
        return _tv(d.year, d.month, d.day, text)
    if precision == "month":
        return _tv(d.year, d.month, None, text)
    return _tv(d.year, None, None, text)


def _shift_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def _num(word: str | None) -> int | None:
    if not word:
        return 1
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    return NUMBERS.get(w)


def _common(a: dt.date, b: dt.date, text: str) -> TimeValue | None:
    """The value holding both dates: same month -> month, same year -> year, else none."""
    if (a.year, a.month) == (b.year, b.month):
        return _tv(a.year, a.month, None, text)
    return _tv(a.year, None, None, text) if a.year == b.year else None


def _to_date(anchor) -> dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, TimeValue):
        return _date(anchor)
    return dt.date.fromisoformat(str(anchor)[:10])


def resolve(expr: str, anchor, ref: TimeValue | None = None) -> TimeValue | None:
    """One time phrase -> TimeValue, or None when it names no point in time (a duration, "so far").

    ``anchor``: the publication date (date, datetime or ISO string); ``ref``: the narrative's time,
    for phrases relative to the story ("the day after", "months later"); without it they give None
    (the sentence's time, ``ctx.time_of``, has them resolved against the story).
    """
    for name, rx in _PATTERNS:
        m = rx.search(expr)
        if m:
            try:
                return _resolve_match(name, m, expr.strip(), _to_date(anchor), ref)
            except (ValueError, OverflowError):  # a date the calendar does not have
                return None
    return None


def _resolve_match(name: str, m: re.Match, text: str, anchor: dt.date | None, ref: TimeValue | None):
    g = m.groups()
    if name == "iso":
        return _tv(int(g[0]), int(g[1]), int(g[2]), text)
    if name == "dotted":
        day, month = int(g[0]), int(g[1])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return _tv(int(g[2]), month, day, text)
    if name == "mdy":
        return _tv(int(g[2]), _month(g[0]), int(g[1]), text)
    if name == "dmy":
        return _tv(int(g[2]), _month(g[1]), int(g[0]), text)
    if name == "month_year":
        return _tv(int(g[1]), _month(g[0]), None, text)
    if name == "part_month_year":
        return _tv(int(g[2]), _month(g[1]), None, text)
    if name == "season_year":
        return _tv(int(g[1]), SEASONS[g[0].lower()][0], None, text)
    if name == "part_year":
        return _tv(int(g[1]), PART_OF_YEAR[_part(g[0])], None, text)
    if name == "year":
        return _tv(int(g[1]), None, None, text)
    if name == "duration":
        return None
    # ---- relative to the publication date
    if name in ("part_season", "season"):
        if name == "part_season":
            deixis, part, deixis2, season, year = g
            deixis = deixis or deixis2
        else:
            deixis, season, year = g
            part = None
        months = SEASONS[season.lower()]
        idx = {None: 0, "early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}[
            _part(part) if part else None]
        month = months[idx]
        if year:
            y = int(year) + (1 if month < months[0] else 0)
            return _tv(y, month, None, text)
        if anchor is None:
            return None
        d = (deixis or "").lower()
        # the season's first month in the anchor's year (winter starts in December of the year before)
        start_year = anchor.year if months[0] != 12 else (
            anchor.year if anchor.month == 12 else anchor.year - 1)
        if d == "next":
            start_year += 1
        elif d in ("last", "past"):
            # the most recent season that is over by the anchor
            end = dt.date(start_year + (1 if months[0] == 12 else 0), months[2], 28)
            if end >= anchor:
                start_year -= 1
        elif d != "this":
            # "in early summer", "the summer": the most recent one that has begun by the anchor
            if dt.date(start_year, months[0], 1) > anchor:
                start_year -= 1
        y = start_year + (1 if month < months[0] else 0)
        return _tv(y, month, None, text)
    if anchor is None:
        return None
    if name == "rel_this":
        _side, deixis, unit = (x.lower() for x in g)
        return _unit_from(anchor, deixis, unit, text)
    if name == "rel_unit":
        deixis, unit = g[0].lower(), g[1].lower()
        if deixis in ("past", "previous"):
            deixis = "last"
        if deixis == "coming":
            deixis = "next"
        return _unit_from(anchor, deixis, unit, text)
    if name == "ago":
        n, unit = _num(g[0]), g[1].lower().rstrip("s")
        if n is None:
            return _vague_before(anchor, unit, text)
        return _unit_shift(anchor, unit, -n, text)
    if name == "deictic":
        w = g[0].lower()
        w = "today" if w.startswith("this") else "yesterday" if w.startswith("last") else w
        off = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[w]
        return _from_date(anchor + dt.timedelta(days=off), "day", text)
    if name == "weekday":
        mod, day = (g[0] or "").lower(), g[1].lower()
        wd = WEEKDAYS[day]
        back = (anchor.weekday() - wd) % 7
        if mod == "last" and back == 0:
            back = 7
        if mod == "next":
            return _from_date(anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7), "day", text)
        return _from_date(anchor - dt.timedelta(days=back), "day", text)
    if name in ("md", "dm"):
        mon, day = (_month(g[0]), int(g[1])) if name == "md" else (_month(g[1]), int(g[0]))
        y = anchor.year if (mon, day) <= (anchor.month, anchor.day) else anchor.year - 1
        return _tv(y, mon, day, text)
    if name == "month":
        mod, mon = g[0].lower(), _month(g[1])
        if mod == "next":
            y = anchor.year if mon > anchor.month else anchor.year + 1
        elif mod == "this":
            y = anchor.year
        elif mod == "last":
            y = anchor.year if mon < anchor.month else anchor.year - 1
        else:
            y = anchor.year if mon <= anchor.month else anchor.year - 1
        return _tv(y, mon, None, text)
    # ---- relative to the narrative: without the story's time there is nothing to count from
    if ref is None:
        return None
    base = ref
    bd, prec = _date(base), base.precision
    if name == "later":
        n, unit, direction = _num(g[0]), g[1].lower().rstrip("s"), g[2].lower()
        sign = -1 if direction in ("earlier", "before") else 1
        if n is None or (g[0] is None and g[1].lower().endswith("s")):
            # "months later": some months on; as precise as the two ends agree
            lo = _unit_shift(bd, unit, sign * 2, None)
            far = _unit_shift(bd, unit, sign * 11, None)
            end = _date(far) if sign < 0 else min(_date(far), anchor) if anchor >= bd else _date(far)
            return _common(_date(lo), end, text)
        return _precise(_unit_shift(bd, unit, sign * n, text), prec, unit)
    if name == "following":
        which, unit = g[0].lower(), g[1].lower()
        unit = "day" if unit in ("morning", "evening", "night") else unit
        sign = -1 if which in ("previous", "preceding") else 1
        return _precise(_unit_shift(bd, unit, sign, text), prec, unit)
    if name == "day_after":
        unit, rel = g[0].lower(), g[1].lower()
        unit = "day" if unit in ("morning", "night") else unit
        return _precise(_unit_shift(bd, unit, 1 if rel == "after" else -1, text), prec, unit)
    return None


def _part(word: str) -> str:
    w = word.lower().split()
    return w[-2] if len(w) > 1 and w[-1] == "of" else w[-1] if w else word


def _unit_from(anchor: dt.date, deixis: str, unit: str, text: str) -> TimeValue:
    n = {"this": 0, "that": 0, "last": -1, "next": 1}[deixis]
    return _unit_shift(anchor, unit, n, text, coarse=True)


def _unit_shift(d: dt.date, unit: str, n: int, text: str | None, coarse: bool = False) -> TimeValue:
    unit = unit.rstrip("s")
    if unit == "day":
        return _from_date(d + dt.timedelta(days=n), "day", text)
    if unit == "week":
        # a week is not a calendar unit here: the month holding it
        return _from_date(d + dt.timedelta(weeks=n), "month", text)
    if unit == "month":
        return _from_date(_shift_months(d, n), "month", text)
    if unit == "decade":
        return _tv(d.year + 10 * n, None, None, text)
    return _tv(d.year + n, None, None, text)


def _precise(tv: TimeValue, base_precision: str, unit: str) -> TimeValue:
    """No more precise than the reference: 'the day after' a June meeting is in June."""
    order = {"year": 0, "month": 1, "day": 2}
    if order[tv.precision] > order[base_precision]:
        return _from_date(_date(tv), base_precision, tv.text)
    return tv


def _vague_before(anchor: dt.date, unit: str, text: str) -> TimeValue | None:
    """'months ago', 'a few years ago': as precise as the span it could cover."""
    lo = _date(_unit_shift(anchor, unit, -11 if unit != "day" else -6, None))
    hi = _date(_unit_shift(anchor, unit, -2, None))
    return _common(lo, hi, text)


# ---------------------------------------------------------------- finding phrases in a sentence
class Found:
    """A time phrase in a sentence: its tokens, value, kind and whether it opens the sentence."""

    __slots__ = ("span", "value", "kind", "opening", "main", "present")

    def __init__(self, span: SpacySpan, value: TimeValue | None, kind: str, opening: bool, main: bool,
                 present: bool):
        self.span, self.value, self.kind = span, value, kind
        self.opening, self.main, self.present = opening, main, present


_NARRATIVE_KINDS = {"later", "following", "day_after"}
_EMBEDDING = {"relcl", "acl", "csubj", "amod", "compound", "nummod", "appos"}


def find(ctx: ArticleContext, sent: SpacySpan, ref: TimeValue | None = None) -> list[Found]:
    """The time phrases of a sentence, in order, resolved (narrative-relative ones against ``ref``)."""
    anchor = ctx.article.published
    text = ctx.doc_text[sent.start_char:sent.end_char]  # = sent.text, without joining the tokens
    taken: list[tuple[int, int]] = []
    out: list[Found] = []
    tab = ctx.tokens
    for name, rx in _patterns_for(text):
        for m in rx.finditer(text):
            a, b = m.start(), m.end()
            if m.group(0).strip() == "" or any(a < e and s < b for s, e in taken):
                continue
            if name == "year" and not _year_ok(ctx, sent, m):
                continue
            if name == "month" and m.group(2).lower().rstrip(".") in ("may", "march") and \
                    m.group(1).lower() not in ("in", "since", "until", "last", "early", "late", "mid",
                                               "during"):
                continue
            if name == "weekday" and m.group(0).strip().lower() == m.group(2).lower() and \
                    not _preceded(text, a, ("on", "by", "since", "until", "from", "late", "early")):
                # a bare weekday ("Tuesday's meeting") still names the day
                pass
            sp = ctx.doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
            if sp is None or len(sp) == 0:
                continue
            taken.append((a, b))
            try:
                value = _resolve_match(name, m, m.group(0).strip(), _to_date(anchor), ref)
            except (ValueError, OverflowError):  # a date the calendar does not have
                value = None
            low = m.group(0).lower()
            present = (name in ("rel_unit", "rel_this") and " this " in f" {low} ") or \
                      (name == "deictic" and low.strip() in ("today", "tonight")) or \
                      name == "duration" and "so far" in low
            out.append(Found(sp, value, name, _opens(sent, sp, tab), _in_main_clause(sp, tab), present))
    out.sort(key=lambda f: f.span.start)
    return out


def _preceded(text: str, at: int, words) -> bool:
    before = text[:at].split()
    return bool(before) and before[-1].lower() in words


def _year_ok(ctx, sent, m: re.Match) -> bool:
    """A bare number is a year when the tagger says DATE or a temporal word leads into it."""
    if m.group(1):
        return True
    sp = ctx.doc.char_span(sent.start_char + m.start(2), sent.start_char + m.end(2), alignment_mode="expand")
    if sp is None:
        return False
    t = sp[0]
    return t.ent_type_ == "DATE" and not (t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].pos_ == "NOUN"
                                          and ctx.doc[t.i + 1].ent_type_ != "DATE"
                                          and ctx.doc[t.i + 1].lower_ not in ("invasion", "war", "election"))


def _opens(sent: SpacySpan, sp: SpacySpan, tab: TokenTable) -> bool:
    """The phrase opens the sentence (after a conjunction or an adverb): it sets the scene."""
    is_punct = tab.is_punct
    lead: int | None = None
    for k in range(sent.start, sp.start):  # at most one word before it
        if is_punct[k]:
            continue
        if lead is not None:
            return False
        lead = k
    return lead is None or tab.lower[lead] in _OPENERS


_OPENERS = frozenset(_WORDS["openers"])


def _in_main_clause(sp: SpacySpan, tab: TokenTable) -> bool:
    """No relative clause, participle or noun modifier between the phrase and the sentence root."""
    head, dep, pos, lower = tab.head, tab.dep, tab.pos, tab.lower  # the walk up reads the table, not Tokens
    t = sp.root.i
    first = True
    while head[t] != t:
        d, h = dep[t], head[t]
        if d in _EMBEDDING and not (first and d in ("compound", "amod", "nummod", "appos")
                                    and sp.start <= h < sp.end):
            return False
        if pos[t] in ("VERB", "AUX") and d not in ("ROOT", "conj") and pos[h] in ("NOUN", "PROPN", "PRON"):
            return False  # a clause hanging from a noun: "the efforts of X after he took charge in 2020"
        if d == "pobj" and pos[head[h]] in ("NOUN", "PROPN") and dep[head[h]] in ("pobj",) \
                and lower[head[head[h]]] in ("since", "of"):
            return False
        first = False
        t = h
    return True


# ---------------------------------------------------------------- the stage
def run(ctx: ArticleContext) -> None:
    anchor = _to_date(ctx.article.published)
    present_tv = _tv(anchor.year, anchor.month, None, "the article's present") if anchor else None
    narrative: TimeValue | None = None
    history: list[TimeValue] = []
    cache: dict[int, list[Found]] = {}
    # the inherited copies, made once and shared by the sentences that inherit the same time (a
    # TimeValue is never changed once made): the narrative's, and the present's by its cue
    inherit_from: TimeValue | None = None
    inherited: TimeValue | None = None
    present_by_cue: dict[str, TimeValue] = {}
    for i, sent in enumerate(ctx.sentences):
        # "later", "the day after": counted from what the story told last (a flashback included)
        prev = ctx.sentence_times[-1] if ctx.sentence_times else None
        if prev is not None and prev.inherited and prev.text \
                and prev.text.startswith("the article's present"):
            prev = None
        found = find(ctx, sent, prev or narrative)
        cache[i] = found
        own = [f for f in found if f.value is not None and f.main]
        mine: TimeValue | None = None
        if own:
            f = own[0]
            value = f.value
            assert value is not None  # own keeps only the times found with a value
            mine = value if f.kind in _NARRATIVE_KINDS else _refine(value, history)
            later = narrative is not None and not f.present and _after(mine, narrative)
            if narrative is None or f.opening or later or f.kind in _NARRATIVE_KINDS:
                narrative = mine
                history.append(mine)
        if mine is None:
            cue = _present_cue(ctx, sent) or next((f.span.text for f in found if f.present), None) or \
                ("present tense" if _present_tense(sent, ctx.tokens) else None)
            if present_tv is not None and cue:
                # about the article's present: the publication month, marked by its cue
                mine = present_by_cue.get(cue)
                if mine is None:
                    mine = present_by_cue[cue] = present_tv.model_copy(
                        update={"inherited": True, "text": f"the article's present ({cue})"})
            elif narrative is not None:
                if inherit_from is not narrative:
                    inherit_from, inherited = narrative, narrative.model_copy(update={"inherited": True})
                mine = inherited
        ctx.sentence_times.append(mine)
    ctx.__dict__["_time_phrases"] = cache


def _present_cue(ctx, sent: SpacySpan) -> str | None:
    """'so far', 'continues to', 'currently' in the main clause (not 'officers who currently serve')."""
    text = ctx.doc_text[sent.start_char:sent.end_char]
    if not odd_case(text):
        low = text.lower()
        if not any(w in low for w in _PRESENT_WORDS):
            return None  # none of the cues can be there: skip the scan
    for m in _PRESENT_CUES.finditer(text):
        sp = ctx.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(),
                               alignment_mode="expand")
        if sp is not None and _in_main_clause(sp, ctx.tokens):
            return m.group(0)
    return None


_REPORTING = frozenset(_WORDS["reporting_verbs"])


def _present_tense(sent: SpacySpan, tab: TokenTable) -> bool:
    """The main verb is in the present ('is locked in', 'has claimed'), not a report of the past
    ('is said to have met')."""
    dep, tag, lower = tab.dep, tab.tag, tab.lower
    root = _root(sent, tab)
    if tab.pos[root] not in ("VERB", "AUX"):
        return False
    verb = root
    if tab.lemma[root] in _REPORTING:  # the table's lemma is lemma_.lower()
        x = next((c for c in tab.children(root) if dep[c] in ("xcomp", "ccomp")), None)
        if x is not None:
            if any(lower[c] == "have" for c in tab.children(x) if dep[c] == "aux"):
                return False  # "is said to have met": the past
            if dep[x] == "ccomp":
                verb = x
    auxes = [c for c in tab.children(verb) if dep[c] in ("aux", "auxpass")]
    tags = [tag[a] for a in auxes] + [tag[verb]]
    if "VBD" in tags or "MD" in tags:
        return False
    if tag[verb] == "VBN" and any(lower[a] in ("has", "have") for a in auxes):
        return True  # present perfect
    return "VBZ" in tags or "VBP" in tags


def _root(sent: SpacySpan, tab: TokenTable) -> int:
    """``sent.root.i`` read as spaCy reads it (the first token that is its own head), without
    building the Span's root Token."""
    head = tab.head
    for k in range(sent.start, sent.end):
        if head[k] == k:
            return k
    return sent.root.i  # no root inside: spaCy's nearest-to-the-root token


def _after(a: TimeValue, b: TimeValue) -> bool:
    """a starts after b ends (compared at the coarser precision)."""
    n = min(len(a.value), len(b.value))
    return a.value[:n] > b.value[:n]


def _refine(tv: TimeValue, history: list[TimeValue]) -> TimeValue:
    """'This year' after 'early summer' (of that year) keeps the month the story is in."""
    for h in reversed(history):
        if h.value.startswith(tv.value) and len(h.value) > len(tv.value):
            return h.model_copy(update={"text": tv.text})
    return tv


def time_of_token(ctx: ArticleContext, token: Token) -> TimeValue | None:
    """The time of what a token (an event's trigger) says: a time phrase attached to it, or to the
    noun or verb it hangs from, else its sentence's time. For the events stage."""
    i = ctx.sentence_of(token.idx)
    phrases = ctx.__dict__.get("_time_phrases", {}).get(i)
    if phrases is None:
        prev = ctx.time_of(i - 1) if i > 0 else None
        phrases = find(ctx, ctx.sentences[i], prev)
    for f in phrases:
        if f.value is None:
            continue
        for t in (token, token.head):
            if _governs(t, f.span.root):
                return f.value
    return ctx.time_of(i)


def _governs(t: Token, r: Token) -> bool:
    """r hangs from t with no clause boundary between (but the clause describing an event noun t)."""
    x = r
    while x.head.i != x.i:
        x = x.head
        if x == t:
            return True
        if x.pos_ in ("VERB", "AUX") and x != t:
            # a clause that describes an event noun tells its time ("the riots that swept Gujarat in
            # 2002", "a summit hosted by France on Sunday")
            return x.dep_ in ("relcl", "acl") and x.head == t and t.pos_ == "NOUN"
    return False
