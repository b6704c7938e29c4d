"""Name folding and blocking keys. First version: folded exact names."""
from __future__ import annotations

import re

from anyascii import anyascii

_DROP = re.compile(r"[’‘'`´ʼʻ\".()\[\]]")
_SEP = re.compile(r"[\s\-‐-―_/]+")
_TITLES = ("grand ayatollah ", "ayatollah ", "sheikh ", "sayyed ", "the ")


def fold(name: str) -> str:
    """Case, diacritics, apostrophes, hyphens and the article al-/el- folded away."""
    s = anyascii(name or "").lower()
    s = _DROP.sub("", s)
    s = _SEP.sub(" ", s).strip()
    for t in _TITLES:
        if s.startswith(t):
            s = s[len(t):]
    s = re.sub(r"\b(al|el|ul) ", "", s)
    return " ".join(s.split())


def name_keys(name: str, type_: str) -> set[str]:
    f = fold(name)
    return {f"{type_[:3]}:{f}"} if f else set()
