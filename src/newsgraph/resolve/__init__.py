"""Cross-article resolution: which stored entity an article's actor is.

    keys.fold / tnorm / skel        folding: case and al-, then transliteration, then the consonant skeleton
    keys.register_keys / lookup_keys  blocking keys (cheap, several per name)
    match.score(a, b)               a score with its explanation, or None when a safeguard forbids it
    match.choose(...)               the candidate an actor is (strong best, weak only when unique)
    store.resolve_actor(conn, ...)  the database-backed step the writer calls (honours analysts' decisions)
    matcher.Index                   the same keys and scores over an in-memory index (benchmarks, batch jobs)
    judgements                      merge, split, alias add/remove, undo: the analyst has the last word
"""
from ..nlp.keys import fold, lookup_keys, name_keys, register_keys
from .match import MatchResult, choose, score

__all__ = ["fold", "name_keys", "register_keys", "lookup_keys", "MatchResult", "score", "choose"]
