"""HTML pages: main text and metadata through trafilatura."""
from __future__ import annotations

from ..errors import BadFormat
from ..model import Article
from .decode import decode
from .text import publisher_from_url

MIN_WORDS = 5


def read(label: str, data: bytes) -> Article:
    import trafilatura

    markup, notes = decode(label, data)
    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise BadFormat(f"{label}: cannot parse the HTML: {exc}") from exc
    if doc is None:
        raise BadFormat(f"{label}: an HTML page with no article text")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    body = (get("text") or "").strip()
    if len(body.split()) < MIN_WORDS:  # a menu or a cookie banner is not an article
        raise BadFormat(f"{label}: an HTML page with no article text")
    url = get("url")
    # the Article model applies the date rules (and notes a date it cannot use) and cleans each field
    return Article(text=body, title=get("title"), published=get("date") or None, url=url,
                   publisher=get("sitename") or publisher_from_url(url), origin=label, notes=notes)
