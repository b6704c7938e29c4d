"""Library entry points the CLI and API are thin over: ingest, with its report."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import InputError, NewsgraphError
from .ingest import read_paths
from .model import Article, Extraction
from .store import Store
from .store import writer


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

    @property
    def ok(self) -> bool:
        return self.failed == 0


Progress = Callable[[str, str], None]  # (document label, outcome)


def ingest_paths(store: Store, paths: Iterable[str], *, max_bytes: int | None = None,
                 progress: Progress | None = None, workers: int = 1, ray: str | None = None) -> IngestReport:
    return ingest_items(store, read_paths(paths, max_bytes=max_bytes), progress=progress, workers=workers, ray=ray)


def ingest_items(store: Store, items: Iterable[Article | InputError], *, progress: Progress | None = None,
                 workers: int = 1, ray: str | None = None) -> IngestReport:
    report = IngestReport()
    articles = _fresh_articles(store, items, report, progress)
    for ext in extract_stream(articles, workers=workers, ray=ray):
        store_extraction(store, ext, report, progress)
    return report


def extract_stream(articles: Iterable[Article], *, workers: int = 1, ray: str | None = None) -> Iterator[Extraction]:
    """Extractions in input order: in this process, in N worker processes, or on a Ray cluster."""
    if ray:
        from .scale.ray_pool import extract_with_ray
        yield from extract_with_ray(articles, address=ray)
    elif workers > 1:
        from .scale.workers import extract_parallel
        yield from extract_parallel(articles, workers=workers)
    else:
        from .nlp import Pipeline
        yield from Pipeline().extract_many(articles)


def store_extraction(store: Store, ext: Extraction, report: IngestReport, progress: Progress | None = None) -> None:
    label = ext.article.label
    try:
        res = writer.write(store, ext)
    except NewsgraphError as exc:
        report.failed += 1
        report.errors.append(f"{label}: {exc}")
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
                    progress: Progress | None) -> Iterator[Article]:
    """Articles worth extracting: errors are counted, already stored content is skipped unread."""
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
        if h in seen or writer.known(store, h):
            report.unchanged += 1
            if progress:
                progress(item.label, "unchanged")
            continue
        seen.add(h)
        yield item
