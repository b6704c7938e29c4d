"""Readers: files, folders and standard input in, :class:`~newsgraph.model.Article` out.

``read_paths`` yields one item per document: an ``Article`` or an ``InputError`` that names
the document and the reason. It never raises for one bad document, so a batch goes on.

Only regular files are read, and never more than the limit: a file is opened without blocking
(a FIFO would wait forever for a writer), checked on the open descriptor (a device such as
``/dev/zero`` says size 0 and streams without end), and read to at most ``limit + 1`` bytes, so a
file that grows while it is read is still bounded. A file found in a folder that vanishes or cannot
be read before its turn is a failure with its own line, never silently skipped.
"""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, MissingPath, NotRegularFile, TooLarge, UnreadableFile
from ..model import Article
from ..settings import max_bytes as default_max_bytes
from . import html, jsonl, text
from .detect import sniff_format

__all__ = ["read_paths", "read_bytes", "iter_files"]

Item = Article | InputError


def iter_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """(label, path) for every file named or found below a folder; (label, None) for stdin.
    Below a folder every entry that is not a folder (or hidden) is listed: what is not a regular
    file is reported by the reader, not passed over."""
    for p in paths:
        if p == "-":
            yield "-", None
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in f.relative_to(path).parts):
                    continue
                try:
                    if f.is_dir():
                        continue
                except OSError:
                    pass
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
            yield from _read_open(label, sys.stdin.buffer, limit)
            return
        fd = _open_regular(label, path)
        with os.fdopen(fd, "rb") as fh:
            yield from _read_open(label, fh, limit)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield UnreadableFile(f"{label}: cannot read: {exc.strerror or exc}")


def _open_regular(label: str, path: Path) -> int:
    """A read descriptor of a regular file; NG105 when it is gone, NG106 when it is something else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise MissingPath(f"{label}: a link to a file that does not exist") from None
        raise MissingPath(f"{label}: no such file or folder (it may have been moved or deleted during "
                          "the batch)") from None
    except OSError as exc:
        if path.exists() and not path.is_file() and not path.is_dir():
            raise NotRegularFile(f"{label}: {_kind(path)}, not a regular file") from None
        raise UnreadableFile(f"{label}: cannot read: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{label}: {_kind_mode(st.st_mode)}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _kind(path: Path) -> str:
    try:
        return _kind_mode(path.stat().st_mode)
    except OSError:
        return "not a file"


def _kind_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _read_open(label: str, fh, limit: int) -> Iterator[Item]:
    """Documents of an open binary stream: JSON Lines line by line, anything else read whole,
    at most ``limit + 1`` bytes whatever the file's size claims."""
    head = fh.read(4096)
    fmt = sniff_format(label, head)
    if fmt == "jsonl":  # a JSON Lines file is many documents: the limit is per line
        yield from jsonl.read_stream(label, _Prefixed(head, fh), limit)
        return
    data = head + fh.read(max(0, limit + 1 - len(head)))
    if len(data) > limit:
        raise TooLarge(f"{label}: over the limit of {limit:,} bytes per document")
    yield from read_bytes(label, data, fmt, limit)


class _Prefixed:
    """A binary stream with some bytes already read put back in front (``readline`` only)."""

    def __init__(self, head: bytes, fh):
        self.head, self.fh = head, fh

    def readline(self, size: int = -1) -> bytes:
        if self.head:
            nl = self.head.find(b"\n")
            if nl >= 0 and (size < 0 or nl < size):
                line, self.head = self.head[:nl + 1], self.head[nl + 1:]
                return line
            if size >= 0 and len(self.head) >= size:
                line, self.head = self.head[:size], self.head[size:]
                return line
            line, self.head = self.head, b""
            return line + self.fh.readline(-1 if size < 0 else size - len(line))
        return self.fh.readline(size)


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
