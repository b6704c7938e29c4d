"""Near-duplicate articles in the store: the same wire story run by several sites.

The article is linked to the *first* copy (``documents.duplicate_of``), stored with its text but not
extracted again, so its facts are counted once for corroboration. The signatures come from
``ingest.minhash``; the LSH index lives in the store's own tables (``document_minhashes``, one 1 KB
signature per document, and ``document_bands``, one indexed hash per band, both in
``store/schema.py``). It is written in the transaction that stores the document, so it works across
ingests and between ingests running at once on one PostgreSQL store, costs no start-up time, and
keeps no memory growing with the store. Only the articles of the running ingest that are read but
not yet stored (a bounded few) are held in memory. (Measured alternative: rebuilding an in-memory
index from stored texts at start costs ~1.5 ms per stored document, 15 s per 10,000, and its memory
grows with the store.)

Not a duplicate, whatever the similarity: an article with the URL of a stored one (that is a new
version of it, see ``store.writer``), and a text too short to have a signature.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import Connection, bindparam, select

from ..ingest.minhash import THRESHOLD, band_keys, signature, similarity
from . import insert_rows
from . import schema as s

_d, _m, _b = s.documents.c, s.document_minhashes.c, s.document_bands.c
# the current documents that share a band with a signature, oldest first (built once: compiled once)
_CANDIDATES = (select(_d.id, _d.url, _m.signature).join(s.document_minhashes, _m.document_id == _d.id)
               .where(_d.id.in_(select(_b.document_id)
                                .where(_b.key.in_(bindparam("keys", expanding=True)))),
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


def save(conn: Connection, document_id: str, sig: np.ndarray | None, *,
         new_document: bool = False) -> None:
    """Store the signature and band keys of a document just written (same transaction).
    ``new_document``: the document row was inserted in this transaction, so it has no signature yet
    (a signature row goes with its document: ON DELETE CASCADE) and the check is skipped."""
    if sig is None:
        return
    if not new_document and conn.execute(_SAVED, {"did": document_id}).first():
        return
    insert_rows(conn, s.document_minhashes, [{"document_id": document_id, "signature": sig.tobytes()}])
    insert_rows(conn, s.document_bands, [{"key": k, "document_id": document_id} for k in band_keys(sig)])


def backfill(conn: Connection) -> None:
    """Migration 3: the signature and band tables of a store made before them, filled for the
    documents already stored (a fresh store gets the empty tables from the schema)."""
    s.document_minhashes.create(conn, checkfirst=True)
    s.document_bands.create(conn, checkfirst=True)
    for did, text in conn.execute(select(s.documents.c.id, s.documents.c.text)).all():
        save(conn, did, signature(text))
