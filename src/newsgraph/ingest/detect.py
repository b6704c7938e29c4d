"""Which reader a document goes to: by its name, then by its first bytes."""
from __future__ import annotations

import re

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|article|div|p)\b", re.I)


def sniff_format(label: str, head: bytes) -> str:
    name = label.lower()
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    if name.endswith((".txt", ".text", ".md")):
        return "text"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    if _HTML.search(stripped[:1024]):
        return "html"
    return "text"
