"""Plain text. The news layout: a title line, a date line, the body, and an optional last line
``Content retrieved from: URL.`` Text without that layout is body only."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..dates import parse_date_precision
from ..model import Article
from .decode import decode

_RETRIEVED = re.compile(r"^\s*Content retrieved from:\s*(\S+?)\.?\s*$", re.I)


def read(label: str, data: bytes) -> Article:
    text, notes = decode(label, data)
    return parse(label, text, notes)


def parse(label: str, text: str, notes: list[str] | None = None) -> Article:
    notes = list(notes or [])
    lines = text.split("\n")
    url = None
    # the retrieval line, if any, is the last non-empty line
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last >= 0 and (m := _RETRIEVED.match(lines[last])):
        url = m.group(1)
        lines = lines[:last]
    non_empty = [i for i, ln in enumerate(lines) if ln.strip()]
    title = published = precision = None
    body_lines = lines
    if len(non_empty) >= 3:
        t_i, d_i = non_empty[0], non_empty[1]
        cand_title, cand_date = lines[t_i].strip(), lines[d_i].strip()
        if len(cand_title) <= 300 and len(cand_date) <= 64:
            published, precision, _why = parse_date_precision(cand_date)
            if published is not None:
                title = cand_title
                body_lines = lines[d_i + 1:]
            elif _looks_like_date(cand_date) or _why.startswith("a relative"):
                notes.append(f"{label}: cannot use the date line {cand_date!r} ({_why}); "
                             "stored without a publication date")
                title = cand_title
                body_lines = lines[d_i + 1:]
    body = "\n".join(body_lines).strip("\n")
    if not body.strip():
        body = text.strip()
        title = published = precision = None
    return Article.model_validate({"text": body, "title": title, "published": published,
                                   "published_precision": precision, "url": url,
                                   "publisher": publisher_from_url(url), "origin": label, "notes": notes})


def publisher_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname or ""
    except ValueError:  # "http://[::1", a bad port: no publisher rather than a failed batch
        return None
    host = host.removeprefix("www.")
    return host[:1].upper() + host[1:] if host else None


_MONTHS = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.I)


def _looks_like_date(s: str) -> bool:
    return bool(_MONTHS.search(s) and re.search(r"\d", s)) or bool(re.fullmatch(r"[\d/.\- :]+", s))
