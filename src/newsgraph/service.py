"""Library entry points the CLI and API are thin over: open a store, ingest, with its report."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, NewsgraphError
from .ingest import read_paths
from .ingest.minhash import signature
from .model import Article, Extraction
from .resolve.store import RESOLVER
from .resolve.suggestions import ensure_built  # also keeps them on write from now on
from .scale.workers import Failed, extract_batch
from .store import Store, neardup, writer
from .store import open_store as _open_store


def open_store(db: str | None = None) -> Store:
    """The knowledge base at ``db`` (a SQLite path or a database URL; NEWSGRAPH_DB or newsgraph.db
    by default), migrated, with cross-article resolution wired into its writer."""
    store = _open_store(db, resolver=RESOLVER)
    ensure_built(store)  # merge suggestions in a store made before they were kept on write
    return store


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    versions: int = 0
    duplicates: int = 0
    failed: int = 0
    entities: int = 0
    events: int = 0
    roles: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    contradictions_pending: int = 0  # actors whose contradictions are left for `newsgraph contradictions`

    @property
    def ok(self) -> bool:
        return self.failed == 0


Progress = Callable[[str, str], None]  # (document label, outcome)


def ingest_paths(store: Store, paths: Iterable[str], *, max_bytes: int | None = None,
                 progress: Progress | None = None, workers: int = 1, ray: str | None = None,
                 dedup: bool = True) -> IngestReport:
    return ingest_items(store, read_paths(paths, max_bytes=max_bytes), progress=progress, workers=workers,
                        ray=ray, dedup=dedup)


def ingest_items(store: Store, items: Iterable[Article | InputError], *, progress: Progress | None = None,
                 workers: int = 1, ray: str | None = None, dedup: bool = True) -> IngestReport:
    """Read -> (skip known content, link near-duplicates) -> extract (here, in workers or on Ray) ->
    write, by this process alone, in input order: :data:`WRITE_GROUP` articles per transaction, each
    in its own savepoint (:func:`store_group`).

    A near-duplicate (another site's copy of a story already stored or read earlier in this ingest)
    is not extracted: it is stored linked to the first copy once that copy is written."""
    report = IngestReport()
    index = neardup.NearDuplicates() if dedup else None
    pending: deque[tuple[Article, str | None, Any]] = deque()  # read, not yet written, in input order
    failed_ids: set[str] = set()

    def near_duplicate(conn, art: Article) -> tuple[str | None, Any]:
        assert index is not None  # only asked when there is an index
        sig = signature(art.text)
        return index.match(conn, sig, art.url), sig

    def to_extract() -> Iterator[Article]:
        for art, (dup, sig) in _fresh_articles(store, items, report, progress,
                                               near_duplicate if index is not None else None):
            pending.append((art, dup, sig))
            if dup is None:
                if index is not None:
                    index.hold(writer.document_id(art.content_hash), sig, art.url)
                yield art

    group: list[tuple[Extraction | Failed, Any, str | None]] = []  # extracted, to write together

    def write() -> None:
        if not group:
            return
        store_group(store, group, report, progress, failed_ids)
        if index is not None:
            for ext, _sig, _dup in group:
                index.release(writer.document_id(ext.article.content_hash))
        group.clear()

    def flush_duplicates() -> None:
        while pending and pending[0][1] is not None:
            art, dup, sig = pending.popleft()
            group.append((Extraction(article=art), sig, dup))

    for ext in extract_stream(to_extract(), workers=workers, ray=ray):
        flush_duplicates()
        _art, _dup, sig = pending.popleft()
        group.append((ext, sig, None))
        if len(group) >= WRITE_GROUP:
            write()
    flush_duplicates()
    write()
    if report.new or report.versions:  # the read side's contradictions, on the write path (kb)
        from .kb.read import refresh_pending

        report.contradictions_pending = refresh_pending(store)
    return report


def extract_stream(articles: Iterable[Article], *, workers: int = 1, ray: str | None = None,
                   batch_size: int = 16) -> Iterator[Extraction | Failed]:
    """Extractions in input order: in this process, in N worker processes, or on a Ray cluster. An
    article whose extraction raises comes back as :class:`Failed` and the others go on."""
    if ray:
        from .scale.ray_pool import extract_with_ray
        yield from extract_with_ray(articles, address=ray)
    elif workers > 1:
        from .scale.workers import extract_parallel
        yield from extract_parallel(articles, workers=workers)
    else:
        from itertools import islice

        from .nlp import Pipeline
        pipeline = None  # the model is loaded for the first article, not for a batch of failures
        it = iter(articles)
        while chunk := list(islice(it, batch_size)):
            pipeline = pipeline or Pipeline(batch_size=batch_size)
            yield from extract_batch(pipeline, chunk)


def _extract_here(article: Article) -> Extraction | Failed:
    from .nlp import Pipeline

    return extract_batch(Pipeline(), [article])[0]


def store_extraction(store: Store, ext: Extraction | Failed, report: IngestReport,
                     progress: Progress | None = None, *, duplicate_of: str | None = None,
                     signature=None) -> bool:
    """Write one extraction in its own transaction (with its near-duplicate signature); count it.
    Returns False when the article failed."""
    failed: set[str] = set()
    store_group(store, [(ext, signature, duplicate_of)], report, progress, failed)
    return not failed


WRITE_GROUP = 16  # extracted articles an ingest writes per transaction (the extraction batch)


def store_group(store: Store, items: list[tuple[Extraction | Failed, Any, str | None]], report: IngestReport,
                progress: Progress | None = None, failed: set[str] | None = None) -> None:
    """Write extractions, each ``(extraction, near-duplicate signature, first copy or None)``, in
    input order in one write transaction, and count them. Each article is written in its own savepoint:
    one that fails is rolled back alone and counted failed, the others are kept. The read side's
    aggregates and merge suggestions are brought up to date once for the group, before it commits
    (``store.aggregates.batched``: the same rows as one article per transaction; a statement per table
    for the group instead of per article: README, Scale). Outcomes are counted, and given to
    ``progress``, once the transaction has committed; when it cannot be (the store is busy), every
    article of the group fails with that message. ``failed``: the document ids that could not be
    stored, kept up to date; a near-duplicate whose first copy is among them is extracted on its own."""
    from .store import aggregates

    failed = set() if failed is None else failed
    outcomes: list[tuple[Extraction | Failed, writer.WriteResult | str]] = []
    lost: set[str] = set()
    try:
        with store.write() as conn, aggregates.batched(conn):
            for ext, sig, first_copy in items:
                did = writer.document_id(ext.article.content_hash)
                if first_copy is not None and first_copy in failed | lost:
                    ext, first_copy = _extract_here(ext.article), None  # this copy stands on its own
                if isinstance(ext, Failed):
                    outcomes.append((ext, ext.message))
                    lost.add(did)
                    continue
                kept = aggregates.held(conn)
                savepoint = conn.begin_nested()
                try:
                    res = writer.write_in(conn, ext, duplicate_of=first_copy,
                                          resolver=store.resolver or RESOLVER)
                    if res.status != "unchanged" and sig is not None:
                        # any other status inserted the document row
                        neardup.save(conn, res.document_id, sig, new_document=True)
                except NewsgraphError as exc:
                    savepoint.rollback()
                    aggregates.put_back(conn, kept)
                    outcomes.append((ext, str(exc)))
                    lost.add(did)
                    continue
                savepoint.commit()
                outcomes.append((ext, res))
    except NewsgraphError as exc:  # the transaction: the store is busy, or it could not commit
        outcomes = [(ext, str(exc)) for ext, _sig, _first in items]
        lost = {writer.document_id(ext.article.content_hash) for ext, _sig, _first in items}
    failed |= lost
    for done, outcome in outcomes:
        _count(done, outcome, report, progress)


def _count(ext: Extraction | Failed, res: writer.WriteResult | str, report: IngestReport,
           progress: Progress | None) -> None:
    """One written article (its result) or failed one (the message) in the report."""
    label = ext.article.label
    if isinstance(ext, Extraction):
        report.warnings.extend(ext.warnings)
    if isinstance(res, str):
        report.failed += 1
        report.errors.append(f"{label}: {res}")
        if progress:
            progress(label, "failed")
        return
    report.documents.append(res.document_id)
    if res.status == "unchanged":
        report.unchanged += 1
    else:
        report.new += res.status == "new"
        report.versions += res.status == "version"
        report.duplicates += res.status == "duplicate"
        report.entities += res.counts.get("actors", 0)
        report.events += res.counts.get("events", 0)
        report.roles += res.counts.get("roles", 0)
    if progress:
        progress(label, res.status)


def _fresh_articles(store: Store, items: Iterable[Article | InputError], report: IngestReport,
                    progress: Progress | None, near_duplicate: Callable | None = None
                    ) -> Iterator[tuple[Article, tuple[str | None, Any]]]:
    """Articles worth extracting: errors are counted, already stored content is skipped unread.
    Each comes with ``near_duplicate(conn, article)`` -> (first copy or None, signature), asked on the
    read connection of the known-content check (a read connection per question was measured to cost
    more than the two queries), or (None, None)."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            report.failed += 1
            report.errors.append(str(item))
            if progress:
                progress(item.message.split(":", 1)[0], "failed")
            continue
        report.warnings.extend(item.notes)
        h = item.content_hash
        dup_sig = (None, None)
        stored = h in seen
        if not stored:
            with store.read() as conn:
                stored = bool(writer.known(store, h, conn))
                if not stored and near_duplicate is not None:
                    dup_sig = near_duplicate(conn, item)
        if stored:
            report.unchanged += 1
            report.documents.append(writer.document_id(h))  # the API answers with the stored document
            if progress:
                progress(item.label, "unchanged")
            continue
        seen.add(h)
        yield item, dup_sig
