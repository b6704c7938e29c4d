"""What the stages' "can this text match at all" pre-checks share before they skip a regex scan.

A pre-check lower-cases the text and looks for the words a case-insensitive (``re.I``) pattern
needs. That is fair only when every letter that ``re.I`` matches to an ASCII letter also lower-cases
to just it: dotless i (U+0131) and long s (U+017F) lower-case to themselves and dotted capital I
(U+0130) to "i" plus a combining dot, so a text holding one of them must be scanned in full. (The
Kelvin sign, U+212A, lower-cases to "k" and needs nothing.)
"""
from __future__ import annotations

from pydantic import BaseModel

from . import lexicon


class Punctuation(BaseModel):
    """``nlp/data/punctuation.yaml``: the characters sentence repair (``nlp.context``) and the
    pre-checks here rely on."""

    sentence_final: tuple[str, ...]
    closers: tuple[str, ...]
    odd_case: tuple[str, ...]


PUNCTUATION: Punctuation = lexicon.load("punctuation.yaml", Punctuation)
ODD_CASE = PUNCTUATION.odd_case


def odd_case(text: str) -> bool:
    """The text has a letter that ``re.I`` matches to an ASCII letter it does not lower-case to: a
    pre-check on ``text.lower()`` cannot rule a match out."""
    return any(c in text for c in ODD_CASE)
