"""Cross-article resolution: which stored entity an article's actor is.

    keys.name_keys(name, type)     blocking keys (cheap, many per name)
    match.score(a, b)              a score with its explanation, or None when a safeguard forbids it
    store.resolve_actor(conn, ...) the database-backed step the writer calls
"""
from .keys import fold, name_keys
from .match import MatchResult, score

__all__ = ["fold", "name_keys", "MatchResult", "score"]
