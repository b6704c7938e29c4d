"""JSON Lines: one article a line. ``text`` is required; ``title``, ``published``, ``url`` and
``publisher`` are optional. Each line is its own document: a bad line is an error for that line."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import BadFormat, InputError, TooLarge
from ..model import Article, clean_text
from .text import publisher_from_url


def read_file(label: str, path: Path, limit: int) -> Iterator[Article | InputError]:
    with path.open("rb") as fh:
        yield from read_lines(label, _bounded_lines(fh, limit), limit)


def read_stream(label: str, fh, limit: int) -> Iterator[Article | InputError]:
    """The lines of an open binary file (a checked regular file, or standard input)."""
    yield from read_lines(label, _bounded_lines(fh, limit), limit)


def _bounded_lines(fh, limit: int) -> Iterator[bytes]:
    """Lines, never holding more than ``limit`` bytes of one line in memory."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            # skip the rest of an oversized line, then report it
            while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield b"\x00TOO_LARGE"
            continue
        yield line


def read_lines(label: str, lines: Iterable[bytes], limit: int) -> Iterator[Article | InputError]:
    count = 0
    for n, raw in enumerate(lines, 1):
        where = f"{label}:{n}"
        if raw == b"\x00TOO_LARGE" or len(raw) > limit:
            count += 1
            yield TooLarge(f"{where}: the line is over the limit of {limit:,} bytes per document")
            continue
        if not raw.strip():
            continue
        count += 1
        try:
            yield parse_line(where, raw)
        except InputError as exc:
            yield exc
    if count == 0:
        yield BadFormat(f"{label}: a JSON Lines file with no lines")


def parse_line(where: str, raw: bytes) -> Article:
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadFormat(f"{where}: not UTF-8 ({exc.reason})") from exc
    except ValueError as exc:
        raise BadFormat(f"{where}: not JSON ({exc})") from exc
    except RecursionError as exc:  # "[[[[...": nested deeper than the parser goes
        raise BadFormat(f"{where}: JSON nested too deeply") from exc
    if not isinstance(obj, dict):
        raise BadFormat(f"{where}: a JSON line must be an object with a `text` field")
    text = obj.get("text")
    if not isinstance(text, str) or not clean_text(text).strip():  # control characters only: no text
        raise BadFormat(f"{where}: no `text` (a non-empty string is required)")
    # the Article model cleans every field and applies the date rules (one place for every reader)
    url = _str(obj.get("url"))
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        published = str(published)  # 2023 as a number is the year 2023; anything else fails as text
    return Article.model_validate({"text": text, "title": _str(obj.get("title")), "published": published,
                                   "url": url,
                                   "publisher": _str(obj.get("publisher")) or publisher_from_url(url),
                                   "origin": where})


def _str(v) -> str | None:
    """A JSON value as a one-line string field (numbers and the like as their text)."""
    if v is None or isinstance(v, (dict, list)):
        return None
    return str(v)
