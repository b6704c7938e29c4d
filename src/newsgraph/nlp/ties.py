"""Standing ties between actors (member_of, part_of, ally_of, rival_of, sponsor_of). None yet."""
from __future__ import annotations

from .context import ArticleContext


def run(ctx: ArticleContext) -> None:
    return None
