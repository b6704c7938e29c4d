"""Alerts as an Atom 1.0 feed, so any feed reader can follow them (``/alerts.atom``)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


def render(alerts: list[dict], *, base_url: str, title: str = "newsgraph alerts") -> bytes:
    """The alerts (newest first) as an Atom document; each entry links to its evidence in the UI."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", f"{base}/alerts.atom")
    sub(feed, "link", href=f"{base}/alerts.atom", rel="self")
    sub(feed, "link", href=f"{base}/#/alerts", rel="alternate")
    newest = (
        alerts[0]["created_at"] if alerts else dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    )
    sub(feed, "updated", newest)
    author = sub(feed, "author")
    sub(author, "name", "newsgraph")
    for a in alerts:
        e = sub(feed, "entry")
        sub(e, "id", f"urn:newsgraph:alert:{a['uid']}")
        sub(e, "title", f"{a['actor']}: {a['statement']}")
        sub(e, "updated", a["created_at"])
        sub(e, "published", a["created_at"])
        sub(e, "link", href=base + a["link"], rel="alternate")
        if a.get("url"):
            sub(e, "link", href=a["url"], rel="related")
        sub(e, "category", term=a["kind"])
        sub(e, "summary", _summary(a), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _summary(a: dict) -> str:
    lines = [f"{a['kind']} · {a['statement']}"]
    if a.get("sentence"):
        lines.append(f"“{a['sentence'].strip()}”")
    lines.append(
        f"— {a.get('publisher') or a.get('title') or a.get('document')}"
        + (f" ({a['published']})" if a.get("published") else "")
    )
    lines.append(
        f"{a.get('voice') or a.get('source')} · confidence {a['confidence']:.2f} · "
        f"{a.get('corroboration', 1)} independent source(s)"
    )
    return "\n".join(lines)
