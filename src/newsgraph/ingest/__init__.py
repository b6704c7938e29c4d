"""Readers: files, folders and standard input in, :class:`~newsgraph.model.Article` out.

``read_paths`` yields one item per document: an ``Article`` or an ``InputError`` that names
the document and the reason. It never raises for one bad document, so a batch goes on.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, MissingPath, TooLarge
from ..model import Article
from ..settings import max_bytes as default_max_bytes
from . import html, jsonl, text
from .detect import sniff_format

__all__ = ["read_paths", "read_bytes", "iter_files"]

Item = Article | InputError


def iter_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """(label, path) for every file named or found below a folder; (label, None) for stdin."""
    for p in paths:
        if p == "-":
            yield "-", None
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts):
                    yield str(f), f
        else:
            yield p, path


def read_paths(paths: Iterable[str], *, max_bytes: int | None = None) -> Iterator[Item]:
    limit = default_max_bytes(max_bytes)
    for label, path in iter_files(paths):
        yield from read_one(label, path, limit)


def read_one(label: str, path: Path | None, limit: int) -> Iterator[Item]:
    try:
        if path is None:
            data = sys.stdin.buffer.read()
            fmt = sniff_format(label, data[:4096])
        else:
            if not path.exists():
                raise MissingPath(f"{label}: no such file or folder")
            fmt = sniff_format(label, _head(path))
            if fmt == "jsonl":  # a JSON Lines file is many documents: the limit is per line
                yield from jsonl.read_file(label, path, limit)
                return
            size = path.stat().st_size
            if size > limit:
                raise TooLarge(f"{label}: {size:,} bytes is over the limit of {limit:,} bytes per document")
            data = path.read_bytes()
        yield from read_bytes(label, data, fmt, limit)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"{label}: cannot read: {exc.strerror or exc}")


def read_bytes(label: str, data: bytes, fmt: str | None = None, limit: int | None = None) -> Iterator[Item]:
    limit = default_max_bytes(limit)
    fmt = fmt or sniff_format(label, data[:4096])
    if fmt == "jsonl":
        yield from jsonl.read_lines(label, data.splitlines(), limit)
        return
    if len(data) > limit:
        yield TooLarge(f"{label}: {len(data):,} bytes is over the limit of {limit:,} bytes per document")
        return
    try:
        yield html.read(label, data) if fmt == "html" else text.read(label, data)
    except InputError as exc:
        yield exc


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(4096)
