"""Near-duplicate articles: the same wire story run by several sites.

Each article gets a MinHash signature (datasketch, 128 permutations) over its word 5-gram shingles
(case-folded, punctuation dropped). Locality-sensitive hashing cuts the signature into 25 bands of 5
rows; two articles that agree on a whole band are candidates (recall 99% at Jaccard 0.7, 2% of pairs
at 0.25), and a candidate whose estimated Jaccard similarity is at least ``THRESHOLD`` (0.7) is a
copy. Measured on generated news: another site's copy (a paragraph dropped, a credit line added, a
phrase changed) scores 0.75-0.95; two different stories built from the same stock phrases at most 0.25.
The threshold leans to caution: a false link would drop the facts of a different story.
The article is linked to the *first* copy (``documents.duplicate_of``), stored with its text but not
extracted again, so its facts are counted once for corroboration.

The LSH index lives in the store (migration 3): ``document_minhashes`` (one 1 KB signature per
document) and ``document_bands`` (one indexed hash per band). It is written in the transaction that
stores the document, so it works across ingests and between ingests running at once on one
PostgreSQL store, costs no start-up time, and keeps no memory growing with the store. Only the
articles of the running ingest that are read but not yet stored (a bounded few) are held in memory.
(Measured alternative: rebuilding an in-memory index from stored texts at start costs ~1.5 ms per
stored document, 15 s per 10,000, and its memory grows with the store.)

Not a duplicate, whatever the similarity:
- an article with the URL of a stored one: that is a new version of it (see ``store.writer``);
- texts with fewer than ``MIN_SHINGLES`` shingles: too little text to tell a copy from a coincidence
  (identical content is still caught by the content hash).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from itertools import accumulate

import numpy as np
from sqlalchemy import (
    BigInteger, Column, Connection, ForeignKey, Index, LargeBinary, MetaData, String, Table, bindparam, select,
)

from ..store import insert_rows
from ..store import schema as s

NUM_PERM = 128
THRESHOLD = 0.7
BANDS, ROWS = 25, 5  # candidates generously (LSH), then the estimated similarity decides
SHINGLE = 5
MIN_SHINGLES = 5
_SCHEME = "affine64"

# created by migration 3 (store/migrations.py); kept out of the shared schema module, which they only extend
metadata = MetaData()
document_minhashes = Table(
    "document_minhashes", metadata,
    Column("document_id", String(40), ForeignKey(s.documents.c.id, ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),  # NUM_PERM uint64 hash values
)
document_bands = Table(
    "document_bands", metadata,
    Column("key", BigInteger, nullable=False),  # hash of (band number, the band's hash values)
    Column("document_id", String(40), ForeignKey(s.documents.c.id, ondelete="CASCADE"), nullable=False),
    Index("ix_document_bands_key", "key"),
    Index("ix_document_bands_document", "document_id"),
)

_WORD = re.compile(r"\w+")

try:  # CPython's own SHA-1: on inputs this small ~40% faster than OpenSSL's (no EVP context per call); same digests
    from _sha1 import sha1 as _sha1
except ImportError:  # an interpreter built without it
    _sha1 = hashlib.sha1


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The text's word k-grams, case-folded, words joined by one space, UTF-8 encoded.

    Cut as slices of the encoded text rather than joined and encoded one by one (issue 7: the
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
    computed with less per-call work (issue 7): the permutations are drawn once per process, not
    once per article, and the shingles' SHA-1 hashes are taken in one loop and read as little-endian
    uint64 by numpy, exactly as datasketch's ``sha1_hash64`` reads them one at a time."""
    global _PERMUTATIONS
    from datasketch import MinHash  # imported on first use: it pulls in scipy (~0.5 s)

    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=_SCHEME).permutations
    m = MinHash(num_perm=NUM_PERM, scheme=_SCHEME, permutations=_PERMUTATIONS, hashfunc=int)
    digests = np.frombuffer(b"".join([_sha1(x).digest() for x in sh]), dtype=np.uint8).reshape(-1, 20)
    m.update_batch(digests[:, :8].copy().view("<u8").ravel().tolist())  # vectorised: permutations and minimum
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


_d, _m, _b = s.documents.c, document_minhashes.c, document_bands.c
# the current documents that share a band with a signature, oldest first (built once: compiled once)
_CANDIDATES = (select(_d.id, _d.url, _m.signature).join(document_minhashes, _m.document_id == _d.id)
               .where(_d.id.in_(select(_b.document_id).where(_b.key.in_(bindparam("keys", expanding=True)))),
                      _d.superseded_by.is_(None), _d.duplicate_of.is_(None))
               .order_by(_d.ingested_at, _d.id))
_SAVED = select(_m.document_id).where(_m.document_id == bindparam("did"))


class NearDuplicates:
    """Finds the first copy of an article among stored documents and this ingest's pending ones."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.pending: dict[str, tuple[np.ndarray, str | None]] = {}  # read, not yet stored, in order

    def match(self, conn: Connection, sig: np.ndarray | None, url: str | None = None) -> str | None:
        """The id of the first current copy (neither superseded nor itself a copy) this signature
        nearly duplicates, or None. A candidate with the same URL is an earlier version of the
        article, not another site's copy."""
        if sig is None:
            return None
        rows = conn.execute(_CANDIDATES, {"keys": band_keys(sig)}).all()
        for did, durl, blob in rows:
            if url and durl == url:
                continue
            if similarity(sig, np.frombuffer(blob, dtype=np.uint64)) >= self.threshold:
                return did
        for did, (psig, purl) in self.pending.items():
            if url and purl == url:
                continue
            if similarity(sig, psig) >= self.threshold:
                return did
        return None

    def hold(self, document_id: str, sig: np.ndarray | None, url: str | None) -> None:
        """A first copy read in this ingest, not stored yet (copies of it may follow it)."""
        if sig is not None:
            self.pending[document_id] = (sig, url)

    def release(self, document_id: str) -> None:
        """The pending article is stored (its bands are in the store now) or failed."""
        self.pending.pop(document_id, None)


def save(conn: Connection, document_id: str, sig: np.ndarray | None, *, new_document: bool = False) -> None:
    """Store the signature and band keys of a document just written (same transaction).
    ``new_document``: the document row was inserted in this transaction, so it has no signature yet
    (a signature row goes with its document: ON DELETE CASCADE) and the check is skipped."""
    if sig is None:
        return
    if not new_document and conn.execute(_SAVED, {"did": document_id}).first():
        return
    insert_rows(conn, document_minhashes, [{"document_id": document_id, "signature": sig.tobytes()}])
    insert_rows(conn, document_bands, [{"key": k, "document_id": document_id} for k in band_keys(sig)])


def create_table(conn: Connection) -> None:
    """Migration 3: the signature and band tables, filled for the documents already stored."""
    metadata.create_all(conn, checkfirst=True)
    for did, text in conn.execute(select(s.documents.c.id, s.documents.c.text)).all():
        save(conn, did, signature(text))
