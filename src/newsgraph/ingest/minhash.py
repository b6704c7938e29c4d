"""MinHash signatures of article texts: the maths of near-duplicate detection (no storage here).

Each article gets a MinHash signature (datasketch, 128 permutations) over its word 5-gram shingles
(case-folded, punctuation dropped). Locality-sensitive hashing cuts the signature into 25 bands of 5
rows; two articles that agree on a whole band are candidates (recall 99% at Jaccard 0.7, 2% of pairs
at 0.25), and a candidate whose estimated Jaccard similarity is at least ``THRESHOLD`` (0.7) is a
copy. Measured on generated news: another site's copy (a paragraph dropped, a credit line added, a
phrase changed) scores 0.75-0.95; two different stories built from the same stock phrases at most 0.25.
The threshold leans to caution: a false link would drop the facts of a different story.

The signatures are kept in the store (``store.neardup``, tables in ``store/schema.py``); this module
only computes them, so reading articles and storing them do not import each other. Texts with fewer
than ``MIN_SHINGLES`` shingles get no signature: too little text to tell a copy from a coincidence
(identical content is still caught by the content hash).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import accumulate

import numpy as np

NUM_PERM = 128
THRESHOLD = 0.7
BANDS, ROWS = 25, 5  # candidates generously (LSH), then the estimated similarity decides
SHINGLE = 5
MIN_SHINGLES = 5
_SCHEME = "affine64"

_WORD = re.compile(r"\w+")

# CPython's own SHA-1: on inputs this small ~40% faster than OpenSSL's (no EVP context per call);
# the same digests
try:
    from _sha1 import sha1 as _sha1
except ImportError:  # an interpreter built without it
    _sha1 = hashlib.sha1


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The text's word k-grams, case-folded, words joined by one space, UTF-8 encoded.

    Cut as slices of the encoded text rather than joined and encoded one by one (measured: the
    per-shingle join and encode were half the cost of a signature); the shingles are the same bytes."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if not words:
        return set()
    joined = " ".join(words).encode()
    if len(words) < k:
        return {joined}
    # byte offset of each word's end (+ 1, the space) in ``joined``: one past the previous word's end
    sizes = map(len, words) if len(joined) == sum(map(len, words)) + len(words) - 1 \
        else map(len, map(str.encode, words))  # not ASCII: count bytes, not characters
    ends = list(accumulate(map((1).__add__, sizes)))
    starts = [0] + ends[:-1]
    return {joined[a:b - 1] for a, b in zip(starts, ends[k - 1:])}


_PERMUTATIONS: np.ndarray | None = None  # datasketch's permutations for NUM_PERM and its default seed


def signature(text: str) -> np.ndarray | None:
    """The article's MinHash hash values, or None when the text is too short to compare.

    The values are datasketch's MinHash (scheme affine64, default seed, SHA-1 hash of each shingle),
    computed with less per-call work (a signature is taken for every article ingested): the
    permutations are drawn once per process, not once per article, and the shingles' SHA-1 hashes
    are taken in one loop and read as little-endian uint64 by numpy, exactly as datasketch's
    ``sha1_hash64`` reads them one at a time."""
    global _PERMUTATIONS
    from datasketch import MinHash  # imported on first use: it pulls in scipy (~0.5 s)

    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=_SCHEME).permutations
    m = MinHash(num_perm=NUM_PERM, scheme=_SCHEME, permutations=_PERMUTATIONS, hashfunc=int)
    digests = np.frombuffer(b"".join([_sha1(x).digest() for x in sh]), dtype=np.uint8).reshape(-1, 20)
    # vectorised: permutations and minimum
    m.update_batch(digests[:, :8].copy().view("<u8").ravel().tolist())
    return np.asarray(m.hashvalues, dtype=np.uint64).copy()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[int]:
    out = []
    for i in range(BANDS):
        h = hashlib.blake2b(sig[i * ROWS:(i + 1) * ROWS].tobytes(), digest_size=8, person=b"ngband%02d" % i)
        out.append(int.from_bytes(h.digest(), "big", signed=True))
    return out
