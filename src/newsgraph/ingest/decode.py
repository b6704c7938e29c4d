"""Bytes to text, with a stated fallback for text that is not UTF-8."""
from __future__ import annotations

import unicodedata

from ..errors import BinaryInput, EmptyInput

_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


def decode(label: str, data: bytes) -> tuple[str, list[str]]:
    """Text and notes. UTF-8 (with or without BOM) first; otherwise cp1252, then latin-1,
    said in a note. NUL bytes or mostly control characters mean a binary file."""
    if not data.strip():
        raise EmptyInput(f"{label}: the document is empty")
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInput(f"{label}: binary data (NUL bytes), not text")
    notes: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        mostly = _mostly_utf8(data)
        if mostly is not None:  # a few broken sequences (a cut-off download) in UTF-8 text
            text, bad = mostly
            notes.append(f"{label}: {bad} invalid UTF-8 sequence(s) (first at byte {exc.start}) "
                         f"replaced by U+FFFD")
        else:
            try:
                text = data.decode("cp1252")
                enc = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                enc = "latin-1"
            notes.append(f"{label}: not UTF-8 (byte {exc.start}); decoded as {enc}")
    sample = text[:8192]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _CONTROL_OK)
    if sample and controls / len(sample) > 0.05:
        raise BinaryInput(f"{label}: binary data ({controls} control characters in the first "
                          f"{len(sample)}), not text")
    text = clean(text)
    if not text.strip():
        raise EmptyInput(f"{label}: the document has no text")
    return text, notes


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few invalid sequences -> (text with U+FFFD, number of them); None when the
    bytes look like another encoding (most of their non-ASCII bytes are not valid UTF-8)."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    if bad <= 0 or non_ascii == 0 or bad * 10 > non_ascii:
        return None
    return text, bad


def clean(text: str) -> str:
    """Normalise line ends, drop NULs, control characters and lone surrogates; keep everything else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cs" or (cat == "Cc" and ch not in _CONTROL_OK):
            continue
        out.append(ch)
    return "".join(out)
